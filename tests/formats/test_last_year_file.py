"""last_year.yaml is optional, read entry by entry, documented and schema'd like the rest."""

from __future__ import annotations

from decimal import Decimal

from helpers import MiniDossier

from parcli.formats.schema import json_schema

LAST_YEAR = """\
schema_version: 1
year: 2022
criteria: mini
leaves:
  "1.1": {self_score: 1, round1_score: "0,5", opinion: "Thiếu kế hoạch"}
  "1.2.1": {self_score: 0.25, round1_score: 0.25, round2_score: 0.5, published_score: 0.5}
  "2.1.1":
    self_score: nhiều
  "2.1.10":
areas:
  "1": {self_score: 1.25, published_total: 2.7}
"""


def test_last_year_is_loaded_and_one_bad_entry_loses_only_itself(mini: MiniDossier) -> None:
    mini.write("last_year.yaml", LAST_YEAR)
    loaded = mini.load()
    bad = [f for f in loaded.findings if f.file == "last_year.yaml"]
    assert [(f.code, f.criterion, f.line) for f in bad] == [("S003", "2.1.1", 8)]
    last = loaded.last_year
    assert last is not None and last.year == 2022
    assert last.leaves["1.1"].result() == (Decimal("0.5"), "round1")
    assert last.leaves["1.1"].reason == "Thiếu kế hoạch"
    assert last.leaves["1.2.1"].result() == (Decimal("0.5"), "published")
    assert last.leaves["2.1.10"].result() == (None, None)
    assert "2.1.1" not in last.leaves
    assert last.areas["1"].published_total == Decimal("2.7")


def test_a_dossier_without_last_year_loads_as_before(mini: MiniDossier) -> None:
    assert mini.load().last_year is None


def test_last_year_that_is_not_a_table_is_a_finding(mini: MiniDossier) -> None:
    mini.write("last_year.yaml", "- 1\n- 2\n")
    loaded = mini.load()
    assert loaded.last_year is None
    assert [f.code for f in loaded.findings if f.file == "last_year.yaml"] == ["S003"]


def test_schema_of_last_year() -> None:
    schema = json_schema("last-year")
    assert schema["title"] == "LastYearFile"
    assert "leaves" in schema["properties"] and "unmatched" in schema["properties"]
