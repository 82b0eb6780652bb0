"""The Excel appendix ("Phụ biểu") of the self-assessment package.

Three sheets (see ``docs/appendix.md``):

* "Phụ biểu": the whole criteria tree with maxima, self-scores, evidence, explanations, the
  lead division and an empty "Điểm thẩm định" column. Totals of tiêu chí, lĩnh vực and the
  TỔNG CỘNG row are ``SUM`` formulas over their direct children, so an appraiser who changes a
  score sees every total update.
* "Theo đơn vị": per lead division, leaves assigned, answered, with evidence, score and maximum.
* "Tài liệu kiểm chứng": every evidence file of the package with its SHA-256.

The file is deterministic: the same :class:`BuildContext` gives the same bytes (fixed document
properties and zip timestamps taken from the report date, never from the clock).

:func:`read_back_appendix` reads a written file back (cached values when a spreadsheet program
has recalculated it, otherwise by evaluating the formulas parcli writes) for the build's
self-check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.indexed_list import IndexedList

from parcli.findings import Severity
from parcli.model import Method
from parcli.render.context import BuildContext, EvidenceFile
from parcli.render.xlsx.workbook import row_height as _height
from parcli.render.xlsx.workbook import save_workbook
from parcli.render.xlsx.workbook import text_lines as _text_lines
from parcli.scoring.scorecard import ZERO, LeafResult, NodeResult, division_progress
from parcli.text import format_date, format_date_long, format_decimal, nfc

__all__ = [
    "SHEET_DIVISIONS",
    "SHEET_EVIDENCE",
    "SHEET_MAIN",
    "AppendixReadBack",
    "AppendixRow",
    "read_back_appendix",
    "render_appendix",
]

SHEET_MAIN = "Phụ biểu"
SHEET_DIVISIONS = "Theo đơn vị"
SHEET_EVIDENCE = "Tài liệu kiểm chứng"

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
SCORE_FORMAT = "General"  # 0,5 / 1 / 58,25: decimals only when needed (see docs/appendix.md)
PERCENT_FORMAT = "0.00"  # 88,26 (a percentage number, rounded by ROUND(…, 2))
TEXT_FORMAT = "@"
DATE_FORMAT = "dd/mm/yyyy"
SIZE_FORMAT = "#,##0"

TOTAL_LABEL = "TỔNG CỘNG"
SURVEY_NOTE = "Điều tra xã hội học (không tự chấm)"
OUT_OF_SCOPE_NOTE = "Ngoài phạm vi tự chấm của Sở"
UNANSWERED_NOTE = "Chưa tự chấm (tính 0 điểm)"
EXCEL_CELL_LIMIT = 32767

_FORMULA_START = ("=", "+", "-", "@")

# Sheet "Phụ biểu": (key, header, width in characters)
MAIN_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("code", "STT", 8),
    ("name", "Lĩnh vực / Tiêu chí / Tiêu chí thành phần", 42),
    ("max", "Điểm tối đa", 10),
    ("scope_max", "Điểm tối đa phần tự chấm", 10),
    ("score", "Điểm tự đánh giá", 10),
    ("evidence", "Tài liệu kiểm chứng", 44),
    ("note", "Giải trình / Ghi chú", 34),
    ("division", "Đơn vị chủ trì", 17),
    ("appraised", "Điểm thẩm định", 10),
)
_COL = {key: get_column_letter(i) for i, (key, _, _) in enumerate(MAIN_COLUMNS, start=1)}
_HEADER = {key: header for key, header, _ in MAIN_COLUMNS}

DIVISION_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Đơn vị chủ trì", 40),
    ("Số tiêu chí được giao", 12),
    ("Đã tự chấm", 11),
    ("Có tài liệu kiểm chứng trong hồ sơ", 14),
    ("Điểm tự đánh giá", 11),
    ("Điểm tối đa phần tự chấm", 12),
    ("Tỷ lệ (%)", 10),
)

EVIDENCE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Mã tiêu chí", 11),
    ("Đơn vị chủ trì", 22),
    ("Số, ký hiệu", 18),
    ("Ngày ban hành", 12),
    ("Trích yếu / tên tài liệu", 40),
    ("Cơ quan ban hành", 24),
    ("Phần có giá trị kiểm chứng", 18),
    ("Đường dẫn trong hồ sơ nộp", 40),
    ("Dung lượng (byte)", 12),
    ("SHA-256", 34),
)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_HEADER = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
_FILL_AREA = PatternFill(fill_type="solid", start_color="EDF3FA", end_color="EDF3FA")
_FILL_TOTAL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
_FILL_NOT_SCORED = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
_RED = "C00000"

_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_TOP_RIGHT = Alignment(horizontal="right", vertical="top", wrap_text=True)
_MIDDLE_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

Sheet = Any  # openpyxl worksheets are untyped


def _font(size: int = BODY_SIZE, *, bold: bool = False, italic: bool = False,
          color: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


# --------------------------------------------------------------------------- cell helpers


def _clean(text: str) -> str:
    """NFC, Windows line ends folded, characters XML cannot hold removed, Excel's limit kept."""
    value = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    value = str(ILLEGAL_CHARACTERS_RE.sub("", value))
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def _put_text(cell: Any, text: str | None) -> None:
    """Write user text as text: never as a formula, even when it starts with = + - @."""
    if text is None or text == "":
        cell.value = None
        return
    value = _clean(text)
    cell.value = value
    if value.startswith(_FORMULA_START):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def _exact(value: Decimal) -> Decimal:
    """The same number without an exponent (Decimal("1E+1") is written as 10)."""
    return Decimal(format(value, "f"))


