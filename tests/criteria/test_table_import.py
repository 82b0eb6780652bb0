"""``parcli criteria import``: tables built here with python-docx and openpyxl (no binary files)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from criteria_tables import HEADER, SMALL, Row, appendix_rows, make_docx, make_xlsx, shipped

from parcli.criteria import table_import as ci
from parcli.criteria.table_import import (
    ImportOptions,
    ImportResult,
    TableUnreadable,
    import_table,
    infer_step,
    limits,
    parse_expect,
    parse_score,
    write_yaml,
)
from parcli.errors import ExitCode, OutputExists, UsageError
from parcli.findings import Severity
from parcli.formats.loading import load_criteria
from parcli.model import Component, CriteriaSet, Criterion, Method


def tree(criteria: CriteriaSet) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for depth, node in criteria.nodes():
        method = rule = None
        if isinstance(node, Component) or (isinstance(node, Criterion) and not node.components):
            method, rule = node.method, node.rule
        out.append((depth, node.code, node.name, node.max_score, method, rule))
    return out


def run(path: Path, **kw: object) -> ImportResult:
    return import_table(path, ImportOptions(**kw))  # type: ignore[arg-type]


def messages(result: ImportResult, severity: Severity = Severity.ERROR) -> str:
    return "\n".join(f"{p.where}: {p.message}" for p in result.problems if p.severity is severity)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_round_trip_of_the_shipped_set(tmp_path: Path, kind: str) -> None:
    original = shipped()
    rows = appendix_rows(original)
    src = (
        make_docx(tmp_path / "phu-luc.docx", [rows])
        if kind == "docx"
        else make_xlsx(tmp_path / "phu-luc.xlsx", {"Phụ lục": rows})
    )
    result = run(src, expect_totals=(8, 37, 88), decision="876/QĐ-BNV")
    assert result.ok, messages(result)
    assert result.counts() == (8, 37, 88)
    out = tmp_path / "nhap.yaml"
    write_yaml(result, out, force=False)
    model, _doc, findings = load_criteria(out, "nhap.yaml")
    assert model is not None
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert tree(model) == tree(original)
    assert model.status == "illustrative"
    assert model.status_note == f"Nhập từ {src.name}, chưa xác nhận là bản chính thức"
    assert model.max_total == 100 and model.survey_max == 32 and model.appraisal_max == 68
    assert model.expected is not None and model.expected.components == 88
    text = out.read_text(encoding="utf-8")
    assert 'code: "1.6.1"' in text and "max_score: 0.5\n" in text


def test_written_file_has_no_check_errors_and_decimals_are_exact(tmp_path: Path) -> None:
    from parcli.rules import check_criteria

    src = make_docx(tmp_path / "a.docx", [SMALL])
    result = run(src, official=True, decision="1/QĐ-X", date=None)
    assert result.ok, messages(result)
    out = tmp_path / "a.yaml"
    write_yaml(result, out, force=False)
    model, doc, findings = load_criteria(out, "a.yaml")
    assert model is not None and not findings
    assert [f for f in check_criteria(model, doc) if f.severity is Severity.ERROR] == []
    assert model.status == "official"
    comp = model.areas[0].criteria[1].components[0]
    assert comp.max_score == Decimal("0.5") and isinstance(comp.max_score, Decimal)
    assert comp.step == Decimal("0.25")
    assert model.areas[1].criteria[1].method is Method.SURVEY
    assert model.areas[1].criteria[1].evidence_required is False
    assert model.areas[1].criteria[1].rule is None  # the marker alone is not a rule
    assert model.survey_max == 1


# --------------------------------------------------------------------------- table shapes


def test_split_tables_repeated_headers_and_continuation_without_header(tmp_path: Path) -> None:
    layout = [["BỘ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]
    part1 = [HEADER, ["(1)", "(2)", "(3)", "(4)"], *SMALL[1:4]]
    part2 = [HEADER, *SMALL[4:6]]  # repeated header on a new page
    part3 = [list(r) for r in SMALL[6:]]  # continuation, no header
    src = make_docx(tmp_path / "split.docx", [layout, part1, part2, part3])
    result = run(src, expect_totals=(2, 4, 2))
    assert result.ok, messages(result)
    assert result.tables_total == 4 and result.tables_used == 3
    notes = messages(result, Severity.INFO)
    assert "Bảng 1: bỏ qua" in notes
    assert "Bảng 4: không có dòng tiêu đề" in notes
    assert "Bảng 1: Bảng 1" not in notes and "Bảng 4: Bảng 4" not in notes
    assert result.model is not None
    assert [a.code for a in result.model.areas] == ["1", "2"]
    assert [c.code for c in result.model.areas[0].criteria[1].components] == ["1.2.1", "1.2.2"]


def test_repeated_header_inside_one_table_is_skipped(tmp_path: Path) -> None:
    rows = [*SMALL[:4], HEADER, *SMALL[4:]]
    result = run(make_xlsx(tmp_path / "r.xlsx", {"S": rows}), expect_totals=(2, 4, 2))
    assert result.ok, messages(result)


def test_docx_merged_cells_horizontal_and_vertical(tmp_path: Path) -> None:
    header_top = ["STT", "Nội dung", "Điểm", "", "Cách chấm điểm", "Tài liệu kiểm chứng"]
    header_sub = ["", "", "Tối đa", "Tự chấm", "", ""]
    rows = [
        header_top,
        header_sub,
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", "", ""],
        ["1.1", "Kế hoạch", "1", "", "Đúng hạn: 1 điểm; chậm: 0,5 điểm.", "Kế hoạch năm"],
        ["1.2", "Báo cáo", "1", "", "", ""],
        ["1.2.1", "Báo cáo quý", "0,5", "", "Đủ: 0,5 điểm; thiếu: 0,25 điểm.", "Báo cáo"],
        ["1.2.2", "Báo cáo năm", "0,5", "", "", ""],
    ]
    path = tmp_path / "merged.docx"
    document = docx.Document()
    table = document.add_table(rows=0, cols=6)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    t = table
    # header: "Điểm" over two columns; STT, Nội dung, Cách chấm, TLKC over two rows
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Điểm"
    for col, text in (
        (0, "STT"),
        (1, "Nội dung"),
        (4, "Cách chấm điểm"),
        (5, "Tài liệu kiểm chứng"),
    ):
        t.cell(0, col).merge(t.cell(1, col)).text = text
    # the area row is merged across the name, score and rule columns
    t.cell(2, 1).merge(t.cell(2, 4)).text = "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    # one rule and one evidence cell shared by both tiêu chí thành phần (vertical merge)
    t.cell(5, 4).merge(t.cell(6, 4)).text = "Đủ: 0,5 điểm; thiếu: 0,25 điểm."
    t.cell(5, 5).merge(t.cell(6, 5)).text = "Báo cáo"
    document.save(str(path))

    result = run(path, expect_totals=(1, 2, 2))
    assert result.ok, messages(result)
    assert result.model is not None
    area = result.model.areas[0]
    assert area.code == "1" and area.name == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    assert area.note == "Mã in trong văn bản: I"
    assert area.max_score == 2  # not printed: the sum of its criteria
    comps = area.criteria[1].components
    assert [c.rule for c in comps] == ["Đủ: 0,5 điểm; thiếu: 0,25 điểm."] * 2
    assert [c.step for c in comps] == [Decimal("0.25")] * 2
    # the merged area row did not leak its name into the score or rule columns
    assert area.criteria[0].rule == "Đúng hạn: 1 điểm; chậm: 0,5 điểm."


def test_xlsx_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC: BẢNG TIÊU CHÍ", None, None, None])
    ws.merge_cells("A1:D1")
    for row in SMALL:
        ws.append(list(row))
    # area 2: name merged over the score and rule columns; vertical merge of the rule of 1.2.x
    ws.merge_cells("B8:D8")  # openpyxl drops the values of C8 and D8 (Excel does the same)
    ws.merge_cells("D6:D7")
    wb.save(str(path))
    result = run(path, expect_totals=(2, 4, 2))
    assert result.ok, messages(result)
    assert result.model is not None
    comps = result.model.areas[0].criteria[1].components
    assert comps[0].rule == comps[1].rule == "Đủ: 0,5 điểm; thiếu: 0,25 điểm."
    assert result.model.areas[1].name == "Cải cách thể chế"
    assert result.model.areas[1].max_score == 3


def test_roman_areas_and_restarted_numbering(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["I", "CÔNG TÁC CHỈ ĐẠO", "2", ""],
        ["1.1", "Kế hoạch", "2", "Có: 2 điểm; không: 0 điểm."],
        ["II.", "CẢI CÁCH THỂ CHẾ", "3", ""],
        ["1", "Xây dựng văn bản", "3", ""],  # numbering restarts under each lĩnh vực
        ["1.1", "Kế hoạch xây dựng", "1,5", "Đạt: 1,5 điểm; không đạt: 0 điểm."],
        ["1.2", "Lấy ý kiến", "1,5", "Đạt: 1,5 điểm; không đạt: 0 điểm."],
    ]
    result = run(make_docx(tmp_path / "roman.docx", [rows]), expect_totals=(2, 2, 2))
    assert result.ok, messages(result)
    assert result.model is not None
    a1, a2 = result.model.areas
    assert (a1.code, a2.code) == ("1", "2")
    assert a2.note == "Mã in trong văn bản: II."
    assert a2.criteria[0].code == "2.1" and a2.criteria[0].note == "Mã in trong văn bản: 1"
    assert [c.code for c in a2.criteria[0].components] == ["2.1.1", "2.1.2"]
    assert a2.criteria[0].components[0].note == "Mã in trong văn bản: 1.1"


def test_lettered_rows_become_components_or_rule_lines(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "Lĩnh vực", "3", ""],
        ["1.1", "Tiêu chí có mục chữ", "2", ""],
        ["a)", "Mục a", "1", "Có: 1 điểm; không: 0 điểm."],
        ["b)", "Mục b", "1", "Có: 1 điểm."],
        ["1.2", "Tiêu chí có thành phần", "1", ""],
        ["1.2.1", "Thành phần", "1", ""],
        ["a)", "Đạt toàn bộ: 1 điểm", "", ""],
        ["b)", "Đạt một phần: 0,5 điểm", "", ""],
    ]
    result = run(make_docx(tmp_path / "letters.docx", [rows]), expect_totals=(1, 2, 3))
    assert result.ok, messages(result)
    assert result.model is not None
    c1, c2 = result.model.areas[0].criteria
    assert [(c.code, c.name, c.note) for c in c1.components] == [
        ("1.1.1", "Mục a", "Mã in trong văn bản: a)"),
        ("1.1.2", "Mục b", "Mã in trong văn bản: b)"),
    ]
    comp = c2.components[0]
    assert comp.rule == "a) Đạt toàn bộ: 1 điểm\nb) Đạt một phần: 0,5 điểm"
    assert comp.step == Decimal("0.5")


def test_multiline_cell_name_then_rule_and_bullets(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "Lĩnh vực", "1,5", ""],
        ["1.1", "Ban hành kế hoạch\n- Đúng hạn: 1 điểm\n- Chậm: 0,5 điểm", "1", "Không: 0 điểm."],
        ["1.2", "Tuyên truyền", "0.5", ""],
        ["-", "Đạt: 0,5 điểm", "", ""],
        ["", "+ Không đạt: 0,25 điểm", "", ""],
    ]
    result = run(make_docx(tmp_path / "ml.docx", [rows]))
    assert result.ok, messages(result)
    assert result.model is not None
    c1, c2 = result.model.areas[0].criteria
    assert c1.name == "Ban hành kế hoạch"
    assert c1.rule == "- Đúng hạn: 1 điểm\n- Chậm: 0,5 điểm\nKhông: 0 điểm."
    assert c1.step == Decimal("0.5")
    assert c2.max_score == Decimal("0.5")
    assert c2.rule == "- Đạt: 0,5 điểm\n+ Không đạt: 0,25 điểm"
    assert c2.step == Decimal("0.25")


def test_code_in_name_column(tmp_path: Path) -> None:
    rows = [
        ["Nội dung", "Điểm tối đa", "Cách chấm điểm"],
        ["I. CÔNG TÁC CHỈ ĐẠO", "1", ""],
        ["1.1. Kế hoạch", "1", "Có: 1 điểm; không: 0 điểm."],
    ]
    result = run(make_docx(tmp_path / "n.docx", [rows]), expect_totals=(1, 1, 0))
    assert result.ok, messages(result)
    assert result.model is not None
    assert result.model.areas[0].criteria[0].name == "Kế hoạch"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0,5", "0.5"),
        ("1.5", "1.5"),
        ("1,0 điểm", "1.0"),
        ("2đ", "2"),
        ("10", "10"),
        ("0,25 Điểm", "0.25"),
        (" 3 ", "3"),
    ],
)
def test_scores_with_decimal_comma_or_point(text: str, value: str) -> None:
    assert parse_score(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "Điều tra XHH", "1-2", "0,5 + 0,5", "1,5,5"])
def test_score_cells_that_are_not_a_number(text: str) -> None:
    assert parse_score(text) is None


def test_decimal_scores_in_a_table(tmp_path: Path) -> None:
    rows = [
        ["TT", "Tên tiêu chí", "Thang điểm", "Hướng dẫn chấm"],
        ["1", "Lĩnh vực", "3,0", ""],
        ["1.1", "A", "1,0 điểm", "Đạt: 1 điểm."],
        ["1.2", "B", "1.5", "Đạt: 1,5 điểm; một phần: 0,75 điểm."],
        ["1.3", "C", 0.5, "Đạt: 0,5 điểm."],
    ]
    result = run(make_xlsx(tmp_path / "d.xlsx", {"S": rows}))
    assert result.ok, messages(result)
    assert result.model is not None
    crits = result.model.areas[0].criteria
    assert [c.max_score for c in crits] == [Decimal(1), Decimal("1.5"), Decimal("0.5")]
    assert [c.step for c in crits] == [Decimal(1), Decimal("0.75"), Decimal("0.5")]


def test_survey_rows(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["8", "Tác động", "4", ""],
        ["8.1", "Mức độ hài lòng (ĐTXHH)", "1", ""],
        ["8.2", "Đánh giá của người dân", "1", "Điểm điều tra xã hội học"],
        ["8.3", "Đánh giá của lãnh đạo", "1", "Lấy kết quả khảo sát lãnh đạo, quản lý"],
        ["8.4", "Tổ chức khảo sát sự hài lòng", "1", "Có tổ chức: 1 điểm; không: 0 điểm."],
    ]
    result = run(make_docx(tmp_path / "s.docx", [rows]))
    assert result.ok, messages(result)
    assert result.model is not None
    crits = result.model.areas[0].criteria
    assert [c.method for c in crits] == [Method.SURVEY] * 3 + [Method.APPRAISAL]
    assert [c.evidence_required for c in crits] == [False, False, False, True]
    assert crits[1].rule is None and crits[2].rule == "Lấy kết quả khảo sát lãnh đạo, quản lý"
    assert result.leaves_without_step == []
    assert "khảo sát" in messages(result, Severity.INFO)


def test_survey_on_a_criterion_applies_to_its_components(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "L", "2", ""],
        ["1.1", "Đánh giá qua điều tra xã hội học", "2", ""],
        ["1.1.1", "Người dân", "1", ""],
        ["1.1.2", "Doanh nghiệp", "1", ""],
    ]
    result = run(make_docx(tmp_path / "s.docx", [rows]))
    assert result.ok, messages(result)
    assert result.model is not None
    assert {c.method for c in result.model.areas[0].criteria[0].components} == {Method.SURVEY}


@pytest.mark.parametrize(
    ("max_score", "rule", "step"),
    [
        ("1", "1 điểm … 0,5 điểm … 0 điểm", "0.5"),
        ("1", "Đạt: 1 điểm; trừ 0,25 điểm mỗi lần chậm", "0.25"),
        ("2", "Đạt: 2 điểm; không đạt: 0 điểm", "2"),
        ("1.5", "Đạt 100%: 1,5 điểm; từ 80%: 1 điểm", "0.5"),
        ("1", "Đạt yêu cầu theo quy định", None),
        ("1", None, None),
    ],
)
def test_infer_step(max_score: str, rule: str | None, step: str | None) -> None:
    expected = None if step is None else Decimal(step)
    assert infer_step(Decimal(max_score), rule) == expected


def test_leaves_without_step_are_reported(tmp_path: Path) -> None:
    rows = [HEADER, ["1", "L", "1", ""], ["1.1", "A", "1", "Theo quy định."]]
    result = run(make_docx(tmp_path / "x.docx", [rows]))
    assert result.ok
    assert result.leaves_without_step == ["1.1"]
    assert "Chưa có bước điểm (1 tiêu chí" in ci.render_report(result, ImportOptions())


# --------------------------------------------------------------------------- errors in the table


def test_missing_row_is_caught_by_expect(tmp_path: Path) -> None:
    rows = appendix_rows(shipped())
    del rows[[r[0] for r in rows].index("3.2.1")]  # one tiêu chí thành phần missing
    src = make_docx(tmp_path / "thieu.docx", [rows])
    totals, _ = parse_expect("8/37/88")
    result = run(src, expect_totals=totals)
    assert not result.ok
    text = messages(result)
    assert "Đọc được 87 tiêu chí thành phần, --expect ghi 88" in text
    # the sums also disagree: 3.2 no longer adds up
    assert "C002: Tiêu chí 3.2" in text
    _, per_area = parse_expect("7/2,4/8,5/14,3/12,7/16,3/14,3/14,5/8")
    result = run(src, expect_areas=per_area)
    assert "Lĩnh vực 3: đọc được 5 tiêu chí, 13 tiêu chí thành phần; --expect ghi 5/14" in messages(
        result
    )


def test_missing_row_without_expect_still_fails_on_sums(tmp_path: Path) -> None:
    rows = [r for r in appendix_rows(shipped()) if r[0] != "2.1.2"]
    result = run(make_docx(tmp_path / "t.docx", [rows]))
    assert not result.ok
    assert "C002" in messages(result)
    assert "--expect" in ci.render_report(result, ImportOptions())


def test_missing_parent_rows_are_placed_nowhere(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "L1", "2", ""],
        ["1.1", "A", "1", "1 điểm"],
        ["1.2.1", "no parent", "1", "1 điểm"],  # the tiêu chí 1.2 row is missing
        ["2.1", "no area", "1", "1 điểm"],  # the lĩnh vực 2 row is missing
    ]
    result = run(make_docx(tmp_path / "p.docx", [rows]))
    text = messages(result)
    assert "Bảng 1, dòng 4: Tiêu chí thành phần 1.2.1 không có dòng tiêu chí 1.2" in text
    assert "Bảng 1, dòng 5: Tiêu chí 2.1 không có dòng lĩnh vực 2" in text
    assert not result.ok


def test_unreadable_rows_are_listed(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "L1", "1", ""],
        ["1.1", "A", "một", "1 điểm"],
        ["x.1", "B", "1", ""],
        ["", "", "2", ""],
        ["1.2", "", "1", ""],
        ["1.2.3.4", "D", "1", ""],
    ]
    result = run(make_docx(tmp_path / "u.docx", [rows]))
    text = messages(result)
    assert "dòng 3: Điểm tối đa 'một' của mã 1.1 không phải là số" in text
    assert "dòng 4: Không đọc được mã 'x.1'" in text
    assert "dòng 5: Không xếp được dòng" in text
    assert "dòng 6: Dòng mã 1.2 không có tên" in text
    assert "dòng 7: Mã 1.2.3.4 có 4 cấp" in text


def test_stated_total_row_is_checked(tmp_path: Path) -> None:
    rows = [*SMALL, ["", "Tổng cộng", "6", ""]]
    result = run(make_docx(tmp_path / "t.docx", [rows]))
    assert result.stated_total == 6
    assert "C004: Tổng điểm tối đa khai báo là 6 nhưng tổng các lĩnh vực là 5" in messages(result)


def test_area_sum_mismatch_is_an_error(tmp_path: Path) -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "3"
    result = run(make_docx(tmp_path / "t.docx", [rows]))
    assert "C002: Lĩnh vực 1: điểm tối đa 3 nhưng tổng các tiêu chí là 2" in messages(result)
    assert "≠ LỆCH" in ci.render_report(result, ImportOptions())


def test_code_typed_as_number_in_excel_is_warned(tmp_path: Path) -> None:
    rows = [HEADER, [1, "L", 1, ""], [1.1, "A", 1, "1 điểm"]]
    result = run(make_xlsx(tmp_path / "n.xlsx", {"S": rows}))
    assert result.ok
    assert "Excel đã đổi thành 1.1" in messages(result, Severity.WARNING)


def test_parse_expect() -> None:
    assert parse_expect("8/37/88") == ((8, 37, 88), None)
    assert parse_expect("7/2, 4/8") == (None, [(7, 2), (4, 8)])
    with pytest.raises(UsageError):
        parse_expect("8-37-88")


# --------------------------------------------------------------------------- hostile files


def test_random_bytes_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert info.value.exit_code == ExitCode.UNREADABLE
    assert "không phải tệp .docx hợp lệ" in info.value.message


def test_old_binary_word_file(tmp_path: Path) -> None:
    path = tmp_path / "cu.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert ".doc/.xls cũ hoặc tệp có đặt mật khẩu" in info.value.message


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "zip.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert "Không đọc được tệp Word zip.docx" in info.value.message


def test_docx_without_tables(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "khong-bang.docx", [], paragraphs=["Chỉ có văn bản."])
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert "Không tìm thấy bảng tiêu chí trong khong-bang.docx (0 bảng)" in info.value.message


def test_xlsx_without_a_recognisable_header(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "x.xlsx", {"A": [["Cột 1", "Cột 2"], ["1", "2"]]})
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert "Không tìm thấy bảng tiêu chí" in info.value.message
    assert info.value.hint and "`parcli docs criteria-import`" in info.value.hint


def test_xlsx_with_formulas_is_refused_not_evaluated(tmp_path: Path) -> None:
    rows: list[Row] = [
        HEADER,
        ["1", "L", "=SUM(C3:C4)", ""],
        ["1.1", "A", "1", "1 điểm"],
        ["1.2", "B", "=1+0", "1 điểm"],
    ]
    path = make_xlsx(tmp_path / "f.xlsx", {"S": rows})
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert "công thức chưa có giá trị đã tính" in info.value.message
    assert "'S'!C2" in info.value.message


def test_xlsx_formula_with_saved_value_uses_the_value(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "f.xlsx", {"S": [HEADER, ["1", "L", "=1+1", ""], ["1.1", "A", 2, "2 điểm"]]}
    )
    # add the value Excel would have saved next to the formula
    tmp = tmp_path / "g.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>")
                assert b"<v>2</v></c>" in data
            dst.writestr(item, data)
    result = run(tmp)
    assert result.ok, messages(result)
    assert result.model is not None and result.model.areas[0].max_score == 2


def test_zip_bomb_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_docx(tmp_path / "a.docx", [SMALL])
    monkeypatch.setattr(limits, "MAX_XML_BYTES", 1000)
    with pytest.raises(TableUnreadable) as info:
        import_table(path, ImportOptions())
    assert "quá lớn khi giải nén" in info.value.message


def test_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    for path in (
        make_docx(tmp_path / "a.docx", [SMALL]),
        make_xlsx(tmp_path / "a.xlsx", {"S": SMALL}),
    ):
        with pytest.raises(TableUnreadable) as info:
            import_table(path, ImportOptions())
        assert "có hơn 5 dòng bảng" in info.value.message


def test_unsupported_extensions(tmp_path: Path) -> None:
    for name in ("a.doc", "a.pdf"):
        path = tmp_path / name
        path.write_bytes(b"x")
        with pytest.raises(TableUnreadable):
            import_table(path, ImportOptions())
    with pytest.raises(TableUnreadable) as info:
        import_table(tmp_path / "khong-co.docx", ImportOptions())
    assert "Không tìm thấy tệp" in info.value.message


def test_hostile_text_is_written_as_plain_yaml_strings(tmp_path: Path) -> None:
    name = 'Tên có "nháy", dấu: hai chấm # và \\ gạch\u200b'
    rows = [HEADER, ["1", "L", "1", ""], ["1.1", name, "1", "Dòng 1\u2028Dòng 2: 1 điểm\u200d"]]
    result = run(make_docx(tmp_path / "h.docx", [rows]))
    assert result.ok, messages(result)
    out = tmp_path / "h.yaml"
    write_yaml(result, out, force=False)
    model, _doc, findings = load_criteria(out, "h.yaml")
    assert model is not None and not findings
    crit = model.areas[0].criteria[0]
    assert crit.name == 'Tên có "nháy", dấu: hai chấm # và \\ gạch'
    assert crit.rule == "Dòng 1\nDòng 2: 1 điểm"


def test_nfd_text_is_written_as_nfc(tmp_path: Path) -> None:
    import unicodedata

    rows = [
        HEADER,
        ["1", unicodedata.normalize("NFD", "Cải cách thể chế"), "1", ""],
        ["1.1", "A", "1", "1 điểm"],
    ]
    result = run(make_docx(tmp_path / "nfd.docx", [rows]))
    out = tmp_path / "nfd.yaml"
    write_yaml(result, out, force=False)
    assert "Cải cách thể chế" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- writing


def test_write_refuses_to_overwrite_and_is_atomic(tmp_path: Path) -> None:
    result = run(make_docx(tmp_path / "a.docx", [SMALL]))
    out = tmp_path / "a.yaml"
    out.write_text("cũ", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_yaml(result, out, force=False)
    assert out.read_text(encoding="utf-8") == "cũ"
    write_yaml(result, out, force=True)
    assert out.read_text(encoding="utf-8").startswith("# Bộ tiêu chí nhập")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.yaml"]  # no temp left


def test_partial_write_keeps_what_was_read(tmp_path: Path) -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "5"  # area 1 does not add up
    result = run(make_docx(tmp_path / "a.docx", [rows]))
    assert not result.ok
    out = tmp_path / "a.yaml"
    with pytest.raises(ci.ImportFailed):
        write_yaml(result, out, force=False)
    assert not out.exists()
    write_yaml(result, out, force=False, partial=True)
    model, _doc, _findings = load_criteria(out, "a.yaml")
    assert model is not None and model.areas[0].max_score == 5


def test_options_go_into_the_file(tmp_path: Path) -> None:
    import datetime as dt

    result = run(
        make_docx(tmp_path / "Phụ lục 6203.docx", [SMALL]),
        set_id="bnv-6203",
        title="Bộ chỉ số cấp tỉnh",
        decision="876/QĐ-BNV",
        date=dt.date(2022, 11, 10),
        issuer="Bộ Nội vụ",
        official=True,
    )
    out = tmp_path / "o.yaml"
    write_yaml(result, out, force=False)
    model, _doc, _f = load_criteria(out, "o.yaml")
    assert model is not None
    assert (model.id, model.title, model.status) == ("bnv-6203", "Bộ chỉ số cấp tỉnh", "official")
    assert model.source.decision == "876/QĐ-BNV" and model.source.date == dt.date(2022, 11, 10)
    assert model.source.issuer == "Bộ Nội vụ"
    default = run(make_docx(tmp_path / "Phụ lục 6203.docx", [SMALL]))
    assert default.data is not None and default.data["id"] == "phu-luc-6203"


# --------------------------------------------------------------------------- review regressions

HEADER5 = [*HEADER, "Tài liệu kiểm chứng"]


def make_grid_docx(path: Path, tables: Sequence[Sequence[Sequence[str]]]) -> Path:
    """Tables from rows where "<" merges a cell with the one on its left and "^" with the one
    above; a cell's lines become paragraphs."""
    document = docx.Document()
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value in ("<", "^"):
                    continue
                lines = value.split("\n")
                cell = table.cell(i, j)
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value == "<":
                    table.cell(i, j - 1).merge(table.cell(i, j))
                elif value == "^":
                    table.cell(i - 1, j).merge(table.cell(i, j))
        document.add_paragraph("")
    document.save(str(path))
    return path


