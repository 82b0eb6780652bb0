"""``parcli criteria diff``: what changed between two criteria sets.

An office carries last year's dossier over to a new decision: it needs to know which codes
were added or removed, which kept their code but changed name, maximum or scoring method, and
which items moved to another code (matched by name).

Matching is a best-match assignment over the pairs of nodes (old × new):

* a pair with the same code (and level) is a candidate when the similarity of the folded
  names (:func:`_ratio`, the smaller of the character and word ratios) is ≥
  :data:`SAME_CODE_MIN` (0.6); a pair with different codes when it is ≥ :data:`SIMILAR`
  (0.85) and, below 0.95, the names differ only by added or removed words (not "cấp xã" →
  "cấp trung ương");
* candidates are taken best first (ratio, plus a small bonus for the same code), each node at
  most once; so a shift (a new 2.1.1 inserted, the old ones renumbered) pairs every old node
  with its renumbered copy, not with whatever now carries its code;
* a matched pair with the same code and another name is *renamed* (with the similarity); a
  name that differs only in case or spacing is *case_changed*; a pair with different codes is
  *moved*;
* the rest: *removed* (only in the old set) and *added* (only in the new set). A same-code
  pair with a very different name (ratio < 0.6) is therefore removed + added, not a rename.

Only the pairs that can reach these thresholds are scored: same-code pairs by code, the others
from an index of word pairs (:func:`_pairs`), so two sets of 2,000 leaves compare in about a
second rather than minutes; the result is the same as scoring every pair
(``exhaustive=True``).

Matched pairs are then compared for *max_changed*; matched pairs of scored leaves also for
*method_changed*, *step_changed* (a new step makes last year's scores off-step, A007),
*evidence_changed* (``evidence_required`` or ``evidence_before_year``) and *rule_changed* (the
text of the scoring rule, compared with spacing and line breaks normalised).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, get_args

from parcli.model import Area, Component, CriteriaSet, Criterion, Method
from parcli.text import code_key, fold, format_decimal

SIMILAR = 0.85
SAME_CODE_MIN = 0.6
SAME_CODE_BONUS = 0.05

Kind = Literal[
    "added",
    "removed",
    "renamed",
    "case_changed",
    "moved",
    "max_changed",
    "method_changed",
    "step_changed",
    "evidence_changed",
    "rule_changed",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
KIND_LABELS: dict[Kind, str] = {
    "added": "Thêm mới",
    "removed": "Bỏ",
    "renamed": "Đổi tên (cùng mã)",
    "case_changed": "Chỉ khác chữ hoa/thường hoặc khoảng trắng (cùng mã)",
    "moved": "Chuyển mã hoặc chuyển vị trí (khớp theo tên)",
    "max_changed": "Đổi điểm tối đa",
    "method_changed": "Đổi phương thức chấm (tự chấm / điều tra xã hội học)",
    "step_changed": "Đổi bước điểm",
    "evidence_changed": "Đổi yêu cầu tài liệu kiểm chứng",
    "rule_changed": "Đổi quy tắc chấm (nội dung cách chấm điểm)",
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
    # how a scored leaf is scored; None / False for a node that is not scored itself
    step: Decimal | None = None
    evidence_required: bool | None = None
    evidence_before_year: bool | None = None
    rule: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.method is not None


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
                "step": None if node.step is None else format(node.step, "f"),
                "evidence_required": node.evidence_required,
                "evidence_before_year": node.evidence_before_year,
                "rule": node.rule,
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
                nodes.append(_flat(3, comp, crit.code))
    return nodes


def _flat(level: int, node: Area | Criterion | Component, parent: str | None) -> FlatNode:
    if isinstance(node, Component) or (isinstance(node, Criterion) and not node.components):
        return FlatNode(
            level,
            node.code,
            node.name,
            parent,
            node.max_score,
            node.method,
            fold(node.name),
            node.step,
            node.evidence_required,
            node.evidence_before_year,
            node.rule,
        )
    return FlatNode(level, node.code, node.name, parent, node.max_score, None, fold(node.name))


def _ratio(a: FlatNode, b: FlatNode) -> float:
    """Name similarity: the smaller of the difflib ratios over the folded characters and over
    the words. Words matter: "… cấp xã" and "… cấp trung ương" share most characters but are
    different items; "báo cáo định kỳ" and "báo cáo định kỳ, đột xuất" stay similar."""
    if a.folded == b.folded:
        return 1.0
    chars = difflib.SequenceMatcher(None, a.folded, b.folded, autojunk=False).ratio()
    words = difflib.SequenceMatcher(
        None, _words(a.folded), _words(b.folded), autojunk=False
    ).ratio()
    return min(chars, words)


def _replaced_words(a: FlatNode, b: FlatNode) -> bool:
    """Some words of one name were replaced by others ("cấp xã" → "cấp trung ương"), rather
    than only added or removed ("định kỳ" → "định kỳ, đột xuất")."""
    ops = difflib.SequenceMatcher(
        None, _words(a.folded), _words(b.folded), autojunk=False
    ).get_opcodes()
    return any(op == "replace" for op, *_ in ops)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _case_only(a: str, b: str) -> bool:
    """Names that differ only in upper/lower case or spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _accept(o: FlatNode, n: FlatNode) -> tuple[float, float] | None:
    """(score, ratio) when the pair ``o`` → ``n`` is a candidate match, else None."""
    same = o.code == n.code and o.level == n.level
    floor = SAME_CODE_MIN if same else SIMILAR
    if o.folded != n.folded:
        quick = difflib.SequenceMatcher(None, o.folded, n.folded, autojunk=False)
        if quick.real_quick_ratio() < floor or quick.quick_ratio() < floor:
            return None  # cheap upper bounds of the character ratio
    ratio = _ratio(o, n)
    if ratio < floor or (not same and ratio < 0.95 and _replaced_words(o, n)):
        return None
    return ratio + (SAME_CODE_BONUS if same else 0.0), ratio


