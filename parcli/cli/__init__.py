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
from parcli.cli.common import run
from parcli.cli.lazy import Lazy, LazyGroup
from parcli.cli.vietnamese import install as install_vietnamese


class Commands(LazyGroup):
    """Every command of ``parcli``, in the order ``parcli --help`` lists them.

    A command's module is imported only when that command runs or shows its own help. The short
    help is written here too: it must be the first sentence of the command's docstring (for a
    group, of its ``help=``); tests/cli/test_lazy_commands.py says which to update when they
    differ.
    """

    lazy_commands = (
        Lazy(
            "init",
            "parcli.cli.init:init",
            "Tạo hồ sơ mới: dossier.yaml, một tệp cho mỗi đơn vị, thư mục evidence/.",
        ),
        Lazy(
            "validate",
            "parcli.cli.validate:validate",
            "Kiểm tra hồ sơ: điểm, tài liệu kiểm chứng, phân công, thời hạn.",
        ),
        Lazy(
            "status",
            "parcli.cli.status:status",
            "Tiến độ theo đơn vị và theo lĩnh vực: đã chấm, có tài liệu, điểm, số ngày còn lại.",
        ),
        Lazy(
            "score",
            "parcli.cli.status:score",
            "Tổng điểm tự chấm theo lĩnh vực, tiêu chí (điểm tự chấm / điểm tối đa, tỷ lệ %).",
        ),
        Lazy(
            "build",
            "parcli.cli.build:build",
            "Tạo hồ sơ nộp: tệp .zip gồm báo cáo Word, phụ biểu Excel, tài liệu kiểm chứng, "
            "manifest.",
        ),
        Lazy(
            "compare",
            "parcli.cli.compare:compare",
            "So sánh năm trước với năm nay theo lĩnh vực, tiêu chí, tiêu chí thành phần.",
        ),
        Lazy(
            "schema",
            "parcli.cli.schema:schema",
            "In JSON Schema của một định dạng tệp, để trình soạn thảo gợi ý và kiểm tra YAML.",
        ),
        Lazy(
            "sync",
            "parcli.cli.sync:sync",
            "Cập nhật các tệp divisions/*.yaml theo phân công (assignments) trong dossier.yaml.",
        ),
        Lazy(
            "docs",
            "parcli.cli.docs:docs",
            "Xem hướng dẫn sử dụng (định dạng tệp, mã phát hiện, build, báo cáo, phụ biểu, …).",
        ),
        Lazy(
            "criteria",
            "parcli.cli.criteria:app",
            "Bộ tiêu chí: nhập từ bảng phụ lục (Word/Excel), kiểm tra, liệt kê, xem, so sánh.",
        ),
        Lazy(
            "templates",
            "parcli.cli.templates:app",
            "Mẫu câu chữ của báo cáo (templates/report/*.j2): chép ra hồ sơ để sửa, xem danh sách.",
        ),
        Lazy(
            "survey",
            "parcli.cli.survey:app",
            "Danh sách đối tượng điều tra xã hội học (survey.yaml): tạo tệp gửi Sở Nội vụ, xem ai "
            "chưa trả lời phiếu, cập nhật trạng thái theo danh sách nhận về.",
        ),
        Lazy(
            "appraisal",
            "parcli.cli.appraisal:app",
            "Vòng thẩm định: nhập điểm thẩm định của Hội đồng, so sánh với điểm tự chấm, tạo báo "
            "cáo giải trình và gói tài liệu kiểm chứng bổ sung.",
        ),
        Lazy(
            "forms",
            "parcli.cli.forms:app",
            "Phiếu tự chấm Excel cho các đơn vị: xuất phiếu, nhập phiếu đã điền.",
        ),
    )


app = typer.Typer(
    cls=Commands,
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


install_vietnamese()


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    run(app)
