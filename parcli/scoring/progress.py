"""``parcli status`` as data: progress per division and per lĩnh vực."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from parcli.formats.evidence import EvidenceResolver
from parcli.formats.evidence import Status as PathStatus
from parcli.formats.loading import LoadedDossier, answer_line
from parcli.model import Dossier, ListKind, Respondent, Status, SurveyRegister
from parcli.scoring.appraisal import ExplanationStatus, appraisal_view, explanation_status
from parcli.scoring.scorecard import ZERO, LeafResult, Scorecard, percent
from parcli.scoring.window import WindowStatus, window_status
from parcli.text import format_date, format_decimal, plain_decimal


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
    survey: SurveyProgress | None = None  # counts of the survey register (None: no register)
    explanation: ExplanationStatus | None = None  # the giải trình deadline, when it applies


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
    unexplained: list[str] = dataclasses.field(default_factory=list)  # giải trình requested

    @property
    def empty(self) -> bool:
        return not (
            self.unanswered
            or self.unsupported
            or self.bad_scores
            or self.missing_files
            or self.unreadable
            or self.broken_file
            or self.unexplained
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
            "unexplained": self.unexplained,
        }


# how status's chase list and score's list of what is left out name the two kinds
UNREADABLE_LABEL = "trả lời bị lỗi (xem parcli validate)"
BAD_SCORES_LABEL = "điểm không hợp lệ, chưa cộng vào tổng"


def left_out_notes(loaded: LoadedDossier, invalid: int) -> list[str]:
    """What is left out of the totals, said once for ``status`` and ``score``: answers with
    errors (their bad part), and ``invalid`` scores that cannot count."""
    notes = []
    if loaded.failed_answers:
        codes = ", ".join(sorted(code for _, code in loaded.failed_answers))
        notes.append(f"Có trả lời bị lỗi, phần lỗi không được tính: {codes}")
    if invalid:
        notes.append(
            f"{invalid} tiêu chí có điểm không hợp lệ (âm, vượt tối đa hoặc sai bước điểm): "
            "không cộng vào tổng, xem CẦN ĐÔN ĐỐC"
        )
    return notes


@dataclasses.dataclass(frozen=True)
class LeftOut:
    """An answer a total leaves out, and where to correct it (``parcli score``)."""

    division: str
    code: str
    file: str | None
    line: int | None
    score: Decimal | None = None  # an invalid score: the value as written
    problem: str | None = None  # why it cannot count; None: the answer has errors (validate)

    @property
    def label(self) -> str:
        """ "divisions/x.yaml:4: 1.1 (1,5: vượt điểm tối đa 1)" (where first, as validate)."""
        where = f"{self.file}:{self.line}: " if self.file and self.line else ""
        why = f" ({format_decimal(self.score)}: {self.problem})" if self.score is not None else ""
        return f"{where}{self.code}{why}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"division": self.division, "code": self.code}
        if self.score is not None:
            data["score"] = plain_decimal(self.score)
            data["problem"] = self.problem
        data["file"], data["line"] = self.file, self.line
        return data


def invalid_scores(loaded: LoadedDossier, card: Scorecard) -> list[LeftOut]:
    """In-scope self-scores that cannot count, by division (dossier order), in criteria order,
    each at the line of its ``score``."""
    found = []
    for division, results in _in_division_order(loaded, card):
        for r in results:
            if r.problem is not None and r.score is not None:
                file, line, _ = answer_line(loaded, division, r.leaf.code, "score")
                found.append(LeftOut(division, r.leaf.code, file, line, r.score, r.problem))
    return found


def unreadable_answers(loaded: LoadedDossier, card: Scorecard) -> list[LeftOut]:
    """Answers with errors (their bad part is not counted), by division, in criteria order,
    each at the line of its first error."""
    found = []
    for division, results in _in_division_order(loaded, card):
        for r in results:
            if (division, r.leaf.code) not in loaded.failed_answers:
                continue
            first = next(
                (
                    f
                    for f in loaded.findings
                    if f.division == division and f.criterion == r.leaf.code and f.line
                ),
                None,
            )
            if first is not None:
                file, line = first.file, first.line
            else:
                file, line, _ = answer_line(loaded, division, r.leaf.code)
            found.append(LeftOut(division, r.leaf.code, file, line))
    return found


def _in_division_order(
    loaded: LoadedDossier, card: Scorecard
) -> list[tuple[str, list[LeafResult]]]:
    dossier = loaded.dossier
    assert dossier is not None
    return [(d.id, card.by_division.get(d.id, [])) for d in dossier.divisions]


def bad_score_label(result: LeafResult) -> str:
    """ "1.2 (1,5: vượt điểm tối đa 1)": a score that cannot count, and why."""
    return f"{result.leaf.code} ({format_decimal(result.score or ZERO)}: {result.problem})"


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
    problem = result.problem
    found, missing = 0, []
    for item in result.answer.evidence if result.answer else []:
        if resolver.resolve(item.path).status is PathStatus.OK:
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


def compute_status(
    loaded: LoadedDossier,
    card: Scorecard,
    as_of: dt.date,
    resolver: EvidenceResolver | None = None,
) -> StatusReport:
    """Progress tables from a readable dossier and its scorecard (see actions.assess).

    Honest counts: a score over the maximum or off the step is not added (it is listed to fix),
    and "Có TLKC" counts a leaf only when one of its files is found inside the dossier.
    """
    dossier = loaded.dossier
    assert dossier is not None
    resolver = resolver or EvidenceResolver(loaded.root)
    state = {r.leaf.code: _leaf_state(r, resolver) for r in card.in_scope_leaves}
    by_division = {
        d.id: [state[r.leaf.code] for r in card.by_division.get(d.id, [])]
        for d in dossier.divisions
    }
    division_rows = [_row(d.id, d.name, by_division[d.id]) for d in dossier.divisions]
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
    problems.extend(left_out_notes(loaded, total.invalid))
    view = appraisal_view(card, loaded.appraisal) if loaded.appraisal is not None else None
    explanation = explanation_status(dossier, view, as_of)
    sent = explanation is not None and explanation.sent_on is not None
    missing = view.missing() if view is not None and not sent else {}
    chase = [
        c
        for c in (
            _chase(d.id, d.name, by_division[d.id], loaded, missing.get(d.id, []))
            for d in dossier.divisions
        )
        if not c.empty
    ]
    register = loaded.survey.register if loaded.survey is not None else None
    if loaded.survey is not None and register is None:
        problems.append("Tệp survey.yaml không đọc được: chưa có số liệu điều tra xã hội học")
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
        survey=None if register is None else survey_progress(register, dossier, as_of),
        explanation=explanation,
    )


def _chase(
    division: str, name: str, mine: list[_Leaf], loaded: LoadedDossier, unexplained: list[str]
) -> Chase:
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
        bad_scores=[bad_score_label(x.result) for x in mine if x.problem],
        missing_files=[f"{x.result.leaf.code}: {path}" for x in mine for path in x.files_missing],
        unreadable=failed,
        broken_file=loaded.broken_files.get(division),
        unexplained=unexplained,
    )


# --------------------------------------------------------------------------- the survey


@dataclasses.dataclass(frozen=True)
class GroupCount:
    """One group of the survey register: required and registered, sent, answered."""

    key: str
    name: str
    official_required: int
    reserve_required: int
    official: int
    reserve: int
    sent: int  # questionnaires sent (answered ones included)
    answered: int

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "official_required": self.official_required,
            "reserve_required": self.reserve_required,
            "official": self.official,
            "reserve": self.reserve,
            "sent": self.sent,
            "answered": self.answered,
        }


@dataclasses.dataclass(frozen=True)
class Waiting:
    """A respondent of the official list who has not answered (for the chase list)."""

    index: int  # position in survey.yaml's respondents
    respondent: Respondent
    group: str  # the group's name
    unit: str  # the division's name (the agency's for its leaders)
    days: int | None  # days since the questionnaire was sent (None: not sent, or no date)

    def to_dict(self) -> dict[str, object]:
        r = self.respondent
        return {
            "name": r.name,
            "position": r.position,
            "unit": self.unit,
            "group": self.group,
            "status": r.status.value,
            "sent_on": r.sent_on.isoformat() if r.sent_on else None,
            "days_since_sent": self.days,
            "email": r.email,
            "phone": r.phone,
        }


@dataclasses.dataclass(frozen=True)
class SurveyProgress:
    """Where the survey stands: counts per group, registration, answering period, who waits."""

    groups: list[GroupCount]
    total: GroupCount
    registration: str  # one sentence on the list sent to the Sở Nội vụ
    period: str  # one sentence on the answering period
    days_left: int | None  # days left to answer (None: no period, or it is over)
    waiting: list[Waiting]  # official list, not answered (not sent first, then by sent date)

    def counts_dict(self) -> dict[str, object]:
        """Counts only (no names, e-mails or phones): what ``parcli status`` shows."""
        return {
            "registration": self.registration,
            "period": self.period,
            "days_left": self.days_left,
            "groups": [g.to_dict() for g in self.groups],
            "total": self.total.to_dict(),
            "not_answered": len(self.waiting),
        }


def survey_progress(register: SurveyRegister, dossier: Dossier, as_of: dt.date) -> SurveyProgress:
    names = {d.id: d.name for d in dossier.divisions}
    group_names = {g.id: g.name for g in register.groups}
    rows: list[GroupCount] = []
    seen: set[str] = set()
    for g in register.groups:
        if g.id in seen:
            continue
        seen.add(g.id)
        mine = [r for r in register.respondents if r.group == g.id]
        rows.append(_group_count(g.id, g.name, g.official, g.reserve, mine))
    known = [r for r in register.respondents if r.group in seen]
    total = _group_count(
        "total",
        "Cộng",
        sum(r.official_required for r in rows),
        sum(r.reserve_required for r in rows),
        known,
    )
    waiting = [
        Waiting(
            i,
            r,
            group_names.get(r.group, r.group),
            names.get(r.division, r.division) if r.division else dossier.agency.name,
            (as_of - r.sent_on).days if r.sent_on and r.status is Status.SENT else None,
        )
        for i, r in enumerate(register.respondents)
        if r.list is ListKind.OFFICIAL and r.status is not Status.ANSWERED
    ]
    waiting.sort(key=lambda w: (w.respondent.status.rank, -(w.days or 0), w.index))
    period, days_left = _period(register, as_of)
    return SurveyProgress(rows, total, _registration(register, as_of), period, days_left, waiting)


def _group_count(
    key: str, name: str, official: int, reserve: int, people: list[Respondent]
) -> GroupCount:
    return GroupCount(
        key,
        name,
        official,
        reserve,
        sum(1 for r in people if r.list is ListKind.OFFICIAL),
        sum(1 for r in people if r.list is ListKind.RESERVE),
        sum(1 for r in people if r.status is not Status.NOT_SENT),
        sum(1 for r in people if r.status is Status.ANSWERED),
    )


def _registration(register: SurveyRegister, as_of: dt.date) -> str:
    deadline = register.register_by
    due = f" (hạn {format_date(deadline)})" if deadline else ""
    if register.registered_on is not None:
        return f"Đã gửi danh sách ngày {format_date(register.registered_on)}{due}"
    if deadline is None:
        return "Chưa ghi ngày gửi danh sách (registered_on)"
    left = (deadline - as_of).days
    if left > 0:
        return f"Chưa gửi danh sách; còn {left} ngày đến hạn {format_date(deadline)}"
    if left == 0:
        return f"Chưa gửi danh sách; hôm nay là hạn cuối ({format_date(deadline)})"
    return f"Chưa gửi danh sách; đã quá hạn {-left} ngày (hạn {format_date(deadline)})"


def _period(register: SurveyRegister, as_of: dt.date) -> tuple[str, int | None]:
    period = register.answer_period
    if period is None:
        return "Chưa ghi thời gian trả lời phiếu (answer_period)", None
    span = f"{format_date(period.start)}–{format_date(period.end)}"
    left = (period.end - as_of).days
    if as_of < period.start:
        return f"Thời gian trả lời phiếu {span}: chưa bắt đầu", left
    if left > 0:
        return f"Thời gian trả lời phiếu {span}: còn {left} ngày", left
    if left == 0:
        return f"Thời gian trả lời phiếu {span}: hôm nay là ngày cuối", 0
    return f"Thời gian trả lời phiếu {span}: đã kết thúc", None
