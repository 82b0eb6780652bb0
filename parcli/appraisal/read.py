"""Read the council's appraisal table (.xlsx) into rows by code, with their cells.

The table is parcli's own appendix ("Phụ biểu") with "Điểm thẩm định" and "Ý kiến thẩm định"
filled in Excel or LibreOffice, or another agency's table: columns are found by their header
text (code, appraised score, opinion, request for giải trình; maximum and self-score when
present, to check the table is this dossier's). Only saved values are read, never formulas;
"0,5" and 0.5 are the same score. Before openpyxl sees the file its package is checked against
the caps in :mod:`parcli.formats.limits` (a hostile file must not hang the machine).
openpyxl is imported inside :func:`read_table` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from parcli.errors import AppraisalTableUnreadable
from parcli.findings import Finding, make
from parcli.formats import limits
from parcli.model import CONTROL_CHARS, to_code
from parcli.text import fold, nfc, parse_decimal, plain_decimal

HEADER_SCAN_ROWS = 40


@dataclasses.dataclass(frozen=True)
class Cell:
    """A cell of the table: sheet, row and column (1-based), shown as "'Phụ biểu'!I12"."""

    sheet: str
    row: int
    col: int

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def where(self) -> str:
        return f"trang tính '{self.sheet}', ô {self.ref}"


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclasses.dataclass(frozen=True)
class Value:
    """A number read from a cell: the exact value, or why it is not one."""

    cell: Cell
    number: Decimal | None
    problem: str | None = None  # not a number (text, a date Excel made, a formula not saved)
    formula: bool = False  # the cell is a formula; its saved value is used


@dataclasses.dataclass(frozen=True)
class TableRow:
    code: str
    code_cell: Cell
    code_was_number: bool  # stored as a number: 1.10 may have become 1.1
    score: Value | None  # None: the cell is empty
    opinion: str | None
    opinion_cell: Cell | None
    requested: bool | None  # None: the table has no such column
    max_score: Value | None
    self_score: Value | None


@dataclasses.dataclass
class CouncilTable:
    file: str  # as shown to the user
    sheet: str
    header_row: int
    headers: dict[str, tuple[Cell, str]]  # column key -> header cell and text
    rows: list[TableRow]
    context: list[tuple[Cell, str]]  # text above the header (titles: agency, year)
    stray: list[Value]  # scores on rows whose first column is not a code
    notes: list[str]


# --------------------------------------------------------------------------- headers

_CODE_HEADERS = {"stt", "tt", "ma", "ma so", "ma tieu chi", "so tt", "so thu tu", "ma tc"}


def header_kind(text: str) -> str | None:
    """Which column a header names: code, score, opinion, request, max, self (or None)."""
    f = fold(text).rstrip(" :.")
    if not f:
        return None
    if f in _CODE_HEADERS or f.startswith("ma tieu chi"):
        return "code"
    if "yeu cau giai trinh" in f or "de nghi giai trinh" in f:
        return "request"
    if "y kien" in f or "nhan xet" in f or "ket luan" in f or "ly do tru" in f:
        return "opinion"
    if "ghi chu" in f and ("tham dinh" in f or "hoi dong" in f):
        return "opinion"
    if "diem" in f and ("tham dinh" in f or "hoi dong" in f):
        return "score"
    if f in ("ket qua tham dinh", "tham dinh"):
        return "score"
    if "diem toi da" in f and "tu cham" not in f and "tu danh gia" not in f:
        return "max"
    if "diem" in f and ("tu danh gia" in f or "tu cham" in f) and "toi da" not in f:
        return "self"
    return None


_ROUND = re.compile(r"\b(?:vong|lan)\s*(1|2|i|ii)\b")


def header_round(text: str) -> int | None:
    m = _ROUND.search(fold(text))
    if m is None:
        return None
    return 1 if m.group(1) in ("1", "i") else 2


# --------------------------------------------------------------------------- the package


def _check_package(path: Path, display: str) -> None:
    if not path.is_file():
        raise AppraisalTableUnreadable(
            f"Không có tệp {display}", "Kiểm tra tên và thư mục của tệp bảng điểm."
        )
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".csv", ".doc", ".docx", ".pdf"):
        raise AppraisalTableUnreadable(
            f"Tệp {display} là {suffix}; parcli chỉ đọc bảng điểm Excel .xlsx",
            "Mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) .xlsx rồi nhập lại.",
        )
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            legacy = fh.read(8).startswith(b"\xd0\xcf\x11\xe0")
        raise AppraisalTableUnreadable(
            f"Tệp {display} không phải tệp Excel .xlsx hợp lệ"
            + (" (định dạng .xls cũ hoặc có mật khẩu)" if legacy else " (tệp hỏng)"),
            "Mở tệp bằng Excel, bỏ mật khẩu nếu có, Lưu thành (Save As) .xlsx rồi nhập lại.",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if limits.package_too_big(infos):
                total = sum(i.file_size for i in infos)
                raise _too_big(display, f"quá lớn khi giải nén ({total // (1024 * 1024)} MB)")
            merged = 0
            for info in infos:
                name = info.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    merged += _merged_cells(zf.read(info), display)
                    if merged > limits.MAX_MERGED_CELLS:
                        raise _too_big(display, "có vùng gộp ô (merge) quá lớn")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise AppraisalTableUnreadable(
            f"Tệp {display} bị hỏng, không mở được ({exc})",
            "Mở tệp bằng Excel, lưu lại rồi nhập lại.",
        ) from None


_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):?([A-Za-z]{0,3})(\d{0,7})"'
)
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _merged_cells(xml: bytes, display: str) -> int:
    refs = _MERGE_REF.findall(xml)
    if len(refs) != len(_ANY_MERGE.findall(xml)):
        raise _too_big(display, "có vùng gộp ô (merge) viết sai")
    cells = 0
    for c1, r1, c2, r2 in refs:
        rows = abs(int(r2 or r1) - int(r1)) + 1
        cols = abs(_col_number(c2 or c1) - _col_number(c1)) + 1
        cells += rows * cols
    return cells


def _too_big(display: str, why: str) -> AppraisalTableUnreadable:
    return AppraisalTableUnreadable(
        f"Tệp {display} {why}; parcli không đọc để tránh treo máy",
        "Chép riêng bảng điểm thẩm định sang một tệp Excel mới (chỉ giá trị), lưu rồi nhập lại.",
    )


# --------------------------------------------------------------------------- cells


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value):
        return plain_decimal(Decimal(repr(value)))
    text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = CONTROL_CHARS.sub("", text.replace("\x0b", "\n"))  # Alt+Enter in old files
    return text[: limits.MAX_CELL_CHARS].strip()


def _number(cell: Cell, value: object, formula: bool) -> Value | None:
    if formula and value is None:
        return Value(
            cell,
            None,
            "là công thức chưa có giá trị đã tính (parcli không tự tính công thức)",
            True,
        )
    if value is None or (isinstance(value, str) and value.strip() in ("", "-", "–", "—")):
        return None
    if isinstance(value, bool):
        return Value(cell, None, "là giá trị đúng/sai, không phải điểm", formula)
    if isinstance(value, (dt.date, dt.datetime)):
        return Value(
            cell,
            None,
            "là một ngày (Excel có thể đã đổi điểm như 1.5 thành ngày); định dạng ô là Số "
            "(Number) rồi gõ lại điểm",
            formula,
        )
    if isinstance(value, float) and not math.isfinite(value):
        return Value(cell, None, "không phải là số", formula)
    try:
        number = parse_decimal(value if not isinstance(value, float) else Decimal(repr(value)))
    except ValueError:
        return Value(cell, None, f"'{_text(value)[:40]}' không phải là số", formula)
    if number < 0:
        return Value(cell, None, f"điểm âm ({plain_decimal(number)})", formula)
    return Value(cell, Decimal(plain_decimal(number)), None, formula)


_YES = {"x", "co", "yes", "y", "1", "true", "v", "✓", "✔", "yeu cau", "de nghi"}


def _flag(value: object) -> bool:
    if value is True:
        return True
    if value is None or value is False:
        return False
    return fold(_text(value)) in _YES


def _code(value: object) -> tuple[str | None, bool]:
    """The criterion code in a cell (None when it is not one) and whether it was a number."""
    if value is None or isinstance(value, bool):
        return None, False
    was_number = isinstance(value, (int, float, Decimal))
    text = _text(value).rstrip(".").strip()
    try:
        return to_code(text), was_number
    except ValueError:
        return None, was_number


# --------------------------------------------------------------------------- reading


def read_table(
    path: Path, display: str, round_no: int
) -> tuple[CouncilTable | None, list[Finding]]:
    """The council's table in ``path``; None with a T020 finding when no header is found."""
    _check_package(path, display)
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = openpyxl.load_workbook(str(path), read_only=False, data_only=False)
            values = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
    except MemoryError:
        raise _too_big(display, "cần quá nhiều bộ nhớ") from None
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise AppraisalTableUnreadable(
            f"Không đọc được tệp Excel {display}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
        ) from None
    notes: list[str] = []
    seen: list[str] = []
    for ws in values.worksheets:
        if ws.sheet_state != "visible":
            notes.append(f"bỏ qua trang tính ẩn '{ws.title}'")
            continue
        if ws.max_row > limits.MAX_ROWS or ws.max_column > limits.MAX_COLUMNS * 4:
            raise _too_big(display, f"có trang tính '{ws.title}' quá lớn ({ws.max_row} dòng)")
        grid = _grid(ws)
        found = _find_header(grid, round_no)
        if found is None:
            seen.append(ws.title)
            continue
        header_row, last_header_row, columns, header_text = found
        table = _rows(
            display, ws.title, grid, formulas[ws.title], header_row, last_header_row, columns
        )
        table.headers = {
            k: (Cell(ws.title, header_row, c), header_text[k]) for k, c in columns.items()
        }
        table.notes = notes
        return table, []
    shown = ", ".join(f"'{t}'" for t in seen) or "(không có trang tính hiện)"
    return None, [
        make(
            "T020",
            f"Không tìm thấy dòng tiêu đề của bảng điểm thẩm định trong {display} (đã xem các "
            f'trang tính {shown}): cần một cột mã (STT / Mã tiêu chí) và một cột "Điểm thẩm '
            'định"',
            "Dùng phụ biểu của parcli (cột Điểm thẩm định, Ý kiến thẩm định) hoặc đặt tiêu đề "
            "cột như vậy ở dòng đầu bảng.",
            file=display,
        )
    ]


