"""One pass over the evidence: each byte is read once, hashed once and written into the zip.

:func:`open_evidence` opens a file of the dossier safely: the file opened is checked at open
time (not before), so a file swapped for a link, a FIFO or a device while the build runs is
refused. :class:`EvidencePass` streams every evidence file into an open zip (and, when the
package folder is kept, into the folder) in a background thread, reading and hashing in one
thread and writing in another, so SHA-256 overlaps the disk and the main thread renders the
Word report meanwhile.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import queue
import stat
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from parcli.errors import EvidenceGone
from parcli.render.context import EvidenceFile

CHUNK = 4 * 1024 * 1024  # 4 MiB: few GIL hand-overs per byte, memory still flat
BUFFERS = 4  # chunks in flight between the reading and the writing thread

Progress = Callable[[int, int, int], None]
ZipInfoFor = Callable[[str, int], zipfile.ZipInfo]


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open


def open_evidence(root: Path, source: Path) -> BinaryIO:
    """Open ``source`` (a file below ``root``) for reading, refusing what is not safe.

    Where the system allows it, every folder from ``root`` down is opened relative to the
    previous one without following links, so the file opened is the file inside the dossier
    even if a folder or the file is replaced by a link meanwhile. Elsewhere the opened file's
    identity is compared with the resolved path. Raises OSError (``ELOOP`` for a link) or
    ValueError for what is not a regular file.
    """
    rel = source.relative_to(root)
    flags = os.O_RDONLY | _BINARY
    if os.open in os.supports_dir_fd and _NOFOLLOW:
        fd = os.open(root, flags | _DIRECTORY)
        try:
            for part in rel.parts[:-1]:
                nxt = os.open(part, flags | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = nxt
            leaf = os.open(rel.parts[-1], flags | _NOFOLLOW | _NONBLOCK, dir_fd=fd)
        finally:
            os.close(fd)
    else:  # Windows: open, then check that the open file is the one inside the dossier
        leaf = os.open(source, flags | _NONBLOCK)
        real = Path(os.path.realpath(source))
        try:
            same = os.path.samestat(os.fstat(leaf), os.stat(real)) and real.is_relative_to(root)
        except OSError:
            same = False
        if not same:
            os.close(leaf)
            raise ValueError("tệp đã bị thay bằng liên kết ra ngoài hồ sơ")
    info = os.fstat(leaf)
    if not stat.S_ISREG(info.st_mode):
        os.close(leaf)
        raise ValueError("không phải tệp thông thường (thư mục, FIFO, thiết bị hoặc socket)")
    if _NONBLOCK and hasattr(os, "set_blocking"):
        os.set_blocking(leaf, True)
    return os.fdopen(leaf, "rb", buffering=0)


def why_unreadable(exc: BaseException) -> str:
    """A short Vietnamese reason for a failed :func:`open_evidence`."""
    import errno

    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
            return "đường dẫn đã bị thay bằng liên kết (symlink)"
        if exc.errno == errno.ENOENT:
            return "tệp không còn trên đĩa"
        return exc.strerror or str(exc)
    return str(exc)


@contextlib.contextmanager
def quick_handover(interval: float = 0.00005) -> Iterator[None]:
    """Let the evidence threads get the GIL back quickly while the main thread renders.

    Python hands the GIL over every 5 ms by default; the evidence threads need it for a few
    microseconds, a few times per 4 MiB chunk, so without this they wait most of the time. At
    0.5 ms a 0.5 GiB build still took 0.89 s against 0.80 s at 50 µs
    (``python benchmarks/build_bench.py --gb 0.5 --rounds 5``, minima).
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


class EvidencePass:
    """Stream evidence into ``zf`` (and under ``folder`` if given) in a background thread.

    Call :meth:`start`, do other work, then :meth:`result` to get the files with their size
    and hash (or the first error, re-raised). A file that cannot be opened raises
    :class:`EvidenceGone`, unless ``skip_missing`` (a draft): then it is left out and named in
    :attr:`skipped`.
    """

    def __init__(
        self,
        root: Path,
        files: Sequence[EvidenceFile],
        zf: zipfile.ZipFile,
        zip_info: ZipInfoFor,
        folder: Path | None,
        *,
        skip_missing: bool,
        progress: Progress | None = None,
    ) -> None:
        self.root = root
        self.files = list(files)
        self.zf = zf
        self.zip_info = zip_info
        self.folder = folder
        self.skip_missing = skip_missing
        self.progress = progress
        self.skipped: list[tuple[EvidenceFile, str]] = []
        self.done: list[EvidenceFile] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="parcli-evidence", daemon=True)
        self._free: queue.Queue[bytearray] = queue.Queue()
        self._full: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
        self._stop = threading.Event()

    def start(self) -> None:
        if self.progress is not None:
            self.progress(0, len(self.files), 0)
        self._thread.start()

    def cancel(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def result(self) -> list[EvidenceFile]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.done

    # ----------------------------------------------------------------- the worker

    def _run(self) -> None:
        try:
            for _ in range(BUFFERS):
                self._free.put(bytearray(CHUNK))
            total_bytes = 0
            for item in self.files:
                if self._stop.is_set():
                    return
                src = self._open(item)
                if src is None:
                    continue
                with src:
                    size, sha = self._copy(item, src)
                total_bytes += size
                self.done.append(dataclasses.replace(item, size=size, sha256=sha))
                if self.progress is not None:
                    self.progress(len(self.done), len(self.files), total_bytes)
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc

    def _open(self, item: EvidenceFile) -> BinaryIO | None:
        try:
            return open_evidence(self.root, item.source)
        except (OSError, ValueError) as exc:
            if self.skip_missing:
                self.skipped.append((item, why_unreadable(exc)))
                return None
            raise EvidenceGone(item, why_unreadable(exc)) from None

    def _copy(self, item: EvidenceFile, src: BinaryIO) -> tuple[int, str]:
        """Read and hash here; a second thread writes the zip entry (and the folder copy)."""
        size_hint = os.fstat(src.fileno()).st_size
        info = self.zip_info(item.package_path, size_hint)
        target: BinaryIO | None = None
        if self.folder is not None:
            path = self.folder / item.package_path
            path.parent.mkdir(parents=True, exist_ok=True)
            target = path.open("xb")
        digest = hashlib.sha256()
        size = 0
        errors: list[BaseException] = []
        with self.zf.open(info, "w") as dst:
            writer = threading.Thread(target=self._drain, args=(dst, target, errors), daemon=True)
            writer.start()
            try:
                while not errors and not self._stop.is_set():
                    buffer = self._free.get()
                    n = src.readinto(buffer)  # type: ignore[attr-defined]
                    if not n:
                        self._free.put(buffer)
                        break
                    digest.update(memoryview(buffer)[:n])
                    size += n
                    self._full.put((buffer, n))
            finally:
                self._full.put(None)
                writer.join()
                if target is not None:
                    target.close()
        if errors:
            raise errors[0]
        return size, digest.hexdigest()

    def _drain(self, dst: BinaryIO, target: BinaryIO | None, errors: list[BaseException]) -> None:
        while True:
            got = self._full.get()
            if got is None:
                return
            buffer, n = got
            try:
                if not errors:
                    view = memoryview(buffer)[:n]
                    dst.write(view)
                    if target is not None:
                        target.write(view)
            except BaseException as exc:
                errors.append(exc)
            finally:
                self._free.put(buffer)
