"""Find the header row of a criteria table: header words and their synonyms, the role of each
column (code, name, max, rule, evidence), one- and two-row headers, the "(1) (2) (3)"
row under a header, and what a data row (rather than a header) looks like.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from parcli.criteria.table_import.codes import Code, parse_code, split_leading_code
from parcli.criteria.table_import.scores import parse_score
from parcli.criteria.table_import.tables import RawCell, RawRow
from parcli.criteria.table_import.textutil import short
from parcli.text import fold

Role = Literal["code", "name", "max", "rule", "evidence"]

_CODE_HEADER = re.compile(r"^(stt|tt|so tt|so thu tu|ma|ma so|ma tieu chi|ky hieu)\b")
_NAME_HEADERS = ("linh vuc", "noi dung", "ten tieu chi", "tieu chi", "ten")
_MAX_HEADERS = ("diem toi da", "diem chuan", "thang diem", "so diem toi da")
_RULE_HEADERS = (
    "cach cham",
    "phuong phap danh gia",
    "phuong phap cham",
    "huong dan cham",
    "huong dan danh gia",
    "cach tinh diem",
    "cach thuc cham",
)
_EVIDENCE_HEADERS = ("tai lieu kiem chung",)
HEADER_SYNONYMS: dict[Role, tuple[str, ...]] = {
    "code": ("STT", "TT", "Số TT", "Mã", "Mã số", "Mã tiêu chí", "Ký hiệu"),
    "name": ("Lĩnh vực, tiêu chí, tiêu chí thành phần", "Nội dung", "Tên tiêu chí", "Tiêu chí"),
    "max": ("Điểm tối đa", "Điểm chuẩn", "Thang điểm"),
    "rule": (
        "Cách chấm điểm",
        "Phương pháp đánh giá",
        "Hướng dẫn chấm",
        "Hướng dẫn đánh giá",
        "Cách tính điểm",
    ),
    "evidence": ("Tài liệu kiểm chứng",),
}


def _header_role(text: str) -> Role | None:
    f = re.sub(r"[():.*]", " ", fold(text))
    f = " ".join(f.split())
    if not f:
        return None
    if any(h in f for h in _MAX_HEADERS) or f in ("toi da", "diem toi da"):
        return "max"
    if any(h in f for h in _RULE_HEADERS):
        return "rule"
    if any(h in f for h in _EVIDENCE_HEADERS):
        return "evidence"
    if _CODE_HEADER.match(f) and len(f) <= 20:
        return "code"
    if any(f.startswith(h) for h in _NAME_HEADERS) and "diem" not in f:
        return "name"
    return None


def match_header(texts: Sequence[str]) -> dict[Role, int] | None:
    """Column of each role when ``texts`` is a header row (needs a name and a max column)."""
    roles, _dups = roles_of([_header_role(t) for t in texts])
    return roles if "name" in roles and "max" in roles else None


def roles_of(found: Sequence[Role | None]) -> tuple[dict[Role, int], dict[Role, list[int]]]:
    """First column of each role, and the roles that more than one column claims."""
    roles: dict[Role, int] = {}
    columns: dict[Role, list[int]] = {}
    for i, role in enumerate(found):
        if role is not None:
            roles.setdefault(role, i)
            columns.setdefault(role, []).append(i)
    return roles, {r: cols for r, cols in columns.items() if len(cols) > 1}


def row_roles(row: RawRow) -> list[Role | None]:
    """The role of each column of a one-row header (the copies of a merged cell count once)."""
    return [None if c.merge == "h" else _header_role(c.text) for c in row.cells]


def two_row_roles(top: RawRow, below: RawRow) -> list[Role | None]:
    """The role of each column of a header over two rows.

    A sub-header ("Cách chấm điểm | Tài liệu kiểm chứng" under "Hướng dẫn đánh giá",
    "Tối đa | Tự chấm" under "Điểm") names its own column; a cell merged down from the first
    row keeps the role of the first row.
    """
    out: list[Role | None] = []
    for j in range(max(len(top.cells), len(below.cells))):
        upper = top.cells[j] if j < len(top.cells) else RawCell("")
        lower = below.cells[j] if j < len(below.cells) else RawCell("")
        own = lower.text if lower.merge == "" else ""
        role = _header_role(own) if own else None
        if role is None and upper.merge != "h":
            role = _header_role(f"{upper.text} {own}".strip()) or (
                None if own else _header_role(upper.text)
            )
        out.append(role)
    return out


def header_text(cells: Sequence[RawCell], columns: Sequence[int]) -> str:
    return ", ".join(f'cột {j + 1} "{short(cells[j].text, 40)}"' for j in columns if j < len(cells))


def is_column_numbers(texts: Sequence[str]) -> bool:
    """The row "(1) (2) (3) (4)" or "1 2 3 4" printed under a header."""
    values = [t.strip() for t in texts if t.strip()]
    if len(values) < 3:
        return False
    nums: list[int] = []
    for v in values:
        m = re.fullmatch(r"\(?(\d{1,2})\)?", v)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == list(range(nums[0], nums[0] + len(nums)))


ROLE_LABELS: dict[Role, str] = {
    "code": "mã (STT)",
    "name": "tên tiêu chí",
    "max": "điểm tối đa",
    "rule": "cách chấm điểm",
    "evidence": "tài liệu kiểm chứng",
}


def signature(row: RawRow) -> tuple[str, ...]:
    return tuple(fold(c.text) for c in row.cells)


def is_subheader(row: RawRow) -> bool:
    """The second row of a header: cells merged down from the first row, or sub-headers."""
    if looks_like_data(row) or not any(c.text for c in row.cells):
        return False
    own = [c for c in row.cells if c.merge == "" and c.text]
    if any(_header_role(c.text) for c in own):
        return True
    return any(c.merge == "v" for c in row.cells) and not any(
        parse_score(c.text) is not None for c in own
    )


def row_code(row: RawRow, roles: dict[Role, int]) -> Code | None:
    """The code of a data row: its code cell, or the start of its name cell."""
    idx = roles.get("code")
    if idx is not None and idx < len(row.cells) and row.cells[idx].merge == "":
        code = parse_code(row.cells[idx].text)
        if code is not None:
            return code
    idx = roles.get("name")
    if idx is not None and idx < len(row.cells) and row.cells[idx].merge == "":
        split = split_leading_code(row.cells[idx].text.split("\n", 1)[0])
        if split is not None and split[0].kind != "letter":
            return split[0]
    return None


def looks_like_criterion(row: RawRow) -> bool:
    """A row of a table without header that would be a criterion: a code and a score."""
    cells = [c.text for c in row.cells if c.merge == "" and c.text]
    for k, text in enumerate(cells):
        code = parse_code(text)
        lead = split_leading_code(text.split("\n", 1)[0])
        if (code is not None and code.kind != "letter") or (
            lead is not None and lead[0].kind != "letter"
        ):
            return any(parse_score(t) is not None for t in cells[k + 1 :])
    return False


def looks_like_data(row: RawRow) -> bool:
    """A row whose first filled cell is a criterion code (not a second header row)."""
    first = next((c.text for c in row.cells if c.text and c.merge != "h"), "")
    return parse_code(first) is not None or split_leading_code(first) is not None
