"""Load ``appraisal.yaml``: the appraisal council's scores by leaf and results by area."""

from __future__ import annotations

from pathlib import Path

from parcli.findings import Finding
from parcli.formats.results_by_code import load_results_by_code
from parcli.formats.yamlio import YamlDoc
from parcli.model import AppraisalFile, AppraisedLeaf, AreaResult


def load_appraisal_file(
    path: Path, display: str
) -> tuple[AppraisalFile | None, YamlDoc, list[Finding]]:
    """appraisal.yaml; each leaf and area entry is validated on its own (one typo loses one)."""
    return load_results_by_code(
        path,
        display,
        AppraisalFile,
        AppraisedLeaf,
        AreaResult,
        "leaves, areas",
        "Xóa tệp hoặc nhập lại bằng `parcli appraisal import`.",
    )
