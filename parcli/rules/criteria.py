"""Rules on a criteria set: structure, totals, steps (also ``parcli criteria check``)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from parcli.findings import (
    Finding,
    Where,
    make,
)
from parcli.formats.yamlio import PathT, YamlDoc
from parcli.model import Area, CriteriaSet, Criterion, Method
from parcli.text import format_decimal


def check_criteria(criteria: CriteriaSet, doc: YamlDoc | None) -> list[Finding]:
    """Sums, counts, duplicate codes, code nesting and steps of a criteria set."""
    place = _Place(doc)
    findings: list[Finding] = []
    if criteria.status == "illustrative":
        findings.append(
            make(
                "C007",
                f"Bộ tiêu chí '{criteria.id}' là bộ MINH HỌA: tên tiêu chí và điểm không phải của "
                "văn bản chính thức; mọi kết quả build sẽ ghi rõ điều này",
                "Nhập bộ chính thức bằng `parcli criteria import` rồi sửa trường criteria "
                "trong dossier.yaml.",
                file=place.file,
                at=place.at("status"),
            )
        )
    for i, area in enumerate(criteria.areas):
        findings.extend(_area_findings(area, ("areas", i), place))
    findings.extend(_duplicate_codes(criteria, place))
    findings.extend(_total_findings(criteria, place))
    findings.extend(_count_findings(criteria, place))
    return findings


@dataclasses.dataclass(frozen=True)
class _Place:
    """Where in the criteria file (None when the set was not read from a file)."""

    doc: YamlDoc | None

    @property
    def file(self) -> str | None:
        return self.doc.file if self.doc else None

    def at(self, *path: str | int) -> Where:
        if self.doc is None:
            return {"line": None, "col": None}
        line, col = self.doc.where(path)
        return {"line": line, "col": col}


def _area_findings(area: Area, path: PathT, place: _Place) -> list[Finding]:
    """C002 for the area's sum, then every criterion of it."""
    findings: list[Finding] = []
    crit_sum = sum((c.max_score for c in area.criteria), Decimal(0))
    if crit_sum != area.max_score:
        findings.append(
            make(
                "C002",
                f"Lĩnh vực {area.code}: điểm tối đa {format_decimal(area.max_score)} "
                "nhưng tổng "
                f"các tiêu chí là {format_decimal(crit_sum)}",
                "Sửa điểm tối đa của lĩnh vực hoặc của các tiêu chí cho khớp.",
                file=place.file,
                criterion=area.code,
                at=place.at(*path, "max_score"),
            )
        )
    for j, crit in enumerate(area.criteria):
        findings.extend(_criterion_findings(area, crit, (*path, "criteria", j), place))
    return findings


def _criterion_findings(area: Area, crit: Criterion, path: PathT, place: _Place) -> list[Finding]:
    """C005 (code nesting), C002 (components' sum) and C006 (steps) of one criterion."""
    findings: list[Finding] = []
    if not crit.code.startswith(area.code + "."):
        findings.append(
            make(
                "C005",
                f"Tiêu chí {crit.code} nằm trong lĩnh vực {area.code} nhưng mã không bắt "
                f'đầu bằng "{area.code}."',
                "Kiểm tra mã hoặc vị trí của tiêu chí.",
                file=place.file,
                criterion=crit.code,
                at=place.at(*path, "code"),
            )
        )
    if crit.components:
        comp_sum = sum((c.max_score for c in crit.components), Decimal(0))
        if comp_sum != crit.max_score:
            findings.append(
                make(
                    "C002",
                    f"Tiêu chí {crit.code}: điểm tối đa {format_decimal(crit.max_score)} "
                    f"nhưng tổng các tiêu chí thành phần là {format_decimal(comp_sum)}",
                    "Sửa điểm tối đa cho khớp.",
                    file=place.file,
                    criterion=crit.code,
                    at=place.at(*path, "max_score"),
                )
            )
    nodes: list[tuple[str, PathT, Decimal, Decimal | None]] = [
        (crit.code, path, crit.max_score, crit.step if not crit.components else None)
    ]
    for k, comp in enumerate(crit.components):
        cpath = (*path, "components", k)
        nodes.append((comp.code, cpath, comp.max_score, comp.step))
        if not comp.code.startswith(crit.code + "."):
            findings.append(
                make(
                    "C005",
                    f"Tiêu chí thành phần {comp.code} nằm trong tiêu chí {crit.code} nhưng "
                    f'mã không bắt đầu bằng "{crit.code}."',
                    "Kiểm tra mã hoặc vị trí của tiêu chí thành phần.",
                    file=place.file,
                    criterion=comp.code,
                    at=place.at(*cpath, "code"),
                )
            )
    for code, npath, max_score, step in nodes:
        if step is not None and (step <= 0 or max_score % step != 0):
            findings.append(
                make(
                    "C006",
                    f"{code}: điểm tối đa {format_decimal(max_score)} không chia hết cho "
                    f"bước điểm {format_decimal(step)}",
                    "Sửa bước điểm (step) hoặc điểm tối đa.",
                    file=place.file,
                    criterion=code,
                    at=place.at(*npath, "step"),
                )
            )
    return findings


