"""Writing a file of the dossier (or an output) so that a crash leaves the old file or the new one.

One way for every writer: a temporary file beside the target, flushed to disk, optionally
checked, given the target's permissions (a new file gets what the user's umask gives, not
``mkstemp``'s owner-only 0600), then renamed onto the target. The temporary file never stays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


def umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    current = os.umask(0)
    os.umask(current)
    return current


def new_mode(*, folder: bool = False) -> int:
    """The permissions the user's files (0666) or folders (0777) get under their umask."""
    return (0o777 if folder else 0o666) & ~umask()


@contextlib.contextmanager
def replacing(path: Path, check: Callable[[Path], None] | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` when the block ends without an error.

    ``check`` gets the temporary file (written and flushed to disk) before it replaces
    ``path`` and raises to keep the old file. The file keeps ``path``'s permissions, or gets
    :func:`new_mode` when new. OSError propagates; the temporary file is always removed.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=".parcli-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check(tmp)
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = new_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(
    path: Path, data: str | bytes, check: Callable[[Path], None] | None = None
) -> None:
    """Write ``data`` (text as UTF-8, newlines as given) to ``path`` through :func:`replacing`."""
    with replacing(path, check) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
