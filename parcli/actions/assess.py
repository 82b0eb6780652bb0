"""The one pipeline every command starts with: load the dossier, run every rule, score it.

``validate``, ``status``, ``score`` and ``build`` (and the commands added later) call
:func:`assess` once; the evidence folders are listed once per run (the resolver is shared by
the rules and by the package plan).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path

from parcli.errors import DossierUnreadable
from parcli.findings import Severity
from parcli.formats.evidence import EvidenceResolver
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.model import CriteriaSet, Dossier
from parcli.rules import ValidationReport, validate
from parcli.scoring.scorecard import Scorecard


@dataclasses.dataclass(frozen=True)
class Assessment:
    """A dossier as read, checked and scored on one day."""

    loaded: LoadedDossier
    report: ValidationReport
    resolver: EvidenceResolver
    as_of: dt.date

    @property
    def root(self) -> Path:
        return self.loaded.root

    @property
    def readable(self) -> bool:
        return self.loaded.readable

    @property
    def dossier(self) -> Dossier:
        """The dossier (only for a readable assessment)."""
        assert self.loaded.dossier is not None, "assess: dossier.yaml was not readable"
        return self.loaded.dossier

    @property
    def criteria(self) -> CriteriaSet:
        assert self.loaded.criteria is not None, "assess: the criteria set was not readable"
        return self.loaded.criteria

    @property
    def scorecard(self) -> Scorecard:
        assert self.report.scorecard is not None, "assess: nothing was scored"
        return self.report.scorecard


def assess(root: Path, as_of: dt.date) -> Assessment:
    """Load, validate and score the dossier in ``root``; never raises for a bad dossier.

    An unreadable dossier gives an assessment whose ``readable`` is false and whose findings
    say why; :func:`require_readable` turns that into an error for commands that need scores.
    """
    with _no_gc_pauses():
        loaded = load_dossier(root)
        resolver = EvidenceResolver(loaded.root)
        report = validate(loaded, as_of, resolver)
    return Assessment(loaded, report, resolver, as_of)


@contextlib.contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Reading a dossier makes hundreds of thousands of objects and no reference cycles worth
    collecting: the cyclic garbage collector would only rescan them (30–55 % of the time on a
    dossier of 50,000 evidence files, issue 13). Paused while assessing, then back as before
    (not gc.freeze(): a long-lived caller such as a test run would never free cycles made
    before)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def require_readable(assessment: Assessment) -> Assessment:
    """The assessment itself, or :class:`DossierUnreadable` naming the first error."""
    require_loaded(assessment.loaded)
    return assessment


def require_loaded(loaded: LoadedDossier) -> LoadedDossier:
    """The dossier as loaded, or :class:`DossierUnreadable` naming the first error."""
    if loaded.readable:
        return loaded
    first = next((f for f in loaded.findings if f.severity is Severity.ERROR), None)
    where = f" ({first.location}: {first.message})" if first else ""
    raise DossierUnreadable(
        f"Không đọc được hồ sơ{where}", "Chạy `parcli validate` để xem mọi lỗi."
    )
