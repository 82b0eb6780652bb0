"""Every validation rule, each with a bad-input case (and the clean case for contrast)."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

import pytest
from helpers import MiniDossier

from parcli.findings import Severity


def only(mini: MiniDossier, code: str, as_of: dt.date = dt.date(2023, 12, 20)):
    found = [f for f in mini.validate(as_of).findings if f.code == code]
    assert found, f"{code} not reported; got {mini.codes(as_of)}"
    return found


def test_clean_mini_dossier_has_no_errors_or_warnings(mini: MiniDossier) -> None:
    report = mini.validate()
    assert report.counts[Severity.ERROR] == 0
    assert report.counts[Severity.WARNING] == 0
    assert report.scorecard is not None
    assert str(report.scorecard.score) == "3.25"


# ---------------------------------------------------------------- YAML level


def test_yaml_syntax_error_has_line_and_column(mini: MiniDossier) -> None:
    mini.write("divisions/phong-a.yaml", 'division: phong-a\nanswers:\n  "2.2":\n    score: 1: 2\n')
    [f] = only(mini, "Y001")
    assert (f.file, f.line) == ("divisions/phong-a.yaml", 4)
    assert f.col is not None
    assert "dấu ':'" in f.message


def test_tab_indentation_is_explained(mini: MiniDossier) -> None:
    mini.write("divisions/phong-a.yaml", 'division: phong-a\nanswers:\n\t"2.2":\n')
    [f] = only(mini, "Y001")
    assert "Tab" in f.message and f.line == 3


def test_duplicate_answer_key_is_an_error_and_first_is_kept(mini: MiniDossier) -> None:
    mini.write(
        "divisions/phong-a.yaml",
        'division: phong-a\nanswers:\n  "2.2":\n    score: 0.5\n  "2.2":\n    score: 0\n',
    )
    [f] = only(mini, "Y002")
    assert f.line == 5 and "dòng 3" in f.message
    assert f.severity is Severity.ERROR
    loaded = mini.load()
    assert str(loaded.divisions["phong-a"].answers["2.2"].score) == "0.5"


def test_unquoted_code_read_faithfully_is_a_warning(mini: MiniDossier) -> None:
    mini.replace("divisions/phong-a.yaml", '"2.1.1":', "2.1.1:")
    mini.replace("divisions/van-phong.yaml", '"1.1":', "1.1:")
    found = only(mini, "Y003")
    assert {f.criterion for f in found} == {"1.1"}  # 2.1.1 is not a YAML number
    assert found[0].severity is Severity.WARNING


def test_unquoted_code_kept_exact_is_a_warning(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2.1", 2.10]')
    # YAML reads 2.10 as the number 2.1; parcli reads the text as written, so only a warning
    [found] = only(mini, "Y003")
    assert found.criterion == "2.10" and found.severity is Severity.WARNING
    assert "Y004" not in mini.codes()


@pytest.mark.parametrize(("written", "read_as"), [("02", "2"), ("+2", "2")])
def test_unquoted_code_that_yaml_changes_is_an_error(
    mini: MiniDossier, written: str, read_as: str
) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', f"phong-a: [{written}]")
    [found] = only(mini, "Y004")
    assert found.severity is Severity.ERROR and found.criterion == written
    assert f"đọc thành số {read_as}" in found.message
    assert found.file == "dossier.yaml" and found.line is not None


def test_scores_are_exact_decimals(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "score: 0.25", 'score: "0,25"')
    report = mini.validate()
    assert report.scorecard is not None
    assert str(report.scorecard.score) == "3.25"


def test_not_utf8_file(mini: MiniDossier) -> None:
    (mini.root / "divisions" / "phong-a.yaml").write_bytes(
        "division: phong-a\n# Phòng\n".encode("latin-1")
    )
    [f] = only(mini, "Y005")
    assert "UTF-8" in f.message and f.line == 2


def test_a_file_saved_as_unicode_in_notepad_is_named_as_such(mini: MiniDossier) -> None:
    path = mini.root / "divisions" / "phong-a.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))  # with its BOM
    [f] = only(mini, "Y005")
    assert f.message == (
        "Tệp divisions/phong-a.yaml được lưu bằng mã hóa UTF-16 (Notepad gọi là “Unicode”), "
        "không phải UTF-8"
    )
    assert f.line == 1 and "chọn mã hóa UTF-8" in f.hint


# ---------------------------------------------------------------- shape (pydantic)


def test_unknown_field_suggests_the_right_name(mini: MiniDossier) -> None:
    mini.replace("divisions/phong-a.yaml", "    score: 0.5\n", "    scores: 0.5\n")
    [f] = only(mini, "S002")
    assert "'scores'" in f.message and "score" in f.hint
    assert f.criterion == "2.1.10" and f.line == 7


def test_missing_required_field(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'place: "Yên Bái"\n', "")
    [f] = only(mini, "S001")
    assert "place" in f.message
    assert not mini.load().readable


def test_wrong_type_points_at_the_value(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/phong-a.yaml", "score: 0.5\n    explanation", 'score: "nửa"\n    explanation'
    )
    [f] = only(mini, "S003")
    assert f.line == 7 and "không phải là số" in f.message


@pytest.mark.parametrize("written", ["1 điểm", "100%", "0,5đ"])
def test_a_score_with_a_unit_says_write_a_number(mini: MiniDossier, written: str) -> None:
    mini.replace("divisions/van-phong.yaml", "    score: 1\n", f'    score: "{written}"\n')
    [f] = only(mini, "S003")
    assert f"'{written}' có kèm chữ hoặc dấu %; chỉ ghi số" in f.message
    assert f.hint.startswith("Ghi số: 1 hoặc 0,5 (không kèm chữ 'điểm' hay dấu %)")
    assert "docs/formats.md" not in f.hint and "`parcli docs formats`" in f.hint
    assert (f.line, f.criterion) == (4, "1.1")


def test_a_bad_date_says_how_to_write_one(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "issued: 15/06/2023", "issued: 31/06/2023")
    [f] = only(mini, "S003")
    assert f.hint.startswith("Ghi ngày dạng 25/12/2023")


def test_one_bad_field_keeps_the_rest_of_the_answer(mini: MiniDossier) -> None:
    mini.replace("divisions/phong-a.yaml", "score: 1\n", "score: [1]\n")
    loaded = mini.load()
    answers = loaded.divisions["phong-a"].answers
    assert set(answers) == {"2.1.1", "2.1.10", "2.2"}
    assert answers["2.1.1"].score is None and answers["2.1.1"].evidence  # evidence kept
    assert ("phong-a", "2.1.1") in loaded.failed_answers
    codes = mini.codes()
    assert "S003" in codes and "W002" not in codes  # not also reported as "missing"


def test_bad_evidence_item_keeps_the_score(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "issued: 15/06/2023", "issued: 31/02/2023")
    loaded = mini.load()
    answer = loaded.divisions["van-phong"].answers["1.2.1"]
    assert str(answer.score) == "0.25" and answer.evidence == []
    report = mini.validate()
    assert report.scorecard is not None and str(report.scorecard.score) == "3.25"


def test_broken_division_file_is_one_clear_error_not_a_cascade(mini: MiniDossier) -> None:
    mini.write("divisions/phong-a.yaml", 'division: phong-a\nanswers:\n  "2.2": [\n')
    codes = mini.codes(dt.date(2023, 12, 27))
    assert "D011" in codes and "Y001" in codes
    assert "D008" not in codes and "W003" not in codes


def test_bad_date_format(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "updated: 10/12/2023", "updated: 31/02/2023")
    [f] = only(mini, "S003")
    assert "ngày có thật" in f.message


@pytest.mark.parametrize("written", ["10/12/2023", "2023-12-10", "10-12-2023"])
def test_dates_accept_iso_and_dd_mm_yyyy(mini: MiniDossier, written: str) -> None:
    mini.replace("divisions/van-phong.yaml", "updated: 10/12/2023", f"updated: {written}")
    loaded = mini.load()
    assert loaded.divisions["van-phong"].answers["1.1"].updated == dt.date(2023, 12, 10)


# ---------------------------------------------------------------- dossier and scope


def test_duplicate_division_id(mini: MiniDossier) -> None:
    mini.replace(
        "dossier.yaml",
        '    name: "Phòng A"\n',
        '    name: "Phòng A"\n  - id: phong-a\n    name: "Phòng A2"\n',
    )
    only(mini, "D001")


def test_assignment_to_unknown_division(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2"]\n  phong-b: ["1.1"]')
    [f] = only(mini, "D002")
    assert f.division == "phong-b" and f.line is not None


def test_assignment_of_unknown_code(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2", "9.9"]')
    [f] = only(mini, "D003")
    assert f.criterion == "9.9"


def test_same_leaf_two_leads_is_one_error_without_cascade(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2", "1.2"]')
    mini.replace("dossier.yaml", 'van-phong: ["1"]', 'van-phong: ["1", "1.2"]')
    [f] = only(mini, "D004")
    assert "1.2.1" in f.message
    codes = mini.codes()
    assert "A003" not in codes and "W002" not in codes and "D007" not in codes


def test_more_specific_assignment_wins(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2", "1.1"]')
    report = mini.validate()
    assert report.scope is not None
    assert report.scope.lead["1.1"] == "phong-a"
    assert report.scope.lead["1.2.1"] == "van-phong"
    # van-phong still answers 1.1, which is now phong-a's
    assert "A003" in [f.code for f in report.findings]


def test_assigning_a_survey_leaf_is_a_warning(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'van-phong: ["1"]', 'van-phong: ["1", "1.3"]')
    [f] = only(mini, "D005")
    assert f.severity is Severity.WARNING


def test_unassigned_leaves_are_reported_as_out_of_scope(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2.1"]')
    [f] = only(mini, "D007")
    assert "2.2" in f.message and f.severity is Severity.INFO
    # and the out-of-scope leaf does not count in the maximum
    report = mini.validate()
    assert report.scorecard is not None and str(report.scorecard.scope_max) == "3.0"


def test_division_with_leaves_but_no_file(mini: MiniDossier) -> None:
    (mini.root / "divisions" / "phong-a.yaml").unlink()
    [f] = only(mini, "D008")
    assert f.division == "phong-a"


def test_division_file_for_unknown_division(mini: MiniDossier) -> None:
    mini.write("divisions/phong-z.yaml", "division: phong-z\nanswers: {}\n")
    only(mini, "D009")


def test_file_name_must_match_division(mini: MiniDossier) -> None:
    (mini.root / "divisions" / "phong-a.yaml").rename(mini.root / "divisions" / "ten-khac.yaml")
    only(mini, "A013")


def test_two_files_for_one_division(mini: MiniDossier) -> None:
    mini.write("divisions/ten-khac.yaml", "division: phong-a\nanswers: {}\n")
    [f] = only(mini, "A015")
    assert f.file == "divisions/ten-khac.yaml"


def test_inconsistent_dates(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", "submit_before: 05/01/2024", "submit_before: 20/12/2023")
    only(mini, "D006")


# ---------------------------------------------------------------- answers


def test_unknown_code_1_10_is_not_1_1(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", '"1.1":', '"1.10":')
    [f] = only(mini, "A001")
    assert f.criterion == "1.10" and "1.10" in f.message


def test_answer_for_a_parent(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", '"1.2.1":', '"1.2":')
    [f] = only(mini, "A002")
    assert f.criterion == "1.2"


def test_answer_by_a_division_that_does_not_lead(mini: MiniDossier) -> None:
    mini.replace("divisions/phong-a.yaml", '  "2.2":\n    score: 0.5\n', "")
    mini.write(
        "divisions/van-phong.yaml", 'division: van-phong\nanswers:\n  "2.2":\n    score: 0.5\n'
    )
    [f] = only(mini, "A003")
    assert f.division == "van-phong" and "phong-a" in f.message
    assert "A004" not in mini.codes()


def test_two_divisions_answer_one_leaf(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2"]\n  phong-b: []')
    mini.replace(
        "dossier.yaml",
        '    name: "Phòng A"\n',
        '    name: "Phòng A"\n  - id: phong-b\n    name: "Phòng B"\n',
    )
    mini.write("divisions/phong-b.yaml", 'division: phong-b\nanswers:\n  "2.2":\n    score: 0.5\n')
    [f] = only(mini, "A004")
    # reported on the answer that does not count, never on the lead's
    assert f.division == "phong-b" and f.file == "divisions/phong-b.yaml"
    assert "A003" not in mini.codes()


@pytest.mark.parametrize(
    ("score", "code"),
    [("-0.5", "A005"), ("1.5", "A006"), ("0.3", "A007")],
)
def test_score_range_and_step(mini: MiniDossier, score: str, code: str) -> None:
    mini.replace("divisions/van-phong.yaml", "score: 1\n", f"score: {score}\n")
    [f] = only(mini, code)
    assert f.criterion == "1.1" and f.line == 4
    if code == "A007":
        assert "0; 0,5; 1" in f.hint


def test_score_for_a_survey_leaf(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'van-phong: ["1"]', 'van-phong: ["1"]')
    mini.write(
        "divisions/van-phong.yaml",
        mini.root.joinpath("divisions/van-phong.yaml").read_text(encoding="utf-8")
        + '  "1.3":\n    score: 1\n',
    )
    [f] = only(mini, "A008")
    assert f.criterion == "1.3"


def test_score_without_evidence_or_explanation(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "    evidence:\n      - evidence/ke-hoach.pdf\n", "")
    [f] = only(mini, "A009")
    assert f.criterion == "1.1" and f.severity is Severity.ERROR


def test_no_evidence_needed_where_the_rule_says_so(mini: MiniDossier) -> None:
    # 2.2 has evidence_required: false and neither evidence nor explanation
    assert "A009" not in mini.codes()


def test_points_lost_without_a_reason(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", '    reason_lost: "Chưa đủ"\n', "")
    [f] = only(mini, "A010")
    assert f.criterion == "1.2.1" and "0,25" in f.message


def test_updated_after_window_and_in_future(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "updated: 10/12/2023", "updated: 28/12/2023")
    assert "A014" in mini.codes(dt.date(2023, 12, 20))
    assert "A011" in mini.codes(dt.date(2023, 12, 30))


# ---------------------------------------------------------------- evidence


def test_missing_evidence_suggests_a_near_name(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence/ke-hoac.pdf")
    [f] = only(mini, "E001")
    assert "evidence/ke-hoach.pdf" in f.hint and f.line == 6


def test_backslash_paths_are_accepted(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence\\\\ke-hoach.pdf"
    )
    mini.replace(
        "divisions/van-phong.yaml", "- evidence\\\\ke-hoach.pdf", '- "evidence\\\\ke-hoach.pdf"'
    )
    assert "E001" not in mini.codes()


def test_mac_nfd_file_name_is_found(mini: MiniDossier) -> None:
    name = "Kế hoạch CCHC.pdf"
    (mini.root / "evidence" / unicodedata.normalize("NFD", name)).write_bytes(b"%PDF")
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", f'- "evidence/{name}"')
    assert "E001" not in mini.codes()


def test_evidence_is_a_folder(mini: MiniDossier) -> None:
    (mini.root / "evidence" / "thu-muc").mkdir()
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence/thu-muc")
    only(mini, "E002")


@pytest.mark.parametrize(
    "path", ["../ngoai.pdf", "/etc/passwd", "C:/Windows/win.ini", "evidence/../../ngoai.pdf"]
)
def test_evidence_outside_the_dossier_is_refused(mini: MiniDossier, path: str) -> None:
    (mini.root.parent / "ngoai.pdf").write_bytes(b"x")
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", f'- "{path}"')
    [f] = only(mini, "E003")
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize("quoted", [False, True])
def test_absolute_path_inside_the_dossier_is_accepted_with_the_relative_one(
    mini: MiniDossier, quoted: bool
) -> None:
    """Explorer's "Copy as path" gives the absolute path, double quotes included."""
    absolute = str(mini.root.resolve() / "evidence" / "ke-hoach.pdf")
    written = f'"{absolute}"' if quoted else absolute
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", f"- '{written}'")
    codes = mini.codes()
    assert "E003" not in codes and "E001" not in codes
    [f] = only(mini, "E009")
    assert f.severity is Severity.WARNING
    assert f.hint.endswith(": evidence/ke-hoach.pdf")
    assert (f.file, f.line, f.criterion) == ("divisions/van-phong.yaml", 6, "1.1")


