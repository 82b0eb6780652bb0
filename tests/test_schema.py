from __future__ import annotations

import json

from parcli.schema import FORMATS, json_schema


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

    root = Path(__file__).resolve().parent.parent / "docs"
    assert (root / "formats.md").read_text(encoding="utf-8") == render_formats_md(), (
        "docs/formats.md is stale: run python -m parcli.docgen"
    )
    assert (root / "findings.md").read_text(encoding="utf-8") == render_findings_md()
