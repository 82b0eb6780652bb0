"""Scoring: exact decimals from leaf to tiêu chí to lĩnh vực to total.

The rounding rule, written once: scores are never rounded. Sums are exact decimal sums of the
scores as written. Only percentages are rounded, to two decimal places, half up
(94,625% → 94,63%), by :func:`percent`.

Out of scope: leaves not assigned to any division (the Sở does not score them) and survey leaves
(scored by the sociological survey, shown with their maximum only). The self-assessed total is
the sum of the scores of in-scope leaves over the sum of their maxima; an unanswered in-scope
leaf counts 0 points.
"""

from __future__ import annotations

import dataclasses
import functools
from decimal import ROUND_HALF_UP, Decimal

from parcli.model import (
    Answer,
    Area,
    Component,
    CriteriaSet,
    Criterion,
    DivisionFile,
    Dossier,
    Leaf,
    Method,
)
from parcli.scoring.scope import Scope, resolve_scope
from parcli.text import format_decimal

ZERO = Decimal(0)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part/whole as a percentage rounded half up to 2 places; None when whole is 0."""
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def needs_support(leaf: Leaf, answer: Answer) -> bool:
    """The rule behind A009: a positive score, evidence required, no evidence, no explanation."""
    return (
        answer.score is not None
        and answer.score > 0
        and leaf.evidence_required
        and not answer.evidence
        and not answer.explanation
    )


def score_problem(leaf: Leaf, score: Decimal | None) -> str | None:
    """Why a self-score cannot count (the rules behind A005–A007), or None."""
    if score is None:
        return None
    if score < 0:
        return "điểm âm"
    if score > leaf.max_score:
        return f"vượt điểm tối đa {format_decimal(leaf.max_score)}"
    if leaf.step is not None and leaf.step > 0 and score % leaf.step != 0:
        return f"sai bước điểm {format_decimal(leaf.step)}"
    return None


def left_out_note(score: Decimal, problem: str) -> str:
    """ "Điểm ghi 5 không hợp lệ (vượt điểm tối đa 1): không tính vào tổng": what a document
    says beside a self-score :func:`leave_out_invalid` leaves out (``problem`` as given by
    :func:`score_problem`)."""
    return f"Điểm ghi {format_decimal(score)} không hợp lệ ({problem}): không tính vào tổng"


@dataclasses.dataclass(frozen=True)
class LeafResult:
    leaf: Leaf
    division: str | None  # the lead division, None when out of scope
    answer: Answer | None

    @property
    def in_scope(self) -> bool:
        return self.division is not None and self.leaf.method is Method.APPRAISAL

    @property
    def score(self) -> Decimal | None:
        if not self.in_scope or self.answer is None:
            return None
        return self.answer.score

    @property
    def answered(self) -> bool:
        return self.score is not None

    @property
    def problem(self) -> str | None:
        """Why the self-score cannot count (negative, over the maximum, off the step), or None."""
        return score_problem(self.leaf, self.score)

    @property
    def lost(self) -> Decimal:
        """Points lost (max − score) for an answered in-scope leaf; 0 otherwise."""
        score = self.score
        return self.leaf.max_score - score if score is not None else ZERO

    @property
    def has_evidence(self) -> bool:
        return bool(self.answer and self.answer.evidence)

    @property
    def needs_support(self) -> bool:
        """A positive score where evidence is required, with neither evidence nor explanation."""
        answer = self.answer
        return answer is not None and needs_support(self.leaf, answer)

    @property
    def reason(self) -> str | None:
        if self.answer is None:
            return None
        return self.answer.reason_lost or self.answer.explanation


@dataclasses.dataclass(frozen=True)
class NodeResult:
    """A lĩnh vực, tiêu chí or tiêu chí thành phần with its totals."""

    code: str
    name: str
    level: int  # 1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần
    max_score: Decimal  # as in the criteria set
    scope_max: Decimal  # Σ max of in-scope appraisal leaves below (or itself)
    score: Decimal  # Σ self-scores of those leaves
    survey_max: Decimal  # Σ max of survey leaves below
    leaves: int  # in-scope leaves below
    answered: int
    leaf: LeafResult | None
    children: tuple[NodeResult, ...]

    @property
    def in_scope(self) -> bool:
        return self.leaves > 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.score, self.scope_max)

    def walk(self) -> list[NodeResult]:
        result = [self]
        for child in self.children:
            result.extend(child.walk())
        return result


@dataclasses.dataclass(frozen=True)
class Scorecard:
    criteria: CriteriaSet
    areas: tuple[NodeResult, ...]
    leaves: tuple[LeafResult, ...]
    invalid_left_out: bool = False  # made by :func:`leave_out_invalid`

    def counted(self, result: LeafResult) -> Decimal | None:
        """The self-score of ``result`` as this scorecard's totals count it: None when it is
        unanswered, out of scope, or invalid on a scorecard that leaves invalid scores out."""
        if self.invalid_left_out and result.problem is not None:
            return None
        return result.score

    def left_out(self, result: LeafResult) -> str | None:
        """What to say beside a self-score this scorecard leaves out of its totals, or None."""
        problem = result.problem
        if not self.invalid_left_out or problem is None or result.score is None:
            return None
        return left_out_note(result.score, problem)

    @property
    def score(self) -> Decimal:
        return sum((a.score for a in self.areas), ZERO)

    @property
    def scope_max(self) -> Decimal:
        return sum((a.scope_max for a in self.areas), ZERO)

    @property
    def survey_max(self) -> Decimal:
        return sum((a.survey_max for a in self.areas), ZERO)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.score, self.scope_max)

    @functools.cached_property
    def in_scope_leaves(self) -> list[LeafResult]:
        return [r for r in self.leaves if r.in_scope]

    @functools.cached_property
    def by_division(self) -> dict[str, list[LeafResult]]:
        """In-scope leaves per lead division, in criteria order (grouped once)."""
        groups: dict[str, list[LeafResult]] = {}
        for r in self.in_scope_leaves:
            groups.setdefault(str(r.division), []).append(r)
        return groups

    @functools.cached_property
    def _by_code(self) -> dict[str, LeafResult]:
        return {r.leaf.code: r for r in self.leaves}

    def nodes(self) -> list[NodeResult]:
        result: list[NodeResult] = []
        for area in self.areas:
            result.extend(area.walk())
        return result

    def leaf(self, code: str) -> LeafResult | None:
        return self._by_code.get(code)

    @property
    def out_of_scope(self) -> list[LeafResult]:
        """Appraisal leaves no division leads: the agency does not score them."""
        return [r for r in self.leaves if r.division is None and r.leaf.method is Method.APPRAISAL]

    def lost_points(self) -> list[LeafResult]:
        """Answered in-scope leaves that lost points, in criteria order (not those whose score
        this scorecard leaves out)."""
        return [r for r in self.in_scope_leaves if self.counted(r) is not None and r.lost > 0]


def score_as_assigned(
    dossier: Dossier, criteria: CriteriaSet, divisions: dict[str, DivisionFile]
) -> Scorecard:
    """The scorecard with the dossier's assignments (no validation: see actions.assess)."""
    return score_dossier(criteria, resolve_scope(dossier, criteria), divisions)