def _put_number(cell: Any, value: Decimal | int | None, number_format: str = SCORE_FORMAT
                ) -> None:
    cell.value = _exact(value) if isinstance(value, Decimal) else value
    cell.number_format = number_format


def _put_formula(cell: Any, formula: str, number_format: str = SCORE_FORMAT) -> None:
    cell.value = formula
    cell.number_format = number_format


def _refs(col: str, rows: Sequence[int]) -> list[str]:
    """Cell references for ``rows`` of ``col``, consecutive rows merged into ranges."""
    ordered = sorted(rows)
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        start, end = ordered[i], ordered[j]
        parts.append(f"{col}{start}" if start == end else f"{col}{start}:{col}{end}")
        i = j + 1
    return parts


def _sum_expr(col: str, rows: Sequence[int]) -> str:
    """``SUM(...)`` over ``rows``; nested when there are more than 255 arguments."""
    parts = _refs(col, rows)
    if not parts:
        return "SUM(0)"
    while len(parts) > 255:
        parts = ["SUM(" + ",".join(parts[i:i + 255]) + ")" for i in range(0, len(parts), 255)]
    return "SUM(" + ",".join(parts) + ")"


def _appraised_expr(col: str, rows: Sequence[int]) -> str:
    """Empty until an appraiser enters a child score, then the SUM of the children."""
    parts = _refs(col, rows)
    if not parts or len(parts) > 255:
        return _sum_expr(col, rows)
    return f'IF(COUNT({",".join(parts)})=0,"",{_sum_expr(col, rows)})'


def _style_row(ws: Sheet, row: int, ncols: int, *, font: Font, fill: PatternFill | None = None
               ) -> None:
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = font
        cell.border = _BORDER
        cell.alignment = _TOP_LEFT
        if fill is not None:
            cell.fill = fill


def _fit_rows(ws: Sheet, first: int, last: int) -> None:
    """Row heights for wrapped text (neither Excel nor LibreOffice always does it on open)."""
    widths = {
        c: ws.column_dimensions[get_column_letter(c)].width or 9.0
        for c in range(1, ws.max_column + 1)
    }
    spans: dict[tuple[int, int], float] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = sum(
            widths.get(c, 9.0) for c in range(merged.min_col, merged.max_col + 1)
        )
        covered.update(
            (r, c) for r in range(merged.min_row, merged.max_row + 1)
            for c in range(merged.min_col, merged.max_col + 1)
        )
    for r in range(first, last + 1):
        best = 0.0
        for c in range(1, ws.max_column + 1):
            if (r, c) in covered and (r, c) not in spans:
                continue
            cell = ws.cell(row=r, column=c)
            if not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            size = float(cell.font.sz or BODY_SIZE)
            width = spans.get((r, c), widths.get(c, 9.0)) - 2 * (cell.alignment.indent or 0)
            lines = _text_lines(cell.value, width, size, bold=bool(cell.font.b))
            best = max(best, _height(lines, size))
        if best:
            ws.row_dimensions[r].height = max(best, _height(1, BODY_SIZE))


