"""JSON Schemas and Markdown docs generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from parcli.model import (
    AppraisalFile,
    CriteriaSet,
    DivisionFile,
    Dossier,
    LastYearFile,
    Manifest,
    SurveyRegister,
)

FORMATS: dict[str, type[BaseModel]] = {
    "dossier": Dossier,
    "division": DivisionFile,
    "criteria": CriteriaSet,
    "appraisal": AppraisalFile,
    "last-year": LastYearFile,
    "manifest": Manifest,
    "survey": SurveyRegister,
}


def json_schema(kind: str) -> dict[str, Any]:
    model = FORMATS[kind]
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://parcli.invalid/schema/{kind}.json"
    return schema
