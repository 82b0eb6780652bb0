from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import MiniDossier, check_golden


def test_status_of_the_example(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("status", str(example_copy), "--as-of", "20/12/2023")
    assert result.code == 0
    check_golden("status-example.txt", result.out)


def test_status_shows_progress_and_days_left(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/phong-a.yaml", "score: 1\n", "score:\n")
    result = cli("status", str(mini.root), "--as-of", "20/12/2023", "--format", "json")
    data = json.loads(result.out)
    phong_a = next(r for r in data["divisions"] if r["key"] == "phong-a")
    assert (phong_a["assigned"], phong_a["answered"], phong_a["with_evidence"]) == (3, 2, 1)
    assert phong_a["score"] == "1" and phong_a["max"] == "2"
    assert data["window"]["days_to_window_end"] == 5
    assert data["total"]["assigned"] == 5 and data["total"]["answered"] == 4
    text = cli("status", str(mini.root), "--as-of", "20/12/2023").out
    assert "Còn 5 ngày đến hạn 25/12/2023" in text
    assert "███████░░░  67%" in text


def test_status_refuses_an_unreadable_dossier(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("dossier.yaml", "year: x\n")
    result = cli("status", str(mini.root))
    assert result.code == 2 and "parcli validate" in result.err


def test_score_prints_totals(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("score", str(example_copy))
    assert result.code == 0
    assert "Tổng điểm tự đánh giá: 58,25/66 điểm, đạt 88,26%." in result.out
    data = json.loads(cli("score", str(example_copy), "--format", "json").out)
    assert data["score"] == "58.25" and data["official"] is False


def test_status_flags_an_unreadable_division_file(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("divisions/phong-a.yaml", 'division: phong-a\nanswers:\n  "2.2": [\n')
    result = cli("status", str(mini.root), "--as-of", "20/12/2023")
    assert result.code == 0
    assert "CHÚ Ý: Tệp divisions/phong-a.yaml không đọc được" in result.out


def test_status_lists_what_to_chase_per_division(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/phong-a.yaml", "score: 1\n", "score:\n")
    mini.replace("divisions/van-phong.yaml", "    evidence:\n      - evidence/ke-hoach.pdf\n", "")
    text = cli("status", str(mini.root), "--as-of", "20/12/2023").out
    assert "CẦN ĐÔN ĐỐC" in text
    assert "- Phòng A:\n    chưa chấm (1): 2.1.1" in text
    assert (
        "- Văn phòng Sở:\n    có điểm nhưng thiếu tài liệu kiểm chứng và giải trình (1): 1.1"
        in text
    )
    data = json.loads(
        cli("status", str(mini.root), "--as-of", "20/12/2023", "--format", "json").out
    )
    assert {c["division"]: c["unanswered"] for c in data["chase"]} == {
        "phong-a": ["2.1.1"],
        "van-phong": [],
    }


def test_score_warns_when_totals_cannot_be_trusted(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 10\n")
    result = cli("score", str(mini.root))
    assert result.code == 0
    assert "CHÚ Ý: Hồ sơ còn 1 lỗi" in result.out
    data = json.loads(cli("score", str(mini.root), "--format", "json").out)
    assert data["errors"] == 1 and data["max"] == "3.5"
    assert data["areas"][0]["max"] == "1.5" and data["areas"][0]["criteria_max"] == "3"
    assert cli("score", str(mini.root), "--format", "xml").code == 2


def test_status_tells_the_truth_about_files_and_scores(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    """Files that do not exist or lie outside are not "Có TLKC"; bad scores are not summed;
    the chase list holds every problem a division must fix."""
    (mini.root.parent / "ngoai.pdf").write_bytes(b"x")
    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 1.5\n")  # max 1
    mini.replace("divisions/van-phong.yaml", "- evidence/ke-hoach.pdf", "- evidence/ke-hoac.pdf")
    mini.replace("divisions/van-phong.yaml", "score: 0.25", "score: 0.3")  # step 0.25
    mini.replace("divisions/van-phong.yaml", "path: evidence/bao-cao.docx", "path: ../ngoai.pdf")
    data = json.loads(
        cli("status", str(mini.root), "--as-of", "20/12/2023", "--format", "json").out
    )
    van_phong = next(r for r in data["divisions"] if r["key"] == "van-phong")
    assert (van_phong["assigned"], van_phong["answered"], van_phong["with_evidence"]) == (2, 0, 0)
    assert van_phong["score"] == "0" and van_phong["invalid"] == 2
    assert data["total"]["score"] == "2"  # phong-a: 1 + 0,5 + 0,5; van-phong adds nothing
    [chase] = [c for c in data["chase"] if c["division"] == "van-phong"]
    assert chase["bad_scores"] == [
        "1.1 (1,5: vượt điểm tối đa 1)",
        "1.2.1 (0,3: sai bước điểm 0,25)",
    ]
    assert chase["missing_files"] == ["1.1: evidence/ke-hoac.pdf", "1.2.1: ../ngoai.pdf"]

    text = cli("status", str(mini.root), "--as-of", "20/12/2023").out
    assert "2 tiêu chí có điểm không hợp lệ" in text
    assert "    điểm không hợp lệ, chưa cộng vào tổng (2): 1.1 (1,5: vượt điểm tối đa 1)" in text
    assert "    không tìm thấy tệp tài liệu kiểm chứng (2): 1.1: evidence/ke-hoac.pdf" in text
    assert re.search(r"^Cộng .* 2/3,5 ", text, re.M)  # the Cộng row: valid scores only


def test_chase_list_names_unreadable_answers(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.replace("divisions/phong-a.yaml", '  "2.2":\n    score: 0.5', '  "2.2":\n    scor: 0.5')
    data = json.loads(
        cli("status", str(mini.root), "--as-of", "20/12/2023", "--format", "json").out
    )
    [chase] = [c for c in data["chase"] if c["division"] == "phong-a"]
    assert chase["unreadable"] == ["2.2"] and chase["unanswered"] == []
