"""``parcli criteria``: import the official table, check, list, show and compare criteria sets.

openpyxl and python-docx are imported by the readers of :mod:`parcli.criteria.table_import` only
when ``import`` runs, so ``parcli --help`` stays fast.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer

from parcli.cli.common import DossierOpt, FormatOpt, fail, format_finding
from parcli.errors import ExitCode, OutputExists, ParcliError, UsageError

app = typer.Typer(
    help="Bộ tiêu chí: nhập từ bảng phụ lục (Word/Excel), kiểm tra, liệt kê, xem, so sánh.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="Tệp phụ lục bảng tiêu chí: .docx (Word) hoặc .xlsx."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Tệp YAML sẽ ghi, ví dụ criteria/par-tinh-876.yaml."
    ),
    set_id: Optional[str] = typer.Option(  # noqa: UP045 (typer needs Optional)
        None, "--id", help="Mã bộ tiêu chí (chữ thường, số, gạch ngang); mặc định theo tên tệp."
    ),
    title: Optional[str] = typer.Option(None, "--title", help="Tên bộ tiêu chí."),  # noqa: UP045
    decision: Optional[str] = typer.Option(  # noqa: UP045
        None, "--decision", help='Số, ký hiệu văn bản, ví dụ "876/QĐ-BNV".'
    ),
    date: Optional[str] = typer.Option(  # noqa: UP045
        None, "--date", help="Ngày ban hành văn bản, dd/mm/yyyy."
    ),
    issuer: Optional[str] = typer.Option(  # noqa: UP045
        None, "--issuer", help='Cơ quan ban hành, ví dụ "Bộ Nội vụ".'
    ),
    official: bool = typer.Option(
        False, "--official", help="Ghi là bộ chính thức (chỉ khi đã đối chiếu với văn bản gốc)."
    ),
    expect: Optional[str] = typer.Option(  # noqa: UP045
        None,
        "--expect",
        help="Số lượng phải có: 8/37/88 (lĩnh vực/tiêu chí/tiêu chí thành "
        'phần) hoặc từng lĩnh vực "7/2,4/8,..." (tiêu chí/tiêu chí thành phần).',
    ),
    partial: bool = typer.Option(
        False, "--partial", help="Vẫn ghi phần đọc được khi có lỗi (để sửa tay)."
    ),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp YAML đã có."),
) -> None:
    """Nhập bảng tiêu chí (phụ lục Công văn 6203/BNV-CCHC hoặc bảng của tỉnh) thành tệp YAML.

    Mã thoát: 0 đạt (đã ghi); 1 có lỗi (không ghi, trừ khi --partial); 2 không đọc được tệp.
    """
    try:
        _import(
            file, output, set_id, title, decision, date, issuer, official, expect, partial, force
        )
    except ParcliError as exc:
        fail(exc)


def _import(
    file: Path,
    output: Path,
    set_id: str | None,
    title: str | None,
    decision: str | None,
    date: str | None,
    issuer: str | None,
    official: bool,
    expect: str | None,
    partial: bool,
    force: bool,
) -> None:
    from parcli.criteria.table_import import (
        ImportOptions,
        import_table,
        parse_date_option,
        parse_expect,
        render_report,
        write_yaml,
    )
    from parcli.text import nfc

    if set_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", set_id):
        raise UsageError(
            f"--id '{set_id}' không hợp lệ",
            "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ par-tinh-876.",
        )
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            f"-o {output}: tệp ghi ra phải có đuôi .yaml", "Ví dụ: -o criteria/par-tinh-876.yaml"
        )
    if output.exists() and not force:
        raise OutputExists(
            f"Tệp {output} đã có", "Thêm --force để ghi đè, hoặc chọn tên tệp khác với -o."
        )
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            f"Thư mục {folder} (của -o {output}) không tồn tại",
            "Tạo thư mục trước (ví dụ mkdir criteria) hoặc sửa đường dẫn -o.",
        )
    totals, per_area = parse_expect(expect) if expect else (None, None)
    options = ImportOptions(
        set_id=set_id,
        title=nfc(title.strip()) if title else None,
        decision=nfc(decision.strip()) if decision else None,
        date=parse_date_option(date),
        issuer=nfc(issuer.strip()) if issuer else None,
        official=official,
        expect_totals=totals,
        expect_areas=per_area,
    )
    result = import_table(file, options)
    typer.echo(render_report(result, options))
    typer.echo("")
    status = (
        "chính thức (--official)"
        if official
        else "MINH HỌA (chưa xác nhận là bản chính "
        "thức; thêm --official sau khi đã đối chiếu với văn bản gốc)"
    )
    if result.ok:
        write_yaml(result, output, force=force)
        typer.echo(f"Kết quả: ĐÃ NHẬP, không có lỗi. Đã ghi {output}, trạng thái {status}.")
        typer.echo(f"  → Kiểm tra lại: parcli criteria check {output}")
        raise typer.Exit(ExitCode.OK)
    n = len(result.errors)
    if partial and result.data is not None:
        write_yaml(result, output, force=force, partial=True)
        typer.echo(
            f"Kết quả: BẢNG CÒN {n} LỖI. Đã ghi phần đọc được vào {output} "
            "(--partial): sửa các lỗi trên trước khi dùng."
        )
    else:
        typer.echo(f"Kết quả: BẢNG CÒN {n} LỖI. Chưa ghi tệp {output}.")
        typer.echo(
            "  → Sửa bảng gốc theo các lỗi trên rồi nhập lại, hoặc thêm --partial để ghi "
            "phần đọc được rồi sửa tay."
        )
    raise typer.Exit(ExitCode.FINDINGS)


@app.command("check")
def check(
    file: str = typer.Argument(..., help="Tệp bộ tiêu chí .yaml (hoặc mã một bộ có sẵn)."),
) -> None:
    """Kiểm tra một bộ tiêu chí: định dạng, tổng điểm, số lượng, mã trùng, bước điểm.

    Mã thoát: 0 không có lỗi; 1 có lỗi; 2 không đọc được tệp.
    """
    try:
        _check(file)
    except ParcliError as exc:
        fail(exc)


def _check(file: str) -> None:
    from parcli.criteria.view import locate
    from parcli.findings import Severity, count, sort_findings
    from parcli.formats.loading import load_criteria
    from parcli.rules import check_criteria

    located = locate(file, Path.cwd())
    model, doc, findings = load_criteria(located.path, located.display)
    if model is not None:
        findings.extend(check_criteria(model, doc))
    findings = sort_findings(findings)
    unreadable = doc.data is None or any(f.code in ("Y001", "Y005") for f in findings)
    if model is not None:
        status = "chính thức" if model.is_official else "MINH HỌA, không phải bộ chính thức"
        a, c, p = model.counts()
        typer.echo(f"Bộ tiêu chí: {model.id} [{status}] — {located.display}")
        typer.echo(
            f"{a} lĩnh vực, {c} tiêu chí, {p} tiêu chí thành phần; tổng "
            f"{_dec(model.max_total)} điểm."
        )
        typer.echo("")
    for f in findings:
        typer.echo(format_finding(f))
    counts = count(findings)
    if findings:
        typer.echo("")
    typer.echo(
        f"Tổng kết: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} thông tin."
    )
    if unreadable:
        typer.echo("Kết quả: KHÔNG ĐỌC ĐƯỢC TỆP (sửa các lỗi trên rồi chạy lại).")
        raise typer.Exit(ExitCode.UNREADABLE)
    if counts[Severity.ERROR] or model is None:
        typer.echo("Kết quả: BỘ TIÊU CHÍ CÒN LỖI: sửa các lỗi trên rồi chạy lại.")
        raise typer.Exit(ExitCode.FINDINGS)
    typer.echo("Kết quả: HỢP LỆ.")
    raise typer.Exit(ExitCode.OK)


def _dec(value: object) -> str:
    from decimal import Decimal

    from parcli.text import format_decimal

    assert isinstance(value, Decimal)
    return format_decimal(value)


@app.command("list")
def list_(
    directory: DossierOpt = None,
) -> None:
    """Liệt kê các bộ tiêu chí: bộ có sẵn và các tệp bộ tiêu chí trong thư mục hồ sơ."""
    from parcli.criteria.view import list_sets, render_list

    try:
        infos, broken = list_sets((directory or Path.cwd()).resolve())
    except ParcliError as exc:
        fail(exc)
    typer.echo(render_list(infos, broken))


@app.command("show")
def show(
    code: Optional[str] = typer.Argument(  # noqa: UP045
        None, help="Mã lĩnh vực, tiêu chí hoặc tiêu chí thành phần (mặc định: cả bộ)."
    ),
    criteria: Optional[str] = typer.Option(  # noqa: UP045
        None, "--criteria", help="Mã bộ có sẵn hoặc đường dẫn tệp .yaml (mặc định: bộ của hồ sơ)."
    ),
    directory: DossierOpt = None,
    width: int = typer.Option(130, "--width", min=80, max=400, help="Độ rộng bảng (ký tự)."),
) -> None:
    """Xem một phần bộ tiêu chí: mã, tên, điểm tối đa, cách chấm, bước điểm, tài liệu kiểm chứng.

    Không có --criteria: dùng bộ tiêu chí của hồ sơ ở thư mục hiện tại (hoặc --dir); ngoài hồ
    sơ thì dùng bộ minh họa đi kèm parcli.
    """
    from parcli.criteria.view import (
        error_warning,
        find_subtree,
        load_located,
        locate,
        render_show,
    )

    try:
        located = locate(criteria, (directory or Path.cwd()).resolve())
        model, findings = load_located(located)
        warning = error_warning(located, model, findings)
        if warning:
            typer.echo(warning, err=True)
        subtree = find_subtree(model, code)
    except ParcliError as exc:
        fail(exc)
    typer.echo(render_show(model, subtree, located, width=width))


@app.command("diff")
def diff(
    old: str = typer.Argument(..., help="Bộ tiêu chí cũ: tệp .yaml hoặc mã bộ có sẵn."),
    new: str = typer.Argument(..., help="Bộ tiêu chí mới: tệp .yaml hoặc mã bộ có sẵn."),
    output_format: FormatOpt = "text",
) -> None:
    """So sánh hai bộ tiêu chí: thêm, bỏ, đổi tên, chuyển mã, đổi điểm tối đa, phương thức
    chấm, bước điểm, tài liệu kiểm chứng, quy tắc chấm.

    Dùng khi chuyển hồ sơ năm trước sang bộ tiêu chí của văn bản mới. Mã thoát: 0; 2 khi không
    đọc được một trong hai tệp.
    """
    import json

    from parcli.criteria.diff import diff_criteria, render_diff
    from parcli.criteria.view import error_warning, load_located, locate

    try:
        old_located, new_located = locate(old, Path.cwd()), locate(new, Path.cwd())
        old_set, old_findings = load_located(old_located)
        new_set, new_findings = load_located(new_located)
    except ParcliError as exc:
        fail(exc)
    pairs = [(old_located, old_set, old_findings)]
    if new_located.path.resolve() != old_located.path.resolve():
        pairs.append((new_located, new_set, new_findings))
    for located, model, findings in pairs:
        warning = error_warning(located, model, findings)
        if warning:
            typer.echo(warning, err=True)  # stderr: --format json stays valid JSON
    result = diff_criteria(old_set, new_set)
    if output_format == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_diff(result))