Token = tuple[str, int]


def _tokens(text: str) -> frozenset[Token]:
    """The words as a set: the second "cấp" is ("cap", 1), so set overlap = multiset overlap."""
    seen: dict[str, int] = {}
    out = []
    for w in _words(text):
        k = seen.get(w, 0)
        seen[w] = k + 1
        out.append((w, k))
    return frozenset(out)


def _min_overlap(size: int) -> int:
    """The fewest words a name of ``size`` words shares with a name it can match by name: the
    word ratio 2·M / (|a| + |b|) ≥ t with M ≤ |a ∩ b| ≤ |b| needs |a ∩ b| ≥ t·|a| / (2 − t)."""
    return math.ceil(SIMILAR * size / (2 - SIMILAR) - 1e-9)


def _keys(tokens: frozenset[Token]) -> list[tuple[Token, ...]]:
    """What the index holds for a name: its pairs of words (a name of one word: that word)."""
    if len(tokens) < 2:
        return [(t,) for t in tokens]
    return list(itertools.combinations(sorted(tokens), 2))


def _pairs(old_nodes: list[FlatNode], new_nodes: list[FlatNode]) -> set[tuple[int, int]]:
    """Every pair that can be a candidate, found without scoring every old × new pair.

    Same code and level: looked up by code. Another code needs a word ratio ≥ :data:`SIMILAR`,
    hence (:func:`_min_overlap`) at least k = ⌈t·|a| / (2 − t)⌉ shared words, hence C(k, 2)
    shared pairs of words. With each name's pairs of words sorted rarest first, two names that
    share s pairs share one among the first (their count − s + 1) of each (prefix filtering):
    an index of these prefixes yields every pair that can match, and the exact word overlap
    drops most of them before any :class:`difflib.SequenceMatcher` runs. Pairs of words rather
    than words keep the lists short when every name uses the same few hundred words. A name of
    one word can only match a name of one word, a name of none one of none.
    """
    pairs: set[tuple[int, int]] = set()
    new_by_code = {(n.code, n.level): j for j, n in enumerate(new_nodes)}
    for i, o in enumerate(old_nodes):
        j = new_by_code.get((o.code, o.level))
        if j is not None:
            pairs.add((i, j))
    old_tokens = [_tokens(o.folded) for o in old_nodes]
    new_tokens = [_tokens(n.folded) for n in new_nodes]
    old_keys = [_keys(t) for t in old_tokens]
    new_keys = [_keys(t) for t in new_tokens]
    frequency: dict[tuple[Token, ...], int] = {}
    for keys in (*old_keys, *new_keys):
        for key in keys:
            frequency[key] = frequency.get(key, 0) + 1

    def prefix(tokens: frozenset[Token], keys: list[tuple[Token, ...]]) -> list[tuple[Token, ...]]:
        shared = math.comb(_min_overlap(len(tokens)), 2) if len(tokens) >= 2 else len(keys)
        keys.sort(key=lambda k: (frequency[k], k))
        return keys[: len(keys) - shared + 1]

    index: dict[tuple[Token, ...], list[int]] = {}
    no_words: list[int] = []
    for j, (tokens, keys) in enumerate(zip(new_tokens, new_keys, strict=True)):
        if not tokens:
            no_words.append(j)
        for key in prefix(tokens, keys):
            index.setdefault(key, []).append(j)
    for i, (tokens, keys) in enumerate(zip(old_tokens, old_keys, strict=True)):
        near: set[int] = set(no_words) if not tokens else set()
        for key in prefix(tokens, keys):
            near.update(index.get(key, ()))
        for j in near:
            other = new_tokens[j]
            if 2 * len(tokens & other) >= SIMILAR * (len(tokens) + len(other)) - 1e-9:
                pairs.add((i, j))
    return pairs


