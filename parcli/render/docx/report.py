"""The Word report "Báo cáo kết quả tự đánh giá, chấm điểm", laid out per Nghị định 30/2020.

Layout (see docs/report.md for the rule each choice follows): A4 portrait, margins 20/20/30/15
mm, Times New Roman everywhere, body 14 pt justified with a 1 cm first-line indent; a
borderless two-column header (agency | Quốc hiệu), "Số" and the place/date on one table row;
"BÁO CÁO" and the trích yếu centred; sections I–V; "Nơi nhận" and the signature in a
borderless two-column table; page numbers centred at the top from page 2.

All prose comes from ``templates/report/*.j2`` (see `render.templating`), so an office can
change the wording with a dossier-local override. The file is deterministic: the same
:class:`~parcli.render.context.BuildContext` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, Twips

from parcli.findings import draft_counts
from parcli.formats.ziputil import repack_zip
from parcli.model import Method
from parcli.render.context import BuildContext
from parcli.render.templating import Blocks, ensure_sentence, paragraphs, strip_end_punct
from parcli.scoring.scorecard import LeafResult, NodeResult
from parcli.text import fold, format_date_long, format_decimal

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

AREA_TABLE_COLS_CM = (1.2, 7.6, 2.7, 2.6, 2.4)


# --------------------------------------------------------------------------- public API


def render_report(ctx: BuildContext, path: Path) -> None:
    """Write the Word report for ``ctx`` to ``path`` (deterministic bytes)."""
    path.write_bytes(report_bytes(ctx))


def report_bytes(ctx: BuildContext) -> bytes:
    """The .docx bytes of the report (what :func:`render_report` writes)."""
    builder = _ReportBuilder(ctx)
    builder.build()
    buffer = io.BytesIO()
    builder.doc.save(buffer)
    return deterministic_zip(buffer.getvalue(), ctx.report_date)


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


def _rpr_child(rpr: Any, tag: str) -> Any:
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


def _set_fonts(rpr: Any, size_half_points: int | None = None) -> None:
    """Times New Roman for every script on an ``w:rPr``; theme fonts removed; w:lang vi-VN."""
    fonts = _rpr_child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    _rpr_child(rpr, "w:lang").set(qn("w:val"), LANG)
    if size_half_points is not None:
        for tag in ("w:sz", "w:szCs"):
            _rpr_child(rpr, tag).set(qn("w:val"), str(size_half_points))


def _setup_styles(doc: Any) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_fonts(rpr, BODY_SIZE * 2)
    # Every style that names a font (headings, table styles and their conditional parts...)
    # gets Times New Roman too, without theme fonts.
    for fonts in list(styles_el.iter(qn("w:rFonts"))):
        _set_fonts(fonts.getparent())
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_SIZE * 2)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Header", "Footer", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        _set_fonts(style.element.get_or_add_rPr())
    # Proofing language of the theme fonts, too.
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)


# Characters XML 1.0 does not allow (lxml refuses them: "All strings must be XML compatible"):
# C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE, U+FFFF.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """``text`` without the characters a .docx cannot hold (e.g. ``\\b`` from a backslash in
    a YAML double-quoted string), line endings as ``\\n``. A safety net: validation reports
    such characters; the report must be written anyway."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", text)


