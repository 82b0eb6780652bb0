"""Criteria tables made in tests: Word and Excel files, and the shipped set as rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl

from parcli.formats.loading import load_criteria
from parcli.model import Component, CriteriaSet, Criterion, Method
from parcli.resources import shipped_criteria
from parcli.text import format_decimal

HEADER = ["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Cách chấm điểm"]

Row = Sequence[object]


# --------------------------------------------------------------------------- table builders


def make_docx(
    path: Path, tables: Sequence[Sequence[Row]], *, paragraphs: Sequence[str] = ()
) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=width)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = "" if value is None else str(value)
        document.add_paragraph("")
    document.save(str(path))
    return path


def make_xlsx(path: Path, sheets: dict[str, Sequence[Row]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(str(path))
    return path


def shipped() -> CriteriaSet:
    model, _doc, findings = load_criteria(shipped_criteria()["par-tinh-876-minh-hoa"], "x")
    assert model is not None, findings
    return model


def appendix_rows(criteria: CriteriaSet) -> list[list[str]]:
    """The tree laid out like the appendix: STT | Tên | Điểm tối đa | Cách chấm điểm."""
    rows = [list(HEADER)]
    for _depth, node in criteria.nodes():
        rule = ""
        if isinstance(node, Criterion | Component):
            rule = node.rule or ""
            is_leaf = isinstance(node, Component) or not node.components
            if is_leaf and node.method is Method.SURVEY:
                rule = "Điều tra xã hội học"
        rows.append([node.code, node.name, format_decimal(node.max_score), rule])
    return rows


SMALL = [
    HEADER,
    ["1", "Công tác chỉ đạo, điều hành", "2", ""],
    ["1.1", "Ban hành kế hoạch", "1", "Đúng hạn: 1 điểm; chậm: 0,5 điểm; không: 0 điểm."],
    ["1.2", "Báo cáo định kỳ", "1", ""],
    ["1.2.1", "Báo cáo quý", "0,5", "Đủ: 0,5 điểm; thiếu: 0,25 điểm."],
    ["1.2.2", "Báo cáo năm", "0,5", "Đủ: 0,5 điểm; không: 0 điểm."],
    ["2", "Cải cách thể chế", "3", ""],
    ["2.1", "Xây dựng văn bản", "2", "Hoàn thành: 2 điểm; chưa: 1 điểm."],
    ["2.2", "Đánh giá về chất lượng văn bản", "1", "Điều tra xã hội học"],
]
