"""``parcli criteria diff``: what changed between two criteria sets.

An office carries last year's dossier over to a new decision: it needs to know which codes
were added or removed, which kept their code but changed name, maximum or scoring method, and
which items moved to another code (matched by name).

Matching, in order:

1. same code and similar name (difflib ratio of folded names ≥ :data:`SIMILAR`): the same node;
   a different name is reported as *renamed*;
2. among what is left, nodes matched by name similarity (best pairs first) under a different
   code: *moved* (old code → new code);
3. what is still left with the same code on both sides: *renamed* (same code, another name);
4. the rest: *removed* (only in the old set) and *added* (only in the new set).

Matched pairs are then compared for *max_changed* and *method_changed*.
"""

from __future__ import annotations

import dataclasses
import difflib
from decimal import Decimal
from typing import Literal

from parcli.models import Area, CriteriaSet, Criterion, Method
from parcli.text import code_key, fold, format_decimal

SIMILAR = 0.85

Kind = Literal["added", "removed", "renamed", "moved", "max_changed", "method_changed"]
KINDS: tuple[Kind, ...] = ("added", "removed", "renamed", "moved", "max_changed",
                           "method_changed")
KIND_LABELS: dict[Kind, str] = {
    "added": "Thêm mới",
    "removed": "Bỏ",
    "renamed": "Đổi tên (cùng mã)",
    "moved": "Chuyển mã hoặc chuyển vị trí (khớp theo tên)",
    "max_changed": "Đổi điểm tối đa",
    "method_changed": "Đổi cách chấm (tự chấm / điều tra xã hội học)",
}
LEVEL_LABELS = {1: "lĩnh vực", 2: "tiêu chí", 3: "tiêu chí thành phần"}


@dataclasses.dataclass(frozen=True)
class FlatNode:
    level: int
    code: str
    name: str
    parent: str | None
    max_score: Decimal
    method: Method | None  # None for a node that is not scored itself (has children)
    folded: str


@dataclasses.dataclass(frozen=True)
class Change:
    kind: Kind
    level: int
    old: FlatNode | None
    new: FlatNode | None
    similarity: float | None = None

    @property
    def code(self) -> str:
        node = self.new or self.old
        assert node is not None
        return node.code

    def to_dict(self) -> dict[str, object]:
        def side(node: FlatNode | None) -> dict[str, object] | None:
            if node is None:
                return None
            return {
                "code": node.code,
                "name": node.name,
                "level": node.level,
                "parent": node.parent,
                "max_score": format(node.max_score, "f"),
                "method": node.method.value if node.method else None,
            }

        return {
            "kind": self.kind,
            "level": LEVEL_LABELS[self.level],
            "old": side(self.old),
            "new": side(self.new),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
        }


@dataclasses.dataclass(frozen=True)
class CriteriaDiff:
    old_id: str
    new_id: str
    changes: list[Change]

    def of(self, kind: Kind) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def code_map(self) -> dict[str, str]:
        """Old code → new code for every node that changed code (to carry answers over)."""
        return {c.old.code: c.new.code for c in self.of("moved") if c.old and c.new}

    def to_dict(self) -> dict[str, object]:
        return {
            "old": self.old_id,
            "new": self.new_id,
            "summary": {k: len(self.of(k)) for k in KINDS},
            "code_map": self.code_map,
            "changes": [c.to_dict() for c in self.changes],
        }


def flatten(criteria: CriteriaSet) -> list[FlatNode]:
    nodes: list[FlatNode] = []
    for area in criteria.areas:
        nodes.append(_flat(1, area, None))
        for crit in area.criteria:
            nodes.append(_flat(2, crit, area.code))
            for comp in crit.components:
                nodes.append(FlatNode(3, comp.code, comp.name, crit.code, comp.max_score,
                                      comp.method, fold(comp.name)))
    return nodes


def _flat(level: int, node: Area | Criterion, parent: str | None) -> FlatNode:
    method = node.method if isinstance(node, Criterion) and not node.components else None
    return FlatNode(level, node.code, node.name, parent, node.max_score, method, fold(node.name))


def _ratio(a: FlatNode, b: FlatNode) -> float:
    if a.folded == b.folded:
        return 1.0
    return difflib.SequenceMatcher(None, a.folded, b.folded, autojunk=False).ratio()


