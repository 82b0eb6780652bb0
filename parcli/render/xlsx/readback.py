"""Reading a written appendix back, for the build's self-check.

Cached values are used when a spreadsheet program has recalculated the file; otherwise the
formulas parcli writes (``SUM`` and ``IF(COUNT(...)=0,"",SUM(...))``) are evaluated here.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from parcli.render.xlsx.layout import HEADER, SHEET_MAIN, TOTAL_LABEL
from parcli.scoring.scorecard import ZERO

# --------------------------------------------------------------------------- read back


@dataclasses.dataclass(frozen=True)
class AppendixRow:
    """One tree row of the "Phụ biểu" sheet as read back (empty score cells read as 0)."""

    code: str
    max_score: Decimal
    scope_max: Decimal
    score: Decimal
    appraised: Decimal | None = None  # "Điểm thẩm định" (None when empty)
    opinion: str = ""  # "Ý kiến thẩm định"


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


_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
    r'|(?P<name>[A-Z]+)\(|(?P<punct>[(),=])|(?P<str>"")|(?P<num>\d+))'
)


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


class _Cells:
    """The non-empty cells of one sheet, read once with openpyxl's read-only parser.

    The read-only parser reads only this sheet's XML and makes no styled cell objects (half
    the time of a full load). Merged cells need no care: their value is in the first cell.
    """

    def __init__(self, path: Path, *, data_only: bool) -> None:
        self.path = path
        wb = load_workbook(path, read_only=True, data_only=data_only)
        try:
            if SHEET_MAIN not in wb.sheetnames:
                raise ValueError(f'Tệp {path} không có trang "{SHEET_MAIN}"')
            ws = wb[SHEET_MAIN]
            ws.reset_dimensions()  # read every row, whatever size the file claims
            self.cells: dict[str, tuple[object, str]] = {}
            self.max_row = self.max_column = 0
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    self.cells[cell.coordinate] = (cell.value, cell.data_type)
                    self.max_row = max(self.max_row, cell.row)
                    self.max_column = max(self.max_column, cell.column)
        finally:
            wb.close()  # the read-only workbook keeps the file open until closed

    def value(self, coord: str) -> object:
        return self.cells.get(coord, (None, "n"))[0]

    def is_formula(self, coord: str) -> bool:
        value, data_type = self.cells.get(coord, (None, "n"))
        return data_type == "f" and isinstance(value, str)


def _columns(ws: _Cells, path: Path) -> tuple[int, dict[str, str]]:
    """The header row and the column letter of each header (key of ``HEADER``)."""
    header = next(
        (r for r in range(1, min(ws.max_row, 40) + 1) if ws.value(f"A{r}") == HEADER["code"]),
        None,
    )
    if header is None:
        raise ValueError(f'Không tìm thấy dòng tiêu đề "{HEADER["code"]}" trong {path}')
    cols: dict[str, str] = {}
    for c in range(1, ws.max_column + 1):
        letter = get_column_letter(c)
        text = ws.value(f"{letter}{header}")
        for key, label in HEADER.items():
            if text == label:
                cols[key] = letter
    missing = [label for key, label in HEADER.items() if key not in cols]
    if missing:
        raise ValueError(f"Thiếu cột {', '.join(missing)} trong {path}")
    return header, cols


class _Values:
    """Cell numbers: a formula's cached result when there is one, else the formula evaluated."""

    def __init__(self, formulas: _Cells, results: _Cells | None) -> None:
        self.formulas = formulas
        self.results = results
        self.memo: dict[str, Decimal | None] = {}
        self.used_cache = False

    def __call__(self, coord: str) -> Decimal | None:
        if coord in self.memo:
            return self.memo[coord]
        self.memo[coord] = None  # guards against a circular reference
        value = self.formulas.value(coord)
        result: Decimal | None = None
        if self.formulas.is_formula(coord):
            cached = self.results.value(coord) if self.results is not None else None
            if isinstance(cached, (int, float)) and _is_number(cached):
                result = _tidy(cached)
                self.used_cache = True
            else:
                result = _Formula(str(value), self).evaluate()
        elif isinstance(value, (int, float)) and _is_number(value):
            result = _tidy(value)
        self.memo[coord] = result
        return result


def _tree_rows(
    ws: _Cells, value_of: _Values, header: int, cols: dict[str, str]
) -> tuple[list[AppendixRow], int]:
    """The rows between the header and TỔNG CỘNG, and the row of TỔNG CỘNG."""
    rows: list[AppendixRow] = []
    for r in range(header + 1, ws.max_row + 1):
        label = ws.value(f"{cols['code']}{r}")
        if label == TOTAL_LABEL:
            return rows, r
        if label is None or str(label).strip() == "":
            raise ValueError(f'Dòng {r} của trang "{SHEET_MAIN}" không có mã tiêu chí')
        rows.append(
            AppendixRow(
                code=str(label),
                max_score=value_of(f"{cols['max']}{r}") or ZERO,
                scope_max=value_of(f"{cols['scope_max']}{r}") or ZERO,
                score=value_of(f"{cols['score']}{r}") or ZERO,
                appraised=value_of(f"{cols['appraised']}{r}"),
                opinion=str(ws.value(f"{cols['opinion']}{r}") or ""),
            )
        )
    raise ValueError(f"Không tìm thấy dòng {TOTAL_LABEL} trong {ws.path}")


def read_back_appendix(path: Path, *, cached: bool = True) -> AppendixReadBack:
    """Read the "Phụ biểu" sheet of a written appendix.

    Totals come from cached results when the file was recalculated (saved by Excel or
    LibreOffice); otherwise parcli's formulas are evaluated from the leaf cells. With
    ``cached=False`` (a file parcli has just written: it holds no results) the formulas are
    always evaluated and the file is parsed once instead of twice. Raises ValueError when the
    sheet does not have the layout parcli writes.
    """
    ws = _Cells(path, data_only=False)
    header, cols = _columns(ws, path)
    value_of = _Values(ws, _Cells(path, data_only=True) if cached else None)
    rows, total = _tree_rows(ws, value_of, header, cols)
    value_of.used_cache = False
    total_score = value_of(f"{cols['score']}{total}") or ZERO
    from_cache = value_of.used_cache  # of the total score itself, as before the split
    return AppendixReadBack(
        total_score=total_score,
        total_scope_max=value_of(f"{cols['scope_max']}{total}") or ZERO,
        total_max=value_of(f"{cols['max']}{total}") or ZERO,
        rows=rows,
        from_cache=from_cache,
    )
