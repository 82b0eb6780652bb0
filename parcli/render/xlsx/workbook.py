"""What every workbook parcli writes shares: wrapped-text row heights and a reproducible save.

* :func:`text_lines` / :func:`row_height`: how tall a row must be for its wrapped text (neither
  Excel nor LibreOffice always grows rows on open, and a printed cell must not be cut); one
  measure for every workbook, the Times New Roman widths of :mod:`.layout` and :mod:`.metrics`.
* :func:`save_workbook`: save with fixed document dates and a deterministic zip, replacing the
  target atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from parcli.formats.atomic import write_atomic
from parcli.formats.ziputil import repack_zip
from parcli.render.xlsx.layout import height as row_height
from parcli.render.xlsx.layout import text_lines
from parcli.text import document_property

__all__ = ["row_height", "save_workbook", "text_lines"]


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
    props.title = document_property(title)
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
    write_atomic(path, data)
