"""``parcli status`` as data: progress per division and per lĩnh vực."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from parcli.formats.evidence import EvidenceResolver, Status
from parcli.formats.loading import LoadedDossier
from parcli.model import Leaf
from parcli.scoring.scope import resolve_scope
from parcli.scoring.scorecard import ZERO, LeafResult, Scorecard, percent, score_dossier
from parcli.scoring.window import WindowStatus, window_status
from parcli.text import format_decimal, plain_decimal


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    name: str
    assigned: int
    answered: int
    with_evidence: int
    score: Decimal  # the valid scores only (not over the max, not off the step)
    max_score: Decimal
    survey_max: Decimal = Decimal(0)
    invalid: int = 0  # scores left out of the sum: negative, over the max or off the step

    @property
    def percent(self) -> Decimal | None:
        return percent(self.score, self.max_score)

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "assigned": self.assigned,
            "answered": self.answered,
            "with_evidence": self.with_evidence,
            "score": plain_decimal(self.score),
            "max": plain_decimal(self.max_score),
            "percent": None if self.percent is None else format(self.percent, "f"),
            "progress": None
            if not self.assigned
            else format(percent(Decimal(self.answered), Decimal(self.assigned)), "f"),
            "survey_max": plain_decimal(self.survey_max),
            "invalid": self.invalid,
        }


@dataclasses.dataclass(frozen=True)
class StatusReport:
    window: WindowStatus
    divisions: list[Row]
    areas: list[Row]
    total: Row
    scorecard: Scorecard
    out_of_scope: list[str]  # appraisal leaves no division leads
    out_of_scope_max: Decimal
    problems: list[str]  # files or answers that could not be read (details: validate)
    chase: list[Chase]  # per division: what is still missing (the office's chase list)


@dataclasses.dataclass(frozen=True)
class Chase:
    """Everything one division still has to fix, for the office's chase list."""

    division: str
    name: str
    unanswered: list[str]  # leaf codes without a score
    unsupported: list[str]  # scored, evidence required, but neither evidence nor explanation
    bad_scores: list[str] = dataclasses.field(default_factory=list)  # "1.2 (vượt tối đa 1)"
    missing_files: list[str] = dataclasses.field(default_factory=list)  # "1.3: evidence/x.pdf"
    unreadable: list[str] = dataclasses.field(default_factory=list)  # answers with errors
    broken_file: str | None = None  # the division's file cannot be read at all

    @property
    def empty(self) -> bool:
        return not (
            self.unanswered
            or self.unsupported
            or self.bad_scores
            or self.missing_files
            or self.unreadable
            or self.broken_file
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "division": self.division,
            "name": self.name,
            "unanswered": self.unanswered,
            "unsupported": self.unsupported,
            "bad_scores": self.bad_scores,
            "missing_files": self.missing_files,
            "unreadable": self.unreadable,
            "broken_file": self.broken_file,
        }


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


@dataclasses.dataclass(frozen=True)
class _Leaf:
    """One in-scope leaf as status counts it."""

    result: LeafResult
    valid_score: Decimal | None  # the score, when it can count
    problem: str | None  # why the score cannot count
    files_found: int
    files_missing: list[str]  # as written

    @property
    def answered(self) -> bool:
        return self.valid_score is not None


def _leaf_state(result: LeafResult, resolver: EvidenceResolver) -> _Leaf:
    problem = score_problem(result.leaf, result.score)
    found, missing = 0, []
    for item in result.answer.evidence if result.answer else []:
        if resolver.resolve(item.path).status is Status.OK:
            found += 1
        else:
            missing.append(item.path)
    return _Leaf(result, None if problem else result.score, problem, found, missing)


def _row(key: str, name: str, leaves: list[_Leaf], survey_max: Decimal = ZERO) -> Row:
    return Row(
        key,
        name,
        len(leaves),
        sum(1 for x in leaves if x.answered),
        sum(1 for x in leaves if x.files_found),  # "Có TLKC": a file really in the dossier
        sum((x.valid_score or ZERO for x in leaves), ZERO),
        sum((x.result.leaf.max_score for x in leaves), ZERO),
        survey_max,
        sum(1 for x in leaves if x.problem),
    )


def compute_status(loaded: LoadedDossier, as_of: dt.date) -> StatusReport:
    """Progress tables; needs a readable dossier (loaded.readable).

    Honest counts: a score over the maximum or off the step is not added (it is listed to fix),
    and "Có TLKC" counts a leaf only when one of its files is found inside the dossier.
    """
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    scope = resolve_scope(dossier, criteria)
    card = score_dossier(criteria, scope, loaded.divisions)
    resolver = EvidenceResolver(loaded.root)
    state = {r.leaf.code: _leaf_state(r, resolver) for r in card.in_scope_leaves}
    division_rows = [
        _row(d.id, d.name, [x for x in state.values() if x.result.division == d.id])
        for d in dossier.divisions
    ]
    area_rows = []
    for area in card.areas:
        leaves = [state[n.leaf.leaf.code] for n in area.walk() if n.leaf and n.leaf.in_scope]
        area_rows.append(_row(area.code, area.name, leaves, area.survey_max))
    total = _row("total", "Cộng", list(state.values()), card.survey_max)
    outside = card.out_of_scope
    problems = [
        f"Tệp {file} không đọc được: các tiêu chí của đơn vị này đang tính là chưa chấm"
        for file in loaded.broken_files.values()
    ]
    if loaded.failed_answers:
        codes = ", ".join(sorted(code for _, code in loaded.failed_answers))
        problems.append(f"Có trả lời bị lỗi, phần lỗi không được tính: {codes}")
    if total.invalid:
        problems.append(
            f"{total.invalid} tiêu chí có điểm không hợp lệ (âm, vượt tối đa hoặc sai bước điểm): "
            "không cộng vào tổng, xem CẦN ĐÔN ĐỐC"
        )
    chase = [
        c for c in (_chase(d.id, d.name, state, loaded) for d in dossier.divisions) if not c.empty
    ]
    return StatusReport(
        window_status(dossier, as_of),
        division_rows,
        area_rows,
        total,
        card,
        chase=chase,
        out_of_scope=[r.leaf.code for r in outside],
        out_of_scope_max=sum((r.leaf.max_score for r in outside), Decimal(0)),
        problems=problems,
    )


def _chase(division: str, name: str, state: dict[str, _Leaf], loaded: LoadedDossier) -> Chase:
    mine = [x for x in state.values() if x.result.division == division]
    failed = sorted(code for d, code in loaded.failed_answers if d == division)
    return Chase(
        division,
        name,
        unanswered=[
            x.result.leaf.code
            for x in mine
            if x.result.score is None and x.result.leaf.code not in failed
        ],
        unsupported=[x.result.leaf.code for x in mine if x.result.needs_support],
        bad_scores=[
            f"{x.result.leaf.code} ({format_decimal(x.result.score or ZERO)}: {x.problem})"
            for x in mine
            if x.problem
        ],
        missing_files=[f"{x.result.leaf.code}: {path}" for x in mine for path in x.files_missing],
        unreadable=failed,
        broken_file=loaded.broken_files.get(division),
    )
