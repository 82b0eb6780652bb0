"""Reading a written report back: the lĩnh vực table and the plain text (self-check, tests)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def docx_area_rows(path: Path) -> list[tuple[str, str, str]]:
    """(STT or "Tổng cộng", max, score) of the report's lĩnh vực table, as printed.

    Only ``word/document.xml`` is parsed (python-docx's own element classes, tables and cells),
    not the whole package: styles, numbering and the rest play no part in the table's text.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.table import Table

    with zipfile.ZipFile(path) as zf:
        body = parse_xml(zf.read("word/document.xml")).find(qn("w:body"))
    for tbl in body.iterchildren(qn("w:tbl")):  # the body's tables, as Document.tables
        table = Table(tbl, None)  # type: ignore[arg-type]  # text needs no document part
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if len(rows) < 2 or len(rows[0]) != 5 or rows[0][0] != "STT":
            continue
        if rows[-1][1] != "Tổng cộng":
            continue
        result = [(r[0], r[2], r[3]) for r in rows[1:-1]]
        result.append(("Tổng cộng", rows[-1][2], rows[-1][3]))
        return result
    return []


def docx_text(path: Path) -> str:
    """Every paragraph of a .docx (body, tables, headers, footers), one per line."""
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []

    def tables(items: object) -> None:
        for table in items:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    lines.extend(p.text for p in document.paragraphs)
    tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            lines.extend(p.text for p in part.paragraphs)
            tables(part.tables)
    return "\n".join(lines)
