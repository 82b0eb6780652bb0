"""``parcli survey``: the survey register (survey.yaml): export, status, bulk update.

These are the only commands that print respondents' e-mails and phones (personal data, Nghị
định 13/2023/NĐ-CP): the export for the Sở Nội vụ and the chase list of ``survey status``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import AsOfOpt, DossierArg, FormatOpt, as_of_date, dossier_dir
from parcli.text import format_date

if TYPE_CHECKING:
    from parcli.actions.survey import OpenRegister
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
    from parcli.actions.survey import register_status

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
        help="Thư mục ghi tệp (mặc định: <build>/dieu-tra-xhh/ trong hồ sơ).",
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
