"""The report's section on last year's shortcomings and the appendix's "Năm trước" column:
present only with last_year.yaml; checked in Word, in Excel and through LibreOffice."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE, needs_libreoffice, pdf_text, soffice_convert
from new_year_scenario import make_years

from parcli.actions.build import BuildResult, build_package
from parcli.render.docx.readback import docx_text
from parcli.render.xlsx.readback import read_back_appendix


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    base = tmp_path_factory.mktemp("nam-moi")
    old = base / "2023"
    shutil.copytree(EXAMPLE, old, ignore=shutil.ignore_patterns("build"))
    _, new = make_years(old, base / "2024")
    return build_package(new, as_of=dt.date(2024, 12, 10), out=base / "out", draft=True)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    base = tmp_path_factory.mktemp("vi-du")
    return build_package(EXAMPLE, as_of=dt.date(2023, 12, 25), out=base / "out")


def test_report_section_on_last_year(built: BuildResult) -> None:
    text = docx_text(built.report_path)
    assert "1. Kết quả khắc phục tồn tại, hạn chế của năm 2023" in text
    assert "2. Nhiệm vụ, giải pháp khắc phục tồn tại, hạn chế năm 2024" in text
    assert "tổng điểm Chỉ số cải cách hành chính được công bố đạt 82,5 điểm, xếp thứ 4" in text
    assert (
        "- Tiêu chí 1.3 “Kiểm tra, tự kiểm tra công tác cải cách hành chính”: năm 2023 đạt "
        "0,5/1 điểm (thẩm định vòng 2). Nguyên nhân: Chưa kiểm tra Trung tâm Đăng kiểm. Năm 2024 "
        "tự đánh giá 1/1 điểm. Khắc phục: Kiểm tra đủ 6/6 đơn vị, gồm Trung tâm Đăng kiểm "
        "(quý II). Tài liệu kiểm chứng: Kế hoạch kiểm tra công tác cải cách hành chính năm 2024 "
        "(số 40/KH-SGTVTXD ngày 15/02/2024)."
    ) in text
    assert "Năm 2024 chưa tự đánh giá. Khắc phục: chưa nêu giải pháp khắc phục." in text
    assert "“Ban hành kế hoạch cải cách hành chính năm”: năm 2023" not in text  # lost nothing


def test_appendix_has_last_year_column(built: BuildResult) -> None:
    ws = openpyxl.load_workbook(built.appendix_path)["Phụ biểu"]
    header = next(r for r in range(1, 15) if ws.cell(row=r, column=1).value == "STT")
    headers = [ws.cell(row=header, column=c).value for c in range(1, ws.max_column + 1)]
    col = headers.index("Năm trước (2023)") + 1  # the last column, after the appraisal ones
    assert col == len(headers)
    rows = {ws.cell(row=r, column=1).value: r for r in range(header + 1, ws.max_row + 1)}
    assert ws.cell(row=rows["1.3"], column=col).value == Decimal("0.5")
    assert ws.cell(row=rows["1"], column=col).value == Decimal("4.5")
    assert ws.cell(row=rows["TỔNG CỘNG"], column=col).value == Decimal("58")
    assert read_back_appendix(built.appendix_path).total_score == Decimal("3.25")


def test_without_last_year_nothing_of_it_appears(plain: BuildResult) -> None:
    text = docx_text(plain.report_path)
    assert "Kết quả khắc phục tồn tại" not in text and "Năm trước" not in text
    ws = openpyxl.load_workbook(plain.appendix_path)["Phụ biểu"]
    header = next(r for r in range(1, 15) if ws.cell(row=r, column=1).value == "STT")
    headers = [ws.cell(row=header, column=c).value for c in range(1, ws.max_column + 1)]
    assert not any(str(h).startswith("Năm trước") for h in headers)


@needs_libreoffice
def test_libreoffice_renders_the_section_and_the_column(built: BuildResult, tmp_path: Path) -> None:
    sources = [tmp_path / "bao-cao.docx", tmp_path / "phu-bieu.xlsx"]
    shutil.copyfile(built.report_path, sources[0])
    shutil.copyfile(built.appendix_path, sources[1])
    report_pdf, appendix_pdf = soffice_convert(sources, tmp_path, tmp_path / "lo-profile")
    report = pdf_text(report_pdf)
    section = report[report.index("1. Kết quả khắc phục tồn tại, hạn chế của năm 2023") :]
    lines = [" ".join(line.split()) for line in section.splitlines()]
    assert "STT Lĩnh vực Năm 2023 Năm 2024 Chênh lệch" in lines
    assert any(line.startswith("3 Cải cách thủ tục hành chính 9,25/10 0,5/10*") for line in lines)
    assert "Tổng cộng 58/66 3,25/66*" in lines
    appendix = pdf_text(appendix_pdf)
    assert "Năm trước" in appendix and "(2023)" in appendix
