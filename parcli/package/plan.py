"""Which evidence goes into the package, under which name."""

from __future__ import annotations

from pathlib import Path

from parcli.formats.evidence import EvidenceResolver, Status
from parcli.model import Evidence
from parcli.package.writer import assign_package_paths
from parcli.render.context import EvidenceFile
from parcli.scoring.scorecard import Scorecard
from parcli.text import nfc


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
    rows: list[tuple[str, str, Path, int, Evidence]] = []
    skipped: list[str] = []
    seen: set[tuple[str, Path]] = set()
    for result in card.in_scope_leaves:
        if result.answer is None or result.division is None:
            continue
        for item in result.answer.evidence:
            resolved = resolver.resolve(item.path)
            if resolved.status is not Status.OK or resolved.path is None:
                skipped.append(
                    f"Bỏ qua tài liệu '{item.path}' của tiêu chí {result.leaf.code}: không tìm "
                    "thấy tệp (hoặc nằm ngoài hồ sơ)."
                )
                continue
            key = (result.leaf.code, resolved.path)
            if key in seen:
                continue
            seen.add(key)
            rows.append((result.leaf.code, result.division, resolved.path, resolved.size, item))
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
