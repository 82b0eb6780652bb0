"""What the command line adds to the table: :class:`ImportOptions` and the parsers of the
``--expect`` and ``--date`` options.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from parcli.errors import UsageError
from parcli.text import parse_date


@dataclasses.dataclass
class ImportOptions:
    """What the command line adds to the table."""

    set_id: str | None = None
    title: str | None = None
    decision: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    official: bool = False
    expect_totals: tuple[int, int, int] | None = None
    expect_areas: list[tuple[int, int]] | None = None  # (tiêu chí, tiêu chí thành phần) per area


def parse_expect(text: str) -> tuple[tuple[int, int, int] | None, list[tuple[int, int]] | None]:
    """``8/37/88`` (lĩnh vực/tiêu chí/tiêu chí thành phần) or ``7/2,4/8,...`` per lĩnh vực."""
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d+/\d+/\d+", compact):
        a, c, p = (int(x) for x in compact.split("/"))
        return (a, c, p), None
    if re.fullmatch(r"\d+/\d+(,\d+/\d+)*", compact):
        pairs = [tuple(int(x) for x in part.split("/")) for part in compact.split(",")]
        return None, [(p[0], p[1]) for p in pairs]
    raise UsageError(
        f"--expect '{text}' không đúng dạng",
        "Viết tổng số lĩnh vực/tiêu chí/tiêu chí thành phần (--expect 8/37/88) hoặc số tiêu "
        "chí/tiêu chí thành phần của từng lĩnh vực, cách nhau bằng dấu phẩy "
        '(--expect "7/2,4/8,5/14,3/12,7/16,3/14,3/14,5/8").',
    )


def parse_date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
