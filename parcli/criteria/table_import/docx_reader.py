"""Read the tables of a Word (.docx) file with python-docx into :class:`RawTable`.

Merged cells (gridSpan, vMerge) are marked, hostile span values are clamped, text inside
tracked insertions and content controls is read and deleted text is not. python-docx is
imported inside :func:`read_docx` only.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from parcli.criteria.table_import.tables import (
    RawCell,
    RawRow,
    RawTable,
    check_container,
    check_row_cap,
    clean_text,
    out_of_memory,
)
from parcli.errors import TableUnreadable
from parcli.formats import limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_TEXT_UNDER = {f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK}
_TRACKED = (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")


def _paragraph_text(p: Any) -> str:
    """Every w:t of a paragraph, also inside tracked insertions (w:ins), content controls
    (w:sdt), smart tags, fields and hyperlinks; never deleted text (w:del, w:delText)."""
    parts: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        skip = False
        anc = el.getparent()
        while anc is not None and anc is not p:
            if anc.tag in _SKIP_TEXT_UNDER or anc.tag == f"{_W}p":
                skip = True  # deleted text, or a paragraph nested in a text box
                break
            anc = anc.getparent()
        if skip:
            continue
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _tc_text(tc: Any) -> str:
    """The text of a table cell: its paragraphs (also those inside a content control), not
    those of a table nested in the cell."""
    lines: list[str] = []
    for p in tc.iter(f"{_W}p"):
        anc = p.getparent()
        nested = False
        while anc is not None and anc is not tc:
            if anc.tag in (f"{_W}tbl", _MC_FALLBACK, f"{_W}p"):
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            lines.append(_paragraph_text(p))
        if sum(len(x) for x in lines) > limits.MAX_CELL_CHARS * 2:
            break
    return "\n".join(lines)


def _cell_tcs(tr: Any) -> list[Any]:
    """The cells of a row, also those wrapped in a row-level content control or w:ins."""
    return [
        el
        for el in tr.iter(f"{_W}tc")
        if _nearest(el, (f"{_W}tr",)) is tr and not _under(el, tr, _SKIP_TEXT_UNDER)
    ]


def _nearest(el: Any, tags: tuple[str, ...]) -> Any:
    anc = el.getparent()
    while anc is not None and anc.tag not in tags:
        anc = anc.getparent()
    return anc


def _under(el: Any, stop: Any, tags: set[str]) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not stop:
        if anc.tag in tags:
            return True
        anc = anc.getparent()
    return False


def _safe_int(element: Any, attribute: str) -> int:
    """An integer attribute python-docx parses on access; a malformed value counts as 1."""
    try:
        value = getattr(element, attribute)
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 1


def _safe_vmerge(tc: Any) -> str | None:
    try:
        value = tc.vMerge
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None


def _span(value: int, room: int) -> int:
    """A gridSpan/gridBefore value clamped to the columns still free (hostile values)."""
    return max(1, min(value or 1, max(1, room)))


def read_docx(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every top-level table of a Word document, merged cells marked; and file-level notes."""
    check_container(path)
    try:
        import docx

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(str(path))
    except MemoryError:
        raise out_of_memory(path) from None
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TableUnreadable(
            f"Không đọc được tệp Word {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Word, kiểm tra nội dung, lưu lại dạng .docx rồi nhập lại.",
        ) from None
    tables: list[RawTable] = []
    notes: list[str] = []
    total_rows = 0
    try:
        body = document.element.body
        if any(True for _ in body.iter(*_TRACKED)):
            notes.append(
                "tài liệu còn thay đổi chưa chấp nhận (track changes): parcli đọc nội dung "
                "như khi đã chấp nhận mọi thay đổi (phần thêm được đọc, phần xóa bị bỏ). Nên "
                "mở bằng Word, chọn Review → Accept All Changes, lưu lại rồi nhập lại."
            )
        for t_index, table in enumerate(document.tables, 1):
            rows: list[RawRow] = []
            previous: list[RawCell] = []
            for r_index, tr in enumerate(table._tbl.tr_lst, 1):
                total_rows += 1
                check_row_cap(total_rows, path)
                before = _safe_int(tr, "grid_before")
                cells: list[RawCell] = [
                    RawCell("") for _ in range(_span(before, limits.MAX_COLUMNS) if before else 0)
                ]
                for tc in _cell_tcs(tr):
                    if len(cells) >= limits.MAX_COLUMNS:
                        break
                    span = _span(_safe_int(tc, "grid_span"), limits.MAX_COLUMNS - len(cells))
                    if _safe_vmerge(tc) == "continue":
                        start = len(cells)
                        for k in range(span):
                            above = previous[start + k].text if start + k < len(previous) else ""
                            cells.append(RawCell(above, "v" if k == 0 else "h"))
                    else:
                        text = clean_text(_tc_text(tc))
                        cells.append(RawCell(text))
                        cells.extend(RawCell(text, "h") for _ in range(span - 1))
                cells = cells[: limits.MAX_COLUMNS]
                rows.append(RawRow(r_index, cells))
                previous = cells
            tables.append(RawTable(f"Bảng {t_index}", rows))
    except TableUnreadable:
        raise
    except MemoryError:
        raise out_of_memory(path) from None
    except Exception as exc:
        raise TableUnreadable(
            f"Không đọc được bảng trong tệp Word {path.name}: {type(exc).__name__}: {exc}",
            "Mở tệp bằng Word, lưu lại dạng .docx rồi nhập lại.",
        ) from None
    return tables, notes