TWO_ROW_HEADER = [
    ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Hướng dẫn đánh giá", "<"],
    ["^", "^", "^", "Cách chấm điểm (Phương pháp đánh giá)", "Tài liệu kiểm chứng"],
]
APPENDIX_BODY = [
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "4", "", ""],
    ["1.1", "Ban hành kế hoạch", "1", "- Đúng hạn: 1 điểm\n- Chậm: 0,5 điểm", "Kế hoạch"],
    ["1.2", "Đánh giá về công tác chỉ đạo", "2", "Điểm đánh giá qua điều tra xã hội học", ""],
    ["1.3", "Chất lượng kế hoạch", "1", "", "ĐTXHH"],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "2", "", ""],
    [
        "2.1",
        "Tổ chức khảo sát sự hài lòng",
        "1",
        "Có: 1 điểm; không: 0 điểm",
        "Báo cáo kết quả khảo sát",
    ],
    ["2.2", "Mức độ hài lòng của người dân", "1", "Khảo sát người dân", ""],
]


def test_two_row_header_with_sub_headers_summary_and_merged_total_rows(tmp_path: Path) -> None:
    """Review 1, 3, 4: "Hướng dẫn đánh giá" over "Cách chấm điểm | Tài liệu kiểm chứng";
    stated subtotals under the table; "TỔNG ĐIỂM" merged over the STT and name cells."""
    rows = [
        *TWO_ROW_HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        *APPENDIX_BODY,
        ["", "Điểm tự đánh giá, thẩm định", "2", "", ""],
        ["", "Điểm đánh giá qua điều tra xã hội học", "4", "", ""],
        ["TỔNG ĐIỂM", "<", "6", "", ""],
    ]
    result = run(make_grid_docx(tmp_path / "a.docx", [rows]), expect_totals=(2, 5, 0))
    assert result.ok, messages(result)
    assert result.model is not None and result.stated_total == 6
    crits = {c.code: c for a in result.model.areas for c in a.criteria}
    assert crits["1.1"].rule == "- Đúng hạn: 1 điểm\n- Chậm: 0,5 điểm"
    assert crits["1.1"].step == Decimal("0.5")
    assert crits["1.2"].method is Method.SURVEY and crits["1.2"].rule is None  # marker only
    assert crits["1.3"].method is Method.SURVEY  # ĐTXHH in the evidence column
    assert crits["2.1"].method is not Method.SURVEY  # "khảo sát" in the evidence: not enough
    assert crits["2.2"].method is Method.SURVEY and crits["2.2"].rule is None
    assert (result.model.appraisal_max, result.model.survey_max) == (2, 4)


