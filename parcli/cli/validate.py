"""``parcli validate``: check a dossier and print every finding."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

import typer

from parcli.cli.common import (
    AsOfOpt,
    DossierArg,
    FormatOpt,
    as_of_date,
    dossier_dir,
    format_finding,
)
from parcli.errors import ExitCode

if TYPE_CHECKING:  # the API (pydantic models) is imported when a command runs, not for --help
    from parcli.findings import Finding
    from parcli.formats.loading import LoadedDossier
    from parcli.rules import ValidationReport


def validate(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    strict: bool = typer.Option(False, "--strict", help="Coi cảnh báo là lỗi."),
    output_format: FormatOpt = "text",
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Không in các dòng thông tin."),
    details: bool = typer.Option(
        False,
        "--details",
        help="In từng tiêu chí chưa có điểm (mặc định: gộp một dòng cho mỗi đơn vị).",
    ),
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
        typer.echo(render_text(report, loaded, day, strict=strict, quiet=quiet, details=details))
    if not loaded.readable:
        raise typer.Exit(ExitCode.UNREADABLE)
    raise typer.Exit(ExitCode.FINDINGS if report.has_errors(strict=strict) else ExitCode.OK)


def report_to_dict(report: ValidationReport, readable: bool, strict: bool) -> dict[str, object]:
    from parcli.findings import Severity, draft_counts
    from parcli.text import plain_decimal

    counts = report.counts
    card = report.scorecard
    return {
        "readable": readable,
        "ok": readable and not report.has_errors(strict=strict),
        "window": report.window.to_dict() if report.window else None,
        "explanation": report.explanation.to_dict() if report.explanation else None,
        "summary": {s.value: counts[s] for s in Severity},
        # what is left to do, counted as the text summary and `parcli build` count it
        "left": dataclasses.asdict(draft_counts(report.findings)),
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


_MISSING = re.compile(r"^(?P<label>.*?) (?P<code>\S+) \((?P<who>.*)\) chưa có điểm; (?P<tail>.*)$")
PREVIEW = 6  # codes shown in a grouped line


def _missing_group(group: list[Finding]) -> str:
    """One line for many leaves of a division without a score (W001–W003)."""
    first = group[0]
    if len(group) == 1:
        return format_finding(first)
    match = _MISSING.match(first.message)
    who = match["who"] if match else (first.division or "")
    tail = f"; {match['tail']}" if match else ""
    codes = [f.criterion or "" for f in group]
    shown = ", ".join(codes[:PREVIEW]) + (
        f" và {len(codes) - PREVIEW} tiêu chí khác" if len(codes) > PREVIEW else ""
    )
    where = f"{first.file}: " if first.file else ""
    head = f"{where}{first.severity.label} {first.code} [{first.division}]"
    return (
        f"{head}: {who}: {len(group)} tiêu chí chưa có điểm ({shown}){tail}\n"
        f"    → Đơn vị {who} nhập điểm (score) trong {first.file}; "
        "xem từng tiêu chí: parcli validate --details"
    )


def render_findings(findings: list[Finding], *, details: bool) -> list[str]:
    """Every finding, the missing scores of a division gathered in one line (unless details)."""
    from parcli.findings import is_missing_score

    if details:
        return [format_finding(f) for f in findings]
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    for f in findings:
        if is_missing_score(f):
            groups.setdefault((f.division, f.code), []).append(f)
    out: list[str] = []
    for f in findings:
        if not is_missing_score(f):
            out.append(format_finding(f))
            continue
        group = groups[(f.division, f.code)]
        if group[0] is f:
            out.append(_missing_group(group))
    return out


def summary_line(report: ValidationReport) -> str:
    """The counts said the same way as ``build`` and the draft banners say them."""
    from parcli.findings import Severity, draft_counts, is_missing_score
    from parcli.text import format_decimal

    left = draft_counts(report.findings)
    info = sum(
        1 for f in report.findings if f.severity is Severity.INFO and not is_missing_score(f)
    )
    late = any(f.code == "W004" for f in report.findings)
    parts = left.text or "không có lỗi, không có cảnh báo"
    summary = f"Tổng kết: {parts}" + (", quá hạn gửi hồ sơ" if late else "")
    register = _register_counts(report)
    if register:
        summary += f"; danh sách khảo sát (survey.yaml): {register}"
    summary += f"; {info} thông tin." if info else "."
    card = report.scorecard
    if card is not None:
        answered = sum(1 for r in card.in_scope_leaves if r.answered)
        pct = "" if card.percent is None else f" ({format_decimal(card.percent, 2)}%)"
        summary += (
            f" Đã chấm {answered}/{len(card.in_scope_leaves)} tiêu chí; tự chấm "
            f"{format_decimal(card.score)}/{format_decimal(card.scope_max)} điểm{pct}."
        )
    return summary


def _register_counts(report: ValidationReport) -> str:
    """ "1 lỗi, 2 cảnh báo" of the survey register, counted apart: it is not in the package."""
    from parcli.findings import Severity, is_survey

    errors = sum(1 for f in report.findings if is_survey(f) and f.severity is Severity.ERROR)
    warnings = sum(1 for f in report.findings if is_survey(f) and f.severity is Severity.WARNING)
    parts = [f"{errors} lỗi"] if errors else []
    parts += [f"{warnings} cảnh báo"] if warnings else []
    return ", ".join(parts)


def verdict(report: ValidationReport, readable: bool, *, strict: bool) -> str:
    """What the result means for the dossier (never a PAR rating)."""
    from parcli.findings import Severity, draft_counts, is_late

    if not readable:
        return "Kết quả: KHÔNG ĐỌC ĐƯỢC HỒ SƠ (sửa các lỗi trên rồi chạy lại)."
    left = draft_counts(report.findings)
    if report.has_errors(strict=strict):
        if strict and not report.counts[Severity.ERROR]:
            return (
                "Kết quả: HỒ SƠ CÒN CẢNH BÁO (--strict: cảnh báo cũng tính là lỗi); sửa rồi "
                "chạy lại."
            )
        register_only = (
            left.errors == 0
            and left.missing == 0
            and not any(is_late(f) and f.severity is Severity.ERROR for f in report.findings)
        )
        if register_only and not (strict and left.warnings):
            return (
                "Kết quả: DANH SÁCH KHẢO SÁT (survey.yaml) CÒN LỖI: sửa các lỗi trên; hồ sơ tự "
                "chấm không bị ảnh hưởng."
            )
        late_only = left.errors == 0 and left.missing == 0
        if late_only:
            return (
                "Kết quả: HỒ SƠ ĐÃ QUÁ HẠN GỬI: gửi ngay, rồi ghi ngày gửi (submitted_on) vào "
                "dossier.yaml."
            )
        return "Kết quả: HỒ SƠ CÒN LỖI: sửa các lỗi trên rồi chạy lại (chưa tạo được hồ sơ nộp)."
    card = report.scorecard
    if left.missing and card is not None:
        total = len(card.in_scope_leaves)
        return (
            f"Kết quả: CHƯA ĐỦ: không có lỗi, nhưng còn {left.missing}/{total} tiêu chí chưa "
            "chấm điểm."
        )
    if left.warnings:
        return f"Kết quả: HỢP LỆ (còn {left.warnings} cảnh báo nên xem lại)."
    return "Kết quả: HỢP LỆ."


def render_text(
    report: ValidationReport,
    loaded: LoadedDossier,
    day: dt.date,
    *,
    strict: bool,
    quiet: bool,
    details: bool = False,
) -> str:
    from parcli.findings import Severity
    from parcli.text import format_date

    out: list[str] = []
    dossier, criteria = loaded.dossier, loaded.criteria
    if dossier is not None:
        out.append(
            f"Hồ sơ: {dossier.agency.name}, năm {dossier.year} (kiểm tra ngày {format_date(day)})"
        )
    if criteria is not None:
        tag = "chính thức" if criteria.is_official else "MINH HỌA, không phải bộ chính thức"
        out.append(f"Bộ tiêu chí: {criteria.id} ({tag})")
    if report.window is not None:
        out.append(f"Thời hạn: {report.window.message}")
    if report.explanation is not None:
        out.append(f"Giải trình: {report.explanation.message}")
    out.append("")
    shown = [f for f in report.findings if not (quiet and f.severity is Severity.INFO)]
    out.extend(render_findings(shown, details=details))
    if shown:
        out.append("")
    out.append(summary_line(report))
    out.append(verdict(report, loaded.readable, strict=strict))
    return "\n".join(out)
