"""``parcli docs [TOPIC]``: the user guides, shipped with parcli, printed in the terminal."""

from __future__ import annotations

import difflib

import typer

from parcli.errors import UsageError


def _title(text: str) -> str:
    first = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return first[2:].strip().replace("`", "")


def docs(
    topic: str = typer.Argument(
        "", show_default=False, help="Tên hướng dẫn, ví dụ formats; bỏ trống để xem danh sách."
    ),
) -> None:
    """Xem hướng dẫn sử dụng (định dạng tệp, mã phát hiện, build, báo cáo, phụ biểu, …).

    Ví dụ: parcli docs formats  |  parcli docs findings  |  parcli docs formats > formats.md
    """
    from parcli.resources import shipped_docs

    guides = shipped_docs()
    if not topic:
        typer.echo("Các hướng dẫn (xem bằng: parcli docs <tên>):")
        width = max((len(name) for name in guides), default=0)
        for name, guide in guides.items():
            typer.echo(f"  {name.ljust(width)}  {_title(guide.read_text(encoding='utf-8'))}")
        return
    key = topic.strip().lower().removesuffix(".md").removeprefix("docs/")
    path = guides.get(key)
    if path is None:
        close = difflib.get_close_matches(key, list(guides), n=1, cutoff=0.5)
        hint = f"Có phải ý bạn là '{close[0]}'? " if close else ""
        raise UsageError(
            f"Không có hướng dẫn '{topic}'.", hint + "Các hướng dẫn: " + ", ".join(guides) + "."
        )
    typer.echo(path.read_text(encoding="utf-8").rstrip("\n"))
