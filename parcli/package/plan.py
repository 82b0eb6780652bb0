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
    resolver: EvidenceResolver, card: Scorecard
) -> tuple[list[EvidenceFile], list[str]]:
    """The evidence of every in-scope answer, in criteria order, with its package path.

    A file listed twice for one leaf is copied once; a file used by two leaves is copied under
    each. Files that cannot be found (only possible in a draft) are skipped with a warning.
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
    paths = assign_package_paths([(row[0], _file_name(row[4].path)) for row in rows])
    return [
        EvidenceFile(
            leaf=leaf,
            division=division,
            source=source,
            written=item.path,
            package_path=package_path,
            size=size,
            sha256="",
            meta=item,
        )
        for (leaf, division, source, size, item), package_path in zip(rows, paths, strict=True)
    ], skipped


def _file_name(written: str) -> str:
    """The last part of a path as written ("evidence\\Kế hoạch.pdf" → "Kế hoạch.pdf"), NFC."""
    return nfc(written.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1])