def _merged_line(ws: Sheet, row: int, ncols: int, width_chars: float, text: str, font: Font,
                 alignment: Alignment = _MIDDLE_CENTER) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = ws.cell(row=row, column=1)
    _put_text(cell, text)
    cell.font = font
    cell.alignment = alignment
    size = float(font.sz or BODY_SIZE)
    ws.row_dimensions[row].height = _height(_text_lines(text, width_chars, size, bold=bool(
        font.b)), size)


def _page_setup(ws: Sheet, header_row: int, last_col: int, last_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    # 20 mm top and bottom, 20 mm left, 15 mm right (inches)
    ws.page_margins.top = 0.79
    ws.page_margins.bottom = 0.79
    ws.page_margins.left = 0.79
    ws.page_margins.right = 0.59
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    # ND30: page number centred at the top, not shown on the first page
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = 13
    ws.HeaderFooter.differentFirst = True
    ws.page_setup.firstPageNumber = 1  # each sheet is numbered from 1
    ws.page_setup.useFirstPageNumber = True
    ws.freeze_panes = f"A{header_row + 1}"
    ws.sheet_format.defaultRowHeight = 15.75


def _header_row(ws: Sheet, row: int, headers: Iterable[str]) -> int:
    ncols = 0
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c)
        _put_text(cell, header)
        cell.font = _font(bold=True)
        cell.alignment = _MIDDLE_CENTER
        cell.border = _BORDER
        cell.fill = _FILL_HEADER
        ncols = c
    return ncols


def _banner(ctx: BuildContext, ws: Sheet, row: int, ncols: int, width: float) -> int:
    """Red lines for an illustrative criteria set and a draft; returns the next free row."""
    if ctx.illustrative:
        _merged_line(
            ws, row, ncols, width,
            f"LƯU Ý: Bộ tiêu chí \"{ctx.criteria.title}\" là bộ MINH HỌA, không phải bộ tiêu "
            "chí chính thức; kết quả chỉ để thử nghiệm, không dùng để nộp.",
            _font(BODY_SIZE, bold=True, color=_RED),
        )
        row += 1
    if ctx.draft:
        errors = sum(1 for f in ctx.findings if f.severity is Severity.ERROR)
        text = "BẢN NHÁP – chưa dùng để nộp"
        if errors:
            text += f" (hồ sơ còn {errors} lỗi; xem parcli validate)"
        _merged_line(ws, row, ncols, width, text, _font(13, bold=True, color=_RED))
        row += 1
    return row


# --------------------------------------------------------------------------- sheet "Phụ biểu"


def _reference_line(ctx: BuildContext) -> str:
    dossier = ctx.dossier
    report = dossier.report
    number = report.number or "…"
    date = format_date_long(report.date) if report.date else "ngày … tháng … năm …"
    return (
        f"(Kèm theo Báo cáo số {number}/BC-{dossier.agency.abbreviation} {date} "
        f"của {dossier.agency.name})"
    )


def _evidence_line(ef: EvidenceFile) -> str:
    meta = ef.meta
    head = " ".join(
        part for part in (
            f"Số {meta.number}" if meta.number else "",
            f"ngày {format_date(meta.issued)}" if meta.issued else "",
        ) if part
    )
    line = ": ".join(part for part in (head, (meta.title or "").rstrip(" .")) if part)
    if meta.part:
        line = f"{line} ({meta.part})" if line else meta.part
    line = f"{line}; tệp: {ef.package_path}" if line else f"Tệp: {ef.package_path}"
    return line[0].upper() + line[1:]


