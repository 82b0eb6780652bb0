"""``parcli init NEW --from OLD``: a new year's dossier from last year's, OLD never touched."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parcli.actions.new_year import init_from, shift_years
from parcli.errors import UsageError
from parcli.formats.loading import load_dossier
from parcli.formats.yamlwrite import dump_yaml
from parcli.rules import validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "criteria"))
from test_mapping import changed_set

APPRAISAL = """\
year: 2023
round1: {document: "125/SNV-CCHC", date: 15/01/2024}
leaves:
  "1.3": {round1_score: 0.5, round1_opinion: "Chưa kiểm tra Trung tâm Đăng kiểm", round2_score: 0.5}
  "1.1": {round1_score: 1}
  "3.2.3": {round1_score: 0.25, round1_opinion: "Số hóa chưa đạt 50%"}
areas:
  "1": {survey_score: 2.1, published_total: 8.35}
published_total: 82.5
published_rank: 4
"""


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_new_year_from_the_example_validates_with_the_same_divisions(
    example_copy: Path, tmp_path: Path
) -> None:
    before = tree_hashes(example_copy)
    result = init_from(tmp_path / "2024", example_copy)
    assert tree_hashes(example_copy) == before  # OLD's bytes unchanged
    loaded = load_dossier(tmp_path / "2024")
    old = load_dossier(example_copy).dossier
    new = loaded.dossier
    assert new is not None and old is not None
    assert new.year == 2024
    assert (new.window.start, new.window.end) == (dt.date(2024, 12, 1), dt.date(2024, 12, 25))
    assert new.submit_before == dt.date(2025, 1, 5)
    assert new.divisions == old.divisions and new.assignments == old.assignments
    assert new.coordinator == old.coordinator and new.agency == old.agency
    assert new.report.signer == old.report.signer
    assert new.report.recipients == old.report.recipients
    assert new.report.addressees == old.report.addressees and new.report.archive == "VT, VP"
    assert new.report.number in (None, "") and new.report.date is None
    assert new.report.basis == [] and new.report.solutions == []
    report = validate(loaded, dt.date(2024, 12, 10))
    codes = {f.code for f in report.findings}
    assert not report.has_errors(), [
        f.message for f in report.findings if f.severity.value == "error"
    ]
    assert "W002" in codes  # scores missing, as expected
    assert report.scorecard is not None and report.scorecard.score == 0
    assert len(report.scorecard.in_scope_leaves) == 75
    last = loaded.last_year
    assert last is not None and last.year == 2023 and last.self_total == Decimal("58.25")
    assert last.leaves["1.3"].reason_lost and last.report_basis
    assert result.files.written[0] == "dossier.yaml"
    stub = (tmp_path / "2024" / "divisions" / "van-phong.yaml").read_text(encoding="utf-8")
    # the example carries an appraisal round: last year is the appraised score, said so
    assert "#   Năm 2023: 0,75/1 điểm (thẩm định vòng 1)" in stub
    assert '"1.3":\n    score:\n    explanation:\n    remedy:' in stub
    assert '"1.1":\n    score:\n    explanation:\n    evidence: []' in stub


def test_appraised_and_published_results_are_kept(example_copy: Path, tmp_path: Path) -> None:
    (example_copy / "appraisal.yaml").write_text(APPRAISAL, encoding="utf-8")
    init_from(tmp_path / "2024", example_copy)
    last = load_dossier(tmp_path / "2024").last_year
    assert last is not None
    assert last.leaves["1.3"].result() == (Decimal("0.5"), "round2")
    assert last.leaves["1.3"].reason == "Chưa kiểm tra Trung tâm Đăng kiểm"
    assert last.leaves["3.2.3"].result() == (Decimal("0.25"), "round1")
    assert last.leaves["1.2"].result() == (Decimal("1"), "self")
    assert last.areas["1"].published_total == Decimal("8.35")
    assert last.areas["1"].survey_score == Decimal("2.1")
    assert last.areas["1"].appraised_score is None  # not every leaf of area 1 appraised
    assert (last.published_total, last.published_rank) == (Decimal("82.5"), 4)


def test_dates_move_by_the_same_number_of_years() -> None:
    assert shift_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert shift_years(dt.date(2023, 12, 25), 3) == dt.date(2026, 12, 25)


def test_year_option_and_appraisal_deadlines(example_copy: Path, tmp_path: Path) -> None:
    text = (example_copy / "dossier.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nappraisal:\n")]  # the example's own round, replaced by this one
    text = head + (
        "\nappraisal:\n  round1_received: 15/01/2024\n  explanation_before: 29/02/2024\n"
        '  report: {number: "12", basis: ["Văn bản 125/SNV-CCHC"], archive: "VT"}\n'
    )
    (example_copy / "dossier.yaml").write_text(text, encoding="utf-8")
    result = init_from(tmp_path / "2026", example_copy, year=2026)
    new = load_dossier(tmp_path / "2026").dossier
    assert new is not None and new.year == 2026
    assert new.window.start == dt.date(2026, 12, 1) and new.submit_before == dt.date(2027, 1, 5)
    assert new.appraisal is not None
    assert new.appraisal.explanation_before == dt.date(2027, 2, 28)
    assert new.appraisal.round1_received is None  # a fact of last year, not a plan
    assert new.appraisal.report.number is None and new.appraisal.report.basis == []
    assert new.appraisal.report.archive == "VT"
    assert "appraisal.round1_received" in result.cleared
    with pytest.raises(UsageError):
        init_from(tmp_path / "2022", example_copy, year=2022)


def test_never_writes_inside_old_or_over_a_folder(example_copy: Path, tmp_path: Path) -> None:
    before = tree_hashes(example_copy)
    with pytest.raises(UsageError, match="nằm trong hồ sơ năm trước"):
        init_from(example_copy / "2024", example_copy)
    with pytest.raises(UsageError, match="nằm trong hồ sơ năm trước"):
        init_from(example_copy, example_copy)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x.txt").write_text("giữ nguyên", encoding="utf-8")
    with pytest.raises(Exception, match="không trống"):
        init_from(busy, example_copy)
    assert (busy / "x.txt").read_text(encoding="utf-8") == "giữ nguyên"
    assert tree_hashes(example_copy) == before


def test_dry_run_writes_nothing(example_copy: Path, tmp_path: Path) -> None:
    result = init_from(tmp_path / "2024", example_copy, dry_run=True)
    assert "last_year.yaml" in result.files.written
    assert not (tmp_path / "2024").exists()


def test_a_changed_criteria_set_maps_assignments_and_figures(
    example_copy: Path, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    old = load_dossier(example_copy).criteria
    assert old is not None
    new_set = tmp_path / "bo-moi.yaml"
    new_set.write_text(dump_yaml(changed_set(old)), encoding="utf-8")
    before = tree_hashes(example_copy)
    run = cli(
        "init", str(tmp_path / "2024"), "--from", str(example_copy), "--criteria", str(new_set)
    )
    assert run.code == 0, run.err
    assert tree_hashes(example_copy) == before
    assert "Bộ tiêu chí đổi: par-tinh-876-minh-hoa → bo-moi." in run.out
    assert "3.2.1 → 3.2.2" in run.out and "3.4.2 → 3.1.4" in run.out
    assert "Không khớp (chỉ có năm trước): 5.6.2 (tiêu chí thành phần; điểm năm trước 1)" in run.out
    assert "Chưa giao cho đơn vị nào (mục mới, không đoán): 3.2.1, 4.2.4." in run.out
    loaded = load_dossier(tmp_path / "2024")
    assert loaded.dossier is not None and loaded.dossier.criteria == "bo-moi.yaml"
    assert (tmp_path / "2024" / "bo-moi.yaml").is_file()  # does not depend on where it was
    last = loaded.last_year
    assert last is not None and last.mapped_to == "bo-moi"
    assert last.leaves["3.2.2"].old_code == "3.2.1"
    assert last.leaves["3.1.4"].old_code == "3.4.2"
    assert "3.2.1" not in last.leaves and "5.6.2" not in last.leaves
    assert {(u.side, u.code) for u in last.unmatched} == {
        ("removed", "5.6.2"),
        ("added", "3.2.1"),
        ("added", "4.2.4"),
    }
    report = validate(loaded, dt.date(2024, 12, 10))
    assert not report.has_errors()
    assert report.scope is not None and "3.2.1" not in report.scope.lead
    assert report.scope.lead["3.1.4"] == "thanh-tra"


def test_cli_refuses_from_with_scaffold_options(
    example_copy: Path, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    run = cli("init", str(tmp_path / "n"), "--from", str(example_copy), "--agency", "Sở X")
    assert run.code != 0 and "--from không dùng cùng --agency" in run.err
    run = cli("init", str(tmp_path / "n"), "--dry-run", "--defaults")
    assert run.code != 0 and "--dry-run chỉ dùng với --from" in run.err


def test_a_criteria_file_of_the_old_dossier_is_copied(mini: Any, tmp_path: Path) -> None:
    init_from(tmp_path / "2024", mini.root)
    new = tmp_path / "2024"
    assert (new / "criteria.yaml").read_bytes() == (mini.root / "criteria.yaml").read_bytes()
    loaded = load_dossier(new)
    assert loaded.dossier is not None and loaded.dossier.criteria == "criteria.yaml"
    report = validate(loaded, dt.date(2024, 12, 10))
    assert not report.has_errors()
    assert loaded.dossier.assignments == {"van-phong": ["1"], "phong-a": ["2"]}
    last = loaded.last_year
    assert last is not None and last.leaves["1.2.1"].reason_lost == "Chưa đủ"
    assert "1.2.2" not in last.leaves  # survey leaves are not self-scored, not carried


def test_what_cannot_be_read_last_year_is_not_carried(
    mini: Any, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    mini.replace("divisions/phong-a.yaml", "score: 0.5\n", "score: nửa\n")
    run = cli("init", str(tmp_path / "2024"), "--from", str(mini.root))
    assert run.code == 0, run.err
    assert "hồ sơ năm trước còn 1 lỗi" in run.out
    assert "  kết thúc tự chấm (window.end): 25/12/2023 → 25/12/2024" in run.out
    assert "  hạn gửi (submit_before): 05/01/2024 → 05/01/2025" in run.out
    assert "Đã xóa (điền lại cho năm nay): số báo cáo (report.number), ngày báo cáo" in run.out
    last = load_dossier(tmp_path / "2024").last_year
    assert last is not None
    assert last.leaves["2.1.10"].self_score is None  # the unreadable score is not guessed
    assert last.leaves["2.1.1"].self_score == Decimal(1)


def test_a_failure_half_way_leaves_no_half_made_dossier(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcli.actions import new_year
    from parcli.errors import BuildFailed

    calls: list[str] = []
    real = new_year.write_new

    def failing(dest: Path, rel: str, content: bytes, result: Any) -> None:
        calls.append(rel)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(dest, rel, content, result)

    monkeypatch.setattr(new_year, "write_new", failing)
    with pytest.raises(BuildFailed, match="Không tạo được hồ sơ"):
        init_from(tmp_path / "out" / "2024", example_copy)
    assert not (tmp_path / "out" / "2024").exists()
    assert list((tmp_path / "out").iterdir()) == []
