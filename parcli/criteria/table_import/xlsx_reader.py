"""Read the visible sheets of an Excel (.xlsx) file with openpyxl into :class:`RawTable`.

Before openpyxl sees the file, the merged ranges and dimensions in the sheet XML are checked
(one huge merge hangs openpyxl). Hidden sheets, rows and columns are skipped with a note;
formulas are never evaluated (the saved value is used, or the file is refused). openpyxl is
imported inside :func:`read_xlsx` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import warnings
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, NoReturn

from parcli.criteria.table_import.tables import (
    RawCell,
    RawRow,
    RawTable,
    check_container,
    check_row_cap,
    clean_text,
    out_of_memory,
)
from parcli.errors import TableUnreadable
from parcli.formats import limits
from parcli.text import format_date, plain_decimal


def _cell_value_text(value: object) -> tuple[str, bool]:
    """Text of an Excel cell value, and whether it was a number."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if not math.isfinite(value):
            return "", True
        dec = Decimal(repr(value))
        return plain_decimal(dec), True
    if isinstance(value, Decimal):
        return plain_decimal(value), True
    if isinstance(value, dt.datetime):
        return format_date(value.date()), False
    if isinstance(value, dt.date):
        return format_date(value), False
    return clean_text(str(value)), False


_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)"'
)
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 1_048_576, 16_384  # the limits of Excel itself