def test_stated_subtotal_that_does_not_match_is_an_error(tmp_path: Path) -> None:
    rows = [
        *TWO_ROW_HEADER,
        *APPENDIX_BODY,
        ["", "Điểm tự đánh giá, thẩm định", "3", "", ""],
        ["Tổng cộng", "", "6", "", ""],
    ]
    result = run(make_grid_docx(tmp_path / "a.docx", [rows]))
    assert not result.ok
    errors = messages(result)
    assert 'Dòng "Điểm tự đánh giá, thẩm định" ghi 3 điểm' in errors
    assert "cộng lại 2 điểm" in errors
    assert "Không đọc được mã" not in errors


def test_continuation_table_with_other_width_is_an_error_and_gaps_are_reported(
    tmp_path: Path,
) -> None:
    """Review 2: a whole lĩnh vực in a table with another column count must not pass."""
    first = [
        HEADER5,
        ["1", "Chỉ đạo", "2", "", ""],
        ["1.1", "Kế hoạch", "1", "Có: 1 điểm", ""],
        ["1.2", "Báo cáo", "1", "Có: 1 điểm", ""],
    ]
    lost = [["2", "Cải cách thể chế", "1", ""], ["2.1", "Kiểm tra", "1", "Có: 1 điểm"]]
    last = [["3", "Thủ tục", "1", "", ""], ["3.1", "Công khai", "1", "Có: 1 điểm", ""]]
    result = run(make_docx(tmp_path / "a.docx", [first, lost, last]))
    assert not result.ok
    errors = messages(result)
    assert "Bảng 2: không đọc được bảng này (có 4 cột, bảng trước có 5 cột)" in errors
    assert "2 dòng giống tiêu chí" in errors
    assert "Thiếu lĩnh vực 2: sau 1 là 3" in errors
    assert "Bảng 2: Bảng 2" not in errors


