"""Criterion codes: "I", "1", "1.2", "1.2.3", "a)" in a code cell or at the start of a
name ("1.2. Tên tiêu chí"), Roman numerals, bullets and the "A." group letters.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

_PURE_CODE = re.compile(
    r"^(?:(?P<roman>[IVXL]+)|(?P<arabic>\d+(?:\.\d+)*)|(?P<letter>[a-zđ]))[.):]?$"
)
_LEAD_CODE = re.compile(
    r"^(?:(?P<roman>[IVXL]+)(?:[.):]|\s*[-–—](?=\s))|(?P<dotted>\d+(?:\.\d+)+)[.:]?|(?P<single>\d+)[.):]"
    r"|(?P<letter>[a-zđ])\))\s*(?P<rest>\S.*)$",
    re.S,
)
GROUP_LETTER = re.compile(r"^(?![IVXL][.)])[A-ZĐ][.)]\s+\S")
BULLETS = {"-", "+", "*", "•", "–", "—", "o", "·"}
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
    for value, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


@dataclasses.dataclass(frozen=True)
class Code:
    kind: Literal["roman", "arabic", "letter"]
    value: str  # "II", "1.2.3", "a"
    printed: str


def parse_code(text: str) -> Code | None:
    compact = text.replace(" ", "")
    m = _PURE_CODE.match(compact)
    if not m:
        return None
    if m.group("roman"):
        if roman_value(m.group("roman")) is None:
            return None
        return Code("roman", m.group("roman"), text.strip())
    if m.group("arabic"):
        return Code("arabic", m.group("arabic"), text.strip())
    return Code("letter", m.group("letter"), text.strip())


def split_leading_code(text: str) -> tuple[Code, str] | None:
    """ "1.2. Tên tiêu chí" -> (1.2, "Tên tiêu chí"); "a) ..." ; "II. TÊN LĨNH VỰC"."""
    m = _LEAD_CODE.match(text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if m.group("roman"):
        if roman_value(m.group("roman")) is None:
            return None
        return Code("roman", m.group("roman"), m.group("roman")), rest
    if m.group("dotted"):
        return Code("arabic", m.group("dotted"), m.group("dotted")), rest
    if m.group("single"):
        return Code("arabic", m.group("single"), m.group("single")), rest
    return Code("letter", m.group("letter"), m.group("letter") + ")"), rest
