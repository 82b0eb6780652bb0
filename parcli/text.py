"""Vietnamese text, number and date helpers shared by every part of parcli.

Nothing here imports a third-party package: light commands use it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_DATE_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (the form Vietnamese text is compared and written in)."""
    return unicodedata.normalize("NFC", text)


# What Word and web pages paste that nobody means to type: removed, or read as a space
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
UNICODE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_RUNS = re.compile(r" {2,}")


def strip_invisible(text: str) -> str:
    """``text`` without zero-width spaces and joiners, word joiners, BOMs and soft hyphens."""
    return text if text.isascii() else _INVISIBLE.sub("", text)


def clean_text(text: str, *, collapse: bool = True) -> str:
    """Text as a person means it: NFC, Windows line ends folded, zero-width characters and soft
    hyphens removed, tabs and non-breaking (or other Unicode) spaces read as spaces, runs of
    spaces made one (unless ``collapse`` is false: a file name keeps its spaces), every line
    without spaces at its ends."""
    if text.isascii():  # most values: already NFC, nothing invisible, no odd space but tabs
        value = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    else:
        # invisible characters go before NFC: "Ke\u200b\u0302" must end up as "Kê"
        value = nfc(strip_invisible(text)).replace("\r\n", "\n").replace("\r", "\n")
        value = ODD_SPACES.sub(" ", value)
    if collapse:
        value = _RUNS.sub(" ", value)
        if "\n" in value:
            value = "\n".join(line.strip(" ") for line in value.split("\n"))
    return value.strip()


def fold(text: str) -> str:
    """Fold for diacritic- and case-insensitive matching: "Điểm Tự" -> "diem tu"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.casefold().split())


def slugify(text: str) -> str:
    """ASCII slug for file names: "Phòng Quản lý giao thông" -> "phong-quan-ly-giao-thong"."""
    folded = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def parse_date(value: object) -> dt.date:
    """Accept a date, an ISO string (2023-12-25) or dd/mm/yyyy (25/12/2023, also with - or .).

    Raises ValueError with a Vietnamese message for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_DMY.match(value)
        if m:
            day, month, year = (int(g) for g in m.groups())
            return _make_date(year, month, day, value)
        m = _DATE_ISO.match(value)
        if m:
            year, month, day = (int(g) for g in m.groups())
            return _make_date(year, month, day, value)
    raise ValueError(f"'{value}' không phải là ngày hợp lệ; hãy viết dd/mm/yyyy (25/12/2023)")


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"'{raw}' không phải là ngày có thật (ngày {day}, tháng {month})"
        ) from None


def format_date(d: dt.date) -> str:
    """dd/mm/yyyy, the short form used in messages and tables: 05/01/2024."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_date_long(d: dt.date) -> str:
    """The form of Nghị định 30/2020: "ngày 05 tháng 01 năm 2024", "ngày 09 tháng 3 năm 2024".

    Days below 10 and the months 1 and 2 take a leading zero; other months do not.
    """
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def parse_decimal(value: object) -> Decimal:
    """Exact decimal from a YAML number or a string with a decimal comma or point ("0,5")."""
    if isinstance(value, bool):
        raise ValueError("phải là một số, không phải đúng/sai")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Only reached from Python callers; YAML numbers arrive as exact decimals.
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." in text:
            raise ValueError(f"'{value}' có cả dấu phẩy và dấu chấm; hãy viết như 0,5 hoặc 0.5")
        text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            if re.match(r"^[+-]?\d+([.,]\d+)?(%|điểm|đ)$", nfc(text), re.IGNORECASE):
                raise ValueError(f"'{value}' có kèm chữ hoặc dấu %; chỉ ghi số") from None
            raise ValueError(f"'{value}' không phải là số") from None
        if not result.is_finite():
            raise ValueError(f"'{value}' không phải là số")
        return result
    raise ValueError(f"'{value}' không phải là số")


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """Vietnamese number: decimal comma, dot grouping, no trailing zeros unless ``places``.

    format_decimal(Decimal("70.50")) -> "70,5"; format_decimal(Decimal("94"), 2) -> "94,00".
    """
    if places is not None:
        q = Decimal(1).scaleb(-places)
        value = value.quantize(q, rounding=ROUND_HALF_UP)
        text = f"{value:,.{places}f}"
    else:
        text = f"{Decimal(plain_decimal(value)):,f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def plain_decimal(value: Decimal) -> str:
    """The exact value with a decimal point and no trailing zeros, for JSON: "58.25", "66"."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return format(normalized, "f")


def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Sort key for criterion codes: "1.2" < "1.10" < "2" (non-numeric parts sort last, as text)."""
    parts: list[tuple[int, str]] = []
    for part in code.split("."):
        if part.isdigit():
            parts.append((int(part), ""))
        else:
            parts.append((10**9, part))
    return tuple(parts)


def describe_size(size: int) -> str:
    """Bytes for people: "34 MB", "850 KB", "12 byte" (1 MB = 1024 × 1024 byte)."""
    if size >= 1024 * 1024:
        return f"{format_decimal(Decimal(size) / (1024 * 1024), 1).removesuffix(',0')} MB"
    if size >= 1024:
        return f"{format_decimal(Decimal(size) / 1024, 0)} KB"
    return f"{size} byte"


PROPERTY_CHARS = 255  # the limit of an Office core document property (title, author, subject)


def document_property(text: str) -> str:
    """``text`` cut to fit an Office document property, with "…" where it was cut (the
    document itself carries the whole text)."""
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1].rstrip() + "…"
