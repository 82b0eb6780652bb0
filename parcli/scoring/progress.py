"""``parcli status`` as data: progress per division and per lĩnh vực."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from parcli.formats.loading import LoadedDossier
from parcli.scoring.appraisal import ExplanationStatus, appraisal_view, explanation_status
from parcli.scoring.scope import resolve_scope
from parcli.scoring.scorecard import Scorecard, division_progress, percent, score_dossier
from parcli.scoring.window import WindowStatus, window_status
from parcli.text import plain_decimal


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    name: str
    assigned: int
    answered: int
    with_evidence: int
    score: Decimal
    max_score: Decimal
    survey_max: Decimal = Decimal(0)

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
    explanation: ExplanationStatus | None = None  # the giải trình deadline, when it applies


@dataclasses.dataclass(frozen=True)
class Chase:
    division: str
    name: str
    unanswered: list[str]  # leaf codes without a score
    unsupported: list[str]  # scored, evidence required, but neither evidence nor explanation
    unexplained: list[str] = dataclasses.field(default_factory=list)  # giải trình requested

    def to_dict(self) -> dict[str, object]:
        return {
            "division": self.division,
            "name": self.name,
            "unanswered": self.unanswered,
            "unsupported": self.unsupported,
            "unexplained": self.unexplained,
        }


def compute_status(loaded: LoadedDossier, as_of: dt.date) -> StatusReport:
    """Progress tables; needs a readable dossier (loaded.readable)."""
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    scope = resolve_scope(dossier, criteria)
    card = score_dossier(criteria, scope, loaded.divisions)
    names = {d.id: d.name for d in dossier.divisions}
    division_rows = [
        Row(
            p.division,
            names[p.division],
            p.assigned,
            p.answered,
            p.with_evidence,
            p.score,
            p.scope_max,
        )
        for p in division_progress(card, [d.id for d in dossier.divisions])
    ]
    area_rows = []
    for area in card.areas:
        leaves = [n.leaf for n in area.walk() if n.leaf is not None and n.leaf.in_scope]
        area_rows.append(
            Row(
                area.code,
                area.name,
                area.leaves,
                area.answered,
                sum(1 for r in leaves if r.has_evidence),
                area.score,
                area.scope_max,
                area.survey_max,
            )
        )
    total = Row(
        "total",
        "Cộng",
        sum(r.assigned for r in area_rows),
        sum(r.answered for r in area_rows),
        sum(r.with_evidence for r in area_rows),
        card.score,
        card.scope_max,
        card.survey_max,
    )
    outside = card.out_of_scope
    problems = [
        f"Tệp {file} không đọc được: các tiêu chí của đơn vị này đang tính là chưa chấm"
        for file in loaded.broken_files.values()
    ]
    if loaded.failed_answers:
        codes = ", ".join(sorted(code for _, code in loaded.failed_answers))
        problems.append(f"Có trả lời bị lỗi, phần lỗi không được tính: {codes}")
    view = appraisal_view(card, loaded.appraisal) if loaded.appraisal is not None else None
    explanation = explanation_status(dossier, view, as_of)
    sent = explanation is not None and explanation.sent_on is not None
    missing = view.missing() if view is not None and not sent else {}
    chase = []
    for division in dossier.divisions:
        mine = [r for r in card.in_scope_leaves if r.division == division.id]
        unanswered = [r.leaf.code for r in mine if not r.answered]
        unsupported = [r.leaf.code for r in mine if r.needs_support]
        unexplained = missing.get(division.id, [])
        if unanswered or unsupported or unexplained:
            chase.append(Chase(division.id, division.name, unanswered, unsupported, unexplained))
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
        explanation=explanation,
    )
