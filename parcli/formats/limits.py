"""Caps on what the importer reads from one file (rows, columns, cell text, zip size).

The readers look these up as ``limits.MAX_ROWS`` and so on at call time, so a test (or a
caller) changes a cap by setting it here: ``monkeypatch.setattr(limits, "MAX_ROWS", 5)``.
"""

from __future__ import annotations

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
