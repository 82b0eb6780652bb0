"""Which division leads each scored leaf (the Sở scores only what it is assigned).

``assignments`` in dossier.yaml maps a division to codes. A code may name a leaf or any parent
(lĩnh vực, tiêu chí): a parent assigns every appraisal leaf below it. When two entries cover the
same leaf, the more specific one wins ("2" to one division, "2.1.3" to another); two entries of
the same specificity for different divisions are an error. Survey leaves are never assigned.
"""

from __future__ import annotations

import dataclasses

from parcli.findings import Finding, Where, make
from parcli.formats.yamlio import YamlDoc
from parcli.model import CriteriaSet, Dossier, Method


@dataclasses.dataclass(frozen=True)
class Scope:
    lead: dict[str, str]  # leaf code -> division id (appraisal leaves in scope only)
    findings: list[Finding]
    conflicts: frozenset[str] = frozenset()  # leaves assigned to two divisions (no lead)

    def leaves_of(self, division_id: str) -> list[str]:
        return [code for code, div in self.lead.items() if div == division_id]


def resolve_scope(dossier: Dossier, criteria: CriteriaSet, doc: YamlDoc | None = None) -> Scope:
    findings: list[Finding] = []
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    below: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    for level, node in criteria.nodes():
        depth[node.code] = level
    for leaf in leaves.values():
        for ancestor in {leaf.area_code, leaf.criterion_code, leaf.code}:
            below.setdefault(ancestor, []).append(leaf.code)
    known = {d.id for d in dossier.divisions}
    candidates: dict[str, list[tuple[int, str, str]]] = {}

    def where(*path: str | int) -> Where:
        if doc is None:
            return {"file": "dossier.yaml", "line": None, "col": None}
        line, col = doc.where(("assignments", *path))
        return {"file": doc.file, "line": line, "col": col}

    for division_id, codes in dossier.assignments.items():
        if division_id not in known:
            loc = where(division_id)
            findings.append(
                make(
                    "D002",
                    f"Phân công cho đơn vị '{division_id}' nhưng đơn vị này không có trong "
                    "danh sách divisions",
                    "Thêm đơn vị vào divisions hoặc sửa mã đơn vị cho khớp.",
                    at=loc,
                    division=division_id,
                )
            )
            continue
        for i, code in enumerate(codes):
            loc = where(division_id, i)
            if code not in depth:
                findings.append(
                    make(
                        "D003",
                        f"Mã '{code}' không có trong bộ tiêu chí {criteria.id}",
                        "Xem danh sách mã bằng `parcli criteria show`.",
                        at=loc,
                        criterion=code,
                        division=division_id,
                    )
                )
                continue
            if code in leaves and leaves[code].method is Method.SURVEY:
                findings.append(
                    make(
                        "D005",
                        f"Tiêu chí {code} chấm bằng điều tra xã hội học, không tự chấm; "
                        "phân công này bị bỏ qua",
                        "Xóa mã này khỏi phân công.",
                        at=loc,
                        criterion=code,
                        division=division_id,
                    )
                )
                continue
            for leaf_code in below.get(code, []):
                if leaves[leaf_code].method is Method.SURVEY:
                    continue
                candidates.setdefault(leaf_code, []).append((depth[code], division_id, code))

    lead: dict[str, str] = {}
    conflicts: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for leaf_code, cands in candidates.items():
        best = max(c[0] for c in cands)
        winners = tuple(sorted({(c[1], c[2]) for c in cands if c[0] == best}))
        if len({w[0] for w in winners}) > 1:
            conflicts.setdefault(winners, []).append(leaf_code)
        else:
            lead[leaf_code] = winners[0][0]
    for winners, leaf_codes in conflicts.items():
        names = ", ".join(f"'{d}' (mã {c})" for d, c in winners)
        shown = ", ".join(leaf_codes[:8]) + (" …" if len(leaf_codes) > 8 else "")
        findings.append(
            make(
                "D004",
                f"{len(leaf_codes)} tiêu chí được giao cho nhiều đơn vị chủ trì: {names}: {shown}",
                "Mỗi tiêu chí thành phần chỉ có một đơn vị chủ trì; xóa mã ở một trong các đơn "
                "vị (các đơn vị khác phối hợp). Trước khi sửa, các tiêu chí này không được tính.",
                at=where(winners[-1][0]),
                criterion=winners[-1][1],
            )
        )
    conflicted = frozenset(code for codes in conflicts.values() for code in codes)

    unassigned = [
        code
        for code, leaf in leaves.items()
        if leaf.method is Method.APPRAISAL and code not in lead and code not in conflicted
    ]
    if unassigned:
        shown = ", ".join(unassigned[:12]) + (" …" if len(unassigned) > 12 else "")
        findings.append(
            make(
                "D007",
                f"{len(unassigned)} tiêu chí chấm điểm không giao cho đơn vị nào, nằm ngoài "
                f"phạm vi tự chấm của {dossier.agency.name}: {shown}",
                "Nếu Sở được giao các tiêu chí này, thêm vào assignments trong dossier.yaml.",
                file=doc.file if doc else "dossier.yaml",
                line=doc.where(("assignments",), key=True)[0] if doc else None,
                col=1,
            )
        )
    assigned_divisions = set(lead.values())
    for division in dossier.divisions:
        if division.id not in assigned_divisions and division.id != dossier.coordinator:
            findings.append(
                make(
                    "D010",
                    f"Đơn vị '{division.name}' ({division.id}) không được giao tiêu chí nào",
                    "Thêm phân công trong assignments, hoặc bỏ đơn vị khỏi danh sách.",
                    file=doc.file if doc else "dossier.yaml",
                    line=doc.where(("divisions",), key=True)[0] if doc else None,
                    col=1,
                    division=division.id,
                )
            )
    ordered = {code: lead[code] for code in leaves if code in lead}
    return Scope(lead=ordered, findings=findings, conflicts=conflicted)
