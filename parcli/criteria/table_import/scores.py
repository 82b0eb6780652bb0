"""Scores and scoring rules: a score cell ("0,5", "1 điểm"), the points a rule lists, the
step inferred from them, and the rule that only says "scored by the survey".
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from parcli.model.base import MAX_SCORE, SCORE_PLACES
from parcli.text import fold, plain_decimal

_SCORE_CELL = re.compile(r"(\d+(?:[.,]\d+)?)(?:diem|d)?\.?")
_POINTS = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:diem|d\b)")
SURVEY_STRONG = ("dieu tra xa hoi hoc", "dtxhh", "dieu tra xhh")
_SURVEY_MARKER_ONLY = re.compile(
    r"^(?:(?:diem|cham|danh gia|lay|duoc|cham diem|qua|theo|bang|thong qua|ket qua|su dung|tu"
    r"|can cu)\s+)*(?:dieu tra xa hoi hoc|dtxhh|dieu tra xhh|khao sat)"
    r"(?:\s+(?:cua\s+)?(?:nguoi dan|nguoi dan va to chuc|nguoi dan to chuc|to chuc|doanh nghiep"
    r"|nguoi dan doanh nghiep|cac doi tuong))?$"
)


def parse_score(text: str) -> Decimal | None:
    """ "0,5", "1.5", "1,0 điểm", "2đ" -> Decimal; None when the cell holds no single number."""
    compact = re.sub(r"\s+", "", fold(text))
    m = _SCORE_CELL.fullmatch(compact)
    if not m:
        return None
    if len(m.group(1)) > 12:  # thousands of digits: not a score, and slow to convert
        return None
    try:
        value = Decimal(m.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    return value if _plausible(value) else None


def _plausible(value: Decimal) -> bool:
    """A score parcli can carry exactly: finite, below MAX_SCORE, at most SCORE_PLACES decimals
    (the rule of :func:`parcli.model.base.to_score`)."""
    return (
        value.is_finite()
        and abs(value) < MAX_SCORE
        and value == value.quantize(Decimal(1).scaleb(-SCORE_PLACES))
    )


def point_values(rule: str) -> list[Decimal]:
    """Every "<number> điểm" in a scoring rule: "1 điểm … 0,5 điểm" -> [1, 0.5]."""
    values: list[Decimal] = []
    for m in _POINTS.finditer(fold(rule)):
        if len(m.group(1)) > 12:
            continue
        try:
            value = Decimal(m.group(1).replace(",", "."))
        except InvalidOperation:
            continue
        if _plausible(value):
            values.append(value)
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
    return Decimal(plain_decimal(step))


def is_survey_marker(rule: str) -> bool:
    """The rule says only "scored by the survey" ("Điểm đánh giá qua điều tra xã hội học",
    "ĐTXHH", "Khảo sát người dân"): ``method: survey`` says that already."""
    return bool(_SURVEY_MARKER_ONLY.match(" ".join(re.sub(r"[^\w]+", " ", fold(rule)).split())))