def _evidence_text(files: list[EvidenceFile]) -> str:
    lines = [_evidence_line(ef) for ef in files]
    if len(lines) > 1:
        lines = [f"- {line}" for line in lines]
    return "\n".join(lines)


def _note_text(result: LeafResult) -> str:
    if result.leaf.method is Method.SURVEY:
        return SURVEY_NOTE
    if result.division is None:
        return OUT_OF_SCOPE_NOTE
    answer = result.answer
    lines: list[str] = []
    if answer is None or answer.score is None:
        lines.append(UNANSWERED_NOTE)
    if answer is not None and answer.explanation:
        lines.append(answer.explanation)
    if answer is not None and answer.reason_lost:
        lines.append(f"Nguyên nhân bị trừ điểm: {answer.reason_lost}")
    return "\n".join(lines)


def _write_main(ctx: BuildContext, ws: Sheet) -> None:
    ncols = len(MAIN_COLUMNS)
    width = sum(w for _, _, w in MAIN_COLUMNS)
    for i, (_, _, w) in enumerate(MAIN_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    dossier = ctx.dossier
    title = f"{dossier.report_title} của {dossier.agency.name}".upper()
    _merged_line(ws, 1, ncols, width, "Phụ lục", _font(14, bold=True))
    _merged_line(ws, 2, ncols, width, title, _font(14, bold=True))
    _merged_line(ws, 3, ncols, width, _reference_line(ctx), _font(13, italic=True))
    row = _banner(ctx, ws, 4, ncols, width) + 1  # one empty row before the table
    header = row
    _header_row(ws, header, (h for _, h, _ in MAIN_COLUMNS))

    # rows of every node, parents before their children (criteria order)
    nodes = ctx.card.nodes()
    row_of = {id(node): header + 1 + i for i, node in enumerate(nodes)}
    for node in nodes:
        _write_node(ctx, ws, row_of[id(node)], node, [row_of[id(c)] for c in node.children])

    total = header + 1 + len(nodes)
    area_rows = [row_of[id(a)] for a in ctx.card.areas]
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=2)
    _put_text(ws.cell(row=total, column=1), TOTAL_LABEL)
    _style_row(ws, total, ncols, font=_font(bold=True), fill=_FILL_TOTAL)
    ws.cell(row=total, column=1).alignment = _TOP_CENTER
    for key in ("max", "scope_max", "score"):
        cell = ws[f"{_COL[key]}{total}"]
        _put_formula(cell, "=" + _sum_expr(_COL[key], area_rows))
        cell.alignment = _TOP_CENTER
    cell = ws[f"{_COL['appraised']}{total}"]
    _put_formula(cell, "=" + _appraised_expr(_COL["appraised"], area_rows))
    cell.alignment = _TOP_CENTER

    ratio = total + 1
    ws.merge_cells(start_row=ratio, start_column=1, end_row=ratio, end_column=4)
    _put_text(ws.cell(row=ratio, column=1),
              "Tỷ lệ điểm tự đánh giá so với điểm tối đa phần tự chấm (%)")
    _style_row(ws, ratio, ncols, font=_font(bold=True))
    s, m = f"{_COL['score']}{total}", f"{_COL['scope_max']}{total}"
    cell = ws[f"{_COL['score']}{ratio}"]
    _put_formula(cell, f'=IF({m}=0,"",ROUND({s}*100/{m},2))', PERCENT_FORMAT)
    cell.alignment = _TOP_CENTER

    row = ratio + 1
    for text in _footnotes(ctx):
        row += 1
        _merged_line(ws, row, ncols, width, text, _font(BODY_SIZE, italic=True), _TOP_LEFT)
    _fit_rows(ws, header, ratio)
    _page_setup(ws, header, ncols, row)


