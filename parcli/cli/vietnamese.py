"""The whole command line in Vietnamese: help pages, their metavars, the errors click prints.

typer (and the click it bundles) write "Usage:", "Options", "Show this message and exit.",
``[default: …]`` and type names such as ``<list[str]>`` in English. :func:`install` makes every
help page go through :class:`VietnameseHelpFormatter`, the one place that says them in
Vietnamese; :func:`translate_usage` does the same for usage errors and values typed wrongly
(an option, or an answer to a question of ``parcli init``). Nothing heavy is imported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import typer

HEADINGS = {
    "Options": "Tùy chọn",
    "Arguments": "Tham số",
    "Commands": "Lệnh",
}

ARGUMENTS = {
    "directory": "THƯ_MỤC",
    "folder": "THƯ_MỤC",
    "file": "TỆP",
    "code": "MÃ",
    "old": "BỘ_CŨ",
    "new": "BỘ_MỚI",
    "topic": "CHỦ_ĐỀ",
    "kind": "LOẠI",
}
"""How an argument is named on the usage line, in the list of arguments and in errors."""

TYPES = {
    "str": "văn bản",
    "int": "số nguyên",
    "float": "số",
    "path": "đường dẫn",
    "file": "tệp",
    "directory": "thư mục",
    "bool": "có/không",
}

_TYPE = re.compile(r"<(list\[)?([a-z_]+)\]?>")
_USAGE_WORDS = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND": "LỆNH", "[ARGS]...": "[THAM_SỐ]..."}


def argument_name(name: str) -> str:
    return ARGUMENTS.get(name, name.upper())


def _type(match: re.Match[str]) -> str:
    label = TYPES.get(match[2], match[2])
    return f"<{label}>..." if match[1] else f"<{label}>"


def _usage_args(args: str) -> str:
    words = []
    for word in args.split():
        if word in _USAGE_WORDS:
            words.append(_USAGE_WORDS[word])
            continue
        bare = word.strip("{}[].")
        if (bare and bare in ARGUMENTS) or (bare.isidentifier() and bare.islower()):
            opened = "[" if word.startswith("[") else ""
            closed = "]" if opened else ""
            dots = "..." if word.endswith("...") else ""
            words.append(f"{opened}{argument_name(bare)}{closed}{dots}")
        else:
            words.append(word)
    return " ".join(words)


_HELP = [
    (re.compile(r"^Show this message and exit\.$"), "Xem hướng dẫn này rồi thoát."),
    (re.compile(r"\[default: "), "[mặc định: "),
    (re.compile(r"\[required\]"), "[bắt buộc]"),
    (re.compile(r"; required\]"), "; bắt buộc]"),
    (re.compile(r"\(dynamic\)"), "(tùy lúc chạy)"),
]


def _help_text(text: str) -> str:
    for pattern, replacement in _HELP:
        text = pattern.sub(replacement, text)
    return text


class VietnameseHelpFormatter(typer._click.formatting.HelpFormatter):
    """click's help formatter, saying everything in Vietnamese."""

    _section = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _usage_args(args), "Cách dùng: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self._section = heading
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(self._term(t), _help_text(h)) for t, h in rows], *args, **kwargs)

    def _term(self, term: str) -> str:
        if self._section == "Arguments":
            name = term.split(" ", 1)[0]
            return argument_name(name)
        return _TYPE.sub(_type, term)


def install() -> None:
    """Every help page of the process through :class:`VietnameseHelpFormatter`."""
    typer._click.core.Context.formatter_class = VietnameseHelpFormatter


# --------------------------------------------------------------------------- errors

_VALUE = [
    (re.compile(r"^Input should be a valid integer.*"), "phải là số nguyên, ví dụ 2024"),
    (re.compile(r"^Input should be a valid number.*"), "phải là một số, ví dụ 0,5"),
    (re.compile(r"^Input should be a valid boolean.*"), "phải là có hoặc không"),
    (re.compile(r"^Input should be a valid date.*"), "phải là một ngày, ví dụ 25/12/2023"),
    (re.compile(r"^Path '([^']*)' does not exist\.?"), r"không có '\1'"),
    (re.compile(r"^'([^']*)' is not one of (.*)\.?$"), r"'\1' không phải một trong \2"),
]


def translate_value(message: str) -> str:
    """Vietnamese for what typer says of a value that cannot be converted."""
    for pattern, replacement in _VALUE:
        if pattern.match(message):
            return pattern.sub(replacement, message, count=1)
    return message


_USAGE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?"),
        lambda m: f"không có tùy chọn {m[1]}" + (f" (có phải {m[2]}?)" if m[2] else ""),
    ),
    (re.compile(r"^No such command '([^']*)'\."), lambda m: f"không có lệnh '{m[1]}'"),
    (
        re.compile(r"^Missing argument '([^']*)'\."),
        lambda m: f"thiếu tham số {argument_name(m[1])}",
    ),
    (re.compile(r"^Missing option '([^']*)'\."), lambda m: f"thiếu tùy chọn {m[1]}"),
    (
        re.compile(r"^Option '([^']*)' requires an argument\."),
        lambda m: f"tùy chọn {m[1]} cần một giá trị",
    ),
    (
        re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)"),
        lambda m: f"thừa tham số: {m[1]}",
    ),
    (
        re.compile(r"^Invalid value for '?([^':]*)'?: (.*)", re.S),
        lambda m: f"giá trị không hợp lệ cho {_param(m[1])}: {translate_value(m[2])}",
    ),
]


def _param(name: str) -> str:
    return name if name.startswith("-") else argument_name(name)


def translate_usage(message: str) -> str:
    """Vietnamese for the usage errors click produces (the rest passes through)."""
    for pattern, render in _USAGE:
        match = pattern.match(message)
        if match:
            return render(match)
    return message
