"""``parcli schema``: print the JSON Schema of a file format (for editors)."""

from __future__ import annotations

import typer

FORMATS = ("dossier", "division", "criteria", "appraisal", "last-year", "survey", "manifest")


def schema(
    kind: str = typer.Argument(
        "dossier",
        help="dossier (dossier.yaml), division (divisions/*.yaml), criteria, appraisal "
        "(appraisal.yaml), last-year (last_year.yaml), survey (survey.yaml) hoặc manifest "
        "(manifest.json trong gói hồ sơ).",
    ),
) -> None:
    """In JSON Schema của một định dạng tệp, để trình soạn thảo gợi ý và kiểm tra YAML."""
    import json

    from parcli.formats.schema import json_schema

    if kind not in FORMATS:
        raise typer.BadParameter(f"chỉ nhận {', '.join(FORMATS)}", param_hint="KIND")
    typer.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))
