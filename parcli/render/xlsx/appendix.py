"""The Excel appendix ("Phụ biểu") of the self-assessment package.

Three sheets (see ``docs/appendix.md``):

* "Phụ biểu": the whole criteria tree with maxima, self-scores, evidence, explanations, the
  lead division, and the "Điểm thẩm định" and "Ý kiến thẩm định" columns (filled from
  appraisal.yaml once the council's results are imported, empty before). Totals of tiêu chí,
  lĩnh vực and the TỔNG CỘNG row are ``SUM`` formulas over their direct children, so an
  appraiser who changes a score sees every total update.
* "Theo đơn vị": per lead division, leaves assigned, answered, with evidence, score and maximum.
* "Tài liệu kiểm chứng": every evidence file of the package with its SHA-256.

The file is deterministic: the same :class:`BuildContext` gives the same bytes (fixed document
properties and zip timestamps taken from the report date, never from the clock).

The layout (sheet names, columns, styles, row heights) is in :mod:`.layout`; reading a written
file back for the build's self-check is :mod:`.readback`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList

from parcli.findings import draft_counts
from parcli.model import Method
from parcli.render.context import BuildContext, EvidenceFile, evidence_description
from parcli.render.xlsx.layout import (
    BODY_SIZE,
    COL,
    DATE_FORMAT,
    DIVISION_COLUMNS,
    EVIDENCE_COLUMNS,
    FILL_AREA,
    FILL_NOT_SCORED,
    FILL_TOTAL,
    LAST_YEAR_COL,
    LAST_YEAR_COLUMN,
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
    indented,
    keep_with_next,
    merged_line,
    page_setup,
    print_scale,
    put_formula,
    put_number,
    put_text,
    set_style,
    style_row,
    sum_expr,
)
from parcli.render.xlsx.workbook import save_workbook
from parcli.scoring.scorecard import ZERO, LeafResult, NodeResult, division_progress
from parcli.text import format_date_long, format_decimal

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
        left = draft_counts(ctx.findings).text  # counted as validate and build count them
        text = "BẢN NHÁP – chưa dùng để nộp"
        if left:
            text += f" (hồ sơ còn {left}; xem parcli validate)"
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


def _evidence_text(files: list[EvidenceFile]) -> str:
    lines = [evidence_description(ef) for ef in files]
    if len(lines) > 1:
        lines = [f"- {line}" for line in lines]
    return "\n".join(lines)


def _note_text(ctx: BuildContext, result: LeafResult) -> str:
    if result.leaf.method is Method.SURVEY:
        return SURVEY_NOTE
    if result.division is None:
        return OUT_OF_SCOPE_NOTE
    answer = result.answer
    lines: list[str] = []
    if answer is None or answer.score is None:
        lines.append(UNANSWERED_NOTE)
    left_out = ctx.card.left_out(result)  # a draft's invalid score: its cell is left empty
    if left_out is not None:
        lines.append(left_out)
    if answer is not None and answer.explanation:
        lines.append(answer.explanation)
    if answer is not None and answer.reason_lost:
        lines.append(f"Nguyên nhân bị trừ điểm: {answer.reason_lost}")
    return "\n".join(lines)


def _main_columns(ctx: BuildContext) -> tuple[tuple[str, str, float], ...]:
    """The columns of "Phụ biểu": "Năm trước" is added only with last year's result."""
    if ctx.comparison is None:
        return MAIN_COLUMNS
    key, label, w = LAST_YEAR_COLUMN
    return (*MAIN_COLUMNS, (key, f"{label} ({ctx.comparison.last_year})", w))


def _fill_last_year(ctx: BuildContext, ws: Sheet, rows: dict[str, int], total: int) -> None:
    """Last year's score of each row (the figure that counts, see ``parcli compare``)."""
    comparison = ctx.comparison
    if comparison is None:
        return
    by_code = {r.code: r for r in comparison.rows}
    for code, row in [*rows.items(), ("", total)]:
        compared = by_code.get(code) if code else comparison.total
        cell = ws[f"{LAST_YEAR_COL}{row}"]
        set_style(cell, alignment=TOP_CENTER)
        last = compared.last if compared is not None else None
        if last is not None and last.value is not None and last.leaves and last.complete:
            put_number(cell, last.value)
        else:
            cell.number_format = SCORE_FORMAT


