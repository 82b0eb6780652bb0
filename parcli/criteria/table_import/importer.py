"""The import itself: :func:`read_tables` picks the reader for the file, and
:func:`import_table` runs read → parse → build → checks into an :class:`ImportResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from parcli.criteria.table_import.checks import (
    check_expect,
    check_model,
    check_sequences,
    check_stated_parts,
)
from parcli.criteria.table_import.docx_reader import read_docx
from parcli.criteria.table_import.options import ImportOptions
from parcli.criteria.table_import.parse import Parser
from parcli.criteria.table_import.results import (
    ERROR,
    INFO,
    ImportProblem,
    ImportResult,
)
from parcli.criteria.table_import.tables import RawTable, out_of_memory
from parcli.criteria.table_import.tree import build
from parcli.criteria.table_import.xlsx_reader import read_xlsx
from parcli.errors import TableUnreadable
from parcli.model import CriteriaSet


def read_tables(path: Path) -> tuple[Literal["docx", "xlsx"], list[RawTable], list[str]]:
    """The raw tables of ``path`` and file-level notes (track changes, hidden sheets)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableUnreadable(
            f"Không tìm thấy tệp {path}", "Kiểm tra đường dẫn và tên tệp (có cả phần .docx/.xlsx)."
        )
    try:
        if suffix == ".docx":
            return ("docx", *read_docx(path))
        if suffix in (".xlsx", ".xlsm"):
            return ("xlsx", *read_xlsx(path))
    except MemoryError:
        raise out_of_memory(path) from None
    if suffix in (".doc", ".xls"):
        raise TableUnreadable(
            f"Tệp {path.name} là định dạng Word/Excel cũ ({suffix})",
            "Mở bằng Word hoặc Excel, chọn Lưu thành (Save As) .docx hoặc .xlsx rồi nhập lại.",
        )
    raise TableUnreadable(
        f"parcli chỉ nhập bảng tiêu chí từ tệp .docx hoặc .xlsx, không nhập được {path.name}",
        "Lưu phụ lục thành .docx (Word) hoặc .xlsx (Excel) rồi nhập lại.",
    )


def import_table(path: Path, options: ImportOptions) -> ImportResult:
    """Read ``path`` and build the criteria set; nothing is written.

    Raises :class:`TableUnreadable` when the file cannot be read or holds no criteria table.
    """
    kind, tables, file_notes = read_tables(path)
    parser = Parser()
    for note in file_notes:
        parser.problem(INFO, note[:1].upper() + note[1:])
    try:
        parser.run(tables)
    except MemoryError:
        raise out_of_memory(path) from None
    if parser.tables_used == 0:
        what = "bảng" if kind == "docx" else "trang tính"
        raise TableUnreadable(
            f"Không tìm thấy bảng tiêu chí trong {path.name} ({len(tables)} {what}): cần một dòng "
            'tiêu đề có cột tên ("Lĩnh vực, tiêu chí, tiêu chí thành phần" hoặc "Nội dung") '
            'và cột "Điểm tối đa"',
            "Xem các dạng bảng được nhận trong `parcli docs criteria-import`; sửa dòng tiêu đề của "
            "bảng rồi nhập lại.",
        )
    data, summaries, no_step = build(parser, options, path.name)
    problems = parser.problems
    if data is None:
        problems.append(
            ImportProblem(
                ERROR,
                "Bảng có dòng tiêu đề nhưng không đọc được lĩnh vực nào",
                "Kiểm tra cột STT: lĩnh vực ghi 1, 2… hoặc I, II…; tiêu chí 1.1; tiêu chí thành "
                "phần 1.1.1.",
            )
        )
    n_errors = len([p for p in problems if p.severity is ERROR])
    check_expect(options, summaries, problems)
    expect_ok = (options.expect_totals is not None or options.expect_areas is not None) and len(
        [p for p in problems if p.severity is ERROR]
    ) == n_errors
    check_sequences(parser.areas, problems, expect_ok)
    if data is not None:
        check_stated_parts(parser, data, problems)
    model: CriteriaSet | None = None
    if data is not None:
        wheres = {
            node.code: node.where
            for area in parser.areas
            for node in (area, *area.children, *(c for k in area.children for c in k.children))
        }
        model = check_model(data, problems, wheres, parser.excel_number_codes)
    return ImportResult(
        source_name=path.name,
        kind=kind,
        tables_total=len(tables),
        tables_used=parser.tables_used,
        rows_read=parser.rows_read,
        data=data,
        model=model,
        areas=summaries,
        problems=problems,
        leaves_without_step=no_step,
        stated_total=parser.stated_total,
    )
