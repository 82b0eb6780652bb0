"""What the renderers (docx, xlsx, package) receive: everything already loaded and scored.

Rendering never loads files or computes scores itself; it reads a :class:`BuildContext`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path

from parcli.findings import Finding
from parcli.model import AppraisalFile, CriteriaSet, Dossier, Evidence
from parcli.scoring.appraisal import AppraisalView
from parcli.scoring.compare import Comparison
from parcli.scoring.scorecard import Scorecard
from parcli.text import format_date

EVIDENCE_DIR = "tai-lieu-kiem-chung"
SUPPLEMENTARY_DIR = "tai-lieu-kiem-chung-bo-sung"  # the giải trình package


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
    appraisal: AppraisalFile | None = None  # appraisal.yaml: fills "Điểm/Ý kiến thẩm định"
    # last year against this year, when the dossier has last_year.yaml (else nothing of it)
    comparison: Comparison | None = None

    @property
    def illustrative(self) -> bool:
        return not self.criteria.is_official

    @functools.cached_property
    def _evidence_by_leaf(self) -> dict[str, list[EvidenceFile]]:
        groups: dict[str, list[EvidenceFile]] = {}
        for e in self.evidence:
            groups.setdefault(e.leaf, []).append(e)
        return groups

    def evidence_for(self, leaf: str) -> list[EvidenceFile]:
        return self._evidence_by_leaf.get(leaf, [])

    def appraised(self, leaf: str) -> tuple[Decimal | None, str]:
        """The appraised score that counts (round 2, else round 1) and the opinions."""
        entry = self.appraisal.leaves.get(leaf) if self.appraisal is not None else None
        if entry is None:
            return None, ""
        opinions = [(1, entry.round1_opinion), (2, entry.round2_opinion)]
        given = [(n, o) for n, o in opinions if o]
        if len(given) == 1 and given[0][0] == 1:
            return entry.final_score, given[0][1]
        return entry.final_score, "\n".join(f"Vòng {n}: {o}" for n, o in given)

    def division_name(self, division_id: str | None) -> str:
        if division_id is None:
            return ""
        division = self.dossier.division(division_id)
        return division.name if division else division_id


@dataclasses.dataclass(frozen=True)
class ExplanationContext:
    """What the báo cáo giải trình is drawn from (never the clock, never the disk)."""

    dossier: Dossier
    view: AppraisalView  # self-score vs appraised score per leaf, with the responses
    evidence: list[EvidenceFile]  # supplementary evidence, in criteria order, as copied
    report_date: dt.date  # from the dossier (see package/explanation.py)
    template_dirs: list[Path]
    draft: bool = False
    missing: int = 0  # requested explanations still missing (a draft)
    errors: int = 0  # errors in the supplementary evidence (a draft)
    illustrative: bool = False  # the criteria set is illustrative (the report says so)

    def evidence_for(self, leaf: str) -> list[EvidenceFile]:
        return [e for e in self.evidence if e.leaf == leaf]


def document_reference(meta: Evidence, *, number_word: str = "Số", issuer: bool = False) -> str:
    """ "Số 12/KH-SGTVTXD ngày 20/11/2023[ của …]": the số ký hiệu, date (and issuer) of a
    document, those written ("" when none is)."""
    return " ".join(
        part
        for part in (
            f"{number_word} {meta.number}" if meta.number else "",
            f"ngày {format_date(meta.issued)}" if meta.issued else "",
            f"của {meta.issuer}" if issuer and meta.issuer else "",
        )
        if part
    )


def evidence_description(ef: EvidenceFile, *, issuer: bool = False) -> str:
    """ "Số 12/KH-SGTVTXD ngày 20/11/2023[ của …]: Trích yếu (mục II); tệp: …" for the appendix
    and the giải trình report (the report names the issuer too)."""
    meta = ef.meta
    head = document_reference(meta, issuer=issuer)
    line = ": ".join(part for part in (head, (meta.title or "").rstrip(" .")) if part)
    if meta.part:
        line = f"{line} ({meta.part})" if line else meta.part
    line = f"{line}; tệp: {ef.package_path}" if line else f"Tệp: {ef.package_path}"
    return line[0].upper() + line[1:]
