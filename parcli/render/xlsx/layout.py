"""The shared layout of the Excel appendix: sheet names, columns, styles, row heights, print setup.

The writer (:mod:`.appendix`) and the reader (:mod:`.readback`) both take their sheet names and
header texts from here, so they can never disagree.
"""

from __future__ import annotations

import copy
import functools
import re
import weakref
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from parcli.render.xlsx.metrics import piece_widths, text_width
from parcli.text import nfc

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

FORMULA_START = ("=", "+", "-", "@")

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
    ("opinion", "Ý kiến thẩm định", 30),
)
COL = {key: get_column_letter(i) for i, (key, _, _) in enumerate(MAIN_COLUMNS, start=1)}
# Added after the main columns only when the dossier has last year's result (last_year.yaml).
LAST_YEAR_COLUMN: tuple[str, str, float] = ("last_year", "Năm trước", 11)
LAST_YEAR_COL = get_column_letter(len(MAIN_COLUMNS) + 1)
HEADER = {key: header for key, header, _ in MAIN_COLUMNS}

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

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILL_HEADER = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
FILL_AREA = PatternFill(fill_type="solid", start_color="EDF3FA", end_color="EDF3FA")
FILL_TOTAL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
FILL_NOT_SCORED = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
RED = "C00000"

TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
TOP_RIGHT = Alignment(horizontal="right", vertical="top", wrap_text=True)
MIDDLE_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

Sheet = Any  # openpyxl worksheets are untyped


@functools.cache
def font(
    size: int = BODY_SIZE, *, bold: bool = False, italic: bool = False, color: str | None = None
) -> Font:
    """The Times New Roman font; one shared object per combination (see :func:`set_style`)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


@functools.cache
def indented(level: int) -> Alignment:
    """Top-left alignment, wrapped, indented ``level`` steps; one shared object per level."""
    return Alignment(horizontal="left", vertical="top", wrap_text=True, indent=level)


# --------------------------------------------------------------------------- cell helpers


def clean(text: str) -> str:
    """NFC, Windows line ends folded, characters XML cannot hold removed, Excel's limit kept."""
    value = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    value = str(ILLEGAL_CHARACTERS_RE.sub("", value))
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def put_text(cell: Any, text: str | None) -> None:
    """Write user text as text: never as a formula, even when it starts with = + - @."""
    if text is None or text == "":
        cell.value = None
        return
    value = clean(text)
    cell.value = value
    if value.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def exact(value: Decimal) -> Decimal:
    """The same number without an exponent (Decimal("1E+1") is written as 10)."""
    return Decimal(format(value, "f"))


def put_number(cell: Any, value: Decimal | int | None, number_format: str = SCORE_FORMAT) -> None:
    cell.value = exact(value) if isinstance(value, Decimal) else value
    cell.number_format = number_format


def put_formula(cell: Any, formula: str, number_format: str = SCORE_FORMAT) -> None:
    cell.value = formula
    cell.number_format = number_format


def refs(col: str, rows: Sequence[int]) -> list[str]:
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


def sum_expr(col: str, rows: Sequence[int]) -> str:
    """``SUM(...)`` over ``rows``; nested when there are more than 255 arguments."""
    parts = refs(col, rows)
    if not parts:
        return "SUM(0)"
    while len(parts) > 255:
        parts = ["SUM(" + ",".join(parts[i : i + 255]) + ")" for i in range(0, len(parts), 255)]
    return "SUM(" + ",".join(parts) + ")"


def appraised_expr(col: str, rows: Sequence[int]) -> str:
    """Empty until an appraiser enters a child score, then the SUM of the children."""
    parts = refs(col, rows)
    if not parts or len(parts) > 255:
        return sum_expr(col, rows)
    return f'IF(COUNT({",".join(parts)})=0,"",{sum_expr(col, rows)})'


_StyleKey = tuple[tuple[int, ...], str, int]
_ASSIGNED: weakref.WeakKeyDictionary[Any, dict[_StyleKey, tuple[object, Any]]] = (
    weakref.WeakKeyDictionary()
)


