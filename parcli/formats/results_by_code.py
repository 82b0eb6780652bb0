"""Files of results keyed by criterion code (``leaves`` and ``areas``): appraisal.yaml and
last_year.yaml share this reader.

Each entry is validated on its own, so one typo loses one entry, not the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from parcli.findings import Finding, make
from parcli.formats.model_errors import validate_model
from parcli.formats.unquoted_codes import unquoted_code_findings
from parcli.formats.yamlio import YamlDoc, read_yaml_file
from parcli.model import to_code

F = TypeVar("F", bound=BaseModel)
M = TypeVar("M", bound=BaseModel)


def load_results_by_code(
    path: Path,
    display: str,
    file_model: type[F],
    leaf_model: type[BaseModel],
    area_model: type[BaseModel],
    fields: str,
    hint: str,
) -> tuple[F | None, YamlDoc, list[Finding]]:
    """A file of results keyed by code (``leaves`` and ``areas``): the rest validated as
    ``file_model``, each entry on its own, so one typo loses one entry, not the file."""
    doc = read_yaml_file(path, display)
    findings = list(doc.findings)
    data = doc.data
    if not isinstance(data, dict):
        if data is not None or not findings:
            empty = data is None
            findings.append(
                make(
                    "Y005" if empty else "S003",
                    f"Tệp {display} rỗng"
                    if empty
                    else f"Tệp {display} phải là một bảng có {fields}",
                    hint,
                    file=display,
                    line=1,
                    col=1,
                )
            )
        return None, doc, findings
    top = {k: v for k, v in data.items() if k not in ("leaves", "areas")}
    model, errors = validate_model(file_model, top, doc)
    findings.extend(errors)
    if model is None:
        return None, doc, findings
    leaves = _entries(doc, data, "leaves", leaf_model, findings)
    areas = _entries(doc, data, "areas", area_model, findings)
    return model.model_copy(update={"leaves": leaves, "areas": areas}), doc, findings


def _entries(
    doc: YamlDoc, data: dict[str, Any], field: str, cls: type[M], findings: list[Finding]
) -> dict[str, M]:
    raw = data.get(field)
    result: dict[str, M] = {}
    if raw is None:
        return result
    if not isinstance(raw, dict):
        line, col = doc.where((field,))
        findings.append(
            make(
                "S003",
                f'{field} phải là một bảng: mỗi mã một dòng `"1.1":` rồi các trường thụt vào',
                file=doc.file,
                line=line,
                col=col,
            )
        )
        return result
    findings.extend(unquoted_code_findings(doc, [(field, k) for k in raw], keys=True))
    for key, value in raw.items():
        line, col = doc.where((field, key), key=True)
        try:
            code = to_code(key)
        except ValueError as exc:
            findings.append(make("S003", str(exc), file=doc.file, line=line, col=col))
            continue
        entry, errors = validate_model(
            cls, value if value is not None else {}, doc, (field, key), criterion=code
        )
        findings.extend(errors)
        if entry is not None:
            result[code] = entry
    return result
