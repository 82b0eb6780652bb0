"""``parcli sync``: division files follow the assignments in dossier.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from parcli.cli.common import dossier_dir


def sync(
    directory: Optional[Path] = typer.Argument(  # noqa: UP045 (typer needs Optional)
        None, help="Thư mục hồ sơ (mặc định: thư mục hiện tại)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ in các thay đổi, không ghi gì."),
) -> None:
    """Cập nhật các tệp divisions/*.yaml theo phân công (assignments) trong dossier.yaml.

    Thêm mục trống cho các tiêu chí mới được giao; tạo tệp cho đơn vị chưa có tệp. Không bao
    giờ xóa trả lời: trả lời của tiêu chí không còn giao cho đơn vị được giữ và liệt kê.
    Mã thoát: 0 xong; 1 có tệp không cập nhật được; 2 không đọc được hồ sơ.
    """
    from parcli.actions.forms import sync_divisions

    result = sync_divisions(dossier_dir(directory), dry_run=dry_run)
    will = "sẽ " if dry_run else ""
    for f in result.files:
        if f.created:
            typer.echo(f"{f.file}: {will}tạo mới, {len(f.added)} tiêu chí")
        elif f.added:
            typer.echo(
                f"{f.file}: {will}thêm {len(f.added)} tiêu chí mới được giao: " + ", ".join(f.added)
            )
        for code, lead in f.kept:
            owner = f"nay giao cho '{lead}'" if lead else "nay không giao cho đơn vị nào"
            typer.echo(
                f"{f.file}: giữ nguyên trả lời {code} ({owner}); chuyển nội dung sang "
                "đơn vị chủ trì rồi xóa ở đây nếu cần"
            )
    for file, why in result.skipped:
        typer.echo(f"{file}: bỏ qua: {why}")
    changed = len(result.changed)
    if dry_run:
        typer.echo(f"--dry-run: {changed} tệp sẽ thay đổi; chưa ghi gì.")
    else:
        typer.echo(
            f"Xong: {changed} tệp đã cập nhật."
            if changed
            else "Các tệp đã khớp với phân công; không có gì thay đổi."
        )
    raise typer.Exit(1 if result.skipped else 0)
