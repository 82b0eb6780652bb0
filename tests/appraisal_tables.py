"""Appraisal tables built in the tests: parcli's own appendix filled in, and foreign tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from helpers import MiniDossier


def build_appendix(mini: MiniDossier, cli: Any) -> Path:
    """Build the mini dossier as of 20/12/2023 and return its appendix."""
    result = cli("build", str(mini.root), "--as-of", "20/12/2023")
    assert result.code == 0, result.err
    [path] = sorted((mini.root / "build").glob("phu-bieu-*.xlsx"))
    return path


def fill_appendix(source: Path, target: Path, values: dict[str, tuple[object, str | None]]) -> Path:
    """Fill "Điểm thẩm định" / "Ý kiến thẩm định" of parcli's appendix by code, like a council."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Phụ biểu"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "STT")
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(header + 1, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if code in values:
            score, opinion = values[code]
            ws.cell(r, cols["Điểm thẩm định"]).value = score
            if opinion is not None:
                ws.cell(r, cols["Ý kiến thẩm định"]).value = opinion
    wb.save(target)
    return target


def foreign_table(target: Path, rows: list[list[object]], *, title: str | None = None) -> Path:
    """Another agency's layout: two header rows, "Điểm thẩm định" over "Vòng 1 | Vòng 2"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KQ thẩm định"
    ws["A1"] = title or "BẢNG TỔNG HỢP KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2023 CỦA SỞ THỬ NGHIỆM"
    ws.merge_cells("A1:H1")
    heads = [
        "Mã tiêu chí",
        "Nội dung",
        "Điểm tối đa",
        "Điểm thẩm định",
        None,
        "Nhận xét của Hội đồng",
        "Yêu cầu giải trình",
    ]
    for c, text in enumerate(heads, 1):
        ws.cell(3, c).value = text
    ws.merge_cells("D3:E3")
    for c in (1, 2, 3, 6, 7):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws["D4"], ws["E4"] = "Vòng 1", "Vòng 2"
    for i, row in enumerate(rows, 5):
        for c, value in enumerate(row, 1):
            ws.cell(i, c).value = value
    wb.save(target)
    return target
