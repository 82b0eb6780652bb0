"""Year over year: last year's result against this year's, per lĩnh vực, tiêu chí and leaf.

Last year's figure for a leaf is the one that counts, and its source is said: the published
score, else the appraised score of round 2, else of round 1, else the self-score
(:meth:`LastYearLeaf.result`). This year's is the appraised score when this dossier has an
``appraisal.yaml`` (round 2, else round 1), else the self-score.

Totals of a tiêu chí or lĩnh vực are exact sums over the leaves the Sở scores in that year; a
difference is given only when both years are complete (every such leaf has a figure). Whether a
row improved compares the share of the maximum (equal to comparing points when the maximum did
not change). Survey leaves are not compared (they are not self-scored).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Literal

from parcli.model import BASIS_LABELS, AppraisalFile, LastYearFile, Unmatched
from parcli.scoring.scorecard import Scorecard
from parcli.text import plain_decimal

ZERO = Decimal(0)

Trend = Literal["improved", "worse", "unchanged"]
TREND_LABELS: dict[str, str] = {"improved": "tăng", "worse": "giảm", "unchanged": "không đổi"}
MIXED = "mixed"


@dataclasses.dataclass(frozen=True)
class Side:
    """One year's figure for a row: points, maximum, where it comes from, how complete."""

    value: Decimal | None
    max_score: Decimal | None
    basis: str | None  # published, round2, round1, self, mixed
    leaves: int  # scored leaves counted
    complete: bool  # every counted leaf has a figure

    @property
    def basis_label(self) -> str:
        if self.basis is None:
            return ""
        return "nhiều nguồn" if self.basis == MIXED else BASIS_LABELS[self.basis]

    @property
    def lost(self) -> bool:
        return self.value is not None and self.max_score is not None and self.value < self.max_score

    def to_dict(self) -> dict[str, object]:
        return {
            "score": None if self.value is None else plain_decimal(self.value),
            "max_score": None if self.max_score is None else plain_decimal(self.max_score),
            "basis": self.basis,
            "complete": self.complete,
        }


@dataclasses.dataclass(frozen=True)
class Row:
    level: int  # 1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần (a leaf tiêu chí is 2)
    code: str
    name: str
    is_leaf: bool
    last: Side
    this: Side
    old_code: str | None = None
    last_reason: str | None = None
    last_remedy: str | None = None
    this_reason: str | None = None
    this_remedy: str | None = None
    division: str | None = None
    published_total: Decimal | None = None  # last year's published area total (with survey)

    @property
    def difference(self) -> Decimal | None:
        a, b = self.last, self.this
        if a.value is None or b.value is None or not (a.complete and b.complete):
            return None
        if not a.leaves or not b.leaves:
            return None
        return b.value - a.value

    @property
    def trend(self) -> Trend | None:
        if self.difference is None:
            return None
        a, b = self.last, self.this
        assert a.value is not None and b.value is not None
        if not a.max_score or not b.max_score:
            return None
        left, right = b.value * a.max_score, a.value * b.max_score
        return "improved" if left > right else "worse" if left < right else "unchanged"

    @property
    def lost_both_years(self) -> bool:
        return self.is_leaf and self.last.lost and self.this.lost

    def to_dict(self) -> dict[str, object]:
        diff = self.difference
        return {
            "level": self.level,
            "code": self.code,
            "old_code": self.old_code,
            "name": self.name,
            "last_year": self.last.to_dict(),
            "this_year": self.this.to_dict(),
            "difference": None if diff is None else plain_decimal(diff),
            "trend": self.trend,
            "lost_both_years": self.lost_both_years,
            "last_reason": self.last_reason,
            "last_remedy": self.last_remedy,
            "this_reason": self.this_reason,
            "this_remedy": self.this_remedy,
            "last_published_total": None
            if self.published_total is None
            else plain_decimal(self.published_total),
        }


