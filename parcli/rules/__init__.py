"""The rules: each module yields findings for one family; :func:`validate` runs them all.

* :mod:`.criteria`: the criteria set; :mod:`.dossier`: ``dossier.yaml`` and the division files;
  :mod:`.answers`: scores, steps and explanations; :mod:`.evidence`: the files an answer lists;
  :mod:`.window`: the self-scoring window and the deadline.

Rules never print and never stop at the first problem: the caller decides what to do with the
findings.
"""

from parcli.rules.criteria import check_criteria
from parcli.rules.runner import ValidationReport, validate

__all__ = ["ValidationReport", "check_criteria", "validate"]