def _run(
    paragraph: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
) -> Any:
    run = paragraph.add_run(_xml_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return run


def _format(
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
    fmt = paragraph.paragraph_format
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


def _mark_size(paragraph: Any, size: float) -> None:
    """Size of the paragraph mark (what sets the height of an empty paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        _rpr_child(rpr, tag).set(qn("w:val"), str(int(size * 2)))


def _border(paragraph: Any, sides: Sequence[str], size_eighths: int = 6, space: int = 1) -> None:
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


def _rule(container: Any, rule_cm: float, avail_cm: float, *, after: float = 0) -> Any:
    """A centred horizontal line ``rule_cm`` long: an empty paragraph with a bottom border."""
    paragraph = container.add_paragraph()
    side = max((avail_cm - rule_cm) / 2, 0)
    _format(paragraph, left=Cm(side), right=Cm(side), after=after, line_spacing=1.0)
    _mark_size(paragraph, 2)
    _border(paragraph, ["bottom"], size_eighths=6, space=1)
    return paragraph


def _estimate_cm(text: str, size_pt: float) -> float:
    """Rough width of bold Times New Roman text (to size the short rules under headings)."""
    em_cm = size_pt / 72 * 2.54
    upper = sum(1 for c in text if c.isupper())
    return (upper * EM_UPPER + (len(text) - upper) * EM_LOWER) * em_cm


def _short_rule_cm(text: str, size_pt: float, avail_cm: float) -> float:
    """ND30: a line 1/3 to 1/2 of the text line above it; we take about 0,4 of it."""
    line = min(_estimate_cm(text, size_pt), avail_cm)
    return round(max(line * 0.4, 1.5), 2)


def _balanced_lines(text: str, size_pt: float, max_cm: float) -> list[str]:
    """Break a centred title into lines of similar length instead of leaving one short word
    alone on the last line (as offices do by hand)."""
    total = _estimate_cm(text, size_pt)
    if total <= max_cm:
        return [text]
    count = -(-total // max_cm)
    target = total / count
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        candidate = " ".join([*current, word])
        if current and len(lines) < count - 1 and _estimate_cm(candidate, size_pt) > target:
            before = _estimate_cm(" ".join(current), size_pt)
            if abs(target - before) <= abs(_estimate_cm(candidate, size_pt) - target):
                lines.append(" ".join(current))
                current = [word]
                continue
        current.append(word)
    lines.append(" ".join(current))
    return lines


def _table_xml(table: Any, widths_cm: Sequence[float], *, borders: bool) -> None:
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


def _no_split(row: Any, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_paragraph(cell: Any, first: bool) -> Any:
    return cell.paragraphs[0] if first else cell.add_paragraph()


def _page_field(paragraph: Any, size: float) -> None:
    """A PAGE field: fldChar begin, instrText, fldChar separate, a result, fldChar end."""

    def fld(kind: str) -> Any:
        run = _run(paragraph, "", size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    instr_run = _run(paragraph, "", size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    fld("separate")
    _run(paragraph, "2", size)
    fld("end")


def _line_items(items: Sequence[str]) -> list[str]:
    """User items as written, each ending with punctuation (empty items dropped)."""
    return [text for text in (ensure_sentence(item) for item in items) if text]


def deterministic_zip(data: bytes, date: dt.date) -> bytes:
    """The .docx with fixed timestamps, permissions and compression (member order kept)."""
    return repack_zip(data, date)


def _drop_template_leftovers(doc: Any) -> None:
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


# --------------------------------------------------------------------------- the report


class _ReportBuilder:
    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.dossier = ctx.dossier
        self.card = ctx.card
        self.blocks = Blocks(ctx.template_dirs)
        self.doc: Any = Document()
        agency = self.dossier.agency.name
        self.common: dict[str, Any] = {
            "agency": agency,
            "agency_short": "Sở" if fold(agency).startswith("so ") else agency,
            "parent": self.dossier.agency.parent,
            "abbreviation": self.dossier.agency.abbreviation,
            "place": self.dossier.place,
            "province": self.dossier.province or "",
            "year": self.dossier.year,
            "report_title": self.dossier.report_title,
            "report_date": ctx.report_date,
            "number": self._number_symbol(),
            "recipient": self.dossier.recipient,
            "criteria_title": ctx.criteria.title,
            "criteria_decision": ctx.criteria.source.decision,
            "criteria_official": ctx.criteria.is_official,
            "illustrative": ctx.illustrative,
            "draft": ctx.draft,
        }

    # ---- text blocks

    def text(self, name: str, **variables: Any) -> list[str]:
        """Paragraphs of the template ``report/<name>.j2``."""
        return paragraphs(self.blocks.render(f"report/{name}", **self.common, **variables))

    def one(self, name: str, **variables: Any) -> str:
        return " ".join(self.text(name, **variables))

    # ---- document

    def build(self) -> None:
        doc = self.doc
        _setup_styles(doc)
        _drop_template_leftovers(doc)
        self._page_setup()
        body = doc.paragraphs[0] if doc.paragraphs else None
        if body is not None:  # the default template starts empty; keep it that way
            body._p.getparent().remove(body._p)
        if self.ctx.draft:
            self._draft_banner()
        self._header_table()
        self._title()
        if self.ctx.illustrative:
            self._illustrative_note()
        self._addressees()
        self._opening()
        self._results()
        self._explanations()
        self._shortcomings()
        self._solutions()
        self._difficulties()
        self._closing()
        self._signature_table()
        self._core_properties()

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
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
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
        _page_field(paragraph, BODY_SIZE)

    # ---- page 1

    def _draft_banner(self) -> None:
        findings = self.ctx.findings
        counts = draft_counts(findings)
        texts = self.text(
            "draft_note", errors=counts.errors, warnings=counts.warnings, missing=counts.missing
        )
        for i, text in enumerate(texts):
            paragraph = self.doc.add_paragraph()
            _format(paragraph, after=6 if i == len(texts) - 1 else 0)
            if i == 0:
                _run(paragraph, text, 20, bold=True)
            else:
                _run(paragraph, text, 12, bold=True, italic=True)
            _border(
                paragraph,
                ["top", "bottom"]
                if len(texts) == 1
                else (["top"] if i == 0 else (["bottom"] if i == len(texts) - 1 else [])),
            )

    def _number_symbol(self) -> str:
        report = self.dossier.report
        number = (report.number or "").strip()
        if number.isdigit() and int(number) < 10:
            number = f"{int(number):02d}"
        symbol = f"BC-{self.dossier.agency.abbreviation}"
        return f"{number}/{symbol}" if number else f"{' ' * 6}/{symbol}"

    def _place_date(self) -> str:
        """The date the build chose (report.date, else submitted_on, else the window end)."""
        return f"{self.dossier.place}, {format_date_long(self.ctx.report_date)}"

    def _header_table(self) -> None:
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_xml(table, (LEFT_COL_CM, RIGHT_COL_CM), borders=False)
        left_avail = LEFT_COL_CM - 2 * CELL_MARGIN_CM
        right_avail = RIGHT_COL_CM - 2 * CELL_MARGIN_CM
        agency = self.dossier.agency

        left = table.cell(0, 0)
        p = _cell_paragraph(left, True)
        _format(p)
        _run(p, agency.parent.upper(), 13)
        p = _cell_paragraph(left, False)
        _format(p)
        _run(p, agency.name.upper(), 13, bold=True)
        _rule(left, _short_rule_cm(agency.name.upper(), 13, left_avail), left_avail)

        right = table.cell(0, 1)
        p = _cell_paragraph(right, True)
        _format(p)
        _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
        p = _cell_paragraph(right, False)
        _format(p)
        _run(p, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
        _rule(right, MOTTO_WIDTH_CM, right_avail)

        # Second row: "Số" and the place/date on one baseline (ND30 ô 3 and ô 4).
        p = _cell_paragraph(table.cell(1, 0), True)
        _format(p, before=6)
        _run(p, f"Số: {self.common['number']}", 13)
        p = _cell_paragraph(table.cell(1, 1), True)
        _format(p, before=6)
        _run(p, self._place_date(), 14, italic=True)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    def _title(self) -> None:
        p = self.doc.add_paragraph()
        _format(p, before=18, keep_next=True)
        _run(p, "BÁO CÁO", 14, bold=True)
        lines = _balanced_lines(self.dossier.report_title, 14, TEXT_WIDTH_CM * 0.9)
        p = self.doc.add_paragraph()
        _format(p, keep_next=True)
        for i, line in enumerate(lines):
            run = _run(p, line, 14, bold=True)
            if i < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        longest = max(lines, key=lambda line: _estimate_cm(line, 14))
        _rule(self.doc, _short_rule_cm(longest, 14, TEXT_WIDTH_CM), TEXT_WIDTH_CM, after=6)

    def _illustrative_note(self) -> None:
        for text in self.text("illustrative_note"):
            p = self.doc.add_paragraph()
            _format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, after=6)
            _border(p, ["top", "left", "bottom", "right"], size_eighths=8, space=4)
            _run(p, text, 13, bold=True, italic=True)

    def _addressees(self) -> None:
        addressees = [strip_end_punct(a) for a in self.dossier.report.addressees]
        if not addressees:
            return
        if len(addressees) == 1:
            p = self.doc.add_paragraph()
            _format(p, before=12, after=6)
            _run(p, f"Kính gửi: {addressees[0]}.", BODY_SIZE)
            return
        # Several (ND30 §II.9): "Kính gửi:" then one recipient per line, each starting with
        # "-" and ending with ";" (the last with "."), the dashes aligned under the colon.
        lines = [
            f"- {name}{'.' if i == len(addressees) - 1 else ';'}"
            for i, name in enumerate(addressees)
        ]
        widest = max(_estimate_cm(line, BODY_SIZE) for line in lines)
        start = max((TEXT_WIDTH_CM - KINH_GUI_COLON_CM - widest) / 2, 0)
        p = self.doc.add_paragraph()
        _format(
            p,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=12,
            after=6,
            left=Cm(start + KINH_GUI_COLON_CM),
            first_indent=Cm(-KINH_GUI_COLON_CM),
        )
        run = _run(p, "Kính gửi:", BODY_SIZE)
        for line in lines:
            run.add_break(WD_BREAK.LINE)
            run = _run(p, line, BODY_SIZE)

    # ---- body

    def _body(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        keep_next: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    ) -> Any:
        p = self.doc.add_paragraph()
        _format(
            p,
            align=align,
            after=6,
            first_indent=BODY_INDENT,
            line_spacing=BODY_LINE_SPACING,
            keep_next=keep_next,
        )
        _run(p, text, BODY_SIZE, bold=bold, italic=italic)
        return p

    def _block(
        self,
        name: str,
        *,
        bold: bool = False,
        italic: bool = False,
        keep_next: bool = False,
        **variables: Any,
    ) -> None:
        for text in self.text(name, **variables):
            self._body(text, bold=bold, italic=italic, keep_next=keep_next)

    def _heading(self, name: str) -> None:
        self._block(name, bold=True, keep_next=True)

    def _opening(self) -> None:
        self._block("opening", basis=[strip_end_punct(b) for b in self.dossier.report.basis])

    def _results(self) -> None:
        card = self.card
        self._heading("heading_results")
        in_scope = card.in_scope_leaves
        self._block(
            "total",
            score=card.score,
            scope_max=card.scope_max,
            percent=card.percent,
            leaves=len(in_scope),
        )
        survey = [r for r in card.leaves if r.leaf.method is Method.SURVEY]
        if survey:
            self._block(
                "survey_note",
                survey_max=card.survey_max,
                survey_count=len(survey),
                survey_codes=[r.leaf.code for r in survey],
            )
        outside = card.out_of_scope
        if outside:
            self._block(
                "out_of_scope",
                codes=[r.leaf.code for r in outside],
                count=len(outside),
                max_total=sum((r.leaf.max_score for r in outside), Decimal(0)),
            )
        unanswered = [r for r in in_scope if not r.answered]
        if unanswered:
            self._block(
                "unanswered", codes=[r.leaf.code for r in unanswered], count=len(unanswered)
            )
        self._block("areas_intro", keep_next=True)
        self._area_table()
        for text in self.text("detail_note"):
            p = self._body(text, italic=True)
            p.paragraph_format.space_before = Pt(6)

    def _area_table(self) -> None:
        areas = self.card.areas
        table = self.doc.add_table(rows=len(areas) + 2, cols=5)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_xml(table, AREA_TABLE_COLS_CM, borders=True)
        head = ("STT", "Lĩnh vực", "Điểm tối đa phần tự đánh giá", "Điểm tự đánh giá", "Tỷ lệ (%)")
        rows: list[tuple[tuple[str, ...], bool]] = [(head, True)]
        for area in areas:
            rows.append((self._area_row(area), False))
        total = self.card
        rows.append(
            (
                (
                    "",
                    "Tổng cộng",
                    format_decimal(total.scope_max),
                    format_decimal(total.score),
                    _pct(total.percent),
                ),
                True,
            )
        )
        for r, (values, bold) in enumerate(rows):
            row = table.rows[r]
            _no_split(row, header=r == 0)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                align = (
                    WD_ALIGN_PARAGRAPH.LEFT
                    if c == 1 and r not in (0, len(rows) - 1)
                    else WD_ALIGN_PARAGRAPH.CENTER
                )
                _format(p, align=align, before=2, after=2)
                _run(p, value, TABLE_SIZE, bold=bold)

    @staticmethod
    def _area_row(area: NodeResult) -> tuple[str, ...]:
        if area.scope_max == 0:
            return (area.code, area.name, "-", "-", "-")
        return (
            area.code,
            area.name,
            format_decimal(area.scope_max),
            format_decimal(area.score),
            _pct(area.percent),
        )

    def _item(self, result: LeafResult) -> dict[str, Any]:
        answer = result.answer
        leaf = result.leaf
        return {
            "label": "Tiêu chí" if leaf.is_criterion else "Tiêu chí thành phần",
            "code": leaf.code,
            "name": leaf.name,
            "max_score": leaf.max_score,
            "score": result.score if result.score is not None else Decimal(0),
            "lost": result.lost,
            "explanation": answer.explanation if answer else None,
            "reason": result.reason,
            "remedy": answer.remedy if answer else None,
            "division": self.ctx.division_name(result.division),
            "has_evidence": result.has_evidence,
        }

    def _explanations(self) -> None:
        self._heading("heading_explanations")
        listed = [r for r in self.card.in_scope_leaves if _needs_explanation(r)]
        if not listed:
            self._block("explanations_none")
            return
        self._block("explanations_intro", count=len(listed))
        for result in listed:
            self._block("explanation_item", item=self._item(result))

    def _shortcomings(self) -> None:
        self._heading("heading_shortcomings")
        lost = self.card.lost_points()
        if not lost:
            self._block("losses_none")
            return
        self._block(
            "losses_intro", count=len(lost), lost_total=sum((r.lost for r in lost), Decimal(0))
        )
        for result in lost:
            self._block("loss_item", item=self._item(result))

    def _solutions(self) -> None:
        self._heading("heading_solutions")
        solutions = _line_items(self.dossier.report.solutions)
        remedies = [r for r in self.card.in_scope_leaves if r.answer and r.answer.remedy]
        for text in solutions:
            self._body(f"- {text}")
        for result in remedies:
            self._block("remedy_item", item=self._item(result))
        if not solutions and not remedies:
            self._block("solutions_default", lost_count=len(self.card.lost_points()))

    def _difficulties(self) -> None:
        self._heading("heading_difficulties")
        report = self.dossier.report
        difficulties = _line_items(report.difficulties)
        proposals = _line_items(report.proposals)
        if not difficulties and not proposals:
            self._block("none")
            return
        for title, items in (("difficulties_title", difficulties), ("proposals_title", proposals)):
            self._block(title, bold=True, keep_next=True)
            if items:
                for text in items:
                    self._body(f"- {text}")
            else:
                self._block("none")

    def _closing(self) -> None:
        for text in self.text("closing"):
            p = self._body(text, keep_next=True)
            p.paragraph_format.space_after = Pt(12)

    # ---- Nơi nhận and signature

    def _recipients(self) -> list[str]:
        report = self.dossier.report
        items = [strip_end_punct(r) for r in report.recipients if strip_end_punct(r)]
        if report.addressees and not any(fold(i) == "nhu tren" for i in items):
            items.insert(0, "Như trên")
        lines = [f"- {i};" for i in items]
        lines.append(f"- Lưu: {strip_end_punct(report.archive)}.")
        return lines

    def _signature_table(self) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_xml(table, (LEFT_COL_CM, RIGHT_COL_CM), borders=False)
        _no_split(table.rows[0])
        left, right = table.cell(0, 0), table.cell(0, 1)

        p = _cell_paragraph(left, True)
        _format(p, align=WD_ALIGN_PARAGRAPH.LEFT)
        _run(p, "Nơi nhận:", 12, bold=True, italic=True)
        for line in self._recipients():
            p = _cell_paragraph(left, False)
            _format(p, align=WD_ALIGN_PARAGRAPH.LEFT)
            _run(p, line, 11)

        signer = self.dossier.report.signer
        first = True
        if signer is not None:
            lines: list[str] = []
            if signer.prefix:
                authority = (signer.authority or "").upper()
                lines.append(f"{signer.prefix} {authority}".strip())
            lines.append(signer.title.upper())
            for line in lines:
                p = _cell_paragraph(right, first)
                first = False
                _format(p)
                _run(p, line, 14, bold=True)
        # Room for the signature and the seal (about 3 cm).
        for _ in range(5):
            p = _cell_paragraph(right, first)
            first = False
            _format(p)
            _mark_size(p, 14)
        if signer is not None:
            p = _cell_paragraph(right, False)
            _format(p)
            _run(p, signer.name, 14, bold=True)

    # ---- metadata

    def _core_properties(self) -> None:
        props = self.doc.core_properties
        stamp = dt.datetime.combine(self.ctx.report_date, dt.time(0, 0))
        agency = _xml_text(self.dossier.agency.name)
        title = _xml_text(self.dossier.report_title)
        # Office document properties hold at most 255 characters: long names are cut there
        # (the report itself carries them whole)
        props.author = _property(agency)
        props.last_modified_by = _property(agency)
        props.title = _property(f"Báo cáo {_xml_text(self.common['number']).strip()}: {title}")
        props.subject = _property(title)
        props.keywords = f"PAR INDEX; cải cách hành chính; {self.dossier.year}"
        props.comments = "Tạo bằng parcli"
        props.category = "Báo cáo"
        props.language = LANG
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.revision = 1
        props.identifier = ""
        props.content_status = "Bản nháp" if self.ctx.draft else ""
        props.version = ""


def _needs_explanation(result: LeafResult) -> bool:
    """Section II lists answered leaves without evidence that carry points (or an explanation).

    Leaves with evidence are not listed even when they have an explanation: there the
    explanation is a note on how the leaf was scored, shown in the appendix.
    """
    if not result.answered or result.has_evidence:
        return False
    explained = bool(result.answer and result.answer.explanation)
    scored = (result.score or Decimal(0)) > 0
    return explained or (scored and result.leaf.evidence_required)


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_decimal(value, 2)


PROPERTY_CHARS = 255  # the limit of a core document property (title, author, subject)


def _property(text: str) -> str:
    """``text`` cut to fit a document property, with "…" where it was cut."""
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1].rstrip() + "…"
