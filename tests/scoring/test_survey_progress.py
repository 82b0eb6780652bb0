"""Survey counts, registration and answering-period sentences (scoring/progress.py)."""

from __future__ import annotations

import datetime as dt

from helpers import MiniDossier
from survey_data import MINI_SURVEY

from parcli.scoring.progress import survey_progress


def progress(mini: MiniDossier, day: dt.date):  # type: ignore[no-untyped-def]
    loaded = mini.load()
    assert loaded.survey is not None and loaded.survey.register is not None
    assert loaded.dossier is not None
    return survey_progress(loaded.survey.register, loaded.dossier, day)


def test_counts_per_group(mini: MiniDossier) -> None:
    mini.write("survey.yaml", MINI_SURVEY)
    p = progress(mini, dt.date(2023, 12, 20))
    assert [
        (g.key, g.official, g.official_required, g.reserve, g.sent, g.answered) for g in p.groups
    ] == [
        ("lanh-dao-so", 1, 1, 0, 1, 1),
        ("lanh-dao-phong", 2, 2, 1, 2, 0),
    ]
    assert (p.total.official, p.total.reserve_required, p.total.sent, p.total.answered) == (
        3,
        1,
        3,
        1,
    )
    assert [w.respondent.name for w in p.waiting] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert p.waiting[0].days == 16 and p.days_left == 11
    assert p.registration == "Đã gửi danh sách ngày 30/10/2023 (hạn 31/10/2023)"
    assert not any("@" in str(v) for v in p.counts_dict().values())


def test_period_and_registration_sentences(mini: MiniDossier) -> None:
    mini.write("survey.yaml", MINI_SURVEY.replace("registered_on: 30/10/2023\n", ""))
    assert progress(mini, dt.date(2023, 10, 29)).registration == (
        "Chưa gửi danh sách; còn 2 ngày đến hạn 31/10/2023"
    )
    assert "hôm nay là hạn cuối" in progress(mini, dt.date(2023, 10, 31)).registration
    assert "đã quá hạn 3 ngày" in progress(mini, dt.date(2023, 11, 3)).registration
    assert progress(mini, dt.date(2023, 11, 3)).period.endswith("chưa bắt đầu")
    assert progress(mini, dt.date(2023, 12, 31)).period.endswith("hôm nay là ngày cuối")
    late = progress(mini, dt.date(2024, 1, 2))
    assert late.period.endswith("đã kết thúc") and late.days_left is None
