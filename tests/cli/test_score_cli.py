"""``parcli score`` counts a total the way ``parcli status`` does: an invalid self-score (over
the maximum, off the step, negative, not a number) is never added to the agency's total; it is
listed to correct, with its file, line and division, in the words status uses."""

from __future__ import annotations

import json

from helpers import MiniDossier, check_golden

AS_OF = "20/12/2023"


def _break_scores(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 1.5\n")  # max 1
    mini.replace("divisions/van-phong.yaml", "score: 0.25", "score: 0.3")  # step 0.25
    mini.replace(
        "divisions/phong-a.yaml", "score: 0.5\n    explanation", "score: nhiều\n    explanation"
    )


def test_score_leaves_invalid_scores_out_of_its_total_like_status(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    _break_scores(mini)
    status = json.loads(cli("status", str(mini.root), "--as-of", AS_OF, "--format", "json").out)
    result = cli("score", str(mini.root), "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    # phong-a: 1 (2.1.1) + 0,5 (2.2); 2.1.10 "nhiều" cannot be read; van-phong adds nothing
    assert status["total"]["score"] == "1.5"
    assert data["score"] == status["total"]["score"] and data["max"] == status["total"]["max"]
    assert data["percent"] == status["total"]["percent"]
    area1 = next(a for a in data["areas"] if a["code"] == "1")
    assert area1["score"] == "0"  # 1,5 and 0,3 are both left out
    assert data["invalid_scores"] == [
        {
            "division": "van-phong",
            "code": "1.1",
            "score": "1.5",
            "problem": "vượt điểm tối đa 1",
            "file": "divisions/van-phong.yaml",
            "line": 4,
        },
        {
            "division": "van-phong",
            "code": "1.2.1",
            "score": "0.3",
            "problem": "sai bước điểm 0,25",
            "file": "divisions/van-phong.yaml",
            "line": 9,
        },
    ]
    assert data["unreadable_answers"] == [
        {"division": "phong-a", "code": "2.1.10", "file": "divisions/phong-a.yaml", "line": 7}
    ]
    # the same notes as status, word for word
    for note in status["problems"]:
        assert note in data["problems"]


def test_score_text_says_what_is_left_out_and_where(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    _break_scores(mini)
    status = cli("status", str(mini.root), "--as-of", AS_OF).out
    result = cli("score", str(mini.root))
    assert result.code == 0
    assert "Tổng điểm tự đánh giá: 1,5/3,5 điểm, đạt 42,86%." in result.out
    note = (
        "CHÚ Ý: 2 tiêu chí có điểm không hợp lệ (âm, vượt tối đa hoặc sai bước điểm): không "
        "cộng vào tổng, xem CẦN ĐÔN ĐỐC. Chạy `parcli validate` để xem chi tiết."
    )
    assert note in status and note in result.out
    assert "CHÚ Ý: Có trả lời bị lỗi, phần lỗi không được tính: 2.1.10." in result.out
    check_golden("score-invalid-mini.txt", result.out)


def test_score_of_a_valid_dossier_lists_nothing_to_correct(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    result = cli("score", str(mini.root))
    assert "CHÚ Ý" not in result.out and "CẦN ĐÔN ĐỐC" not in result.out
    data = json.loads(cli("score", str(mini.root), "--format", "json").out)
    assert data["invalid_scores"] == [] and data["unreadable_answers"] == []
    assert data["score"] == "3.25" and data["problems"] == []
