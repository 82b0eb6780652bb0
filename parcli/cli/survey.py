"""``parcli survey``: the survey register (survey.yaml): export, status, bulk update.

These are the only commands that print respondents' e-mails and phones (personal data, Nghị
định 13/2023/NĐ-CP): the export for the Sở Nội vụ and the chase list of ``survey status``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import AsOfOpt, DossierArg, FormatOpt, as_of_date, dossier_dir

if TYPE_CHECKING:
    from parcli.actions.survey import OpenRegister, UpdateResult
    from parcli.scoring.progress import SurveyProgress

app = typer.Typer(
    help="Danh sách đối tượng điều tra xã hội học (survey.yaml): tạo tệp gửi Sở Nội vụ, xem ai "
    "chưa trả lời phiếu, cập nhật trạng thái theo danh sách nhận về.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PERSONAL = (
    "Có dữ liệu cá nhân (e-mail, điện thoại; Nghị định 13/2023/NĐ-CP): chỉ dùng để đôn đốc "
    "trả lời phiếu, không chuyển tiếp."
)

EXPORT_NOTE = (
    "Có dữ liệu cá nhân (e-mail, điện thoại; Nghị định 13/2023/NĐ-CP): chỉ gửi Sở Nội vụ, không "
    "đưa vào hồ sơ tự đánh giá."
)


def _check_note(opened: OpenRegister) -> list[str]:
    if not opened.errors:
        return []
    return [
        f"CHÚ Ý: survey.yaml còn {opened.errors} lỗi (e-mail, nhóm, đơn vị…); chạy `parcli "
        "validate` để xem và sửa trước khi gửi."
    ]


@app.command("status")
def status(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    output_format: FormatOpt = "text",
) -> None:
    """Số người theo nhóm (đăng ký, đã gửi phiếu, đã trả lời), ai chưa trả lời, số ngày còn lại."""
    import json

    from parcli.actions.survey import register_status
    from parcli.text import format_date

    day = as_of_date(as_of)
    opened, progress = register_status(dossier_dir(directory), day)
    if output_format == "json":
        data = progress.counts_dict()
        data["as_of"] = day.isoformat()
        data["errors"] = opened.errors
        data["waiting"] = [w.to_dict() for w in progress.waiting]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(render_survey_status(opened, progress, format_date(day)))


def render_survey_status(opened: OpenRegister, progress: SurveyProgress, day: str) -> str:
    from parcli.cli.status import survey_counts
    from parcli.text import format_date

    dossier = opened.dossier
    out = [
        f"Điều tra xã hội học: {dossier.agency.name}, năm {dossier.year} (ngày {day})",
        *_check_note(opened),
        "",
        *survey_counts(progress),
    ]
    answered, official = progress.total.answered, progress.total.official
    if official:
        out.append(f"Đã trả lời: {answered} người (danh sách chính thức có {official} người).")
    if not progress.waiting:
        out += ["", "Mọi người trong danh sách chính thức đã trả lời phiếu."]
        return "\n".join(out)
    out += ["", f"CHƯA TRẢ LỜI ({len(progress.waiting)} người, danh sách chính thức)"]
    for n, w in enumerate(progress.waiting, start=1):
        r = w.respondent
        if r.sent_on is not None and w.days is not None:
            since = f"gửi phiếu {format_date(r.sent_on)}, đã {w.days} ngày"
        elif r.status.value == "da-gui":
            since = "đã gửi phiếu (chưa ghi ngày gửi)"
        else:
            since = "CHƯA GỬI PHIẾU"
        out.append(f"{n:>2}. {r.name} – {_position_and_unit(r.position, w.unit)} ({w.group})")
        contact = [
            since,
            f"e-mail: {r.email}" if r.email else "chưa có e-mail",
            f"điện thoại: {r.phone}" if r.phone else "",
        ]
        out.append("    " + "; ".join(part for part in contact if part))
    out += ["", PERSONAL]
    return "\n".join(out)


def _position_and_unit(position: str, unit: str) -> str:
    """ "Phó Giám đốc, Sở …"; the unit is left out when the position already names it."""
    from parcli.text import fold

    mine, where = fold(position), fold(unit)
    if where in mine or where.removeprefix("phong ") in mine:
        return position
    return f"{position}, {unit}"


@app.command("export")
def export(
    directory: DossierArg = None,
    as_of: AsOfOpt = None,
    out: Optional[Path] = typer.Option(  # noqa: UP045 (typer needs Optional)
        None,
        "--out",
        help="Thư mục ghi tệp (mặc định: build/dieu-tra-xhh/ trong hồ sơ).",
        show_default=False,
    ),
) -> None:
    """Tạo danh sách gửi Sở Nội vụ: tệp Excel (.xlsx) và bảng Word (.docx)."""
    from parcli.actions.survey import export_register

    result = export_register(dossier_dir(directory), as_of_date(as_of), out)
    errors = sum(1 for f in result.findings if f.severity.value == "error")
    if errors:
        typer.echo(
            f"CHÚ Ý: survey.yaml còn {errors} lỗi (e-mail, nhóm, đơn vị…); chạy `parcli "
            "validate` để xem và sửa trước khi gửi.",
            err=True,
        )
    typer.echo(
        f"Danh sách: {result.official} người chính thức, {result.reserve} người dự phòng.\n"
        f"Tệp Excel: {result.xlsx}\nTệp Word:  {result.docx}\n{EXPORT_NOTE}"
    )


def _check_status(value: str) -> str:
    if value not in ("da-tra-loi", "da-gui"):
        raise typer.BadParameter("chỉ nhận da-tra-loi hoặc da-gui", param_hint="--status")
    return value


@app.command("update")
def update(
    directory: DossierArg = None,
    source: str = typer.Option(
        ...,
        "--from",
        help="Danh sách nhận về: tệp .xlsx, .csv hoặc .txt (mỗi dòng một e-mail hoặc họ tên); "
        "'-' để dán danh sách vào cửa sổ lệnh.",
        show_default=False,
    ),
    status_value: str = typer.Option(
        "da-tra-loi",
        "--status",
        help="Trạng thái ghi cho người có trong danh sách khi dòng đó không ghi trạng thái: "
        "da-tra-loi (mặc định) hoặc da-gui.",
        callback=_check_status,
    ),
    on: Optional[str] = typer.Option(  # noqa: UP045
        None,
        "--on",
        help="Ngày trả lời / ngày gửi ghi vào sổ khi dòng không ghi ngày (mặc định: --as-of, "
        "hoặc hôm nay).",
        show_default=False,
    ),
    as_of: AsOfOpt = None,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Chỉ in những gì sẽ thay đổi, không ghi survey.yaml."
    ),
) -> None:
    """Cập nhật trạng thái phiếu hàng loạt theo danh sách nhận về (không phải gõ lại).

    Mỗi e-mail (hoặc họ tên) trong danh sách được đối chiếu với survey.yaml; trạng thái chỉ đi
    tiến (chưa gửi → đã gửi → đã trả lời). survey.yaml chỉ thay đúng các dòng trạng thái và ngày,
    giữ nguyên chú thích và mọi dòng khác. Chạy lại cùng danh sách không thay đổi gì.
    """
    import sys

    from parcli.actions.survey import update_register
    from parcli.formats.answer_list import decode, parse_text, read_list
    from parcli.model import Status

    day = as_of_date(as_of)
    when = as_of_date(on) if on is not None else day
    if source == "-":
        if sys.stdin.isatty():
            typer.echo(
                "Dán danh sách (mỗi dòng một e-mail hoặc họ tên), xong thì nhấn Ctrl+Z rồi Enter "
                "(Windows) hoặc Ctrl+D:",
                err=True,
            )
        entries = parse_text(decode(sys.stdin.buffer.read(), "dữ liệu dán vào"))
        label = "danh sách dán vào"
    else:
        entries = read_list(Path(source))
        label = source
    result = update_register(
        dossier_dir(directory),
        entries,
        default=Status(status_value),
        day=when,
        as_of=day,
        dry_run=dry_run,
    )
    typer.echo(render_update(result, label, dry_run=dry_run))


def render_update(result: UpdateResult, label: str, *, dry_run: bool) -> str:
    out = [f"Danh sách nhận về: {label} ({result.entries} mục đọc được)"]
    if result.changes:
        out.append(f"Thay đổi trong survey.yaml ({len(result.changes)} người):")
        for c in result.changes:
            out.append(f"  survey.yaml:{c.line}: {c.text} [{c.source}]")
    else:
        out.append("Không có gì thay đổi trong survey.yaml.")
    if result.unchanged:
        out.append(f"Đã đúng trạng thái từ trước: {len(result.unchanged)} người.")
    for text in result.kept:
        out.append(f"Giữ nguyên (trạng thái không lùi lại): {text}")
    for text in result.ambiguous:
        out.append(f"Không biết là ai: {text}")
    for title, items in (
        ("E-mail không có trong danh sách khảo sát", result.unknown),
        ("Dòng không có e-mail và không khớp họ tên ai, bỏ qua", result.unmatched),
    ):
        if items:
            out.append(f"{title} ({len(items)}):")
            out.extend(f"  {text}" for text in items[:20])
            if len(items) > 20:
                out.append(f"  … và {len(items) - 20} mục khác")
    if dry_run:
        out.append("Chạy thử (--dry-run): chưa ghi gì vào survey.yaml.")
    elif result.written:
        out.append("Đã ghi survey.yaml. Xem lại: parcli survey status.")
    return "\n".join(out)
