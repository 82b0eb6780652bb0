from __future__ import annotations

from decimal import Decimal

from helpers import MiniDossier

from parcli.scoring.scorecard import percent


def test_percent_rounds_half_up_to_two_places() -> None:
    assert percent(Decimal("70.97"), Decimal("75")) == Decimal("94.63")
    assert percent(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert percent(Decimal("0.625"), Decimal("1")) == Decimal("62.50")
    assert percent(Decimal("1"), Decimal("0")) is None


def test_totals_roll_up_exactly(mini: MiniDossier) -> None:
    card = mini.validate().scorecard
    assert card is not None
    area1, area2 = card.areas
    # 1.1 = 1, 1.2.1 = 0.25; survey leaves 1.2.2 (0.5) and 1.3 (1) are not self-scored
    assert (area1.score, area1.scope_max, area1.survey_max) == (
        Decimal("1.25"),
        Decimal("1.5"),
        Decimal("1.5"),
    )
    assert (area2.score, area2.scope_max) == (Decimal("2.0"), Decimal("2.0"))
    assert card.score == Decimal("3.25") and card.scope_max == Decimal("3.5")
    assert card.percent == Decimal("92.86")
    crit = area1.children[1]
    assert crit.code == "1.2" and crit.score == Decimal("0.25") and crit.scope_max == Decimal("0.5")


def test_unanswered_leaf_counts_zero_and_lost_points(mini: MiniDossier) -> None:
    mini.replace("divisions/phong-a.yaml", "score: 1\n", "score:\n")
    card = mini.validate().scorecard
    assert card is not None
    assert card.score == Decimal("2.25")
    lost = {r.leaf.code: r.lost for r in card.lost_points()}
    assert lost == {"1.2.1": Decimal("0.25")}
    assert card.leaf("1.2.1") is not None
    assert card.leaf("1.2.1").reason == "Chưa đủ"  # type: ignore[union-attr]


def test_codes_1_1_and_1_10_are_distinct(mini: MiniDossier) -> None:
    card = mini.validate().scorecard
    assert card is not None
    assert card.leaf("2.1.1").score == Decimal("1")  # type: ignore[union-attr]
    assert card.leaf("2.1.10").score == Decimal("0.5")  # type: ignore[union-attr]


def test_example_total(example_copy) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from parcli.formats.loading import load_dossier
    from parcli.rules import validate

    card = validate(load_dossier(example_copy), dt.date(2023, 12, 25)).scorecard
    assert card is not None
    assert (card.score, card.scope_max, card.percent) == (
        Decimal("58.25"),
        Decimal("66"),
        Decimal("88.26"),
    )
    assert card.survey_max == Decimal("32")


def test_a_card_that_leaves_invalid_scores_out_says_so_per_leaf(mini: MiniDossier) -> None:
    """What the draft's appendix, the appraisal view and the division totals rely on."""
    from parcli.scoring.scorecard import division_progress, leave_out_invalid

    mini.replace("divisions/van-phong.yaml", "score: 1\n", "score: 1.5\n")  # max 1
    mini.replace("divisions/van-phong.yaml", "score: 0.25", "score: 0.3")  # step 0.25
    raw = mini.validate().scorecard
    assert raw is not None
    card = leave_out_invalid(raw)
    over, off_step = card.leaf("1.1"), card.leaf("1.2.1")
    assert over is not None and off_step is not None
    # as written: the raw card counts them, and says nothing
    assert raw.counted(over) == Decimal("1.5") and raw.left_out(over) is None
    assert card.counted(over) is None and card.counted(off_step) is None
    assert card.left_out(over) == (
        "Điểm ghi 1,5 không hợp lệ (vượt điểm tối đa 1): không tính vào tổng"
    )
    assert card.left_out(off_step) == (
        "Điểm ghi 0,3 không hợp lệ (sai bước điểm 0,25): không tính vào tổng"
    )
    valid = card.leaf("2.1.1")
    assert valid is not None and card.counted(valid) == Decimal("1") and not card.left_out(valid)
    (before,) = division_progress(raw, ["van-phong"])
    (after,) = division_progress(card, ["van-phong"])
    assert (before.answered, before.score) == (2, Decimal("1.8"))
    assert (after.answered, after.score) == (0, Decimal("0"))
    # 0,3 of 0,5 is not a loss of 0,2 points: it is not counted at all
    assert "1.2.1" in {r.leaf.code for r in raw.lost_points()}
    assert "1.2.1" not in {r.leaf.code for r in card.lost_points()}