def diff_criteria(old: CriteriaSet, new: CriteriaSet, *, exhaustive: bool = False) -> CriteriaDiff:
    """The changes from ``old`` to ``new``.

    ``exhaustive`` scores every old × new pair (quadratic: the reference the indexed search of
    :func:`_pairs` is checked against in the tests and in benchmarks/scaling_bench.py); both
    give the same candidates, hence the same changes.
    """
    old_nodes, new_nodes = flatten(old), flatten(new)
    if exhaustive:
        pairs: Iterable[tuple[int, int]] = (
            (i, j) for i in range(len(old_nodes)) for j in range(len(new_nodes))
        )
    else:
        pairs = _pairs(old_nodes, new_nodes)
    candidates: list[tuple[float, int, int, float]] = []
    for i, j in pairs:
        accepted = _accept(old_nodes[i], new_nodes[j])
        if accepted is not None:
            candidates.append((accepted[0], i, j, accepted[1]))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    changes: list[Change] = []
    for _score, i, j, ratio in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        o, n = old_nodes[i], new_nodes[j]
        if o.code == n.code and o.level == n.level:
            if o.name != n.name:
                kind: Kind = "case_changed" if _case_only(o.name, n.name) else "renamed"
                changes.append(Change(kind, o.level, o, n, ratio))
        else:
            changes.append(Change("moved", n.level, o, n, ratio))
        changes.extend(_compare(o, n))
    old_by_code = {o.code: o for o in old_nodes}
    new_by_code = {n.code: n for n in new_nodes}
    for i, o in enumerate(old_nodes):
        if i not in used_old:
            other = new_by_code.get(o.code)
            changes.append(
                Change("removed", o.level, o, None, _ratio(o, other) if other is not None else None)
            )
    for j, n in enumerate(new_nodes):
        if j not in used_new:
            other = old_by_code.get(n.code)
            changes.append(
                Change("added", n.level, None, n, _ratio(other, n) if other is not None else None)
            )
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], code_key(c.code)))
    return CriteriaDiff(old.id, new.id, changes)


def _compare(o: FlatNode, n: FlatNode) -> list[Change]:
    out: list[Change] = []
    if o.max_score != n.max_score:
        out.append(Change("max_changed", n.level, o, n))
    if not (o.is_leaf and n.is_leaf):
        return out  # how a node is scored matters only for scored leaves
    if o.method != n.method:
        out.append(Change("method_changed", n.level, o, n))
    if o.step != n.step:
        out.append(Change("step_changed", n.level, o, n))
    if (o.evidence_required, o.evidence_before_year) != (
        n.evidence_required,
        n.evidence_before_year,
    ):
        out.append(Change("evidence_changed", n.level, o, n))
    if _rule_text(o.rule) != _rule_text(n.rule):
        out.append(Change("rule_changed", n.level, o, n))
    return out


def _rule_text(rule: str | None) -> str:
    """The rule as compared: spacing and line breaks do not count."""
    return " ".join((rule or "").split())


def _method(m: Method | None) -> str:
    if m is None:
        return "—"
    return "ĐTXHH" if m is Method.SURVEY else "tự chấm"


