"""``parcli init``: scaffold a dossier folder (or copy the complete example)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:  # the API (pydantic models) is imported when a command runs, not for --help
    from parcli.actions.init import InitResult
    from parcli.actions.new_year import NewYearResult


def init(
    directory: Path = typer.Argument(..., help="Thư mục hồ sơ sẽ tạo."),
    example: bool = typer.Option(
        False, "--example", help="Chép hồ sơ ví dụ đầy đủ (Sở GTVT-XD Lào Cai, năm 2023)."
    ),
    defaults: bool = typer.Option(
        False, "--defaults", help="Không hỏi; phần không ghi thì suy ra hoặc lấy theo kế hoạch."
    ),
    agency: Optional[str] = typer.Option(None, "--agency", help="Tên cơ quan."),  # noqa: UP045
    parent: Optional[str] = typer.Option(  # noqa: UP045
        None, "--parent", help='Cơ quan chủ quản, ví dụ "UBND TỈNH YÊN BÁI".'
    ),
    abbreviation: Optional[str] = typer.Option(  # noqa: UP045
        None,
        "--abbreviation",
        help="Chữ viết tắt tên cơ quan trong số ký hiệu (mặc định: chữ đầu, Sở Y tế → SYT).",
    ),
    place: Optional[str] = typer.Option(  # noqa: UP045
        None, "--place", help="Địa danh (mặc định: tỉnh, thành phố của cơ quan chủ quản)."
    ),
    year: Optional[int] = typer.Option(None, "--year", help="Năm đánh giá."),  # noqa: UP045
    criteria: Optional[str] = typer.Option(  # noqa: UP045
        None, "--criteria", help="Bộ tiêu chí (xem parcli criteria list)."
    ),
    division: Optional[list[str]] = typer.Option(  # noqa: UP045
        None,
        "--division",
        help='Một đơn vị, có thể kèm mã được giao: "Thanh tra Sở=2, 3.4" (lặp lại cho nhiều '
        "đơn vị); đơn vị đầu là đầu mối, chủ trì mọi mã còn lại.",
    ),
    window_start: Optional[str] = typer.Option(  # noqa: UP045
        None, "--window-start", metavar="<ngày>", help="Ngày bắt đầu tự chấm (mặc định 01/12)."
    ),
    window_end: Optional[str] = typer.Option(  # noqa: UP045
        None, "--window-end", metavar="<ngày>", help="Ngày kết thúc tự chấm (mặc định 25/12)."
    ),
    submit_before: Optional[str] = typer.Option(  # noqa: UP045
        None,
        "--submit-before",
        metavar="<ngày>",
        help="Hạn gửi: gửi trước ngày này (mặc định 05/01 năm sau).",
    ),
    addressee: Optional[str] = typer.Option(  # noqa: UP045
        None, "--addressee", help="Kính gửi (mặc định: Sở Nội vụ và tên tỉnh)."
    ),
    signer_title: Optional[str] = typer.Option(  # noqa: UP045
        None, "--signer-title", help='Chức vụ người ký, ví dụ "GIÁM ĐỐC".'
    ),
    signer_name: Optional[str] = typer.Option(  # noqa: UP045
        None, "--signer-name", help="Họ và tên người ký."
    ),
    force: bool = typer.Option(
        False, "--force", help="Cho phép thư mục không trống (chỉ ghi tệp còn thiếu)."
    ),
    from_dir: Optional[Path] = typer.Option(  # noqa: UP045
        None,
        "--from",
        help="Tạo hồ sơ năm mới từ hồ sơ năm trước (thư mục): giữ cơ quan, đơn vị, phân công; "
        "dời các ngày; lưu kết quả năm trước vào last_year.yaml. Không ghi vào hồ sơ cũ.",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Với --from: chỉ in những gì sẽ tạo, không ghi tệp nào."
    ),
) -> None:
    """Tạo hồ sơ mới: dossier.yaml, một tệp cho mỗi đơn vị, thư mục evidence/.

    Không bao giờ ghi đè: thư mục không trống bị từ chối, trừ khi có --force (khi đó chỉ ghi
    các tệp còn thiếu). Với --from <hồ sơ năm trước>: hồ sơ năm mới từ năm trước.
    """
    from parcli.actions.init import InitOptions, copy_example, parse_division, scaffold
    from parcli.cli.common import as_of_date

    target = directory.resolve()
    if from_dir is not None:
        from parcli.actions.new_year import init_from

        extra = [
            flag
            for flag, value in (
                ("--example", example),
                ("--force", force),
                ("--agency", agency),
                ("--parent", parent),
                ("--abbreviation", abbreviation),
                ("--place", place),
                ("--division", division),
            )
            if value
        ]
        if extra:
            raise _usage(
                f"--from không dùng cùng {', '.join(extra)}",
                "Hồ sơ năm mới lấy các thông tin này từ hồ sơ năm trước; sửa dossier.yaml sau.",
            )
        _report_new_year(init_from(target, from_dir, year=year, criteria=criteria, dry_run=dry_run))
        return
    if dry_run:
        raise _usage("--dry-run chỉ dùng với --from")
    if example:
        result = copy_example(target, force=force)
        _report(result, example=True)
        return
    given = InitOptions(
        agency=agency,
        parent=parent,
        abbreviation=abbreviation,
        place=place,
        addressee=addressee,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    if year is not None:
        given.year = year
    if criteria is not None:
        given.criteria = criteria
    for flag, value, field in (
        ("--window-start", window_start, "window_start"),
        ("--window-end", window_end, "window_end"),
        ("--submit-before", submit_before, "submit_before"),
    ):
        if value is not None:
            try:
                setattr(given, field, as_of_date(value))
            except Exception as exc:
                raise _usage(f"{flag}: {getattr(exc, 'message', exc)}") from None
    if division:
        specs = [parse_division(d) for d in division]
        given.divisions = [name for name, _ in specs]
        given.assignments = {name: codes for name, codes in specs if codes}
    ask = not defaults and sys.stdin.isatty() and not _existing(target, force)
    if not ask and not defaults and agency is None and not _existing(target, force):
        raise _usage(
            "Không hỏi được thông tin hồ sơ (lệnh không chạy trong cửa sổ lệnh tương tác)",
            'Ghi rõ bằng tùy chọn, ví dụ --agency "Sở Tài chính" --parent "UBND TỈNH YÊN BÁI" '
            '--division "Văn phòng Sở" --division "Thanh tra Sở=2, 3.4" (chữ viết tắt, địa danh '
            "được suy ra; thêm --defaults để không hỏi gì); muốn thử parcli: --example.",
        )
    if ask:
        from parcli.cli.init_questions import ask_missing

        ask_missing(target, given, asked_divisions=not division)
    result = scaffold(target, given, force=force)
    _report(result, example=False)
    _warn_sample(result.root)


def _usage(message: str, hint: str | None = None) -> Exception:
    from parcli.errors import UsageError

    return UsageError(message, hint)


def _warn_sample(root: Path) -> None:
    """Say so when the new dossier still carries the bundled example's agency fields (D013)."""
    from parcli.formats.loading import load_dossier
    from parcli.rules.dossier import sample_leftovers

    dossier = load_dossier(root).dossier
    fields = sample_leftovers(dossier) if dossier is not None else []
    if fields:
        typer.echo(
            "Lưu ý: " + ", ".join(fields) + " giống hồ sơ ví dụ (Sở GTVT-XD Lào Cai); sửa "
            "dossier.yaml cho đúng cơ quan của bạn."
        )


