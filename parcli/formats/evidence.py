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
import stat
from enum import Enum
from pathlib import Path

from parcli.text import fold, nfc

_ABSOLUTE = re.compile(r"^([A-Za-z]:|/|//)")


class Status(str, Enum):
    OK = "ok"
    MISSING = "missing"
    FOLDER = "folder"
    OUTSIDE = "outside"
    SPECIAL = "special"  # a FIFO, a device, a socket: only regular files are evidence
    AMBIGUOUS = "ambiguous"  # two names on disk that differ only by Unicode normalisation


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
        self._root_text = str(self.root)
        # folder -> {NFC name: (name on disk, is a link, is a folder)}
        self._listing: dict[str, dict[str, tuple[str, bool, bool]]] = {}
        # folder -> NFC names that two entries on disk share (an NFC and an NFD twin)
        self._twins: dict[str, set[str]] = {}

    def _entries(self, folder: str) -> dict[str, tuple[str, bool, bool]]:
        cached = self._listing.get(folder)
        if cached is None:
            cached = {}
            try:
                with os.scandir(folder) as it:
                    for entry in sorted(it, key=lambda e: e.name):
                        try:
                            link = entry.is_symlink()
                            is_dir = entry.is_dir()
                        except OSError:
                            link, is_dir = False, False
                        key = nfc(entry.name)
                        if key in cached:
                            self._twins.setdefault(folder, set()).add(key)
                        cached.setdefault(key, (entry.name, link, is_dir))
            except OSError:
                pass
            self._listing[folder] = cached
        return cached

    def _names(self, folder: Path) -> dict[str, str]:
        return {name: value[0] for name, value in self._entries(str(folder)).items()}

    def resolve(self, written: str) -> Resolved:
        text = nfc(written.strip()).replace("\\", "/")
        if _ABSOLUTE.match(text):
            return Resolved(Status.OUTSIDE)
        parts = [p for p in text.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return Resolved(Status.OUTSIDE)
        current = self._root_text
        on_disk: list[str] = []
        through_link = False
        is_dir = True
        for i, part in enumerate(parts):
            if not is_dir:  # a file used as a folder
                return Resolved(Status.MISSING, suggestion=None)
            entries = self._entries(current)
            found = entries.get(part)
            if found is None:
                # Windows and macOS ignore case: accept the file, and say so (E008).
                folded = part.casefold()
                key = next((k for k in entries if k.casefold() == folded), None)
                if key is None:
                    return Resolved(
                        Status.MISSING, suggestion=self._suggest(Path(current), parts, i)
                    )
                found = entries[key]
            if nfc(actual_name := found[0]) in self._twins.get(current, ()):
                return Resolved(Status.AMBIGUOUS, suggestion="/".join([*on_disk, nfc(actual_name)]))
            actual, link, is_dir = found
            on_disk.append(nfc(actual))
            current = os.path.join(current, actual)
            if link:
                through_link = True
                real_text = os.path.realpath(current)
                if not inside(Path(real_text), self.root):
                    return Resolved(Status.OUTSIDE)
                is_dir = os.path.isdir(real_text)
        real = Path(os.path.realpath(current)) if through_link else Path(current)
        if through_link and not inside(real, self.root):
            return Resolved(Status.OUTSIDE)
        if is_dir:
            return Resolved(Status.FOLDER, path=real)
        try:
            info = os.stat(real)
        except OSError:
            return Resolved(Status.MISSING)
        if not stat.S_ISREG(info.st_mode):
            return Resolved(Status.SPECIAL, path=real)
        size = info.st_size
        return Resolved(
            Status.OK, path=real, size=size, actual="/".join(on_disk) if on_disk != parts else None
        )

    def _suggest(self, folder: Path, parts: list[str], index: int) -> str | None:
        names = self._names(folder)
        wanted = parts[index]
        by_fold: dict[str, str] = {}
        for name in names:
            by_fold.setdefault(fold(name), name)
        exact = by_fold.get(fold(wanted))
        close = (
            [exact]
            if exact
            else [
                by_fold[m]
                for m in difflib.get_close_matches(fold(wanted), list(by_fold), n=1, cutoff=0.85)
            ]
        )
        if not close:
            return None
        prefix = "/".join(parts[:index])
        rest = "/".join(parts[index + 1 :])
        return "/".join(p for p in (prefix, close[0], rest) if p)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or below it (both resolved)."""
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
