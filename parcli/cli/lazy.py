"""A command group that imports a command's module only when that command is used.

``parcli --help`` lists every command with its short help; importing the ~15 command modules
(and building each command's parameters) to print that list costs more than the rest of the
start-up. :class:`LazyGroup` knows each command's name, where it lives and its short help
statically (:class:`Lazy`), and imports the module only when the command is resolved: when it
runs, or its own ``--help`` is shown. The short help must be the one the command's docstring
gives (tests/cli/test_lazy_commands.py compares them), so the listing prints what it printed
when every module was imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
import typer.core
import typer.main
from typer import _click
from typer._click.utils import make_default_short_help


@dataclass(frozen=True)
class Lazy:
    """One command (or group) of a lazy group, known without importing its module."""

    name: str
    """The command's name on the command line."""
    target: str
    """``module:function`` for a command, ``module:app`` (a ``typer.Typer``) for a group."""
    summary: str
    """The first sentence of the command's help, as click shortens it: the short help."""

    def load(self, *, rich_markup_mode: Any, suggest_commands: bool) -> _click.Command:
        """The click command, built exactly as ``app.command(name)`` / ``app.add_typer`` do."""
        module_name, attribute = self.target.split(":")
        obj = getattr(importlib.import_module(module_name), attribute)
        holder = typer.Typer()
        if isinstance(obj, typer.Typer):
            holder.add_typer(obj, name=self.name)
            return typer.main.get_group_from_info(
                holder.registered_groups[0],
                pretty_exceptions_short=holder.pretty_exceptions_short,
                rich_markup_mode=rich_markup_mode,
                suggest_commands=suggest_commands,
            )
        holder.command(self.name)(obj)
        return typer.main.get_command_from_info(
            holder.registered_commands[0],
            pretty_exceptions_short=holder.pretty_exceptions_short,
            rich_markup_mode=rich_markup_mode,
        )


class _Commands(MutableMapping[str, "_click.Command"]):
    """``group.commands``: every name known at once, each command built when first asked for."""

    def __init__(self, group: LazyGroup) -> None:
        self._group = group
        self.entries = {entry.name: entry for entry in group.lazy_commands}
        self._loaded: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._loaded:
            entry = self.entries[name]  # KeyError for an unknown name, as a dict
            self._loaded[name] = entry.load(
                rich_markup_mode=self._group.rich_markup_mode,
                suggest_commands=self._group.suggest_commands,
            )
        return self._loaded[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        raise TypeError(f"{name}: add it to lazy_commands as a Lazy entry, not as an object")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"{name}: remove it from lazy_commands")

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


class LazyGroup(typer.core.TyperGroup):
    """A typer group whose commands are the :class:`Lazy` entries of ``lazy_commands``.

    Give it to ``typer.Typer(cls=...)`` and register no command on that Typer: a subclass sets
    ``lazy_commands``.
    """

    lazy_commands: ClassVar[tuple[Lazy, ...]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if self.commands:
            raise TypeError(f"{sorted(self.commands)}: declare them in lazy_commands")
        self.lazy = _Commands(self)
        self.commands = self.lazy

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The list of commands as typer writes it, from the static short helps."""
        entries = self.lazy.entries
        if not entries:
            return
        limit = formatter.width - 6 - max(len(name) for name in entries)
        rows = [(name, make_default_short_help(e.summary, limit)) for name, e in entries.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
