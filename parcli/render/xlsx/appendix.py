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

The layout (sheet names, columns, styles, row heights) is in :mod:`.layout`; reading a written
file back for the build's self-check is :mod:`.readback`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.xml.functions import tostring

from parcli.findings import Severity
from parcli.formats.ziputil import repack_zip
from parcli.model import Method
from parcli.render.context import BuildContext, EvidenceFile
from parcli.render.xlsx.layout import (
    BODY_SIZE,
    COL,
    DATE_FORMAT,
    DIVISION_COLUMNS,
    EVIDENCE_COLUMNS,
    FILL_AREA,
    FILL_NOT_SCORED,
    FILL_TOTAL,
    MAIN_COLUMNS,
    OUT_OF_SCOPE_NOTE,
    PERCENT_FORMAT,
    RED,
    SCORE_FORMAT,
    SHEET_DIVISIONS,
    SHEET_EVIDENCE,
    SHEET_MAIN,
    SIZE_FORMAT,
    SURVEY_NOTE,
    TEXT_FORMAT,
    TOP_CENTER,
    TOP_LEFT,
    TOP_RIGHT,
    TOTAL_LABEL,
    UNANSWERED_NOTE,
    Sheet,
    appraised_expr,
    fit_rows,
    font,
    header_row,
    merged_line,
    page_setup,
    put_formula,
    put_number,
    put_text,
    style_row,
    sum_expr,
)
from parcli.scoring.scorecard import ZERO, LeafResult, NodeResult, division_progress
from parcli.text import format_date, format_date_long, format_decimal

__all__ = ["render_appendix"]


def _banner(ctx: BuildContext, ws: Sheet, row: int, ncols: int, width: float) -> int:
    """Red lines for an illustrative criteria set and a draft; returns the next free row."""
    if ctx.illustrative:
        merged_line(
            ws,
            row,
            ncols,
            width,
            f'LƯU Ý: Bộ tiêu chí "{ctx.criteria.title}" là bộ MINH HỌA, không phải bộ tiêu '
            "chí chính thức; kết quả chỉ để thử nghiệm, không dùng để nộp.",
            font(BODY_SIZE, bold=True, color=RED),
        )
        row += 1
    if ctx.draft:
        errors = sum(1 for f in ctx.findings if f.severity is Severity.ERROR)
        text = "BẢN NHÁP – chưa dùng để nộp"
        if errors:
            text += f" (hồ sơ còn {errors} lỗi; xem parcli validate)"
        merged_line(ws, row, ncols, width, text, font(13, bold=True, color=RED))
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
        part
        for part in (
            f"Số {meta.number}" if meta.number else "",
            f"ngày {format_date(meta.issued)}" if meta.issued else "",
        )
        if part
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
    merged_line(ws, 1, ncols, width, "Phụ lục", font(14, bold=True))
    merged_line(ws, 2, ncols, width, title, font(14, bold=True))
    merged_line(ws, 3, ncols, width, _reference_line(ctx), font(13, italic=True))
    row = _banner(ctx, ws, 4, ncols, width) + 1  # one empty row before the table
    header = row
    header_row(ws, header, (h for _, h, _ in MAIN_COLUMNS))

    # rows of every node, parents before their children (criteria order)
    nodes = ctx.card.nodes()
    row_of = {id(node): header + 1 + i for i, node in enumerate(nodes)}
    for node in nodes:
        _write_node(ctx, ws, row_of[id(node)], node, [row_of[id(c)] for c in node.children])

    total = header + 1 + len(nodes)
    area_rows = [row_of[id(a)] for a in ctx.card.areas]
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=2)
    put_text(ws.cell(row=total, column=1), TOTAL_LABEL)
    style_row(ws, total, ncols, font=font(bold=True), fill=FILL_TOTAL)
    ws.cell(row=total, column=1).alignment = TOP_CENTER
    for key in ("max", "scope_max", "score"):
        cell = ws[f"{COL[key]}{total}"]
        put_formula(cell, "=" + sum_expr(COL[key], area_rows))
        cell.alignment = TOP_CENTER
    cell = ws[f"{COL['appraised']}{total}"]
    put_formula(cell, "=" + appraised_expr(COL["appraised"], area_rows))
    cell.alignment = TOP_CENTER

    ratio = total + 1
    ws.merge_cells(start_row=ratio, start_column=1, end_row=ratio, end_column=4)
    put_text(
        ws.cell(row=ratio, column=1), "Tỷ lệ điểm tự đánh giá so với điểm tối đa phần tự chấm (%)"
    )
    style_row(ws, ratio, ncols, font=font(bold=True))
    s, m = f"{COL['score']}{total}", f"{COL['scope_max']}{total}"
    cell = ws[f"{COL['score']}{ratio}"]
    put_formula(cell, f'=IF({m}=0,"",ROUND({s}*100/{m},2))', PERCENT_FORMAT)
    cell.alignment = TOP_CENTER

    row = ratio + 1
    for text in _footnotes(ctx):
        row += 1
        merged_line(ws, row, ncols, width, text, font(BODY_SIZE, italic=True), TOP_LEFT)
    fit_rows(ws, header, ratio)
    page_setup(ws, header, ncols, row)


