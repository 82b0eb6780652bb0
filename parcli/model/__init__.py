"""The pydantic models: the single description of every parcli file format.

* :mod:`.criteria`: a criteria set (``criteria/<id>.yaml``), lĩnh vực → tiêu chí → tiêu chí
  thành phần.
* :mod:`.dossier`: ``dossier.yaml`` at the root of a dossier folder.
* :mod:`.division`: ``divisions/<id>.yaml``, one division's answers.
* :mod:`.manifest`: ``manifest.json`` inside a built package.

``docs/formats.md`` and ``parcli schema`` are generated from these classes.
"""

from parcli.model.base import (
    CODE_RE,
    CONTROL_CHARS,
    SCHEMA_VERSION,
    Code,
    Date,
    OptText,
    Score,
    StrictModel,
    Text,
    to_code,
    to_score,
    to_text,
)
from parcli.model.criteria import (
    Area,
    Component,
    CriteriaSet,
    Criterion,
    ExpectedCounts,
    Leaf,
    LeafRules,
    Method,
    Source,
)
from parcli.model.division import (
    Answer,
    DivisionFile,
    Evidence,
    sorted_codes,
)
from parcli.model.dossier import (
    Agency,
    Division,
    Dossier,
    PackageOptions,
    Period,
    Report,
    Signer,
)

__all__ = [
    "CODE_RE",
    "CONTROL_CHARS",
    "SCHEMA_VERSION",
    "Agency",
    "Answer",
    "Area",
    "Code",
    "Component",
    "CriteriaSet",
    "Criterion",
    "Date",
    "Division",
    "DivisionFile",
    "Dossier",
    "Evidence",
    "ExpectedCounts",
    "Leaf",
    "LeafRules",
    "Method",
    "OptText",
    "PackageOptions",
    "Period",
    "Report",
    "Score",
    "Signer",
    "Source",
    "StrictModel",
    "Text",
    "sorted_codes",
    "to_code",
    "to_score",
    "to_text",
]
