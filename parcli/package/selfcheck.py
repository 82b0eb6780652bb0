"""The self-check: the written report and appendix are read back and compared with the scores."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from parcli.errors import BuildFailed
from parcli.model import Method
from parcli.render.context import BuildContext
from parcli.render.docx.readback import docx_area_rows
from parcli.text import format_decimal


def _appraised_differs(
    ctx: BuildContext, code: str, appraised: Decimal | None, opinion: str
) -> bool:
    """The "Điểm/Ý kiến thẩm định" cells of a leaf differ from appraisal.yaml."""
    leaf = ctx.card.leaf(code)
    expected, expected_opinion = ctx.appraised(code)
    if leaf is None or leaf.leaf.method is not Method.APPRAISAL:
        expected = None
    return appraised != expected or opinion != expected_opinion


def self_check(ctx: BuildContext, report_path: Path, appendix_path: Path) -> None:
    """Re-open the written report and appendix and compare them with the scorecard.

    Raises :class:`BuildFailed` on any difference.
    """
    from parcli.render.xlsx.readback import read_back_appendix

    card = ctx.card
    problems: list[str] = []
    try:
        back = read_back_appendix(appendix_path, cached=False)  # just written: no results
    except (OSError, ValueError) as exc:
        problems.append(f"không đọc lại được phụ biểu ({exc})")
    else:
        if back.total_score != card.score or back.total_scope_max != card.scope_max:
            problems.append(
                f"phụ biểu ghi TỔNG CỘNG {format_decimal(back.total_score)}/"
                f"{format_decimal(back.total_scope_max)}, bảng điểm là "
                f"{format_decimal(card.score)}/{format_decimal(card.scope_max)}"
            )
        if back.total_max != card.criteria.max_total:
            problems.append(
                f"phụ biểu ghi tổng điểm tối đa {format_decimal(back.total_max)}, bộ tiêu chí "
                f"là {format_decimal(card.criteria.max_total)}"
            )
        nodes = card.nodes()
        if back.tree_rows != len(nodes) or back.codes != [n.code for n in nodes]:
            problems.append(
                f"phụ biểu có {back.tree_rows} dòng tiêu chí, bộ tiêu chí có {len(nodes)}"
            )
        else:
            wrong = [
                n.code
                for n, row in zip(nodes, back.rows, strict=True)
                if row.score != n.score or row.scope_max != n.scope_max
            ]
            wrong += [
                n.code
                for n, row in zip(nodes, back.rows, strict=True)
                if n.leaf is not None
                and _appraised_differs(ctx, n.code, row.appraised, row.opinion)
            ]
            if wrong:
                problems.append(
                    "điểm trong phụ biểu khác bảng điểm ở "
                    + ", ".join(wrong[:5])
                    + (" …" if len(wrong) > 5 else "")
                )
    # The lĩnh vực table is drawn by parcli itself (its wording is not a template), so its
    # rows are checked, not free text an office may reword.
    expected = [
        (a.code, format_decimal(a.scope_max), format_decimal(a.score))
        if a.scope_max
        else (a.code, "-", "-")
        for a in card.areas
    ]
    expected.append(("Tổng cộng", format_decimal(card.scope_max), format_decimal(card.score)))
    found = docx_area_rows(report_path)
    if found != expected:
        problems.append(
            "bảng điểm theo lĩnh vực trong báo cáo khác bảng điểm "
            f"(báo cáo: {found[-1:] or 'không có bảng'}, đúng là: {expected[-1]})"
        )
    if problems:
        raise BuildFailed(
            "Tự kiểm tra hồ sơ không đạt: " + "; ".join(problems),
            "Hồ sơ cũ (nếu có) vẫn giữ nguyên; không có tệp nào được chuyển vào thư mục kết "
            "quả. Đây là lỗi của parcli: báo người bảo trì kèm thư mục hồ sơ.",
        )
