"""The survey list as a Word table (A4 landscape): the same rows as the workbook.

Deterministic: fixed core properties and zip timestamps from the register's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from parcli.render.docx.nd30 import add_run, document_bytes, xml_text
from parcli.render.survey.rows import COLUMNS, ListRow, SurveyList
from parcli.text import document_property

FONT = "Times New Roman"
LANG = "vi-VN"
TEXT_WIDTH_CM = 25.7  # 297 mm - 25 mm left - 15 mm right
SIZE = 12
# the Word table has no "Danh sách" column: the two lists are two tables
WORD_COLUMNS = [i for i, (header, _) in enumerate(COLUMNS) if header != "Danh sách"]
# widths in cm of those columns (25,7 cm in all): STT, họ tên, giới tính, chức vụ, đơn vị,
# nhóm, e-mail, điện thoại, ghi chú
WORD_WIDTHS_CM = (1.3, 3.4, 1.4, 3.6, 3.6, 2.9, 5.4, 2.8, 1.3)


def survey_docx_bytes(data: SurveyList) -> bytes:
    doc: Any = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)

    _para(doc, data.parent, SIZE + 1)
    _para(doc, data.agency.upper(), SIZE + 1, bold=True, after=12)
    _para(doc, data.title, 14, bold=True)
    _para(doc, data.subtitle, 14, bold=True, after=0 if data.basis else 12)
    if data.basis:
        _para(doc, data.basis, 13, italic=True, after=12)
    for label, rows in (
        ("A. DANH SÁCH CHÍNH THỨC", data.official),
        ("B. DANH SÁCH DỰ PHÒNG", data.reserve),
    ):
        _para(doc, f"{label} ({len(rows)} người)", 13, bold=True, align="left", before=6, after=6)
        _table(doc, rows)
    _para(doc, "Tổng hợp theo nhóm:", 13, italic=True, align="left", before=12)
    for line in data.summary:
        _para(doc, f"- {line}", 13, align="left")
    _core(doc, data)
    return document_bytes(doc, data.date)


def _fonts(rpr: Any) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _styles(doc: Any) -> None:
    for fonts in list(doc.styles.element.iter(qn("w:rFonts"))):
        _fonts(fonts.getparent())
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    _fonts(normal.element.get_or_add_rPr())
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG)
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _para(
    container: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
    after: float = 0,
) -> Any:
    p = container.add_paragraph()
    p.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    add_run(p, text, size, bold=bold, italic=italic)
    return p


def _table(doc: Any, rows: list[ListRow]) -> None:
    widths = [Cm(w) for w in WORD_WIDTHS_CM]
    table = doc.add_table(rows=1, cols=len(WORD_COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")  # the widths below, not the content's
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice follows
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page
    trpr.append(repeat)
    for c, i in enumerate(WORD_COLUMNS):
        _cell(header.cells[c], COLUMNS[i][0], widths[c], bold=True)
    if not rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, "(Chưa có người trong danh sách này)", Cm(TEXT_WIDTH_CM), italic=True)
        return
    for item in rows:
        values = item.cells()
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a person on one page
        cells = row.cells
        for c, i in enumerate(WORD_COLUMNS):
            _cell(cells[c], values[i], widths[c], center=i in (0, 2))


def _cell(
    cell: Any,
    text: str,
    width: Any,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
) -> None:
    cell.width = width
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold or center else WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(xml_text(text))
    run.font.size = Pt(SIZE)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


def _core(doc: Any, data: SurveyList) -> None:
    props = doc.core_properties
    stamp = dt.datetime.combine(data.date, dt.time())
    props.author = document_property(xml_text(data.agency))
    props.last_modified_by = document_property(xml_text(data.agency))
    props.title = document_property(xml_text(f"{data.title.capitalize()}: {data.agency}"))
    props.subject = document_property(xml_text(data.subtitle))
    props.keywords = "PAR INDEX; điều tra xã hội học"
    props.comments = "Tạo bằng parcli; có dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)"
    props.category = "Danh sách"
    props.language = LANG
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
