"""``parcli compare``: last year against this year, text (golden) and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import check_golden
from new_year_scenario import make_years

from parcli.actions.compare import compare_dossiers


@pytest.fixture
def years(example_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    return make_years(example_copy, tmp_path / "2024")


def test_compare_with_carried_last_year_text(
    years: tuple[Path, Path], cli: Callable[..., Any]
) -> None:
    _, new = years
    run = cli("compare", str(new))
    assert run.code == 0, run.err
    check_golden("compare-new-year.txt", run.out)
    assert "1.3" in run.out and "0,5/1 thẩm định vòng 2" in run.out


def test_compare_figures(years: tuple[Path, Path]) -> None:
    _, new = years
    result = compare_dossiers(new)
    rows = {r.code: r for r in result.rows}
    assert rows["1.3"].last.basis == "round2" and rows["1.3"].trend == "improved"
    assert str(rows["1.3"].difference) == "0.5"
    assert rows["1.2"].trend == "worse" and rows["1.1"].trend == "unchanged"
    assert rows["1.1"].last.basis == "round1"
    assert rows["3.2.3"].last.basis == "round1" and rows["3.2.3"].trend == "improved"
    assert [r.code for r in result.lost_both_years()] == ["1.5"]
    assert rows["1"].difference is None  # this year's area 1 is not complete yet
    assert rows["1"].published_total is not None


def test_compare_json_and_old_new_agree(years: tuple[Path, Path], cli: Callable[..., Any]) -> None:
    old, new = years
    carried = json.loads(cli("compare", str(new), "--format", "json").out)
    direct = json.loads(cli("compare", str(old), str(new), "--format", "json").out)
    assert carried["source"] == "last_year.yaml" and direct["source"].startswith("hồ sơ ")
    carried.pop("source"), direct.pop("source")
    assert carried == direct
    row = next(r for r in carried["rows"] if r["code"] == "1.3")
    assert row["last_year"] == {
        "score": "0.5",
        "max_score": "1",
        "basis": "round2",
        "complete": True,
    }
    assert row["this_year"]["score"] == "1" and row["difference"] == "0.5"
    assert row["trend"] == "improved" and row["this_remedy"].startswith("Kiểm tra đủ")
    assert carried["lost_both_years"] == ["1.5"]
    assert carried["last_published_total"] == "82.5"


def test_compare_without_last_year_says_what_to_do(
    example_copy: Path, cli: Callable[..., Any]
) -> None:
    run = cli("compare", str(example_copy))
    assert run.code != 0
    assert "không có kết quả năm trước (last_year.yaml)" in run.err
    assert "parcli compare <hồ sơ năm trước> <hồ sơ năm nay>" in run.err
    assert "Traceback" not in run.err


def test_compare_refuses_years_in_the_wrong_order(
    years: tuple[Path, Path], cli: Callable[..., Any]
) -> None:
    old, new = years
    run = cli("compare", str(new), str(old))
    assert run.code != 0 and "năm trước trước" in run.err


def test_this_years_appraisal_counts_when_there_is_one(years: tuple[Path, Path]) -> None:
    _, new = years
    (new / "appraisal.yaml").write_text(
        'year: 2024\nleaves:\n  "1.3": {round1_score: 0.75}\n  "1.2": {round1_score: 1, '
        "round2_score: 0.5}\n",
        encoding="utf-8",
    )
    rows = {r.code: r for r in compare_dossiers(new).rows}
    assert (rows["1.3"].this.value, rows["1.3"].this.basis) == (Decimal("0.75"), "round1")
    assert (rows["1.2"].this.value, rows["1.2"].this.basis) == (Decimal("0.5"), "round2")
    assert rows["1.1"].this.basis == "self"
    assert rows["1"].this.basis == "mixed"