def _write_main(ctx: BuildContext, ws: Sheet) -> None:
    columns = _main_columns(ctx)
    ncols = len(columns)
    width = sum(w for _, _, w in columns)
    for i, (_, _, w) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    dossier = ctx.dossier
    title = f"{dossier.report_title} của {dossier.agency.name}".upper()
    merged_line(ws, 1, ncols, width, "Phụ biểu", font(14, bold=True))  # the report's term
    merged_line(ws, 2, ncols, width, title, font(14, bold=True))
    merged_line(ws, 3, ncols, width, _reference_line(ctx), font(13, italic=True))
    row = _banner(ctx, ws, 4, ncols, width) + 1  # one empty row before the table
    header = row
    header_row(ws, header, (h for _, h, _ in columns))

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
    set_style(ws.cell(row=total, column=1), alignment=TOP_CENTER)
    for key in ("max", "scope_max", "score"):
        cell = ws[f"{COL[key]}{total}"]
        put_formula(cell, "=" + sum_expr(COL[key], area_rows))
        set_style(cell, alignment=TOP_CENTER)
    cell = ws[f"{COL['appraised']}{total}"]
    put_formula(cell, "=" + appraised_expr(COL["appraised"], area_rows))
    set_style(cell, alignment=TOP_CENTER)

    _fill_last_year(ctx, ws, {n.code: row_of[id(n)] for n in nodes}, total)

    ratio = total + 1
    ws.merge_cells(start_row=ratio, start_column=1, end_row=ratio, end_column=4)
    put_text(
        ws.cell(row=ratio, column=1), "Tỷ lệ điểm tự đánh giá so với điểm tối đa phần tự chấm (%)"
    )
    style_row(ws, ratio, ncols, font=font(bold=True))
    s, m = f"{COL['score']}{total}", f"{COL['scope_max']}{total}"
    cell = ws[f"{COL['score']}{ratio}"]
    put_formula(cell, f'=IF({m}=0,"",ROUND({s}*100/{m},2))', PERCENT_FORMAT)
    set_style(cell, alignment=TOP_CENTER)

    row = ratio + 1
    for text in _footnotes(ctx):
        row += 1
        merged_line(ws, row, ncols, width, text, font(BODY_SIZE, italic=True), TOP_LEFT)
    fit_rows(ws, header, ratio)
    # a lĩnh vực or tiêu chí heading stays on the page of its first child; TỔNG CỘNG with its %
    sticky = {row_of[id(n)] for n in nodes if n.children} | {total}
    keep_with_next(ws, header, row, sticky, print_scale(w for _, _, w in MAIN_COLUMNS))
    page_setup(ws, header, ncols, row)


def _write_node(
    ctx: BuildContext, ws: Sheet, row: int, node: NodeResult, child_rows: list[int]
) -> None:
    ncols = len(_main_columns(ctx))
    parent = bool(node.children)
    bold = parent or node.level == 1
    style_row(ws, row, ncols, font=font(bold=bold), fill=FILL_AREA if node.level == 1 else None)

    code = ws[f"{COL['code']}{row}"]
    put_text(code, node.code)
    code.number_format = TEXT_FORMAT
    set_style(code, alignment=TOP_CENTER)
    name = ws[f"{COL['name']}{row}"]
    put_text(name, node.name)
    set_style(name, alignment=indented(node.level - 1))
    for key in ("max", "scope_max", "score", "appraised"):
        set_style(ws[f"{COL[key]}{row}"], alignment=TOP_CENTER)
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
        put_number(ws[f"{COL['score']}{row}"], ctx.card.counted(result))
    else:
        for key in ("scope_max", "score", "appraised"):
            set_style(ws[f"{COL[key]}{row}"], fill=FILL_NOT_SCORED)
    put_text(ws[f"{COL['evidence']}{row}"], _evidence_text(ctx.evidence_for(node.code)))
    put_text(ws[f"{COL['note']}{row}"], _note_text(ctx, result))
    put_text(ws[f"{COL['division']}{row}"], ctx.division_name(result.division))
    appraised, opinion = ctx.appraised(node.code)  # from appraisal.yaml: never lost to a rebuild
    if appraised is not None and result.leaf.method is Method.APPRAISAL:
        put_number(ws[f"{COL['appraised']}{row}"], appraised)
    put_text(ws[f"{COL['opinion']}{row}"], opinion)


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
    if ctx.comparison is not None:
        lines.append(
            f"- Cột Năm trước: điểm năm {ctx.comparison.last_year} của phần tự chấm (điểm công bố "
            "khi có, nếu không là điểm thẩm định vòng 2, vòng 1, rồi điểm tự chấm); tổng của "
            "tiêu chí, lĩnh vực chỉ ghi khi đủ số liệu năm trước; so sánh chi tiết: parcli compare."
        )
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
        set_style(ws.cell(row=row, column=1), alignment=TOP_CENTER)
        for c in (3, 4, 5, 6, 7, 8):
            set_style(ws.cell(row=row, column=c), alignment=TOP_RIGHT)
    first, last = header + 1, row
    total = last + 1
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=2)
    put_text(ws.cell(row=total, column=1), "Tổng cộng")
    style_row(ws, total, ncols, font=font(bold=True), fill=FILL_TOTAL)
    set_style(ws.cell(row=total, column=1), alignment=TOP_CENTER)
    rows = list(range(first, last + 1))
    for c, fmt in ((3, "0"), (4, "0"), (5, "0"), (6, SCORE_FORMAT), (7, SCORE_FORMAT)):
        col = get_column_letter(c)
        put_formula(ws.cell(row=total, column=c), "=" + sum_expr(col, rows), fmt)
        set_style(ws.cell(row=total, column=c), alignment=TOP_RIGHT)
    put_formula(ws.cell(row=total, column=8), _percent_formula(total), PERCENT_FORMAT)
    set_style(ws.cell(row=total, column=8), alignment=TOP_RIGHT)
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
        set_style(ws.cell(row=row, column=11), font=font(10))
        for c in (1, 2, 5):
            set_style(ws.cell(row=row, column=c), alignment=TOP_CENTER)
        set_style(ws.cell(row=row, column=10), alignment=TOP_RIGHT)
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

    wb.calculation.fullCalcOnLoad = True  # Excel computes the formulas when it opens the file

    save_workbook(wb, path, ctx.report_date, title=f"Phụ biểu: {ctx.dossier.report_title}")