def diff_criteria(old: CriteriaSet, new: CriteriaSet) -> CriteriaDiff:
    old_nodes, new_nodes = flatten(old), flatten(new)
    new_by_code = {n.code: n for n in new_nodes}
    pairs: list[tuple[FlatNode, FlatNode, float]] = []
    left_old: list[FlatNode] = []
    matched_new: set[str] = set()
    same_code_weak: dict[str, FlatNode] = {}
    for o in old_nodes:
        n = new_by_code.get(o.code)
        if n is not None and n.level == o.level and _ratio(o, n) >= SIMILAR:
            pairs.append((o, n, _ratio(o, n)))
            matched_new.add(n.code)
        else:
            left_old.append(o)
            if n is not None and n.level == o.level:
                same_code_weak[o.code] = n
    left_new = [n for n in new_nodes if n.code not in matched_new]

    # moved: best name matches first, across codes
    candidates = sorted(
        (
            (_ratio(o, n), i, j)
            for i, o in enumerate(left_old)
            for j, n in enumerate(left_new)
            if o.code != n.code
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    moved: list[tuple[FlatNode, FlatNode, float]] = []
    for ratio, i, j in candidates:
        if ratio < SIMILAR:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        moved.append((left_old[i], left_new[j], ratio))

    changes: list[Change] = []
    remaining_new = {left_new[j].code: left_new[j] for j in range(len(left_new))
                     if j not in used_new}
    removed: list[FlatNode] = []
    for i, o in enumerate(left_old):
        if i in used_old:
            continue
        n = same_code_weak.get(o.code)
        if n is not None and n.code in remaining_new:
            del remaining_new[n.code]
            changes.append(Change("renamed", o.level, o, n, _ratio(o, n)))
            changes.extend(_compare(o, n))
        else:
            removed.append(o)
    for o, n, ratio in pairs:
        if o.name != n.name:
            changes.append(Change("renamed", o.level, o, n, ratio))
        changes.extend(_compare(o, n))
    for o, n, ratio in moved:
        changes.append(Change("moved", n.level, o, n, ratio))
        changes.extend(_compare(o, n))
    changes.extend(Change("removed", o.level, o, None) for o in removed)
    changes.extend(Change("added", n.level, None, n) for n in remaining_new.values())
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], code_key(c.code)))
    return CriteriaDiff(old.id, new.id, changes)


def _compare(o: FlatNode, n: FlatNode) -> list[Change]:
    out: list[Change] = []
    if o.max_score != n.max_score:
        out.append(Change("max_changed", n.level, o, n))
    if o.method is not None and n.method is not None and o.method != n.method:
        out.append(Change("method_changed", n.level, o, n))
    return out


def _method(m: Method | None) -> str:
    if m is None:
        return "—"
    return "ĐTXHH" if m is Method.SURVEY else "tự chấm"


def render_diff(diff: CriteriaDiff) -> str:
    """Text grouped by kind, in Vietnamese."""
    out = [f"So sánh bộ tiêu chí: {diff.old_id} (cũ) → {diff.new_id} (mới)"]
    if not diff.changes:
        out.append("Không có khác biệt về mã, tên, điểm tối đa và cách chấm.")
        return "\n".join(out)
    summary = ", ".join(f"{KIND_LABELS[k].split(' (')[0].lower()} {len(diff.of(k))}"
                        for k in KINDS if diff.of(k))
    out.append(f"Tóm tắt: {summary}.")
    for kind in KINDS:
        items = diff.of(kind)
        if not items:
            continue
        out.append("")
        out.append(f"{KIND_LABELS[kind]} ({len(items)}):")
        for c in items:
            out.extend("  " + line for line in _describe(c))
    if diff.code_map:
        out.append("")
        out.append("Khi chuyển hồ sơ năm trước sang bộ mới, đổi các mã sau trong divisions/*.yaml "
                   "và phân công: " + ", ".join(f"{a} → {b}" for a, b in diff.code_map.items()))
    return "\n".join(out)


def _describe(c: Change) -> list[str]:
    o, n = c.old, c.new
    level = LEVEL_LABELS[c.level]
    if c.kind == "added" and n is not None:
        return [f"+ {n.code} ({level}, {format_decimal(n.max_score)} điểm): {n.name}"]
    if c.kind == "removed" and o is not None:
        return [f"- {o.code} ({level}, {format_decimal(o.max_score)} điểm): {o.name}"]
    assert o is not None and n is not None
    if c.kind == "renamed":
        return [f"{n.code} ({level}):", f"    cũ: {o.name}", f"    mới: {n.name}"]
    if c.kind == "moved":
        where = ""
        if o.parent != n.parent:
            where = f", từ {o.parent or '(gốc)'} sang {n.parent or '(gốc)'}"
        pct = f"{round((c.similarity or 0) * 100)}%"
        lines = [f"{o.code} → {n.code} ({level}{where}; tên giống {pct}): {n.name}"]
        if o.name != n.name:
            lines.append(f"    tên cũ: {o.name}")
        return lines
    if c.kind == "max_changed":
        return [f"{n.code}: {format_decimal(o.max_score)} → {format_decimal(n.max_score)} điểm"
                + ("" if o.code == n.code else f" (mã cũ {o.code})")]
    return [f"{n.code}: {_method(o.method)} → {_method(n.method)}"
            + ("" if o.code == n.code else f" (mã cũ {o.code})")]
