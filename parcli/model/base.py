"""What every file format shares: codes, texts, exact scores, dates and the strict base model."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from parcli.text import clean_text, nfc, parse_date, parse_decimal

SCHEMA_VERSION = 1

CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


def to_code(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError('mã tiêu chí phải là chữ số như "1.2.3"')
    text = str(value).strip() if isinstance(value, (int, Decimal)) else value
    if not isinstance(text, str):
        raise ValueError('mã tiêu chí phải là chữ số như "1.2.3"')
    text = nfc(text.strip())
    if not CODE_RE.match(text):
        raise ValueError(f'\'{text}\' không phải mã tiêu chí (dạng "1", "1.2", "1.2.3")')
    return text


CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


NONCHARACTERS = re.compile("[\ufffe\uffff]")  # not text; Word and Excel refuse them


def _to_text(value: object, *, collapse: bool) -> object:
    if isinstance(value, str) and NONCHARACTERS.search(value):
        raise ValueError("văn bản có ký tự không phải chữ (U+FFFE hoặc U+FFFF); xóa ký tự đó")
    if isinstance(value, str):
        if CONTROL_CHARS.search(value):
            raise ValueError(
                "văn bản có ký tự điều khiển (thường do dấu \\ trong nháy kép, ví dụ "
                '"thư mục\\bao cao" đọc thành \\b); bỏ dấu \\, hoặc đặt văn bản trong '
                "nháy đơn '...'"
            )
        return clean_text(value, collapse=collapse)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


def to_text(value: object) -> object:
    """Text normalised once, at loading (see :func:`parcli.text.clean_text`): tabs, non-breaking
    and zero-width spaces pasted from Word never reach a report or a cell."""
    return _to_text(value, collapse=True)


def to_path_text(value: object) -> object:
    """A path: cleaned like text, but its spaces kept as they are (file names may repeat them)."""
    return _to_text(value, collapse=False)


SCORE_PLACES = 2  # the official method scores in steps such as 0,25 and 0,5
MAX_SCORE = Decimal(10_000)  # far above any total (100), far below spreadsheet precision


def to_score(value: object) -> Decimal:
    """An exact score: at most :data:`SCORE_PLACES` decimals, less than :data:`MAX_SCORE`.

    Anything finer or larger cannot be a score of the official method, and could not be
    shown in the appendix (a spreadsheet keeps 15 significant digits) the way it was summed.
    """
    number = parse_decimal(value)
    shown = str(value) if len(str(value)) <= 24 else str(value)[:20] + "…"
    if abs(number) >= MAX_SCORE:
        raise ValueError(f"'{shown}' quá lớn: điểm phải nhỏ hơn 10.000")
    if number != number.quantize(Decimal(1).scaleb(-SCORE_PLACES)):
        raise ValueError(
            f"'{shown}' có quá nhiều chữ số thập phân: điểm có tối đa {SCORE_PLACES} chữ số sau "
            "dấu phẩy (bước điểm như 0,25 hoặc 0,5)"
        )
    return number


def none_as_empty(value: object) -> object:
    """A table written with nothing under its key ("1.1":) is an empty table, not an error."""
    return {} if value is None else value


def check_schema_version(value: int) -> int:
    if value != SCHEMA_VERSION:
        raise ValueError(
            f"phiên bản định dạng {value} không được hỗ trợ; phiên bản parcli này đọc "
            f"schema_version: {SCHEMA_VERSION}"
        )
    return value


Code = Annotated[
    str,
    BeforeValidator(to_code),
    WithJsonSchema({"type": "string", "pattern": CODE_RE.pattern, "examples": ["1.2.3"]}),
]
"""A criterion code exactly as printed: "1.10" is not "1.1"."""

Text = Annotated[str, BeforeValidator(to_text), Field(min_length=1)]
OptText = Annotated[str | None, BeforeValidator(to_text)]
PathText = Annotated[str, BeforeValidator(to_path_text), Field(min_length=1)]

Score = Annotated[
    Decimal,
    BeforeValidator(to_score),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\d+([.,]\d+)?$"}],
            "description": 'Số thập phân chính xác; viết 0.5 hoặc "0,5"',
        }
    ),
]
"""An exact decimal score; YAML numbers arrive exact, "0,5" is accepted."""

SchemaVersion = Annotated[int, AfterValidator(check_schema_version)]
"""The version of a file format; only the one this parcli writes is read."""

MIN_YEAR, MAX_YEAR = 1900, 2107  # 2107: the last year a zip (the package) can date


def to_date(value: object) -> dt.date:
    day = parse_date(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"năm {day.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
    return day


Date = Annotated[
    dt.date,
    BeforeValidator(to_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Ngày: dd/mm/yyyy (25/12/2023) hoặc yyyy-mm-dd (2023-12-25)",
            "examples": ["25/12/2023"],
        }
    ),
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