def test_gaps_in_codes_are_errors_unless_expect_matches(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "Chỉ đạo", "2", ""],
        ["1.1", "Kế hoạch", "1", "Có: 1 điểm"],
        ["1.3", "Báo cáo", "1", ""],
        ["1.3.1", "Quý", "0,5", "Có: 0,5 điểm"],
        ["1.3.3", "Năm", "0,5", "Có: 0,5 điểm"],
    ]
    src = make_docx(tmp_path / "a.docx", [rows])
    result = run(src)
    errors = messages(result)
    assert "Thiếu tiêu chí 1.2: sau 1.1 là 1.3" in errors
    assert "Thiếu tiêu chí thành phần 1.3.2: sau 1.3.1 là 1.3.3" in errors
    result = run(src, expect_totals=(1, 2, 2))
    assert result.ok, messages(result)
    assert "Thiếu tiêu chí 1.2" in messages(result, Severity.WARNING)


def test_two_row_header_repeated_inside_a_table(tmp_path: Path) -> None:
    """Review 5: "Điểm" over "Tối đa | Tự chấm", repeated with the column numbers."""
    h1 = ["STT", "Nội dung", "Điểm", "<", "Cách chấm điểm"]
    h2 = ["^", "^", "Tối đa", "Tự chấm", "^"]
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)"]
    rows = [
        h1,
        h2,
        numbers,
        ["1", "Chỉ đạo", "2", "", ""],
        ["1.1", "Kế hoạch", "1", "", "Đúng hạn: 1 điểm; chậm: 0,5 điểm"],
        ["1.2", "Báo cáo", "1", "", "Đủ: 1 điểm"],
        h1,
        h2,
        numbers,
        ["2", "Thể chế", "1", "", ""],
        ["2.1", "Kiểm tra", "1", "", "Có: 1 điểm"],
        ["Tổng cộng", "<", "3", "", ""],
    ]
    result = run(make_grid_docx(tmp_path / "a.docx", [rows]), expect_totals=(2, 3, 0))
    assert result.ok, messages(result)
    assert result.stated_total == 3


