"""What an import produces: the problems it found, the per-area summary and the result.

A file that cannot be read as a criteria table at all raises
:class:`parcli.errors.TableUnreadable` (exit code 2).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Literal

from parcli.findings import Severity
from parcli.model import CriteriaSet

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclasses.dataclass(frozen=True)
class ImportProblem:
    """Something the importer could not place or had to guess, with where it is."""

    severity: Severity
    message: str
    hint: str = ""
    where: str = ""  # "Bảng 2, dòng 7" or "Trang tính 'Phụ lục', dòng 7"
    text: str = ""  # the row's text (shortened), so the user can find it

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "where": self.where,
            "message": self.message,
            "hint": self.hint,
            "text": self.text,
        }


@dataclasses.dataclass(frozen=True)
class AreaSummary:
    code: str
    name: str
    criteria: int
    components: int
    max_score: Decimal | None  # as printed (None: not printed)
    children_sum: Decimal


@dataclasses.dataclass
class ImportResult:
    source_name: str
    kind: Literal["docx", "xlsx"]
    tables_total: int
    tables_used: int
    rows_read: int
    data: dict[str, Any] | None  # the criteria set, ready for YAML (None: nothing found)
    model: CriteriaSet | None
    areas: list[AreaSummary]
    problems: list[ImportProblem]
    leaves_without_step: list[str]
    stated_total: Decimal | None

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity is ERROR]

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.errors

    def counts(self) -> tuple[int, int, int]:
        return (
            len(self.areas),
            sum(a.criteria for a in self.areas),
            sum(a.components for a in self.areas),
        )
