"""Carry codes from last year's criteria set to this year's, with the ``criteria diff`` matching.

:func:`map_codes` pairs every node of the old set with its best match in the new one (same code,
renamed, moved: see :mod:`parcli.criteria.diff`); nodes without a match are *removed* (old side)
or *added* (new side) and are never guessed.

:func:`map_assignments` carries a dossier's ``assignments``: each leaf keeps the division that led
it last year under its new code. The office's own codes are kept where they still mean the same
("3" stays "3"); a parent code that would now also hand over a new, unmatched leaf is replaced by
the codes of its matched children, so that new leaf stays unassigned until the office decides;
a leaf that moved under another division's parent is assigned by its own code. Codes that cannot
be carried are returned with the reason.
"""

from __future__ import annotations

import dataclasses

from parcli.criteria.diff import FlatNode, diff_criteria, flatten
from parcli.model import CriteriaSet, Dossier, Method
from parcli.scoring.scope import resolve_scope
from parcli.text import code_key


@dataclasses.dataclass(frozen=True)
class CodeMapping:
    old_id: str
    new_id: str
    nodes: dict[str, str]  # old code -> new code, every matched node (same code included)
    removed: list[FlatNode]  # old nodes with no match
    added: list[FlatNode]  # new nodes with no match

    @property
    def identity(self) -> bool:
        return not self.removed and not self.added and all(a == b for a, b in self.nodes.items())

    @property
    def changed_codes(self) -> dict[str, str]:
        return {a: b for a, b in self.nodes.items() if a != b}


def map_codes(old: CriteriaSet, new: CriteriaSet) -> CodeMapping:
    if old == new:
        codes = {n.code: n.code for n in flatten(old)}
        return CodeMapping(old.id, new.id, codes, [], [])
    diff = diff_criteria(old, new)
    removed = [c.old for c in diff.of("removed") if c.old is not None]
    added = [c.new for c in diff.of("added") if c.new is not None]
    gone = {n.code for n in removed}
    moved = diff.code_map
    nodes = {o.code: moved.get(o.code, o.code) for o in flatten(old) if o.code not in gone}
    return CodeMapping(old.id, new.id, nodes, removed, added)


@dataclasses.dataclass(frozen=True)
class Dropped:
    division: str
    code: str
    reason: str


@dataclasses.dataclass(frozen=True)
class AssignmentMapping:
    assignments: dict[str, list[str]]
    dropped: list[Dropped]  # last year's codes that could not be carried
    lead: dict[str, str]  # new leaf code -> division, as resolved from ``assignments``
    unassigned_new: list[str]  # unmatched (added) appraisal leaves of the new set: nobody leads


def _appraisal_leaves(criteria: CriteriaSet) -> dict[str, str]:
    """Appraisal leaf code -> its tiêu chí code."""
    return {
        leaf.code: leaf.criterion_code
        for leaf in criteria.leaves()
        if leaf.method is Method.APPRAISAL
    }


def _below(criteria: CriteriaSet) -> dict[str, list[str]]:
    """Node code -> the appraisal leaves under it (itself for a leaf), in criteria order."""
    below: dict[str, list[str]] = {}
    for leaf in criteria.leaves():
        if leaf.method is not Method.APPRAISAL:
            continue
        for node in dict.fromkeys((leaf.area_code, leaf.criterion_code, leaf.code)):
            below.setdefault(node, []).append(leaf.code)
    return below


def _children(criteria: CriteriaSet) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for area in criteria.areas:
        children[area.code] = [c.code for c in area.criteria]
        for crit in area.criteria:
            children[crit.code] = [c.code for c in crit.components]
    return children


def _cover(
    code: str,
    division: str,
    expected: dict[str, str],
    below: dict[str, list[str]],
    children: dict[str, list[str]],
) -> list[str]:
    """The fewest codes under ``code`` that hand ``division`` exactly its expected leaves."""
    leaves = below.get(code, [])
    mine = [leaf for leaf in leaves if expected.get(leaf) == division]
    if not mine:
        return []
    if len(mine) == len(leaves):
        return [code]
    out: list[str] = []
    for child in children.get(code, []):
        out.extend(_cover(child, division, expected, below, children))
    return out


