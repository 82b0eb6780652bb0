"""``parcli templates``: the wording templates of the report (export, list).

jinja2 is imported only inside the commands (through :mod:`parcli.render.templating`), so loading
this module at start-up stays cheap.
"""

from __future__ import annotations

from pathlib import Path

import typer

from parcli.cli.common import DossierArg, dossier_dir
from parcli.errors import DossierNotFound

DOSSIER_FILE = "dossier.yaml"  # parcli.formats.loading.DOSSIER_FILE, without importing the loader

app = typer.Typer(
    help="Mẫu câu chữ của báo cáo (templates/report/*.j2): chép ra hồ sơ để sửa, xem danh sách.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("export")
def export(
    folder: Path | None = typer.Argument(
        None,
        help="Thư mục hồ sơ, có tệp dossier.yaml (mặc định: thư mục hiện tại); các mẫu được "
        "chép vào <thư mục>/templates/.",
        show_default=False,
    ),
    force: bool = typer.Option(
        False, "--force", help="Ghi đè các tệp mẫu đã có (mất các sửa đổi trong đó)."
    ),
) -> None:
    """Chép các mẫu câu chữ có sẵn vào thư mục templates/ của hồ sơ để sửa lời văn."""
    from parcli.render.templating import export_templates

    root = dossier_dir(folder)
    if not (root / DOSSIER_FILE).is_file():
        # A mistyped path must not become a new folder full of templates.
        raise DossierNotFound(
            f"Không có tệp {DOSSIER_FILE} trong thư mục {root}: đây không phải thư mục hồ sơ, "
            "chưa chép mẫu nào",
            "Chạy lệnh trong thư mục hồ sơ, hoặc chỉ đường dẫn tới thư mục đó "
            "(parcli templates export <thư mục hồ sơ>); kiểm tra lại đường dẫn đã gõ.",
        )
    written = export_templates(root, force)
    typer.echo(f"Đã chép {len(written)} tệp mẫu vào {root / 'templates'}:")
    for path in written:
        typer.echo(f"  {path.relative_to(root).as_posix()}")
    typer.echo(
        "Sửa lời văn trong các tệp này; `parcli build` dùng chúng thay cho mẫu có sẵn. "
        "Xóa tệp nào không sửa để luôn dùng mẫu mới nhất của parcli. "
        "Tên mẫu và các biến: xem `parcli docs report`."
    )


@app.command("list")
def list_templates(
    folder: DossierArg = None,
) -> None:
    """Liệt kê các mẫu câu chữ và cho biết mẫu nào hồ sơ đã sửa riêng."""
    from parcli.render.templating import is_unchanged_copy, local_templates, packaged_templates

    root = dossier_dir(folder)
    packaged = packaged_templates()
    local = set(local_templates(root))
    edited = 0
    for name in packaged:
        if name not in local:
            mark = "có sẵn"
        elif is_unchanged_copy(root, name):
            mark = "giống mẫu có sẵn (có thể xóa)"
        else:
            mark = f"sửa riêng (templates/{name})"
            edited += 1
        typer.echo(f"  {name:32} {mark}")
    unknown = sorted(local - set(packaged))
    for name in unknown:
        typer.echo(
            f"Cảnh báo: templates/{name} không trùng tên mẫu nào của parcli nên không được "
            "dùng (kiểm tra lại tên tệp).",
            err=True,
        )
    if not local:
        typer.echo("Hồ sơ chưa sửa mẫu nào; chép mẫu ra để sửa: parcli templates export")
    elif not edited and local & set(packaged):
        typer.echo(
            "Hồ sơ chưa sửa mẫu nào: các tệp trong templates/ giống hệt mẫu có sẵn. Xóa các tệp "
            "không sửa để luôn dùng mẫu mới nhất của parcli."
        )
