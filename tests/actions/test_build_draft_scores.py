"""A draft never adds an invalid self-score into a total it prints: ``parcli build --draft`` of
the example with 6.1.1 scored 5 (max 1), 3.2.3 scored 0,3 (step 0,25) and 3.2.2 scored "nhiều"
counts 56,5/66 everywhere, as ``parcli status`` does (not 61,8/66), and its appendix says
beside each invalid score what was written and why it is not counted."""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import EXAMPLE, break_example_scores, needs_libreoffice, pdf_text, soffice_convert

from parcli.render.docx.readback import docx_area_rows, docx_text
from parcli.render.xlsx.layout import COL, SHEET_DIVISIONS, SHEET_MAIN, UNANSWERED_NOTE
from parcli.render.xlsx.readback import read_back_appendix

AS_OF = "04/01/2024"
NOTE_611 = "Điểm ghi 5 không hợp lệ (vượt điểm tối đa 1): không tính vào tổng"
NOTE_323 = "Điểm ghi 0,3 không hợp lệ (sai bước điểm 0,25): không tính vào tổng"


@pytest.fixture
def draft(cli: Any, tmp_path: Path) -> tuple[Path, dict[str, Any], str]:
    """The broken example built as a draft: (build folder, status as JSON, build's output)."""
    root = tmp_path / "vi-du"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    break_example_scores(root)
    status = cli("status", str(root), "--as-of", AS_OF, "--format", "json")
    out = tmp_path / "out"
    result = cli("build", str(root), "--draft", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    return out, json.loads(status.out), result.out


def _file(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"BAN-NHAP-*{suffix}")
    return path


def _rows(ws: Any) -> dict[str, int]:
    return {str(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}


def test_summary_manifest_and_report_total_as_status(
    draft: tuple[Path, dict[str, Any], str],
) -> None:
    out, status, printed = draft
    total = status["total"]
    assert (total["score"], total["max"], total["percent"]) == ("56.5", "66", "85.61")
    assert "Tổng điểm tự đánh giá: 56,5/66 điểm, đạt 85,61%." in printed
    with zipfile.ZipFile(_file(out, ".zip")) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith("/manifest.json")]
        manifest = json.loads(zf.read(name))
    overall = manifest["totals"]["overall"]
    assert (overall["score"], overall["max"], overall["percent"]) == ("56.5", "66", "85.61")
    areas = {a["code"]: a for a in manifest["totals"]["areas"]}
    for area in status["areas"]:
        assert (areas[area["key"]]["score"], areas[area["key"]]["max"]) == (
            area["score"],
            area["max"],
        )
    # the report's lĩnh vực table: area 3 (3.2.2, 3.2.3) and 6 (6.1.1) as status counts them
    table = {row[0]: row[1:] for row in docx_area_rows(_file(out, ".docx"))}
    by_key = {a["key"]: a for a in status["areas"]}
    assert table["3"] == ("10", "8") and by_key["3"]["score"] == "8"
    assert table["6"] == ("8,5", "6,5") and by_key["6"]["score"] == "6.5"
    assert table["Tổng cộng"] == ("66", "56,5")


def test_report_says_which_scores_are_left_out(draft: tuple[Path, dict[str, Any], str]) -> None:
    text = " ".join(docx_text(_file(draft[0], ".docx")).split())
    assert "1. Tổng điểm tự đánh giá: 56,5/66 điểm, đạt 85,61%." in text
    assert (
        "Có 2 tiêu chí, tiêu chí thành phần ghi điểm không hợp lệ, không tính vào tổng điểm "
        "trên: 3.2.3 (0,3: sai bước điểm 0,25); 6.1.1 (5: vượt điểm tối đa 1). Sửa điểm rồi "
        "tạo lại hồ sơ."
    ) in text
    assert "Hồ sơ còn 3 lỗi chưa xử lý (xem bằng lệnh parcli validate)." in text
    # an invalid score is not a loss of points either (Mục III)
    assert "tự đánh giá 0,3 điểm" not in text


def test_appendix_leaves_the_invalid_cells_empty_and_says_why(
    draft: tuple[Path, dict[str, Any], str],
) -> None:
    out, status, _ = draft
    path = _file(out, ".xlsx")
    back = read_back_appendix(path, cached=False)
    assert back.total_score == Decimal("56.5") and back.total_scope_max == Decimal("66")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_MAIN]
    rows = _rows(ws)
    score, note = COL["score"], COL["note"]
    assert ws[f"{score}{rows['6.1.1']}"].value is None
    assert ws[f"{note}{rows['6.1.1']}"].value.startswith(NOTE_611 + "\n")
    assert ws[f"{score}{rows['3.2.3']}"].value is None
    assert ws[f"{note}{rows['3.2.3']}"].value.startswith(NOTE_323 + "\n")
    assert ws[f"{score}{rows['3.2.2']}"].value is None  # "nhiều": not read, not scored
    assert ws[f"{note}{rows['3.2.2']}"].value == UNANSWERED_NOTE
    # "Theo đơn vị": answered and score per division as status counts them
    sheet = wb[SHEET_DIVISIONS]
    names = {str(sheet.cell(row=r, column=2).value): r for r in range(1, sheet.max_row + 1)}
    for division in status["divisions"]:
        row = names[division["name"]]
        assert sheet.cell(row=row, column=4).value == division["answered"]
        assert Decimal(str(sheet.cell(row=row, column=6).value)) == Decimal(division["score"])