def _duplicate_codes(criteria: CriteriaSet, place: _Place) -> list[Finding]:
    """C001 for every code seen before (areas, criteria, components, in file order by area)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, area in enumerate(criteria.areas):
        for level_path, code in (
            [(("areas", i), area.code)]
            + [(("areas", i, "criteria", j), c.code) for j, c in enumerate(area.criteria)]
            + [
                (("areas", i, "criteria", j, "components", k), p.code)
                for j, c in enumerate(area.criteria)
                for k, p in enumerate(c.components)
            ]
        ):
            if code in seen:
                findings.append(
                    make(
                        "C001",
                        f"Mã {code} xuất hiện hai lần trong bộ tiêu chí",
                        "Mỗi lĩnh vực, tiêu chí, tiêu chí thành phần phải có mã riêng.",
                        file=place.file,
                        criterion=code,
                        at=place.at(*level_path, "code"),
                    )
                )
            seen.add(code)
    return findings


def _total_findings(criteria: CriteriaSet, place: _Place) -> list[Finding]:
    """C004: max_total, appraisal_max and survey_max against the areas and leaves."""
    findings: list[Finding] = []
    total = sum((a.max_score for a in criteria.areas), Decimal(0))
    if total != criteria.max_total:
        findings.append(
            make(
                "C004",
                f"Tổng điểm tối đa khai báo là {format_decimal(criteria.max_total)} nhưng tổng các "
                f"lĩnh vực là {format_decimal(total)}",
                "Sửa max_total hoặc điểm các lĩnh vực.",
                file=place.file,
                at=place.at("max_total"),
            )
        )
    leaves = list(criteria.leaves())
    for field, method, label in (
        ("appraisal_max", Method.APPRAISAL, "tự chấm, thẩm định"),
        ("survey_max", Method.SURVEY, "điều tra xã hội học"),
    ):
        declared = getattr(criteria, field)
        if declared is None:
            continue
        actual = sum((lf.max_score for lf in leaves if lf.method is method), Decimal(0))
        if actual != declared:
            findings.append(
                make(
                    "C004",
                    f"Phần {label}: khai báo {format_decimal(declared)} điểm nhưng các tiêu chí "
                    f"cộng lại {format_decimal(actual)} điểm",
                    f"Sửa {field} hoặc cách chấm (method) của các tiêu chí.",
                    file=place.file,
                    at=place.at(field),
                )
            )
    return findings


def _count_findings(criteria: CriteriaSet, place: _Place) -> list[Finding]:
    """C003: the counts declared in ``expected`` against the set."""
    findings: list[Finding] = []
    if criteria.expected is None:
        return findings
    actual_counts = criteria.counts()
    for name, label, want, got in (
        ("areas", "lĩnh vực", criteria.expected.areas, actual_counts[0]),
        ("criteria", "tiêu chí", criteria.expected.criteria, actual_counts[1]),
        ("components", "tiêu chí thành phần", criteria.expected.components, actual_counts[2]),
    ):
        if want is not None and want != got:
            findings.append(
                make(
                    "C003",
                    f"Bộ tiêu chí có {got} {label}, khai báo là {want}",
                    "Kiểm tra có thiếu hoặc thừa dòng nào so với văn bản gốc.",
                    file=place.file,
                    at=place.at("expected", name),
                )
            )
    return findings
