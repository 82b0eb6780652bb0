"""``parcli build``: parse the options, call :func:`parcli.actions.build.build_package`, print."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from parcli.cli.common import AsOfOpt, DossierArg, as_of_date, dossier_dir, format_finding
from parcli.errors import ParcliError

if TYPE_CHECKING:  # the build API is imported when the command runs, not for --help
    from parcli.actions.build import BuildResult


class _ProgressLine:
    """ "Đang chép tài liệu kiểm chứng: 12/67 (34 MB)", rewritten in place on a terminal."""

    def __init__(self) -> None:
        self.shown = False
        self.width = 0
        self.last = 0.0

    def __call__(self, done: int, total: int, size: int) -> None:
        from parcli.text import describe_size

        now = time.monotonic()
        if done < total and now - self.last < 0.1 and self.shown:
            return
        self.last = now
        text = f"Đang chép tài liệu kiểm chứng: {done}/{total} ({describe_size(size)})"
        pad = " " * max(self.width - len(text), 0)
        self.width = len(text)
        sys.stderr.write("\r" + text + pad)
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.shown = False


def build(
    directory: DossierArg = None,
    out: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--out", help="Thư mục đặt hồ sơ nộp (mặc định: thư mục build trong hồ sơ)."
    ),
    draft: bool = typer.Option(
        False, "--draft", help="Tạo BẢN NHÁP dù hồ sơ còn lỗi (tên tệp bắt đầu bằng BAN-NHAP-)."
    ),
    as_of: AsOfOpt = None,
    force: bool = typer.Option(
        False,
        "--force",
        help="Ghi đè cả thư mục, tệp không do parcli tạo và báo cáo, phụ biểu đã sửa sau lần "
        "tạo trước (chỗ sửa sẽ mất).",
    ),
    folder: bool = typer.Option(
        False,
        "--folder",
        help="Tạo thêm thư mục hồ sơ giải nén sẵn bên cạnh tệp .zip (tài liệu kiểm chứng theo "
        "từng tiêu chí, để tải lên phần mềm chấm điểm); tốn thêm một bản trên đĩa.",
    ),
) -> None:
    """Tạo hồ sơ nộp: tệp .zip gồm báo cáo Word, phụ biểu Excel, tài liệu kiểm chứng, manifest.

    Mã thoát: 0 thành công; 1 hồ sơ còn lỗi nội dung; 2 không đọc được hồ sơ hoặc lệnh sai;
    3 ghi hồ sơ không được hoặc tự kiểm tra không đạt.
    """
    from parcli.actions.build import build_package

    day = as_of_date(as_of)
    root = dossier_dir(directory)
    line = _ProgressLine() if sys.stderr.isatty() else None
    try:
        try:
            result: BuildResult = build_package(
                root, as_of=day, out=out, draft=draft, force=force, progress=line, folder=folder
            )
        finally:  # the progress line is wiped before anything else is printed
            if line is not None:
                line.finish()
    except ParcliError as exc:
        findings = getattr(exc, "findings", None)
        if findings:
            for finding in findings:
                typer.echo(format_finding(finding), err=True)
            typer.echo("", err=True)
        raise
    typer.echo(render_summary(result))


def _evidence_count(result: BuildResult) -> str:
    stored = sum(1 for f in result.files if f.stored)
    if stored == len(result.files):
        return f"{stored} tệp"
    return f"{stored} tệp (dùng cho {len(result.files)} lượt tiêu chí, mỗi tệp lưu một bản)"


def render_summary(result: BuildResult) -> str:
    from parcli.text import describe_size, format_decimal

    totals = result.totals
    kind = "BẢN NHÁP hồ sơ" if result.draft else "Hồ sơ"
    out = [
        f"{kind} đã tạo trong: {result.out_dir}",
        f"  Tệp nén (gói hồ sơ): {result.zip_path.name}",
        f"  Báo cáo:  {result.report_path.name} (bản để mở, đọc lại, in; như bản trong tệp nén)",
        f"  Phụ biểu: {result.appendix_path.name}",
    ]
    if result.package_dir is not None:
        out.append(f"  Thư mục giải nén sẵn: {result.package_dir.name}")
    out += [
        f"  Tài liệu kiểm chứng: {_evidence_count(result)}, {describe_size(result.evidence_bytes)}",
        f"  {result.report_date_note}",
    ]
    pct = "" if totals.percent is None else f", đạt {format_decimal(totals.percent, 2)}%"
    out.append(f"Tổng điểm tự đánh giá: {totals.text} điểm{pct}.")
    if result.replaced:
        out.append("Đã thay thế hồ sơ tạo lần trước.")
    for warning in result.warnings:
        out.append(f"Lưu ý: {warning}")
    if result.lateness:
        out.append("Thời hạn (được ghi nhận, không chặn việc tạo hồ sơ):")
        out.extend(format_finding(finding) for finding in result.lateness)
    if result.draft and result.content_errors:
        out.append("Các lỗi còn phải sửa trước khi tạo hồ sơ chính thức:")
        out.extend(format_finding(finding) for finding in result.content_errors)
    if result.draft:
        out.append(f"Tệp nén BẢN NHÁP (không dùng để gửi): {result.zip_path}")
    elif result.illustrative:
        out.append(
            f"Tệp nén thử nghiệm (bộ tiêu chí MINH HỌA, không dùng để gửi): {result.zip_path}"
        )
    else:
        out.append(f"Tệp nén để gửi {result.recipient}: {result.zip_path}")
    return "\n".join(out)
