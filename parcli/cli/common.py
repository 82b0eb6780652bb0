"""What every command shares: locating the dossier, parsing --as-of, printing errors."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import typer

from parcli.errors import ExitCode, ParcliError
from parcli.text import parse_date


def run(app: typer.Typer) -> None:
    """Run the app; ParcliError prints as a message, a bug as one line plus where to report."""
    try:
        code = app(standalone_mode=False)
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
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # click/typer usage errors
            show()
            sys.exit(ExitCode.UNREADABLE)
        typer.echo(
            f"Lỗi của parcli (không phải do hồ sơ): {type(exc).__name__}: {exc}\n"
            "Hãy gửi thông báo này kèm lệnh đã chạy cho người bảo trì parcli.",
            err=True,
        )
        if "PARCLI_DEBUG" in __import__("os").environ:
            traceback.print_exc()
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def fail(exc: ParcliError) -> NoReturn:
    typer.echo(f"Lỗi: {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  → {exc.hint}", err=True)
    sys.exit(int(exc.exit_code))


def as_of_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ParcliError(f"--as-of: {exc}") from None


def dossier_dir(value: Path | None) -> Path:
    return (value or Path.cwd()).resolve()


def progress_bar(done: int, total: int, width: int = 10) -> str:
    if total == 0:
        return "·" * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)