def test_absolute_path_outside_the_dossier_stays_refused(mini: MiniDossier) -> None:
    (mini.root.parent / "ngoai.pdf").write_bytes(b"x")
    absolute = str(mini.root.parent.resolve() / "ngoai.pdf")
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", f"- '\"{absolute}\"'")
    only(mini, "E003")
    assert "E009" not in mini.codes()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_leaving_the_dossier_is_not_followed(mini: MiniDossier) -> None:
    outside = mini.root.parent / "bi-mat.pdf"
    outside.write_bytes(b"secret")
    (mini.root / "evidence" / "lien-ket.pdf").symlink_to(outside)
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence/lien-ket.pdf")
    only(mini, "E003")


def test_evidence_dated_after_as_of_and_outside_year(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "issued: 15/06/2023", "issued: 22/12/2023")
    assert "E004" in mini.codes(dt.date(2023, 12, 20))
    mini.replace("divisions/van-phong.yaml", "issued: 22/12/2023", "issued: 15/06/2022")
    [f] = only(mini, "E005")
    assert f.severity is Severity.WARNING


def test_empty_evidence_file(mini: MiniDossier) -> None:
    (mini.root / "evidence" / "ke-hoach.pdf").write_bytes(b"")
    assert "E006" in mini.codes()


def test_duplicate_evidence_in_one_answer(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml",
        "- evidence/ke-hoach.pdf",
        "- evidence/ke-hoach.pdf\n      - evidence/ke-hoach.pdf",
    )
    only(mini, "E007")


