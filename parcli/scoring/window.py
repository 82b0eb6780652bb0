"""Where a dossier stands in the self-scoring window and against the submission deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum

from parcli.model import Dossier
from parcli.text import format_date


class Phase(str, Enum):
    BEFORE = "before"  # the window has not opened
    OPEN = "open"  # self-scoring is under way
    CLOSED = "closed"  # the window closed; the package is still due
    OVERDUE = "overdue"  # the deadline passed and nothing is recorded as submitted
    SUBMITTED = "submitted"  # submitted_on is recorded


@dataclasses.dataclass(frozen=True)
class WindowStatus:
    phase: Phase
    as_of: dt.date
    days_to_window_end: int
    days_to_deadline: int  # days left to submit (the deadline is "trước ngày" = before)
    message: str
    late: bool = False  # submitted on or after the deadline

    def to_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase.value,
            "as_of": self.as_of.isoformat(),
            "days_to_window_end": self.days_to_window_end,
            "days_to_deadline": self.days_to_deadline,
            "late": self.late,
            "message": self.message,
        }


def window_status(dossier: Dossier, as_of: dt.date) -> WindowStatus:
    start, end = dossier.window.start, dossier.window.end
    deadline = dossier.submit_before
    to_end = (end - as_of).days
    # "trước ngày 05/01/2024": the last day to submit is 04/01/2024
    to_deadline = (deadline - as_of).days - 1
    due = f"hạn gửi {dossier.recipient} trước ngày {format_date(deadline)}"
    if dossier.submitted_on is not None:
        late = dossier.submitted_on >= deadline
        verdict = "muộn so với" if late else "đúng"
        return WindowStatus(
            Phase.SUBMITTED,
            as_of,
            to_end,
            to_deadline,
            f"Đã gửi {dossier.recipient} ngày {format_date(dossier.submitted_on)}, {verdict} "
            f"hạn (trước ngày {format_date(deadline)})",
            late=late,
        )
    if as_of < start:
        days = (start - as_of).days
        return WindowStatus(
            Phase.BEFORE,
            as_of,
            to_end,
            to_deadline,
            f"Còn {days} ngày nữa mới đến thời gian tự chấm "
            f"({format_date(start)}–{format_date(end)})",
        )
    if as_of <= end:
        head = (
            f"Hôm nay là ngày cuối của thời gian tự chấm ({format_date(end)})"
            if to_end == 0
            else f"Còn {to_end} ngày đến hạn {format_date(end)}"
        )
        return WindowStatus(Phase.OPEN, as_of, to_end, to_deadline, f"{head}; {due}")
    if as_of < deadline:
        return WindowStatus(
            Phase.CLOSED,
            as_of,
            to_end,
            to_deadline,
            f"Đã hết thời gian tự chấm ({format_date(end)}); {due} ("
            + (
                "hôm nay là ngày cuối để gửi)"
                if to_deadline == 0
                else f"ngày cuối {format_date(deadline - dt.timedelta(days=1))}, còn "
                f"{to_deadline} ngày)"
            ),
        )
    return WindowStatus(
        Phase.OVERDUE,
        as_of,
        to_end,
        to_deadline,
        f"Đã quá hạn {(as_of - deadline).days + 1} ngày ({due}) và hồ sơ chưa ghi ngày gửi",
    )