def test_row_with_a_code_is_never_a_repeated_header(tmp_path: Path) -> None:
    """Review 8: name "Tiêu chí …" and a rule mentioning "điểm tối đa"."""
    rows = [
        HEADER,
        ["1", "Thủ tục", "2", ""],
        [
            "1.1",
            "Tiêu chí về công khai thủ tục hành chính",
            "",
            "Điểm tối đa bằng tổng điểm các tiêu chí thành phần",
        ],
        ["1.1.1", "Công khai trên Cổng", "1", "Có: 1 điểm"],
        ["1.1.2", "Công khai tại Bộ phận một cửa", "1", "Có: 1 điểm"],
    ]
    result = run(make_docx(tmp_path / "a.docx", [rows]), expect_totals=(1, 1, 2))
    assert result.ok, messages(result)


def test_xlsx_hidden_sheets_rows_and_columns_are_skipped_and_reported(tmp_path: Path) -> None:
    """Review 6."""
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for row in [
        [
            "STT",
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Điểm tối đa (2022)",
            "Điểm tối đa",
            "Cách chấm điểm",
        ],
        ["1", "Chỉ đạo", 3, 2, None],
        ["1.1", "Kế hoạch", 2, 1, "Đúng hạn: 1 điểm; chậm: 0,5 điểm"],
        ["1.2", "Báo cáo", 1, 1, "Đủ: 1 điểm"],
        ["1.3", "Tiêu chí cũ đã bỏ", 0, 0, None],
    ]:
        ws.append(row)
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[5].hidden = True
    old = wb.create_sheet("Cu2021")
    for row in [["STT", "Nội dung", "Điểm tối đa"], ["1", "Bản cũ", 5], ["1.1", "Cũ", 5]]:
        old.append(row)
    old.sheet_state = "hidden"
    wb.save(str(path))
    result = run(path, expect_totals=(1, 2, 0))
    assert result.ok, messages(result)
    assert result.model is not None
    assert [c.max_score for c in result.model.areas[0].criteria] == [1, 1]
    notes = messages(result, Severity.INFO)
    assert "Bỏ qua trang tính ẩn 'Cu2021'" in notes
    assert "bỏ qua cột ẩn C" in notes and "bỏ qua dòng ẩn 5" in notes
    # the same two columns, both visible: an error naming both
    ws.column_dimensions["C"].hidden = False
    wb.save(str(path))
    errors = messages(run(path))
    assert (
        '2 cột cùng là cột "điểm tối đa": cột 3 "Điểm tối đa (2022)", cột 4 "Điểm tối đa"' in errors
    )