Grid = dict[tuple[int, int], Any]


def _grid(ws: Any) -> Grid:
    grid: Grid = {}
    max_col = min(ws.max_column, limits.MAX_COLUMNS)
    for r, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                grid[(r, c)] = value
    for rng in ws.merged_cells.ranges:  # a merged header: every cell shows the top-left text
        top = grid.get((rng.min_row, rng.min_col))
        if top is None or rng.min_row > HEADER_SCAN_ROWS + 2:
            continue
        for r in range(rng.min_row, min(rng.max_row, HEADER_SCAN_ROWS + 2) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                grid.setdefault((r, c), top)
    return grid


def _find_header(
    grid: Grid, round_no: int
) -> tuple[int, int, dict[str, int], dict[str, str]] | None:
    """The header row (or two rows: "Điểm thẩm định" above "Vòng 1 | Vòng 2")."""
    width = max((c for _, c in grid), default=0)
    for r in range(1, HEADER_SCAN_ROWS + 1):
        if not any(grid.get((r, c)) is not None for c in range(1, width + 1)):
            continue
        for depth in (1, 2):
            texts = {}
            for c in range(1, width + 1):
                parts = [_text(grid.get((r + d, c))) for d in range(depth)]
                joined = " ".join(dict.fromkeys(p for p in parts if p))
                if joined:
                    texts[c] = joined
            found = _columns(texts, round_no)
            if found is None:
                continue
            columns, ambiguous = found
            if ambiguous and depth == 1:
                continue  # two "Điểm thẩm định" columns: the row below may say which round
            return r, r + depth - 1, columns, {k: texts[c] for k, c in columns.items()}
    return None


def _columns(texts: dict[int, str], round_no: int) -> tuple[dict[str, int], bool] | None:
    """Columns by kind, and whether two score columns could not be told apart by round."""
    kinds: dict[str, list[int]] = {}
    for c, text in texts.items():
        kind = header_kind(text)
        if kind is not None:
            kinds.setdefault(kind, []).append(c)
    if "code" not in kinds or "score" not in kinds:
        return None
    columns = {k: v[0] for k, v in kinds.items()}
    ambiguous = False
    for key in ("score", "opinion"):
        candidates = kinds.get(key, [])
        if len(candidates) > 1:
            by_round = [c for c in candidates if header_round(texts[c]) == round_no]
            columns[key] = by_round[0] if by_round else candidates[0]
            ambiguous = ambiguous or (key == "score" and not by_round)
    return columns, ambiguous


def _rows(
    display: str,
    sheet: str,
    grid: Grid,
    fws: Any,
    header_row: int,
    last_header_row: int,
    columns: dict[str, int],
) -> CouncilTable:
    rows: list[TableRow] = []
    stray: list[Value] = []
    last = max((r for r, _ in grid), default=0)

    def formula_at(r: int, c: int) -> bool:
        raw = fws.cell(row=r, column=c).value
        return isinstance(raw, str) and raw.startswith("=")

    def number(key: str, r: int) -> Value | None:
        c = columns.get(key)
        if c is None:
            return None
        return _number(Cell(sheet, r, c), grid.get((r, c)), formula_at(r, c))

    for r in range(last_header_row + 1, last + 1):
        code_col = columns["code"]
        code, was_number = _code(grid.get((r, code_col)))
        score = number("score", r)
        if code is None:
            if score is not None:
                stray.append(score)
            continue
        opinion_col = columns.get("opinion")
        opinion = _text(grid.get((r, opinion_col))) if opinion_col else ""
        request_col = columns.get("request")
        rows.append(
            TableRow(
                code=code,
                code_cell=Cell(sheet, r, code_col),
                code_was_number=was_number,
                score=score,
                opinion=opinion or None,
                opinion_cell=Cell(sheet, r, opinion_col) if opinion_col else None,
                requested=_flag(grid.get((r, request_col))) if request_col else None,
                max_score=number("max", r),
                self_score=number("self", r),
            )
        )
    context: list[tuple[Cell, str]] = []
    shown: set[str] = set()
    for (r, c), v in sorted(grid.items()):
        text = _text(v)
        if r < header_row and text and text not in shown:  # a merged title appears once
            shown.add(text)
            context.append((Cell(sheet, r, c), text))
    return CouncilTable(display, sheet, header_row, {}, rows, context, stray, [])
