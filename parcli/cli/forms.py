"""``parcli forms export`` / ``parcli forms import``: the division Excel forms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import as_of_date, dossier_dir, format_finding

if TYPE_CHECKING:  # the API is imported when a command runs, not for --help
    from parcli.actions.forms import ImportResult

app = typer.Typer(
    help="Phiếu tự chấm Excel cho các đơn vị: xuất phiếu, nhập phiếu đã điền.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@app.command("export")
def export(
    directory: Optional[Path] = typer.Argument(  # noqa: UP045 (typer needs Optional)
        None, help="Thư mục hồ sơ (mặc định: thư mục hiện tại)."
    ),
    division: Optional[list[str]] = typer.Option(  # noqa: UP045
        None, "--division", "-d", help="Chỉ xuất phiếu của đơn vị này (lặp lại được)."
    ),
    out: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--out", "-o", help="Thư mục đặt phiếu (mặc định: build/phieu trong hồ sơ)."
    ),
    as_of: Optional[str] = typer.Option(  # noqa: UP045
        None, "--as-of", help="Ngày xuất phiếu và ngày kiểm tra, dd/mm/yyyy (mặc định: hôm nay)."
    ),
) -> None:
    """Xuất một phiếu tự chấm Excel cho mỗi đơn vị (điền sẵn các trả lời hiện có).

    Mã thoát: 0 đã xuất; 1 có đơn vị không xuất được; 2 không đọc được hồ sơ.
    """
    from parcli.actions.forms import export_forms

    root = dossier_dir(directory)
    result = export_forms(root, divisions=division or None, out=out, as_of=as_of_date(as_of))
    typer.echo(f"Phiếu tự chấm trong {_shown(result.folder, root)}/:")
    for form in result.forms:
        notes = f", {form.notes} tiêu chí có ghi chú kiểm tra" if form.notes else ""
        typer.echo(f"  {form.path.name}: {form.leaves} tiêu chí{notes}")
    for division_id, why in result.skipped:
        typer.echo(f"  bỏ qua {division_id}: {why}")
    typer.echo(
        f"Đã xuất {len(result.forms)} phiếu. Gửi mỗi đơn vị phiếu của mình; nhập lại "
        "bằng: parcli forms import <tệp .xlsx>"
    )
    broken = [s for s in result.skipped if "lỗi" in s[1]]
    raise typer.Exit(1 if broken or not result.forms else 0)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ..., help="Các phiếu .xlsx đơn vị gửi lại (hoặc thư mục chứa chúng)."
    ),
    directory: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--dir", "-C", help="Thư mục hồ sơ (mặc định: thư mục hiện tại)."
    ),
    evidence: Optional[Path] = typer.Option(  # noqa: UP045
        None,
        "--evidence",
        "-e",
        help="Thư mục hoặc tệp .zip tài liệu kiểm chứng gửi kèm (chỉ khi nhập một phiếu).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ in các thay đổi, không ghi gì."),
    as_of: Optional[str] = typer.Option(  # noqa: UP045
        None, "--as-of", help="Ngày kiểm tra sau khi nhập, dd/mm/yyyy (mặc định: hôm nay)."
    ),
) -> None:
    """Nhập các phiếu tự chấm đã điền vào divisions/<đơn vị>.yaml, rồi kiểm tra đơn vị đó.

    Chỉ các trả lời thay đổi được ghi lại; chú thích và các trường phiếu không có được giữ.
    Phiếu có lỗi (không đọc được, của hồ sơ khác, mã sai...) không ghi gì; các phiếu khác
    vẫn được nhập. Mã thoát: 0 không lỗi; 1 có lỗi; 2 tệp không đọc được hoặc gõ sai lệnh.
    """
    from parcli.actions.forms import import_forms
    from parcli.errors import ExitCode

    root = dossier_dir(directory)
    files, root = _split_dir(files, root, directory)
    result = import_forms(root, files, evidence=evidence, dry_run=dry_run, as_of=as_of_date(as_of))
    typer.echo(render_import(result))
    if result.unreadable:
        raise typer.Exit(ExitCode.UNREADABLE)
    raise typer.Exit(ExitCode.FINDINGS if result.has_errors else ExitCode.OK)


def _split_dir(files: list[Path], root: Path, directory: Path | None) -> tuple[list[Path], Path]:
    """``parcli forms import DIR FILE...``: a first argument that is a dossier folder."""
    if directory is None and files and files[0].is_dir() and (files[0] / "dossier.yaml").is_file():
        root = dossier_dir(files[0])
        files = files[1:]
    if not files:
        from parcli.errors import UsageError

        raise UsageError(
            "Chưa chỉ phiếu .xlsx nào để nhập",
            "Ví dụ: parcli forms import phieu-tu-cham-thanh-tra-2023.xlsx",
        )
    return files, root


def render_import(result: ImportResult) -> str:
    from parcli.findings import Severity, draft_counts, is_missing_score, sort_findings

    out: list[str] = []
    for o in result.outcomes:
        target = f" → {o.division_file}" if o.division_file else ""
        out.append(f"Phiếu {o.file}{target}")
        for change in o.changes:
            mark = " (trả lời mới)" if change.new_answer else ""
            out.append(f"  {change.code}. {change.name}{mark}")
            for fc in change.fields:
                from parcli.forms.apply import LABELS

                out.append(f"      {LABELS[fc.field]}: {fc.old} → {fc.new}")
        for note in o.notes:
            out.append(f"  Lưu ý: {note}")
        for f in sort_findings(o.findings):
            out.append("  " + format_finding(f).replace("\n", "\n  "))
        if o.blocked:
            out.append("  Không ghi gì cho phiếu này (sửa các lỗi trên rồi nhập lại).")
        elif not o.changes:
            out.append("  Không có thay đổi.")
        elif result.dry_run:
            out.append(f"  --dry-run: {len(o.changes)} tiêu chí sẽ thay đổi; chưa ghi gì.")
        elif o.written:
            out.append(f"  Đã ghi {o.division_file}: {len(o.changes)} tiêu chí thay đổi.")
        out.append("")
    if result.evidence or result.evidence_findings:
        out.append("Tài liệu kiểm chứng gửi kèm:")
        verbs = {
            "new": "chép" if not result.dry_run else "sẽ chép",
            "same": "đã có, giống hệt",
            "conflict": "KHÔNG chép (trùng tên, khác nội dung)",
        }
        for c in result.evidence:
            out.append(f"  {verbs[c.action]}: {c.source} → {c.dest}")
        for f in sort_findings(result.evidence_findings):
            out.append("  " + format_finding(f).replace("\n", "\n  "))
        out.append("")
    divisions = sorted({o.division for o in result.outcomes if o.division})
    if divisions:
        when = " (nếu ghi)" if result.dry_run else ""
        out.append(f"Kiểm tra sau khi nhập{when}: {', '.join(divisions)}")
        for f in result.validation:
            out.append(format_finding(f))
        # the same count as validate and build say it (findings.draft_counts)
        left = draft_counts(result.validation).text or "không có lỗi, không có cảnh báo"
        info = sum(
            1 for f in result.validation if f.severity is Severity.INFO and not is_missing_score(f)
        )
        out.append(f"Kiểm tra: {left}" + (f"; {info} thông tin." if info else "."))
    written = sum(1 for o in result.outcomes if o.written)
    blocked = sum(1 for o in result.outcomes if o.blocked)
    out.append(
        f"Tổng kết: {len(result.outcomes)} phiếu, {written} tệp đã ghi, "
        f"{blocked} phiếu có lỗi không nhập."
        + (" (--dry-run: không ghi gì)" if result.dry_run else "")
    )
    return "\n".join(out)