def test_khao_sat_only_in_the_rule_without_points(tmp_path: Path) -> None:
    """Review 7: the evidence column counts only for the strong markers."""
    rows = [
        HEADER5,
        ["1", "Thủ tục", "3", "", ""],
        ["1.1", "Công khai", "1", "Có: 1 điểm", "Phiếu khảo sát"],
        ["1.2", "Tổ chức khảo sát", "1", "Tổ chức khảo sát theo kế hoạch: đạt tối đa", ""],
        ["1.3", "Sự hài lòng", "1", "Kết quả khảo sát người dân", "Điều tra XHH"],
    ]
    result = run(make_docx(tmp_path / "a.docx", [rows]))
    assert result.ok, messages(result)
    assert result.model is not None
    methods = [c.method for c in result.model.areas[0].criteria]
    assert methods == [Method.APPRAISAL, Method.APPRAISAL, Method.SURVEY]


def test_huge_grid_span_is_clamped(tmp_path: Path) -> None:
    """Review 9: a gridSpan of 2e9 once took gigabytes; now it is clamped to MAX_COLUMNS."""
    src = make_docx(tmp_path / "a.docx", [SMALL])
    bad = tmp_path / "span.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2000000000"/>', 1)
            zout.writestr(item, data)
    tables, _notes = ci.read_docx(bad)
    assert max(len(r.cells) for t in tables for r in t.rows) <= ci.MAX_COLUMNS


