"""`parcli appraisal show` after round 2, with the survey points and the published result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from helpers import EXAMPLE, MiniDossier, break_example_scores

FINAL = """\
year: 2023
round1: {document: "12/SNV", date: 15/01/2024}
round2: {document: "30/SNV", date: 20/02/2024}
leaves:
  "1.1": {round1_score: 0.5, round1_opinion: "Thiếu", explanation_requested: true,
          round2_score: 1, round2_opinion: "Chấp nhận giải trình"}
  "1.2.1": {round1_score: 0.25}
  "2.1.1": {round1_score: 0.75, round1_opinion: "Thiếu báo cáo quý IV"}
  "2.1.10": {round1_score: 0.5}
  "2.2": {round1_score: 0.5}
areas:
  "1": {survey_score: 1.25, published_total: 2.75}
  "2": {survey_score: 0, published_total: 1.75}
published_total: 4.5
published_rank: 7
"""


def test_show_after_round_two(mini: MiniDossier, cli: Any) -> None:
    mini.write("appraisal.yaml", FINAL)
    mini.replace(
        "divisions/van-phong.yaml",
        "    updated: 10/12/2023\n",
        '    response: {text: "Kế hoạch ban hành ngày 28/12/2022."}\n',
    )
    result = cli("appraisal", "show", str(mini.root), "--as-of", "25/02/2024")
    assert result.code == 0, result.err
    out = result.out
    assert "Vòng 2: văn bản số 30/SNV, ngày 20/02/2024" in out
    lines = {
        line.split()[0]: line.split() for line in out.splitlines() if line.startswith("  1.1 ")
    }
    assert lines["1.1"][1:7] == ["1", "1", "0,5", "1", "1", "0"]  # max, self, r1, r2, final, lost
    total = next(line for line in out.splitlines() if line.startswith("Cộng")).split()
    assert total[1:] == ["3,5", "3,25", "2,5", "1", "3", "0,25"]
    assert "- 1.1 Tiêu chí lá (Văn phòng Sở): tự chấm 1, vòng 1 0,5, vòng 2 1" in out
    assert "    Ý kiến vòng 2: Chấp nhận giải trình" in out
    assert "- 1. Lĩnh vực một: điều tra xã hội học 1,25, tổng điểm công bố 2,75" in out
    assert "Điểm điều tra xã hội học: 1,25 điểm." in out
    assert "Tổng điểm được công bố: 4,5, xếp thứ 7." in out
    data = json.loads(cli("appraisal", "show", str(mini.root), "--format", "json").out)
    assert data["published"]["total"] == "4.5" and data["published"]["rank"] == 7
    assert data["total"]["final"] == "3" and data["total"]["lost"] == "0.25"


def test_the_appendix_shows_both_opinions(mini: MiniDossier, cli: Any) -> None:
    import openpyxl

    mini.write("appraisal.yaml", FINAL)
    result = cli("build", str(mini.root), "--as-of", "20/12/2023")
    assert result.code == 0, result.err
    [appendix] = (mini.root / "build").glob("phu-bieu-*.xlsx")
    ws = openpyxl.load_workbook(appendix)["Phụ biểu"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    assert ws.cell(row, 9).value == 1  # the final score (round 2)
    assert ws.cell(row, 10).value == "Vòng 1: Thiếu\nVòng 2: Chấp nhận giải trình"


def test_show_without_an_appraisal_file(mini: MiniDossier, cli: Any) -> None:
    result = cli("appraisal", "show", str(mini.root))
    assert result.code == 2
    assert "chưa có kết quả thẩm định" in result.err
    assert "parcli appraisal import" in result.err


def test_show_counts_self_scores_as_status(cli: Any, tmp_path: Path) -> None:
    """The "Tự chấm" totals leave invalid self-scores out, as status does (not 61,8/66)."""
    root = tmp_path / "vi-du"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    break_example_scores(root)
    status = json.loads(cli("status", str(root), "--as-of", "04/01/2024", "--format", "json").out)
    result = cli("appraisal", "show", str(root), "--as-of", "04/01/2024", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["total"]["self_score"] == status["total"]["score"] == "56.5"
    areas = {a["key"]: a["self_score"] for a in data["areas"]}
    assert {k: areas[k] for k in ("3", "6")} == {"3": "8", "6": "6.5"}
    assert areas == {a["key"]: a["score"] for a in status["areas"]}
    divisions = {d["key"]: d["self_score"] for d in data["divisions"]}
    assert divisions == {d["key"]: d["score"] for d in status["divisions"]}
    text = cli("appraisal", "show", str(root), "--as-of", "04/01/2024").out
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert lines["Cộng"][:2] == ["66", "56,5"]
    assert "    Điểm ghi 5 không hợp lệ (vượt điểm tối đa 1): không tính vào tổng" in text