def _cell_ref(ref: str) -> tuple[int, int] | None:
    m = _CELL_REF.fullmatch(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _range_size(ref: str) -> tuple[int, int] | None:
    """Rows and columns of "B2:D5" (None when malformed or beyond Excel's own limits)."""
    first, _, last = ref.partition(":")
    a, b = _cell_ref(first), _cell_ref(last or first)
    if a is None or b is None:
        return None
    rows, cols = abs(b[0] - a[0]) + 1, abs(b[1] - a[1]) + 1
    if max(a[0], b[0]) > MAX_SHEET_ROWS or max(a[1], b[1]) > MAX_SHEET_COLUMNS:
        return None
    return rows, cols


def _check_sheet_xml(path: Path) -> None:
    """Look at the merged ranges and dimensions in the sheet XML before openpyxl does: one
    merged range F1:XFD1048576 makes openpyxl build ~17 billion cell objects (it hangs)."""
    merged_cells = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                data = zf.read(info)
                refs = _MERGE_REF.findall(data)
                if len(refs) != len(_ANY_MERGE.findall(data)):
                    raise _too_big(path, "có vùng gộp ô (merge) viết sai")
                for raw in refs:
                    size = _range_size(raw.decode("ascii"))
                    if size is None:
                        raise _too_big(path, f"vùng gộp ô {raw.decode('ascii')} không hợp lệ")
                    merged_cells += size[0] * size[1]
                    if merged_cells > limits.MAX_MERGED_CELLS:
                        raise _too_big(
                            path,
                            f"vùng gộp ô {raw.decode('ascii')} quá lớn (các vùng gộp phủ "
                            f"hơn {limits.MAX_MERGED_CELLS:,} ô)".replace(",", "."),
                        )
                for raw in _DIMENSION.findall(data)[:1]:
                    if raw and _range_size(raw.decode("ascii", "replace")) is None:
                        raise _too_big(
                            path, f"vùng dữ liệu {raw.decode('ascii', 'replace')} không hợp lệ"
                        )
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise TableUnreadable(
            f"Tệp {path.name} bị hỏng, không mở được ({exc})",
            "Mở tệp bằng Excel, lưu lại rồi nhập lại.",
        ) from None


def _too_big(path: Path, why: str) -> TableUnreadable:
    return TableUnreadable(
        f"Tệp {path.name}: {why}; parcli không đọc để tránh treo máy",
        "Mở tệp bằng Excel, bỏ gộp ô ở vùng đó (Unmerge) hoặc chép riêng bảng tiêu chí sang một "
        "tệp mới, lưu lại rồi nhập lại.",
    )


def read_xlsx(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every visible sheet of a workbook (hidden rows and columns skipped); formulas are never
    evaluated (the saved value is used). Also the file-level notes (hidden sheets)."""
    check_container(path)
    _check_sheet_xml(path)
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas_wb = openpyxl.load_workbook(str(path), read_only=False, data_only=False)
    except MemoryError:
        raise out_of_memory(path) from None
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise TableUnreadable(
            f"Không đọc được tệp Excel {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
        ) from None
    try:
        has_formula = any(
            isinstance(c.value, str) and c.value.startswith("=")
            for ws in formulas_wb.worksheets
            if ws.sheet_state == "visible"
            for row in ws.iter_rows(
                max_row=min(ws.max_row, limits.MAX_ROWS + 1),
                max_col=min(ws.max_column, limits.MAX_COLUMNS),
            )
            for c in row
        )
        values_wb = formulas_wb
        if has_formula:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values_wb = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
        return _xlsx_tables(path, formulas_wb, values_wb)
    except TableUnreadable:
        raise
    except MemoryError:
        raise out_of_memory(path) from None
    except Exception as exc:
        raise TableUnreadable(
            f"Không đọc được trang tính trong tệp Excel {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
        ) from None


def _hidden_columns(ws: Any, max_col: int) -> set[int]:
    hidden: set[int] = set()
    for dim in list(ws.column_dimensions.values()):
        if not dim.hidden:
            continue
        lo, hi = int(dim.min or 0), int(dim.max or 0)
        hidden.update(range(max(1, lo), min(hi, max_col) + 1))
    return hidden


def _hidden_rows(ws: Any, max_row: int) -> set[int]:
    return {
        int(r)
        for r, dim in list(ws.row_dimensions.items())
        if dim.hidden and 1 <= int(r) <= max_row
    }


def _numbers(values: Iterable[int]) -> str:
    items = sorted(values)
    shown = ", ".join(str(v) for v in items[:20])
    return shown + (f" và {len(items) - 20} dòng khác" if len(items) > 20 else "")


def _xlsx_tables(path: Path, formulas_wb: Any, values_wb: Any) -> tuple[list[RawTable], list[str]]:
    tables: list[RawTable] = []
    notes: list[str] = []
    total_rows = 0
    unsaved: list[str] = []
    for ws in values_wb.worksheets:
        if ws.sheet_state != "visible":
            notes.append(f"bỏ qua trang tính ẩn '{ws.title}' (không đọc nội dung của nó)")
            continue
        fws = formulas_wb[ws.title]
        max_row, max_col = ws.max_row, min(ws.max_column, limits.MAX_COLUMNS)
        if total_rows + max_row > limits.MAX_ROWS:
            # the sheet may only have formatting far down; count rows that have text
            max_row = _last_used_row(ws, max_col)
        total_rows += max_row
        check_row_cap(total_rows, path)
        tables.append(_read_sheet(ws, fws, max_row, max_col, unsaved))
    if unsaved:
        _refuse_unsaved(path, unsaved)
    return tables, notes


_Merged = dict[tuple[int, int], tuple[Literal["h", "v"], tuple[int, int]]]


def _merged_cells(ws: Any, max_row: int, max_col: int) -> _Merged:
    """Every cell covered by a merge (but its top-left one) -> (h or v, the top-left cell)."""
    merged: _Merged = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                if (r, c) == (rng.min_row, rng.min_col):
                    continue
                kind: Literal["h", "v"] = "h" if c > rng.min_col else "v"
                merged[(r, c)] = (kind, (rng.min_row, rng.min_col))
    return merged


@dataclasses.dataclass
class _Sheet:
    """One visible sheet being read: its formulas, hidden rows and columns, merges, the cells
    read so far, and what is noted on the way (formulas without a saved value, text in hidden
    columns)."""

    ws: Any
    fws: Any  # the same sheet, loaded with its formulas
    hidden_cols: set[int]
    hidden_rows: set[int]
    merged: _Merged
    unsaved: list[str]
    texts: dict[tuple[int, int], RawCell] = dataclasses.field(default_factory=dict)
    filled_hidden_cols: set[int] = dataclasses.field(default_factory=set)

    def row_cells(self, r_index: int, row: Iterable[Any]) -> tuple[list[RawCell], bool]:
        """The cells of a row shown (hidden columns left out), and whether any has text."""
        cells: list[RawCell] = []
        row_has_text = False
        for c_index, cell in enumerate(row, 1):
            rc = self.cell(r_index, c_index, cell)
            if c_index in self.hidden_cols:
                continue
            row_has_text = row_has_text or bool(rc.text)
            cells.append(rc)
        return cells, row_has_text

    def cell(self, r_index: int, c_index: int, cell: Any) -> RawCell:
        """A cell's text; a merged-over cell repeats its top-left cell's text."""
        if (r_index, c_index) in self.merged:
            kind, top = self.merged[(r_index, c_index)]
            top_cell = self.texts.get(top, RawCell(""))
            return RawCell(top_cell.text, kind)
        raw = self.fws.cell(row=r_index, column=c_index).value
        is_formula = isinstance(raw, str) and raw.startswith("=")
        text, number = _cell_value_text(cell.value)
        rc = RawCell(text, "", is_formula, number)
        self.texts[(r_index, c_index)] = rc
        hidden = r_index in self.hidden_rows or c_index in self.hidden_cols
        if is_formula and cell.value is None and not hidden:
            self.unsaved.append(f"'{self.ws.title}'!{cell.coordinate} ({raw[:40]})")
        if text and c_index in self.hidden_cols and r_index not in self.hidden_rows:
            self.filled_hidden_cols.add(c_index)
        return rc


def _read_sheet(ws: Any, fws: Any, max_row: int, max_col: int, unsaved: list[str]) -> RawTable:
    """A sheet as a table of its shown rows, with notes on the hidden rows and columns left
    out."""
    from openpyxl.utils import get_column_letter

    hidden_cols = _hidden_columns(ws, max_col)
    hidden_rows = _hidden_rows(ws, max_row)
    sheet = _Sheet(ws, fws, hidden_cols, hidden_rows, _merged_cells(ws, max_row, max_col), unsaved)
    rows: list[RawRow] = []
    skipped_rows: list[int] = []
    for r_index, row in enumerate(ws.iter_rows(max_row=max_row, max_col=max_col), 1):
        cells, row_has_text = sheet.row_cells(r_index, row)
        if r_index in hidden_rows:
            if row_has_text:
                skipped_rows.append(r_index)
            continue
        rows.append(RawRow(r_index, cells))
    table = RawTable(f"Trang tính '{ws.title}'", rows)
    if sheet.filled_hidden_cols:
        letters = ", ".join(get_column_letter(c) for c in sorted(sheet.filled_hidden_cols))
        table.notes.append(f"bỏ qua cột ẩn {letters} (không đọc các ô bị ẩn)")
    if skipped_rows:
        table.notes.append(f"bỏ qua dòng ẩn {_numbers(skipped_rows)} (không đọc các dòng bị ẩn)")
    return table


def _refuse_unsaved(path: Path, unsaved: list[str]) -> NoReturn:
    """Formulas without a saved value: parcli never evaluates them, so the file is refused."""
    shown = ", ".join(unsaved[:5]) + (f" và {len(unsaved) - 5} ô khác" if len(unsaved) > 5 else "")
    raise TableUnreadable(
        f"Tệp {path.name} có công thức chưa có giá trị đã tính: {shown}. parcli không tự "
        "tính công thức",
        "Mở tệp bằng Excel và lưu lại (Excel sẽ tính và lưu giá trị), hoặc chép rồi Dán giá "
        "trị (Paste Values) thay cho công thức, rồi nhập lại.",
    )


def _last_used_row(ws: Any, max_col: int) -> int:
    last = 0
    for r_index, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), 1):
        if any(v not in (None, "") for v in row):
            last = r_index
        if r_index > limits.MAX_ROWS * 4:
            break
    return last
