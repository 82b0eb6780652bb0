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


def read_back_appendix(path: Path, *, cached: bool = True) -> AppendixReadBack:
    """Read the "Phụ biểu" sheet of a written appendix.

    Totals come from cached results when the file was recalculated (saved by Excel or
    LibreOffice); otherwise parcli's formulas are evaluated from the leaf cells. With
    ``cached=False`` (a file parcli has just written: it holds no results) the formulas are
    always evaluated and the file is parsed once instead of twice. Raises ValueError when the
    sheet does not have the layout parcli writes.
    """
    formulas = load_workbook(path)
    if SHEET_MAIN not in formulas.sheetnames:
        raise ValueError(f'Tệp {path} không có trang "{SHEET_MAIN}"')
    ws_f = formulas[SHEET_MAIN]
    ws_v = load_workbook(path, data_only=True)[SHEET_MAIN] if cached else None

    header = None
    for r in range(1, min(ws_f.max_row, 40) + 1):
        if ws_f.cell(row=r, column=1).value == HEADER["code"]:
            header = r
            break
    if header is None:
        raise ValueError(f'Không tìm thấy dòng tiêu đề "{HEADER["code"]}" trong {path}')
    cols: dict[str, str] = {}
    for c in range(1, ws_f.max_column + 1):
        text = ws_f.cell(row=header, column=c).value
        for key, label in HEADER.items():
            if text == label:
                cols[key] = get_column_letter(c)
    missing = [label for key, label in HEADER.items() if key not in cols]
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
            result_cached: object = ws_v[coord].value if ws_v is not None else None
            if isinstance(result_cached, (int, float)) and _is_number(result_cached):
                result = _tidy(result_cached)
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
            raise ValueError(f'Dòng {r} của trang "{SHEET_MAIN}" không có mã tiêu chí')
        rows.append(
            AppendixRow(
                code=str(label),
                max_score=value_of(f"{cols['max']}{r}") or ZERO,
                scope_max=value_of(f"{cols['scope_max']}{r}") or ZERO,
                score=value_of(f"{cols['score']}{r}") or ZERO,
                appraised=value_of(f"{cols['appraised']}{r}"),
                opinion=str(ws_f[f"{cols['opinion']}{r}"].value or ""),
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