def render_diff(diff: CriteriaDiff) -> str:
    """Text grouped by kind, in Vietnamese."""
    out = [f"So sánh bộ tiêu chí: {diff.old_id} (cũ) → {diff.new_id} (mới)"]
    if not diff.changes:
        out.append(
            "Không có khác biệt về mã, tên, điểm tối đa, phương thức chấm, bước điểm, "
            "tài liệu kiểm chứng và quy tắc chấm."
        )
        return "\n".join(out)
    summary = ", ".join(
        f"{KIND_LABELS[k].split(' (')[0].lower()} {len(diff.of(k))}" for k in KINDS if diff.of(k)
    )
    out.append(f"Tóm tắt: {summary}.")
    for kind in KINDS:
        items = diff.of(kind)
        if not items:
            continue
        out.append("")
        out.append(f"{KIND_LABELS[kind]} ({len(items)}):")
        for c in items:
            out.extend("  " + line for line in _describe(c))
        if kind == "step_changed":
            out.append(
                "  → Điểm tự chấm của hồ sơ năm trước theo bước cũ có thể không còn đúng "
                "bước mới (lỗi A007): xem lại điểm các mục này sau khi chuyển."
            )
    if diff.code_map:
        out.append("")
        out.append(
            "Khi chuyển hồ sơ năm trước sang bộ mới, đổi các mã sau trong divisions/*.yaml "
            "và phân công: " + ", ".join(f"{a} → {b}" for a, b in diff.code_map.items())
        )
    return "\n".join(out)


def _pct(similarity: float | None) -> str:
    return f"{math.floor((similarity or 0) * 100)}%"


def _describe(c: Change) -> list[str]:
    o, n = c.old, c.new
    level = LEVEL_LABELS[c.level]
    same_code = (
        ""
        if c.similarity is None
        else f"; mã này ở bộ {'mới' if c.kind == 'removed' else 'cũ'} là mục khác, tên "
        f"giống {_pct(c.similarity)}"
    )
    if c.kind == "added" and n is not None:
        return [f"+ {n.code} ({level}, {format_decimal(n.max_score)} điểm{same_code}): {n.name}"]
    if c.kind == "removed" and o is not None:
        return [f"- {o.code} ({level}, {format_decimal(o.max_score)} điểm{same_code}): {o.name}"]
    assert o is not None and n is not None
    if c.kind in ("renamed", "case_changed"):
        return [
            f"{n.code} ({level}; tên giống {_pct(c.similarity)}):",
            f"    cũ: {o.name}",
            f"    mới: {n.name}",
        ]
    if c.kind == "moved":
        where = ""
        if o.parent != n.parent:
            where = f", từ {o.parent or '(gốc)'} sang {n.parent or '(gốc)'}"
        lines = [f"{o.code} → {n.code} ({level}{where}; tên giống {_pct(c.similarity)}): {n.name}"]
        if o.name != n.name:
            lines.append(f"    tên cũ: {o.name}")
        return lines
    old_code = "" if o.code == n.code else f" (mã cũ {o.code})"
    if c.kind == "max_changed":
        return [
            f"{n.code}: {format_decimal(o.max_score)} → {format_decimal(n.max_score)} điểm"
            + old_code
        ]
    if c.kind == "step_changed":
        return [f"{n.code}: bước điểm {_step(o.step)} → {_step(n.step)}{old_code}"]
    if c.kind == "evidence_changed":
        parts = []
        if o.evidence_required != n.evidence_required:
            parts.append(
                f"bắt buộc tài liệu kiểm chứng: {_yes(o.evidence_required)} → "
                f"{_yes(n.evidence_required)}"
            )
        if o.evidence_before_year != n.evidence_before_year:
            parts.append(
                "nhận tài liệu ban hành trước năm đánh giá: "
                f"{_yes(o.evidence_before_year)} → {_yes(n.evidence_before_year)}"
            )
        return [f"{n.code}: {'; '.join(parts)}{old_code}"]
    if c.kind == "rule_changed":
        return [f"{n.code}{old_code}:", *_text_lines("cũ", o.rule), *_text_lines("mới", n.rule)]
    return [f"{n.code}: {_method(o.method)} → {_method(n.method)}{old_code}"]


def _step(step: Decimal | None) -> str:
    return "(không quy định)" if step is None else format_decimal(step)


def _yes(value: bool | None) -> str:
    return "có" if value else "không"


def _text_lines(label: str, text: str | None) -> list[str]:
    """``    cũ: first line`` then the other lines of a multi-line text, indented."""
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    if not lines:
        return [f"    {label}: (không ghi)"]
    pad = " " * (len(label) + 6)
    return [f"    {label}: {lines[0]}", *(pad + line for line in lines[1:])]
