"""Resolve evidence paths inside a dossier, safely and Unicode-aware.

A path is relative to the dossier root, written with ``/`` or ``\\``. It is matched component
by component against the names on disk after NFC normalisation on both sides, so a file saved on
a Mac (NFD names) is found. A path that leaves the dossier (``..``, an absolute path, a link
pointing outside) is refused and never followed.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from enum import Enum
from pathlib import Path

from parcli.text import fold, nfc

_ABSOLUTE = re.compile(r"^([A-Za-z]:|/|//)")


class Status(str, Enum):
    OK = "ok"
    MISSING = "missing"
    FOLDER = "folder"
    OUTSIDE = "outside"


@dataclasses.dataclass(frozen=True)
class Resolved:
    status: Status
    path: Path | None = None  # the real file on disk (OK or FOLDER)
    size: int = 0
    suggestion: str | None = None  # a near name, relative to the dossier, for MISSING
    actual: str | None = None  # for OK: the path as on disk when it differs only in case


class EvidenceResolver:
    """Resolves many paths with one listing per folder (5,000 files stay fast)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._listing: dict[Path, dict[str, str]] = {}

    def _names(self, folder: Path) -> dict[str, str]:
        cached = self._listing.get(folder)
        if cached is None:
            try:
                cached = {nfc(name): name for name in sorted(os.listdir(folder))}
            except OSError:
                cached = {}
            self._listing[folder] = cached
        return cached

    def _casefolded(self, folder: Path) -> dict[str, str]:
        result: dict[str, str] = {}
        for name in self._names(folder):
            result.setdefault(name.casefold(), name)
        return result

    def resolve(self, written: str) -> Resolved:
        text = nfc(written.strip()).replace("\\", "/")
        if _ABSOLUTE.match(text):
            return Resolved(Status.OUTSIDE)
        parts = [p for p in text.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return Resolved(Status.OUTSIDE)
        current = self.root
        on_disk: list[str] = []
        for i, part in enumerate(parts):
            names = self._names(current)
            actual = names.get(part)
            if actual is None:
                # Windows and macOS ignore case: accept the file, and say so (E008).
                same_but_case = self._casefolded(current).get(part.casefold())
                if same_but_case is None:
                    return Resolved(Status.MISSING, suggestion=self._suggest(current, parts, i))
                actual = names[same_but_case]
            on_disk.append(nfc(actual))
            current = current / actual
            if current.is_symlink():
                target = current.resolve()
                if not _inside(target, self.root):
                    return Resolved(Status.OUTSIDE)
        real = current.resolve()
        if not _inside(real, self.root):
            return Resolved(Status.OUTSIDE)
        if real.is_dir():
            return Resolved(Status.FOLDER, path=real)
        try:
            size = real.stat().st_size
        except OSError:
            return Resolved(Status.MISSING)
        actual_path = "/".join(on_disk)
        return Resolved(Status.OK, path=real, size=size,
                        actual=actual_path if on_disk != parts else None)

    def _suggest(self, folder: Path, parts: list[str], index: int) -> str | None:
        names = self._names(folder)
        wanted = parts[index]
        by_fold: dict[str, str] = {}
        for name in names:
            by_fold.setdefault(fold(name), name)
        exact = by_fold.get(fold(wanted))
        close = [exact] if exact else [
            by_fold[m] for m in difflib.get_close_matches(fold(wanted), list(by_fold), n=1,
                                                          cutoff=0.85)
        ]
        if not close:
            return None
        prefix = "/".join(parts[:index])
        rest = "/".join(parts[index + 1 :])
        return "/".join(p for p in (prefix, close[0], rest) if p)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
