"""Where in a division file a finding about an answer points."""

from __future__ import annotations

from parcli.findings import Where
from parcli.formats.loading import LoadedDossier, answer_line


def answer_where(loaded: LoadedDossier, division: str, code: str, *fields: str | int) -> Where:
    """Where the answer of ``division`` for ``code`` is (a field of it, with ``fields``)."""
    file, line, col = answer_line(loaded, division, code, *fields)
    return {"file": file, "line": line, "col": col, "criterion": code, "division": division}


def at(loaded: LoadedDossier, where: Where, *fields: str | int) -> Where:
    """``where`` moved to a field of the same answer (``fields`` like "score", "evidence", 0)."""
    file, line, col = answer_line(
        loaded, str(where.get("division")), str(where.get("criterion")), *fields
    )
    return where if file is None else {**where, "line": line, "col": col}
