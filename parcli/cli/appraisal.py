"""``parcli appraisal import|show|report``: the appraisal round (thẩm định) and giải trình."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import (
    AsOfOpt,
    DossierArg,
    FormatOpt,
    as_of_date,
    dossier_dir,
    fail,
    format_finding,
)
from parcli.errors import AppraisalImportRefused

if TYPE_CHECKING:
    from parcli.actions.appraisal import ImportOutcome

app = typer.Typer(
    help="Vòng thẩm định: nhập điểm thẩm định của Hội đồng, so sánh với điểm tự chấm, tạo báo "
    "cáo giải trình và gói tài liệu kiểm chứng bổ sung.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _split(paths: list[Path]) -> tuple[Path | None, Path]:
    """``import [DIR] FILE``: one path is the table, two are the dossier and the table."""
    from parcli.errors import UsageError

    if len(paths) == 1:
        return None, paths[0]
    if len(paths) == 2:
        return paths[0], paths[1]
    raise UsageError(
        "cần một hoặc hai đường dẫn: [thư mục hồ sơ] tệp bảng điểm",
        "Ví dụ: parcli appraisal import bang-diem-tham-dinh.xlsx",
    )


@app.command("import")
def import_(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="[DIR] FILE",
        help="Thư mục hồ sơ (mặc định: thư mục hiện tại) và tệp bảng điểm thẩm định .xlsx.",
        show_default=False,
    ),
    round_no: int = typer.Option(1, "--round", help="Vòng thẩm định: 1 hoặc 2."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Chỉ in những gì sẽ thay đổi, không ghi appraisal.yaml."
    ),
    document: Optional[str] = typer.Option(  # noqa: UP045
        None, "--document", help='Số, ký hiệu văn bản thông báo kết quả, ví dụ "125/SNV-CCHC".'
    ),
    date: Optional[str] = typer.Option(  # noqa: UP045
        None, "--date", help="Ngày của văn bản thông báo kết quả (dd/mm/yyyy)."
    ),
    output_format: FormatOpt = "text",
) -> None:
    """Nhập bảng điểm thẩm định (phụ biểu của parcli đã điền cột Điểm thẩm định, hoặc bảng khác
    có cột mã và cột điểm thẩm định) vào appraisal.yaml."""
    import json

    from parcli.actions.appraisal import import_table
    from parcli.errors import UsageError
    from parcli.text import parse_date

    directory, table = _split(paths)
    if round_no not in (1, 2):
        raise UsageError(
            "--round chỉ nhận 1 hoặc 2", "Ví dụ: parcli appraisal import bang.xlsx --round 2"
        )
    try:
        day = parse_date(date) if date else None
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    try:
        outcome = import_table(
            dossier_dir(directory), table, round_no, dry_run=dry_run, document=document, date=day
        )
    except AppraisalImportRefused as exc:
        if output_format == "json":
            data = {
                "ok": False,
                "message": exc.message,
                "findings": [f.to_dict() for f in exc.findings],
            }
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for f in exc.findings:
                typer.echo(format_finding(f))
        fail(exc)
    if output_format == "json":
        typer.echo(json.dumps(_outcome_dict(outcome, dry_run), ensure_ascii=False, indent=2))
        return
    typer.echo(render_import(outcome, dry_run=dry_run))


def _outcome_dict(outcome: ImportOutcome, dry_run: bool) -> dict[str, object]:
    return {
        "ok": True,
        "round": outcome.round_no,
        "sheet": outcome.table.sheet,
        "header_row": outcome.table.header_row,
        "columns": {k: cell.ref for k, (cell, _) in outcome.table.headers.items()},
        "imported": outcome.imported,
        "changes": [c.__dict__ for c in outcome.changes],
        "written": outcome.written,
        "dry_run": dry_run,
        "findings": [f.to_dict() for f in outcome.findings],
    }


_COLUMN_NAMES = {
    "code": "mã",
    "score": "điểm thẩm định",
    "opinion": "ý kiến thẩm định",
    "request": "yêu cầu giải trình",
    "max": "điểm tối đa",
    "self": "điểm tự đánh giá",
}


def render_import(outcome: ImportOutcome, *, dry_run: bool) -> str:
    from parcli.appraisal.read import column_letter

    table = outcome.table
    columns = ", ".join(
        f"{_COLUMN_NAMES[k]} cột {column_letter(cell.col)}"
        for k, (cell, _) in table.headers.items()
    )
    out = [
        f"Bảng điểm: {table.file}, trang tính '{table.sheet}', dòng tiêu đề {table.header_row} "
        f"({columns})",
        f"Vòng {outcome.round_no}: {outcome.imported} tiêu chí có điểm thẩm định trong bảng.",
    ]
    out += [f"Ghi chú: {note}" for note in table.notes]
    if outcome.findings:
        out.append("")
        out += [format_finding(f) for f in outcome.findings]
    out.append("")
    if not outcome.changes:
        out.append(f"Không có gì thay đổi; {outcome.path.name} giữ nguyên.")
        return "\n".join(out)
    out.append(f"Thay đổi ({len(outcome.changes)}):")
    for change in outcome.changes:
        head = f"  {change.code}: " if change.code else "  "
        out.append(f"{head}{change.field}: {change.old} → {change.new}")
    out.append("")
    if dry_run:
        out.append(
            f"--dry-run: chưa ghi gì; chạy lại không có --dry-run để ghi {outcome.path.name}."
        )
    else:
        out.append(f"Đã ghi {outcome.path.name}.")
    if outcome.requested:
        out.append(
            f"Có {len(outcome.requested)} tiêu chí được yêu cầu giải trình: "
            + ", ".join(outcome.requested)
            + ". Xem hạn và đơn vị cần đôn đốc: parcli status."
        )
    return "\n".join(out)


@app.command("show")
def show(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    output_format: FormatOpt = "text",
) -> None:
    """So sánh điểm tự chấm với điểm thẩm định vòng 1, vòng 2 theo tiêu chí, lĩnh vực, đơn vị;
    điểm bị trừ và ý kiến thẩm định; điểm điều tra xã hội học và tổng điểm công bố."""
    import json

    from parcli.actions.appraisal import load_readable, view_of
    from parcli.cli.appraisal_view import render_show, show_to_dict

    loaded = load_readable(dossier_dir(directory))
    # the self-assessed totals as status counts them: an invalid self-score is not added
    view, explanation = view_of(loaded, as_of_date(as_of), leave_out_invalid=True)
    if output_format == "json":
        typer.echo(
            json.dumps(show_to_dict(loaded, view, explanation), ensure_ascii=False, indent=2)
        )
        return
    typer.echo(render_show(loaded, view, explanation))


@app.command("report")
def report(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    out: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--out", help="Thư mục kết quả (mặc định: build_dir trong dossier.yaml)."
    ),
    draft: bool = typer.Option(
        False, "--draft", help="Tạo BẢN NHÁP khi còn tiêu chí chưa giải trình hoặc còn lỗi."
    ),
    force: bool = typer.Option(False, "--force", help="Thay thế gói đã có dù không do parcli tạo."),
) -> None:
    """Tạo báo cáo giải trình (Word, thể thức Nghị định 30/2020) và gói tài liệu kiểm chứng bổ
    sung có manifest.json và SHA256SUMS, trong thư mục build."""
    from parcli.actions.explanation import build_explanation
    from parcli.errors import BuildRefused
    from parcli.text import format_date

    day = as_of_date(as_of)
    try:
        result = build_explanation(
            dossier_dir(directory), as_of=day, out=out, draft=draft, force=force
        )
    except BuildRefused as exc:
        for f in exc.findings:
            typer.echo(format_finding(f))
        fail(exc)
    kind = "BẢN NHÁP báo cáo giải trình" if result.draft else "Báo cáo giải trình"
    typer.echo(f"{kind}: {result.report_path}")
    typer.echo(
        f"Ngày báo cáo: {format_date(result.day)} (theo {result.day_source}). "
        f"{len(result.listed)} tiêu chí: " + (", ".join(result.listed) or "không có")
    )
    typer.echo(
        f"Tài liệu kiểm chứng bổ sung: {len(result.files)} tệp; manifest.json và SHA256SUMS "
        "trong thư mục gói."
    )
    for warning in result.warnings:
        typer.echo(f"Lưu ý: {warning}")
    if result.draft:
        label = "Tệp nén BẢN NHÁP (không dùng để gửi)"
    elif result.illustrative:
        label = "Tệp nén thử nghiệm (bộ tiêu chí MINH HỌA, không dùng để gửi)"
    else:
        label = "Tệp nén để gửi"
    typer.echo(f"{label}: {result.zip_path}")
