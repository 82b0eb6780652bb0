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
from parcli.model import CriteriaSet, Dossier, Leaf, Method


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
    candidates = _candidates(dossier, criteria, leaves, doc, findings)
    lead, conflicts = _leads(candidates)
    findings.extend(_conflict_findings(conflicts, doc))
    conflicted = frozenset(code for codes in conflicts.values() for code in codes)
    unassigned = [
        code
        for code, leaf in leaves.items()
        if leaf.method is Method.APPRAISAL and code not in lead and code not in conflicted
    ]
    if unassigned:
        findings.append(_unassigned_finding(unassigned, dossier, doc))
    findings.extend(_idle_divisions(dossier, set(lead.values()), doc))
    ordered = {code: lead[code] for code in leaves if code in lead}
    return Scope(lead=ordered, findings=findings, conflicts=conflicted)


def _where(doc: YamlDoc | None, *path: str | int) -> Where:
    """Where ``assignments`` → ``path`` is in dossier.yaml."""
    if doc is None:
        return {"file": "dossier.yaml", "line": None, "col": None}
    line, col = doc.where(("assignments", *path))
    return {"file": doc.file, "line": line, "col": col}


def _candidates(
    dossier: Dossier,
    criteria: CriteriaSet,
    leaves: dict[str, Leaf],
    doc: YamlDoc | None,
    findings: list[Finding],
) -> dict[str, list[tuple[int, str, str]]]:
    """Every assignment entry that covers a leaf: leaf -> [(depth of the code, division, code)].

    Entries of unknown divisions or codes, and survey leaves, get a finding and are left out.
    """
    below: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    for level, node in criteria.nodes():
        depth[node.code] = level
    for leaf in leaves.values():
        for ancestor in {leaf.area_code, leaf.criterion_code, leaf.code}:
            below.setdefault(ancestor, []).append(leaf.code)
    known = {d.id for d in dossier.divisions}
    candidates: dict[str, list[tuple[int, str, str]]] = {}
    for division_id, codes in dossier.assignments.items():
        if division_id not in known:
            findings.append(
                make(
                    "D002",
                    f"Phân công cho đơn vị '{division_id}' nhưng đơn vị này không có trong "
                    "danh sách divisions",
                    "Thêm đơn vị vào divisions hoặc sửa mã đơn vị cho khớp.",
                    at=_where(doc, division_id),
                    division=division_id,
                )
            )
            continue
        for i, code in enumerate(codes):
            refused = _refused_code(
                code, depth, leaves, criteria, division_id, _where(doc, division_id, i)
            )
            if refused is not None:
                findings.append(refused)
                continue
            for leaf_code in below.get(code, []):
                if leaves[leaf_code].method is Method.SURVEY:
                    continue
                candidates.setdefault(leaf_code, []).append((depth[code], division_id, code))
    return candidates


def _refused_code(
    code: str,
    depth: dict[str, int],
    leaves: dict[str, Leaf],
    criteria: CriteriaSet,
    division_id: str,
    loc: Where,
) -> Finding | None:
    """A code that assigns nothing: not in the set (D003), or a survey leaf (D005)."""
    if code not in depth:
        return make(
            "D003",
            f"Mã '{code}' không có trong bộ tiêu chí {criteria.id}",
            "Xem danh sách mã bằng `parcli criteria show`.",
            at=loc,
            criterion=code,
            division=division_id,
        )
    if code in leaves and leaves[code].method is Method.SURVEY:
        return make(
            "D005",
            f"Tiêu chí {code} chấm bằng điều tra xã hội học, không tự chấm; "
            "phân công này bị bỏ qua",
            "Xóa mã này khỏi phân công.",
            at=loc,
            criterion=code,
            division=division_id,
        )
    return None


def _leads(
    candidates: dict[str, list[tuple[int, str, str]]],
) -> tuple[dict[str, str], dict[tuple[tuple[str, str], ...], list[str]]]:
    """The most specific entry wins; two divisions at the same specificity conflict
    (conflicts: the winning (division, code) pairs -> their leaves)."""
    lead: dict[str, str] = {}
    conflicts: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for leaf_code, cands in candidates.items():
        best = max(c[0] for c in cands)
        winners = tuple(sorted({(c[1], c[2]) for c in cands if c[0] == best}))
        if len({w[0] for w in winners}) > 1:
            conflicts.setdefault(winners, []).append(leaf_code)
        else:
            lead[leaf_code] = winners[0][0]
    return lead, conflicts


def _conflict_findings(
    conflicts: dict[tuple[tuple[str, str], ...], list[str]], doc: YamlDoc | None
) -> list[Finding]:
    """One D004 per set of divisions that lead the same leaves."""
    findings: list[Finding] = []
    for winners, leaf_codes in conflicts.items():
        names = ", ".join(f"'{d}' (mã {c})" for d, c in winners)
        shown = ", ".join(leaf_codes[:8]) + (" …" if len(leaf_codes) > 8 else "")
        findings.append(
            make(
                "D004",
                f"{len(leaf_codes)} tiêu chí được giao cho nhiều đơn vị chủ trì: {names}: {shown}",
                "Mỗi tiêu chí thành phần chỉ có một đơn vị chủ trì; xóa mã ở một trong các đơn "
                "vị (các đơn vị khác phối hợp). Trước khi sửa, các tiêu chí này không được tính.",
                at=_where(doc, winners[-1][0]),
                criterion=winners[-1][1],
            )
        )
    return findings


def _unassigned_finding(unassigned: list[str], dossier: Dossier, doc: YamlDoc | None) -> Finding:
    """D007: the appraisal leaves no division leads (outside the Sở's self-scoring)."""
    shown = ", ".join(unassigned[:12]) + (" …" if len(unassigned) > 12 else "")
    return make(
        "D007",
        f"{len(unassigned)} tiêu chí chấm điểm không giao cho đơn vị nào, nằm ngoài "
        f"phạm vi tự chấm của {dossier.agency.name}: {shown}",
        "Nếu Sở được giao các tiêu chí này, thêm vào assignments trong dossier.yaml.",
        file=doc.file if doc else "dossier.yaml",
        line=doc.where(("assignments",), key=True)[0] if doc else None,
        col=1,
    )


def _idle_divisions(
    dossier: Dossier, assigned_divisions: set[str], doc: YamlDoc | None
) -> list[Finding]:
    """D010 for each division (but the coordinator) that leads no leaf."""
    findings: list[Finding] = []
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
    return findings