def _write_node(
    ctx: BuildContext, ws: Sheet, row: int, node: NodeResult, child_rows: list[int]
) -> None:
    ncols = len(MAIN_COLUMNS)
    parent = bool(node.children)
    bold = parent or node.level == 1
    style_row(ws, row, ncols, font=font(bold=bold), fill=FILL_AREA if node.level == 1 else None)

    code = ws[f"{COL['code']}{row}"]
    put_text(code, node.code)
    code.number_format = TEXT_FORMAT
    code.alignment = TOP_CENTER
    name = ws[f"{COL['name']}{row}"]
    put_text(name, node.name)
    name.alignment = Alignment(
        horizontal="left", vertical="top", wrap_text=True, indent=node.level - 1
    )
    for key in ("max", "scope_max", "score", "appraised"):
        ws[f"{COL[key]}{row}"].alignment = TOP_CENTER
        ws[f"{COL[key]}{row}"].number_format = SCORE_FORMAT

    if parent:
        for key in ("max", "scope_max", "score"):
            put_formula(ws[f"{COL[key]}{row}"], "=" + sum_expr(COL[key], child_rows))
        put_formula(
            ws[f"{COL['appraised']}{row}"], "=" + appraised_expr(COL["appraised"], child_rows)
        )
        return

    result = node.leaf
    if result is None:  # a childless node is always a leaf in a Scorecard
        raise ValueError(f"Tiêu chí {node.code} không có kết quả chấm")
    put_number(ws[f"{COL['max']}{row}"], result.leaf.max_score)
    if result.in_scope:
        put_number(ws[f"{COL['scope_max']}{row}"], result.leaf.max_score)
        put_number(ws[f"{COL['score']}{row}"], result.score)
    else:
        for key in ("scope_max", "score", "appraised"):
            ws[f"{COL[key]}{row}"].fill = FILL_NOT_SCORED
    put_text(ws[f"{COL['evidence']}{row}"], _evidence_text(ctx.evidence_for(node.code)))
    put_text(ws[f"{COL['note']}{row}"], _note_text(result))
    put_text(ws[f"{COL['division']}{row}"], ctx.division_name(result.division))


def _footnotes(ctx: BuildContext) -> list[str]:
    card = ctx.card
    leaves = card.leaves
    out_of_scope = sum(
        (
            r.leaf.max_score
            for r in leaves
            if r.leaf.method is Method.APPRAISAL and r.division is None
        ),
        ZERO,
    )
    source = ctx.criteria.source
    lines = [
        "Ghi chú:",
        f'- Điểm tối đa: theo bộ tiêu chí "{ctx.criteria.title}" ({source.decision}).',
        "- Điểm tối đa phần tự chấm: tổng điểm tối đa các tiêu chí Sở được giao tự đánh giá, "
        f"chấm điểm ({format_decimal(card.scope_max)} điểm); không gồm các tiêu chí đánh giá "
        f"qua điều tra xã hội học ({format_decimal(card.survey_max)} điểm)"
        + (
            f" và các tiêu chí ngoài phạm vi tự chấm của Sở ({format_decimal(out_of_scope)} điểm)"
            if out_of_scope
            else ""
        )
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
    merged_line(
        ws,
        1,
        ncols,
        width,
        f"KẾT QUẢ TỰ ĐÁNH GIÁ THEO ĐƠN VỊ CHỦ TRÌ NĂM {ctx.dossier.year}",
        font(14, bold=True),
    )
    header = _banner(ctx, ws, 2, ncols, width) + 1
    header_row(ws, header, (h for h, _ in DIVISION_COLUMNS))

    packaged = {ef.leaf for ef in ctx.evidence}
    progress = division_progress(ctx.card, [d.id for d in ctx.dossier.divisions])
    row = header
    for i, item in enumerate(progress, start=1):
        row = header + i
        with_evidence = sum(
            1
            for r in ctx.card.in_scope_leaves
            if r.division == item.division and r.leaf.code in packaged
        )
        style_row(ws, row, ncols, font=font())
        put_number(ws.cell(row=row, column=1), i, "0")
        put_text(ws.cell(row=row, column=2), ctx.division_name(item.division))
        put_number(ws.cell(row=row, column=3), item.assigned, "0")
        put_number(ws.cell(row=row, column=4), item.answered, "0")
        put_number(ws.cell(row=row, column=5), with_evidence, "0")
        put_number(ws.cell(row=row, column=6), item.score)
        put_number(ws.cell(row=row, column=7), item.scope_max)
        put_formula(ws.cell(row=row, column=8), _percent_formula(row), PERCENT_FORMAT)
        ws.cell(row=row, column=1).alignment = TOP_CENTER
        for c in (3, 4, 5, 6, 7, 8):
            ws.cell(row=row, column=c).alignment = TOP_RIGHT
    first, last = header + 1, row
    total = last + 1
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=2)
    put_text(ws.cell(row=total, column=1), "Tổng cộng")
    style_row(ws, total, ncols, font=font(bold=True), fill=FILL_TOTAL)
    ws.cell(row=total, column=1).alignment = TOP_CENTER
    rows = list(range(first, last + 1))
    for c, fmt in ((3, "0"), (4, "0"), (5, "0"), (6, SCORE_FORMAT), (7, SCORE_FORMAT)):
        col = get_column_letter(c)
        put_formula(ws.cell(row=total, column=c), "=" + sum_expr(col, rows), fmt)
        ws.cell(row=total, column=c).alignment = TOP_RIGHT
    put_formula(ws.cell(row=total, column=8), _percent_formula(total), PERCENT_FORMAT)
    ws.cell(row=total, column=8).alignment = TOP_RIGHT
    fit_rows(ws, header, total)
    page_setup(ws, header, ncols, total)


