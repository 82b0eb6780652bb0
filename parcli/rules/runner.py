"""``parcli validate`` as a plain function: every rule, every finding, as data."""

from __future__ import annotations

import dataclasses
import datetime as dt

from parcli.findings import (
    Finding,
    Severity,
    blocks_build,
    count,
    sort_findings,
)
from parcli.formats.evidence import EvidenceResolver
from parcli.formats.loading import LoadedDossier
from parcli.rules.answers import check_answers
from parcli.rules.appraisal import check_appraisal_file, check_explanations, check_schedule
from parcli.rules.criteria import check_criteria
from parcli.rules.dossier import check_division_files, check_dossier
from parcli.rules.last_year import check_last_year
from parcli.rules.survey import check_survey
from parcli.rules.window import check_window
from parcli.scoring.appraisal import (
    AppraisalView,
    ExplanationStatus,
    appraisal_view,
    explanation_status,
)
from parcli.scoring.scope import Scope, resolve_scope
from parcli.scoring.scorecard import Scorecard, leave_out_invalid, score_dossier
from parcli.scoring.window import WindowStatus, window_status


@dataclasses.dataclass(frozen=True)
class ValidationReport:
    findings: list[Finding]
    window: WindowStatus | None
    scorecard: Scorecard | None
    scope: Scope | None
    appraisal: AppraisalView | None = None  # when the dossier has appraisal.yaml
    explanation: ExplanationStatus | None = None  # the giải trình deadline, when it applies

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
        never blocks: a late package is better than none. The survey register (survey.yaml,
        X codes) is not part of the package and never blocks it.
        """
        return [f for f in self.findings if blocks_build(f)]


def validate(
    loaded: LoadedDossier, as_of: dt.date, resolver: EvidenceResolver | None = None
) -> ValidationReport:
    """Run every rule on a loaded dossier; ``resolver`` lets the caller reuse its folder listing."""
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
    resolver = resolver or EvidenceResolver(loaded.root)
    findings.extend(check_answers(loaded, dossier, criteria, scope, as_of, resolver))
    card = score_dossier(criteria, scope, loaded.divisions)
    findings.extend(check_window(loaded, dossier, card, status))
    # the appraisal is compared with the self-scores as status counts them: an invalid one
    # (reported above) is no deduction to explain
    counted = leave_out_invalid(card)
    view = appraisal_view(counted, loaded.appraisal) if loaded.appraisal is not None else None
    explanation = explanation_status(dossier, view, as_of)
    findings.extend(check_schedule(dossier, dossier_doc))
    findings.extend(check_appraisal_file(loaded, dossier, criteria, card))
    findings.extend(check_explanations(loaded, dossier, view, explanation, as_of))
    if loaded.survey is not None and loaded.survey.register is not None:
        findings.extend(check_survey(loaded.survey, dossier, as_of))
    return ValidationReport(sort_findings(findings), status, card, scope, view, explanation)
