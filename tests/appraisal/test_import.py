"""`parcli appraisal import`: the council's table into appraisal.yaml, every bad case refused."""

from __future__ import annotations

import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from appraisal_tables import build_appendix, fill_appendix, foreign_table
from helpers import MiniDossier, needs_libreoffice, soffice_convert

from parcli.actions.appraisal import import_table
from parcli.errors import AppraisalImportRefused, AppraisalTableUnreadable, DossierUnreadable
from parcli.formats.loading import load_dossier

GOOD = {
    "1.1": (0.5, "Kế hoạch ban hành chậm; đề nghị giải trình, bổ sung tài liệu"),
    "1.2.1": (0.25, None),
    "2.1.1": ("0,75", "Thiếu báo cáo quý IV"),
    "2.1.10": (0.5, None),
    "2.2": (0.5, None),
}


@pytest.fixture
def appendix(mini: MiniDossier, cli: Any, tmp_path: Path) -> Path:
    built = build_appendix(mini, cli)
    return shutil.copy(built, tmp_path / "phu-bieu-goc.xlsx")


def codes(exc: pytest.ExceptionInfo[AppraisalImportRefused]) -> list[tuple[str, int | None, str]]:
    return [(f.code, f.line, f.message) for f in exc.value.findings]


def test_parcli_appendix_filled_by_openpyxl(
    mini: MiniDossier, appendix: Path, tmp_path: Path
) -> None:
    table = fill_appendix(appendix, tmp_path / "bang-diem.xlsx", GOOD)
    outcome = import_table(mini.root, table, 1, document="125/SNV-CCHC")
    assert outcome.written and outcome.imported == 5
    assert outcome.findings == []
    appraisal = load_dossier(mini.root).appraisal
    assert appraisal is not None and appraisal.year == 2023
    assert appraisal.leaves["2.1.1"].round1_score == Decimal("0.75")  # decimal comma, exact
    assert appraisal.leaves["2.1.1"].round1_opinion == "Thiếu báo cáo quý IV"
    assert appraisal.requested() == ["1.1"]  # "đề nghị giải trình" in the opinion
    assert appraisal.round1 is not None and appraisal.round1.source == "bang-diem.xlsx"
    assert appraisal.round1.document == "125/SNV-CCHC"
    assert "1.2.2" not in appraisal.leaves and "1.3" not in appraisal.leaves  # survey rows
    lines = {(c.code, c.field, c.new) for c in outcome.changes}
    assert ("1.1", "yêu cầu giải trình", "có") in lines
    assert ("2.1.1", "điểm thẩm định vòng 1", "0,75") in lines


def test_importing_twice_changes_nothing(
    mini: MiniDossier, appendix: Path, tmp_path: Path, cli: Any
) -> None:
    table = fill_appendix(appendix, tmp_path / "bang-diem.xlsx", GOOD)
    first = cli("appraisal", "import", str(mini.root), str(table))
    assert first.code == 0, first.err
    assert "Đã ghi appraisal.yaml" in first.out
    before = (mini.root / "appraisal.yaml").read_bytes()
    mtime = (mini.root / "appraisal.yaml").stat().st_mtime_ns
    second = cli("appraisal", "import", str(mini.root), str(table))
    assert second.code == 0
    assert "Không có gì thay đổi; appraisal.yaml giữ nguyên." in second.out
    assert (mini.root / "appraisal.yaml").read_bytes() == before
    assert (mini.root / "appraisal.yaml").stat().st_mtime_ns == mtime


def test_dry_run_writes_nothing(
    mini: MiniDossier, appendix: Path, tmp_path: Path, cli: Any
) -> None:
    table = fill_appendix(appendix, tmp_path / "bang-diem.xlsx", GOOD)
    result = cli("appraisal", "import", str(mini.root), str(table), "--dry-run")
    assert result.code == 0
    assert "1.1: điểm thẩm định vòng 1: (trống) → 0,5" in result.out
    assert "--dry-run: chưa ghi gì" in result.out
    assert not (mini.root / "appraisal.yaml").exists()


