"""``parcli validate`` as a plain function: every rule, every finding, as data."""

from __future__ import annotations

import dataclasses
import datetime as dt

from parcli.findings import (
    LATENESS_CODES,
    MISSING_SCORE_CODES,
    Finding,
    Severity,
    count,
    sort_findings,
)
from parcli.formats.loading import LoadedDossier
from parcli.rules.answers import check_answers
from parcli.rules.criteria import check_criteria
from parcli.rules.dossier import check_division_files, check_dossier
from parcli.rules.last_year import check_last_year
from parcli.rules.window import check_window
from parcli.scoring.scope import Scope, resolve_scope
from parcli.scoring.scorecard import Scorecard, score_dossier
from parcli.scoring.window import WindowStatus, window_status


@dataclasses.dataclass(frozen=True)
class ValidationReport:
    findings: list[Finding]
    window: WindowStatus | None
    scorecard: Scorecard | None
    scope: Scope | None

    @property
    def counts(self) -> dict[Severity, int]:
        return count(self.findings)

    def has_errors(self, *, strict: bool = False) -> bool:
        c = self.counts
        return c[Severity.ERROR] > 0 or (strict and c[Severity.WARNING] > 0)

    def content_errors(self) -> list[Finding]:
        """What blocks a final build: content errors, and every in-scope leaf without a score.

        A missing score (W001–W003) blocks whatever the window phase: a package must carry a
        score for every assigned leaf (``--draft`` builds anyway). Lateness itself (W004, W005)
        never blocks: a late package is better than none.
        """
        return [
            f
            for f in self.findings
            if (f.severity is Severity.ERROR and f.code not in LATENESS_CODES)
            or f.code in MISSING_SCORE_CODES
        ]


def validate(loaded: LoadedDossier, as_of: dt.date) -> ValidationReport:
    findings = list(loaded.findings)
    dossier, criteria = loaded.dossier, loaded.criteria
    if dossier is None or criteria is None:
        return ValidationReport(sort_findings(findings), None, None, None)
    dossier_doc = loaded.docs["dossier.yaml"]
    if loaded.criteria_file is not None:
        findings.extend(check_criteria(criteria, loaded.docs.get(loaded.criteria_file)))
    findings.extend(check_dossier(dossier, dossier_doc))
    findings.extend(check_last_year(loaded, dossier, criteria))
    scope = resolve_scope(dossier, criteria, dossier_doc)
    findings.extend(scope.findings)
    status = window_status(dossier, as_of)
    findings.extend(check_division_files(loaded, dossier, scope))
    findings.extend(check_answers(loaded, dossier, criteria, scope, as_of))
    card = score_dossier(criteria, scope, loaded.divisions)
    findings.extend(check_window(loaded, dossier, card, status))
    return ValidationReport(sort_findings(findings), status, card, scope)
