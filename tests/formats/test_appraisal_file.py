"""appraisal.yaml and the division's response are read, documented and schema'd like the rest."""

from __future__ import annotations

from decimal import Decimal

from helpers import MiniDossier

from parcli.formats.schema import json_schema

APPRAISAL = """\
schema_version: 1
year: 2023
round1: {document: "125/SNV-CCHC", date: 15/01/2024, source: "bang-diem.xlsx"}
leaves:
  "1.1": {round1_score: "0,5", round1_opinion: "Thiếu kế hoạch", explanation_requested: true}
  "2.1.10": {round1_score: 0.5, round2_score: 0.25}
  "2.1.1":
areas:
  "1": {survey_score: 1.2, published_total: 2.7}
published_total: 4.45
published_rank: 3
"""


def test_appraisal_file_is_loaded_with_exact_scores(mini: MiniDossier) -> None:
    mini.write("appraisal.yaml", APPRAISAL)
    loaded = mini.load()
    assert [f.code for f in loaded.findings] == []
    appraisal = loaded.appraisal
    assert appraisal is not None
    assert appraisal.leaves["1.1"].round1_score == Decimal("0.5")
    assert appraisal.leaves["1.1"].explanation_requested
    assert appraisal.leaves["2.1.10"].final_score == Decimal("0.25")
    assert "2.1.1" in appraisal.leaves and appraisal.leaves["2.1.1"].final_score is None
    assert appraisal.final_scores() == {"1.1": Decimal("0.5"), "2.1.10": Decimal("0.25")}
    assert appraisal.requested() == ["1.1"]
    assert appraisal.areas["1"].survey_score == Decimal("1.2")
    assert appraisal.round1 is not None and appraisal.round1.document == "125/SNV-CCHC"


def test_a_bad_entry_loses_only_itself_with_its_line(mini: MiniDossier) -> None:
    mini.write(
        "appraisal.yaml",
        'leaves:\n  "1.1": {round1_score: "abc"}\n  "2.2": {round1_score: 0.5, ykien: "x"}\n'
        '  "1.2.1": {round1_score: 0.25}\n  1.10: {round1_score: 0}\n',
    )
    loaded = mini.load()
    found = [(f.code, f.file, f.line, f.criterion) for f in loaded.findings]
    assert ("S003", "appraisal.yaml", 2, "1.1") in found
    assert ("S002", "appraisal.yaml", 3, "2.2") in found
    assert ("Y003", "appraisal.yaml", 5, "1.10") in found
    assert loaded.appraisal is not None
    assert set(loaded.appraisal.leaves) == {"1.2.1", "1.10"}


def test_a_division_response_is_read_with_its_evidence(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml",
        "    updated: 10/12/2023\n",
        '    updated: 10/12/2023\n    response:\n      text: "Đã bổ sung kế hoạch."\n'
        "      evidence:\n        - evidence/bao-cao.docx\n"
        '        - {path: evidence/ke-hoach.pdf, number: "12/KH-STN", issued: 02/02/2023}\n',
    )
    loaded = mini.load()
    assert loaded.findings == []
    response = loaded.divisions["van-phong"].answers["1.1"].response
    assert response is not None and response.text == "Đã bổ sung kế hoạch."
    assert [e.path for e in response.evidence] == ["evidence/bao-cao.docx", "evidence/ke-hoach.pdf"]
    assert response.evidence[1].number == "12/KH-STN"


def test_appraisal_schema_and_dossier_dates() -> None:
    schema = json_schema("appraisal")
    assert {"leaves", "areas", "round1", "published_total"} <= set(schema["properties"])
    dossier = json_schema("dossier")
    assert "appraisal" in dossier["properties"]
    division = json_schema("division")
    assert "AppraisalResponse" in division["$defs"]


def test_the_example_appraisal_file_passes_its_json_schema() -> None:
    jsonschema = __import__("pytest").importorskip("jsonschema")
    import yaml
    from helpers import EXAMPLE

    schema = json_schema("appraisal")
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((EXAMPLE / "appraisal.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    with __import__("pytest").raises(jsonschema.ValidationError):
        jsonschema.validate({"leaves": {"1.1": {"round1_scor": 1}}}, schema)
