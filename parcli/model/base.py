"""What every file format shares: codes, texts, exact scores, dates and the strict base model."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

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


def _to_text(value: object, *, collapse: bool) -> object:
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


def to_score(value: object) -> Decimal:
    return parse_decimal(value)


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

Date = Annotated[
    dt.date,
    BeforeValidator(parse_date),
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
