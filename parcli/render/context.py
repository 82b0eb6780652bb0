"""What the renderers (docx, xlsx, package) receive: everything already loaded and scored.

Rendering never loads files or computes scores itself; it reads a :class:`BuildContext`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from parcli.findings import Finding
from parcli.model import CriteriaSet, Dossier, Evidence
from parcli.scoring.scorecard import Scorecard

EVIDENCE_DIR = "tai-lieu-kiem-chung"


@dataclasses.dataclass(frozen=True)
class EvidenceFile:
    """One evidence file as it goes into the package."""

    leaf: str  # the leaf code it supports
    division: str
    source: Path  # the real file in the dossier
    written: str  # the path as written in the division file
    package_path: str  # e.g. "tai-lieu-kiem-chung/2.1.3/ke-hoach.pdf" (NFC, Windows-safe)
    size: int
    sha256: str  # hex digest of the copied bytes ("" before the copy)
    meta: Evidence  # title, số ký hiệu, date, issuer, part
    stored: bool = (
        True  # False: the copy stored for an earlier leaf (package.evidence_copies: once)
    )


@dataclasses.dataclass(frozen=True)
class BuildContext:
    root: Path  # the dossier folder
    dossier: Dossier
    criteria: CriteriaSet
    card: Scorecard
    findings: list[Finding]  # validation findings (for the draft banner and the log)
    evidence: list[EvidenceFile]  # in criteria order, then as listed in the answer
    draft: bool
    report_date: dt.date  # from the dossier, never the clock
    template_dirs: list[Path]  # dossier-local templates/ first, then the packaged ones

    @property
    def illustrative(self) -> bool:
        return not self.criteria.is_official

    def evidence_for(self, leaf: str) -> list[EvidenceFile]:
        return [e for e in self.evidence if e.leaf == leaf]

    def division_name(self, division_id: str | None) -> str:
        if division_id is None:
            return ""
        division = self.dossier.division(division_id)
        return division.name if division else division_id
