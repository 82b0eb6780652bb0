"""Carrying assignments to a changed criteria set: renamed, moved, added and removed leaves."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from helpers import EXAMPLE

from parcli.criteria.mapping import CodeMapping, map_assignments, map_codes
from parcli.formats.loading import load_dossier
from parcli.model import CriteriaSet
from parcli.scoring.scope import resolve_scope


def example() -> tuple[Any, CriteriaSet]:
    loaded = load_dossier(EXAMPLE)
    assert loaded.dossier is not None and loaded.criteria is not None
    return loaded.dossier, loaded.criteria


def crit(data: dict[str, Any], code: str) -> dict[str, Any]:
    area = next(a for a in data["areas"] if a["code"] == code.split(".")[0])
    return next(c for c in area["criteria"] if c["code"] == ".".join(code.split(".")[:2]))


def changed_set(old: CriteriaSet) -> CriteriaSet:
    """renamed 1.3; a new 3.2.1 inserted (3.2.1–3.2.4 become 3.2.2–3.2.5); 3.4.2 moved to 3.1.4;
    5.6.2 removed; 4.2.4 added."""
    data = old.model_dump()
    data["id"] = "bo-moi"
    crit(data, "1.3")["name"] = "Kiểm tra, tự kiểm tra công tác cải cách hành chính năm"
    c32 = crit(data, "3.2")
    for comp in c32["components"]:
        comp["code"] = f"3.2.{int(comp['code'].rsplit('.', 1)[1]) + 1}"
    c32["components"].insert(
        0, {"code": "3.2.1", "name": "Bố trí biên lai điện tử cho lệ phí", "max_score": 1}
    )
    c32["max_score"] += 1
    c34 = crit(data, "3.4")
    moved = c34["components"].pop(1)
    c34["max_score"] -= moved["max_score"]
    moved["code"] = "3.1.4"
    crit(data, "3.1")["components"].append(moved)
    crit(data, "3.1")["max_score"] += moved["max_score"]
    c56 = crit(data, "5.6")
    c56["components"] = c56["components"][:1]
    c56["max_score"] = Decimal(1)
    c42 = crit(data, "4.2")
    c42["components"].append(
        {"code": "4.2.4", "name": "Thu hút nhân tài về làm việc tại cơ quan", "max_score": 0.5}
    )
    for area in data["areas"]:  # keep the maxima consistent (C002, C004)
        for c in area["criteria"]:
            if c["components"]:
                c["max_score"] = sum(Decimal(str(x["max_score"])) for x in c["components"])
        area["max_score"] = sum(Decimal(str(c["max_score"])) for c in area["criteria"])
    data["max_total"] = sum(a["max_score"] for a in data["areas"])
    data["appraisal_max"] = data["survey_max"] = data["expected"] = None
    return CriteriaSet.model_validate(data)


def test_same_set_keeps_every_assignment_as_written() -> None:
    dossier, criteria = example()
    mapping = map_codes(criteria, criteria)
    assert mapping.identity
    result = map_assignments(dossier, criteria, criteria, mapping)
    assert result.assignments == dossier.assignments
    assert result.dropped == [] and result.unassigned_new == []
    assert result.lead == resolve_scope(dossier, criteria).lead


@functools.cache
def changed() -> tuple[CriteriaSet, CriteriaSet, CodeMapping]:
    """Last year's set, the changed set and their matching (computed once: it is the slow part)."""
    _, old = example()
    new = changed_set(old)
    return old, new, map_codes(old, new)


def test_codes_follow_the_matching_and_unmatched_are_listed() -> None:
    _, _, mapping = changed()
    assert mapping.nodes["1.3"] == "1.3"  # renamed: same code
    assert mapping.nodes["3.2.1"] == "3.2.2" and mapping.nodes["3.2.4"] == "3.2.5"
    assert mapping.nodes["3.4.2"] == "3.1.4"
    assert "5.6.2" not in mapping.nodes
    assert [n.code for n in mapping.removed] == ["5.6.2"]
    assert sorted(n.code for n in mapping.added) == ["3.2.1", "4.2.4"]


def test_assignments_follow_their_leaves_and_new_leaves_stay_unassigned() -> None:
    dossier, _ = example()
    old, new, mapping = changed()
    result = map_assignments(dossier, old, new, mapping)
    old_lead = resolve_scope(dossier, old).lead
    lead = result.lead
    # every matched leaf keeps last year's division under its new code
    assert lead["1.3"] == old_lead["1.3"] == "van-phong"
    assert lead["3.2.2"] == old_lead["3.2.1"] == "phong-quan-ly-van-tai"
    assert lead["3.1.4"] == old_lead["3.4.2"] == "thanh-tra"
    # added leaves are nobody's, never guessed from the parent's assignment
    assert result.unassigned_new == ["3.2.1", "4.2.4"]
    assert "3.2.1" not in lead and "4.2.4" not in lead
    # the office's own codes are kept where they still mean the same
    assert result.assignments["thanh-tra"] == ["2", "3.4", "3.1.4"]
    assert "1" in result.assignments["van-phong"] and "4" not in result.assignments["van-phong"]
    assert "4.2.1" in result.assignments["van-phong"] and "3.1" in result.assignments["van-phong"]
    assert "3.2" not in result.assignments["phong-quan-ly-van-tai"]
    # the carried assignments are valid for the new set
    check = resolve_scope(dossier.model_copy(update={"assignments": result.assignments}), new)
    assert [f.code for f in check.findings] == ["D007"] and not check.conflicts
    assert "4 tiêu chí" in check.findings[0].message  # 8.1.1, 8.1.2 as last year; 3.2.1, 4.2.4


def test_a_removed_assigned_code_is_dropped_with_its_reason() -> None:
    dossier, _ = example()
    old, new, mapping = changed()
    dossier = dossier.model_copy(
        update={"assignments": {**dossier.assignments, "thanh-tra": ["2", "3.4", "5.6.2"]}}
    )
    result = map_assignments(dossier, old, new, mapping)
    assert [(d.division, d.code) for d in result.dropped] == [("thanh-tra", "5.6.2")]
    assert "không khớp" in result.dropped[0].reason