# ---------------------------------------------------------------- criteria set


def test_criteria_sum_mismatch(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", "        max_score: 1.5\n", "        max_score: 2\n")
    codes = mini.codes()
    assert "C002" in codes


def test_criteria_count_mismatch(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", "components: 4}", "components: 5}")
    [f] = only(mini, "C003")
    assert "4 tiêu chí thành phần" in f.message


def test_criteria_duplicate_code(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", 'code: "2.1.10"', 'code: "2.1.1"')
    only(mini, "C001")


def test_criteria_total_mismatch(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", "max_total: 5", "max_total: 6")
    only(mini, "C004")


def test_criteria_code_nesting(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", 'code: "2.2"', 'code: "3.2"')
    only(mini, "C005")


def test_criteria_step_must_divide_max(mini: MiniDossier) -> None:
    mini.replace("criteria.yaml", "        step: 0.5\n", "        step: 0.3\n")
    only(mini, "C006")


def test_illustrative_set_is_flagged(example_copy: Path) -> None:
    from parcli.formats.loading import load_dossier
    from parcli.rules import validate

    report = validate(load_dossier(example_copy), dt.date(2023, 12, 25))
    assert "C007" in [f.code for f in report.findings]


# ---------------------------------------------------------------- window


def _unanswer(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/phong-a.yaml", "    score: 0.5\n    explanation", "    score:\n    explanation"
    )


def test_missing_answer_before_window_is_info(mini: MiniDossier) -> None:
    _unanswer(mini)
    [f] = only(mini, "W001", dt.date(2023, 11, 20))
    assert f.severity is Severity.INFO and f.criterion == "2.1.10"


def test_missing_answer_while_open_is_a_warning_with_days_left(mini: MiniDossier) -> None:
    _unanswer(mini)
    [f] = only(mini, "W002", dt.date(2023, 12, 20))
    assert "còn 5 ngày đến hạn 25/12/2023" in f.message
    assert f.severity is Severity.WARNING


def test_missing_answer_after_window_is_an_error(mini: MiniDossier) -> None:
    _unanswer(mini)
    [f] = only(mini, "W003", dt.date(2023, 12, 27))
    assert f.severity is Severity.ERROR


def test_overdue_and_late_submission(mini: MiniDossier) -> None:
    only(mini, "W004", dt.date(2024, 1, 5))
    assert "W004" not in mini.codes(dt.date(2024, 1, 4))
    mini.replace(
        "dossier.yaml",
        "submit_before: 05/01/2024",
        "submit_before: 05/01/2024\nsubmitted_on: 06/01/2024",
    )
    only(mini, "W005", dt.date(2024, 1, 10))
    mini.replace("dossier.yaml", "submitted_on: 06/01/2024", "submitted_on: 03/01/2024")
    codes = mini.codes(dt.date(2024, 1, 10))
    assert "W004" not in codes and "W005" not in codes


def test_every_reported_code_is_in_the_catalogue(mini: MiniDossier) -> None:
    from parcli.findings import CATALOGUE

    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 7\n")
    for f in mini.validate().findings:
        assert f.code in CATALOGUE


def test_validate_never_writes_input_files(mini: MiniDossier) -> None:
    before = {
        p: (p.stat().st_mtime_ns, p.read_bytes()) for p in mini.root.rglob("*") if p.is_file()
    }
    mini.validate()
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in mini.root.rglob("*") if p.is_file()}
    assert before == after


def test_name_differing_only_in_case_is_accepted_with_a_warning(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- Evidence/Ke-Hoach.PDF")
    [f] = only(mini, "E008")
    assert "evidence/ke-hoach.pdf" in f.hint and f.severity is Severity.WARNING
    assert "E001" not in mini.codes()


def test_unrelated_file_is_not_suggested(mini: MiniDossier) -> None:
    (mini.root / "evidence" / "ke-hoach-tuyen-truyen-cchc.docx").write_bytes(b"PK")
    mini.replace(
        "divisions/van-phong.yaml",
        "- evidence/ke-hoach.pdf",
        "- evidence/ke-hoach-kiem-tra-cchc.docx",
    )
    [f] = only(mini, "E001")
    assert "tuyen-truyen" not in f.hint


def test_backslash_in_double_quotes_is_explained(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", '- "evidence\\ke-hoach.pdf"'
    )
    [f] = only(mini, "Y001")
    assert "dấu /" in f.message
    mini.replace(
        "divisions/van-phong.yaml", '- "evidence\\ke-hoach.pdf"', '- "evidence\\bao-cao.docx"'
    )
    [f] = only(mini, "S003")
    assert "ký tự điều khiển" in f.message


def test_report_date_after_the_deadline_is_a_warning(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", "date: 04/01/2024", "date: 04/01/2030")
    [f] = only(mini, "D006")
    assert f.severity is Severity.WARNING


def test_division_without_any_leaf(mini: MiniDossier) -> None:
    mini.replace(
        "dossier.yaml",
        '    name: "Phòng A"\n',
        '    name: "Phòng A"\n  - id: phong-b\n    name: "Phòng B"\n',
    )
    [f] = only(mini, "D010")
    assert f.division == "phong-b" and f.severity is Severity.WARNING
    # the coordinator may lead nothing itself
    mini.replace("dossier.yaml", "coordinator: van-phong", "coordinator: phong-b")
    assert "D010" not in mini.codes()


def test_every_catalogued_code_is_exercised_by_a_test() -> None:
    from pathlib import Path

    from parcli.findings import CATALOGUE

    tests = Path(__file__).resolve().parents[1]
    text = "".join(p.read_text(encoding="utf-8") for p in tests.rglob("*.py"))
    text += "".join(p.read_text(encoding="utf-8") for p in (tests / "golden").iterdir())
    assert [c for c in CATALOGUE if f'"{c}"' not in text and c not in text] == []


def test_missing_signer_is_a_warning(mini: MiniDossier) -> None:
    assert "D012" not in mini.codes()
    mini.replace(
        "dossier.yaml",
        '  signer: {prefix: "KT.", authority: "GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Nguyễn Văn A"}\n',
        "",
    )
    [f] = only(mini, "D012")
    assert f.severity is Severity.WARNING


def test_empty_stub_in_a_non_lead_file_is_not_an_answer(mini: MiniDossier) -> None:
    mini.write(
        "divisions/van-phong.yaml",
        mini.root.joinpath("divisions/van-phong.yaml").read_text(encoding="utf-8")
        + '  "2.2":\n    score:\n    explanation:\n    evidence: []\n',
    )
    assert "A003" not in mini.codes() and "A004" not in mini.codes()


def test_zero_without_evidence_needs_only_a_reason(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml",
        "score: 1\n    evidence:\n      - evidence/ke-hoach.pdf\n",
        'score: 0\n    reason_lost: "Chưa ban hành kế hoạch"\n',
    )
    codes = mini.codes()
    assert "A009" not in codes and "A010" not in codes


def test_mac_and_editor_files_in_divisions_are_ignored(mini: MiniDossier) -> None:
    (mini.root / "divisions" / "._phong-a.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02")
    (mini.root / "divisions" / ".~van-phong.yaml").write_text("x: [", encoding="utf-8")
    assert mini.codes() == mini.codes()  # stable
    assert not [c for c in mini.codes() if c.startswith(("Y", "D009"))]


def test_control_characters_in_text_are_rejected_with_a_hint(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml", 'reason_lost: "Chưa đủ"', 'reason_lost: "Lưu tại CCHC\\bao cao"'
    )
    [f] = only(mini, "S003")
    assert "ký tự điều khiển" in f.message and f.criterion == "1.2.1"
