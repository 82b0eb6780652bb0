"""``parcli status`` and ``parcli score``: progress and totals in the terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from parcli.cli.common import (
    AsOfOpt,
    DossierArg,
    FormatOpt,
    as_of_date,
    dossier_dir,
    progress_bar,
)

if TYPE_CHECKING:  # the API (pydantic models) is imported when a command runs, not for --help
    from parcli.actions.assess import Assessment
    from parcli.formats.loading import LoadedDossier
    from parcli.scoring.progress import Chase, Row, StatusReport, SurveyProgress


def _assess(directory: Path | None, day: dt.date) -> Assessment:
    from parcli.actions.assess import assess, require_readable

    return require_readable(assess(dossier_dir(directory), day))


def status(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    output_format: FormatOpt = "text",
) -> None:
    """Tiến độ theo đơn vị và theo lĩnh vực: đã chấm, có tài liệu, điểm, số ngày còn lại."""
    import json

    from parcli.scoring.progress import compute_status
    from parcli.text import format_date, plain_decimal

    day = as_of_date(as_of)
    assessment = _assess(directory, day)
    loaded = assessment.loaded
    report = compute_status(loaded, assessment.scorecard, day, assessment.resolver)
    if output_format == "json":
        assert loaded.criteria is not None
        data = {
            "criteria": loaded.criteria.id,
            "official": loaded.criteria.is_official,
            "window": report.window.to_dict(),
            "divisions": [r.to_dict() for r in report.divisions],
            "areas": [r.to_dict() for r in report.areas],
            "total": report.total.to_dict(),
            "out_of_scope": report.out_of_scope,
            "out_of_scope_max": plain_decimal(report.out_of_scope_max),
            "chase": [c.to_dict() for c in report.chase],
            "explanation": report.explanation.to_dict() if report.explanation else None,
            "problems": report.problems,
        }
        if report.survey is not None:  # counts only: no names, e-mails or phones here
            data["survey"] = report.survey.counts_dict()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    assert loaded.dossier is not None and loaded.criteria is not None
    typer.echo(render_status(report, loaded, format_date(day)))


def render_status(report: StatusReport, loaded: LoadedDossier, day: str) -> str:
    from parcli.text import format_decimal

    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    out = [
        f"Tiến độ tự chấm: {dossier.agency.name}, năm {dossier.year} (ngày {day})",
        f"Thời hạn: {report.window.message}",
    ]
    if report.explanation is not None:
        out.append(f"Giải trình: {report.explanation.message}")
    if not criteria.is_official:
        out.append(f"Bộ tiêu chí: {criteria.id} (MINH HỌA, không phải bộ chính thức)")
    out.append("")
    out.append("THEO ĐƠN VỊ")
    out.extend(_table(report.divisions, report.total, "Đơn vị"))
    out.append("")
    out.append("THEO LĨNH VỰC")
    out.extend(_table(report.areas, report.total, "Lĩnh vực", codes=True))
    if report.total.survey_max:
        out.append(
            f"Điều tra xã hội học (không tự chấm): {format_decimal(report.total.survey_max)} điểm."
        )
    if report.out_of_scope:
        out.append(
            f"Ngoài phạm vi tự chấm (không giao đơn vị nào): {len(report.out_of_scope)} tiêu chí "
            f"({', '.join(report.out_of_scope)}), tối đa "
            f"{format_decimal(report.out_of_scope_max)} điểm."
        )
    for problem in report.problems:
        out.append(f"CHÚ Ý: {problem}. Chạy `parcli validate` để xem chi tiết.")
    if report.chase:
        out.append("")
        out.append("CẦN ĐÔN ĐỐC")
        for item in report.chase:
            out.append(f"- {item.name}:")
            out.extend(_chase_lines(item))
    if report.survey is not None:
        out.append("")
        out.append("ĐIỀU TRA XÃ HỘI HỌC (survey.yaml)")
        out.extend(survey_counts(report.survey))
        waiting = len(report.survey.waiting)
        if waiting:
            out.append(
                f"Chưa trả lời: {waiting} người trong danh sách chính thức (xem ai: "
                "parcli survey status)."
            )
    return "\n".join(out)


def survey_counts(progress: SurveyProgress) -> list[str]:
    """The survey's registration, answering period and counts per group (no personal data)."""
    width = 34
    header = (
        f"{'Nhóm':<{width}}  {'Chính thức':>10}  {'Dự phòng':>8}  {'Đã gửi':>6}  {'Đã trả lời':>10}"
    )
    lines = [progress.registration, progress.period, header, "-" * len(header)]
    for row in [*progress.groups, progress.total]:
        if row is progress.total:
            lines.append("-" * len(header))
        label = row.name if len(row.name) <= width else row.name[: width - 1] + "…"
        official = f"{row.official}/{row.official_required}"
        reserve = f"{row.reserve}/{row.reserve_required}"
        lines.append(
            f"{label:<{width}}  {official:>10}  {reserve:>8}  {row.sent:>6}  {row.answered:>10}"
        )
    return lines


