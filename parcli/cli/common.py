"""What every command shares: locating the dossier, parsing --as-of, printing errors."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from parcli.cli.vietnamese import translate_usage
from parcli.errors import ExitCode, ParcliError, UsageError, os_reason

if TYPE_CHECKING:
    from parcli.findings import Finding

# --------------------------------------------------------------------------- shared options
# Declared once, used by every command that takes them (same flag, same wording everywhere).


def _check_format(value: str) -> str:
    if value not in ("text", "json"):
        raise typer.BadParameter("chỉ nhận text hoặc json", param_hint="--format")
    return value


_DOSSIER_HELP = "Thư mục hồ sơ, nơi có dossier.yaml (mặc định: thư mục hiện tại)."

DossierArg = Annotated[
    Optional[Path],  # noqa: UP045 (typer needs Optional)
    typer.Argument(
        help=_DOSSIER_HELP,
        show_default=False,
    ),
]
"""The dossier folder as the first argument (validate, status, score, build, templates, …)."""

DossierOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--dir",
        help=_DOSSIER_HELP,
        show_default=False,
    ),
]
"""The dossier folder as an option, for commands whose argument is something else."""

AsOfOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--as-of",
        metavar="<ngày>",
        help="Ngày tính thời hạn, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay).",
        show_default=False,
    ),
]

FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="<text|json>",
        help="text (mặc định) hoặc json.",
        show_default=False,
        callback=_check_format,
    ),
]


def run(app: typer.Typer) -> None:
    """Run the app; ParcliError prints as a message, a bug as one line plus where to report."""
    try:
        code = app(standalone_mode=False, prog_name="parcli")
    except ParcliError as exc:
        fail(exc)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Đã hủy.", err=True)
        sys.exit(ExitCode.UNREADABLE)
    except KeyboardInterrupt:
        typer.echo("Đã dừng.", err=True)
        sys.exit(130)
    except Exception as exc:
        format_message = getattr(exc, "format_message", None)
        if callable(format_message) and hasattr(exc, "exit_code"):
            # click/typer usage errors: say it in Vietnamese, point at --help
            ctx = getattr(exc, "ctx", None)
            command = getattr(ctx, "command_path", None) or "parcli"
            typer.echo(f"Lỗi: {translate_usage(str(format_message()))}", err=True)
            typer.echo(f"  → Xem cách dùng: {command} --help", err=True)
            sys.exit(ExitCode.UNREADABLE)
        typer.echo(
            f"Lỗi của parcli (không phải do hồ sơ): {type(exc).__name__}: {exc}\n"
            "Hãy gửi thông báo này kèm lệnh đã chạy cho người bảo trì parcli.",
            err=True,
        )
        if "PARCLI_DEBUG" in os.environ:
            traceback.print_exc()
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def fail(exc: ParcliError) -> NoReturn:
    typer.echo(f"Lỗi: {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  → {exc.hint}", err=True)
    sys.exit(int(exc.exit_code))


def format_finding(f: Finding) -> str:
    """``file:line:col: lỗi CODE [criterion, division]: message`` and the hint under it."""
    where = f"{f.location}: " if f.location else ""
    tags = ", ".join(t for t in (f.criterion, f.division) if t)
    head = f"{where}{f.severity.label} {f.code}" + (f" [{tags}]" if tags else "")
    lines = [f"{head}: {f.message}"]
    if f.hint:
        lines.append(f"    → {f.hint}")
    return "\n".join(lines)


def as_of_date(value: str | None) -> dt.date:
    from parcli.text import parse_date

    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ParcliError(f"--as-of: {exc}") from None


def dossier_dir(value: Path | None) -> Path:
    """The dossier folder; pointing at its dossier.yaml works too."""
    try:
        path = (value or Path.cwd()).resolve()
        if path.is_file() and path.name.lower() in ("dossier.yaml", "dossier.yml"):
            return path.parent
        path.exists()  # a path the system cannot even look up fails here, not later
    except OSError as exc:
        raise UsageError(
            f"Không dùng được đường dẫn thư mục hồ sơ: {os_reason(exc)}",
            "Chỉ đường dẫn tới thư mục có dossier.yaml (đường dẫn ngắn, ví dụ D:\\HoSo).",
        ) from None
    return path


def progress_bar(done: int, total: int, width: int = 10) -> str:
    if total == 0:
        return "·" * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)
