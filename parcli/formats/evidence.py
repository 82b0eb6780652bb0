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

from parcli.text import fold, nfc, strip_invisible

_ABSOLUTE = re.compile(r"^([A-Za-z]:|/|//)")


class Status(str, Enum):
    OK = "ok"
    MISSING = "missing"
    FOLDER = "folder"
    OUTSIDE = "outside"
    SPECIAL = "special"  # a FIFO, a device, a socket: only regular files are evidence
    AMBIGUOUS = "ambiguous"  # two names on disk that differ only by Unicode normalisation


@dataclasses.dataclass(frozen=True, slots=True)
class Resolved:
    status: Status
    path: Path | None = None  # the real file on disk (OK or FOLDER)
    size: int = 0
    suggestion: str | None = None  # a near name, relative to the dossier, for MISSING
    actual: str | None = None  # for OK: the path as on disk when it differs only in case
    relative: str | None = None  # an absolute path inside the dossier: the path to write instead


class _Listing:
    """One folder's names: NFC name -> name on disk; which of them are links or folders."""

    __slots__ = ("_folded", "_visible", "folders", "links", "names", "twins")

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.links: set[str] = set()
        self.folders: set[str] = set()
        self.twins: set[str] = set()  # NFC names two entries share (an NFC and an NFD twin)
        self._folded: dict[str, str] | None = None
        self._visible: dict[str, str] | None = None

    def visible(self, name: str) -> str | None:
        """The NFC name equal to ``name`` once zero-width characters are left out (the text of a
        dossier loses them at loading, see :func:`parcli.text.clean_text`; a name on disk may
        keep them)."""
        if self._visible is None:
            self._visible = {}
            for key in self.names:
                stripped = strip_invisible(key)
                if stripped != key:
                    self._visible.setdefault(stripped, key)
        return self._visible.get(name)

    def casefolded(self, name: str) -> str | None:
        """The NFC name equal to ``name`` but for case (Windows and macOS ignore case)."""
        if self._folded is None:
            self._folded = {}
            for key in self.names:
                self._folded.setdefault(key.casefold(), key)
        return self._folded.get(name.casefold())


class EvidenceResolver:
    """Resolves many paths with one listing per folder (50,000 files stay fast and small: a
    listing keeps one name per file, shared with its NFC key when the name is NFC already)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._root_text = str(self.root)
        self._listing: dict[str, _Listing] = {}

    def _entries(self, folder: str) -> _Listing:
        cached = self._listing.get(folder)
        if cached is None:
            cached = _Listing()
            try:
                with os.scandir(folder) as it:
                    for entry in sorted(it, key=lambda e: e.name):
                        key = nfc(entry.name)
                        if key in cached.names:
                            cached.twins.add(key)
                            continue
                        cached.names[key] = entry.name
                        try:
                            if entry.is_symlink():
                                cached.links.add(key)
                            if entry.is_dir():
                                cached.folders.add(key)
                        except OSError:
                            pass
            except OSError:
                pass
            self._listing[folder] = cached
        return cached

    def _names(self, folder: Path) -> dict[str, str]:
        return self._entries(str(folder)).names

    def resolve(self, written: str) -> Resolved:
        text = _clean_written(written)
        if _ABSOLUTE.match(text):
            relative = self._relative(text)
            if relative is None:
                return Resolved(Status.OUTSIDE)
            return dataclasses.replace(self.resolve(relative), relative=relative)
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
            key = part
            if part not in entries.names:
                # Windows and macOS ignore case: accept the file, and say so (E008).
                near = entries.visible(part) or entries.casefolded(part)
                if near is None:
                    return Resolved(
                        Status.MISSING, suggestion=self._suggest(Path(current), parts, i)
                    )
                key = near
            if key in entries.twins:
                return Resolved(Status.AMBIGUOUS, suggestion="/".join([*on_disk, key]))
            actual = entries.names[key]
            link, is_dir = key in entries.links, key in entries.folders
            on_disk.append(nfc(actual))
            # (a plain join: os.path.join's checks cost more than the stat, 4 times per file)
            current = current + actual if current.endswith(os.sep) else current + os.sep + actual
            if link:
                through_link = True
                real_text = os.path.realpath(current)
                if not inside(Path(real_text), self.root):
                    return Resolved(Status.OUTSIDE)
                is_dir = os.path.isdir(real_text)
        return self._arrived(current, parts, on_disk, through_link=through_link, is_dir=is_dir)

    def _arrived(
        self,
        current: str,
        parts: list[str],
        on_disk: list[str],
        *,
        through_link: bool,
        is_dir: bool,
    ) -> Resolved:
        """What the walk to ``current`` found: a folder, a regular file (with its size and, when
        the name on disk differs from the one written, that name), or something else."""
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
            Status.OK,
            path=real,
            size=size,
            actual=("/".join(on_disk) if [strip_invisible(p) for p in on_disk] != parts else None),
        )

    def _relative(self, text: str) -> str | None:
        """An absolute path (Explorer's "Copy as path") as a path inside the dossier, if it is one.

        Compared as the system compares names (ignoring case on Windows), after following links.
        """
        candidate = Path(text)
        if not candidate.is_absolute():
            return None  # "C:/…" on a system without drive letters
        real = os.path.normcase(os.path.realpath(candidate))
        root = os.path.normcase(self._root_text)
        try:
            rel = os.path.relpath(real, root)
        except ValueError:  # another drive
            return None
        if rel == "." or rel.split(os.sep)[0] == "..":
            return None
        # the components as written (normcase may have lowered them)
        parts = Path(os.path.realpath(candidate)).parts[-len(Path(rel).parts) :]
        return "/".join(nfc(p) for p in parts)

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


def _clean_written(written: str) -> str:
    """An evidence path as written, NFC, without the quotes Explorer's "Copy as path" adds,
    with / for \\."""
    text = nfc(written.strip())
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()  # Explorer's "Copy as path" adds double quotes
    return text.replace("\\", "/")
