"""``parcli criteria import``: read the official criteria table (Word or Excel) into YAML.

The Phụ lục of Công văn 6203/BNV-CCHC (and the provincial copies of it) is a Word table:
STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối đa | Cách chấm điểm | Tài liệu kiểm
chứng. Offices also retype it in Excel. This module reads every table of a ``.docx`` or every
sheet of an ``.xlsx``, finds the header row by its (folded) text, reads the level of each row
from its code, builds the tree, checks it with :func:`parcli.validation.check_criteria` and
writes a criteria set YAML atomically.

Nothing in the file is executed or trusted: formulas are never evaluated (the value Excel saved
is used, or the file is refused), the zip container is checked for size before it is parsed,
and rows and cell text are capped. See ``docs/criteria-import.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from parcli.errors import ExitCode, ImportFailed, OutputExists, UsageError
from parcli.findings import Severity
from parcli.models import CriteriaSet
from parcli.text import fold, format_date, format_decimal, nfc, parse_date, slugify

MAX_ROWS = 5000
"""Rows read from one file (all tables or sheets together)."""
MAX_COLUMNS = 40
MAX_CELL_CHARS = 10000
MAX_XML_BYTES = 40 * 1024 * 1024
"""Uncompressed size of the XML parts of a .docx/.xlsx (a real appendix is well under 5 MB)."""
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class TableUnreadable(ImportFailed):
    """The file cannot be read as a criteria table at all (exit code 2)."""

    exit_code = ExitCode.UNREADABLE


# --------------------------------------------------------------------------- results


@dataclasses.dataclass(frozen=True)
class ImportProblem:
    """Something the importer could not place or had to guess, with where it is."""

    severity: Severity
    message: str
    hint: str = ""
    where: str = ""  # "Bảng 2, dòng 7" or "Trang tính 'Phụ lục', dòng 7"
    text: str = ""  # the row's text (shortened), so the user can find it

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "where": self.where,
            "message": self.message,
            "hint": self.hint,
            "text": self.text,
        }


@dataclasses.dataclass(frozen=True)
class AreaSummary:
    code: str
    name: str
    criteria: int
    components: int
    max_score: Decimal | None  # as printed (None: not printed)
    children_sum: Decimal


@dataclasses.dataclass
class ImportOptions:
    """What the command line adds to the table."""

    set_id: str | None = None
    title: str | None = None
    decision: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    official: bool = False
    expect_totals: tuple[int, int, int] | None = None
    expect_areas: list[tuple[int, int]] | None = None  # (tiêu chí, tiêu chí thành phần) per area


@dataclasses.dataclass
class ImportResult:
    source_name: str
    kind: Literal["docx", "xlsx"]
    tables_total: int
    tables_used: int
    rows_read: int
    data: dict[str, Any] | None  # the criteria set, ready for YAML (None: nothing found)
    model: CriteriaSet | None
    areas: list[AreaSummary]
    problems: list[ImportProblem]
    leaves_without_step: list[str]
    stated_total: Decimal | None

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity is ERROR]

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.errors

    def counts(self) -> tuple[int, int, int]:
        return (
            len(self.areas),
            sum(a.criteria for a in self.areas),
            sum(a.components for a in self.areas),
        )


# --------------------------------------------------------------------------- raw tables


@dataclasses.dataclass(frozen=True)
class RawCell:
    text: str
    merge: Literal["", "h", "v"] = ""  # h: right part of a horizontal merge; v: lower part
    formula: bool = False  # an Excel formula (its saved value is used, never evaluated)
    number: bool = False  # an Excel number (a code typed as 1.10 may have become 1.1)


@dataclasses.dataclass(frozen=True)
class RawRow:
    number: int  # 1-based row number in the table (Word) or the sheet (Excel)
    cells: list[RawCell]


@dataclasses.dataclass
class RawTable:
    label: str  # "Bảng 2" or "Trang tính 'Phụ lục'"
    rows: list[RawRow]
    notes: list[str] = dataclasses.field(default_factory=list)  # e.g. hidden rows skipped

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    def where(self, row: int) -> str:
        return f"{self.label}, dòng {row}"


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"}


def clean_text(text: str, cap: int = MAX_CELL_CHARS) -> str:
    """NFC, one kind of line break, no control or zero-width characters, trimmed lines."""
    text = nfc(_LINE_BREAKS.sub("\n", text))
    chars: list[str] = []
    for ch in text[: cap * 2]:
        if ch in _DROP:
            continue
        if ch in "\t\xa0\u202f\u2007":
            chars.append(" ")
        elif ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"):
            chars.append(ch)
    lines = (" ".join(line.split()) for line in "".join(chars).split("\n"))
    return "\n".join(line for line in lines if line)[:cap]


def _check_container(path: Path) -> None:
    """Refuse what is not a zip package, or one that would unpack to something huge."""
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8] if path.is_file() else b""
        legacy = head.startswith(b"\xd0\xcf\x11\xe0")
        raise TableUnreadable(
            f"Tệp {path.name} không phải tệp {path.suffix.lower() or '.docx/.xlsx'} hợp lệ"
            + (" (đây là định dạng .doc/.xls cũ hoặc tệp có đặt mật khẩu)" if legacy else
               " (tệp hỏng hoặc không phải tài liệu Word/Excel)"),
            "Mở tệp bằng Word hoặc Excel, bỏ mật khẩu nếu có, chọn Lưu thành (Save As) .docx "
            "hoặc .xlsx rồi nhập lại.",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableUnreadable(
            f"Tệp {path.name} bị hỏng, không mở được ({exc})",
            "Mở tệp bằng Word hoặc Excel, lưu lại rồi nhập lại.",
        ) from None
    xml_bytes = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ZIP_ENTRIES or xml_bytes > MAX_XML_BYTES or total > MAX_TOTAL_BYTES:
        raise TableUnreadable(
            f"Tệp {path.name} quá lớn khi giải nén ({total // (1024 * 1024)} MB, "
            f"{len(infos)} phần); parcli không đọc để tránh treo máy",
            "Bảng tiêu chí chỉ cần vài trăm dòng: chép riêng bảng sang một tệp mới rồi nhập lại.",
        )


def _cell_value_text(value: object) -> tuple[str, bool]:
    """Text of an Excel cell value, and whether it was a number."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if not math.isfinite(value):
            return "", True
        dec = Decimal(repr(value))
        return _plain(dec), True
    if isinstance(value, Decimal):
        return _plain(value), True
    if isinstance(value, dt.datetime):
        return format_date(value.date()), False
    if isinstance(value, dt.date):
        return format_date(value), False
    return clean_text(str(value)), False


def _plain(value: Decimal) -> str:
    """A decimal as written without exponent or trailing zeros: 1.50 -> "1.5", 10 -> "10"."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return format(normalized, "f")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_TEXT_UNDER = {f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK}
_TRACKED = (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")


def _paragraph_text(p: Any) -> str:
    """Every w:t of a paragraph, also inside tracked insertions (w:ins), content controls
    (w:sdt), smart tags, fields and hyperlinks; never deleted text (w:del, w:delText)."""
    parts: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        skip = False
        anc = el.getparent()
        while anc is not None and anc is not p:
            if anc.tag in _SKIP_TEXT_UNDER or anc.tag == f"{_W}p":
                skip = True  # deleted text, or a paragraph nested in a text box
                break
            anc = anc.getparent()
        if skip:
            continue
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _tc_text(tc: Any) -> str:
    """The text of a table cell: its paragraphs (also those inside a content control), not
    those of a table nested in the cell."""
    lines: list[str] = []
    for p in tc.iter(f"{_W}p"):
        anc = p.getparent()
        nested = False
        while anc is not None and anc is not tc:
            if anc.tag in (f"{_W}tbl", _MC_FALLBACK, f"{_W}p"):
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            lines.append(_paragraph_text(p))
        if sum(len(x) for x in lines) > MAX_CELL_CHARS * 2:
            break
    return "\n".join(lines)


def _cell_tcs(tr: Any) -> list[Any]:
    """The cells of a row, also those wrapped in a row-level content control or w:ins."""
    return [el for el in tr.iter(f"{_W}tc")
            if _nearest(el, (f"{_W}tr",)) is tr and not _under(el, tr, _SKIP_TEXT_UNDER)]


def _nearest(el: Any, tags: tuple[str, ...]) -> Any:
    anc = el.getparent()
    while anc is not None and anc.tag not in tags:
        anc = anc.getparent()
    return anc


def _under(el: Any, stop: Any, tags: set[str]) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not stop:
        if anc.tag in tags:
            return True
        anc = anc.getparent()
    return False


def _safe_int(element: Any, attribute: str) -> int:
    """An integer attribute python-docx parses on access; a malformed value counts as 1."""
    try:
        value = getattr(element, attribute)
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 1


def _safe_vmerge(tc: Any) -> str | None:
    try:
        value = tc.vMerge
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None


def _span(value: int, room: int) -> int:
    """A gridSpan/gridBefore value clamped to the columns still free (hostile values)."""
    return max(1, min(value or 1, max(1, room)))


def read_docx(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every top-level table of a Word document, merged cells marked; and file-level notes."""
    _check_container(path)
    try:
        import docx

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(str(path))
    except MemoryError:
        raise _out_of_memory(path) from None
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TableUnreadable(
            f"Không đọc được tệp Word {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Word, kiểm tra nội dung, lưu lại dạng .docx rồi nhập lại.",
        ) from None
    tables: list[RawTable] = []
    notes: list[str] = []
    total_rows = 0
    try:
        body = document.element.body
        if any(True for _ in body.iter(*_TRACKED)):
            notes.append(
                "tài liệu còn thay đổi chưa chấp nhận (track changes): parcli đọc nội dung "
                "như khi đã chấp nhận mọi thay đổi (phần thêm được đọc, phần xóa bị bỏ). Nên "
                "mở bằng Word, chọn Review → Accept All Changes, lưu lại rồi nhập lại."
            )
        for t_index, table in enumerate(document.tables, 1):
            rows: list[RawRow] = []
            previous: list[RawCell] = []
            for r_index, tr in enumerate(table._tbl.tr_lst, 1):
                total_rows += 1
                _check_row_cap(total_rows, path)
                before = _safe_int(tr, "grid_before")
                cells: list[RawCell] = [
                    RawCell("") for _ in range(_span(before, MAX_COLUMNS) if before else 0)
                ]
                for tc in _cell_tcs(tr):
                    if len(cells) >= MAX_COLUMNS:
                        break
                    span = _span(_safe_int(tc, "grid_span"), MAX_COLUMNS - len(cells))
                    if _safe_vmerge(tc) == "continue":
                        start = len(cells)
                        for k in range(span):
                            above = previous[start + k].text if start + k < len(previous) else ""
                            cells.append(RawCell(above, "v" if k == 0 else "h"))
                    else:
                        text = clean_text(_tc_text(tc))
                        cells.append(RawCell(text))
                        cells.extend(RawCell(text, "h") for _ in range(span - 1))
                cells = cells[:MAX_COLUMNS]
                rows.append(RawRow(r_index, cells))
                previous = cells
            tables.append(RawTable(f"Bảng {t_index}", rows))
    except TableUnreadable:
        raise
    except MemoryError:
        raise _out_of_memory(path) from None
    except Exception as exc:
        raise TableUnreadable(
            f"Không đọc được bảng trong tệp Word {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Word, lưu lại dạng .docx rồi nhập lại.",
        ) from None
    return tables, notes