def score_dossier(
    criteria: CriteriaSet, scope: Scope, divisions: dict[str, DivisionFile]
) -> Scorecard:
    """Score every leaf with the answer of its lead division, and roll the totals up."""
    results: dict[str, LeafResult] = {}
    for leaf in criteria.leaves():
        division = scope.lead.get(leaf.code)
        answer = None
        if division is not None and division in divisions:
            answer = divisions[division].answers.get(leaf.code)
        results[leaf.code] = LeafResult(leaf=leaf, division=division, answer=answer)
    return _roll_up(criteria, results)


def leave_out_invalid(card: Scorecard) -> Scorecard:
    """The scorecard as ``parcli status`` counts it: a self-score that cannot count (negative,
    over the maximum, off the step: :attr:`LeafResult.problem`) adds nothing to any total and
    its leaf counts as not scored. The leaves keep their answers as written, so the invalid
    scores can still be listed to correct."""
    return _roll_up(card.criteria, {r.leaf.code: r for r in card.leaves}, leave_out_invalid=True)


def _roll_up(
    criteria: CriteriaSet, results: dict[str, LeafResult], *, leave_out_invalid: bool = False
) -> Scorecard:
    """The totals of every tiêu chí and lĩnh vực from the leaves' results."""

    def node(
        level: int, item: Area | Criterion | Component, children: tuple[NodeResult, ...]
    ) -> NodeResult:
        leaf_result = results.get(item.code) if not children else None
        if leaf_result is not None:
            in_scope = leaf_result.in_scope
            is_survey = leaf_result.leaf.method is Method.SURVEY
            counted = leaf_result.score
            if leave_out_invalid and leaf_result.problem is not None:
                counted = None
            return NodeResult(
                code=item.code,
                name=item.name,
                level=level,
                max_score=item.max_score,
                scope_max=item.max_score if in_scope else ZERO,
                score=(counted or ZERO) if in_scope else ZERO,
                survey_max=item.max_score if is_survey else ZERO,
                leaves=1 if in_scope else 0,
                answered=1 if counted is not None else 0,
                leaf=leaf_result,
                children=(),
            )
        return NodeResult(
            code=item.code,
            name=item.name,
            level=level,
            max_score=item.max_score,
            scope_max=sum((c.scope_max for c in children), ZERO),
            score=sum((c.score for c in children), ZERO),
            survey_max=sum((c.survey_max for c in children), ZERO),
            leaves=sum(c.leaves for c in children),
            answered=sum(c.answered for c in children),
            leaf=None,
            children=children,
        )

    areas: list[NodeResult] = []
    for area in criteria.areas:
        crits: list[NodeResult] = []
        for crit in area.criteria:
            comps = tuple(node(3, comp, ()) for comp in crit.components)
            crits.append(node(2, crit, comps))
        areas.append(node(1, area, tuple(crits)))
    return Scorecard(
        criteria=criteria,
        areas=tuple(areas),
        leaves=tuple(results.values()),
        invalid_left_out=leave_out_invalid,
    )


@dataclasses.dataclass(frozen=True)
class DivisionProgress:
    division: str
    assigned: int
    answered: int
    with_evidence: int
    score: Decimal
    scope_max: Decimal

    @property
    def percent(self) -> Decimal | None:
        return percent(self.score, self.scope_max)


def division_progress(card: Scorecard, division_ids: list[str]) -> list[DivisionProgress]:
    rows = []
    for division_id in division_ids:
        mine = card.by_division.get(division_id, [])
        rows.append(
            DivisionProgress(
                division=division_id,
                assigned=len(mine),
                answered=sum(1 for r in mine if card.counted(r) is not None),
                with_evidence=sum(1 for r in mine if r.has_evidence),
                score=sum((card.counted(r) or ZERO for r in mine), ZERO),
                scope_max=sum((r.leaf.max_score for r in mine), ZERO),
            )
        )
    return rows
