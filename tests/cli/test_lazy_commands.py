"""The lazily loaded commands of ``parcli``: the list ``parcli --help`` prints from the short
helps declared in parcli/cli/__init__.py is the one the commands themselves give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import typer.core
from typer._click import Context
from typer._click.utils import make_default_short_help

from parcli.cli import Commands
from parcli.cli.lazy import Lazy, LazyGroup

ENTRIES = Commands.lazy_commands


def _loaded(entry: Lazy) -> Any:
    return entry.load(rich_markup_mode=None, suggest_commands=True)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_the_declared_short_help_is_the_commands_own(entry: Lazy) -> None:
    command = _loaded(entry)
    derived = make_default_short_help(command.help or "", 10**6)
    assert entry.summary == derived, (
        f"parcli {entry.name}: the short help declared in parcli/cli/__init__.py "
        f"(Commands.lazy_commands) is\n  {entry.summary!r}\nbut {entry.target} now says\n"
        f"  {derived!r}\nCopy the first sentence of its help into Lazy({entry.name!r}, …)."
    )
    assert command.short_help is None and not command.hidden and not command.deprecated
    for limit in range(1, 200):  # shortened for any terminal width, it says the same
        assert make_default_short_help(entry.summary, limit) == command.get_short_help_str(limit)


def _listing(group: Any, width: int) -> str:
    ctx = Context(group, info_name="parcli", terminal_width=width, max_content_width=width)
    formatter = ctx.make_formatter()  # the Vietnamese one parcli installs
    group.format_commands(ctx, formatter)
    return formatter.getvalue()


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_the_list_of_commands_is_the_one_typer_writes_from_the_loaded_commands(
    width: int,
) -> None:
    eager = typer.core.TyperGroup(
        name="parcli", commands={e.name: _loaded(e) for e in ENTRIES}, rich_markup_mode=None
    )
    lazy = Commands(name="parcli", rich_markup_mode=None)
    assert _listing(lazy, width) == _listing(eager, width)
    assert "Lệnh:" in _listing(lazy, width)  # the Vietnamese formatter is in place


def test_every_command_is_found_and_built_once() -> None:
    group = Commands(name="parcli", rich_markup_mode=None)
    ctx = Context(group, info_name="parcli")
    assert group.list_commands(ctx) == [e.name for e in ENTRIES]
    validate = group.get_command(ctx, "validate")
    assert validate is not None and validate.name == "validate"
    assert group.get_command(ctx, "validate") is validate
    criteria = group.get_command(ctx, "criteria")
    assert isinstance(criteria, typer.core.TyperGroup)
    assert list(criteria.commands) == ["import", "check", "list", "show", "diff"]
    assert group.get_command(ctx, "khong-co") is None


def test_a_lazy_group_takes_no_command_object() -> None:
    class One(LazyGroup):
        lazy_commands = (Lazy("validate", "parcli.cli.validate:validate", "x"),)

    group = One(name="x")
    with pytest.raises(TypeError, match="lazy_commands"):
        group.add_command(_loaded(ENTRIES[0]), "init")
    with pytest.raises(TypeError, match="lazy_commands"):
        One(name="x", commands={"init": _loaded(ENTRIES[0])})


def test_a_typo_in_a_command_name_is_still_a_vietnamese_usage_error(
    cli: Callable[..., Any],
) -> None:
    run = cli("valdate", "x")
    assert run.code == 2
    assert run.err.startswith("Lỗi: không có lệnh 'valdate'")
