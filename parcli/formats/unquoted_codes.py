"""Y003/Y004: criterion codes written without quotes, which YAML reads as numbers.

Every loader that reads codes (criteria set, dossier.yaml assignments, division answers,
appraisal.yaml, last_year.yaml) reports them the same way, with this one function.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from parcli.findings import Finding, make
from parcli.formats.yamlio import PathT, YamlDoc
from parcli.model import to_code


def unquoted_code_findings(
    doc: YamlDoc, paths: list[PathT], *, keys: bool = False
) -> list[Finding]:
    """Y003/Y004 for codes YAML read as numbers (values at ``paths``, or mapping keys)."""
    findings: list[Finding] = []
    table = doc.numeric_keys if keys else doc.numeric_raw
    for path in paths:
        raw = table.get(path)
        if raw is None:
            continue
        try:
            read_as = to_code(_number(raw))
        except ValueError:
            read_as = None
        line, col = doc.where(path, key=keys)
        if read_as == raw:
            findings.append(
                make(
                    "Y003",
                    f"Mã {raw} viết không có dấu nháy nên YAML đọc là số; parcli vẫn đọc đúng là "
                    f'"{raw}"',
                    f'Viết "{raw}" (có dấu nháy kép) để Excel và các công cụ khác không hiểu nhầm.',
                    file=doc.file,
                    line=line,
                    col=col,
                    criterion=raw,
                )
            )
        else:
            findings.append(
                make(
                    "Y004",
                    f"Mã {raw} viết không có dấu nháy nên YAML đọc thành số {read_as}",
                    f'Viết "{raw}" (có dấu nháy kép).',
                    file=doc.file,
                    line=line,
                    col=col,
                    criterion=raw,
                )
            )
    return findings


def _number(raw: str) -> Any:
    try:
        return int(raw, 10)
    except ValueError:
        pass
    try:
        return Decimal(raw)
    except InvalidOperation:
        return raw
