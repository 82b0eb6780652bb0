"""The layout of the division form, shared by the writer and the reader.

Nothing here imports openpyxl: the reader and writer do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re

from parcli.errors import EvidenceLineError
from parcli.model import Answer, CriteriaSet, Evidence
from parcli.text import fold, format_date, nfc, parse_date, plain_decimal

FORMAT_NAME = "parcli-phieu-tu-cham"
FORMAT_VERSION = 1

SHEET_GUIDE = "Hướng dẫn"
SHEET_FORM = "Phiếu tự chấm"
SHEET_ID = "parcli"  # hidden: identifies the form
SHEET_LEVELS = "Mức điểm"  # hidden: the values of each score drop-down
SHEET_BASE = "Giá trị khi xuất"  # hidden: the input cells as exported (to see what changed)


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã", 6.5, False),
    Column("name", "Tiêu chí, tiêu chí thành phần", 28, False),
    Column("max", "Điểm tối đa", 7, False),
    Column("rule", "Cách chấm điểm", 22, False),
    Column("score", "Điểm tự chấm", 8, True),
    Column("explanation", "Giải trình / thuyết minh", 25, True),
    Column("evidence", "Tài liệu kiểm chứng", 32, True),
    Column("reason_lost", "Nguyên nhân bị trừ điểm", 18, True),
    Column("remedy", "Giải pháp khắc phục", 18, True),
    Column("notes", "Ghi chú kiểm tra", 22, False),
)
# Optional columns: only in the forms of a dossier that has what they show. The reader finds
# columns by header text, so a form without them (or an older parcli) reads the same.
LAST_YEAR_COLUMNS: tuple[Column, ...] = (  # last_year.yaml exists; after "Cách chấm điểm"
    Column("last_score", "Năm trước", 7, False),
    Column("last_reason", "Nguyên nhân bị trừ điểm năm trước", 20, False),
)
APPRAISAL_COLUMNS: tuple[Column, ...] = (  # a giải trình is open; before "Ghi chú kiểm tra"
    Column("appraised", "Điểm thẩm định vòng 1", 8, False),
    Column("opinion", "Ý kiến thẩm định", 22, False),
    Column("response_text", "Giải trình (thẩm định)", 25, True),
    Column("response_evidence", "Tài liệu kiểm chứng bổ sung", 30, True),
)
ALL_COLUMNS = COLUMNS + LAST_YEAR_COLUMNS + APPRAISAL_COLUMNS
COLUMN = {c.key: c for c in ALL_COLUMNS}
REQUIRED = ("code", "score")  # the reader needs these two columns; the others are optional
INPUT_KEYS = tuple(c.key for c in ALL_COLUMNS if c.editable)
BASE_KEYS = ("score", "explanation", "evidence", "reason_lost", "remedy")
RESPONSE_KEYS = ("response_text", "response_evidence")


def form_columns(*, last_year: bool = False, appraisal: bool = False) -> tuple[Column, ...]:
    """The columns of one form, in order: the optional ones only when they apply."""
    before, after = COLUMNS[:4], COLUMNS[4:-1]
    return (
        before
        + (LAST_YEAR_COLUMNS if last_year else ())
        + after
        + (APPRAISAL_COLUMNS if appraisal else ())
        + COLUMNS[-1:]
    )


def header_key(text: str) -> str:
    """A header text compared tolerantly: case, diacritics, spacing and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


HEADER_KEYS = {header_key(c.header): c.key for c in ALL_COLUMNS}


def form_file_name(division_id: str, year: int) -> str:
    return f"phieu-tu-cham-{division_id}-{year}.xlsx"


def criteria_hash(criteria: CriteriaSet) -> str:
    """A short hash of the criteria set's content: a form is tied to one version of the set."""
    payload = criteria.model_dump_json().encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class FormIdentity:
    """What the hidden sheet says about a form."""

    format: str
    version: int
    agency: str
    abbreviation: str
    year: int
    criteria_id: str
    criteria_hash: str
    division: str
    division_name: str
    exported: dt.date

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("format", self.format),
            ("version", str(self.version)),
            ("agency", self.agency),
            ("abbreviation", self.abbreviation),
            ("year", str(self.year)),
            ("criteria", self.criteria_id),
            ("criteria_hash", self.criteria_hash),
            ("division", self.division),
            ("division_name", self.division_name),
            ("exported", self.exported.isoformat()),
        ]


# --------------------------------------------------------------------------- evidence lines

EVIDENCE_FIELDS = ("path", "number", "issued", "title", "part")
"""One document a line: ``tệp | số ký hiệu | ngày ban hành | trích yếu | phần``; trailing
parts may be left out. A "|" inside a part is written ``\\|``."""

_SPLIT = re.compile(r"(?<!\\)\|")
_QUOTES = "\"'“”‘’„«»`"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def evidence_line(item: Evidence, division_id: str) -> str:
    """The line for ``item`` (a path in the division's own folder is written as a bare name)."""
    path = short_path(item.path, division_id)
    parts = [
        path,
        item.number or "",
        format_date(item.issued) if item.issued else "",
        item.title or "",
        item.part or "",
    ]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return " | ".join(_escape(p.replace("\n", " ")) for p in parts)


def answer_texts(answer: Answer | None, division_id: str) -> dict[str, str]:
    """The input cells of an answer as the form shows them (also kept in the hidden sheet
    "Giá trị khi xuất", so an import can tell what the division changed)."""
    a = answer or Answer()
    response = a.response
    return {
        "score": "" if a.score is None else plain_decimal(a.score),
        "explanation": a.explanation or "",
        "evidence": "\n".join(evidence_line(e, division_id) for e in a.evidence),
        "reason_lost": a.reason_lost or "",
        "remedy": a.remedy or "",
        "response_text": (response.text if response else None) or "",
        "response_evidence": "\n".join(
            evidence_line(e, division_id) for e in (response.evidence if response else [])
        ),
    }


def division_folder(division_id: str) -> str:
    return f"evidence/{division_id}"


def short_path(path: str, division_id: str) -> str:
    prefix = division_folder(division_id) + "/"
    if path.startswith(prefix) and "/" not in path[len(prefix) :]:
        return path[len(prefix) :]
    return path


@dataclasses.dataclass(frozen=True)
class EvidenceLine:
    path: str
    number: str | None
    issued: dt.date | None
    title: str | None
    part: str | None


def parse_evidence_line(line: str) -> EvidenceLine:
    """Parse one line of the "Tài liệu kiểm chứng" cell; raises EvidenceLineError."""
    parts = [nfc(p.replace("\\|", "|").strip()) for p in _SPLIT.split(line)]
    if len(parts) > len(EVIDENCE_FIELDS):
        raise EvidenceLineError(
            f"dòng có {len(parts)} phần ngăn bởi dấu |, tối đa {len(EVIDENCE_FIELDS)} "
            "(tệp | số ký hiệu | ngày | trích yếu | phần)"
        )
    parts += [""] * (len(EVIDENCE_FIELDS) - len(parts))
    path = parts[0].strip(_QUOTES).strip().replace("\\", "/")
    if not path:
        raise EvidenceLineError("thiếu tên tệp ở đầu dòng (trước dấu | đầu tiên)")
    issued: dt.date | None = None
    if parts[2]:
        try:
            issued = parse_date(parts[2])
        except ValueError as exc:
            raise EvidenceLineError(f"ngày ban hành {exc}") from None
    return EvidenceLine(
        path=path,
        number=parts[1] or None,
        issued=issued,
        title=parts[3] or None,
        part=parts[4] or None,
    )
