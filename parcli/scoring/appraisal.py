"""The appraisal round as data: self-score vs round 1 vs round 2, the giải trình deadline.

Totals follow the rounding rule of :mod:`parcli.scoring.scorecard`: exact sums, never rounded.
A leaf counts in a total of appraised scores only when it has an appraised score; the number
of leaves appraised is carried with every total so "not yet appraised" never reads as 0 points.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from parcli.model import AppraisalFile, AppraisalResponse, AppraisedLeaf, Dossier, Method
from parcli.scoring.scorecard import LeafResult, Scorecard
from parcli.text import format_date

ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class AppraisalRow:
    """One in-scope leaf: what the Sở scored, what the council gave, what the Sở answered."""

    result: LeafResult
    appraised: AppraisedLeaf | None
    left_out: str | None = None  # why the self-score is not counted (Scorecard.left_out)

    @property
    def code(self) -> str:
        return self.result.leaf.code

    @property
    def division(self) -> str | None:
        return self.result.division

    @property
    def self_score(self) -> Decimal | None:
        """The self-score as the scorecard counts it (None when it leaves it out)."""
        return None if self.left_out is not None else self.result.score

    @property
    def round1(self) -> Decimal | None:
        return self.appraised.round1_score if self.appraised else None

    @property
    def round2(self) -> Decimal | None:
        return self.appraised.round2_score if self.appraised else None

    @property
    def final(self) -> Decimal | None:
        return self.appraised.final_score if self.appraised else None

    @property
    def lost(self) -> Decimal:
        """Points lost at appraisal: self-score − the appraised score that counts (0 if none)."""
        if self.final is None:
            return ZERO
        return (self.self_score or ZERO) - self.final

    @property
    def lost_round1(self) -> Decimal:
        """Points lost at round 1 (what the báo cáo giải trình answers)."""
        if self.round1 is None:
            return ZERO
        return (self.self_score or ZERO) - self.round1

    @property
    def requested(self) -> bool:
        return bool(self.appraised and self.appraised.explanation_requested)

    @property
    def opinions(self) -> list[str]:
        if self.appraised is None:
            return []
        return [o for o in (self.appraised.round1_opinion, self.appraised.round2_opinion) if o]

    @property
    def response(self) -> AppraisalResponse | None:
        answer = self.result.answer
        return answer.response if answer is not None else None

    @property
    def answered(self) -> bool:
        """The lead division wrote its explanation (the text; evidence alone says nothing)."""
        response = self.response
        return response is not None and bool(response.text)

    @property
    def in_explanation(self) -> bool:
        """Listed in the báo cáo giải trình: a deduction at round 1, or a request."""
        deducted = self.round1 is not None and self.round1 < (self.self_score or ZERO)
        return self.requested or deducted


@dataclasses.dataclass(frozen=True)
class Totals:
    """Sums over a group of in-scope leaves (a tiêu chí, lĩnh vực, division or the Sở)."""

    key: str
    name: str
    leaves: int
    max_score: Decimal
    self_score: Decimal
    round1: Decimal
    round2: Decimal
    final: Decimal
    appraised: int  # leaves with an appraised score (round 1 or 2)
    lost: Decimal

    @classmethod
    def of(cls, key: str, name: str, rows: list[AppraisalRow]) -> Totals:
        def total(values: list[Decimal | None]) -> Decimal:
            return sum((v for v in values if v is not None), ZERO)

        return cls(
            key=key,
            name=name,
            leaves=len(rows),
            max_score=total([r.result.leaf.max_score for r in rows]),
            self_score=total([r.self_score for r in rows]),
            round1=total([r.round1 for r in rows]),
            round2=total([r.round2 for r in rows]),
            final=total([r.final for r in rows]),
            appraised=sum(1 for r in rows if r.final is not None),
            lost=total([r.lost for r in rows]),
        )


@dataclasses.dataclass(frozen=True)
class ExplanationStatus:
    """Where the Sở stands against the giải trình deadline."""

    deadline: dt.date | None  # "gửi trước ngày"
    sent_on: dt.date | None
    days_left: int | None  # to the last day (the day before the deadline)
    requested: int
    answered: int
    message: str

    @property
    def overdue(self) -> bool:
        return self.sent_on is None and self.days_left is not None and self.days_left < 0

    @property
    def late(self) -> bool:
        return (
            self.sent_on is not None and self.deadline is not None and self.sent_on >= self.deadline
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "days_left": self.days_left,
            "overdue": self.overdue,
            "late": self.late,
            "requested": self.requested,
            "answered": self.answered,
            "message": self.message,
        }


@dataclasses.dataclass(frozen=True)
class AppraisalView:
    rows: list[AppraisalRow]  # in-scope appraisal leaves, in criteria order
    appraisal: AppraisalFile
    card: Scorecard

    @property
    def total(self) -> Totals:
        return Totals.of("total", "Cộng", self.rows)

    def criteria_totals(self) -> list[Totals]:
        result = []
        for area in self.card.areas:
            for crit in area.children:
                rows = [r for r in self.rows if r.result.leaf.criterion_code == crit.code]
                if rows:
                    result.append(Totals.of(crit.code, crit.name, rows))
        return result

    def area_totals(self) -> list[Totals]:
        result = []
        for area in self.card.areas:
            rows = [r for r in self.rows if r.result.leaf.area_code == area.code]
            result.append(Totals.of(area.code, area.name, rows))
        return result

    def division_totals(self, dossier: Dossier) -> list[Totals]:
        result = []
        for division in dossier.divisions:
            rows = [r for r in self.rows if r.division == division.id]
            if rows:
                result.append(Totals.of(division.id, division.name, rows))
        return result

    def explained(self) -> list[AppraisalRow]:
        """Leaves of the báo cáo giải trình: a deduction or a request, in criteria order."""
        return [r for r in self.rows if r.in_explanation]

    def missing(self) -> dict[str, list[str]]:
        """Division id → leaf codes whose requested explanation is still missing (chase list)."""
        result: dict[str, list[str]] = {}
        for row in self.rows:
            if row.requested and not row.answered and row.division is not None:
                result.setdefault(row.division, []).append(row.code)
        return result

    def survey_total(self) -> Decimal | None:
        values = [a.survey_score for a in self.appraisal.areas.values()]
        known = [v for v in values if v is not None]
        return sum(known, ZERO) if known else None


def appraisal_view(card: Scorecard, appraisal: AppraisalFile) -> AppraisalView:
    rows = [
        AppraisalRow(r, appraisal.leaves.get(r.leaf.code), card.left_out(r))
        for r in card.leaves
        if r.in_scope and r.leaf.method is Method.APPRAISAL
    ]
    return AppraisalView(rows, appraisal, card)


def explanation_status(
    dossier: Dossier, view: AppraisalView | None, as_of: dt.date
) -> ExplanationStatus | None:
    """The giải trình deadline as of ``as_of``; None when nothing was requested or scheduled."""
    schedule = dossier.appraisal
    requested = [r for r in view.rows if r.requested] if view else []
    answered = sum(1 for r in requested if r.answered)
    deadline = schedule.explanation_before if schedule else None
    sent_on = schedule.explanation_sent_on if schedule else None
    if not requested and deadline is None:
        return None
    tally = (
        f"đã có giải trình {answered}/{len(requested)} tiêu chí được yêu cầu"
        if requested
        else "không có tiêu chí nào được yêu cầu giải trình"
    )
    if deadline is None:
        return ExplanationStatus(
            None,
            sent_on,
            None,
            len(requested),
            answered,
            f"Có {len(requested)} yêu cầu giải trình; dossier.yaml chưa ghi hạn gửi "
            f"(appraisal.explanation_before); {tally}",
        )
    days_left = (deadline - as_of).days - 1
    due = f"trước ngày {format_date(deadline)}"
    if sent_on is not None:
        verdict = "muộn so với" if sent_on >= deadline else "đúng"
        message = f"Đã gửi báo cáo giải trình ngày {format_date(sent_on)}, {verdict} hạn ({due})"
    elif days_left > 0:
        last = format_date(deadline - dt.timedelta(days=1))
        message = (
            f"Hạn gửi báo cáo giải trình {due} (ngày cuối {last}, còn {days_left} ngày); {tally}"
        )
    elif days_left == 0:
        message = f"Hôm nay là ngày cuối gửi báo cáo giải trình (hạn {due}); {tally}"
    else:
        message = (
            f"Đã quá hạn gửi báo cáo giải trình {-days_left} ngày (hạn {due}) và chưa ghi ngày "
            f"gửi; {tally}"
        )
    return ExplanationStatus(deadline, sent_on, days_left, len(requested), answered, message)