def _chase_lines(item: Chase) -> list[str]:
    """What a division must fix, each kind on its own line."""
    from parcli.scoring.progress import BAD_SCORES_LABEL, UNREADABLE_LABEL

    lines = []
    if item.broken_file:
        lines.append(f"    tệp {item.broken_file} không đọc được: sửa theo `parcli validate`")
    parts = [
        ("chưa chấm", item.unanswered),
        (UNREADABLE_LABEL, item.unreadable),
        (BAD_SCORES_LABEL, item.bad_scores),
        ("không tìm thấy tệp tài liệu kiểm chứng", item.missing_files),
        ("có điểm nhưng thiếu tài liệu kiểm chứng và giải trình", item.unsupported),
        ("được yêu cầu giải trình, chưa giải trình", item.unexplained),
    ]
    for label, values in parts:
        if values:
            lines.append(f"    {label} ({len(values)}): " + ", ".join(values))
    return lines


def _table(rows: list[Row], total: Row, title: str, *, codes: bool = False) -> list[str]:
    from parcli.text import format_decimal

    name_width = 34
    header = (
        f"{title:<{name_width}}  {'Giao':>4}  {'Đã chấm':>7}  {'Có TLKC':>7}  "
        f"{'Điểm/tối đa':>13}  Tiến độ"
    )
    lines = [header, "-" * len(header)]
    for row in [*rows, total]:
        label = f"{row.key}. {row.name}" if codes and row.key != "total" else row.name
        if len(label) > name_width:
            label = label[: name_width - 1] + "…"
        points = f"{format_decimal(row.score)}/{format_decimal(row.max_score)}"
        progress = _progress(row.answered, row.assigned)
        pct = "" if progress is None else f" {progress:>3}%"
        if row is total:
            lines.append("-" * len(header))
        lines.append(
            f"{label:<{name_width}}  {row.assigned:>4}  {row.answered:>7}  "
            f"{row.with_evidence:>7}  {points:>13}  {progress_bar(row.answered, row.assigned)}"
            f"{pct}"
        )
    return lines


def _progress(done: int, total: int) -> int | None:
    """Whole percent, rounded like every percentage (scoring.percent, half up)."""
    from decimal import Decimal

    from parcli.scoring.scorecard import percent

    value = percent(Decimal(done), Decimal(total))
    return None if value is None else int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def score(
    directory: DossierArg = None,
    output_format: FormatOpt = "text",
) -> None:
    """Tổng điểm tự chấm theo lĩnh vực, tiêu chí (điểm tự chấm / điểm tối đa, tỷ lệ %)."""
    import json

    from parcli.cli.score_view import render_left_out, render_score, score_to_dict
    from parcli.findings import is_content_error
    from parcli.scoring.progress import invalid_scores, left_out_notes, unreadable_answers
    from parcli.scoring.scorecard import leave_out_invalid

    assessment = _assess(directory, dt.date.today())
    loaded, report = assessment.loaded, assessment.report
    # the total is counted as status counts it: an invalid score is listed, never added
    card = leave_out_invalid(assessment.scorecard)
    invalid = invalid_scores(loaded, card)
    unreadable = unreadable_answers(loaded, card)
    errors = [f for f in report.findings if is_content_error(f)]
    problems = [
        f"Tệp {file} không đọc được: các tiêu chí của đơn vị này đang tính 0 điểm"
        for file in loaded.broken_files.values()
    ]
    problems.extend(left_out_notes(loaded, len(invalid)))
    if errors:
        problems.append(
            f"Hồ sơ còn {len(errors)} lỗi (điểm vượt tối đa, sai bước điểm, tài liệu…): tổng "
            "điểm dưới đây chưa dùng được"
        )
    if output_format == "json":
        data = score_to_dict(card)
        data["errors"] = len(errors)
        data["problems"] = problems
        data["invalid_scores"] = [x.to_dict() for x in invalid]
        data["unreadable_answers"] = [x.to_dict() for x in unreadable]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for problem in problems:
        typer.echo(f"CHÚ Ý: {problem}. Chạy `parcli validate` để xem chi tiết.")
    typer.echo(render_score(card))
    assert loaded.dossier is not None
    names = {d.id: d.name for d in loaded.dossier.divisions}
    left_out = render_left_out(invalid, unreadable, names)
    if left_out:
        typer.echo("\n" + left_out)
