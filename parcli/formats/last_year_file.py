"""Load ``last_year.yaml``: last year's results carried over, by leaf and by area."""

from __future__ import annotations

from pathlib import Path

from parcli.findings import Finding
from parcli.formats.results_by_code import load_results_by_code
from parcli.formats.yamlio import YamlDoc
from parcli.model import LastYearArea, LastYearFile, LastYearLeaf


def load_last_year_file(
    path: Path, display: str
) -> tuple[LastYearFile | None, YamlDoc, list[Finding]]:
    """last_year.yaml; each leaf and area entry is validated on its own (one typo loses one)."""
    return load_results_by_code(
        path,
        display,
        LastYearFile,
        LastYearLeaf,
        LastYearArea,
        "year, criteria, leaves, areas",
        "Tạo lại bằng `parcli init <mới> --from <năm trước>`, hoặc xóa tệp.",
    )