def _write_node(ctx: BuildContext, ws: Sheet, row: int, node: NodeResult,
                child_rows: list[int]) -> None:
    ncols = len(MAIN_COLUMNS)
    parent = bool(node.children)
    bold = parent or node.level == 1
    _style_row(ws, row, ncols, font=_font(bold=bold),
               fill=_FILL_AREA if node.level == 1 else None)

    code = ws[f"{_COL['code']}{row}"]
    _put_text(code, node.code)
    code.number_format = TEXT_FORMAT
    code.alignment = _TOP_CENTER
    name = ws[f"{_COL['name']}{row}"]
    _put_text(name, node.name)
    name.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True,
                               indent=node.level - 1)
    for key in ("max", "scope_max", "score", "appraised"):
        ws[f"{_COL[key]}{row}"].alignment = _TOP_CENTER
        ws[f"{_COL[key]}{row}"].number_format = SCORE_FORMAT

    if parent:
        for key in ("max", "scope_max", "score"):
            _put_formula(ws[f"{_COL[key]}{row}"], "=" + _sum_expr(_COL[key], child_rows))
        _put_formula(ws[f"{_COL['appraised']}{row}"],
                     "=" + _appraised_expr(_COL["appraised"], child_rows))
        return

    result = node.leaf
    if result is None:  # a childless node is always a leaf in a Scorecard
        raise ValueError(f"Tiêu chí {node.code} không có kết quả chấm")
    _put_number(ws[f"{_COL['max']}{row}"], result.leaf.max_score)
    if result.in_scope:
        _put_number(ws[f"{_COL['scope_max']}{row}"], result.leaf.max_score)
        _put_number(ws[f"{_COL['score']}{row}"], result.score)
    else:
        for key in ("scope_max", "score", "appraised"):
            ws[f"{_COL[key]}{row}"].fill = _FILL_NOT_SCORED
    _put_text(ws[f"{_COL['evidence']}{row}"], _evidence_text(ctx.evidence_for(node.code)))
    _put_text(ws[f"{_COL['note']}{row}"], _note_text(result))
    _put_text(ws[f"{_COL['division']}{row}"], ctx.division_name(result.division))


def _footnotes(ctx: BuildContext) -> list[str]:
    card = ctx.card
    leaves = card.leaves
    out_of_scope = sum(
        (r.leaf.max_score for r in leaves
         if r.leaf.method is Method.APPRAISAL and r.division is None),
        ZERO,
    )
    source = ctx.criteria.source
    lines = [
        "Ghi chú:",
        f"- Điểm tối đa: theo bộ tiêu chí \"{ctx.criteria.title}\" ({source.decision}).",
        "- Điểm tối đa phần tự chấm: tổng điểm tối đa các tiêu chí Sở được giao tự đánh giá, "
        f"chấm điểm ({format_decimal(card.scope_max)} điểm); không gồm các tiêu chí đánh giá "
        f"qua điều tra xã hội học ({format_decimal(card.survey_max)} điểm)"
        + (f" và các tiêu chí ngoài phạm vi tự chấm của Sở ({format_decimal(out_of_scope)} "
           "điểm)" if out_of_scope else "")
        + ".",
        "- Điểm của tiêu chí, lĩnh vực và dòng TỔNG CỘNG là công thức cộng các dòng con, tự "
        "cập nhật khi sửa điểm tiêu chí thành phần.",
    ]
    return lines


# --------------------------------------------------------------------------- sheet "Theo đơn vị"


