"""The survey list as an Excel workbook for the Sở Nội vụ (one table, official then reserve).

Print-ready (A4 landscape, fit to width, header row repeated, Times New Roman) and
deterministic: fixed document properties and zip timestamps from the register's date.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.xml.functions import tostring

from parcli.formats.ziputil import repack_zip
from parcli.model import ListKind
from parcli.render.survey.rows import COLUMNS, SurveyList
from parcli.render.xlsx.layout import (
    BODY_SIZE,
    FILL_AREA,
    TEXT_FORMAT,
    TOP_CENTER,
    TOP_LEFT,
    fit_rows,
    font,
    header_row,
    merged_line,
    page_setup,
    put_number,
    put_text,
    set_style,
    style_row,
)
from parcli.text import document_property

SHEET = "Danh sách khảo sát"
CENTERED = {0, 2, 6}  # STT, Giới tính, Danh sách


def survey_xlsx_bytes(data: SurveyList) -> bytes:
    wb = Workbook()
    base = font()
    wb._fonts = IndexedList([base])
    wb._named_styles["Normal"].font = base
    ws = wb.active
    ws.title = SHEET
    _write(ws, data)

    stamp = dt.datetime.combine(data.date, dt.time())
    props = wb.properties
    props.creator = "parcli"
    props.lastModifiedBy = "parcli"
    props.created = stamp
    props.modified = stamp
    props.title = document_property(f"{data.title.capitalize()}: {data.agency}")
    props.language = "vi-VN"
    buffer = io.BytesIO()
    wb.save(buffer)
    props.modified = stamp  # openpyxl stamps the clock while saving
    return repack_zip(
        buffer.getvalue(),
        data.date,
        replace={"docProps/core.xml": tostring(props.to_tree())},
        order=lambda i: (i.filename != "[Content_Types].xml", i.filename.startswith("docProps/")),
    )


def _write(ws: Any, data: SurveyList) -> None:
    ncols = len(COLUMNS)
    width = sum(w for _, w in COLUMNS)
    for i, (_, w) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    merged_line(ws, 1, ncols, width, data.parent, font(BODY_SIZE, bold=False))
    merged_line(ws, 2, ncols, width, data.agency.upper(), font(BODY_SIZE, bold=True))
    merged_line(ws, 4, ncols, width, data.title, font(14, bold=True))
    merged_line(ws, 5, ncols, width, data.subtitle, font(13, bold=True))
    row = 6
    if data.basis:
        merged_line(ws, row, ncols, width, data.basis, font(BODY_SIZE, italic=True))
        row += 1
    header = row + 1
    header_row(ws, header, (h for h, _ in COLUMNS))
    row = header
    for kind, rows in ((ListKind.OFFICIAL, data.official), (ListKind.RESERVE, data.reserve)):
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        label = "A. DANH SÁCH CHÍNH THỨC" if kind is ListKind.OFFICIAL else "B. DANH SÁCH DỰ PHÒNG"
        put_text(ws.cell(row=row, column=1), f"{label} ({len(rows)} người)")
        style_row(ws, row, ncols, font=font(bold=True), fill=FILL_AREA)
        for item in rows:
            row += 1
            style_row(ws, row, ncols, font=font())
            for c, value in enumerate(item.cells()):
                cell = ws.cell(row=row, column=c + 1)
                if c == 0:
                    put_number(cell, item.number, "0")
                else:
                    put_text(cell, value)
                    cell.number_format = TEXT_FORMAT  # phones keep their leading 0
                set_style(cell, alignment=TOP_CENTER if c in CENTERED else TOP_LEFT)
    last = row
    for line in ["Tổng hợp theo nhóm:", *data.summary]:
        row += 1
        merged_line(
            ws, row, ncols, width, line, font(BODY_SIZE, italic=True), Alignment(horizontal="left")
        )
    fit_rows(ws, header, last)
    page_setup(ws, header, ncols, row)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{last}"