def _percent_formula(row: int) -> str:
    return f'=IF(G{row}=0,"",ROUND(F{row}*100/G{row},2))'


# --------------------------------------------------------------------------- sheet "Tài liệu KC"


def _write_evidence(ctx: BuildContext, ws: Sheet) -> None:
    ncols = len(EVIDENCE_COLUMNS)
    width = sum(w for _, w in EVIDENCE_COLUMNS)
    for i, (_, w) in enumerate(EVIDENCE_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    merged_line(ws, 1, ncols, width, "DANH MỤC TÀI LIỆU KIỂM CHỨNG", font(14, bold=True))
    header = _banner(ctx, ws, 2, ncols, width) + 1
    header_row(ws, header, (h for h, _ in EVIDENCE_COLUMNS))
    row = header
    for i, ef in enumerate(ctx.evidence, start=1):
        row = header + i
        meta = ef.meta
        style_row(ws, row, ncols, font=font())
        put_number(ws.cell(row=row, column=1), i, "0")
        code = ws.cell(row=row, column=2)
        put_text(code, ef.leaf)
        code.number_format = TEXT_FORMAT
        put_text(ws.cell(row=row, column=3), ctx.division_name(ef.division))
        put_text(ws.cell(row=row, column=4), meta.number)
        issued = ws.cell(row=row, column=5)
        if meta.issued is not None:
            issued.value = dt.datetime.combine(meta.issued, dt.time())
            issued.number_format = DATE_FORMAT
        put_text(ws.cell(row=row, column=6), meta.title)
        put_text(ws.cell(row=row, column=7), meta.issuer)
        put_text(ws.cell(row=row, column=8), meta.part)
        put_text(ws.cell(row=row, column=9), ef.package_path)
        put_number(ws.cell(row=row, column=10), ef.size, SIZE_FORMAT)
        put_text(ws.cell(row=row, column=11), ef.sha256)
        ws.cell(row=row, column=11).font = font(10)
        for c in (1, 2, 5):
            ws.cell(row=row, column=c).alignment = TOP_CENTER
        ws.cell(row=row, column=10).alignment = TOP_RIGHT
    if not ctx.evidence:
        row = header + 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        put_text(ws.cell(row=row, column=1), "(Hồ sơ chưa có tài liệu kiểm chứng)")
        style_row(ws, row, ncols, font=font(italic=True))
    fit_rows(ws, header, row)
    page_setup(ws, header, ncols, row)


# --------------------------------------------------------------------------- workbook


def _new_workbook() -> Any:
    wb = Workbook()
    base = font()
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

    stamp = dt.datetime.combine(ctx.report_date, dt.time())
    props = wb.properties
    props.creator = "parcli"
    props.lastModifiedBy = "parcli"
    props.created = stamp
    props.modified = stamp
    title = f"Phụ biểu: {ctx.dossier.report_title}"
    props.title = title if len(title) <= 255 else title[:254].rstrip() + "…"  # property limit
    props.language = "vi-VN"
    wb.calculation.fullCalcOnLoad = True  # Excel computes the formulas when it opens the file

    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps "modified" with the clock while saving: write core.xml again
    props.modified = stamp
    core = tostring(props.to_tree())
    data = repack_zip(
        buffer.getvalue(),
        ctx.report_date,
        replace={"docProps/core.xml": core},
        order=lambda i: (i.filename != "[Content_Types].xml", i.filename.startswith("docProps/")),
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".phu-bieu-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private to its owner
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