def _write_divisions(ctx: BuildContext, ws: Sheet) -> None:
    ncols = len(DIVISION_COLUMNS)
    width = sum(w for _, w in DIVISION_COLUMNS)
    for i, (_, w) in enumerate(DIVISION_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _merged_line(ws, 1, ncols, width,
                 f"KẾT QUẢ TỰ ĐÁNH GIÁ THEO ĐƠN VỊ CHỦ TRÌ NĂM {ctx.dossier.year}",
                 _font(14, bold=True))
    header = _banner(ctx, ws, 2, ncols, width) + 1
    _header_row(ws, header, (h for h, _ in DIVISION_COLUMNS))

    packaged = {ef.leaf for ef in ctx.evidence}
    progress = division_progress(ctx.card, [d.id for d in ctx.dossier.divisions])
    row = header
    for i, item in enumerate(progress, start=1):
        row = header + i
        with_evidence = sum(
            1 for r in ctx.card.in_scope_leaves
            if r.division == item.division and r.leaf.code in packaged
        )
        _style_row(ws, row, ncols, font=_font())
        _put_number(ws.cell(row=row, column=1), i, "0")
        _put_text(ws.cell(row=row, column=2), ctx.division_name(item.division))
        _put_number(ws.cell(row=row, column=3), item.assigned, "0")
        _put_number(ws.cell(row=row, column=4), item.answered, "0")
        _put_number(ws.cell(row=row, column=5), with_evidence, "0")
        _put_number(ws.cell(row=row, column=6), item.score)
        _put_number(ws.cell(row=row, column=7), item.scope_max)
        _put_formula(ws.cell(row=row, column=8), _percent_formula(row), PERCENT_FORMAT)
        ws.cell(row=row, column=1).alignment = _TOP_CENTER
        for c in (3, 4, 5, 6, 7, 8):
            ws.cell(row=row, column=c).alignment = _TOP_RIGHT
    first, last = header + 1, row
    total = last + 1
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=2)
    _put_text(ws.cell(row=total, column=1), "Tổng cộng")
    _style_row(ws, total, ncols, font=_font(bold=True), fill=_FILL_TOTAL)
    ws.cell(row=total, column=1).alignment = _TOP_CENTER
    rows = list(range(first, last + 1))
    for c, fmt in ((3, "0"), (4, "0"), (5, "0"), (6, SCORE_FORMAT), (7, SCORE_FORMAT)):
        col = get_column_letter(c)
        _put_formula(ws.cell(row=total, column=c), "=" + _sum_expr(col, rows), fmt)
        ws.cell(row=total, column=c).alignment = _TOP_RIGHT
    _put_formula(ws.cell(row=total, column=8), _percent_formula(total), PERCENT_FORMAT)
    ws.cell(row=total, column=8).alignment = _TOP_RIGHT
    _fit_rows(ws, header, total)
    _page_setup(ws, header, ncols, total)


def _percent_formula(row: int) -> str:
    return f'=IF(G{row}=0,"",ROUND(F{row}*100/G{row},2))'


# --------------------------------------------------------------------------- sheet "Tài liệu KC"


def _write_evidence(ctx: BuildContext, ws: Sheet) -> None:
    ncols = len(EVIDENCE_COLUMNS)
    width = sum(w for _, w in EVIDENCE_COLUMNS)
    for i, (_, w) in enumerate(EVIDENCE_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _merged_line(ws, 1, ncols, width, "DANH MỤC TÀI LIỆU KIỂM CHỨNG", _font(14, bold=True))
    header = _banner(ctx, ws, 2, ncols, width) + 1
    _header_row(ws, header, (h for h, _ in EVIDENCE_COLUMNS))
    row = header
    for i, ef in enumerate(ctx.evidence, start=1):
        row = header + i
        meta = ef.meta
        _style_row(ws, row, ncols, font=_font())
        _put_number(ws.cell(row=row, column=1), i, "0")
        code = ws.cell(row=row, column=2)
        _put_text(code, ef.leaf)
        code.number_format = TEXT_FORMAT
        _put_text(ws.cell(row=row, column=3), ctx.division_name(ef.division))
        _put_text(ws.cell(row=row, column=4), meta.number)
        issued = ws.cell(row=row, column=5)
        if meta.issued is not None:
            issued.value = dt.datetime.combine(meta.issued, dt.time())
            issued.number_format = DATE_FORMAT
        _put_text(ws.cell(row=row, column=6), meta.title)
        _put_text(ws.cell(row=row, column=7), meta.issuer)
        _put_text(ws.cell(row=row, column=8), meta.part)
        _put_text(ws.cell(row=row, column=9), ef.package_path)
        _put_number(ws.cell(row=row, column=10), ef.size, SIZE_FORMAT)
        _put_text(ws.cell(row=row, column=11), ef.sha256)
        ws.cell(row=row, column=11).font = _font(10)
        for c in (1, 2, 5):
            ws.cell(row=row, column=c).alignment = _TOP_CENTER
        ws.cell(row=row, column=10).alignment = _TOP_RIGHT
    if not ctx.evidence:
        row = header + 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        _put_text(ws.cell(row=row, column=1), "(Hồ sơ chưa có tài liệu kiểm chứng)")
        _style_row(ws, row, ncols, font=_font(italic=True))
    _fit_rows(ws, header, row)
    _page_setup(ws, header, ncols, row)


# --------------------------------------------------------------------------- workbook


def _new_workbook() -> Any:
    wb = Workbook()
    base = _font()
    # cells without a style and the "Normal" style use Times New Roman too
    wb._fonts = IndexedList([base])
    wb._named_styles["Normal"].font = base
    return wb


def render_appendix(ctx: BuildContext, path: Path) -> None:
    """Write the Excel appendix for ``ctx`` to ``path`` (replaced atomically)."""
    wb = _new_workbook()
    main = wb.active
    main.title = SHEET_MAIN
    _write_main(ctx, main)
    _write_divisions(ctx, wb.create_sheet(SHEET_DIVISIONS))
    _write_evidence(ctx, wb.create_sheet(SHEET_EVIDENCE))
    wb.active = 0

    wb.calculation.fullCalcOnLoad = True  # Excel computes the formulas when it opens the file
    save_workbook(wb, path, ctx.report_date, title=f"Phụ biểu: {ctx.dossier.report_title}")


# --------------------------------------------------------------------------- read back


@dataclasses.dataclass(frozen=True)
class AppendixRow:
    """One tree row of the "Phụ biểu" sheet as read back (empty score cells read as 0)."""

    code: str
    max_score: Decimal
    scope_max: Decimal
    score: Decimal


@dataclasses.dataclass(frozen=True)
class AppendixReadBack:
    """What the build's self-check compares with the scorecard."""

    total_score: Decimal  # TỔNG CỘNG, "Điểm tự đánh giá" (= Scorecard.score)
    total_scope_max: Decimal  # TỔNG CỘNG, "Điểm tối đa phần tự chấm" (= Scorecard.scope_max)
    total_max: Decimal  # TỔNG CỘNG, "Điểm tối đa" (the criteria set's total)
    rows: list[AppendixRow]  # every tree row, in sheet order
    from_cache: bool  # totals read from cached results (recalculated by Excel/LibreOffice)

    @property
    def tree_rows(self) -> int:
        return len(self.rows)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rows]


