"""Helpers for the form tests: export, fill a form the way Excel users do, read answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from parcli.actions.forms import export_forms, import_forms
from parcli.formats.loading import load_dossier
from parcli.forms.layout import ALL_COLUMNS, SHEET_FORM

DAY = dt.date(2023, 12, 20)
HEADER = {c.key: c.header for c in ALL_COLUMNS}


def export(root: Path, *divisions: str, out: Path | None = None) -> dict[str, Path]:
    result = export_forms(root, divisions=list(divisions) or None, out=out, as_of=DAY)
    return {f.division: f.path for f in result.forms}


def header_row(ws: Any) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=15):
        names = {c.value: c.column for c in row if isinstance(c.value, str)}
        if HEADER["code"] in names:
            return row[0].row, {k: names[h] for k, h in HEADER.items() if h in names}
    raise AssertionError("no header row")


def row_of(ws: Any, code: str) -> int:
    head, cols = header_row(ws)
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(row=r, column=cols["code"]).value == code:
            return r
    raise AssertionError(f"no row {code}")


def fill(
    path: Path, values: dict[str, dict[str, Any]], out: Path | None = None, edit: Any = None
) -> Path:
    """Set cells by code and column key (``values[code][key]``); ``edit(wb, ws)`` for more."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_FORM]
    _, cols = header_row(ws)
    for code, cells in values.items():
        r = row_of(ws, code)
        for key, value in cells.items():
            ws.cell(row=r, column=cols[key]).value = value
    if edit is not None:
        edit(wb, ws)
    target = out or path
    wb.save(target)
    return target


def answers(root: Path, division: str) -> dict[str, Any]:
    return dict(load_dossier(root).divisions[division].answers)


def run_import(root: Path, *files: Path, **kw: Any) -> Any:
    return import_forms(root, list(files), as_of=DAY, **kw)


def codes(result: Any) -> list[str]:
    out = [f.code for o in result.outcomes for f in o.findings]
    return out + [f.code for f in result.evidence_findings]
