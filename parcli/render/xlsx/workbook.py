"""What every workbook parcli writes shares: wrapped-text row heights and a reproducible save.

* :func:`text_lines` / :func:`row_height`: how tall a row must be for its wrapped text (neither
  Excel nor LibreOffice always grows rows on open, and a printed cell must not be cut).
* :func:`save_workbook`: save with fixed document dates and a deterministic zip, replacing the
  target atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from parcli.formats.ziputil import repack_zip

BODY_SIZE = 12


def text_lines(text: str, width_chars: float, size: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width_chars`` wide.

    Column widths count the digit "0" of the 12-point default font; an average Vietnamese
    letter in Times New Roman is a little narrower, a bold one a little wider. The estimate
    errs on the generous side so that no text is cut off when printed: one character per
    width unit (bold: a little less), and one spare line for a cell with a long unbroken word
    such as a file path, which spreadsheet programs wrap less tightly than textwrap does.
    """
    per_line = max(1, int(width_chars * BODY_SIZE / size * (1.0 if bold else 1.1)) - 1)
    lines = 0
    long_word = False
    for paragraph in text.split("\n"):
        lines += max(
            1, len(textwrap.wrap(paragraph, per_line, break_long_words=True, break_on_hyphens=True))
        )
        long_word = long_word or any(len(w) > per_line * 0.6 for w in paragraph.split())
    return lines + (1 if long_word else 0)


def row_height(lines: int, size: float) -> float:
    """Row height in points for ``lines`` lines of a ``size``-point font."""
    return round(lines * size * 1.25 + 3, 2)


def save_workbook(wb: Any, path: Path, day: dt.date, *, title: str) -> None:
    """Save ``wb`` to ``path``: dated ``day`` 00:00 (never the clock), zip repacked so the same
    workbook gives the same bytes, written to a temporary file then moved into place."""
    from openpyxl.xml.functions import tostring

    stamp = dt.datetime.combine(day, dt.time())
    props = wb.properties
    props.creator = "parcli"
    props.lastModifiedBy = "parcli"
    props.created = stamp
    props.modified = stamp
    props.title = title
    props.language = "vi-VN"
    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps "modified" with the clock while saving: write core.xml again
    props.modified = stamp
    core = tostring(props.to_tree())
    data = repack_zip(
        buffer.getvalue(),
        day,
        replace={"docProps/core.xml": core},
        order=lambda i: (i.filename != "[Content_Types].xml", i.filename.startswith("docProps/")),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".parcli-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private to its owner
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