def _out_of_memory(path: Path) -> TableUnreadable:
    return TableUnreadable(
        f"Tệp {path.name} quá lớn hoặc có cấu trúc bất thường: không đủ bộ nhớ để đọc",
        "Bảng tiêu chí chỉ cần vài trăm dòng: chép riêng bảng sang một tệp mới (Word hoặc "
        "Excel) rồi nhập lại.",
    )


def _check_row_cap(total_rows: int, path: Path) -> None:
    if total_rows > MAX_ROWS:
        raise TableUnreadable(
            f"Tệp {path.name} có hơn {MAX_ROWS:,} dòng bảng".replace(",", "."),
            "Bảng tiêu chí chỉ có vài trăm dòng: chép riêng bảng tiêu chí sang một tệp mới rồi "
            "nhập lại.",
        )


MAX_MERGED_CELLS = 100_000
"""Cells covered by merged ranges in one workbook (openpyxl makes an object for each)."""
_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)"'
)
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 1_048_576, 16_384  # the limits of Excel itself


def _cell_ref(ref: str) -> tuple[int, int] | None:
    m = _CELL_REF.fullmatch(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _range_size(ref: str) -> tuple[int, int] | None:
    """Rows and columns of "B2:D5" (None when malformed or beyond Excel's own limits)."""
    first, _, last = ref.partition(":")
    a, b = _cell_ref(first), _cell_ref(last or first)
    if a is None or b is None:
        return None
    rows, cols = abs(b[0] - a[0]) + 1, abs(b[1] - a[1]) + 1
    if max(a[0], b[0]) > MAX_SHEET_ROWS or max(a[1], b[1]) > MAX_SHEET_COLUMNS:
        return None
    return rows, cols


def _check_sheet_xml(path: Path) -> None:
    """Look at the merged ranges and dimensions in the sheet XML before openpyxl does: one
    merged range F1:XFD1048576 makes openpyxl build ~17 billion cell objects (it hangs)."""
    merged_cells = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                data = zf.read(info)
                refs = _MERGE_REF.findall(data)
                if len(refs) != len(_ANY_MERGE.findall(data)):
                    raise _too_big(path, "có vùng gộp ô (merge) viết sai")
                for raw in refs:
                    size = _range_size(raw.decode("ascii"))
                    if size is None:
                        raise _too_big(path, f"vùng gộp ô {raw.decode('ascii')} không hợp lệ")
                    merged_cells += size[0] * size[1]
                    if merged_cells > MAX_MERGED_CELLS:
                        raise _too_big(
                            path, f"vùng gộp ô {raw.decode('ascii')} quá lớn (các vùng gộp phủ "
                            f"hơn {MAX_MERGED_CELLS:,} ô)".replace(",", "."))
                for raw in _DIMENSION.findall(data)[:1]:
                    if raw and _range_size(raw.decode("ascii", "replace")) is None:
                        raise _too_big(path, f"vùng dữ liệu {raw.decode('ascii', 'replace')} "
                                       "không hợp lệ")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise TableUnreadable(
            f"Tệp {path.name} bị hỏng, không mở được ({exc})",
            "Mở tệp bằng Excel, lưu lại rồi nhập lại.",
        ) from None


def _too_big(path: Path, why: str) -> TableUnreadable:
    return TableUnreadable(
        f"Tệp {path.name}: {why}; parcli không đọc để tránh treo máy",
        "Mở tệp bằng Excel, bỏ gộp ô ở vùng đó (Unmerge) hoặc chép riêng bảng tiêu chí sang một "
        "tệp mới, lưu lại rồi nhập lại.",
    )


def read_xlsx(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every visible sheet of a workbook (hidden rows and columns skipped); formulas are never
    evaluated (the saved value is used). Also the file-level notes (hidden sheets)."""
    _check_container(path)
    _check_sheet_xml(path)
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas_wb = openpyxl.load_workbook(str(path), read_only=False, data_only=False)
    except MemoryError:
        raise _out_of_memory(path) from None
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise TableUnreadable(
            f"Không đọc được tệp Excel {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
        ) from None
    try:
        has_formula = any(
            isinstance(c.value, str) and c.value.startswith("=")
            for ws in formulas_wb.worksheets
            if ws.sheet_state == "visible"
            for row in ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS + 1),
                                    max_col=min(ws.max_column, MAX_COLUMNS))
            for c in row
        )
        values_wb = formulas_wb
        if has_formula:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values_wb = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
        return _xlsx_tables(path, formulas_wb, values_wb)
    except TableUnreadable:
        raise
    except MemoryError:
        raise _out_of_memory(path) from None
    except Exception as exc:
        raise TableUnreadable(
            f"Không đọc được trang tính trong tệp Excel {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
        ) from None


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _hidden_columns(ws: Any, max_col: int) -> set[int]:
    hidden: set[int] = set()
    for dim in list(ws.column_dimensions.values()):
        if not dim.hidden:
            continue
        lo, hi = int(dim.min or 0), int(dim.max or 0)
        hidden.update(range(max(1, lo), min(hi, max_col) + 1))
    return hidden


def _hidden_rows(ws: Any, max_row: int) -> set[int]:
    return {int(r) for r, dim in list(ws.row_dimensions.items())
            if dim.hidden and 1 <= int(r) <= max_row}


def _numbers(values: Iterable[int]) -> str:
    items = sorted(values)
    shown = ", ".join(str(v) for v in items[:20])
    return shown + (f" và {len(items) - 20} dòng khác" if len(items) > 20 else "")


def _xlsx_tables(path: Path, formulas_wb: Any, values_wb: Any
                 ) -> tuple[list[RawTable], list[str]]:
    tables: list[RawTable] = []
    notes: list[str] = []
    total_rows = 0
    unsaved: list[str] = []
    for ws in values_wb.worksheets:
        if ws.sheet_state != "visible":
            notes.append(f"bỏ qua trang tính ẩn '{ws.title}' (không đọc nội dung của nó)")
            continue
        fws = formulas_wb[ws.title]
        max_row, max_col = ws.max_row, min(ws.max_column, MAX_COLUMNS)
        if total_rows + max_row > MAX_ROWS:
            # the sheet may only have formatting far down; count rows that have text
            max_row = _last_used_row(ws, max_col)
        total_rows += max_row
        _check_row_cap(total_rows, path)
        hidden_cols = _hidden_columns(ws, max_col)
        hidden_rows = _hidden_rows(ws, max_row)
        merged: dict[tuple[int, int], tuple[Literal["h", "v"], tuple[int, int]]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
                for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                    if (r, c) == (rng.min_row, rng.min_col):
                        continue
                    kind: Literal["h", "v"] = "h" if c > rng.min_col else "v"
                    merged[(r, c)] = (kind, (rng.min_row, rng.min_col))
        rows: list[RawRow] = []
        texts: dict[tuple[int, int], RawCell] = {}
        skipped_rows: list[int] = []
        filled_hidden_cols: set[int] = set()
        for r_index, row in enumerate(ws.iter_rows(max_row=max_row, max_col=max_col), 1):
            cells: list[RawCell] = []
            row_has_text = False
            for c_index, cell in enumerate(row, 1):
                if (r_index, c_index) in merged:
                    kind, top = merged[(r_index, c_index)]
                    top_cell = texts.get(top, RawCell(""))
                    rc = RawCell(top_cell.text, kind)
                else:
                    raw = fws.cell(row=r_index, column=c_index).value
                    is_formula = isinstance(raw, str) and raw.startswith("=")
                    text, number = _cell_value_text(cell.value)
                    rc = RawCell(text, "", is_formula, number)
                    texts[(r_index, c_index)] = rc
                    hidden = r_index in hidden_rows or c_index in hidden_cols
                    if is_formula and cell.value is None and not hidden:
                        unsaved.append(f"'{ws.title}'!{cell.coordinate} ({raw[:40]})")
                    if text and c_index in hidden_cols and r_index not in hidden_rows:
                        filled_hidden_cols.add(c_index)
                if c_index in hidden_cols:
                    continue
                row_has_text = row_has_text or bool(rc.text)
                cells.append(rc)
            if r_index in hidden_rows:
                if row_has_text:
                    skipped_rows.append(r_index)
                continue
            rows.append(RawRow(r_index, cells))
        table = RawTable(f"Trang tính '{ws.title}'", rows)
        if filled_hidden_cols:
            letters = ", ".join(_column_letter(c) for c in sorted(filled_hidden_cols))
            table.notes.append(f"bỏ qua cột ẩn {letters} (không đọc các ô bị ẩn)")
        if skipped_rows:
            table.notes.append(f"bỏ qua dòng ẩn {_numbers(skipped_rows)} (không đọc các dòng "
                               "bị ẩn)")
        tables.append(table)
    if unsaved:
        shown = ", ".join(unsaved[:5]) + (f" và {len(unsaved) - 5} ô khác" if len(unsaved) > 5
                                           else "")
        raise TableUnreadable(
            f"Tệp {path.name} có công thức chưa có giá trị đã tính: {shown}. parcli không tự "
            "tính công thức",
            "Mở tệp bằng Excel và lưu lại (Excel sẽ tính và lưu giá trị), hoặc chép rồi Dán giá "
            "trị (Paste Values) thay cho công thức, rồi nhập lại.",
        )
    return tables, notes


def _last_used_row(ws: Any, max_col: int) -> int:
    last = 0
    for r_index, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), 1):
        if any(v not in (None, "") for v in row):
            last = r_index
        if r_index > MAX_ROWS * 4:
            break
    return last


def read_tables(path: Path) -> tuple[Literal["docx", "xlsx"], list[RawTable], list[str]]:
    """The raw tables of ``path`` and file-level notes (track changes, hidden sheets)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableUnreadable(
            f"Không tìm thấy tệp {path}", "Kiểm tra đường dẫn và tên tệp (có cả phần .docx/.xlsx)."
        )
    try:
        if suffix == ".docx":
            return ("docx", *read_docx(path))
        if suffix in (".xlsx", ".xlsm"):
            return ("xlsx", *read_xlsx(path))
    except MemoryError:
        raise _out_of_memory(path) from None
    if suffix in (".doc", ".xls"):
        raise TableUnreadable(
            f"Tệp {path.name} là định dạng Word/Excel cũ ({suffix})",
            "Mở bằng Word hoặc Excel, chọn Lưu thành (Save As) .docx hoặc .xlsx rồi nhập lại.",
        )
    raise TableUnreadable(
        f"parcli chỉ nhập bảng tiêu chí từ tệp .docx hoặc .xlsx, không nhập được {path.name}",
        "Lưu phụ lục thành .docx (Word) hoặc .xlsx (Excel) rồi nhập lại.",
    )


# --------------------------------------------------------------------------- header


Role = Literal["code", "name", "max", "rule", "evidence"]

_CODE_HEADER = re.compile(r"^(stt|tt|so tt|so thu tu|ma|ma so|ma tieu chi|ky hieu)\b")
_NAME_HEADERS = ("linh vuc", "noi dung", "ten tieu chi", "tieu chi", "ten")
_MAX_HEADERS = ("diem toi da", "diem chuan", "thang diem", "so diem toi da")
_RULE_HEADERS = (
    "cach cham",
    "phuong phap danh gia",
    "phuong phap cham",
    "huong dan cham",
    "huong dan danh gia",
    "cach tinh diem",
    "cach thuc cham",
)
_EVIDENCE_HEADERS = ("tai lieu kiem chung",)
HEADER_SYNONYMS: dict[Role, tuple[str, ...]] = {
    "code": ("STT", "TT", "Số TT", "Mã", "Mã số", "Mã tiêu chí", "Ký hiệu"),
    "name": ("Lĩnh vực, tiêu chí, tiêu chí thành phần", "Nội dung", "Tên tiêu chí", "Tiêu chí"),
    "max": ("Điểm tối đa", "Điểm chuẩn", "Thang điểm"),
    "rule": ("Cách chấm điểm", "Phương pháp đánh giá", "Hướng dẫn chấm", "Hướng dẫn đánh giá",
             "Cách tính điểm"),
    "evidence": ("Tài liệu kiểm chứng",),
}


def _header_role(text: str) -> Role | None:
    f = re.sub(r"[():.*]", " ", fold(text))
    f = " ".join(f.split())
    if not f:
        return None
    if any(h in f for h in _MAX_HEADERS) or f in ("toi da", "diem toi da"):
        return "max"
    if any(h in f for h in _RULE_HEADERS):
        return "rule"
    if any(h in f for h in _EVIDENCE_HEADERS):
        return "evidence"
    if _CODE_HEADER.match(f) and len(f) <= 20:
        return "code"
    if any(f.startswith(h) for h in _NAME_HEADERS) and "diem" not in f:
        return "name"
    return None


def match_header(texts: Sequence[str]) -> dict[Role, int] | None:
    """Column of each role when ``texts`` is a header row (needs a name and a max column)."""
    roles, _dups = _roles_of([_header_role(t) for t in texts])
    return roles if "name" in roles and "max" in roles else None


def _roles_of(found: Sequence[Role | None]) -> tuple[dict[Role, int], dict[Role, list[int]]]:
    """First column of each role, and the roles that more than one column claims."""
    roles: dict[Role, int] = {}
    columns: dict[Role, list[int]] = {}
    for i, role in enumerate(found):
        if role is not None:
            roles.setdefault(role, i)
            columns.setdefault(role, []).append(i)
    return roles, {r: cols for r, cols in columns.items() if len(cols) > 1}


def _row_roles(row: RawRow) -> list[Role | None]:
    """The role of each column of a one-row header (the copies of a merged cell count once)."""
    return [None if c.merge == "h" else _header_role(c.text) for c in row.cells]


def _two_row_roles(top: RawRow, below: RawRow) -> list[Role | None]:
    """The role of each column of a header over two rows.

    A sub-header ("Cách chấm điểm | Tài liệu kiểm chứng" under "Hướng dẫn đánh giá",
    "Tối đa | Tự chấm" under "Điểm") names its own column; a cell merged down from the first
    row keeps the role of the first row.
    """
    out: list[Role | None] = []
    for j in range(max(len(top.cells), len(below.cells))):
        upper = top.cells[j] if j < len(top.cells) else RawCell("")
        lower = below.cells[j] if j < len(below.cells) else RawCell("")
        own = lower.text if lower.merge == "" else ""
        role = _header_role(own) if own else None
        if role is None and upper.merge != "h":
            role = _header_role(f"{upper.text} {own}".strip()) or (
                None if own else _header_role(upper.text))
        out.append(role)
    return out


def _header_text(cells: Sequence[RawCell], columns: Sequence[int]) -> str:
    return ", ".join(f"cột {j + 1} \"{_short(cells[j].text, 40)}\"" for j in columns
                     if j < len(cells))


def _is_column_numbers(texts: Sequence[str]) -> bool:
    """The row "(1) (2) (3) (4)" or "1 2 3 4" printed under a header."""
    values = [t.strip() for t in texts if t.strip()]
    if len(values) < 3:
        return False
    nums: list[int] = []
    for v in values:
        m = re.fullmatch(r"\(?(\d{1,2})\)?", v)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == list(range(nums[0], nums[0] + len(nums)))


_ROLE_LABELS: dict[Role, str] = {
    "code": "mã (STT)", "name": "tên tiêu chí", "max": "điểm tối đa", "rule": "cách chấm điểm",
    "evidence": "tài liệu kiểm chứng",
}


def _signature(row: RawRow) -> tuple[str, ...]:
    return tuple(fold(c.text) for c in row.cells)


def _is_subheader(row: RawRow) -> bool:
    """The second row of a header: cells merged down from the first row, or sub-headers."""
    if _looks_like_data(row) or not any(c.text for c in row.cells):
        return False
    own = [c for c in row.cells if c.merge == "" and c.text]
    if any(_header_role(c.text) for c in own):
        return True
    return any(c.merge == "v" for c in row.cells) and not any(
        parse_score(c.text) is not None for c in own)


def _row_code(row: RawRow, roles: dict[Role, int]) -> _Code | None:
    """The code of a data row: its code cell, or the start of its name cell."""
    idx = roles.get("code")
    if idx is not None and idx < len(row.cells) and row.cells[idx].merge == "":
        code = _parse_code(row.cells[idx].text)
        if code is not None:
            return code
    idx = roles.get("name")
    if idx is not None and idx < len(row.cells) and row.cells[idx].merge == "":
        split = _split_leading_code(row.cells[idx].text.split("\n", 1)[0])
        if split is not None and split[0].kind != "letter":
            return split[0]
    return None


def _looks_like_criterion(row: RawRow) -> bool:
    """A row of a table without header that would be a criterion: a code and a score."""
    cells = [c.text for c in row.cells if c.merge == "" and c.text]
    for k, text in enumerate(cells):
        code = _parse_code(text)
        lead = _split_leading_code(text.split("\n", 1)[0])
        if (code is not None and code.kind != "letter") or (
                lead is not None and lead[0].kind != "letter"):
            return any(parse_score(t) is not None for t in cells[k + 1:])
    return False


def _looks_like_data(row: RawRow) -> bool:
    """A row whose first filled cell is a criterion code (not a second header row)."""
    first = next((c.text for c in row.cells if c.text and c.merge != "h"), "")
    return _parse_code(first) is not None or _split_leading_code(first) is not None


# --------------------------------------------------------------------------- codes

_PURE_CODE = re.compile(
    r"^(?:(?P<roman>[IVXL]+)|(?P<arabic>\d+(?:\.\d+)*)|(?P<letter>[a-zđ]))[.):]?$"
)
_LEAD_CODE = re.compile(
    r"^(?:(?P<roman>[IVXL]+)(?:[.):]|\s*[-–—](?=\s))|(?P<dotted>\d+(?:\.\d+)+)[.:]?|(?P<single>\d+)[.):]"
    r"|(?P<letter>[a-zđ])\))\s*(?P<rest>\S.*)$",
    re.S,
)
_GROUP_LETTER = re.compile(r"^(?![IVXL][.)])[A-ZĐ][.)]\s+\S")
_BULLETS = {"-", "+", "*", "•", "–", "—", "o", "·"}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int | None:
    """I -> 1, VIII -> 8; None for what is not a well-formed Roman numeral."""
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if total > 0 and _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for value, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                       (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


@dataclasses.dataclass(frozen=True)
class _Code:
    kind: Literal["roman", "arabic", "letter"]
    value: str  # "II", "1.2.3", "a"
    printed: str


def _parse_code(text: str) -> _Code | None:
    compact = text.replace(" ", "")
    m = _PURE_CODE.match(compact)
    if not m:
        return None
    if m.group("roman"):
        if roman_value(m.group("roman")) is None:
            return None
        return _Code("roman", m.group("roman"), text.strip())
    if m.group("arabic"):
        return _Code("arabic", m.group("arabic"), text.strip())
    return _Code("letter", m.group("letter"), text.strip())


def _split_leading_code(text: str) -> tuple[_Code, str] | None:
    """"1.2. Tên tiêu chí" -> (1.2, "Tên tiêu chí"); "a) ..." ; "II. TÊN LĨNH VỰC"."""
    m = _LEAD_CODE.match(text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if m.group("roman"):
        if roman_value(m.group("roman")) is None:
            return None
        return _Code("roman", m.group("roman"), m.group("roman")), rest
    if m.group("dotted"):
        return _Code("arabic", m.group("dotted"), m.group("dotted")), rest
    if m.group("single"):
        return _Code("arabic", m.group("single"), m.group("single")), rest
    return _Code("letter", m.group("letter"), m.group("letter") + ")"), rest


# --------------------------------------------------------------------------- scores, rules

_SCORE_CELL = re.compile(r"(\d+(?:[.,]\d+)?)(?:diem|d)?\.?")
_POINTS = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:diem|d\b)")
_SURVEY_STRONG = ("dieu tra xa hoi hoc", "dtxhh", "dieu tra xhh")
_SURVEY_MARKER_ONLY = re.compile(
    r"^(?:(?:diem|cham|danh gia|lay|duoc|cham diem|qua|theo|bang|thong qua|ket qua|su dung|tu"
    r"|can cu)\s+)*(?:dieu tra xa hoi hoc|dtxhh|dieu tra xhh|khao sat)"
    r"(?:\s+(?:cua\s+)?(?:nguoi dan|nguoi dan va to chuc|nguoi dan to chuc|to chuc|doanh nghiep"
    r"|nguoi dan doanh nghiep|cac doi tuong))?$"
)


def parse_score(text: str) -> Decimal | None:
    """"0,5", "1.5", "1,0 điểm", "2đ" -> Decimal; None when the cell holds no single number."""
    compact = re.sub(r"\s+", "", fold(text))
    m = _SCORE_CELL.fullmatch(compact)
    if not m:
        return None
    try:
        value = Decimal(m.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def point_values(rule: str) -> list[Decimal]:
    """Every "<number> điểm" in a scoring rule: "1 điểm … 0,5 điểm" -> [1, 0.5]."""
    values: list[Decimal] = []
    for m in _POINTS.finditer(fold(rule)):
        try:
            values.append(Decimal(m.group(1).replace(",", ".")))
        except InvalidOperation:
            continue
    return values


def infer_step(max_score: Decimal, rule: str | None) -> Decimal | None:
    """The largest step that divides the maximum and every value the rule lists."""
    if not rule:
        return None
    values = [v for v in point_values(rule) if v > 0]
    if not values:
        return None
    values.append(max_score)
    places = max(max(0, -int(v.normalize().as_tuple().exponent)) for v in values)
    scale = Decimal(10) ** places
    g = 0
    for v in values:
        g = math.gcd(g, int(v * scale))
    if g == 0:
        return None
    step = Decimal(g) / scale
    return Decimal(_plain(step))


def _is_survey_marker(rule: str) -> bool:
    """The rule says only "scored by the survey" ("Điểm đánh giá qua điều tra xã hội học",
    "ĐTXHH", "Khảo sát người dân"): ``method: survey`` says that already."""
    return bool(_SURVEY_MARKER_ONLY.match(" ".join(re.sub(r"[^\w]+", " ", fold(rule)).split())))


# --------------------------------------------------------------------------- the tree


@dataclasses.dataclass
class _Node:
    level: int  # 1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần
    code: str
    name: str
    max_score: Decimal | None
    where: str
    note: str | None = None
    rule_lines: list[str] = dataclasses.field(default_factory=list)
    evidence_lines: list[str] = dataclasses.field(default_factory=list)
    children: list[_Node] = dataclasses.field(default_factory=list)
    restart: str | None = None  # printed code of a tiêu chí numbered "1, 2" under area "II"
    lettered: bool = False
    roman: bool = False  # a lĩnh vực printed with a Roman numeral

    @property
    def rule(self) -> str | None:
        text = "\n".join(line for line in self.rule_lines if line)
        return text or None


def _with_points(line: str, max_text: str) -> str:
    """A rule line written with its points in the score column: "- Đúng hạn" + "1" ->
    "- Đúng hạn: 1 điểm" (so the value is kept and the step can be inferred)."""
    if not max_text:
        return line
    value = parse_score(max_text)
    shown = f"{format_decimal(value)} điểm" if value is not None else max_text
    return f"{line.rstrip(' :')}: {shown}"


def _short(text: str, n: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


class _Parser:
    def __init__(self) -> None:
        self.areas: list[_Node] = []
        self.area: _Node | None = None
        self.crit: _Node | None = None
        self.last: _Node | None = None
        self.problems: list[ImportProblem] = []
        self.stated_total: Decimal | None = None
        self.tables_used = 0
        self.rows_read = 0
        self.header_sigs: set[tuple[str, ...]] = set()
        # subtotals printed under the table: part -> (value, where, label)
        self.stated_parts: dict[str, tuple[Decimal, str, str]] = {}
        self.excel_number_codes: set[str] = set()  # codes read from Excel number cells

    def problem(self, severity: Severity, message: str, hint: str = "", where: str = "",
                text: str = "") -> None:
        self.problems.append(ImportProblem(severity, message, hint, where, _short(text)))

    # ----------------------------------------------------------------- tables

    def run(self, tables: list[RawTable]) -> None:
        roles: dict[Role, int] | None = None
        width = 0
        for table in tables:
            for note in table.notes:
                self.problem(INFO, note, where=table.label)
            start = 0
            found = self._find_header(table)
            if found is not None:
                roles, start = found
                width = table.width
            elif roles is not None and table.width == width and table.rows:
                self.problem(
                    INFO,
                    f"không có dòng tiêu đề: đọc như phần tiếp theo của bảng trước (cùng {width} "
                    "cột)",
                    where=table.label,
                )
            else:
                self._skipped(table, roles is not None, width)
                continue
            self.tables_used += 1
            i = start
            while i < len(table.rows):
                skip = self._repeated_header(table, i, roles)
                if skip:
                    i += skip
                    continue
                self._row(table, table.rows[i], roles)
                i += 1

    def _skipped(self, table: RawTable, after_header: bool, width: int) -> None:
        """A table without a header row: a title or signature table is skipped with a note;
        one whose rows look like criteria (a code and a score) is an error, never a note."""
        if not any(c.text for r in table.rows for c in r.cells):
            return
        suspects = [r for r in table.rows if _looks_like_criterion(r)]
        if not suspects:
            self.problem(
                INFO,
                "bỏ qua (không có dòng tiêu đề STT / tên tiêu chí / điểm tối đa)",
                where=table.label,
            )
            return
        first = suspects[0]
        why = (f"có {table.width} cột, bảng trước có {width} cột" if after_header
               else "không có dòng tiêu đề và không có bảng tiêu chí nào ở trước")
        self.problem(
            ERROR,
            f"không đọc được bảng này ({why}) nhưng có {len(suspects)} dòng giống tiêu chí (có "
            f"mã và điểm), ví dụ dòng {first.number}",
            "Các dòng này sẽ bị thiếu. Trong Word, gộp bảng này vào bảng trước (cùng số cột), "
            "hoặc chép dòng tiêu đề (STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối "
            "đa | …) vào đầu bảng, rồi nhập lại.",
            table.label,
            " | ".join(c.text for c in first.cells if c.text and c.merge != "h"),
        )

    def _find_header(self, table: RawTable) -> tuple[dict[Role, int], int] | None:
        top = table.rows[:12]
        for two_rows in (False, True):
            for i in range(len(top)):
                found = self._header_at(table.rows, i, two_rows)
                if found is None:
                    continue
                found_roles, n, dups = found
                for role, columns in dups.items():
                    self.problem(
                        ERROR,
                        f"{len(columns)} cột cùng là cột \"{_ROLE_LABELS[role]}\": "
                        f"{_header_text(table.rows[i + n - 1].cells, columns)}; parcli không "
                        "biết dùng cột nào",
                        "Xóa hoặc đổi tên cột thừa (ví dụ cột của năm trước) trong bảng gốc rồi "
                        "nhập lại.",
                        table.where(table.rows[i].number),
                    )
                for row in table.rows[i:i + n]:
                    self.header_sigs.add(_signature(row))
                return found_roles, i + n
        return None

    def _header_at(self, rows: Sequence[RawRow], i: int, two_rows: bool
                   ) -> tuple[dict[Role, int], int, dict[Role, list[int]]] | None:
        """A header starting at row ``i``: its roles, how many rows it takes, duplicate roles."""
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else None
        if not two_rows:
            found = _row_roles(row)
            roles, dups = _roles_of(found)
            if "name" not in roles or "max" not in roles:
                return None
            if below is not None and _is_subheader(below):
                roles, dups = _roles_of(_two_row_roles(row, below))
                return roles, 2, dups
            return roles, 1, dups
        if below is None or len({c.text for c in row.cells if c.text}) <= 1:
            return None  # a title row merged across the table
        if _looks_like_data(below):
            return None
        roles, dups = _roles_of(_two_row_roles(row, below))
        if "name" not in roles or "max" not in roles:
            return None
        return roles, 2, dups

    def _repeated_header(self, table: RawTable, i: int, roles: dict[Role, int]) -> int:
        """Rows to skip when a header (one or two rows) is repeated inside a table."""
        row = table.rows[i]
        if _row_code(row, roles) is not None:
            return 0  # a row with a code is never a header
        if _signature(row) in self.header_sigs:
            return 1
        for two_rows in (False, True):
            found = self._header_at(table.rows, i, two_rows)
            if found is None:
                continue
            found_roles, n, _dups = found
            if (found_roles.get("name"), found_roles.get("max")) != (roles.get("name"),
                                                                      roles.get("max")):
                continue  # header words in other columns: a data row, not a header
            max_idx = roles["max"]
            if max_idx < len(row.cells) and parse_score(row.cells[max_idx].text) is not None:
                continue
            return n
        return 0

    # ----------------------------------------------------------------- rows

    def _row(self, table: RawTable, row: RawRow, roles: dict[Role, int]) -> None:
        def get(role: Role, keep_vertical: bool = False) -> RawCell:
            idx = roles.get(role)
            if idx is None or idx >= len(row.cells):
                return RawCell("")
            cell = row.cells[idx]
            if cell.merge == "h" or (cell.merge == "v" and not keep_vertical):
                return RawCell("", cell.merge)
            return cell

        texts = [c.text for c in row.cells if c.merge != "h"]
        if not any(texts):
            return
        if _is_column_numbers(texts):
            return
        where = table.where(row.number)
        self.rows_read += 1
        code_cell, name_cell = get("code"), get("name")
        max_cell = get("max")
        rule_text = get("rule", keep_vertical=True).text
        evidence_text = get("evidence", keep_vertical=True).text
        code_text, name_text = code_cell.text, name_cell.text
        if not code_text and not name_text:
            if max_cell.text or rule_text:
                self._orphan(where, max_cell.text or rule_text,
                             "dòng có điểm hoặc cách chấm nhưng không có mã và tên")
            return
        row_text = " | ".join(t for t in (code_text, name_text, max_cell.text) if t)

        # the code: its own column, or at the start of the name ("1.2. Tên", "a) ...")
        code: _Code | None = None
        if code_text:
            code = _parse_code(code_text)
            if code is None:
                split = _split_leading_code(code_text)
                if split is not None and not name_text:
                    code, name_text = split
                elif code_text.strip() in _BULLETS:
                    line = f"{code_text.strip()} {name_text}".strip()
                    self._rule_line(where, _with_points(line, max_cell.text), rule_text,
                                    row_text)
                    return
                elif self._summary(f"{code_text} {name_text}", max_cell.text, where, row_text):
                    return  # "Tổng cộng" / "TỔNG ĐIỂM" written across the STT and name cells
                else:
                    hint = "Sửa mã trong bảng gốc (dạng I, 1, 1.2, 1.2.3 hoặc a)) rồi nhập lại."
                    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", code_text):
                        hint = ("Excel đã đổi mã thành ngày tháng: định dạng cột STT là Text "
                                "(Văn bản), gõ lại mã rồi nhập lại.")
                    self.problem(ERROR, f"Không đọc được mã '{_short(code_text, 30)}'", hint,
                                 where, row_text)
                    return
            elif code_cell.number and code.kind == "arabic" and "." in code.value:
                self.excel_number_codes.add(code.value)
                self.problem(
                    WARNING,
                    f"Mã {code.value} ở ô dạng số trong Excel: nếu văn bản gốc ghi "
                    f"{code.value}0 thì Excel đã đổi thành {code.value}",
                    "Định dạng cột STT là Text (Văn bản) và gõ lại mã đúng như văn bản.",
                    where, row_text,
                )
        elif name_text:
            split = _split_leading_code(name_text.split("\n", 1)[0])
            if split is not None:
                code, first = split
                rest = name_text.split("\n", 1)[1:]
                name_text = "\n".join([first, *rest])
        lines = [line for line in name_text.split("\n") if line.strip()]
        if code is None and not code_text and lines and _GROUP_LETTER.match(lines[0]):
            self.problem(
                WARNING,
                f"Dòng \"{_short(lines[0], 40)}\" (chữ in hoa A., B. …) được coi là dòng nhóm và "
                "bỏ qua; lĩnh vực phải đánh số I, II… hoặc 1, 2…",
                "Nếu đây là một lĩnh vực, đổi mã thành số La Mã hoặc số Ả Rập rồi nhập lại.",
                where, row_text,
            )
            return
        if code is None:
            if lines and self._summary(lines[0], max_cell.text, where, row_text):
                return
            if max_cell.text and lines and lines[0].split(" ", 1)[0] in _BULLETS:
                # "- Ban hành đúng hạn | 1": a line of the rule with its points
                self._rule_line(where, _with_points(name_text, max_cell.text), rule_text,
                                row_text)
                return
            if max_cell.text:
                self._orphan(where, row_text, "dòng có điểm nhưng không có mã")
                return
            self._rule_line(where, name_text, rule_text, row_text)
            return
        if not lines:
            self.problem(ERROR, f"Dòng mã {code.printed} không có tên", "Kiểm tra bảng gốc.",
                         where, row_text)
            return
        max_score: Decimal | None = None
        if max_cell.text:
            max_score = parse_score(max_cell.text)
            if max_score is None:
                self.problem(
                    ERROR,
                    f"Điểm tối đa '{_short(max_cell.text, 30)}' của mã {code.printed} không phải "
                    "là số",
                    "Ghi điểm tối đa là một số, ví dụ 1 hoặc 0,5.",
                    where, row_text,
                )
        self._place(code, lines, max_score, rule_text, evidence_text, where, row_text)

    def _summary(self, label: str, max_text: str, where: str, row_text: str) -> bool:
        """A total row ("Tổng cộng | 100", "TỔNG ĐIỂM" across STT and name) or a stated
        subtotal ("Điểm tự đánh giá, thẩm định | 68", "Điểm đánh giá qua điều tra xã hội học |
        32"). True when the row was one of these (and has been taken)."""
        f = " ".join(re.sub(r"[^\w%]+", " ", fold(label)).split())
        part: Literal["appraisal", "survey"] | None = None
        if re.match(r"^(tong |cong )?(so )?diem\b", f):
            if any(m in f for m in (*_SURVEY_STRONG, "khao sat")):
                part = "survey"
            elif any(m in f for m in ("tu danh gia", "tham dinh", "tu cham")):
                part = "appraisal"
        if part is not None and max_text:
            value = parse_score(max_text)
            if value is None:
                self.problem(ERROR, f"Điểm '{_short(max_text, 30)}' của dòng tổng không phải là "
                             "số", "Ghi điểm là một số, ví dụ 68 hoặc 32,5.", where, row_text)
            else:
                self.stated_parts[part] = (value, where, _short(label.split("\n")[0], 60))
            return True
        if not re.match(r"^(tong|cong)\b", f):
            return False
        if max_text:
            total = parse_score(max_text)
            if total is None:
                self.problem(ERROR, f"Điểm '{_short(max_text, 30)}' của dòng tổng không phải là "
                             "số", "Ghi tổng điểm là một số, ví dụ 100.", where, row_text)
            else:
                self.stated_total = total
        return True

    def _orphan(self, where: str, text: str, why: str) -> None:
        self.problem(ERROR, f"Không xếp được dòng vào cây tiêu chí: {why}",
                     "Thêm mã (STT) cho dòng này trong bảng gốc hoặc xóa dòng thừa.", where, text)

    def _rule_line(self, where: str, text: str, rule_text: str, row_text: str) -> None:
        if self.last is None:
            self._orphan(where, row_text, "dòng không có mã đứng trước mọi tiêu chí")
            return
        if self.last.level == 1:
            self.problem(WARNING, f"Dòng không có mã ngay dưới lĩnh vực {self.last.code}: bỏ qua",
                         "Nếu đây là một tiêu chí, thêm mã (STT) cho dòng trong bảng gốc.",
                         where, row_text)
            return
        for part in (text, rule_text):
            if part:
                self.last.rule_lines.append(part)

    # ----------------------------------------------------------------- placing

    def _place(self, code: _Code, lines: list[str], max_score: Decimal | None, rule_text: str,
               evidence_text: str, where: str, row_text: str) -> None:
        area, crit = self.area, self.crit
        if code.kind == "roman":
            number = str(roman_value(code.value))
            node = _Node(1, number, " ".join(lines), max_score, where,
                         note=f"Mã in trong văn bản: {code.printed}", roman=True)
            self._add_area(node, rule_text, evidence_text)
            return
        if code.kind == "letter":
            self._letter(code, lines, max_score, rule_text, evidence_text, where, row_text)
            return
        parts = code.value.split(".")
        roman_area = area is not None and area.roman
        if len(parts) == 1:
            if roman_area and area is not None:
                node = _Node(2, f"{area.code}.{parts[0]}", lines[0], max_score, where,
                             note=f"Mã in trong văn bản: {code.value}", restart=code.value)
                self._add_child(area, node, lines, rule_text, evidence_text)
                self.crit = node
                return
            self._add_area(_Node(1, code.value, " ".join(lines), max_score, where), rule_text,
                           evidence_text)
            return
        if len(parts) == 2:
            if (roman_area and crit is not None and crit.restart == parts[0]
                    and area is not None):
                node = _Node(3, f"{crit.code}.{parts[1]}", lines[0], max_score, where,
                             note=f"Mã in trong văn bản: {code.value}")
                self._add_child(crit, node, lines, rule_text, evidence_text)
                return
            if area is None or parts[0] != area.code:
                parent = area.code if area is not None else None
                self.problem(
                    ERROR,
                    f"Tiêu chí {code.value} không có dòng lĩnh vực {parts[0]} ở phía trên"
                    + (f" (đang ở lĩnh vực {parent})" if parent else ""),
                    f"Kiểm tra bảng gốc: thiếu dòng lĩnh vực {parts[0]}, hoặc mã {code.value} "
                    "in sai.",
                    where, row_text,
                )
                self.last = None
                return
            node = _Node(2, code.value, lines[0], max_score, where)
            self._add_child(area, node, lines, rule_text, evidence_text)
            self.crit = node
            return
        if len(parts) == 3:
            parent_code = ".".join(parts[:2])
            if crit is None or crit.code != parent_code or crit.restart is not None:
                self.problem(
                    ERROR,
                    f"Tiêu chí thành phần {code.value} không có dòng tiêu chí {parent_code} ở "
                    "phía trên",
                    f"Kiểm tra bảng gốc: thiếu dòng tiêu chí {parent_code}, hoặc mã "
                    f"{code.value} in sai.",
                    where, row_text,
                )
                self.last = None
                return
            if crit.children and crit.children[0].lettered:
                self.problem(ERROR, f"Tiêu chí {crit.code} có cả mục a), b) và mã {code.value}",
                             "Dùng một cách đánh số trong một tiêu chí.", where, row_text)
                return
            node = _Node(3, code.value, lines[0], max_score, where)
            self._add_child(crit, node, lines, rule_text, evidence_text)
            return
        self.problem(
            ERROR,
            f"Mã {code.value} có {len(parts)} cấp; bộ tiêu chí chỉ có 3 cấp (lĩnh vực, tiêu chí, "
            "tiêu chí thành phần)",
            "Nếu đây là ý nhỏ của cách chấm, ghi nó trong cột cách chấm điểm.",
            where, row_text,
        )

    def _letter(self, code: _Code, lines: list[str], max_score: Decimal | None, rule_text: str,
                evidence_text: str, where: str, row_text: str) -> None:
        crit, last = self.crit, self.last
        text = f"{code.value}) " + " ".join(lines)
        if crit is None or last is None:
            self._orphan(where, row_text, f"mục {code.value}) đứng trước mọi tiêu chí")
            return
        under_component = last.level == 3 and not last.lettered
        if under_component or max_score is None or (crit.children and not
                                                    crit.children[0].lettered):
            # a line of the scoring rule of the current leaf
            if max_score is not None:
                text = _with_points(text, _plain(max_score))
            self._rule_line(where, text, rule_text, row_text)
            return
        node = _Node(3, f"{crit.code}.{len(crit.children) + 1}", lines[0], max_score, where,
                     note=f"Mã in trong văn bản: {code.value})", lettered=True)
        self._add_child(crit, node, lines, rule_text, evidence_text)

    def _add_area(self, node: _Node, rule_text: str, evidence_text: str) -> None:
        if rule_text:
            node.rule_lines.append(rule_text)
        if evidence_text:
            node.evidence_lines.append(evidence_text)
        self.areas.append(node)
        self.area, self.crit, self.last = node, None, node

    def _add_child(self, parent: _Node, node: _Node, lines: list[str], rule_text: str,
                   evidence_text: str) -> None:
        node.rule_lines.extend(lines[1:])
        if rule_text:
            node.rule_lines.append(rule_text)
        if evidence_text:
            node.evidence_lines.append(evidence_text)
        parent.children.append(node)
        self.last = node


# --------------------------------------------------------------------------- building


_WEAK_SURVEY = re.compile(r"(?<!to chuc )(?<!tien hanh )(?<!thuc hien )\bkhao sat\b")


def _survey_kind(node: _Node) -> Literal["strong", "weak"] | None:
    """Điều tra xã hội học.

    * strong: "điều tra xã hội học", "ĐTXHH" or "điều tra XHH" in the name, the rule or the
      Tài liệu kiểm chứng column;
    * weak: "khảo sát" in the rule (not in the name, not in the evidence column, not "tổ chức
      khảo sát") when the rule lists no self-scoring points.

    "Khảo sát" in a name or in the evidence column is not enough: "Tổ chức khảo sát sự hài
    lòng" (evidence "Báo cáo kết quả khảo sát") is an activity the province is appraised on.
    """
    texts = [fold(t) for t in (node.name, *node.rule_lines, *node.evidence_lines)]
    if any(marker in t for t in texts for marker in _SURVEY_STRONG):
        return "strong"
    rule = node.rule or ""
    if _WEAK_SURVEY.search(fold(rule)) and not point_values(rule):
        return "weak"
    return None


def _survey(node: _Node, rule: str | None = None) -> bool:
    return _survey_kind(node) is not None


def _decimal_yaml(value: Decimal) -> Decimal:
    return Decimal(_plain(value))


def build(parser: _Parser, options: ImportOptions, source_name: str
          ) -> tuple[dict[str, Any] | None, list[AreaSummary], list[str]]:
    """The YAML data of the tree, the per-area summary and the leaves without a step."""
    problems = parser.problems
    summaries: list[AreaSummary] = []
    no_step: list[str] = []
    areas_out: list[dict[str, Any]] = []
    for area in parser.areas:
        crits_out: list[dict[str, Any]] = []
        n_comp = 0
        for crit in area.children:
            crit_survey = _survey(crit, crit.rule)
            comps_out: list[dict[str, Any]] = []
            for comp in crit.children:
                n_comp += 1
                comp_out = _leaf(comp, crit_survey, problems, no_step)
                if comp_out is not None:
                    comps_out.append(comp_out)
            if crit.children:
                comp_sum = sum(
                    (c.max_score for c in crit.children if c.max_score is not None), Decimal(0)
                )
                if crit.max_score is None:
                    crit.max_score = comp_sum
                    problems.append(ImportProblem(
                        WARNING,
                        f"Tiêu chí {crit.code} không ghi điểm tối đa: lấy tổng các tiêu chí thành "
                        f"phần ({format_decimal(comp_sum)})",
                        where=crit.where,
                    ))
                out: dict[str, Any] = {
                    "code": crit.code,
                    "name": crit.name,
                    "max_score": _decimal_yaml(crit.max_score),
                }
                if crit.rule and not _is_survey_marker(crit.rule):
                    out["rule"] = crit.rule
                if crit.note:
                    out["note"] = crit.note
                out["components"] = comps_out
                crits_out.append(out)
            else:
                leaf = _leaf(crit, False, problems, no_step)
                if leaf is not None:
                    crits_out.append(leaf)
        crit_sum = sum(
            (c.max_score for c in area.children if c.max_score is not None), Decimal(0)
        )
        summaries.append(AreaSummary(area.code, area.name, len(area.children), n_comp,
                                     area.max_score, crit_sum))
        if not area.children:
            problems.append(ImportProblem(
                ERROR, f"Lĩnh vực {area.code} không có tiêu chí nào",
                "Kiểm tra bảng gốc: các dòng tiêu chí của lĩnh vực này có bị thiếu mã không.",
                area.where, _short(area.name),
            ))
        max_score = area.max_score
        if max_score is None:
            max_score = crit_sum
            problems.append(ImportProblem(
                INFO,
                f"Lĩnh vực {area.code} không ghi điểm tối đa: lấy tổng các tiêu chí "
                f"({format_decimal(crit_sum)})",
                where=area.where,
            ))
        area_out: dict[str, Any] = {
            "code": area.code, "name": area.name, "max_score": _decimal_yaml(max_score),
        }
        if area.note:
            area_out["note"] = area.note
        area_out["criteria"] = crits_out
        areas_out.append(area_out)
    if not areas_out:
        return None, summaries, no_step

    total = sum((a["max_score"] for a in areas_out), Decimal(0))
    leaves = [
        leaf
        for a in areas_out for c in a["criteria"]
        for leaf in c.get("components", [c])
    ]
    # both parts from the leaves: a missing leaf shows as C002 on its parent, not here
    survey_max = sum((lf["max_score"] for lf in leaves if lf.get("method") == "survey"),
                     Decimal(0))
    appraisal_max = sum((lf["max_score"] for lf in leaves if lf.get("method") != "survey"),
                        Decimal(0))
    name = Path(source_name).name
    set_id = options.set_id or slugify(Path(source_name).stem)
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": set_id,
        "title": options.title or f"Bộ tiêu chí nhập từ {name}",
        "status": "official" if options.official else "illustrative",
        "status_note": (
            f"Nhập từ {name}" if options.official
            else f"Nhập từ {name}, chưa xác nhận là bản chính thức"
        ),
        "source": {
            "decision": options.decision or "(chưa ghi số văn bản)",
            **({"date": format_date(options.date)} if options.date else {}),
            **({"issuer": options.issuer} if options.issuer else {}),
            "note": f"Nhập bằng parcli criteria import từ {name}",
        },
        "max_total": _decimal_yaml(parser.stated_total if parser.stated_total is not None
                                   else total),
        "appraisal_max": _decimal_yaml(appraisal_max),
        "survey_max": _decimal_yaml(survey_max),
    }
    if options.expect_totals is not None or options.expect_areas is not None:
        if options.expect_totals is not None:
            a, c, p = options.expect_totals
        else:
            assert options.expect_areas is not None
            a = len(options.expect_areas)
            c = sum(x for x, _ in options.expect_areas)
            p = sum(y for _, y in options.expect_areas)
        data["expected"] = {"areas": a, "criteria": c, "components": p}
    data["areas"] = areas_out
    return data, summaries, no_step


def _leaf(node: _Node, inherited_survey: bool, problems: list[ImportProblem],
          no_step: list[str]) -> dict[str, Any] | None:
    rule = node.rule
    kind = _survey_kind(node)
    survey = inherited_survey or kind is not None
    if node.max_score is None:
        problems.append(ImportProblem(
            ERROR, f"Mã {node.code} không có điểm tối đa",
            "Ghi điểm tối đa cho dòng này trong bảng gốc rồi nhập lại.", node.where,
            _short(node.name),
        ))
        return None
    if node.max_score == 0:
        problems.append(ImportProblem(
            WARNING, f"Mã {node.code} có điểm tối đa 0",
            "Kiểm tra với văn bản gốc: nếu tiêu chí đã bị bỏ, xóa dòng này khỏi bảng.",
            node.where, _short(node.name),
        ))
    if kind == "weak" and not inherited_survey:
        problems.append(ImportProblem(
            INFO,
            f"{node.code}: coi là điều tra xã hội học vì cách chấm có chữ \"khảo sát\" và không "
            "nêu mức điểm tự chấm",
            "Nếu tiêu chí này do tỉnh tự chấm, sửa trong tệp YAML: bỏ method: survey và "
            "evidence_required: false.",
            node.where, _short(rule or ""),
        ))
    out: dict[str, Any] = {
        "code": node.code, "name": node.name, "max_score": _decimal_yaml(node.max_score),
    }
    if survey:
        out["method"] = "survey"
        out["evidence_required"] = False
        if rule and _is_survey_marker(rule):
            rule = None
    else:
        step = infer_step(node.max_score, rule)
        if step is not None:
            out["step"] = step
        else:
            no_step.append(node.code)
        over = [v for v in point_values(rule or "") if v > node.max_score]
        if over:
            problems.append(ImportProblem(
                WARNING,
                f"Mã {node.code}: cách chấm nêu {format_decimal(max(over))} điểm, lớn hơn điểm "
                f"tối đa {format_decimal(node.max_score)}",
                "Kiểm tra điểm tối đa và cách chấm với văn bản gốc (có thể lệch dòng hoặc gõ "
                "sai).",
                node.where, _short(rule or ""),
            ))
        evidence = " ".join(node.evidence_lines)
        if "khao sat" in fold(f"{node.name} {rule or ''} {evidence}"):
            problems.append(ImportProblem(
                INFO,
                f"{node.code}: có chữ \"khảo sát\" nhưng cách chấm có thang điểm tự chấm (hoặc "
                "chữ này chỉ ở tên tiêu chí, ở cột tài liệu kiểm chứng, hoặc là \"tổ chức khảo "
                "sát\"); coi là tự chấm",
                "Nếu tiêu chí này lấy điểm từ điều tra xã hội học, sửa method: survey trong tệp "
                "YAML.",
                node.where,
            ))
    if rule:
        out["rule"] = rule
    if node.note:
        out["note"] = node.note
    return out


# --------------------------------------------------------------------------- entry points


def parse_expect(text: str) -> tuple[tuple[int, int, int] | None, list[tuple[int, int]] | None]:
    """``8/37/88`` (lĩnh vực/tiêu chí/tiêu chí thành phần) or ``7/2,4/8,...`` per lĩnh vực."""
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d+/\d+/\d+", compact):
        a, c, p = (int(x) for x in compact.split("/"))
        return (a, c, p), None
    if re.fullmatch(r"\d+/\d+(,\d+/\d+)*", compact):
        pairs = [tuple(int(x) for x in part.split("/")) for part in compact.split(",")]
        return None, [(p[0], p[1]) for p in pairs]
    raise UsageError(
        f"--expect '{text}' không đúng dạng",
        "Viết tổng số lĩnh vực/tiêu chí/tiêu chí thành phần (--expect 8/37/88) hoặc số tiêu "
        "chí/tiêu chí thành phần của từng lĩnh vực, cách nhau bằng dấu phẩy "
        "(--expect \"7/2,4/8,5/14,3/12,7/16,3/14,3/14,5/8\").",
    )


def import_table(path: Path, options: ImportOptions) -> ImportResult:
    """Read ``path`` and build the criteria set; nothing is written.

    Raises :class:`TableUnreadable` when the file cannot be read or holds no criteria table.
    """
    kind, tables, file_notes = read_tables(path)
    parser = _Parser()
    for note in file_notes:
        parser.problem(INFO, note[:1].upper() + note[1:])
    try:
        parser.run(tables)
    except MemoryError:
        raise _out_of_memory(path) from None
    if parser.tables_used == 0:
        what = "bảng" if kind == "docx" else "trang tính"
        raise TableUnreadable(
            f"Không tìm thấy bảng tiêu chí trong {path.name} ({len(tables)} {what}): cần một dòng "
            "tiêu đề có cột tên (\"Lĩnh vực, tiêu chí, tiêu chí thành phần\" hoặc \"Nội dung\") "
            "và cột \"Điểm tối đa\"",
            "Xem các dạng bảng được nhận trong docs/criteria-import.md; sửa dòng tiêu đề của "
            "bảng rồi nhập lại.",
        )
    data, summaries, no_step = build(parser, options, path.name)
    problems = parser.problems
    if data is None:
        problems.append(ImportProblem(
            ERROR, "Bảng có dòng tiêu đề nhưng không đọc được lĩnh vực nào",
            "Kiểm tra cột STT: lĩnh vực ghi 1, 2… hoặc I, II…; tiêu chí 1.1; tiêu chí thành "
            "phần 1.1.1.",
        ))
    n_errors = len([p for p in problems if p.severity is ERROR])
    _check_expect(options, summaries, problems)
    expect_ok = ((options.expect_totals is not None or options.expect_areas is not None)
                 and len([p for p in problems if p.severity is ERROR]) == n_errors)
    _check_sequences(parser.areas, problems, expect_ok)
    if data is not None:
        _check_stated_parts(parser, data, problems)
    model: CriteriaSet | None = None
    if data is not None:
        wheres = {
            node.code: node.where
            for area in parser.areas
            for node in (area, *area.children, *(c for k in area.children for c in k.children))
        }
        model = _check_model(data, problems, wheres, parser.excel_number_codes)
    return ImportResult(
        source_name=path.name,
        kind=kind,
        tables_total=len(tables),
        tables_used=parser.tables_used,
        rows_read=parser.rows_read,
        data=data,
        model=model,
        areas=summaries,
        problems=problems,
        leaves_without_step=no_step,
        stated_total=parser.stated_total,
    )


def _check_expect(options: ImportOptions, areas: list[AreaSummary],
                  problems: list[ImportProblem]) -> None:
    got = (len(areas), sum(a.criteria for a in areas), sum(a.components for a in areas))
    if options.expect_totals is not None:
        for label, want, have in zip(
            ("lĩnh vực", "tiêu chí", "tiêu chí thành phần"), options.expect_totals, got,
            strict=True,
        ):
            if want != have:
                problems.append(ImportProblem(
                    ERROR, f"Đọc được {have} {label}, --expect ghi {want}",
                    "Có dòng bị thiếu, thừa hoặc sai mã: so từng lĩnh vực với văn bản gốc.",
                ))
    if options.expect_areas is not None:
        want_areas = options.expect_areas
        if len(want_areas) != len(areas):
            problems.append(ImportProblem(
                ERROR, f"Đọc được {len(areas)} lĩnh vực, --expect ghi {len(want_areas)}",
                "Có lĩnh vực bị thiếu hoặc sai mã trong bảng gốc.",
            ))
        for area, (crit, comp) in zip(areas, want_areas, strict=False):
            if (area.criteria, area.components) != (crit, comp):
                problems.append(ImportProblem(
                    ERROR,
                    f"Lĩnh vực {area.code}: đọc được {area.criteria} tiêu chí, {area.components} "
                    f"tiêu chí thành phần; --expect ghi {crit}/{comp}",
                    "Có dòng bị thiếu, thừa hoặc sai mã trong lĩnh vực này: so với văn bản gốc.",
                ))


def _check_sequences(areas: list[_Node], problems: list[ImportProblem], expect_ok: bool
                     ) -> None:
    """Gaps in the numbering at each level (1 then 3: 2 is missing; 1.1 then 1.3)."""
    severity = WARNING if expect_ok else ERROR
    hint = ("Có thể thiếu dòng (bảng bị tách, dòng bị xóa hoặc không đọc được): so với văn bản "
            "gốc." + ("" if expect_ok else " Nếu văn bản gốc thật sự bỏ số này, thêm --expect "
                      "với đúng số lượng thì đây chỉ là cảnh báo."))

    def check(parent: str | None, nodes: list[_Node]) -> None:
        previous = 0
        for node in nodes:
            if node.lettered:
                return
            last = node.code.rsplit(".", 1)[-1]
            if not last.isdigit():
                return
            number = int(last)
            if number > previous + 1:
                prefix = f"{parent}." if parent else ""
                missing = [f"{prefix}{k}" for k in range(previous + 1, number)]
                shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                what = {1: "lĩnh vực", 2: "tiêu chí", 3: "tiêu chí thành phần"}[node.level]
                # a table of a few lĩnh vực only (starting at 8) is possible: a warning
                first_area = parent is None and previous == 0
                problems.append(ImportProblem(
                    WARNING if first_area else severity, f"Thiếu {what} {shown}: sau "
                    + (f"{prefix}{previous}" if previous else f"{parent or 'đầu bảng'}")
                    + f" là {node.code}",
                    hint, node.where, _short(node.name),
                ))
            previous = max(previous, number)

    check(None, areas)
    for area in areas:
        check(area.code, area.children)
        for crit in area.children:
            check(crit.code, crit.children)


def _check_stated_parts(parser: _Parser, data: dict[str, Any], problems: list[ImportProblem]
                        ) -> None:
    """"Điểm tự đánh giá, thẩm định | 68" and "Điểm đánh giá qua điều tra xã hội học | 32"
    printed under the table must equal the sums of the leaves read."""
    for part, key, what in (("appraisal", "appraisal_max", "tự chấm (tự đánh giá, thẩm định)"),
                            ("survey", "survey_max", "điều tra xã hội học")):
        stated = parser.stated_parts.get(part)
        if stated is None:
            continue
        value, where, label = stated
        got = data[key]
        if value != got:
            problems.append(ImportProblem(
                ERROR,
                f"Dòng \"{label}\" ghi {format_decimal(value)} điểm, nhưng các tiêu chí {what} "
                f"đọc được cộng lại {format_decimal(got)} điểm",
                "Có dòng bị thiếu, hoặc một tiêu chí bị nhận nhầm tự chấm / điều tra xã hội học: "
                "xem cột cách chấm trong báo cáo và so với văn bản gốc.",
                where,
            ))


def _check_model(data: dict[str, Any], problems: list[ImportProblem], wheres: dict[str, str],
                 excel_number_codes: set[str] | None = None) -> CriteriaSet | None:
    from pydantic import ValidationError

    from parcli.validation import check_criteria

    try:
        model = CriteriaSet.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors()[:20]:
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(ImportProblem(
                ERROR, f"Dữ liệu nhập không hợp lệ tại {loc}: {err['msg']}",
                "Kiểm tra dòng tương ứng trong bảng gốc.",
            ))
        return None
    for f in check_criteria(model, None):
        if f.code in ("C003", "C007"):
            continue  # counts: reported by --expect (per lĩnh vực too); C007: said at the end
        where = wheres.get(f.criterion or "", "")
        message, hint = f"{f.code}: {f.message}", f.hint
        if f.code == "C001" and f.criterion in (excel_number_codes or set()):
            message += (f" (mã {f.criterion} ở ô dạng số trong Excel: có thể văn bản ghi "
                        f"{f.criterion}0 và Excel đã đổi thành {f.criterion})")
            hint = ("Định dạng cột STT là Text (Văn bản), gõ lại mã đúng như văn bản (ví dụ "
                    "1.10) rồi nhập lại.")
        problems.append(ImportProblem(f.severity, message, hint, where))
    return model


# --------------------------------------------------------------------------- YAML


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, str):
        return json.dumps(nfc(value), ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def _yaml_lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml_lines(item, indent + 2))
            elif isinstance(item, list):
                if not item:
                    lines.append(f"{pad}{key}: []")
                    continue
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml_lines(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_yaml_scalar(item)}")
        return lines
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                inner = _yaml_lines(item, indent + 2)
                inner[0] = f"{pad}- " + inner[0].lstrip()
                lines.extend(inner)
            else:
                lines.append(f"{pad}- {_yaml_scalar(item)}")
        return lines
    return [pad + _yaml_scalar(value)]


def to_yaml(data: dict[str, Any], source_name: str) -> str:
    """The criteria set as YAML: codes quoted, decimals as written, NFC text."""
    header = [
        f"# Bộ tiêu chí nhập bằng `parcli criteria import` từ {source_name}.",
        "# Kiểm tra lại với văn bản gốc trước khi dùng: parcli criteria check <tệp này>",
        "",
    ]
    return "\n".join(header + _yaml_lines(data, 0)) + "\n"


def write_yaml(result: ImportResult, out: Path, *, force: bool, partial: bool = False) -> None:
    """Write atomically (a temporary file in the same folder, then os.replace).

    The written text is loaded back with :func:`parcli.loading.load_criteria` before it replaces
    anything; unless ``partial``, a file with errors is never written.
    """
    from parcli.loading import load_criteria

    if result.data is None:
        raise ImportFailed("Không có gì để ghi: không đọc được lĩnh vực nào")
    if not result.ok and not partial:
        raise ImportFailed(
            f"Bảng còn {len(result.errors)} lỗi; chưa ghi {out}",
            "Sửa bảng gốc rồi nhập lại, hoặc dùng --partial để ghi phần đọc được.",
        )
    if out.exists() and not force:
        raise OutputExists(
            f"Tệp {out} đã có",
            "Thêm --force để ghi đè, hoặc chọn tên tệp khác với -o.",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"Thư mục {folder} không tồn tại", "Tạo thư mục trước hoặc sửa -o.")
    text = to_yaml(result.data, result.source_name)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        model, doc, findings = load_criteria(tmp, out.name)
        if model is not None:
            from parcli.validation import check_criteria

            findings.extend(check_criteria(model, doc))
        bad = [f for f in findings if f.severity is Severity.ERROR]
        if (model is None or bad) and not partial:
            first = bad[0].message if bad else "không đọc lại được"
            raise ImportFailed(
                f"Tệp YAML tạo ra không đọc lại được ({first}); chưa ghi {out}",
                "Đây có thể là lỗi của parcli: gửi tệp bảng cho người bảo trì.",
            )
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------- report


def render_report(result: ImportResult, options: ImportOptions) -> str:
    """What the importer found, for the terminal (Vietnamese)."""
    what = "bảng" if result.kind == "docx" else "trang tính"
    out = [
        f"Đọc tệp {result.source_name}: {result.tables_total} {what}, dùng "
        f"{result.tables_used}, {result.rows_read} dòng nội dung.",
        "",
    ]
    if result.areas:
        rows = [("Mã", "Lĩnh vực", "TC", "TCTP", "Tối đa", "Tổng TC", "")]
        for a in result.areas:
            stated = "—" if a.max_score is None else format_decimal(a.max_score)
            mark = "" if a.max_score is None or a.max_score == a.children_sum else "≠ LỆCH"
            rows.append((a.code, _short(a.name, 46), str(a.criteria), str(a.components), stated,
                         format_decimal(a.children_sum), mark))
        out.extend(_table(rows))
        n_areas, n_crit, n_comp = result.counts()
        out.append("")
        line = (f"Tổng: {n_areas} lĩnh vực, {n_crit} tiêu chí, {n_comp} tiêu chí thành phần")
        if result.data is not None:
            total = sum((a["max_score"] for a in result.data["areas"]), Decimal(0))
            line += (f"; {format_decimal(total)} điểm (tự chấm "
                     f"{format_decimal(result.data['appraisal_max'])}, điều tra xã hội học "
                     f"{format_decimal(result.data['survey_max'])})")
            if result.stated_total is not None:
                line += f"; dòng tổng của bảng ghi {format_decimal(result.stated_total)}"
        out.append(line + ".")
    if options.expect_totals is not None or options.expect_areas is not None:
        mism = [p for p in result.errors if "--expect" in p.message]
        out.append("Đối chiếu --expect: " + ("KHÔNG KHỚP." if mism else "khớp."))
    else:
        out.append("Chưa đối chiếu số lượng: nên thêm --expect (ví dụ --expect 8/37/88 cho Bảng 2 "
                   "cấp tỉnh) để không sót dòng.")
    for severity, title in ((ERROR, "Lỗi"), (WARNING, "Cảnh báo"), (INFO, "Ghi chú")):
        items = [p for p in result.problems if p.severity is severity]
        if not items:
            continue
        out.append("")
        out.append(f"{title} ({len(items)}):")
        for p in items:
            where = f"{p.where}: " if p.where else ""
            out.append(f"  - {where}{p.message}")
            if p.text:
                out.append(f"      dòng: {p.text}")
            if p.hint:
                out.append(f"      → {p.hint}")
    if result.leaves_without_step:
        out.append("")
        codes = ", ".join(result.leaves_without_step[:30])
        more = len(result.leaves_without_step) - 30
        out.append(
            f"Chưa có bước điểm ({len(result.leaves_without_step)} tiêu chí chấm điểm; cách chấm "
            f"không nêu mức điểm): {codes}" + (f" và {more} mã khác" if more > 0 else "")
        )
        out.append("  → Nếu văn bản quy định bước điểm, thêm step: (ví dụ 0.25) vào tệp YAML.")
    return "\n".join(out)


def _table(rows: Iterable[tuple[str, ...]]) -> list[str]:
    rows = list(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5}
    lines: list[str] = []
    for r in rows:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                 for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return lines


def parse_date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
