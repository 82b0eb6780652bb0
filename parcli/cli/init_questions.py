"""The questions of an interactive ``parcli init``: asked in order, each checked at once.

The criteria set is asked first and checked before anything else (a typo never loses the
other answers); defaults come from earlier answers (abbreviation from the agency, place and
Kính gửi from the parent), never from the bundled example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from parcli.actions.init import (
    InitOptions,
    check_criteria,
    derive_abbreviation,
    derive_place,
    parse_division,
)
from parcli.errors import ParcliError
from parcli.resources import shipped_criteria

T = TypeVar("T")


def _ask(question: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Ask until the answer parses; say what is wrong in Vietnamese (never click's English)."""
    while True:
        if default is None:
            answer = str(typer.prompt(question))
        else:
            answer = str(typer.prompt(question, default=default, show_default=bool(default)))
        try:
            return parse(answer.strip())
        except (ValueError, ParcliError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            typer.echo(f"Lỗi: {message}", err=True)
            hint = getattr(exc, "hint", None)
            if hint:
                typer.echo(f"  → {hint}", err=True)


def _text(answer: str) -> str:
    if not answer:
        raise ValueError("cần nhập nội dung")
    return answer


def _optional(answer: str) -> str:
    return answer


def _year(answer: str) -> int:
    if not answer.isdigit() or not 2000 <= int(answer) <= 2100:
        raise ValueError(f"'{answer}' không phải năm (ví dụ 2024)")
    return int(answer)


def _date(answer: str) -> dt.date:
    from parcli.text import parse_date

    return parse_date(answer)


def ask_missing(target: Path, options: InitOptions, *, asked_divisions: bool) -> None:
    """Fill ``options`` by asking for what the command line did not give."""
    _ask_criteria(target, options)
    derived = _ask_agency(options)
    _ask_dates(options)
    _ask_report(options, derived[1] if derived else "")
    if asked_divisions:
        _ask_divisions(target, options)


def _ask_criteria(target: Path, options: InitOptions) -> None:
    """The criteria set, first: list the shipped sets, check the answer at once."""
    sets = shipped_criteria()
    if options.criteria != "par-tinh-876-minh-hoa" or not sets:
        return
    typer.echo("Các bộ tiêu chí có sẵn:")
    for name in sets:
        status = check_criteria(target, name)
        tag = "chính thức" if status.is_official else "MINH HỌA, không dùng để nộp"
        typer.echo(f"  {name} ({tag})")

    def criteria(answer: str) -> str:
        found = check_criteria(target, answer or options.criteria)
        if not found.is_official:
            typer.echo(
                f"Lưu ý: {found.id} là bộ MINH HỌA: thử được, nhưng kết quả không dùng để "
                "nộp; khi có bộ chính thức, nhập bằng `parcli criteria import`."
            )
        return answer or options.criteria

    options.criteria = _ask("Bộ tiêu chí", criteria, options.criteria)


def _ask_agency(options: InitOptions) -> tuple[str, str] | None:
    """Agency, parent, abbreviation and place; the last two default to what they derive.

    Returns (place, province) derived from the parent, None when it names neither.
    """
    if not options.agency:
        options.agency = _ask('Tên cơ quan (ví dụ "Sở Y tế")', _text)
    if not options.parent:
        options.parent = _ask('Cơ quan chủ quản (ví dụ "UBND TỈNH YÊN BÁI")', _text).upper()
    if not options.abbreviation:
        options.abbreviation = _ask(
            "Chữ viết tắt trong số ký hiệu", _text, derive_abbreviation(options.agency)
        )
    derived = derive_place(options.parent)
    if not options.place:
        options.place = _ask("Địa danh ghi trên văn bản", _text, derived[0] if derived else None)
    return derived


def _ask_dates(options: InitOptions) -> None:
    """The year, then the self-scoring window and the deadline (defaults from the year)."""
    options.year = _ask("Năm đánh giá", _year, str(options.year))
    year = options.year
    if options.window_start is None:
        options.window_start = _ask("Tự chấm từ ngày", _date, f"01/12/{year}")
    if options.window_end is None:
        options.window_end = _ask("Tự chấm đến ngày", _date, f"25/12/{year}")
    if options.submit_before is None:
        options.submit_before = _ask("Hạn gửi: trước ngày", _date, f"05/01/{year + 1}")


def _ask_report(options: InitOptions, province: str) -> None:
    """Kính gửi (default from the parent's ``province``) and the signer."""
    if options.addressee is None:
        options.addressee = _ask("Kính gửi", _text, f"Sở Nội vụ {province}".strip())
    if options.signer_name is None:
        options.signer_title = _ask(
            "Chức vụ người ký (để trống nếu chưa biết)", _optional, "GIÁM ĐỐC"
        )
        options.signer_name = _ask("Họ và tên người ký (để trống nếu chưa biết)", _optional, "")


def _ask_divisions(target: Path, options: InitOptions) -> None:
    """The divisions, then the codes of each one the answer did not assign."""
    answer = _ask("Các đơn vị (phân cách bằng dấu ;, đơn vị đầu là đầu mối)", _text, "Văn phòng Sở")
    specs = [parse_division(d) for d in answer.split(";") if d.strip()]
    options.divisions = [name for name, _ in specs]
    options.assignments = {name: codes for name, codes in specs if codes}
    for name in options.divisions[1:]:
        if name in options.assignments:
            continue
        codes = _ask(
            f"Mã giao cho {name} chủ trì (ví dụ 2, 3.4; để trống nếu chưa giao)",
            _codes(target, options),
            "",
        )
        if codes:
            options.assignments[name] = codes


def _codes(target: Path, options: InitOptions) -> Callable[[str], list[str]]:
    criteria = check_criteria(target, options.criteria)
    known = {a.code for a in criteria.areas}
    for area in criteria.areas:
        for crit in area.criteria:
            known.add(crit.code)
            known.update(c.code for c in crit.components)

    def parse(answer: str) -> list[str]:
        codes = parse_division("x=" + answer)[1]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(
                "mã không có trong bộ tiêu chí: " + ", ".join(unknown) + f" (xem parcli "
                f"criteria show {criteria.id})"
            )
        return codes

    return parse