def test_empty_cells_never_erase_and_round_two_keeps_round_one(
    mini: MiniDossier, appendix: Path, tmp_path: Path
) -> None:
    import_table(mini.root, fill_appendix(appendix, tmp_path / "v1.xlsx", GOOD), 1)
    partial = fill_appendix(appendix, tmp_path / "v2.xlsx", {"1.1": (1, "Đã giải trình đạt")})
    outcome = import_table(mini.root, partial, 2)
    assert any(f.code == "T023" for f in outcome.findings)  # the leaves round 2 did not score
    appraisal = load_dossier(mini.root).appraisal
    assert appraisal is not None
    leaf = appraisal.leaves["1.1"]
    assert (leaf.round1_score, leaf.round2_score, leaf.final_score) == (
        Decimal("0.5"),
        Decimal("1"),
        Decimal("1"),
    )
    assert leaf.explanation_requested and leaf.round2_opinion == "Đã giải trình đạt"
    assert appraisal.leaves["2.1.1"].round1_score == Decimal("0.75")  # untouched by round 2
    assert appraisal.round1 is not None and appraisal.round2 is not None


def test_foreign_table_found_by_its_headers(mini: MiniDossier, tmp_path: Path) -> None:
    rows = [
        ["1", "Lĩnh vực một", 3, None, None, None, None],
        ["1.1", "Tiêu chí lá", 1, "0,5", 1, "Chưa đủ tài liệu", "x"],
        ["1.2.1", "Thành phần", 0.5, 0.25, None, None, None],
        ["2.1.1", "Thành phần", 1, 1, None, "Đạt", ""],
        ["2.1.10", "Thành phần", 0.5, 0.25, 0.5, "Thiếu kế hoạch", "Có"],
        ["2.2", "Tiêu chí", 0.5, 0.5, None, None, None],
    ]
    table = foreign_table(tmp_path / "tong-hop.xlsx", rows)
    one = import_table(mini.root, table, 1)
    assert {k: cell.ref for k, (cell, _) in one.table.headers.items()} == {
        "code": "A3",
        "max": "C3",
        "score": "D3",
        "opinion": "F3",
        "request": "G3",
    }
    two = import_table(mini.root, table, 2)
    assert two.table.headers["score"][0].ref == "E3"  # "Vòng 2" under the merged header
    appraisal = load_dossier(mini.root).appraisal
    assert appraisal is not None
    assert appraisal.requested() == ["1.1", "2.1.10"]  # the request column, not the wording
    assert appraisal.leaves["2.1.10"].final_score == Decimal("0.5")
    assert appraisal.leaves["1.1"].round2_score == Decimal("1")


def test_every_bad_cell_is_a_finding_with_sheet_and_cell(mini: MiniDossier, tmp_path: Path) -> None:
    import datetime as dt

    rows = [
        ["1.1", "", 1, 1.5, None, None, None],  # above max (row 5)
        ["1.2.1", "", 0.5, 0.3, None, None, None],  # off the step 0.25 (row 6)
        ["1.2.2", "", 0.5, 0.5, None, None, None],  # a survey leaf (row 7)
        ["9.9", "", 1, 1, None, None, None],  # unknown code (row 8)
        ["2.1.1", "", 1, "đạt", None, None, None],  # not a number (row 9)
        ["2.1.10", "", 0.5, dt.datetime(2023, 5, 1), None, None, None],  # Excel made a date
        ["2.2", "", 0.5, 0.5, None, None, None],
        ["2.2", "", 0.5, 0.25, None, None, None],  # the same code twice, another score (row 12)
        [None, "Cộng", None, 4, None, None, None],  # a score on a row without a code (row 13)
    ]
    table = foreign_table(tmp_path / "xau.xlsx", rows)
    with pytest.raises(AppraisalImportRefused) as exc:
        import_table(mini.root, table, 1)
    found = {(f.code, f.line, f.col) for f in exc.value.findings}
    assert {
        ("T003", 5, 4),
        ("T004", 6, 4),
        ("T005", 7, 4),
        ("T001", 8, 4),
        ("T021", 9, 4),
        ("T021", 10, 4),
        ("T022", 12, 1),
        ("T001", 13, 4),
    } <= found
    messages = " ".join(m for _, _, m in codes(exc))
    assert "Trang tính 'KQ thẩm định', ô D5" in messages
    assert "ngày" in messages  # the date Excel made is explained
    assert not (mini.root / "appraisal.yaml").exists()  # nothing written


