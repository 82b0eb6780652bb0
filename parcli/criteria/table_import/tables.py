"""The raw table every reader produces (:class:`RawTable` of :class:`RawRow` of
:class:`RawCell`), cell-text cleaning, and the guards shared by the Word and Excel readers
(zip container size, row cap, out of memory).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Literal

from parcli.errors import TableUnreadable
from parcli.formats import limits
from parcli.text import INVISIBLE_CHARS, nfc


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
_DROP = frozenset(INVISIBLE_CHARS)


def clean_text(text: str, cap: int = limits.MAX_CELL_CHARS) -> str:
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


def check_container(path: Path) -> None:
    """Refuse what is not a zip package, or one that would unpack to something huge."""
    if not zipfile.is_zipfile(path):
        head = b""
        if path.is_file():
            with path.open("rb") as fh:
                head = fh.read(8)
        legacy = head.startswith(b"\xd0\xcf\x11\xe0")
        raise TableUnreadable(
            f"Tệp {path.name} không phải tệp {path.suffix.lower() or '.docx/.xlsx'} hợp lệ"
            + (
                " (đây là định dạng .doc/.xls cũ hoặc tệp có đặt mật khẩu)"
                if legacy
                else " (tệp hỏng hoặc không phải tài liệu Word/Excel)"
            ),
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
    if limits.package_too_big(infos):
        total = sum(i.file_size for i in infos)
        raise TableUnreadable(
            f"Tệp {path.name} quá lớn khi giải nén ({total // (1024 * 1024)} MB, "
            f"{len(infos)} phần); parcli không đọc để tránh treo máy",
            "Bảng tiêu chí chỉ cần vài trăm dòng: chép riêng bảng sang một tệp mới rồi nhập lại.",
        )


def out_of_memory(path: Path) -> TableUnreadable:
    return TableUnreadable(
        f"Tệp {path.name} quá lớn hoặc có cấu trúc bất thường: không đủ bộ nhớ để đọc",
        "Bảng tiêu chí chỉ cần vài trăm dòng: chép riêng bảng sang một tệp mới (Word hoặc "
        "Excel) rồi nhập lại.",
    )


def check_row_cap(total_rows: int, path: Path) -> None:
    if total_rows > limits.MAX_ROWS:
        raise TableUnreadable(
            f"Tệp {path.name} có hơn {limits.MAX_ROWS:,} dòng bảng".replace(",", "."),
            "Bảng tiêu chí chỉ có vài trăm dòng: chép riêng bảng tiêu chí sang một tệp mới rồi "
            "nhập lại.",
        )
