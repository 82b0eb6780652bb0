"""`parcli appraisal report`: the báo cáo giải trình (checked through LibreOffice) and its package."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import check_golden, needs_libreoffice, pdf_text, soffice_convert

from parcli.actions.explanation import build_explanation
from parcli.errors import BuildRefused
from parcli.model.manifest import ExplanationManifest

JAN_25 = dt.date(2024, 1, 25)
PACKAGE = "giai-trinh-2023-SGTVTXD"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import EXAMPLE

    root = tmp_path_factory.mktemp("giai-trinh") / "vi-du"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    build_explanation(root, as_of=JAN_25)
    return root


def test_the_package_has_its_manifest_and_sums(built: Path) -> None:
    folder = built / "build" / PACKAGE
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == [
        "SHA256SUMS",
        "bao-cao-giai-trinh-2023.docx",
        "manifest.json",
        "tai-lieu-kiem-chung-bo-sung/1.4/bao-cao-ket-qua-tuyen-truyen-cchc.docx",
    ]
    manifest = ExplanationManifest.model_validate_json((folder / "manifest.json").read_text())
    assert [(leaf.code, leaf.requested, leaf.explained) for leaf in manifest.leaves] == [
        ("1.4", True, True),
        ("3.2.2", True, True),
        ("6.1.3", False, False),
    ]
    [item] = manifest.files
    assert item.number == "348/BC-SGTVTXD" and item.leaf == "1.4"
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        sha, rel = line.split("  ")
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == sha
    with zipfile.ZipFile(built / "build" / f"{PACKAGE}.zip") as zf:
        assert sorted(zf.namelist()) == [f"{PACKAGE}/{f}" for f in files]


def test_the_package_is_deterministic(built: Path, tmp_path: Path) -> None:
    before = (built / "build" / f"{PACKAGE}.zip").read_bytes()
    build_explanation(built, as_of=dt.date(2024, 1, 30), out=tmp_path)
    assert (tmp_path / f"{PACKAGE}.zip").read_bytes() == before


@needs_libreoffice
def test_libreoffice_shows_the_explanation_report(built: Path, tmp_path: Path) -> None:
    docx = built / "build" / PACKAGE / "bao-cao-giai-trinh-2023.docx"
    [pdf] = soffice_convert([docx], tmp_path, tmp_path / "lo-profile")
    text = pdf_text(pdf, layout=False)
    flat = "".join(text.split())  # justified lines may split a word in the text layer
    for expected in (
        "SỞ GIAO THÔNG VẬN TẢI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 18/BC-SGTVTXD",
        "Lào Cai, ngày 01 tháng 02 năm 2024",
        "BÁO CÁO",
        "Giải trình kết quả thẩm định Chỉ số cải cách hành chính năm 2023",
        "Kính gửi: Sở Nội vụ tỉnh Lào Cai.",
        "Căn cứ Văn bản số 125/SNV-CCHC ngày 18/01/2024",
        "58,25/66 điểm; tổng điểm thẩm định vòng 1 là 56,75 điểm, giảm 1,5 điểm",
        "1. Tiêu chí 1.4",
        "(tối đa 1 điểm; tự đánh giá: 1; thẩm định vòng 1: 0,5)",
        "Ý kiến thẩm định: Chỉ có kế hoạch tuyên truyền",
        "Số 348/BC-SGTVTXD ngày 08/12/2023",
        "(mục I, trang 1)",
        "tai-lieu-kiem-chung-bo-sung/1.4/",
        "3. Tiêu chí thành phần 6.1.3",
        "Giải trình của Sở: Sở thống nhất với kết quả thẩm định.",
        "III. ĐỀ NGHỊ",
        "1.4 (đề nghị 1 điểm; điểm thẩm định vòng 1: 0,5 điểm)",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "Nguyễn Quốc Huy",
    ):
        assert "".join(expected.split()) in flat, expected
    items = [
        flat.index(t)
        for t in ("1.Tiêuchí1.4", "2.Tiêuchíthànhphần3.2.2", "3.Tiêuchíthànhphần6.1.3")
    ]
    assert items == sorted(items)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(re.findall(r"^Pages:\s+(\d+)$", info, re.M)[0])
    last = pdf_text(pdf, layout=False, pages=(pages, pages))
    assert "Trên đây là báo cáo" in last and "Nguyễn Quốc Huy" in last  # kept together
    assert pages <= 3


def test_missing_explanations_refuse_and_a_draft_says_so(example_copy: Path) -> None:
    path = example_copy / "divisions" / "phong-quan-ly-van-tai.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    response:\n      text:", "    remedy:"), encoding="utf-8")
    with pytest.raises(BuildRefused) as exc:
        build_explanation(example_copy, as_of=JAN_25)
    assert [(f.code, f.criterion) for f in exc.value.findings] == [("T011", "3.2.2")]
    result = build_explanation(example_copy, as_of=JAN_25, draft=True)
    assert result.package_dir.name == f"BAN-NHAP-{PACKAGE}"
    from parcli.render.docx.readback import docx_text

    text = docx_text(result.report_path)
    assert "BẢN NHÁP – chưa dùng để gửi: còn 1 tiêu chí được yêu cầu giải trình" in text
    assert "Giải trình của Sở: (chưa có nội dung giải trình)" in text


def test_a_missing_supplementary_file_blocks(example_copy: Path, cli: Any) -> None:
    (example_copy / "evidence" / "bao-cao-ket-qua-tuyen-truyen-cchc.docx").unlink()
    result = cli("appraisal", "report", str(example_copy), "--as-of", "25/01/2024")
    assert result.code == 1
    assert "E001" in result.out and "[1.4, van-phong]" in result.out
    assert not (example_copy / "build").exists()


def test_show_golden_and_json(example_copy: Path, cli: Any) -> None:
    result = cli("appraisal", "show", str(example_copy), "--as-of", "25/01/2024")
    assert result.code == 0, result.err
    check_golden("appraisal-show-example.txt", result.out)
    data = json.loads(cli("appraisal", "show", str(example_copy), "--format", "json").out)
    assert data["total"]["self_score"] == "58.25" and data["total"]["round1"] == "56.75"
    leaf = next(x for x in data["leaves"] if x["code"] == "1.4")
    assert leaf["explanation_requested"] and leaf["supplementary_evidence"] == [
        "evidence/bao-cao-ket-qua-tuyen-truyen-cchc.docx"
    ]


def test_report_cli_golden(example_copy: Path, cli: Any) -> None:
    result = cli("appraisal", "report", str(example_copy), "--as-of", "25/01/2024")
    assert result.code == 0, result.err
    check_golden("appraisal-report-example.txt", result.out.replace(str(example_copy), "<hồ sơ>"))


def test_a_rebuild_fills_the_appraisal_columns(example_copy: Path, cli: Any) -> None:
    result = cli("build", str(example_copy), "--as-of", "25/12/2023")
    assert result.code == 0, result.err
    [appendix] = (example_copy / "build").glob("phu-bieu-*.xlsx")
    ws = openpyxl.load_workbook(appendix)["Phụ biểu"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "STT")
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1)}
    assert ws.cell(rows["1.4"], cols["Điểm thẩm định"]).value == 0.5
    assert ws.cell(rows["1.4"], cols["Ý kiến thẩm định"]).value.startswith("Chỉ có kế hoạch")
    assert ws.cell(rows["1.1"], cols["Điểm thẩm định"]).value == 1
    assert ws.cell(rows["1.1"], cols["Ý kiến thẩm định"]).value is None
    assert cols["Ý kiến thẩm định"] == cols["Điểm thẩm định"] + 1


def test_an_illustrative_set_is_said_in_the_report(built: Path) -> None:
    """Like the self-assessment report: an explanation drawn from the MINH HỌA set says so."""
    from parcli.render.docx.readback import docx_text

    text = docx_text(built / "build" / PACKAGE / "bao-cao-giai-trinh-2023.docx")
    assert "bộ tiêu chí MINH HỌA" in text and "KHÔNG DÙNG ĐỂ GỬI" in text


def test_invalid_self_scores_block_and_a_draft_counts_as_status(
    example_copy: Path, cli: Any
) -> None:
    """The báo cáo giải trình states self-scores: one that cannot count (6.1.1 scored 5 of 1,
    3.2.3 scored 0,3 on a 0,25 step) keeps it from being final, named where it was written,
    and a draft counts the self-scores as `parcli status` does (56,5/66, not 61,8/66)."""
    from helpers import break_example_scores

    from parcli.render.docx.readback import docx_text

    break_example_scores(example_copy)
    with pytest.raises(BuildRefused) as exc:
        build_explanation(example_copy, as_of=JAN_25)
    assert [(f.code, f.criterion, f.file, f.line) for f in exc.value.findings] == [
        ("A006", "6.1.1", "divisions/phong-ke-hoach-tai-chinh.yaml", 9),
        ("A007", "3.2.3", "divisions/phong-quan-ly-van-tai.yaml", 29),
    ]
    result = cli("appraisal", "report", str(example_copy), "--as-of", "25/01/2024")
    assert result.code == 1
    assert "A006" in result.out and "[6.1.1, phong-ke-hoach-tai-chinh]" in result.out
    text = docx_text(build_explanation(example_copy, as_of=JAN_25, draft=True).report_path)
    assert "Tổng điểm tự đánh giá của Sở Giao thông vận tải - Xây dựng là 56,5/66 điểm" in text
    assert "tự đánh giá: 5;" not in text and "tự đánh giá: 0,3;" not in text
    assert "Có 2 tiêu chí bị trừ điểm" in text


def test_a_requested_leaf_the_so_did_not_score_says_so(example_copy: Path) -> None:
    """3.2.2 is asked for an explanation; with its score unreadable ("nhiều") it counts as not
    scored: its heading says "tự đánh giá: chưa chấm", as the summary table's "-" does, never
    "tự đánh giá: 0"."""
    from helpers import break_example_scores

    from parcli.render.docx.readback import docx_text

    break_example_scores(example_copy)
    text = docx_text(build_explanation(example_copy, as_of=JAN_25, draft=True).report_path)
    assert (
        "Tiêu chí thành phần 3.2.2 “Thực hiện liên thông giải quyết thủ tục hành chính” (tối đa "
        "1 điểm; tự đánh giá: chưa chấm; thẩm định vòng 1: 0,5)"
    ) in text
    assert "tự đánh giá: 0;" not in text
