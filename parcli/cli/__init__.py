"""The ``parcli`` command line: parses arguments, calls the API, prints.

Each command lives in its own module. Heavy libraries (openpyxl, python-docx, jinja2) are
imported inside the commands that need them, so ``--help``, ``validate`` and ``status`` start
fast.
"""

from __future__ import annotations

import contextlib
import sys

import typer

from parcli import __version__
from parcli.cli import appraisal as appraisal_cmd
from parcli.cli import build as build_cmd
from parcli.cli import compare as compare_cmd
from parcli.cli import criteria as criteria_cmd
from parcli.cli import docs as docs_cmd
from parcli.cli import forms as forms_cmd
from parcli.cli import init as init_cmd
from parcli.cli import schema as schema_cmd
from parcli.cli import status as status_cmd
from parcli.cli import survey as survey_cmd
from parcli.cli import sync as sync_cmd
from parcli.cli import templates as templates_cmd
from parcli.cli import validate as validate_cmd
from parcli.cli.common import run
from parcli.cli.vietnamese import install as install_vietnamese

app = typer.Typer(
    name="parcli",
    help="Chuẩn bị hồ sơ tự đánh giá, chấm điểm Chỉ số cải cách hành chính (PAR INDEX): "
    "kiểm tra điểm và tài liệu kiểm chứng của các phòng, đơn vị; tạo báo cáo Word, phụ biểu "
    "Excel và gói hồ sơ nộp Sở Nội vụ.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parcli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."
    ),
) -> None:
    """parcli: hồ sơ tự đánh giá, chấm điểm PAR INDEX."""


app.command("init")(init_cmd.init)
app.command("validate")(validate_cmd.validate)
app.command("status")(status_cmd.status)
app.command("score")(status_cmd.score)
app.command("build")(build_cmd.build)
app.command("compare")(compare_cmd.compare)
app.command("schema")(schema_cmd.schema)
app.command("sync")(sync_cmd.sync)
app.command("docs")(docs_cmd.docs)
app.add_typer(criteria_cmd.app, name="criteria")
app.add_typer(templates_cmd.app, name="templates")
app.add_typer(survey_cmd.app, name="survey")
app.add_typer(appraisal_cmd.app, name="appraisal")
app.add_typer(forms_cmd.app, name="forms")


install_vietnamese()


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    run(app)
