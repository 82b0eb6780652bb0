from __future__ import annotations

import json

from parcli.formats.schema import FORMATS, json_schema


def test_every_format_has_a_json_schema() -> None:
    for kind in FORMATS:
        schema = json_schema(kind)
        assert schema["type"] == "object"
        json.dumps(schema)  # serialisable
    dossier = json_schema("dossier")
    assert "agency" in dossier["properties"] and "window" in dossier["properties"]


def test_schema_command(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema", "division")
    assert result.code == 0
    data = json.loads(result.out)
    assert "answers" in data["properties"]
    assert cli("schema", "khac").code == 2


def test_docs_are_generated_from_the_models() -> None:
    from pathlib import Path

    from parcli.docgen import render_findings_md, render_formats_md

    root = Path(__file__).resolve().parents[2] / "docs"
    assert (root / "formats.md").read_text(encoding="utf-8") == render_formats_md(), (
        "docs/formats.md is stale: run python -m parcli.docgen"
    )
    assert (root / "findings.md").read_text(encoding="utf-8") == render_findings_md()


def test_example_and_scaffold_files_pass_the_json_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What parcli accepts, an editor using the schema must accept too (and reject typos)."""
    jsonschema = __import__("pytest").importorskip("jsonschema")
    import yaml
    from helpers import EXAMPLE

    from parcli.actions.init import InitOptions, scaffold

    def load(path):  # type: ignore[no-untyped-def]
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    dossier_schema, division_schema = json_schema("dossier"), json_schema("division")
    jsonschema.Draft202012Validator.check_schema(dossier_schema)
    jsonschema.validate(load(EXAMPLE / "dossier.yaml"), dossier_schema)
    for path in sorted((EXAMPLE / "divisions").glob("*.yaml")):
        jsonschema.validate(load(path), division_schema)
    survey_schema = json_schema("survey")
    jsonschema.Draft202012Validator.check_schema(survey_schema)
    jsonschema.validate(load(EXAMPLE / "survey.yaml"), survey_schema)
    from survey_data import MINI_SURVEY

    jsonschema.validate(yaml.safe_load(MINI_SURVEY), survey_schema)  # "Nữ" is accepted too
    with __import__("pytest").raises(jsonschema.ValidationError):
        jsonschema.validate({"groups": [{"id": "a", "name": "A", "oficial": 1}]}, survey_schema)
    scaffold(tmp_path / "moi", InitOptions(agency="Sở Y tế", parent="UBND TỈNH YÊN BÁI", year=2024))
    jsonschema.validate(load(tmp_path / "moi" / "dossier.yaml"), dossier_schema)
    for path in sorted((tmp_path / "moi" / "divisions").glob("*.yaml")):
        jsonschema.validate(load(path), division_schema)
    short = {
        "division": "x",
        "answers": {"1.1": {"score": "1", "evidence": ["evidence/a.pdf"]}, "1.2": None},
    }
    jsonschema.validate(short, division_schema)
    with __import__("pytest").raises(jsonschema.ValidationError):
        jsonschema.validate({"division": "x", "answers": {"1..1": {}}}, division_schema)
    with __import__("pytest").raises(jsonschema.ValidationError):
        jsonschema.validate({"division": "x", "answers": {"1.1": {"scor": 1}}}, division_schema)


def test_a_built_manifest_passes_its_schema_and_model(example_copy) -> None:  # type: ignore[no-untyped-def]
    """manifest.json is described by the Manifest model like every other file format."""
    import datetime as dt
    import zipfile

    jsonschema = __import__("pytest").importorskip("jsonschema")
    from parcli.actions.build import build_package
    from parcli.model import Manifest

    result = build_package(example_copy, as_of=dt.date(2024, 1, 4))
    with zipfile.ZipFile(result.zip_path) as zf:
        data = json.loads(zf.read("ho-so-par-index-2023-SGTVTXD/manifest.json"))
    jsonschema.validate(data, json_schema("manifest"))
    manifest = Manifest.model_validate(data)
    assert manifest.totals.overall.score == "58.25" and manifest.year == 2023
    assert len(manifest.files) == len(result.files)
    broken = dict(data, year="năm")
    try:
        jsonschema.validate(broken, json_schema("manifest"))
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a manifest with a text year passed the schema")
