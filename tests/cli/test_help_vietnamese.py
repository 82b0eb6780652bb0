"""Every help page and usage error is Vietnamese: no "Usage", "Options", `<list[str]>` …"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|\bdefault\b|\brequired\b|Show this message|"
    r"<[a-z_]+(\[[a-z_]+\])?>|\{[a-z_]+\}|\(dynamic\)|Input should|Missing|Invalid value"
)


def _commands() -> Iterator[list[str]]:
    import typer.main

    from parcli.cli import app

    group = typer.main.get_command(app)
    yield []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        yield [name]
        for sub in getattr(command, "commands", {}):
            yield [name, sub]


@pytest.mark.parametrize("command", list(_commands()), ids=lambda c: " ".join(c) or "parcli")
def test_help_pages_are_vietnamese(cli: Callable[..., Any], command: list[str]) -> None:
    run = cli(*command, "--help")
    assert run.code == 0, run.err
    assert run.out.startswith("Cách dùng: parcli")
    assert "Xem hướng dẫn này rồi thoát." in run.out
    assert not ENGLISH.findall(run.out), ENGLISH.findall(run.out)


def test_the_init_page_names_its_argument_and_types(cli: Callable[..., Any]) -> None:
    out = cli("init", "--help").out
    assert "Cách dùng: parcli init [TÙY_CHỌN] THƯ_MỤC" in out
    assert re.search(r"^Tham số:\n  THƯ_MỤC +Thư mục hồ sơ sẽ tạo\.  \[bắt buộc\]", out, re.M)
    assert "--year <số nguyên>" in out and "--agency <văn bản>" in out
    assert "--division <văn bản>..." in out
    assert "Tùy chọn:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "x", "--year", "abc"], "giá trị không hợp lệ cho --year: phải là số nguyên"),
        (["init"], "thiếu tham số THƯ_MỤC"),
        (["validate", "--bogus"], "không có tùy chọn --bogus"),
        (["khong-co"], "không có lệnh 'khong-co'"),
    ],
)
def test_usage_errors_are_vietnamese(
    cli: Callable[..., Any], args: list[str], message: str
) -> None:
    run = cli(*args)
    assert run.code == 2
    assert run.err.startswith(f"Lỗi: {message}")
    assert not ENGLISH.findall(run.err), run.err
