"""The giải trình package: its names, its date, its supplementary evidence and manifest.

Built like the self-assessment package (see :mod:`parcli.actions.appraisal`): everything is
written in a temporary folder, hashed, zipped reproducibly, checked, then moved into place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from parcli import __version__
from parcli.formats.evidence import EvidenceResolver
from parcli.model import Dossier
from parcli.model.manifest import ExplanationManifest
from parcli.package.names import DRAFT_PREFIX, PackageNames, report_date
from parcli.package.plan import resolve_evidence
from parcli.package.writer import MANIFEST_FORMAT, ascii_slug, assign_package_paths, evidence_entry
from parcli.render.context import SUPPLEMENTARY_DIR, EvidenceFile
from parcli.scoring.appraisal import AppraisalView
from parcli.text import nfc, plain_decimal


def explanation_names(dossier: Dossier, *, draft: bool) -> PackageNames:
    prefix = DRAFT_PREFIX if draft else ""
    year = dossier.year
    return PackageNames(
        package=f"{prefix}giai-trinh-{year}-{ascii_slug(dossier.agency.abbreviation)}",
        report=f"{prefix}bao-cao-giai-trinh-{year}.docx",
        appendix="",
    )


def explanation_date(dossier: Dossier, view: AppraisalView) -> tuple[dt.date, str]:
    """The date on the báo cáo giải trình and where it comes from; never the clock."""
    schedule = dossier.appraisal
    if schedule is not None:
        if schedule.report.date is not None:
            return schedule.report.date, "appraisal.report.date"
        if schedule.explanation_sent_on is not None:
            return schedule.explanation_sent_on, "appraisal.explanation_sent_on"
        if schedule.explanation_before is not None:
            return schedule.explanation_before - dt.timedelta(days=1), (
                "appraisal.explanation_before"
            )
        if schedule.round1_received is not None:
            return schedule.round1_received, "appraisal.round1_received"
    info = view.appraisal.round1
    if info is not None and info.date is not None:
        return info.date, "appraisal.yaml round1.date"
    return report_date(dossier)


def plan_supplementary(root: Path, view: AppraisalView) -> tuple[list[EvidenceFile], list[str]]:
    """The supplementary evidence of every leaf in the report, in criteria order."""
    rows, skipped = resolve_evidence(
        EvidenceResolver(root),
        (
            (row.code, row.division, row.response.evidence)
            for row in view.explained()
            if row.response is not None and row.division is not None
        ),
        "tài liệu bổ sung",
    )
    names = [nfc(r[4].path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]) for r in rows]
    paths = assign_package_paths(
        [(r[0], n) for r, n in zip(rows, names, strict=True)], SUPPLEMENTARY_DIR
    )
    return [
        EvidenceFile(
            leaf=leaf,
            division=division,
            source=source,
            written=item.path,
            package_path=package_path,
            size=size,
            sha256="",
            meta=item,
        )
        for (leaf, division, source, size, item), package_path in zip(rows, paths, strict=True)
    ], skipped


def explanation_manifest(
    dossier: Dossier,
    view: AppraisalView,
    day: dt.date,
    draft: bool,
    files: list[EvidenceFile],
    documents: list[dict[str, object]],
) -> ExplanationManifest:
    def num(value: Decimal | None) -> str | None:
        return None if value is None else plain_decimal(value)

    round1 = view.appraisal.round1
    data = {
        "format": MANIFEST_FORMAT,
        "kind": "explanation",
        "tool": {"name": "parcli", "version": __version__},
        "agency": {
            "name": dossier.agency.name,
            "parent": dossier.agency.parent,
            "abbreviation": dossier.agency.abbreviation,
        },
        "year": dossier.year,
        "report_date": day.isoformat(),
        "draft": draft,
        "round1_document": round1.document if round1 else None,
        "leaves": [
            {
                "code": r.code,
                "division": r.division,
                "self_score": num(r.self_score),
                "round1": num(r.round1),
                "requested": r.requested,
                "explained": r.answered,
            }
            for r in view.explained()
        ],
        "documents": documents,
        "files": [evidence_entry(f) for f in files],
    }
    return ExplanationManifest.model_validate(data)