def _existing(target: Path, force: bool) -> bool:
    return force and (target / "dossier.yaml").is_file()


def _report(result: InitResult, *, example: bool) -> None:
    if example:
        typer.echo(f"Đã tạo hồ sơ ví dụ tại {result.root} ({len(result.written)} tệp).")
    elif "dossier.yaml" in result.written:
        typer.echo(f"Đã tạo hồ sơ mới tại {result.root} ({len(result.written)} tệp).")
    else:
        added = ", ".join(result.written) or "không có tệp nào còn thiếu"
        typer.echo(f"Đã bổ sung vào hồ sơ {result.root}: {added}.")
    if result.skipped:
        typer.echo(f"Giữ nguyên {len(result.skipped)} tệp đã có: " + ", ".join(result.skipped))
    typer.echo("")
    typer.echo("Bước tiếp theo:")
    if not example:
        typer.echo("  1. Sửa dossier.yaml: tên cơ quan, thời hạn, các đơn vị và phân công chủ trì.")
        typer.echo(
            "  2. Mỗi đơn vị điền điểm, giải trình, tài liệu kiểm chứng vào divisions/<mã>.yaml"
        )
        typer.echo("     và chép tài liệu vào thư mục evidence/.")
    typer.echo(f'  {"3" if not example else "1"}. Kiểm tra:  parcli validate "{result.root}"')
    typer.echo(f'  {"4" if not example else "2"}. Tiến độ:   parcli status "{result.root}"')
    typer.echo(f'  {"5" if not example else "3"}. Tạo hồ sơ nộp: parcli build "{result.root}"')


