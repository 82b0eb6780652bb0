"""The Nghị định 30/2020 frame shared by parcli's Word documents (the self-assessment report,
the báo cáo giải trình): page setup, fonts, the header table (agency | Quốc hiệu, Số and
place/date), the title, "Kính gửi", "Nơi nhận" with the signature, document properties; and
the low-level python-docx helpers they are drawn with.

See docs/report.md for the rule each layout choice follows.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from parcli.formats.ziputil import repack_zip
from parcli.model import Signer
from parcli.render.templating import strip_end_punct
from parcli.text import document_property, fold, format_date_long

FONT = "Times New Roman"
LANG = "vi-VN"

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Twips(851)  # 15 mm rounded up: Mm(15) gives 850 twips, just under ND30's minimum
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH_CM = 16.5  # 210 - 30 - 15 mm

BODY_SIZE = 14
BODY_INDENT = Cm(1)
BODY_SPACE_AFTER = Pt(6)
BODY_LINE_SPACING = 1.15  # ND30: from single up to 1,5 lines
TABLE_SIZE = 13

# Header (ô 1-4) and signature (ô 7, 9b) tables: Mẫu 1.4 of ND30 measures about 6,75 | 10 cm.
LEFT_COL_CM = 6.5
RIGHT_COL_CM = 10.0
CELL_MARGIN_CM = 0.1

# Width of "Độc lập - Tự do - Hạnh phúc" in Times New Roman 14 bold (measured with the
# metric-compatible Liberation Serif Bold): the rule under the Tiêu ngữ is as long as the text.
MOTTO_WIDTH_CM = 5.75
# Average advance of Vietnamese text in Times New Roman bold, in em: lower case ~0.44, capitals
# ~0.56 (measured the same way); used only to size the short rules under headings.
EM_LOWER = 0.44
EM_UPPER = 0.56

# Where the colon of "Kính gửi:" starts, in Times New Roman 14 (measured as above).
KINH_GUI_COLON_CM = 1.68


# --------------------------------------------------------------------------- low-level helpers


# Schema order of the children of w:rPr (CT_RPr): a child must be inserted at its place.
_RPR_ORDER = [
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
]
_RPR_RANK = {qn(tag): i for i, tag in enumerate(_RPR_ORDER)}


def rpr_child(rpr: Any, tag: str) -> Any:
    """The child ``tag`` of a w:rPr, created at its schema position when missing."""
    el = rpr.find(qn(tag))
    if el is not None:
        return el
    el = OxmlElement(tag)
    rank = _RPR_RANK[qn(tag)]
    for child in rpr:
        if _RPR_RANK.get(child.tag, len(_RPR_ORDER)) > rank:
            child.addprevious(el)
            return el
    rpr.append(el)
    return el


def set_fonts(rpr: Any, size_half_points: int | None = None) -> None:
    """Times New Roman for every script on an ``w:rPr``; theme fonts removed; w:lang vi-VN."""
    fonts = rpr_child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr_child(rpr, "w:lang").set(qn("w:val"), LANG)
    if size_half_points is not None:
        for tag in ("w:sz", "w:szCs"):
            rpr_child(rpr, tag).set(qn("w:val"), str(size_half_points))


def setup_styles(doc: Any) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_fonts(rpr, BODY_SIZE * 2)
    # Every style that names a font (headings, table styles and their conditional parts...)
    # gets Times New Roman too, without theme fonts.
    for fonts in list(styles_el.iter(qn("w:rFonts"))):
        set_fonts(fonts.getparent())
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    set_fonts(normal.element.get_or_add_rPr(), BODY_SIZE * 2)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Header", "Footer", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        set_fonts(style.element.get_or_add_rPr())
    # Proofing language of the theme fonts, too.
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)


# Characters XML 1.0 does not allow (lxml refuses them: "All strings must be XML compatible"):
# C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE, U+FFFF.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters a .docx cannot hold (e.g. ``\\b`` from a backslash in
    a YAML double-quoted string), line endings as ``\\n``. A safety net: validation reports
    such characters; the report must be written anyway."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", text)


@functools.cache
def _run_properties(size: float, bold: bool, italic: bool) -> Any:
    """The ``<w:rPr>`` python-docx writes for a run of ``size`` points, bold or not, italic or
    not: made once through python-docx, then copied into each run (python-docx finds the place
    of every property element anew on each assignment; the XML is the same)."""
    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]  # no part needed to format
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return run.element.rPr


def add_run(
    paragraph: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
) -> Any:
    text = xml_text(text)
    if "\t" in text or "\n" in text:  # python-docx writes these as <w:tab/>, <w:br/>
        run = paragraph.add_run(text)
    else:  # one <w:t>, what python-docx writes for plain text (without its per-character loop)
        run = paragraph.add_run()
        if text:
            run.element.add_t(text)
    run.element.insert(0, copy.deepcopy(_run_properties(size, bold, italic)))  # rPr comes first
    return run


def set_format(
    paragraph: Any,
    *,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_indent: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
    line_spacing: float = 1.0,
    keep_next: bool = False,
) -> None:
    settings = (align, before, after, first_indent, left, right, line_spacing, keep_next)
    p = paragraph._p
    if len(p) == 0:  # a new, empty paragraph (the usual case): a copy of the same <w:pPr>
        p.append(copy.deepcopy(_paragraph_properties(*settings)))
    else:
        _format(paragraph.paragraph_format, *settings)


@functools.lru_cache(maxsize=None, typed=True)  # typed: a line spacing of 1.0 is not Emu(1)
def _paragraph_properties(*settings: Any) -> Any:
    """The ``<w:pPr>`` python-docx writes for ``settings`` on an empty paragraph: made once,
    then copied (as :func:`_run_properties`)."""
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    _format(paragraph.paragraph_format, *settings)
    return paragraph._p.pPr


def _format(
    fmt: Any,
    align: Any,
    before: float,
    after: float,
    first_indent: Length | None,
    left: Length | None,
    right: Length | None,
    line_spacing: float,
    keep_next: bool,
) -> None:
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line_spacing
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if keep_next:
        fmt.keep_with_next = True


def mark_size(paragraph: Any, size: float) -> None:
    """Size of the paragraph mark (what sets the height of an empty paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr_child(rpr, tag).set(qn("w:val"), str(int(size * 2)))


def border(paragraph: Any, sides: Sequence[str], size_eighths: int = 6, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), str(space))
        el.set(qn("w:color"), "000000")
        pbdr.append(el)
    # w:pBdr comes after w:keepNext ... w:pageBreakBefore and before w:shd/w:tabs/w:spacing/w:ind/
    # w:jc; inserting it before the first of those keeps the schema order.
    successors = (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    for child in ppr:
        if child.tag in {qn(s) for s in successors}:
            child.addprevious(pbdr)
            return
    ppr.append(pbdr)


def rule(container: Any, rule_cm: float, avail_cm: float, *, after: float = 0) -> Any:
    """A centred horizontal line ``rule_cm`` long: an empty paragraph with a bottom border."""
    paragraph = container.add_paragraph()
    side = max((avail_cm - rule_cm) / 2, 0)
    set_format(paragraph, left=Cm(side), right=Cm(side), after=after, line_spacing=1.0)
    mark_size(paragraph, 2)
    border(paragraph, ["bottom"], size_eighths=6, space=1)
    return paragraph


def estimate_cm(text: str, size_pt: float) -> float:
    """Rough width of bold Times New Roman text (to size the short rules under headings)."""
    em_cm = size_pt / 72 * 2.54
    upper = sum(1 for c in text if c.isupper())
    return (upper * EM_UPPER + (len(text) - upper) * EM_LOWER) * em_cm


def short_rule_cm(text: str, size_pt: float, avail_cm: float) -> float:
    """ND30: a line 1/3 to 1/2 of the text line above it; we take about 0,4 of it."""
    line = min(estimate_cm(text, size_pt), avail_cm)
    return round(max(line * 0.4, 1.5), 2)


def balanced_lines(text: str, size_pt: float, max_cm: float) -> list[str]:
    """Break a centred title into lines of similar length instead of leaving one short word
    alone on the last line (as offices do by hand)."""
    total = estimate_cm(text, size_pt)
    if total <= max_cm:
        return [text]
    count = -(-total // max_cm)
    target = total / count
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        candidate = " ".join([*current, word])
        if current and len(lines) < count - 1 and estimate_cm(candidate, size_pt) > target:
            before = estimate_cm(" ".join(current), size_pt)
            if abs(target - before) <= abs(estimate_cm(candidate, size_pt) - target):
                lines.append(" ".join(current))
                current = [word]
                continue
        current.append(word)
    lines.append(" ".join(current))
    return lines


def table_xml(table: Any, widths_cm: Sequence[float], *, borders: bool) -> None:
    """Fixed layout, exact column widths, table borders on or off, small cell margins."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths_cm)))
    width.set(qn("w:type"), "dxa")
    tbl_borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        tbl_borders.append(el)
    tbl_pr.append(tbl_borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(CELL_MARGIN_CM).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    # Schema order inside w:tblPr: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout,
    # tblCellMar, tblLook.
    order = [
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    ]
    rank = {qn(tag): i for i, tag in enumerate(order)}
    children = sorted(tbl_pr, key=lambda el: rank.get(el.tag, len(order)))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)
    table.autofit = False
    for i, col in enumerate(table.columns):
        col.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])


def no_split(row: Any, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def cell_paragraph(cell: Any, first: bool) -> Any:
    return cell.paragraphs[0] if first else cell.add_paragraph()


def page_field(paragraph: Any, size: float) -> None:
    """A PAGE field: fldChar begin, instrText, fldChar separate, a result, fldChar end."""

    def fld(kind: str) -> Any:
        run = add_run(paragraph, "", size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    instr_run = add_run(paragraph, "", size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    fld("separate")
    add_run(paragraph, "2", size)
    fld("end")


def deterministic_zip(data: bytes, date: dt.date) -> bytes:
    """The .docx with fixed timestamps, permissions and compression (member order kept)."""
    return repack_zip(data, date)


def document_bytes(doc: Any, date: dt.date) -> bytes:
    """A python-docx document saved as deterministic .docx bytes (dated ``date``)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue(), date)


def drop_template_leftovers(doc: Any) -> None:
    """Remove parts of the python-docx default template the report does not want: the
    thumbnail of an empty page, and stylesWithEffects.xml (Word 2010 styles still naming the
    theme fonts)."""
    package = doc.part.package
    thumbnail = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == thumbnail:
            package.rels.pop(r_id)
    with_effects = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == with_effects:
            doc.part.rels.pop(r_id)


# --------------------------------------------------------------------------- the frame


@dataclasses.dataclass(frozen=True)
class Letterhead:
    """What the ND30 frame of a document shows (ô 1–4, the title, Kính gửi, ô 7–9)."""

    parent: str  # cơ quan chủ quản
    agency: str  # cơ quan ban hành
    number: str  # "05/BC-SGTVTXD" (number_symbol)
    place: str
    date: dt.date
    title: str  # trích yếu
    addressees: Sequence[str]
    recipients: Sequence[str]
    archive: str
    signer: Signer | None
    keywords: str
    kind: str = "BÁO CÁO"  # tên loại văn bản
    draft: bool = False


def number_symbol(number: str | None, abbreviation: str, kind: str = "BC") -> str:
    """ "05/BC-SGTVTXD"; an empty number leaves room to write it by hand."""
    text = (number or "").strip()
    if text.isdigit() and int(text) < 10:
        text = f"{int(text):02d}"
    symbol = f"{kind}-{abbreviation}"
    return f"{text}/{symbol}" if text else f"{' ' * 6}/{symbol}"


def page_setup(doc: Any) -> None:
    """A4 portrait, ND30 margins, page numbers centred at the top from page 2."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.gutter = Emu(0)
    # ND30: page numbers centred in the top margin, not shown on page 1.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    set_format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    page_field(paragraph, BODY_SIZE)


def start_document(doc: Any) -> None:
    """Styles, page setup, and the default template's leftovers removed."""
    setup_styles(doc)
    drop_template_leftovers(doc)
    page_setup(doc)
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:  # the default template starts empty; keep it that way
        body._p.getparent().remove(body._p)


def write_document(
    doc: Any,
    head: Letterhead,
    body: Callable[[], None],
    *,
    banner: Callable[[], None] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """The ND30 frame around ``body``: (the draft ``banner``,) the header table, the title,
    ``notes`` boxed, Kính gửi, then the body, Nơi nhận and the signature, the properties."""
    start_document(doc)
    if banner is not None:
        banner()
    header_table(doc, head)
    title(doc, head)
    for text in notes:
        boxed_note(doc, text)
    addressees(doc, head)
    body()
    signature_table(doc, head)
    core_properties(doc, head)


def header_table(doc: Any, head: Letterhead) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_xml(table, (LEFT_COL_CM, RIGHT_COL_CM), borders=False)
    left_avail = LEFT_COL_CM - 2 * CELL_MARGIN_CM
    right_avail = RIGHT_COL_CM - 2 * CELL_MARGIN_CM

    left = table.cell(0, 0)
    p = cell_paragraph(left, True)
    set_format(p)
    add_run(p, head.parent.upper(), 13)
    p = cell_paragraph(left, False)
    set_format(p)
    add_run(p, head.agency.upper(), 13, bold=True)
    rule(left, short_rule_cm(head.agency.upper(), 13, left_avail), left_avail)

    right = table.cell(0, 1)
    p = cell_paragraph(right, True)
    set_format(p)
    add_run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    p = cell_paragraph(right, False)
    set_format(p)
    add_run(p, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    rule(right, MOTTO_WIDTH_CM, right_avail)

    # Second row: "Số" and the place/date on one baseline (ND30 ô 3 and ô 4).
    p = cell_paragraph(table.cell(1, 0), True)
    set_format(p, before=6)
    add_run(p, f"Số: {head.number}", 13)
    p = cell_paragraph(table.cell(1, 1), True)
    set_format(p, before=6)
    add_run(p, f"{head.place}, {format_date_long(head.date)}", 14, italic=True)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def title(doc: Any, head: Letterhead) -> None:
    p = doc.add_paragraph()
    set_format(p, before=18, keep_next=True)
    add_run(p, head.kind, 14, bold=True)
    lines = balanced_lines(head.title, 14, TEXT_WIDTH_CM * 0.9)
    p = doc.add_paragraph()
    set_format(p, keep_next=True)
    for i, line in enumerate(lines):
        run = add_run(p, line, 14, bold=True)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    longest = max(lines, key=lambda line: estimate_cm(line, 14))
    rule(doc, short_rule_cm(longest, 14, TEXT_WIDTH_CM), TEXT_WIDTH_CM, after=6)


def addressees(doc: Any, head: Letterhead) -> None:
    names = [strip_end_punct(a) for a in head.addressees]
    if not names:
        return
    if len(names) == 1:
        p = doc.add_paragraph()
        set_format(p, before=12, after=6)
        add_run(p, f"Kính gửi: {names[0]}.", BODY_SIZE)
        return
    # Several (ND30 §II.9): "Kính gửi:" then one recipient per line, each starting with
    # "-" and ending with ";" (the last with "."), the dashes aligned under the colon.
    lines = [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]
    widest = max(estimate_cm(line, BODY_SIZE) for line in lines)
    start = max((TEXT_WIDTH_CM - KINH_GUI_COLON_CM - widest) / 2, 0)
    p = doc.add_paragraph()
    set_format(
        p,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=12,
        after=6,
        left=Cm(start + KINH_GUI_COLON_CM),
        first_indent=Cm(-KINH_GUI_COLON_CM),
    )
    run = add_run(p, "Kính gửi:", BODY_SIZE)
    for line in lines:
        run.add_break(WD_BREAK.LINE)
        run = add_run(p, line, BODY_SIZE)


def recipient_lines(head: Letterhead) -> list[str]:
    items = [strip_end_punct(r) for r in head.recipients if strip_end_punct(r)]
    if head.addressees and not any(fold(i) == "nhu tren" for i in items):
        items.insert(0, "Như trên")
    lines = [f"- {i};" for i in items]
    lines.append(f"- Lưu: {strip_end_punct(head.archive)}.")
    return lines


def signature_table(doc: Any, head: Letterhead) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_xml(table, (LEFT_COL_CM, RIGHT_COL_CM), borders=False)
    no_split(table.rows[0])
    left, right = table.cell(0, 0), table.cell(0, 1)

    p = cell_paragraph(left, True)
    set_format(p, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_run(p, "Nơi nhận:", 12, bold=True, italic=True)
    for line in recipient_lines(head):
        p = cell_paragraph(left, False)
        set_format(p, align=WD_ALIGN_PARAGRAPH.LEFT)
        add_run(p, line, 11)

    signer = head.signer
    first = True
    if signer is not None:
        lines: list[str] = []
        if signer.prefix:
            authority = (signer.authority or "").upper()
            lines.append(f"{signer.prefix} {authority}".strip())
        lines.append(signer.title.upper())
        for line in lines:
            p = cell_paragraph(right, first)
            first = False
            set_format(p)
            add_run(p, line, 14, bold=True)
    # Room for the signature and the seal (about 3 cm).
    for _ in range(5):
        p = cell_paragraph(right, first)
        first = False
        set_format(p)
        mark_size(p, 14)
    if signer is not None:
        p = cell_paragraph(right, False)
        set_format(p)
        add_run(p, signer.name, 14, bold=True)


def core_properties(doc: Any, head: Letterhead) -> None:
    props = doc.core_properties
    stamp = dt.datetime.combine(head.date, dt.time(0, 0))
    agency = xml_text(head.agency)
    text = xml_text(head.title)
    props.author = document_property(agency)
    props.last_modified_by = document_property(agency)
    props.title = document_property(
        f"{head.kind.capitalize()} {xml_text(head.number).strip()}: {text}"
    )
    props.subject = document_property(text)
    props.keywords = head.keywords
    props.comments = "Tạo bằng parcli"
    props.category = head.kind.capitalize()
    props.language = LANG
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.identifier = ""
    props.content_status = "Bản nháp" if head.draft else ""
    props.version = ""


def body_paragraph(
    doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    keep_next: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
) -> Any:
    """A body paragraph: 14 pt, justified, 1 cm first-line indent."""
    p = doc.add_paragraph()
    set_format(
        p,
        align=align,
        after=6,
        first_indent=BODY_INDENT,
        line_spacing=BODY_LINE_SPACING,
        keep_next=keep_next,
    )
    add_run(p, text, BODY_SIZE, bold=bold, italic=italic)
    return p


def boxed_note(doc: Any, text: str) -> None:
    """A warning in a box under the title (the MINH HỌA note): bold italic, 13 pt."""
    p = doc.add_paragraph()
    set_format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, after=6)
    border(p, ["top", "left", "bottom", "right"], size_eighths=8, space=4)
    add_run(p, text, 13, bold=True, italic=True)