def set_style(cell: Any, **styles: Font | Border | PatternFill | Alignment) -> None:
    """``cell.font = …``, ``cell.border = …`` etc., in the order given, each done once per workbook.

    openpyxl finds a style object's index by hashing the whole object on every assignment. Here
    an assignment is remembered by the cell's style before it, the attribute and the style
    object (by identity, so pass shared objects: the constants of this module, :func:`font`,
    :func:`indented`); the same assignment to a cell with the same style copies the style
    indices it gave, as openpyxl's own worksheet copy does. The workbook meets its styles in
    the same order, so the file written is byte for byte the same.
    """
    done = _ASSIGNED.setdefault(cell.parent.parent, {})
    for attr, value in styles.items():
        key = (tuple(cell._style or ()), attr, id(value))  # no style yet: ()
        known = done.get(key)
        if known is None:
            setattr(cell, attr, value)
            # the object is kept with its result: its id cannot be reused by another one
            done[key] = (value, copy.copy(cell._style))
        else:
            cell._style = copy.copy(known[1])


def style_row(
    ws: Sheet, row: int, ncols: int, *, font: Font, fill: PatternFill | None = None
) -> None:
    """Font, border, top-left alignment (and fill) on the first ``ncols`` cells of ``row``.

    The first cell is styled by :func:`set_style`, the others get a copy of its style indices.
    """
    first = ws.cell(row=row, column=1)
    if fill is None:
        set_style(first, font=font, border=BORDER, alignment=TOP_LEFT)
    else:
        set_style(first, font=font, border=BORDER, alignment=TOP_LEFT, fill=fill)
    for c in range(2, ncols + 1):
        ws.cell(row=row, column=c)._style = copy.copy(first._style)


DIGIT_WIDTH = 6.0  # points: a column width unit is the digit "0" of Times New Roman 12
CELL_PADDING = 3.0  # points left and right of the text inside a cell, together
INDENT_WIDTH = 12.0  # points per indent level (Excel: three spaces; LibreOffice: a little less)
LINE_HEIGHT = 1.25  # a printed line, in multiples of the font size
_BREAK_AFTER = "-–—/\\"  # a line may also break after these, as in a file path


def column_points(width_chars: float) -> float:
    """The room for text in a column ``width_chars`` wide, in points."""
    return max(1.0, width_chars * DIGIT_WIDTH - CELL_PADDING)


_BREAK_CHARS = " " + re.escape(_BREAK_AFTER)  # for a [...] class
# a piece: up to and including the next space or break character, or the rest of the text
_PIECE = re.compile(f"[^{_BREAK_CHARS}]*[{_BREAK_CHARS}]|[^{_BREAK_CHARS}]+")


def _pieces(paragraph: str) -> list[str]:
    """Words with the spaces that follow them; long words cut after - / and \\."""
    return _PIECE.findall(paragraph)


