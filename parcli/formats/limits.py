"""Caps on what the importer reads from one file (rows, columns, cell text, zip size).

The readers look these up as ``limits.MAX_ROWS`` and so on at call time, so a test (or a
caller) changes a cap by setting it here: ``monkeypatch.setattr(limits, "MAX_ROWS", 5)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zipfile import ZipInfo

MAX_ROWS = 5000
"""Rows read from one file (all tables or sheets together)."""
MAX_COLUMNS = 40
MAX_CELL_CHARS = 10000
MAX_XML_BYTES = 40 * 1024 * 1024
"""Uncompressed size of the XML parts of a .docx/.xlsx (a real appendix is well under 5 MB)."""
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_MERGED_CELLS = 100_000
"""Cells covered by merged ranges in one workbook (openpyxl makes an object for each)."""
INTAKE_MAX_FILES = 2000
"""Files taken from the folder or .zip a division sends (``forms import --evidence``)."""
INTAKE_MAX_FILE_BYTES = 200 * 1024 * 1024
INTAKE_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024


def package_too_big(infos: Sequence[ZipInfo]) -> bool:
    """Whether a .docx/.xlsx package unpacks beyond the caps: too many parts, too much XML or
    too many bytes in all."""
    xml_bytes = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    return len(infos) > MAX_ZIP_ENTRIES or xml_bytes > MAX_XML_BYTES or total > MAX_TOTAL_BYTES
