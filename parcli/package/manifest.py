"""``manifest.json``: what the package is, its totals and every file with its SHA-256."""

from __future__ import annotations

from decimal import Decimal

from parcli import __version__
from parcli.model.manifest import Manifest
from parcli.package.writer import MANIFEST_FORMAT, evidence_entry
from parcli.render.context import BuildContext, EvidenceFile
from parcli.text import plain_decimal


def build_manifest(
    ctx: BuildContext,
    day_source: str,
    files: list[EvidenceFile],
    documents: list[dict[str, object]],
) -> Manifest:
    """manifest.json: what the package is, its totals and every file with its SHA-256.

    Nothing depends on the clock or on the machine, so two builds give the same bytes.
    """
    criteria, dossier, card = ctx.criteria, ctx.dossier, ctx.card

    def num(value: Decimal | None) -> str | None:
        """ "58.25", "66" (not "66.0"): the exact value without trailing zeros."""
        return None if value is None else plain_decimal(value)

    def pct(value: Decimal | None) -> str | None:
        """Percentages keep their two rounded places: "88.26", "100.00"."""
        return None if value is None else format(value, "f")

    source = criteria.source
    data = {
        "format": MANIFEST_FORMAT,
        "tool": {"name": "parcli", "version": __version__},
        "criteria": {
            "id": criteria.id,
            "title": criteria.title,
            "status": criteria.status,
            "source": {
                "decision": source.decision,
                "date": source.date.isoformat() if source.date else None,
                "issuer": source.issuer,
                "part": source.part,
            },
        },
        "agency": {
            "name": dossier.agency.name,
            "parent": dossier.agency.parent,
            "abbreviation": dossier.agency.abbreviation,
        },
        "year": dossier.year,
        "report_date": ctx.report_date.isoformat(),
        "report_date_source": day_source,
        "draft": ctx.draft,
        "totals": {
            "overall": {
                "score": num(card.score),
                "max": num(card.scope_max),
                "percent": pct(card.percent),
                "survey_max": num(card.survey_max),
                "criteria_max": num(criteria.max_total),
            },
            "areas": [
                {
                    "code": a.code,
                    "name": a.name,
                    "score": num(a.score),
                    "max": num(a.scope_max),
                    "percent": pct(a.percent),
                    "survey_max": num(a.survey_max),
                    "criteria_max": num(a.max_score),
                }
                for a in card.areas
            ],
        },
        "documents": documents,
        "evidence_copies": dossier.package.evidence_copies,
        "files": [{**evidence_entry(f), "stored": f.stored} for f in files],
    }
    return Manifest.model_validate(data)