def test_a_table_of_another_agency_or_year(mini: MiniDossier, tmp_path: Path) -> None:
    rows = [["1.1", "", 1, 0.5, None, None, None]]
    other = foreign_table(
        tmp_path / "khac.xlsx",
        rows,
        title="KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2022 CỦA SỞ TÀI CHÍNH TỈNH LÀO CAI",
    )
    with pytest.raises(AppraisalImportRefused) as exc:
        import_table(mini.root, other, 1)
    t006 = [f for f in exc.value.findings if f.code == "T006"]
    assert len(t006) == 2 and all(f.line == 1 and f.col == 1 for f in t006)
    text = " ".join(f.message for f in t006)
    assert "năm 2022" in text and "Sở Thử nghiệm" in text
    # a different criteria set shows in the maxima
    rows = [["1.1", "", 2, 0.5, None, None, None], ["2.1.1", "", 1, 1, None, None, None]]
    with pytest.raises(AppraisalImportRefused) as exc:
        import_table(mini.root, foreign_table(tmp_path / "bo-khac.xlsx", rows), 1)
    [f] = [f for f in exc.value.findings if f.code == "T006"]
    assert "Điểm tối đa" in f.message and "C5: 2 ≠ 1" in f.message


def test_a_self_score_column_that_disagrees_warns(
    mini: MiniDossier, appendix: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(fill_appendix(appendix, tmp_path / "a.xlsx", GOOD))
    ws = wb["Phụ biểu"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    ws.cell(row, 5).value = 0.5  # the self-score column says 0,5; the dossier says 1
    wb.save(tmp_path / "b.xlsx")
    outcome = import_table(mini.root, tmp_path / "b.xlsx", 1, dry_run=True)
    [f] = [f for f in outcome.findings if f.code == "T006"]
    assert f.severity.value == "warning" and "Điểm tự đánh giá" in f.message


def test_a_code_excel_turned_into_a_number(mini: MiniDossier, tmp_path: Path) -> None:
    mini.replace("criteria.yaml", '- code: "1.3"', '- code: "1.10"')
    mini.replace("criteria.yaml", "expected: {areas: 2, criteria: 5, components: 4}\n", "")
    table = foreign_table(tmp_path / "so.xlsx", [[1.1, "", 1, 1, None, None, None]])
    outcome = import_table(mini.root, table, 1, dry_run=True)
    [f] = [f for f in outcome.findings if f.code == "T025"]
    assert (f.line, f.col) == (5, 1) and "1.10" in f.message


def test_no_header_and_unreadable_files(mini: MiniDossier, tmp_path: Path, cli: Any) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Không phải bảng điểm"
    hidden = wb.create_sheet("An")
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "trong.xlsx")
    result = cli("appraisal", "import", str(mini.root), str(tmp_path / "trong.xlsx"))
    assert result.code == 1 and "T020" in result.out
    assert "Điểm thẩm định" in result.out
    (tmp_path / "cu.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    result = cli("appraisal", "import", str(mini.root), str(tmp_path / "cu.xls"))
    assert result.code == 2 and "Lưu thành (Save As) .xlsx" in result.err
    (tmp_path / "hong.xlsx").write_bytes(b"not a zip")
    with pytest.raises(AppraisalTableUnreadable, match="không phải tệp Excel"):
        import_table(mini.root, tmp_path / "hong.xlsx", 1)
    with pytest.raises(AppraisalTableUnreadable, match="Không có tệp"):
        import_table(mini.root, tmp_path / "khong-co.xlsx", 1)


def test_a_hostile_merge_is_refused_before_openpyxl(mini: MiniDossier, tmp_path: Path) -> None:
    good = foreign_table(tmp_path / "a.xlsx", [["1.1", "", 1, 1, None, None, None]])
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<mergeCell ref="A1:H1"/>', b'<mergeCell ref="A1:XFD1048576"/>'
                )
            dst.writestr(item, data)
    with pytest.raises(AppraisalTableUnreadable, match="tránh treo máy"):
        import_table(mini.root, bomb, 1)


def test_a_formula_without_a_saved_value(mini: MiniDossier, tmp_path: Path) -> None:
    table = foreign_table(tmp_path / "ct.xlsx", [["1.1", "", 1, "=1-0.5", None, None, None]])
    with pytest.raises(AppraisalImportRefused) as exc:
        import_table(mini.root, table, 1)
    [f] = exc.value.findings
    assert f.code == "T021" and "công thức chưa có giá trị" in f.message


def test_a_broken_appraisal_file_is_never_overwritten(
    mini: MiniDossier, appendix: Path, tmp_path: Path
) -> None:
    mini.write("appraisal.yaml", 'leaves:\n  "1.1": {round1_score: "abc"}\n')
    with pytest.raises(DossierUnreadable, match="không ghi đè"):
        import_table(mini.root, fill_appendix(appendix, tmp_path / "a.xlsx", GOOD), 1)
    assert "abc" in (mini.root / "appraisal.yaml").read_text()


@needs_libreoffice
def test_tables_saved_by_libreoffice(mini: MiniDossier, appendix: Path, tmp_path: Path) -> None:
    """The appendix filled, a formula typed in a score cell, then saved by LibreOffice Calc."""
    values = dict(GOOD)
    values["2.1.1"] = ("=1-0.25", "Thiếu báo cáo quý IV")
    filled = fill_appendix(appendix, tmp_path / "dien.xlsx", values)
    foreign = foreign_table(tmp_path / "ngoai.xlsx", [["1.1", "", 1, "0,5", 1, "Chưa đủ", "x"]])
    saved_filled, saved_foreign = soffice_convert(
        [filled, foreign], tmp_path / "lo", tmp_path / "lo-profile", "xlsx:Calc MS Excel 2007 XML"
    )
    outcome = import_table(mini.root, saved_filled, 1)
    [f] = [f for f in outcome.findings if f.code == "T024"]  # the saved value of a formula
    assert f.criterion == "2.1.1"
    appraisal = load_dossier(mini.root).appraisal
    assert appraisal is not None
    assert appraisal.leaves["2.1.1"].round1_score == Decimal("0.75")
    assert appraisal.leaves["1.1"].round1_score == Decimal("0.5")
    outcome = import_table(mini.root, saved_foreign, 2)
    assert outcome.table.headers["score"][0].ref == "E3"


def test_import_output_golden_and_json(
    mini: MiniDossier, appendix: Path, tmp_path: Path, cli: Any
) -> None:
    from helpers import check_golden

    table = fill_appendix(appendix, tmp_path / "bang-diem.xlsx", GOOD)
    result = cli("appraisal", "import", str(mini.root), str(table), "--dry-run")
    check_golden("appraisal-import-mini.txt", result.out)
    import json

    data = json.loads(
        cli("appraisal", "import", str(mini.root), str(table), "--format", "json").out
    )
    assert data["written"] and data["columns"]["score"] == "I5"
    assert {"code": "1.1", "field": "yêu cầu giải trình", "old": "không", "new": "có"} in data[
        "changes"
    ]


def test_status_chases_the_missing_explanations(
    mini: MiniDossier, appraisal_round: None, cli: Any
) -> None:
    result = cli("status", str(mini.root), "--as-of", "25/01/2024")
    assert result.code == 0, result.err
    assert (
        "Giải trình: Hạn gửi báo cáo giải trình trước ngày 01/02/2024 (ngày cuối 31/01/2024, còn "
        "6 ngày); đã có giải trình 0/1 tiêu chí được yêu cầu" in result.out
    )
    assert "    được yêu cầu giải trình, chưa giải trình (1): 1.1" in result.out
    data = __import__("json").loads(
        cli("status", str(mini.root), "--as-of", "25/01/2024", "--format", "json").out
    )
    assert data["explanation"]["days_left"] == 6
    chase = {c["division"]: c["unexplained"] for c in data["chase"]}
    assert chase == {"van-phong": ["1.1"]}
    result = cli("validate", str(mini.root), "--as-of", "25/01/2024")
    assert "cảnh báo T011 [1.1, van-phong]" in result.out


@pytest.fixture
def appraisal_round(mini: MiniDossier, appendix: Path, tmp_path: Path) -> None:
    text = (mini.root / "dossier.yaml").read_text(encoding="utf-8")
    mini.write(
        "dossier.yaml",
        text + "submitted_on: 04/01/2024\nappraisal:\n  explanation_before: 01/02/2024\n",
    )
    import_table(mini.root, fill_appendix(appendix, tmp_path / "bang.xlsx", GOOD), 1)
