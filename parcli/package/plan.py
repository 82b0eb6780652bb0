"""Which evidence goes into the package, under which name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from parcli.formats.evidence import EvidenceResolver, Status
from parcli.model import Evidence
from parcli.package.writer import assign_package_paths
from parcli.render.context import EvidenceFile
from parcli.scoring.scorecard import Scorecard
from parcli.text import nfc

Row = tuple[str, str, Path, int, Evidence]
"""leaf code, division, the file found, its size, the evidence item as written"""


def resolve_evidence(
    resolver: EvidenceResolver,
    uses: Iterable[tuple[str, str, Sequence[Evidence]]],
    kind: str = "tài liệu",
) -> tuple[list[Row], list[str]]:
    """The files of each (leaf, division, evidence items), in order, each once per leaf; the
    notes on the items whose file is not found (or is outside the dossier), skipped."""
    rows: list[Row] = []
    skipped: list[str] = []
    seen: set[tuple[str, Path]] = set()
    for leaf, division, items in uses:
        for item in items:
            resolved = resolver.resolve(item.path)
            if resolved.status is not Status.OK or resolved.path is None:
                skipped.append(
                    f"Bỏ qua {kind} '{item.path}' của tiêu chí {leaf}: không tìm "
                    "thấy tệp (hoặc nằm ngoài hồ sơ)."
                )
                continue
            key = (leaf, resolved.path)
            if key in seen:
                continue
            seen.add(key)
            rows.append((leaf, division, resolved.path, resolved.size, item))
    return rows, skipped


def plan_evidence(
    resolver: EvidenceResolver, card: Scorecard, copies: str = "once"
) -> tuple[list[EvidenceFile], list[str]]:
    """The evidence of every in-scope answer, in criteria order, with its package path.

    A file listed twice for one leaf is listed once. A file used by several leaves is, with
    ``copies="per-leaf"``, copied into the folder of each; with ``"once"`` it is stored once,
    in the folder of the first leaf using it (criteria order), and the later leaves point at
    that copy (``stored=False``). Files that cannot be found (only possible in a draft) are
    skipped with a warning.
    """
    rows, skipped = resolve_evidence(
        resolver,
        (
            (r.leaf.code, r.division, r.answer.evidence)
            for r in card.in_scope_leaves
            if r.answer is not None and r.division is not None
        ),
    )
    first: dict[Path, int] = {}  # source -> index of the row that stores it
    for i, row in enumerate(rows):
        first.setdefault(row[2], i)
    stored = [i for i, row in enumerate(rows) if copies == "per-leaf" or first[row[2]] == i]
    # the name of the file on disk (E008: "ke-hoach.pdf" typed for "Ke-Hoach.pdf"), in NFC
    paths = assign_package_paths([(rows[i][0], nfc(rows[i][2].name)) for i in stored])
    path_of = dict(zip(stored, paths, strict=True))
    return [
        EvidenceFile(
            leaf=leaf,
            division=division,
            source=source,
            written=item.path,
            package_path=path_of[i] if i in path_of else path_of[first[source]],
            size=size,
            sha256="",
            meta=item,
            stored=i in path_of,
        )
        for i, (leaf, division, source, size, item) in enumerate(rows)
    ], skipped
