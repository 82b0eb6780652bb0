"""``parcli compare [OLD] NEW``: last year against this year, in text or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import DossierArg, FormatOpt, dossier_dir

if TYPE_CHECKING:
    from parcli.scoring.compare import Comparison, Row, Side


def compare(
    first: DossierArg = None,
    second: Optional[Path] = typer.Argument(  # noqa: UP045
        None,
        help="Hồ sơ năm nay, khi thư mục thứ nhất là hồ sơ năm trước.",
        show_default=False,
    ),
    output_format: FormatOpt = "text",
) -> None:
    """So sánh năm trước với năm nay theo lĩnh vực, tiêu chí, tiêu chí thành phần.

    parcli compare NEW: với kết quả năm trước lưu trong NEW (last_year.yaml).
    parcli compare OLD NEW: đọc trực tiếp hồ sơ năm trước OLD.
    """
    import json

    from parcli.actions.compare import compare_dossiers

    if second is None:
        result = compare_dossiers(dossier_dir(first))
    else:
        result = compare_dossiers(dossier_dir(second), dossier_dir(first))
    if output_format == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo("\n".join(render(result)))


def _side(side: Side) -> str:
    from parcli.text import format_decimal

    if side.leaves == 0:
        return "—"
    if side.value is None:
        return "chưa có"
    text = f"{format_decimal(side.value)}/{format_decimal(side.max_score or 0)}"  # type: ignore[arg-type]
    return text if side.complete else text + "*"


def _diff(row: Row) -> str:
    from parcli.scoring.compare import TREND_LABELS
    from parcli.text import format_decimal

    diff = row.difference
    if diff is None:
        return ""
    sign = "+" if diff > 0 else ""
    return f"{sign}{format_decimal(diff)} {TREND_LABELS[row.trend or 'unchanged']}"


def render(result: Comparison) -> list[str]:
    from parcli.text import format_decimal

    y0, y1 = result.last_year, result.this_year
    out = [
        f"So sánh năm {y0} (năm trước) với năm {y1} (năm nay); năm trước lấy từ {result.source}."
    ]
    if result.mapped_from:
        out.append(
            f"Năm trước chấm theo bộ tiêu chí {result.mapped_from}; mã đã chuyển sang bộ năm nay."
        )
    total = result.total
    out.append(
        f"Tổng phần tự chấm: năm {y0} {_side(total.last)} ({total.last.basis_label}), "
        f"năm {y1} {_side(total.this)} ({total.this.basis_label or 'chưa chấm'})"
        + (f", chênh lệch {_diff(total)}" if total.difference is not None else "")
        + "."
    )
    if result.last_published_total is not None:
        rank = f", xếp hạng {result.last_published_rank}" if result.last_published_rank else ""
        out.append(
            f"Kết quả công bố năm {y0} (gồm điều tra xã hội học): "
            f"{format_decimal(result.last_published_total)} điểm{rank}."
        )
    trends = [r.trend for r in result.leaves if r.trend is not None]
    out.append(
        f"So sánh được {len(trends)} tiêu chí: tăng {trends.count('improved')}, "
        f"giảm {trends.count('worse')}, không đổi {trends.count('unchanged')}."
    )
    out.append("Nguồn điểm năm trước: điểm công bố, nếu không có thì thẩm định vòng 2, vòng 1,")
    out.append("rồi điểm tự chấm. * : chưa đủ số liệu (có tiêu chí chưa có điểm).")
    out.append("")
    header = (
        f"{'Mã':<10} {'Năm ' + str(y0):>10} {'Nguồn':<16} {'Năm ' + str(y1):>10} "
        f"{'Chênh lệch':<18} Tên"
    )
    out.append(header)
    out.append("-" * len(header))
    for row in result.rows:
        pad = "  " * (row.level - 1)
        code = f"{pad}{row.code}"
        name = row.name + (f" (mã năm trước {row.old_code})" if row.old_code else "")
        out.append(
            f"{code:<10} {_side(row.last):>10} {row.last.basis_label:<16} "
            f"{_side(row.this):>10} {_diff(row):<18} {name}"
        )
        if row.level == 1 and row.published_total is not None:
            out.append(
                f"{'':<10} công bố năm {y0} (gồm ĐTXHH): {format_decimal(row.published_total)}"
            )
    both = result.lost_both_years()
    out.append("")
    out.append(f"Bị trừ điểm cả hai năm ({len(both)}):")
    for row in both:
        out.append(
            f"  {row.code} {row.name}: năm {y0} {_side(row.last)}, năm {y1} {_side(row.this)}"
        )
        if row.last_reason:
            out.append(f"    Năm {y0}: {row.last_reason}")
        if row.this_reason:
            out.append(f"    Năm {y1}: {row.this_reason}")
    if not both:
        out.append("  (không có)")
    if result.unmatched:
        out.append("")
        out.append("Không khớp giữa hai bộ tiêu chí (không so sánh):")
        for item in result.unmatched:
            where = f"chỉ có năm {y0}" if item.side == "removed" else f"mới năm {y1}"
            out.append(f"  {item.code} ({where}): {item.name}")
    return out
