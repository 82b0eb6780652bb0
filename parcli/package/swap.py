"""Putting a finished package in place so that a crash leaves the old package or the new one.

A package is two entries of the build folder (the folder and the zip), and no file system
renames two entries at once. So the swap is journaled:

1. under a lock on the build folder, a fresh ``.parcli-cu-…`` folder receives ``journal.json``
   (which final entries existed before) *before* anything is renamed;
2. the old entries are renamed into it, the new ones renamed onto the final names;
3. ``done`` is written into it, then it is deleted.

If the process dies anywhere in 2, the next build (:func:`recover`, under the same lock) sees
a journal without ``done`` and rolls back: the new entries go, the old ones come back. With
``done`` (or no journal: nothing was renamed yet) the folder is just deleted. Every other
``.parcli-*`` left in the build folder by a killed build is deleted too.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from parcli.errors import BuildFailed, os_reason
from parcli.package.writer import remove_tree

PREFIX = ".parcli-"
BACKUP_PREFIX = ".parcli-cu-"
JOURNAL = "journal.json"
DONE = "done"


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` (other builds into it wait).

    On POSIX the folder itself is locked (``flock``), so no lock file is left behind.
    """
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        path = out_dir / ".parcli-lock"
        with path.open("a+b") as handle:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        with contextlib.suppress(OSError):
            path.unlink()
        return
    import fcntl

    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_small(path: Path, data: bytes) -> None:
    with path.open("xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def swap_into_place(pairs: Sequence[tuple[Path, Path]], out_dir: Path) -> None:
    """Rename each new path onto its final path in ``out_dir``, journaled (see the module).

    Call with the lock of :func:`build_lock` held. On an error the previous entries are put
    back before the error propagates.
    """
    backup = Path(tempfile.mkdtemp(prefix=BACKUP_PREFIX, dir=out_dir))
    finals = [final for _new, final in pairs]
    had_old = [final.exists() or final.is_symlink() for final in finals]
    journal = {"finals": [f.name for f in finals], "had_old": had_old}
    _write_small(backup / JOURNAL, json.dumps(journal).encode("utf-8"))
    _fsync_dir(backup)
    try:
        for i, final in enumerate(finals):
            if had_old[i]:
                os.replace(final, backup / str(i))
        for new, final in pairs:
            if new.exists() or new.is_symlink():  # a missing new entry: the old one just goes
                os.replace(new, final)
        _fsync_dir(out_dir)
        _write_small(backup / DONE, b"")
    except BaseException:
        _roll_back(backup, out_dir)
        raise
    remove_tree(backup)


def _roll_back(backup: Path, out_dir: Path) -> None:
    """Undo a swap that did not finish: the old entries back, the new ones removed."""
    try:
        journal = json.loads((backup / JOURNAL).read_text(encoding="utf-8"))
        names = [str(n) for n in journal["finals"]]
        had_old = [bool(h) for h in journal["had_old"]]
    except (OSError, ValueError, KeyError, TypeError):
        remove_tree(backup)  # no journal: nothing was renamed yet
        return
    for i, name in enumerate(names):
        final = out_dir / name
        saved = backup / str(i)
        if had_old[i]:
            if saved.exists() or saved.is_symlink():
                remove_tree(final)  # the new (or a half-placed) entry
                os.replace(saved, final)
            # else: the old entry was never moved away; it is still in place
        else:
            remove_tree(final)
    remove_tree(backup)


def recover(out_dir: Path, keep: Path | None = None) -> list[str]:
    """Finish or undo what a killed build left in ``out_dir``; remove its temporary folders.

    Call with the lock held. Returns the names removed (for tests and the log).
    """
    cleaned: list[str] = []
    try:
        entries = sorted(out_dir.iterdir())
    except OSError:
        return cleaned
    for entry in entries:
        if not entry.name.startswith(PREFIX) or entry == keep or entry.name == ".parcli-lock":
            continue
        if entry.name.startswith(BACKUP_PREFIX) and entry.is_dir():
            if (entry / DONE).exists():
                remove_tree(entry)
            else:
                _roll_back(entry, out_dir)
        else:
            remove_tree(entry)
        cleaned.append(entry.name)
    return cleaned


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """Under the lock of ``out_dir``: what a killed build left is recovered, and a fresh
    temporary folder is yielded to write the new package in; it is removed on every way out
    (Ctrl+C waits while it goes). Finish with :func:`swap_into_place` inside the block.

    ``out_dir`` is created if need be (:class:`BuildFailed` when it cannot be), and removed
    again when this created it and the build left nothing in it.
    """
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFailed(f"Không tạo được thư mục {out_dir}: {os_reason(exc)}") from None
    try:
        with build_lock(out_dir):
            recover(out_dir)
            # named before it exists: a Ctrl+C between creating it and knowing it leaves nothing
            work = out_dir / f"{PREFIX}{secrets.token_hex(6)}"
            try:
                work.mkdir(mode=0o700)
                yield work
            finally:
                with _uninterrupted():
                    remove_tree(work)
    finally:
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only succeeds when the build left nothing there


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl+C waits while the temporary folder is removed (in the main thread; elsewhere, as is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
