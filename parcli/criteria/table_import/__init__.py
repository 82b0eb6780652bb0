"""``parcli criteria import``: read the official criteria table (Word or Excel) into YAML.

The Phụ lục of Công văn 6203/BNV-CCHC (and the provincial copies of it) is a Word table:
STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối đa | Cách chấm điểm | Tài liệu kiểm
chứng. Offices also retype it in Excel. This package reads every table of a ``.docx`` or every
sheet of an ``.xlsx``, finds the header row by its (folded) text, reads the level of each row
from its code, builds the tree, checks it with :func:`parcli.rules.check_criteria` and
writes a criteria set YAML atomically.

Nothing in the file is executed or trusted: formulas are never evaluated (the value Excel saved
is used, or the file is refused), the zip container is checked for size before it is parsed,
and rows and cell text are capped. See ``docs/criteria-import.md``.

This module is the public API only; the work is done in the submodules, in the order of an
import (:func:`import_table` in :mod:`.importer` runs them):

* :mod:`.limits` caps on rows, columns, cell text and zip size (patch them here);
* :mod:`.tables` the :class:`RawTable` every reader produces, cell-text cleaning, shared guards;
* :mod:`.docx_reader` / :mod:`.xlsx_reader` python-docx / openpyxl into raw tables (both
  libraries are imported inside the read functions only);
* :mod:`.headers` header row detection and column roles; :mod:`.codes` criterion codes and Roman
  numerals; :mod:`.scores` score cells, rule points, step inference, survey markers;
* :mod:`.parse` the row parser that places rows in a tree of nodes;
* :mod:`.tree` the tree as criteria-set data; :mod:`.checks` counts, gaps, subtotals, model;
* :mod:`.write` YAML text and the atomic write; :mod:`.report` the printed report;
* :mod:`.results` / :mod:`.options` the data types of the API; :mod:`.textutil` a text helper.

The ``MAX_*`` names below are copies for reading: to change a cap, set it on :mod:`.limits`.
"""

from __future__ import annotations

from parcli.criteria.table_import.codes import roman_value
from parcli.criteria.table_import.docx_reader import read_docx
from parcli.criteria.table_import.headers import HEADER_SYNONYMS, Role, match_header
from parcli.criteria.table_import.importer import import_table, read_tables
from parcli.criteria.table_import.options import ImportOptions, parse_date_option, parse_expect
from parcli.criteria.table_import.report import render_report
from parcli.criteria.table_import.results import (
    AreaSummary,
    ImportProblem,
    ImportResult,
)
from parcli.criteria.table_import.scores import infer_step, parse_score, point_values
from parcli.criteria.table_import.tables import RawCell, RawRow, RawTable, clean_text
from parcli.criteria.table_import.write import to_yaml, write_yaml
from parcli.criteria.table_import.xlsx_reader import read_xlsx
from parcli.errors import ImportFailed, TableUnreadable
from parcli.formats import limits
from parcli.formats.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_ROWS,
    MAX_TOTAL_BYTES,
    MAX_XML_BYTES,
    MAX_ZIP_ENTRIES,
)

__all__ = [
    "HEADER_SYNONYMS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_MERGED_CELLS",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "MAX_XML_BYTES",
    "MAX_ZIP_ENTRIES",
    "AreaSummary",
    "ImportFailed",
    "ImportOptions",
    "ImportProblem",
    "ImportResult",
    "RawCell",
    "RawRow",
    "RawTable",
    "Role",
    "TableUnreadable",
    "clean_text",
    "import_table",
    "infer_step",
    "limits",
    "match_header",
    "parse_date_option",
    "parse_expect",
    "parse_score",
    "point_values",
    "read_docx",
    "read_tables",
    "read_xlsx",
    "render_report",
    "roman_value",
    "to_yaml",
    "write_yaml",
]
