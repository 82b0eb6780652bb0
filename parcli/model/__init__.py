"""The pydantic models: the single description of every parcli file format.

* :mod:`.criteria`: a criteria set (``criteria/<id>.yaml``), lĩnh vực → tiêu chí → tiêu chí
  thành phần.
* :mod:`.dossier`: ``dossier.yaml`` at the root of a dossier folder.
* :mod:`.division`: ``divisions/<id>.yaml``, one division's answers.
* :mod:`.appraisal`: ``appraisal.yaml``, the appraisal round's results and the published result.
* :mod:`.last_year`: ``last_year.yaml``, last year's result carried into a new dossier.
* :mod:`.manifest`: ``manifest.json`` inside a built package.
* :mod:`.survey`: ``survey.yaml``, the survey register (optional).

``docs/formats.md`` and ``parcli schema`` are generated from these classes.
"""

from parcli.model.appraisal import (
    APPRAISAL_FILE,
    AppraisalFile,
    AppraisedLeaf,
    AreaResult,
    RoundInfo,
)
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
    AppraisalResponse,
    DivisionFile,
    Evidence,
    sorted_codes,
)
from parcli.model.dossier import (
    Agency,
    AppraisalSchedule,
    Division,
    Dossier,
    ExplanationReport,
    PackageOptions,
    Period,
    Report,
    Signer,
)
from parcli.model.last_year import (
    BASIS_LABELS,
    LAST_YEAR_FILE,
    LastYearArea,
    LastYearFile,
    LastYearLeaf,
    UnassignedCode,
    Unmatched,
)
from parcli.model.manifest import (
    Manifest,
    ManifestAgency,
    ManifestArea,
    ManifestCriteria,
    ManifestDocument,
    ManifestFile,
    ManifestSource,
    ManifestTool,
    ManifestTotal,
    ManifestTotals,
)
from parcli.model.survey import (
    ListKind,
    PreviousRespondent,
    Respondent,
    Sex,
    Status,
    SurveyGroup,
    SurveyRegister,
)

__all__ = [
    "APPRAISAL_FILE",
    "BASIS_LABELS",
    "CODE_RE",
    "CONTROL_CHARS",
    "LAST_YEAR_FILE",
    "SCHEMA_VERSION",
    "Agency",
    "Answer",
    "AppraisalFile",
    "AppraisalResponse",
    "AppraisalSchedule",
    "AppraisedLeaf",
    "Area",
    "AreaResult",
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
    "ExplanationReport",
    "LastYearArea",
    "LastYearFile",
    "LastYearLeaf",
    "Leaf",
    "LeafRules",
    "ListKind",
    "Manifest",
    "ManifestAgency",
    "ManifestArea",
    "ManifestCriteria",
    "ManifestDocument",
    "ManifestFile",
    "ManifestSource",
    "ManifestTool",
    "ManifestTotal",
    "ManifestTotals",
    "Method",
    "OptText",
    "PackageOptions",
    "Period",
    "PreviousRespondent",
    "Report",
    "Respondent",
    "RoundInfo",
    "Score",
    "Sex",
    "Signer",
    "Source",
    "Status",
    "StrictModel",
    "SurveyGroup",
    "SurveyRegister",
    "Text",
    "UnassignedCode",
    "Unmatched",
    "sorted_codes",
    "to_code",
    "to_score",
    "to_text",
]
