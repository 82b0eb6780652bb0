"""Read the list the office receives (who answered): pasted text, .txt, .csv or .xlsx.

Whatever its layout, every e-mail address found in a line or row is an entry; a status written
next to it ("Đã trả lời", "Chưa trả lời") and a date (dd/mm/yyyy) are taken too. A line or row
without an e-mail keeps its text as name candidates (matched to the register by the caller).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parcli.errors import SurveyListUnreadable
from parcli.formats import limits
from parcli.model.survey import Status
from parcli.text import fold, nfc, parse_date

EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DATE_IN_TEXT = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b")
_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.)/-]|[-*•+])\s*")
MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class ListEntry:
    where: str  # "dòng 3", "Sheet1, dòng 4"
    email: str | None
    names: tuple[str, ...]  # texts that may be a name (only when there is no e-mail)
    status: Status | None  # what the line says, if it says it
    day: dt.date | None  # a date on the line


def status_in(text: str) -> Status | None:
    """The questionnaire status a text speaks of ("Đã trả lời" → answered), or None."""
    folded = fold(text)
    if "chua tra loi" in folded or "chua hoan thanh" in folded:
        return Status.SENT
    if "da tra loi" in folded or "hoan thanh" in folded:
        return Status.ANSWERED
    if "da gui" in folded:
        return Status.SENT
    return None


def _date_in(values: Iterable[object]) -> dt.date | None:
    for value in values:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            for match in _DATE_IN_TEXT.finditer(value):
                try:
                    return parse_date(match.group(0))
                except ValueError:
                    continue
    return None


def _entries(where: str, cells: list[object]) -> list[ListEntry]:
    texts = [nfc(str(c)).strip() for c in cells if c is not None and not isinstance(c, dt.date)]
    texts = [t for t in texts if t]
    if not texts and not cells:
        return []
    joined = " ".join(texts)
    status = status_in(joined)
    day = _date_in(cells)
    emails = list(dict.fromkeys(EMAIL_IN_TEXT.findall(joined)))
    if emails:
        return [ListEntry(where, e, (), status, day) for e in emails]
    names = tuple(
        name
        for name in (_NUMBERING.sub("", t).strip(" \t-–:;,.") for t in texts)
        if name and not name.isdigit()
    )
    return [ListEntry(where, None, names, status, day)] if names else []


def parse_text(text: str) -> list[ListEntry]:
    """A pasted list: one person a line (e-mail, or name; tabs and commas allowed)."""
    out: list[ListEntry] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if len(out) > limits.MAX_ROWS:
            break
        cells: list[object] = list(re.split(r"\t|;|,|\s[-–]\s", line))
        out.extend(_entries(f"dòng {n}", cells))
    return out


def read_list(path: Path) -> list[ListEntry]:
    """Entries of a .txt/.csv/.xlsx file; raises :class:`SurveyListUnreadable`."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SurveyListUnreadable(f"Không tìm thấy tệp {path}")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise SurveyListUnreadable(
            f"{path.name} là tệp Excel cũ (.xls), parcli không đọc được",
            "Mở bằng Excel rồi Lưu thành… Excel Workbook (.xlsx), hoặc dán danh sách vào tệp .txt.",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SurveyListUnreadable(f"Không đọc được {path}: {exc.strerror}") from None
    if len(raw) > MAX_TEXT_BYTES:
        raise SurveyListUnreadable(f"Tệp {path.name} quá lớn cho một danh sách ({len(raw)} byte)")
    text = decode(raw, path.name)
    if suffix == ".csv":
        return _read_csv(text)
    return parse_text(text)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), else Windows-1258."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return nfc(raw.decode("cp1258"))
    except UnicodeDecodeError:
        raise SurveyListUnreadable(
            f"Tệp {name} không phải văn bản UTF-8",
            "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8.",
        ) from None


def _read_csv(text: str) -> list[ListEntry]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    out: list[ListEntry] = []
    for n, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if n > limits.MAX_ROWS:
            break
        out.extend(_entries(f"dòng {n}", list(row[: limits.MAX_COLUMNS])))
    return out


def _read_xlsx(path: Path) -> list[ListEntry]:
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except (OSError, zipfile.BadZipFile):
        raise SurveyListUnreadable(f"{path.name} không phải tệp Excel .xlsx đọc được") from None
    if total > limits.MAX_XML_BYTES:
        raise SurveyListUnreadable(f"Tệp {path.name} quá lớn cho một danh sách")
    import openpyxl

    try:
        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SurveyListUnreadable(f"Không mở được {path.name}: {exc}") from None
    out: list[ListEntry] = []
    rows = 0
    try:
        for ws in wb.worksheets:
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                rows += 1
                if rows > limits.MAX_ROWS:
                    break
                cells = [c for c in row[: limits.MAX_COLUMNS] if c is not None]
                out.extend(_entries(f"trang {ws.title}, dòng {n}", cells))
    finally:
        wb.close()
    return out