@needs_libreoffice
def test_printed_appendix_shows_the_note_and_the_total(
    draft: tuple[Path, dict[str, Any], str], tmp_path: Path
) -> None:
    appendix = _file(draft[0], ".xlsx")
    [pdf] = soffice_convert([appendix], tmp_path / "pdf", tmp_path / "lo-draft-scores")
    text = pdf_text(pdf)
    # the note wraps in its cell: each printed line of it is there
    for part in ("Điểm ghi 5 không hợp lệ (vượt điểm tối", "đa 1): không tính vào tổng"):
        assert part in text
    for part in ("Điểm ghi 0,3 không hợp lệ (sai bước", "điểm 0,25): không tính vào tổng"):
        assert part in text
    total = next(line for line in text.splitlines() if "TỔNG CỘNG" in line).split()
    assert "56.5" in total or "56,5" in total  # recalculated by LibreOffice


def test_report_section_ii_names_an_invalid_score_as_such(cli: Any, tmp_path: Path) -> None:
    """Mục II lists a leaf answered with an explanation instead of evidence; when its score is
    invalid, it says so (the score is not counted) instead of "tự đánh giá 5/1 điểm"."""
    root = tmp_path / "vi-du"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    break_example_scores(root)
    path = root / "divisions" / "phong-ke-hoach-tai-chinh.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index('  "6.1.1":\n    score: 5\n')
    evidence = text.index("    evidence:\n", start)
    end = text.index("    updated:", evidence)
    path.write_text(
        text[:evidence]
        + '    explanation: "Báo cáo giải ngân đang chờ Kho bạc xác nhận"\n'
        + text[end:],
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("build", str(root), "--draft", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    report = " ".join(docx_text(_file(out, ".docx")).split())
    assert (
        "- Tiêu chí thành phần 6.1.1 “Giải ngân vốn đầu tư công được giao” (điểm ghi 5 không "
        "hợp lệ: vượt điểm tối đa 1, không tính vào tổng): Báo cáo giải ngân đang chờ Kho bạc "
        "xác nhận."
    ) in report
    assert "5/1 điểm" not in report
    # a valid leaf of the same list reads as before
    assert (
        "- Tiêu chí thành phần 5.5.1 “Không có công chức, viên chức bị kỷ luật” (tự đánh giá 1/1 điểm):"
        in report
    )