def _report_new_year(result: NewYearResult) -> None:
    from parcli.actions.new_year import describe_dates, field_label
    from parcli.criteria.diff import LEVEL_LABELS
    from parcli.text import format_decimal

    d, last, files = result.dossier, result.last_year, result.files
    if result.dry_run:
        typer.echo(f"Thử (--dry-run): sẽ tạo hồ sơ năm {d.year} tại {files.root}; chưa ghi gì.")
    else:
        typer.echo(
            f"Đã tạo hồ sơ năm {d.year} tại {files.root} ({len(files.written)} tệp), "
            f"từ hồ sơ năm {result.old_year} ({result.old_root})."
        )
    typer.echo("Tệp: " + ", ".join(files.written))
    if result.old_errors:
        typer.echo(
            f"Lưu ý: hồ sơ năm trước còn {result.old_errors} lỗi; chỉ chép được phần đọc được "
            f'(xem parcli validate "{result.old_root}").'
        )
    typer.echo("")
    typer.echo(
        f"Giữ nguyên: cơ quan, {len(d.divisions)} đơn vị, đầu mối, phân công, Kính gửi, "
        "Nơi nhận, dòng Lưu, người ký."
    )
    typer.echo(f"Dời {d.year - result.old_year} năm:")
    for line in describe_dates(result.shifted):
        typer.echo(f"  {line}")
    if result.cleared:
        cleared = ", ".join(field_label(f) for f in result.cleared)
        typer.echo(f"Đã xóa (điền lại cho năm nay): {cleared}.")
    typer.echo("Mọi điểm tự chấm, giải trình, tài liệu kiểm chứng: để trống cho năm nay.")
    scored = sum(1 for e in last.leaves.values() if e.result()[0] is not None)
    typer.echo(
        f"Kết quả năm {last.year} lưu vào last_year.yaml: {scored} tiêu chí có điểm"
        + (
            f", tổng tự chấm {format_decimal(last.self_total)}"
            if last.self_total is not None
            else ""
        )
        + (
            f", tổng công bố {format_decimal(last.published_total)}"
            if last.published_total is not None
            else ""
        )
        + "."
    )
    mapping = result.mapping
    if not mapping.identity:
        typer.echo("")
        typer.echo(f"Bộ tiêu chí đổi: {mapping.old_id} → {mapping.new_id}.")
        moved = mapping.changed_codes
        if moved:
            typer.echo(
                "  Chuyển mã (khớp theo tên): " + ", ".join(f"{a} → {b}" for a, b in moved.items())
            )
        for item in last.unmatched:
            where = "chỉ có năm trước" if item.side == "removed" else "mới năm nay"
            score = (
                f"; điểm năm trước {format_decimal(item.last_score)}"
                if item.last_score is not None
                else ""
            )
            typer.echo(
                f"  Không khớp ({where}): {item.code} ({LEVEL_LABELS[item.level]}"
                f"{score}): {item.name}"
            )
    carried = result.assignments
    for drop in carried.dropped:
        typer.echo(f"  Không chuyển phân công {drop.code} của {drop.division}: {drop.reason}.")
    if carried.unassigned_new:
        typer.echo(
            "  Chưa giao cho đơn vị nào (mục mới, không đoán): "
            + ", ".join(carried.unassigned_new)
            + ". Thêm vào assignments trong dossier.yaml."
        )
    typer.echo("")
    typer.echo("Bước tiếp theo:")
    typer.echo("  1. Sửa dossier.yaml: thời gian tự chấm, hạn gửi, văn bản căn cứ năm nay.")
    typer.echo("  2. Các đơn vị chấm điểm năm nay; ghi remedy cho các tiêu chí năm trước bị trừ.")
    typer.echo(f'  3. Kiểm tra: parcli validate "{files.root}"')
    typer.echo(f'  4. So sánh với năm trước: parcli compare "{files.root}"')
