"""Write a model as YAML that parcli reads back exactly: codes quoted, decimals as written, text
NFC and double-quoted, dates dd/mm/yyyy, keys in model order, empty values and unset flags left
out (files are written with :func:`parcli.formats.atomic.write_atomic`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from parcli.text import format_date, nfc, plain_decimal

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _scalar(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str):
        return json.dumps(nfc(value), ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


class _DataKey(str):
    """A key that is data (a criterion code under ``leaves``), not a field name: always quoted."""


def _key(key: object) -> str:
    text = str(key)
    if isinstance(key, _DataKey) or not _PLAIN_KEY.match(text):
        return json.dumps(nfc(text), ensure_ascii=False)
    return text


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, dict) and not value)


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                out.append(f"{pad}{_key(key)}:" + (" {}" if not item else ""))
                out.extend(_lines(item, indent + 2))
            elif isinstance(item, list):
                out.append(f"{pad}{_key(key)}:" + (" []" if not item else ""))
                out.extend(_lines(item, indent + 2))
            else:
                out.append(f"{pad}{_key(key)}: {_scalar(item)}")
        return out
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _lines(item, indent + 2)
                inner[0] = f"{pad}- " + inner[0].lstrip()
                out.extend(inner)
            else:
                out.append(f"{pad}- {_scalar(item) if not isinstance(item, dict) else '{}'}")
        return out
    return [pad + _scalar(value)]


def _plain(value: Any) -> Any:
    """A model as dicts and lists; None, empty values and flags left at their default False
    dropped, except models (an empty entry under a code is kept as ``{}``); keys of a dict
    field (codes) are marked to be quoted."""
    from_model = isinstance(value, BaseModel)
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        value = {
            name: getattr(value, name)
            for name, field in fields.items()
            if not (getattr(value, name) is False and field.default is False)
        }
    if isinstance(value, dict):
        return {
            key if from_model else _DataKey(key): _plain(item)
            for key, item in value.items()
            if isinstance(item, BaseModel) or not _empty(item)
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def dump_yaml(model: BaseModel, header: str = "") -> str:
    """``model`` as YAML text; ``header`` lines are written first as comments."""
    return dump_data(_plain(model), header)


def dump_data(data: Any, header: str = "") -> str:
    """Dicts, lists and scalars as YAML text, every value written (an empty list as ``[]``);
    ``header`` lines are written first as comments (an empty line stays empty)."""
    lines = [f"# {line}".rstrip() if line else "" for line in header.splitlines()]
    lines.extend(_lines(data, 0))
    return "\n".join(lines) + "\n"
