"""End-to-end: `parcli validate` as a user runs it."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from helpers import MiniDossier, check_golden


def test_example_is_clean_on_the_last_day(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(example_copy), "--as-of", "25/12/2023")
    assert result.code == 0, result.out
    check_golden("validate-example.txt", result.out)
    assert "Kết quả: HỢP LỆ." in result.out


def test_broken_dossier_lists_every_finding(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 1.5\n")
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence/ke-hoac.pdf")
    mini.replace(
        "divisions/phong-a.yaml", "    score: 0.5\n    explanation", "    score:\n    explanation"
    )
    mini.replace("divisions/phong-a.yaml", '  "2.2":\n    score: 0.5', '  "2.2":\n    scor: 0.5')
    result = cli("validate", str(mini.root), "--as-of", "2023-12-20")
    assert result.code == 1
    check_golden("validate-broken.txt", result.out)
    for code in ("A006", "E001", "W002", "S002"):
        assert code in result.out


def test_json_format_is_the_same_data(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 1.5\n")
    result = cli("validate", str(mini.root), "--as-of", "20/12/2023", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["ok"] is False and data["summary"]["error"] == 1
    assert data["left"] == {"errors": 1, "missing": 0, "warnings": 0}
    [finding] = [f for f in data["findings"] if f["code"] == "A006"]
    assert finding["location"] == "divisions/van-phong.yaml:4:12"
    assert finding["criterion"] == "1.1" and finding["division"] == "van-phong"
    assert data["window"]["days_to_window_end"] == 5


def test_strict_turns_warnings_into_failure(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/van-phong.yaml", '    reason_lost: "Chưa đủ"\n', "")
    assert cli("validate", str(mini.root), "--as-of", "20/12/2023").code == 0
    assert cli("validate", str(mini.root), "--as-of", "20/12/2023", "--strict").code == 1


def test_exit_2_when_unreadable_or_misused(cli, tmp_path: Path, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    assert cli("validate", str(tmp_path / "khong-co")).code == 2
    assert cli("validate", str(mini.root), "--as-of", "31/02/2023").code == 2
    assert cli("validate", str(mini.root), "--format", "xml").code == 2
    mini.write("dossier.yaml", "agency: [\n")
    result = cli("validate", str(mini.root))
    assert result.code == 2 and "dossier.yaml:2" in result.out


def test_unknown_criteria_set_is_a_clear_error(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("dossier.yaml", "criteria: criteria.yaml", "criteria: khong-co")
    result = cli("validate", str(mini.root))
    assert result.code == 2 and "Không tìm thấy bộ tiêu chí 'khong-co'" in result.err


GARBAGE = [
    "",
    "[]",
    "- 1\n- 2\n",
    "agency: 5\n",
    "answers: [1, 2]\n",
    "division: [x]\n",
    'division: phong-a\nanswers:\n  "2.2": 5\n',
    "division: phong-a\nanswers:\n  [1]: x\n",
    'division: phong-a\nanswers:\n  "2.2":\n    evidence: 7\n',
    'division: phong-a\nanswers:\n  "2.2":\n    evidence: [{}]\n',
    'division: phong-a\nanswers:\n  "2.2":\n    score: .inf\n',
    'division: phong-a\nanswers:\n  "2.2":\n    score: .nan\n',
    'division: phong-a\nanswers:\n  "2.2":\n    score: !!binary aGVsbG8=\n',
    "division: phong-a\nanswers:\n  &a x: *a\n",
    "division: phong-a\n<<: {a: 1}\n",
    'division: phong-a\nanswers:\n  "2.2":\n    evidence: [""]\n',
    'division: phong-a\nanswers:\n  "2.2":\n    evidence: ["\\0"]\n',
    "division: phong-a\nanswers:\n  ? [a, b]\n  : 1\n",
    "%YAML 9.9\n---\na: 1\n",
    "\ufeff\x00\x01",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_no_traceback_for_any_division_file(cli, mini: MiniDossier, text: str) -> None:  # type: ignore[no-untyped-def]
    (mini.root / "divisions" / "phong-a.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", str(mini.root), "--as-of", "20/12/2023")
    assert result.code in (0, 1, 2)
    assert "Traceback" not in result.out + result.err
    assert "Lỗi của parcli" not in result.err


@pytest.mark.parametrize("text", GARBAGE[:8] + ["agency: {name: x}\nyear: 'hai'\n"])
def test_no_traceback_for_any_dossier_file(cli, mini: MiniDossier, text: str) -> None:  # type: ignore[no-untyped-def]
    (mini.root / "dossier.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", str(mini.root))
    assert result.code == 2
    assert "Traceback" not in result.out + result.err and "Lỗi của parcli" not in result.err


def test_no_traceback_for_random_mutations(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(2023)
    original = (mini.root / "divisions" / "van-phong.yaml").read_text(encoding="utf-8")
    alphabet = ' :-"[]{}\n\t#&*!|>0.5,ạ'
    for _ in range(60):
        chars = list(original)
        for _ in range(rng.randint(1, 6)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        (mini.root / "divisions" / "van-phong.yaml").write_text("".join(chars), encoding="utf-8")
        result = cli("validate", str(mini.root), "--as-of", "20/12/2023")
        assert result.code in (0, 1, 2)
        assert "Lỗi của parcli" not in result.err, "".join(chars)


def test_usage_errors_are_in_vietnamese(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(mini.root), "--bogus")
    assert result.code == 2 and "không có tùy chọn --bogus" in result.err
    result = cli("validate", str(mini.root), "--as-of")
    assert result.code == 2 and "cần một giá trị" in result.err
    assert "Xem cách dùng" in result.err


def test_pointing_at_dossier_yaml_works(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(mini.root / "dossier.yaml"), "--as-of", "20/12/2023")
    assert result.code == 0, result.out + result.err


# --------------------------------------------------------------------------- saying it right


def _unscored(mini: MiniDossier) -> None:
    """A fresh dossier: no division has scored anything yet."""
    for name in ("van-phong", "phong-a"):
        text = (mini.root / "divisions" / f"{name}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"score: [0-9.]+", "score:", text)
        (mini.root / "divisions" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_unscored_leaves_are_one_line_per_division(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    _unscored(mini)
    result = cli("validate", str(mini.root), "--as-of", "20/12/2023")
    assert result.code == 0
    lines = [ln for ln in result.out.splitlines() if "chưa có điểm" in ln]
    assert lines == [
        "divisions/phong-a.yaml: cảnh báo W002 [phong-a]: Phòng A: 3 tiêu chí chưa có điểm "
        "(2.1.1, 2.1.10, 2.2); còn 5 ngày đến hạn 25/12/2023",
        "divisions/van-phong.yaml: cảnh báo W002 [van-phong]: Văn phòng Sở: 2 tiêu chí chưa có "
        "điểm (1.1, 1.2.1); còn 5 ngày đến hạn 25/12/2023",
    ]
    assert "parcli validate --details" in result.out
    # a valid dossier with leaves unscored during the window is incomplete, not "HỢP LỆ"
    assert "Tổng kết: 5 tiêu chí chưa chấm." in result.out
    assert "Kết quả: CHƯA ĐỦ: không có lỗi, nhưng còn 5/5 tiêu chí chưa chấm điểm." in result.out
    assert "HỢP LỆ" not in result.out

    details = cli("validate", str(mini.root), "--as-of", "20/12/2023", "--details")
    each = [ln for ln in details.out.splitlines() if "chưa có điểm" in ln]
    assert len(each) == 5
    assert (
        "divisions/van-phong.yaml:8:3: cảnh báo W002 [1.2.1, van-phong]: Tiêu chí thành phần "
        "1.2.1 (Văn phòng Sở) chưa có điểm; còn 5 ngày đến hạn 25/12/2023" in each
    )
    assert any("Tiêu chí 1.1 (Văn phòng Sở) chưa có điểm" in ln for ln in each)


def test_build_and_validate_count_the_same(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    """After the window: errors and unscored leaves counted once, said the same way."""
    _unscored(mini)
    mini.replace("divisions/phong-a.yaml", '  "2.1.1":\n    score:', '  "2.1.1":\n    score: 7')
    validate = cli("validate", str(mini.root), "--as-of", "27/12/2023")
    build = cli("build", str(mini.root), "--as-of", "27/12/2023")
    assert validate.code == 1 and build.code == 1
    assert "Tổng kết: 1 lỗi, 4 tiêu chí chưa chấm." in validate.out
    assert "Hồ sơ còn 1 lỗi, 4 tiêu chí chưa chấm nên chưa tạo được hồ sơ nộp" in build.err
    assert "Kết quả: HỒ SƠ CÒN LỖI" in validate.out and "CHƯA ĐẠT" not in validate.out


def test_a_late_submission_recorded_is_a_fact_not_an_error(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace(
        "dossier.yaml",
        "submit_before: 05/01/2024",
        "submit_before: 05/01/2024\nsubmitted_on: 08/01/2024",
    )
    result = cli("validate", str(mini.root), "--as-of", "01/03/2024")
    assert result.code == 0, result.out
    assert "thông tin W005" in result.out
    assert "Kết quả: HỢP LỆ" in result.out
    # not yet submitted and past the deadline: that one is still to fix (send it)
    mini.replace("dossier.yaml", "submitted_on: 08/01/2024", "")
    late = cli("validate", str(mini.root), "--as-of", "01/03/2024")
    assert late.code == 1 and "lỗi W004" in late.out
    assert "Tổng kết: quá hạn gửi hồ sơ" not in late.out
    assert "Kết quả: HỒ SƠ ĐÃ QUÁ HẠN GỬI" in late.out
