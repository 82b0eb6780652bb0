"""Every rule on survey.yaml, each with a bad case; messages never echo e-mails or phones."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import MiniDossier
from survey_data import EMAILS, MINI_SURVEY, PHONES

from parcli.findings import Finding, Severity
from parcli.rules.survey import email_problem, normalize_phone, position_fits

DAY = dt.date(2023, 12, 20)


@pytest.fixture
def reg(mini: MiniDossier) -> MiniDossier:
    mini.write("survey.yaml", MINI_SURVEY)
    return mini


def survey_findings(mini: MiniDossier, as_of: dt.date = DAY) -> list[Finding]:
    return [f for f in mini.validate(as_of).findings if f.file == "survey.yaml"]


def only(mini: MiniDossier, code: str, as_of: dt.date = DAY) -> list[Finding]:
    found = [f for f in survey_findings(mini, as_of) if f.code == code]
    assert found, f"{code} not reported; got {[f.code for f in survey_findings(mini, as_of)]}"
    for f in found:
        assert f.line is not None and f.file == "survey.yaml"
        assert not any(e in f.message + f.hint for e in EMAILS + PHONES)
    return found


def line_of(mini: MiniDossier, text: str) -> int:
    lines = (mini.root / "survey.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_no_register_no_finding(mini: MiniDossier) -> None:
    assert not [f for f in mini.validate().findings if f.code.startswith("X")]


def test_clean_register_has_no_error_or_warning(reg: MiniDossier) -> None:
    found = survey_findings(reg)
    assert [f for f in found if f.severity is not Severity.INFO] == [], found
    assert reg.load().survey is not None


def test_bad_email_syntax(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "binh.tt@so-thu.example", "binh.tt@so-thu,example")
    [f] = only(reg, "X001")
    assert f.line == line_of(reg, "binh.tt@")
    assert "Trần Thị Bình" in f.message and "dấu phẩy" in f.message
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("an nv@x.vn", "dấu cách"),
        ("an.x.vn", "thiếu dấu @"),
        ("a@b@x.vn", "hai dấu @"),
        ("nguyễn@x.vn", "chữ có dấu"),
        ("an..nv@x.vn", "hai dấu chấm"),
        ("@x.vn", "trước dấu @"),
        ("an@localhost", "thiếu dấu chấm"),
        ("an@x.v", "ten@ten-mien.vn"),
    ],
)
def test_email_problems(email: str, why: str) -> None:
    problem = email_problem(email)
    assert problem is not None and why in problem
    assert email_problem("ho.ten+cchc@laocai.gov.vn") is None


def test_bad_phone_syntax(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", '"0912.345.603"', '"0912 345 6"')
    [f] = only(reg, "X002")
    assert f.line == line_of(reg, '"0912 345 6"')
    assert normalize_phone("+84 912 345 602") == "0912345602"
    assert normalize_phone("(0214) 3840 123") == "02143840123"
    assert normalize_phone("912345602") is None


def test_missing_email_is_a_warning(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "    email: cuong.lv@so-thu.example\n", "")
    [f] = only(reg, "X003")
    assert f.severity is Severity.WARNING and "Lê Văn Cường" in f.message


def test_duplicate_email(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "cuong.lv@so-thu.example", "Binh.TT@so-thu.example")
    [f] = only(reg, "X004")
    assert f.line == line_of(reg, "Binh.TT@")
    assert f"dòng {line_of(reg, 'Trần Thị Bình')})" in f.message
    assert f.severity is Severity.ERROR


def test_same_person_twice(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", '"Lê Văn Cường"', '"trần thị bình"')
    reg.replace(
        "survey.yaml",
        "division: phong-a\n    group: lanh-dao-phong\n    email: cuong",
        "division: van-phong\n    group: lanh-dao-phong\n    email: cuong",
    )
    [f] = only(reg, "X005")
    assert "cùng họ tên và đơn vị" in f.message


def test_same_phone_twice(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", '"0912345604"', '"0912 345 603"')
    [f] = only(reg, "X005")
    assert "cùng số điện thoại" in f.message and "Phạm Thị Dung" in f.message


def test_unknown_group(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "group: lanh-dao-so\n", "group: lanh-dao-s\n")
    found = only(reg, "X006")
    assert "lanh-dao-so" in found[0].hint
    assert [f.code for f in survey_findings(reg) if f.code == "X007"] == ["X007"]


def test_group_short(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "    list: du-phong\n", "")
    found = only(reg, "X007")
    assert found[0].line == line_of(reg, "- id: lanh-dao-phong")
    assert "0/1 người trong danh sách dự phòng" in found[0].message
    assert found[0].severity is Severity.WARNING
    assert [f.code for f in survey_findings(reg) if f.code == "X008"] == ["X008"]


def test_group_over(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "    official: 2\n", "    official: 1\n")
    [f] = only(reg, "X008")
    assert "2 người trong danh sách chính thức" in f.message


def test_position_not_in_group(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", 'position: "Giám đốc"', 'position: "Chuyên viên"')
    [f] = only(reg, "X009")
    assert f.line == line_of(reg, "Chuyên viên")
    group = reg.load().survey.register.groups[1]  # type: ignore[union-attr]
    assert position_fits("Phó trưởng phòng A", group)
    assert not position_fits("Trưởng phòngA", group)


def test_unit_not_a_division(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "division: van-phong", "division: van-phog")
    [f] = only(reg, "X010")
    assert "van-phong" in f.hint and f.severity is Severity.ERROR


def test_last_years_respondent_repeated(reg: MiniDossier) -> None:
    reg.replace(
        "survey.yaml",
        "groups:\n",
        "no_repeat: true\nprevious_respondents:\n  - CUONG.LV@so-thu.example\n  - Phạm Thị Dung\n"
        "  - {name: Trần Thị Bình, email: khac@so-thu.example}\ngroups:\n",
    )
    found = only(reg, "X011")
    assert [f.line for f in found] == [
        line_of(reg, "Lê Văn Cường"),
        line_of(reg, '"Phạm Thị Dung"'),
    ]
    assert "cùng e-mail" in found[0].message and "cùng họ tên" in found[1].message


def test_repeat_allowed_when_not_forbidden(reg: MiniDossier) -> None:
    reg.replace(
        "survey.yaml", "groups:\n", "previous_respondents: [cuong.lv@so-thu.example]\ngroups:\n"
    )
    assert not [f for f in survey_findings(reg) if f.code == "X011"]


def test_last_year_from_previous_file(reg: MiniDossier) -> None:
    reg.write("nam-truoc/survey.yaml", MINI_SURVEY.replace("Nguyễn Văn An", "Người Khác"))
    reg.replace("survey.yaml", "groups:\n", "no_repeat: true\nprevious_file: nam-truoc\ngroups:\n")
    found = only(reg, "X011")
    assert len(found) == 4  # every e-mail was used last year


def test_previous_file_missing(reg: MiniDossier) -> None:
    reg.replace(
        "survey.yaml",
        "groups:\n",
        "no_repeat: true\nprevious_file: nam-truoc/survey.yaml\ngroups:\n",
    )
    [f] = only(reg, "X018")
    assert "không tìm thấy" in f.message and f.line == line_of(reg, "previous_file")


def test_no_repeat_without_last_year(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "groups:\n", "no_repeat: true\ngroups:\n")
    [f] = only(reg, "X018")
    assert f.line == line_of(reg, "no_repeat")


def test_registration_deadline_days_left_and_overdue(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "registered_on: 30/10/2023\n", "")
    [f] = only(reg, "X012", dt.date(2023, 10, 26))
    assert "còn 5 ngày" in f.message and f.severity is Severity.INFO
    [f] = only(reg, "X012", dt.date(2023, 10, 31))
    assert "hôm nay là hạn cuối" in f.message
    [f] = only(reg, "X013", dt.date(2023, 11, 2))
    assert "2 ngày" in f.message and f.line == line_of(reg, "register_by")


def test_registered_late(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "registered_on: 30/10/2023", "registered_on: 03/11/2023")
    [f] = only(reg, "X014")
    assert "muộn 3 ngày" in f.message


def test_inconsistent_dates(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "answered_on: 06/12/2023", "answered_on: 02/12/2023")
    reg.replace(
        "survey.yaml",
        '    status: da-gui\n    sent_on: 04/12/2023\n  - name: "Lê',
        '    status: chua-gui\n    sent_on: 25/12/2023\n  - name: "Lê',
    )
    found = only(reg, "X015")
    texts = " | ".join(f.message for f in found)
    assert "trước ngày gửi" in texts and "sau ngày kiểm tra" in texts and "chua-gui" in texts


def test_answer_period_over_with_unanswered(reg: MiniDossier) -> None:
    [f] = only(reg, "X016", dt.date(2024, 1, 2))
    assert "2 người" in f.message


def test_duplicate_group_id(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "  - id: lanh-dao-phong\n", "  - id: lanh-dao-so\n")
    assert only(reg, "X017")


def test_bad_values_become_findings_with_lines(reg: MiniDossier) -> None:
    reg.replace(
        "survey.yaml", 'sex: nam\n    position: "Giám đốc"', 'sex: x\n    position: "Giám đốc"'
    )
    reg.replace("survey.yaml", "status: da-tra-loi", "status: xong")
    found = [f for f in survey_findings(reg) if f.code == "S003"]
    assert [f.line for f in found] == [line_of(reg, "sex: x"), line_of(reg, "status: xong")]


def test_survey_findings_never_block_a_build(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "binh.tt@so-thu.example", "binh")
    report = reg.validate()
    assert report.has_errors()
    assert report.content_errors() == []


def test_one_bad_respondent_does_not_hide_the_others(reg: MiniDossier) -> None:
    reg.replace("survey.yaml", "status: da-tra-loi", "status: xong")
    reg.replace("survey.yaml", "cuong.lv@so-thu.example", "cuong.lv@so-thu")
    [bad] = [f for f in survey_findings(reg) if f.code == "S003"]
    assert bad.line == line_of(reg, "status: xong")
    [f] = only(reg, "X001")  # located in the file, after the skipped respondent
    assert f.line == line_of(reg, "cuong.lv@so-thu") and "Lê Văn Cường" in f.message
    survey = reg.load().survey
    assert survey is not None and survey.rows == [1, 2, 3]
