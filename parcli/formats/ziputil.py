"""Re-pack an Office file (a zip) reproducibly: fixed dates, attributes and compression."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

FILE_MODE = 0o100644  # regular file, rw-r--r-- (stored in external_attr)
ZIP_LEVEL = 6  # the deflate level, fixed so that the output is reproducible


def zip_stamp(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """``day`` at 00:00 as a zip date (zip cannot store years before 1980)."""
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def repack_zip(
    data: bytes,
    day: dt.date,
    *,
    replace: Mapping[str, bytes] | None = None,
    order: Callable[[zipfile.ZipInfo], Any] | None = None,
) -> bytes:
    """Rewrite the zip ``data`` so the same content always gives the same bytes.

    Every member is dated ``day`` 00:00, mode 0644 (Unix), deflated at :data:`ZIP_LEVEL`.
    Members named in ``replace`` get that content instead. The member order is kept unless
    ``order`` (a sort key) is given; [Content_Types].xml must stay first for some readers.
    """
    stamp = zip_stamp(day)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        infos = source.infolist()
        if order is not None:
            infos = sorted(infos, key=order)
        for info in infos:
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3
            member.external_attr = FILE_MODE << 16
            member.create_version = 20
            member.extract_version = 20
            content = (replace or {}).get(info.filename)
            target.writestr(
                member, source.read(info) if content is None else content, compresslevel=ZIP_LEVEL
            )
    return out.getvalue()
