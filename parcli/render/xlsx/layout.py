"""The shared layout of the Excel appendix: sheet names, columns, styles, row heights, print setup.

The writer (:mod:`.appendix`) and the reader (:mod:`.readback`) both take their sheet names and
header texts from here, so they can never disagree.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


def font(
    size: int = BODY_SIZE, *, bold: bool = False, italic: bool = False, color: str | None = None
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


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


def style_row(
    ws: Sheet, row: int, ncols: int, *, font: Font, fill: PatternFill | None = None
) -> None:
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = font
        cell.border = BORDER
        cell.alignment = TOP_LEFT
        if fill is not None:
            cell.fill = fill


def text_lines(text: str, width_chars: float, size: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width_chars`` wide.

    Column widths count the digit "0" of the 12-point default font; an average Vietnamese
    letter in Times New Roman is a little narrower, a bold one a little wider. The estimate
    errs on the generous side so that no text is cut off when printed: one character per
    width unit (bold: a little less), and one spare line for a cell with a long unbroken word
    such as a file path, which spreadsheet programs wrap less tightly than textwrap does.
    """
    per_line = max(1, int(width_chars * BODY_SIZE / size * (1.0 if bold else 1.1)) - 1)
    lines = 0
    long_word = False
    for paragraph in text.split("\n"):
        lines += max(
            1, len(textwrap.wrap(paragraph, per_line, break_long_words=True, break_on_hyphens=True))
        )
        long_word = long_word or any(len(w) > per_line * 0.6 for w in paragraph.split())
    return lines + (1 if long_word else 0)


def height(lines: int, size: float) -> float:
    return round(lines * size * 1.25 + 3, 2)


def fit_rows(ws: Sheet, first: int, last: int) -> None:
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
            (r, c)
            for r in range(merged.min_row, merged.max_row + 1)
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
            lines = text_lines(cell.value, width, size, bold=bool(cell.font.b))
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
    cell.font = font
    cell.alignment = alignment
    size = float(font.sz or BODY_SIZE)
    ws.row_dimensions[row].height = height(
        text_lines(text, width_chars, size, bold=bool(font.b)), size
    )


def page_setup(ws: Sheet, header_row: int, last_col: int, last_row: int) -> None:
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


def header_row(ws: Sheet, row: int, headers: Iterable[str]) -> int:
    ncols = 0
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c)
        put_text(cell, header)
        cell.font = font(bold=True)
        cell.alignment = MIDDLE_CENTER
        cell.border = BORDER
        cell.fill = FILL_HEADER
        ncols = c
    return ncols