def wrap(text: str, room: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` as the lines a spreadsheet shows in ``room`` points at ``size`` points.

    Lines break at spaces and after hyphens and slashes; a piece longer than a line (a file
    name without spaces) is cut between characters, as Excel and LibreOffice do. Trailing
    spaces hang past the edge and take no room.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for piece in _pieces(paragraph):
            width, full = piece_widths(piece, size, bold)
            if line and used + width > room:
                lines.append(line)
                line, used = "", 0.0
            while width > room:  # one piece wider than the column: cut it
                cut = 1
                while cut < len(piece) and text_width(piece[: cut + 1], size, bold=bold) <= room:
                    cut += 1
                lines.append(piece[:cut])
                piece = piece[cut:]
                width, full = piece_widths(piece, size, bold)
            line += piece
            used += full
        lines.append(line)
    return lines


def _spare_line(text: str, room: float, size: float) -> int:
    """One line more for a text holding a file path wider than half the column.

    Where a path breaks depends on the line-break rules of the program that prints it
    (LibreOffice does not break after every hyphen or slash that :func:`wrap` allows): seen on
    the example, a path's last part fell below its cell. A spare line costs a little paper; a
    cut file name costs the appraiser the evidence.
    """
    return int(
        any(
            "/" in word and text_width(word, size) > room / 2
            for word in text.replace("\n", " ").split(" ")
        )
    )


def text_lines(text: str, width_chars: float, size: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width_chars`` wide."""
    room = column_points(width_chars)
    return len(wrap(text, room, size, bold=bold)) + _spare_line(text, room, size)


def height(lines: int, size: float) -> float:
    return round(lines * size * LINE_HEIGHT + 3, 2)


def fit_rows(ws: Sheet, first: int, last: int) -> None:
    """Row heights for wrapped text (neither Excel nor LibreOffice always does it on open).

    Each cell's text is wrapped at its column's width (the merged width for merged cells) and
    its font; the row takes the height of its tallest cell.
    """
    ncols = ws.max_column  # once: openpyxl walks every cell to find it
    widths = {
        c: ws.column_dimensions[get_column_letter(c)].width or 9.0 for c in range(1, ncols + 1)
    }
    spans: dict[tuple[int, int], float] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = sum(
            widths.get(c, 9.0) for c in range(merged.min_col, merged.max_col + 1)
        )
        covered.update(
            (r, c)
            for r in range(merged.min_row, merged.max_row + 1)
            for c in range(merged.min_col, merged.max_col + 1)
        )
    for r in range(first, last + 1):
        best = 0.0
        for c in range(1, ncols + 1):
            if (r, c) in covered and (r, c) not in spans:
                continue
            cell = ws.cell(row=r, column=c)
            if not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            size = float(cell.font.sz or BODY_SIZE)
            room = column_points(spans.get((r, c), widths.get(c, 9.0)))
            room -= INDENT_WIDTH * (cell.alignment.indent or 0)
            room = max(room, 1.0)
            lines = len(wrap(cell.value, room, size, bold=bool(cell.font.b)))
            lines += _spare_line(cell.value, room, size)
            best = max(best, height(lines, size))
        if best:
            ws.row_dimensions[r].height = max(best, height(1, BODY_SIZE))


def merged_line(
    ws: Sheet,
    row: int,
    ncols: int,
    width_chars: float,
    text: str,
    font: Font,
    alignment: Alignment = MIDDLE_CENTER,
) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = ws.cell(row=row, column=1)
    put_text(cell, text)
    set_style(cell, font=font, alignment=alignment)
    size = float(font.sz or BODY_SIZE)
    ws.row_dimensions[row].height = height(
        text_lines(text, width_chars, size, bold=bool(font.b)), size
    )


# A4 landscape, in points, and the margins of page_setup (inches)
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28
MARGIN_TOP = MARGIN_BOTTOM = MARGIN_LEFT = 0.79
MARGIN_RIGHT = 0.59
PAGE_SAFETY = 0.96  # fill a page to 96 % of its estimated room: renderers differ a little


def print_scale(widths: Iterable[float]) -> float:
    """The largest scale Excel or LibreOffice may choose to fit the columns to the page width.

    The sheet is printed "fit to 1 page wide": the program shrinks it by printable width /
    sheet width. Counting a column as exactly its digits (no padding) gives the highest scale,
    hence the least room per page, so a page computed with it never overflows.
    """
    room = PAGE_WIDTH - (MARGIN_LEFT + MARGIN_RIGHT) * 72
    return min(1.0, room / (sum(widths) * DIGIT_WIDTH))


def keep_with_next(ws: Sheet, header: int, last: int, sticky: set[int], scale: float) -> list[int]:
    """Manual page breaks so that no row in ``sticky`` ends a page (a heading and its first child).

    Rows are laid on pages by their heights (set by :func:`fit_rows`); the header row repeats on
    every page. When a heading, together with the rows that must follow it, does not fit on
    what is left of the page, the page breaks before the heading. Returns the rows after which
    a page breaks.
    """
    room = (PAGE_HEIGHT - (MARGIN_TOP + MARGIN_BOTTOM) * 72) / scale * PAGE_SAFETY

    def h(r: int) -> float:
        return float(ws.row_dimensions[r].height or ws.sheet_format.defaultRowHeight or 15.75)

    used = sum(h(r) for r in range(1, header + 1))
    fresh = h(header)  # a new page starts with the repeated header row
    breaks: list[int] = []
    r = header + 1
    while r <= last:
        end = r
        while end in sticky and end < last:
            end += 1
        block = sum(h(x) for x in range(r, end + 1))
        if used + block > room and used > fresh:
            breaks.append(r - 1)
            used = fresh
        used += block
        r = end + 1
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    return breaks


def page_setup(ws: Sheet, header_row: int, last_col: int, last_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    # 20 mm top and bottom, 20 mm left, 15 mm right (inches)
    ws.page_margins.top = MARGIN_TOP
    ws.page_margins.bottom = MARGIN_BOTTOM
    ws.page_margins.left = MARGIN_LEFT
    ws.page_margins.right = MARGIN_RIGHT
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


def header_row(ws: Sheet, row: int, headers: Iterable[str]) -> int:
    ncols = 0
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c)
        put_text(cell, header)
        set_style(
            cell, font=font(bold=True), alignment=MIDDLE_CENTER, border=BORDER, fill=FILL_HEADER
        )
        ncols = c
    return ncols