def test_huge_xlsx_merge_is_refused_before_openpyxl(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"S": SMALL})
    bad = tmp_path / "merge.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b'</sheetData><mergeCells count="1">'
                    b'<mergeCell ref="F1:XFD1048576"/></mergeCells>',
                )
            zout.writestr(item, data)
    with pytest.raises(TableUnreadable) as info:
        import_table(bad, ImportOptions())
    assert "vùng gộp ô F1:XFD1048576 quá lớn" in info.value.message
    assert info.value.exit_code == ExitCode.UNREADABLE


def test_memory_error_is_a_clear_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_docx(tmp_path / "a.docx", [SMALL])

    def boom(*_a: object, **_k: object) -> None:
        raise MemoryError

    monkeypatch.setattr(docx, "Document", boom)
    with pytest.raises(TableUnreadable) as info:
        import_table(src, ImportOptions())
    assert "không đủ bộ nhớ" in info.value.message


def test_bullet_rows_keep_their_points(tmp_path: Path) -> None:
    """Review 10."""
    rows = [
        HEADER,
        ["1", "Chỉ đạo", "1", ""],
        ["1.1", "Ban hành kế hoạch", "1", ""],
        ["-", "Ban hành đúng hạn", "1", ""],
        ["-", "Ban hành chậm", "0,5", ""],
        ["", "- Không ban hành", "0", ""],
    ]
    result = run(make_docx(tmp_path / "a.docx", [rows]))
    assert result.ok, messages(result)
    assert result.model is not None
    leaf = result.model.areas[0].criteria[0]
    assert leaf.rule == (
        "- Ban hành đúng hạn: 1 điểm\n- Ban hành chậm: 0,5 điểm\n- Không ban hành: 0 điểm"
    )
    assert leaf.step == Decimal("0.5")