def map_assignments(
    old_dossier: Dossier, old: CriteriaSet, new: CriteriaSet, mapping: CodeMapping
) -> AssignmentMapping:
    new_leaves = _appraisal_leaves(new)
    old_lead = resolve_scope(old_dossier, old).lead
    expected = {
        mapping.nodes[leaf]: division
        for leaf, division in old_lead.items()
        if leaf in mapping.nodes and mapping.nodes[leaf] in new_leaves
    }
    known = {d.id for d in old_dossier.divisions}
    dropped: list[Dropped] = []
    carried: dict[str, list[str]] = {}
    for division, codes in old_dossier.assignments.items():
        if division not in known:
            continue  # D002 last year: nothing to carry
        mine = carried.setdefault(division, [])
        for code in codes:
            target = mapping.nodes.get(code)
            if target is None:
                dropped.append(Dropped(division, code, _why_removed(code, old, mapping)))
            elif _is_survey_leaf(new, target):
                dropped.append(
                    Dropped(
                        division,
                        code,
                        f"năm nay {target} chấm bằng điều tra xã hội học, không tự chấm",
                    )
                )
            elif target not in mine:
                mine.append(target)
    assignments = _settle(carried, expected, old_dossier, new)
    lead = resolve_scope(old_dossier.model_copy(update={"assignments": assignments}), new).lead
    added = {n.code for n in mapping.added}
    unassigned = [code for code in new_leaves if code in added and code not in lead]
    return AssignmentMapping(assignments, dropped, lead, unassigned)


def _is_survey_leaf(criteria: CriteriaSet, code: str) -> bool:
    return any(leaf.code == code and leaf.method is Method.SURVEY for leaf in criteria.leaves())


def _why_removed(code: str, old: CriteriaSet, mapping: CodeMapping) -> str:
    if any(n.code == code for n in mapping.removed):
        return f"mục {code} của bộ {old.id} không khớp với mục nào của bộ {mapping.new_id}"
    return f"mã {code} không có trong bộ tiêu chí năm trước"


def _settle(
    carried: dict[str, list[str]], expected: dict[str, str], dossier: Dossier, new: CriteriaSet
) -> dict[str, list[str]]:
    """Adjust the carried codes until every leaf is led by the division expected of it."""
    below, children = _below(new), _children(new)

    def resolved(assignments: dict[str, list[str]]) -> tuple[dict[str, str], bool]:
        scope = resolve_scope(dossier.model_copy(update={"assignments": assignments}), new)
        return scope.lead, bool(scope.conflicts)

    lead, conflicts = resolved(carried)
    if lead == expected and not conflicts:
        return carried
    wrong = {leaf for leaf in _appraisal_leaves(new) if lead.get(leaf) != expected.get(leaf)}
    fixed: dict[str, list[str]] = {}
    for division, codes in carried.items():
        out: list[str] = []
        for code in codes:
            # a parent that would hand over a leaf nobody should lead is split; a leaf that
            # belongs to another division is assigned to it by its own code (more specific)
            hit = [leaf for leaf in below.get(code, []) if leaf in wrong and leaf not in expected]
            if not hit:
                out.append(code)
                continue
            for part in _cover(code, division, expected, below, children):
                if part not in out:
                    out.append(part)
        fixed[division] = out
    for leaf in sorted(wrong, key=code_key):
        owner = expected.get(leaf)
        if owner is not None and leaf not in fixed.setdefault(owner, []):
            fixed[owner].append(leaf)
    lead, conflicts = resolved(fixed)
    if lead == expected and not conflicts:
        return fixed
    # Fallback: the fewest codes from the top of the tree, division by division.
    return {
        division: [
            code
            for area in new.areas
            for code in _cover(area.code, division, expected, below, children)
        ]
        for division in carried
    }