_TOKEN = re.compile(r'\s*(?:(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)'
                    r'|(?P<name>[A-Z]+)\(|(?P<punct>[(),=])|(?P<str>"")|(?P<num>\d+))')


class _Formula:
    """Evaluates the formulas parcli writes: SUM(refs…) and IF(COUNT(refs…)=0,"",SUM(…))."""

    def __init__(self, text: str, value_of: Any) -> None:
        self.tokens = self._tokenize(text)
        self.pos = 0
        self.value_of = value_of

    @staticmethod
    def _tokenize(text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        pos = 0
        body = text[1:] if text.startswith("=") else text
        while pos < len(body):
            m = _TOKEN.match(body, pos)
            if m is None or m.end() == pos:
                raise ValueError(f"công thức không đọc được: {text}")
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        return tokens

    def _next(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise ValueError("công thức bị cụt")
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _expect(self, value: str) -> None:
        if self._next()[1] != value:
            raise ValueError(f"công thức không đọc được (thiếu '{value}')")

    def evaluate(self) -> Decimal | None:
        result = self._expr()
        if self.pos != len(self.tokens):
            raise ValueError("công thức không đọc được")
        return result

    def _expr(self) -> Decimal | None:
        kind, value = self._next()
        if kind == "name" and value == "SUM":
            return sum((v for v in self._args() if v is not None), ZERO)
        if kind == "name" and value == "IF":
            if self._next() != ("name", "COUNT"):
                raise ValueError("công thức IF không đọc được")
            count = sum(1 for v in self._args() if v is not None)
            self._expect("=")
            if self._next() != ("num", "0"):
                raise ValueError("công thức IF không đọc được")
            self._expect(",")
            if self._next()[0] != "str":
                raise ValueError("công thức IF không đọc được")
            self._expect(",")
            then = self._expr()
            self._expect(")")
            return None if count == 0 else then
        if kind == "num":
            return Decimal(value)
        raise ValueError(f"công thức không đọc được (gặp '{value}')")

    def _args(self) -> list[Decimal | None]:
        values: list[Decimal | None] = []
        while True:
            kind, value = self.tokens[self.pos] if self.pos < len(self.tokens) else ("", "")
            if kind == "ref":
                self.pos += 1
                values.extend(self._range(value))
            else:
                values.append(self._expr())
            sep = self._next()[1]
            if sep == ")":
                return values
            if sep != ",":
                raise ValueError("công thức không đọc được")

    def _range(self, ref: str) -> list[Decimal | None]:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        return [
            self.value_of(f"{get_column_letter(c)}{r}")
            for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)
        ]


def _tidy(value: float | int) -> Decimal:
    """A cell number as Decimal; binary noise of cached results (1e-9 and below) removed."""
    if isinstance(value, int):
        return Decimal(value)
    result = Decimal(repr(value)).quantize(Decimal("1e-9")).normalize()
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def read_back_appendix(path: Path) -> AppendixReadBack:
    """Read the "Phụ biểu" sheet of a written appendix.

    Totals come from cached results when the file was recalculated (saved by Excel or
    LibreOffice); otherwise parcli's formulas are evaluated from the leaf cells. Raises
    ValueError when the sheet does not have the layout parcli writes.
    """
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)
    if SHEET_MAIN not in formulas.sheetnames:
        raise ValueError(f"Tệp {path} không có trang \"{SHEET_MAIN}\"")
    ws_f = formulas[SHEET_MAIN]
    ws_v = values[SHEET_MAIN]

    header = None
    for r in range(1, min(ws_f.max_row, 40) + 1):
        if ws_f.cell(row=r, column=1).value == _HEADER["code"]:
            header = r
            break
    if header is None:
        raise ValueError(f"Không tìm thấy dòng tiêu đề \"{_HEADER['code']}\" trong {path}")
    cols: dict[str, str] = {}
    for c in range(1, ws_f.max_column + 1):
        text = ws_f.cell(row=header, column=c).value
        for key, label in _HEADER.items():
            if text == label:
                cols[key] = get_column_letter(c)
    missing = [label for key, label in _HEADER.items() if key not in cols]
    if missing:
        raise ValueError(f"Thiếu cột {', '.join(missing)} trong {path}")

    memo: dict[str, Decimal | None] = {}
    used_cache = [False]

    def value_of(coord: str) -> Decimal | None:
        if coord in memo:
            return memo[coord]
        memo[coord] = None  # guards against a circular reference
        cell = ws_f[coord]
        result: Decimal | None = None
        if cell.data_type == "f" and isinstance(cell.value, str):
            cached = ws_v[coord].value
            if _is_number(cached):
                result = _tidy(cached)
                used_cache[0] = True
            else:
                result = _Formula(cell.value, value_of).evaluate()
        elif _is_number(cell.value):
            result = _tidy(cell.value)
        memo[coord] = result
        return result

    rows: list[AppendixRow] = []
    total = None
    r = header + 1
    while r <= ws_f.max_row:
        label = ws_f[f"{cols['code']}{r}"].value
        if label == TOTAL_LABEL:
            total = r
            break
        if label is None or str(label).strip() == "":
            raise ValueError(f"Dòng {r} của trang \"{SHEET_MAIN}\" không có mã tiêu chí")
        rows.append(
            AppendixRow(
                code=str(label),
                max_score=value_of(f"{cols['max']}{r}") or ZERO,
                scope_max=value_of(f"{cols['scope_max']}{r}") or ZERO,
                score=value_of(f"{cols['score']}{r}") or ZERO,
            )
        )
        r += 1
    if total is None:
        raise ValueError(f"Không tìm thấy dòng {TOTAL_LABEL} trong {path}")
    used_cache[0] = False
    total_score = value_of(f"{cols['score']}{total}") or ZERO
    from_cache = used_cache[0]
    return AppendixReadBack(
        total_score=total_score,
        total_scope_max=value_of(f"{cols['scope_max']}{total}") or ZERO,
        total_max=value_of(f"{cols['max']}{total}") or ZERO,
        rows=rows,
        from_cache=from_cache,
    )