@dataclasses.dataclass(frozen=True)
class Comparison:
    last_year: int
    this_year: int
    source: str  # where last year comes from, for people
    rows: list[Row]  # areas, criteria, leaves in criteria order
    total: Row
    unmatched: list[Unmatched]
    last_published_total: Decimal | None
    last_published_rank: int | None
    mapped_from: str | None  # last year's criteria set when it differs

    @property
    def areas(self) -> list[Row]:
        return [r for r in self.rows if r.level == 1]

    @property
    def leaves(self) -> list[Row]:
        return [r for r in self.rows if r.is_leaf]

    def lost_both_years(self) -> list[Row]:
        return [r for r in self.leaves if r.lost_both_years]

    def lost_last_year(self) -> list[Row]:
        return [r for r in self.leaves if r.last.lost]

    def to_dict(self) -> dict[str, object]:
        return {
            "last_year": self.last_year,
            "this_year": self.this_year,
            "source": self.source,
            "criteria_mapped_from": self.mapped_from,
            "total": self.total.to_dict(),
            "last_published_total": None
            if self.last_published_total is None
            else plain_decimal(self.last_published_total),
            "last_published_rank": self.last_published_rank,
            "rows": [r.to_dict() for r in self.rows],
            "lost_both_years": [r.code for r in self.lost_both_years()],
            "unmatched": [u.model_dump(mode="json") for u in self.unmatched],
        }


def _sum(parts: list[tuple[Decimal | None, Decimal | None, str | None]]) -> Side:
    """A side of a parent row from its leaves' (value, max, basis)."""
    if not parts:
        return Side(None, None, None, 0, True)
    values = [v for v, _, _ in parts if v is not None]
    bases = {b for _, _, b in parts if b is not None}
    return Side(
        value=sum(values, ZERO) if values else None,
        max_score=sum((m or ZERO for _, m, _ in parts), ZERO),
        basis=(next(iter(bases)) if len(bases) == 1 else MIXED) if bases else None,
        leaves=len(parts),
        complete=len(values) == len(parts),
    )


def compare(
    last: LastYearFile,
    card: Scorecard,
    appraisal: AppraisalFile | None,
    this_year: int,
    source: str,
) -> Comparison:
    appraised = appraisal.leaves if appraisal else {}
    last_parts: dict[str, tuple[Decimal | None, Decimal | None, str | None]] = {}
    this_parts: dict[str, tuple[Decimal | None, Decimal | None, str | None]] = {}
    leaf_rows: dict[str, Row] = {}
    for result in card.leaves:
        code = result.leaf.code
        entry = last.leaves.get(code)
        if not result.in_scope and entry is None:
            continue
        if entry is not None:
            value, basis = entry.result()
            last_parts[code] = (value, entry.max_score, basis)
        this_side = Side(None, None, None, 0, True)
        if result.in_scope:
            council = appraised.get(code)
            mine = card.counted(result)  # an invalid self-score a draft leaves out: not scored
            this_value, this_basis = mine, "self" if mine is not None else None
            if council is not None and council.final_score is not None:
                this_value = council.final_score
                this_basis = "round2" if council.round2_score is not None else "round1"
            this_parts[code] = (this_value, result.leaf.max_score, this_basis)
            this_side = _sum([this_parts[code]])
        answer = result.answer if result.in_scope else None
        leaf_rows[code] = Row(
            level=3 if not result.leaf.is_criterion else 2,
            code=code,
            name=result.leaf.name,
            is_leaf=True,
            last=_sum([last_parts[code]]) if code in last_parts else _sum([]),
            this=this_side,
            old_code=entry.old_code if entry else None,
            last_reason=entry.reason if entry else None,
            last_remedy=entry.remedy if entry else None,
            this_reason=answer.reason_lost if answer else None,
            this_remedy=answer.remedy if answer else None,
            division=result.division if result.in_scope else (entry.division if entry else None),
        )
    rows: list[Row] = []
    for node in card.nodes():
        if node.leaf is not None:
            if node.code in leaf_rows:
                rows.append(leaf_rows[node.code])
            continue
        below = [n.code for n in node.walk() if n.leaf is not None and n.code in leaf_rows]
        if not below:
            continue
        area = last.areas.get(node.code) if node.level == 1 else None
        rows.append(
            Row(
                level=node.level,
                code=node.code,
                name=node.name,
                is_leaf=False,
                last=_sum([last_parts[c] for c in below if c in last_parts]),
                this=_sum([this_parts[c] for c in below if c in this_parts]),
                old_code=area.old_code if area else None,
                published_total=area.published_total if area else None,
            )
        )
    total = Row(
        level=0,
        code="",
        name="Tổng cộng",
        is_leaf=False,
        last=_sum(list(last_parts.values())),
        this=_sum(list(this_parts.values())),
    )
    return Comparison(
        last_year=last.year,
        this_year=this_year,
        source=source,
        rows=rows,
        total=total,
        unmatched=list(last.unmatched),
        last_published_total=last.published_total,
        last_published_rank=last.published_rank,
        mapped_from=last.criteria if last.mapped_to else None,
    )
