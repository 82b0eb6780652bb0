"""``parcli validate``: check a dossier and print every finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from parcli.cli.common import AsOfOpt, DossierArg, FormatOpt, as_of_date, dossier_dir
from parcli.errors import ExitCode
from parcli.text import format_date, format_decimal, plain_decimal

if TYPE_CHECKING:  # the API (pydantic models) is imported when a command runs, not for --help
    from parcli.findings import Finding
    from parcli.rules import ValidationReport


def validate(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    output_format: FormatOpt = "text",
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Không in các dòng thông tin."),
) -> None:
    """Kiểm tra hồ sơ: điểm, tài liệu kiểm chứng, phân công, thời hạn. In mọi phát hiện.

    Mã thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo khi --strict); 2 không đọc được hồ sơ.
    """
    import json

    from parcli.actions.assess import assess

    day = as_of_date(as_of)
    assessment = assess(dossier_dir(directory), day)
    loaded, report = assessment.loaded, assessment.report
    if output_format == "json":
        typer.echo(
            json.dumps(
                report_to_dict(report, loaded.readable, strict), ensure_ascii=False, indent=2
            )
        )
    else:
        typer.echo(render_text(report, loaded, day, strict=strict, quiet=quiet))
    if not loaded.readable:
        raise typer.Exit(ExitCode.UNREADABLE)
    raise typer.Exit(ExitCode.FINDINGS if report.has_errors(strict=strict) else ExitCode.OK)


def report_to_dict(report: ValidationReport, readable: bool, strict: bool) -> dict[str, object]:
    from parcli.findings import Severity

    counts = report.counts
    card = report.scorecard
    return {
        "readable": readable,
        "ok": readable and not report.has_errors(strict=strict),
        "window": report.window.to_dict() if report.window else None,
        "summary": {s.value: counts[s] for s in Severity},
        "score": None
        if card is None
        else {
            "score": plain_decimal(card.score),
            "max": plain_decimal(card.scope_max),
            "percent": None if card.percent is None else format(card.percent, "f"),
            "leaves": len(card.in_scope_leaves),
            "answered": sum(1 for r in card.in_scope_leaves if r.answered),
        },
        "findings": [f.to_dict() for f in report.findings],
    }


def format_finding(f: Finding) -> str:
    where = f"{f.location}: " if f.location else ""
    tags = ", ".join(t for t in (f.criterion, f.division) if t)
    head = f"{where}{f.severity.label} {f.code}" + (f" [{tags}]" if tags else "")
    lines = [f"{head}: {f.message}"]
    if f.hint:
        lines.append(f"    → {f.hint}")
    return "\n".join(lines)


def render_text(
    report: ValidationReport, loaded: object, day: object, *, strict: bool, quiet: bool
) -> str:
    from parcli.findings import Severity
    from parcli.formats.loading import LoadedDossier

    assert isinstance(loaded, LoadedDossier)
    out: list[str] = []
    dossier, criteria = loaded.dossier, loaded.criteria
    if dossier is not None:
        out.append(
            f"Hồ sơ: {dossier.agency.name}, năm {dossier.year} (kiểm tra ngày {format_date(day)})"  # type: ignore[arg-type]
        )
    if criteria is not None:
        tag = "chính thức" if criteria.is_official else "MINH HỌA, không phải bộ chính thức"
        out.append(f"Bộ tiêu chí: {criteria.id} ({tag})")
    if report.window is not None:
        out.append(f"Thời hạn: {report.window.message}")
    out.append("")
    shown = [f for f in report.findings if not (quiet and f.severity is Severity.INFO)]
    for f in shown:
        out.append(format_finding(f))
    if shown:
        out.append("")
    counts = report.counts
    summary = (
        f"Tổng kết: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} thông tin."
    )
    card = report.scorecard
    if card is not None:
        answered = sum(1 for r in card.in_scope_leaves if r.answered)
        pct = "" if card.percent is None else f" ({format_decimal(card.percent, 2)}%)"
        summary += (
            f" Đã chấm {answered}/{len(card.in_scope_leaves)} tiêu chí; tự chấm "
            f"{format_decimal(card.score)}/{format_decimal(card.scope_max)} điểm{pct}."
        )
    out.append(summary)
    if not loaded.readable:
        out.append("Kết quả: KHÔNG ĐỌC ĐƯỢC HỒ SƠ (sửa các lỗi trên rồi chạy lại).")
    elif report.has_errors(strict=strict):
        extra = " (--strict: cảnh báo cũng tính là lỗi)" if strict else ""
        out.append(f"Kết quả: CHƯA ĐẠT{extra}.")
    else:
        out.append("Kết quả: HỢP LỆ.")
    return "\n".join(out)
