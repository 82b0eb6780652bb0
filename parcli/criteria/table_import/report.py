"""The import report printed on the terminal (Vietnamese): per-area table, totals,
``--expect`` result, problems by severity and the leaves without a step.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from parcli.criteria.table_import.options import ImportOptions
from parcli.criteria.table_import.results import ERROR, INFO, WARNING, ImportResult
from parcli.criteria.table_import.textutil import short
from parcli.text import format_decimal


def render_report(result: ImportResult, options: ImportOptions) -> str:
    """What the importer found, for the terminal (Vietnamese)."""
    what = "bảng" if result.kind == "docx" else "trang tính"
    out = [
        f"Đọc tệp {result.source_name}: {result.tables_total} {what}, dùng "
        f"{result.tables_used}, {result.rows_read} dòng nội dung.",
        "",
    ]
    if result.areas:
        rows = [("Mã", "Lĩnh vực", "TC", "TCTP", "Tối đa", "Tổng TC", "")]
        for a in result.areas:
            stated = "—" if a.max_score is None else format_decimal(a.max_score)
            mark = "" if a.max_score is None or a.max_score == a.children_sum else "≠ LỆCH"
            rows.append(
                (
                    a.code,
                    short(a.name, 46),
                    str(a.criteria),
                    str(a.components),
                    stated,
                    format_decimal(a.children_sum),
                    mark,
                )
            )
        out.extend(_table(rows))
        n_areas, n_crit, n_comp = result.counts()
        out.append("")
        line = f"Tổng: {n_areas} lĩnh vực, {n_crit} tiêu chí, {n_comp} tiêu chí thành phần"
        if result.data is not None:
            total = sum((a["max_score"] for a in result.data["areas"]), Decimal(0))
            line += (
                f"; {format_decimal(total)} điểm (tự chấm "
                f"{format_decimal(result.data['appraisal_max'])}, điều tra xã hội học "
                f"{format_decimal(result.data['survey_max'])})"
            )
            if result.stated_total is not None:
                line += f"; dòng tổng của bảng ghi {format_decimal(result.stated_total)}"
        out.append(line + ".")
    if options.expect_totals is not None or options.expect_areas is not None:
        mism = [p for p in result.errors if "--expect" in p.message]
        out.append("Đối chiếu --expect: " + ("KHÔNG KHỚP." if mism else "khớp."))
    else:
        out.append(
            "Chưa đối chiếu số lượng: nên thêm --expect (ví dụ --expect 8/37/88 cho Bảng 2 "
            "cấp tỉnh) để không sót dòng."
        )
    for severity, title in ((ERROR, "Lỗi"), (WARNING, "Cảnh báo"), (INFO, "Ghi chú")):
        items = [p for p in result.problems if p.severity is severity]
        if not items:
            continue
        out.append("")
        out.append(f"{title} ({len(items)}):")
        for p in items:
            where = f"{p.where}: " if p.where else ""
            out.append(f"  - {where}{p.message}")
            if p.text:
                out.append(f"      dòng: {p.text}")
            if p.hint:
                out.append(f"      → {p.hint}")
    if result.leaves_without_step:
        out.append("")
        codes = ", ".join(result.leaves_without_step[:30])
        more = len(result.leaves_without_step) - 30
        out.append(
            f"Chưa có bước điểm ({len(result.leaves_without_step)} tiêu chí chấm điểm; cách chấm "
            f"không nêu mức điểm): {codes}" + (f" và {more} mã khác" if more > 0 else "")
        )
        out.append("  → Nếu văn bản quy định bước điểm, thêm step: (ví dụ 0.25) vào tệp YAML.")
    return "\n".join(out)


def _table(rows: Iterable[tuple[str, ...]]) -> list[str]:
    rows = list(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5}
    lines: list[str] = []
    for r in rows:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return lines
