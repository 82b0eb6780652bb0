"""``parcli criteria diff``: added, removed, renamed, max changed, method changed, moved."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from parcli.criteria.diff import diff_criteria, render_diff
from parcli.formats.loading import load_criteria
from parcli.model import CriteriaSet
from parcli.resources import shipped_criteria


def shipped() -> CriteriaSet:
    model, _doc, _f = load_criteria(shipped_criteria()["par-tinh-876-minh-hoa"], "x")
    assert model is not None
    return model


def edited(change: Any) -> CriteriaSet:
    data = shipped().model_dump()
    data["id"] = "moi"
    change(data)
    return CriteriaSet.model_validate(data)


def crit(data: dict[str, Any], code: str) -> dict[str, Any]:
    area = next(a for a in data["areas"] if a["code"] == code.split(".")[0])
    return next(c for c in area["criteria"] if c["code"] == ".".join(code.split(".")[:2]))


def comp(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in crit(data, code)["components"] if c["code"] == code)


def kinds(old: CriteriaSet, new: CriteriaSet) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.kind, c.old.code if c.old else None, c.new.code if c.new else None)
        for c in diff_criteria(old, new).changes
    ]


def test_identical_sets_have_no_changes() -> None:
    d = diff_criteria(shipped(), shipped())
    assert d.changes == []
    assert "Không có khác biệt" in render_diff(d)


def test_renamed_max_and_method_changes() -> None:
    def change(data: dict[str, Any]) -> None:
        comp(data, "2.1.1")["name"] = "Thực hiện kế hoạch xây dựng văn bản QPPL năm"  # small edit
        comp(data, "2.1.2")["name"] = "Một nội dung hoàn toàn khác"  # same code, other name
        c = comp(data, "2.2.1")
        c["max_score"] = Decimal("0.75")
        c2 = comp(data, "2.2.3")
        c2["max_score"] = Decimal("0.75")
        comp(data, "2.1.3")["method"] = "survey"

    new = edited(change)
    got = kinds(shipped(), new)
    assert ("renamed", "2.1.1", "2.1.1") in got
    # same code, a totally different name: not a rename but removed + added
    assert ("removed", "2.1.2", None) in got and ("added", None, "2.1.2") in got
    assert ("max_changed", "2.2.1", "2.2.1") in got
    assert ("max_changed", "2.2.3", "2.2.3") in got
    assert ("method_changed", "2.1.3", "2.1.3") in got
    assert not any(k == "moved" for k, _, _ in got)
    text = render_diff(diff_criteria(shipped(), new))
    assert "Đổi tên (cùng mã) (1):" in text
    assert "2.1.1 (tiêu chí thành phần; tên giống " in text
    assert "mã này ở bộ mới là mục khác, tên giống" in text
    assert "2.2.1: 1 → 0,75 điểm" in text
    assert "2.1.3: tự chấm → ĐTXHH" in text


def test_added_removed_and_moved() -> None:
    def change(data: dict[str, Any]) -> None:
        c = crit(data, "2.2")
        comps = c["components"]
        removed = comps.pop(2)  # 2.2.3 removed
        c["max_score"] -= removed["max_score"]
        # 2.2.2 becomes 2.2.5 (same name, new code)
        comps[1]["code"] = "2.2.5"
        # a brand-new component under 2.1
        c21 = crit(data, "2.1")
        c21["components"].append(
            {
                "code": "2.1.4",
                "name": "Công khai dự thảo trên cổng thông tin điện tử",
                "max_score": Decimal("0.5"),
            }
        )

    new = edited(change)
    got = kinds(shipped(), new)
    assert ("moved", "2.2.2", "2.2.5") in got
    assert ("removed", "2.2.3", None) in got
    assert ("added", None, "2.1.4") in got
    assert ("max_changed", "2.2", "2.2") in got
    d = diff_criteria(shipped(), new)
    assert d.code_map == {"2.2.2": "2.2.5"}
    text = render_diff(d)
    assert "2.2.2 → 2.2.5" in text and "tên giống 100%" in text
    assert "- 2.2.3 (tiêu chí thành phần, 0,5 điểm): Xử lý kết quả rà soát" in text
    assert "đổi các mã sau trong divisions/*.yaml" in text


def test_shifted_codes_are_moves_not_renames() -> None:
    """A new tiêu chí inserted at 1.1 shifts every code of area 1 down by one."""

    def change(data: dict[str, Any]) -> None:
        area = data["areas"][0]
        for c in reversed(area["criteria"]):
            n = int(c["code"].split(".")[1]) + 1
            for k in c["components"]:
                k["code"] = f"1.{n}.{k['code'].split('.')[2]}"
            c["code"] = f"1.{n}"
        area["criteria"].insert(
            0,
            {
                "code": "1.1",
                "name": "Xây dựng chỉ số cải cách hành chính nội bộ",
                "max_score": Decimal(1),
            },
        )
        area["max_score"] += 1
        data["max_total"] += 1
        data["appraisal_max"] += 1

    got = kinds(shipped(), edited(change))
    moved = [(o, n) for k, o, n in got if k == "moved"]
    assert ("1.1", "1.2") in moved and ("1.6", "1.7") in moved and ("1.6.2", "1.7.2") in moved
    assert ("added", None, "1.1") in got
    assert not [x for x in got if x[0] in ("renamed", "removed")]


def test_moved_to_another_parent() -> None:
    def change(data: dict[str, Any]) -> None:
        c22 = crit(data, "2.2")
        moved = c22["components"].pop(2)  # 2.2.3 "Xử lý kết quả rà soát" → 2.1.4
        c22["max_score"] -= moved["max_score"]
        c21 = crit(data, "2.1")
        moved["code"] = "2.1.4"
        c21["components"].append(moved)
        c21["max_score"] += moved["max_score"]

    d = diff_criteria(shipped(), edited(change))
    moved = [c for c in d.changes if c.kind == "moved"]
    assert len(moved) == 1 and moved[0].old and moved[0].new
    assert (moved[0].old.parent, moved[0].new.parent) == ("2.2", "2.1")
    assert "từ 2.2 sang 2.1" in render_diff(d)


def test_json_is_data() -> None:
    def change(data: dict[str, Any]) -> None:
        comp(data, "2.1.1")["max_score"] = Decimal("1.25")
        crit(data, "2.1")["max_score"] = Decimal("3.25")
        data["areas"][1]["max_score"] = Decimal("11.25")
        data["max_total"] = Decimal("100.25")
        data["appraisal_max"] = Decimal("68.25")

    d = diff_criteria(shipped(), edited(change))
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert data["old"] == "par-tinh-876-minh-hoa" and data["new"] == "moi"
    assert data["summary"]["max_changed"] == 3  # 2.1.1, 2.1 and lĩnh vực 2
    first = next(c for c in data["changes"] if c["new"]["code"] == "2.1.1")
    assert first["kind"] == "max_changed"
    assert (first["old"]["max_score"], first["new"]["max_score"]) == ("1", "1.25")
    assert first["level"] == "tiêu chí thành phần"


def test_component_inserted_at_the_front_shifts_codes() -> None:
    """Review 12: a new 2.1.1 inserted, the old ones renumbered: moves and one addition, not
    renames under the old codes."""

    def change(data: dict[str, Any]) -> None:
        c = crit(data, "2.1")
        for k in c["components"]:
            k["code"] = f"2.1.{int(k['code'].split('.')[2]) + 1}"
        c["components"].insert(
            0,
            {
                "code": "2.1.1",
                "name": "Lấy ý kiến nhân dân về dự thảo",
                "max_score": Decimal("0.5"),
            },
        )
        c["max_score"] += Decimal("0.5")
        data["areas"][1]["max_score"] += Decimal("0.5")
        data["max_total"] += Decimal("0.5")
        data["appraisal_max"] += Decimal("0.5")

    got = kinds(shipped(), edited(change))
    assert ("added", None, "2.1.1") in got
    assert ("moved", "2.1.1", "2.1.2") in got and ("moved", "2.1.2", "2.1.3") in got
    assert not [x for x in got if x[0] in ("renamed", "removed")]


def test_same_code_other_item_and_case_only_changes() -> None:
    def change(data: dict[str, Any]) -> None:
        comp(data, "2.1.1")["name"] = comp(data, "2.1.1")["name"].upper()
        comp(data, "2.1.2")["name"] = comp(data, "2.1.2")["name"].replace(" ", "  ", 1)
        crit(data, "2.2")["components"][0]["name"] = "Kiểm tra công tác tuyên truyền"

    d = diff_criteria(shipped(), edited(change))
    got = [(c.kind, c.code) for c in d.changes]
    assert ("case_changed", "2.1.1") in got
    # a doubled space is gone when the set is loaded (text is normalised once): no change at all
    assert not [kind for kind, code in got if code == "2.1.2"]
    assert ("renamed", "2.1.1") not in got
    assert ("removed", "2.2.1") in got and ("added", "2.2.1") in got
    text = render_diff(d)
    assert "Chỉ khác chữ hoa/thường hoặc khoảng trắng (cùng mã) (1):" in text
    assert d.to_dict()["summary"]["case_changed"] == 1  # type: ignore[index]


def test_step_evidence_and_rule_changes_on_matched_leaves() -> None:
    """Review: changes of step, evidence_required / evidence_before_year and rule were not
    reported ("Không có khác biệt"), though they break a dossier carried over (A007)."""

    def change(data: dict[str, Any]) -> None:
        c = comp(data, "2.1.1")
        assert c["step"] == Decimal("0.25")
        c["step"] = Decimal("0.5")
        comp(data, "2.1.2")["evidence_required"] = False
        comp(data, "2.1.3")["evidence_before_year"] = True
        comp(data, "2.2.1")["rule"] = "Đạt: 1 điểm; không đạt: 0 điểm."
        comp(data, "2.2.2")["step"] = None
        r = comp(data, "2.2.3")
        r["rule"] = "  " + (r["rule"] or "").replace(" ", "\n ", 1)  # spacing only: no change

    d = diff_criteria(shipped(), edited(change))
    got = [(c.kind, c.code) for c in d.changes]
    assert got == [
        ("step_changed", "2.1.1"),
        ("step_changed", "2.2.2"),
        ("evidence_changed", "2.1.2"),
        ("evidence_changed", "2.1.3"),
        ("rule_changed", "2.2.1"),
    ]
    text = render_diff(d)
    assert "Không có khác biệt" not in text
    assert (
        "Tóm tắt: đổi bước điểm 2, đổi yêu cầu tài liệu kiểm chứng 2, đổi quy tắc chấm 1." in text
    )
    assert "Đổi bước điểm (2):" in text
    assert "  2.1.1: bước điểm 0,25 → 0,5" in text
    assert "  2.2.2: bước điểm 0,25 → (không quy định)" in text
    assert "lỗi A007" in text
    assert "  2.1.2: bắt buộc tài liệu kiểm chứng: có → không" in text
    assert "  2.1.3: nhận tài liệu ban hành trước năm đánh giá: không → có" in text
    assert "Đổi quy tắc chấm (nội dung cách chấm điểm) (1):" in text
    assert "    mới: Đạt: 1 điểm; không đạt: 0 điểm." in text
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert {
        k: data["summary"][k] for k in ("step_changed", "evidence_changed", "rule_changed")
    } == {"step_changed": 2, "evidence_changed": 2, "rule_changed": 1}
    step = data["changes"][0]
    assert (step["old"]["step"], step["new"]["step"]) == ("0.25", "0.5")
    ev = data["changes"][2]
    assert (ev["old"]["evidence_required"], ev["new"]["evidence_required"]) == (True, False)
    assert data["changes"][4]["new"]["rule"] == "Đạt: 1 điểm; không đạt: 0 điểm."


def test_step_change_of_a_moved_leaf_names_the_old_code() -> None:
    def change(data: dict[str, Any]) -> None:
        c = comp(data, "2.2.2")
        c["code"] = "2.2.5"
        c["step"] = Decimal("0.5") if c["step"] != Decimal("0.5") else Decimal("0.25")

    d = diff_criteria(shipped(), edited(change))
    assert [c.kind for c in d.changes] == ["moved", "step_changed"]
    assert "2.2.5: bước điểm" in render_diff(d) and "(mã cũ 2.2.2)" in render_diff(d)


def scramble(seed: int) -> Any:
    """An edit at random: words added, dropped, replaced, names swapped between codes, the
    same name copied to a new code with the others renumbered."""
    import random

    rng = random.Random(seed)

    def change(data: dict[str, Any]) -> None:
        comps = [k for a in data["areas"] for c in a["criteria"] for k in c["components"]]
        for k in comps:
            words = k["name"].split()
            roll = rng.random()
            if roll < 0.15:
                words.insert(rng.randrange(len(words) + 1), rng.choice(["cấp", "xã", "năm"]))
            elif roll < 0.3 and len(words) > 2:
                words[rng.randrange(len(words))] = rng.choice(["huyện", "tỉnh", "báo cáo"])
            elif roll < 0.4 and len(words) > 2:
                del words[rng.randrange(len(words))]
            k["name"] = " ".join(words)
        for _ in range(6):
            a, b = rng.sample(comps, 2)
            a["name"], b["name"] = b["name"], a["name"]
        for c in rng.sample([c for a in data["areas"] for c in a["criteria"]], 4):
            if c["components"]:
                c["components"].append(dict(c["components"][0], code=f"{c['code']}.9"))
                for n, k in enumerate(c["components"][:-1], start=2):
                    k["code"] = f"{c['code']}.{n}"

    return change


def test_indexed_search_finds_the_same_changes_as_every_pair() -> None:
    """The word-pair index (issue 13: no old × new scoring) must lose no match: on sets edited
    at random the changes are those of scoring every pair."""
    for seed in (3, 11):
        old, new = shipped(), edited(scramble(seed))
        fast = diff_criteria(old, new)
        assert fast.changes == diff_criteria(old, new, exhaustive=True).changes
        assert {c.kind for c in fast.changes} >= {"moved", "renamed", "removed", "added"}
