from __future__ import annotations

import datetime as dt

import pytest
from helpers import MiniDossier

from parcli.scoring.window import Phase, window_status


@pytest.mark.parametrize(
    ("day", "phase", "text"),
    [
        (dt.date(2023, 11, 26), Phase.BEFORE, "Còn 5 ngày nữa mới đến thời gian tự chấm"),
        (dt.date(2023, 12, 20), Phase.OPEN, "Còn 5 ngày đến hạn 25/12/2023"),
        (dt.date(2023, 12, 25), Phase.OPEN, "Hôm nay là ngày cuối"),
        (dt.date(2023, 12, 26), Phase.CLOSED, "ngày cuối 04/01/2024, còn 9 ngày"),
        (dt.date(2024, 1, 4), Phase.CLOSED, "hôm nay là ngày cuối để gửi"),
        (
            dt.date(2024, 1, 5),
            Phase.OVERDUE,
            "Đã quá hạn 1 ngày (hạn gửi Sở Nội vụ trước ngày 05/01/2024)",
        ),
    ],
)
def test_window_phases(mini: MiniDossier, day: dt.date, phase: Phase, text: str) -> None:
    dossier = mini.load().dossier
    assert dossier is not None
    status = window_status(dossier, day)
    assert status.phase is phase
    assert text in status.message
