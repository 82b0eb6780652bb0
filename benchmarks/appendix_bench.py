"""Time the appendix's row sizing (text wrapped in Times New Roman per column) on a big sheet.

A sheet of ``--rows`` rows by the 9 columns of "Phụ biểu", every text cell holding Vietnamese
text and a file path. Prints the time of :func:`fit_rows` (the sheet's width found once) and,
for comparison, the time of the same wrapping when ``ws.max_column`` is asked for on every row
(as before: openpyxl walks every cell each time it is asked, so that grows with rows²).

    python benchmarks/appendix_bench.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from parcli.render.xlsx.layout import MAIN_COLUMNS, column_points, fit_rows, font, wrap

TEXT = (
    "Số 425/KH-SGTVTXD ngày 28/12/2022: Kế hoạch cải cách hành chính năm 2023 của Sở; tệp: "
    "tai-lieu-kiem-chung/1.1/Kế hoạch CCHC năm 2023.pdf"
)


def sheet(rows: int):  # type: ignore[no-untyped-def]
    ws = Workbook().active
    for i, (_, _, width) in enumerate(MAIN_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r in range(1, rows + 1):
        for c in range(1, len(MAIN_COLUMNS) + 1):
            cell = ws.cell(row=r, column=c, value=TEXT if c in (2, 6, 7) else str(r))
            cell.font = font()
    return ws


def per_row_max_column(ws, rows: int) -> None:  # type: ignore[no-untyped-def]
    for r in range(1, rows + 1):
        for c in range(1, ws.max_column + 1):
            value = ws.cell(row=r, column=c).value
            width = ws.column_dimensions[get_column_letter(c)].width
            wrap(str(value), column_points(width), 12)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    ws = sheet(args.rows)
    start = time.perf_counter()
    fit_rows(ws, 1, args.rows)
    once = time.perf_counter() - start
    start = time.perf_counter()
    per_row_max_column(ws, args.rows)
    each = time.perf_counter() - start
    print(f"{args.rows} dòng × {len(MAIN_COLUMNS)} cột")
    print(f"fit_rows (max_column một lần):      {once:.2f} s")
    print(f"cùng việc, max_column mỗi dòng:     {each:.2f} s")


if __name__ == "__main__":
    main()