def test_text_in_tracked_insertions_and_content_controls_is_read(tmp_path: Path) -> None:
    """Review 11: python-docx's .text skips w:ins and w:sdt; deleted text stays out."""
    rows = [
        HEADER,
        ["1", "Chỉ đạo", "2", ""],
        ["1.1", "Kế hoạch", "1", "Có: 1 điểm"],
        ["1.2", "BAOCAO", "1", "Có: 1 điểm"],
    ]
    src = make_docx(tmp_path / "a.docx", [rows])
    bad = tmp_path / "tc.docx"
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                assert w in text
                text = text.replace(
                    "<w:r><w:t>BAOCAO</w:t></w:r>",
                    '<w:ins w:id="1" w:author="A"><w:r><w:t>Báo cáo </w:t></w:r></w:ins>'
                    '<w:del w:id="2" w:author="A"><w:r><w:delText>cũ</w:delText></w:r></w:del>'
                    "<w:sdt><w:sdtContent><w:r><w:t>định kỳ</w:t></w:r></w:sdtContent></w:sdt>",
                )
                assert "BAOCAO" not in text
                data = text.encode()
            zout.writestr(item, data)
    result = run(bad, expect_totals=(1, 2, 0))
    assert result.ok, messages(result)
    assert result.model is not None
    assert result.model.areas[0].criteria[1].name == "Báo cáo định kỳ"
    assert "track changes" in messages(result, Severity.INFO)


def test_smaller_review_points(tmp_path: Path) -> None:
    """Rule value above the max and max 0 are warnings; "I - TÊN" is an area; an uppercase
    "A." group row is skipped with a warning."""
    rows = [
        ["Nội dung", "Điểm tối đa", "Cách chấm điểm"],
        ["A. PHẦN TỰ ĐÁNH GIÁ", "", ""],
        ["I - CÔNG TÁC CHỈ ĐẠO", "1", ""],
        ["1.1. Kế hoạch", "1", "Đúng hạn: 2 điểm"],
        ["1.2. Tiêu chí đã bỏ", "0", ""],
    ]
    result = run(make_docx(tmp_path / "a.docx", [rows]), expect_totals=(1, 2, 0))
    assert result.ok, messages(result)
    warnings_ = messages(result, Severity.WARNING)
    assert "Mã 1.1: cách chấm nêu 2 điểm, lớn hơn điểm tối đa 1" in warnings_
    assert "Mã 1.2 có điểm tối đa 0" in warnings_
    assert '"A. PHẦN TỰ ĐÁNH GIÁ" (chữ in hoa A., B. …) được coi là dòng nhóm' in warnings_
    assert result.model is not None and result.model.areas[0].note == "Mã in trong văn bản: I"


def test_excel_number_code_collision_mentions_the_conversion(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1", "Chỉ đạo", 2, ""],
        [1.1, "Kế hoạch", 1, "Có: 1 điểm"],
        [1.1, "Ứng dụng CNTT", 1, "Có: 1 điểm"],
    ]  # typed 1.10, Excel kept 1.1
    result = run(make_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    errors = messages(result)
    assert "C001: Mã 1.1 xuất hiện hai lần" in errors
    assert "Excel đã đổi thành 1.1" in errors


def test_model_errors_of_an_imported_table_are_in_vietnamese() -> None:
    from parcli.criteria.table_import.checks import check_model
    from parcli.criteria.table_import.results import ImportProblem

    problems: list[ImportProblem] = []
    data = {
        "schema_version": 1,
        "id": "x",
        "title": "t",
        "status": "official",
        "max_total": "abc",
        "areas": [],
        "extra": 1,
    }
    assert check_model(data, problems, {}) is None
    messages = [p.message for p in problems]
    assert "Dữ liệu nhập không hợp lệ tại source: thiếu trường bắt buộc này" in messages
    assert "Dữ liệu nhập không hợp lệ tại max_total: 'abc' không phải là số" in messages
    assert "Dữ liệu nhập không hợp lệ tại extra: trường này không có trong định dạng" in messages
    assert not any("Field required" in m or "Input should" in m for m in messages)
