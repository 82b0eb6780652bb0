"""Tests of the Excel appendix (parcli.render.xlsx.appendix)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from helpers import needs_libreoffice, soffice_convert
from openpyxl.utils import column_index_from_string, range_boundaries

from parcli.formats.loading import load_dossier
from parcli.model import CriteriaSet, DivisionFile, Method
from parcli.render.context import BuildContext, EvidenceFile
from parcli.render.xlsx.appendix import render_appendix
from parcli.render.xlsx.layout import (
    OUT_OF_SCOPE_NOTE,
    SHEET_DIVISIONS,
    SHEET_EVIDENCE,
    SHEET_MAIN,
    SURVEY_NOTE,
    TOTAL_LABEL,
    UNANSWERED_NOTE,
)
from parcli.render.xlsx.readback import read_back_appendix
from parcli.scoring.scope import resolve_scope
from parcli.scoring.scorecard import NodeResult, Scorecard, division_progress, score_dossier

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "so-gtvt-xd-lao-cai-2023"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
COL = {
    "code": "A",
    "name": "B",
    "max": "C",
    "scope_max": "D",
    "score": "E",
    "evidence": "F",
    "note": "G",
    "division": "H",
    "appraised": "I",
}


# --------------------------------------------------------------------------- fixtures


def _evidence_files(root: Path, card: Scorecard) -> list[EvidenceFile]:
    files: list[EvidenceFile] = []
    for i, result in enumerate(r for r in card.leaves if r.in_scope and r.answer):
        assert result.answer is not None and result.division is not None
        for ev in result.answer.evidence:
            source = root / ev.path
            files.append(
                EvidenceFile(
                    leaf=result.leaf.code,
                    division=result.division,
                    source=source,
                    written=ev.path,
                    package_path=f"tai-lieu-kiem-chung/{result.leaf.code}/{source.name}",
                    size=source.stat().st_size if source.exists() else 0,
                    sha256=f"{i:02x}" * 32,
                    meta=ev,
                )
            )
    return files


@pytest.fixture(scope="module")
def example_ctx() -> BuildContext:
    loaded = load_dossier(EXAMPLE)
    assert loaded.dossier is not None and loaded.criteria is not None
    scope = resolve_scope(loaded.dossier, loaded.criteria)
    card = score_dossier(loaded.criteria, scope, loaded.divisions)
    assert loaded.dossier.report.date is not None
    return BuildContext(
        root=loaded.root,
        dossier=loaded.dossier,
        criteria=loaded.criteria,
        card=card,
        findings=list(loaded.findings),
        evidence=_evidence_files(loaded.root, card),
        draft=False,
        report_date=loaded.dossier.report.date,
        template_dirs=[],
    )


@pytest.fixture(scope="module")
def example_xlsx(example_ctx: BuildContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("appendix") / "phu-bieu.xlsx"
    render_appendix(example_ctx, path)
    return path


CRAFTED_CRITERIA: dict[str, Any] = {
    "id": "thu-nghiem",
    "title": "Bộ tiêu chí thử nghiệm",
    "status": "official",
    "source": {"decision": "01/QĐ-UBND"},
    "max_total": "14",
    "areas": [
        {
            "code": "1",
            "name": "Lĩnh vực một",
            "max_score": "11",
            "criteria": [
                *(
                    {"code": f"1.{i}", "name": f"Tiêu chí 1.{i}", "max_score": "1"}
                    for i in range(1, 10)
                ),
                {
                    "code": "1.10",
                    "name": "Tiêu chí 1.10",
                    "max_score": "2",
                    "components": [
                        {"code": "1.10.1", "name": "Thành phần 1.10.1", "max_score": "1"},
                        {"code": "1.10.2", "name": "Thành phần 1.10.2", "max_score": "1"},
                    ],
                },
            ],
        },
        {
            "code": "2",
            "name": "Lĩnh vực hai",
            "max_score": "3",
            "criteria": [
                {"code": "2.1", "name": "Khảo sát", "max_score": "2", "method": "survey"},
                {"code": "2.2", "name": "Không giao", "max_score": "1"},
            ],
        },
    ],
}

INJECTION = {
    "explanation": "=1+1",
    "reason": "- Lưu: VT",
    "explanation2": "@SUM(A1:A3)",
    "explanation3": "+84 912 345 678",
    "title": '=HYPERLINK("http://example.com","bấm")',
}


def crafted_ctx(
    example_ctx: BuildContext,
    *,
    number: str | None = "05",
    report_date: dt.date | None = dt.date(2024, 1, 4),
) -> BuildContext:
    criteria = CriteriaSet.model_validate(CRAFTED_CRITERIA)
    report = example_ctx.dossier.report.model_copy(update={"number": number, "date": report_date})
    dossier = example_ctx.dossier.model_copy(
        update={"assignments": {"van-phong": ["1"]}, "report": report}
    )
    division = DivisionFile.model_validate(
        {
            "division": "van-phong",
            "answers": {
                "1.1": {
                    "score": "1",
                    "explanation": INJECTION["explanation"],
                    "evidence": [
                        {
                            "path": "evidence/ke-hoach-cchc-2023.pdf",
                            "title": INJECTION["title"],
                            "number": "1/KH-SGTVTXD",
                            "issued": "05/01/2023",
                        }
                    ],
                },
                "1.2": {
                    "score": "0,5",
                    "reason_lost": INJECTION["reason"],
                    "explanation": INJECTION["explanation2"],
                },
                "1.4": {"score": "1"},
                "1.10.1": {"score": "0.25", "explanation": INJECTION["explanation3"]},
                "1.10.2": {"score": "1"},
            },
        }
    )
    scope = resolve_scope(dossier, criteria)
    card = score_dossier(criteria, scope, {"van-phong": division})
    return dataclasses.replace(
        example_ctx,
        dossier=dossier,
        criteria=criteria,
        card=card,
        evidence=_evidence_files(example_ctx.root, card),
        findings=[],
        report_date=dt.date(2024, 1, 4),
    )


# --------------------------------------------------------------------------- helpers


def header_row(ws: Any) -> int:
    for row in range(1, 40):
        if ws.cell(row=row, column=1).value == "STT":
            return row
    raise AssertionError("no header row")


def node_rows(ws: Any, card: Scorecard) -> dict[str, int]:
    """code -> row, asserting the rows are exactly the tree in criteria order."""
    first = header_row(ws) + 1
    nodes = card.nodes()
    rows = {}
    for i, node in enumerate(nodes):
        assert ws[f"A{first + i}"].value == node.code
        rows[node.code] = first + i
    assert ws[f"A{first + len(nodes)}"].value == TOTAL_LABEL
    return rows


def refs_rows(formula: str, col: str) -> list[int]:
    """Rows referenced by a SUM(...) formula in column ``col``."""
    rows: list[int] = []
    for ref in re.findall(r"[A-Z]+\d+(?::[A-Z]+\d+)?", formula):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        assert min_col == max_col == column_index_from_string(col), formula
        rows.extend(range(min_row, max_row + 1))
    return rows


def sheet_xml(path: Path, sheet_name: str) -> ET.Element:
    """The worksheet XML of ``sheet_name`` (resolved through workbook.xml and its rels)."""
    with zipfile.ZipFile(path) as zf:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rid = next(
            s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for s in workbook.iter(f"{{{NS['m']}}}sheet")
            if s.get("name") == sheet_name
        )
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        assert target is not None
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return ET.fromstring(zf.read(member))


def xml_cell(root: ET.Element, coord: str) -> ET.Element:
    cell = root.find(f".//m:c[@r='{coord}']", NS)
    assert cell is not None, coord
    return cell


def inline_text(cell: ET.Element) -> str:
    return "".join(t.text or "" for t in cell.iterfind(".//m:is//m:t", NS))


# --------------------------------------------------------------------------- tree and formulas


def test_every_node_row_in_criteria_order(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    assert len(rows) == len(example_ctx.card.nodes()) == 133
    for node in example_ctx.card.nodes():
        cell = ws[f"A{rows[node.code]}"]
        assert cell.data_type == "s" and cell.number_format == "@"
        assert ws[f"B{rows[node.code]}"].value == node.name
        assert ws[f"B{rows[node.code]}"].alignment.indent == node.level - 1
    assert [ws.cell(row=header_row(ws), column=c).value for c in range(1, 10)] == [
        "STT",
        "Lĩnh vực / Tiêu chí / Tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tối đa phần tự chấm",
        "Điểm tự đánh giá",
        "Tài liệu kiểm chứng",
        "Giải trình / Ghi chú",
        "Đơn vị chủ trì",
        "Điểm thẩm định",
    ]


def test_parent_cells_are_sums_of_their_children(
    example_ctx: BuildContext, example_xlsx: Path
) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    parents = [n for n in example_ctx.card.nodes() if n.children]
    assert parents
    for node in parents:
        children = sorted(rows[c.code] for c in node.children)
        for key in ("max", "scope_max", "score"):
            cell = ws[f"{COL[key]}{rows[node.code]}"]
            assert cell.data_type == "f"
            assert cell.value.startswith("=SUM(")
            assert sorted(refs_rows(cell.value, COL[key])) == children
        appraised = ws[f"I{rows[node.code]}"].value
        assert appraised.startswith("=IF(COUNT(") and ",SUM(" in appraised
        assert sorted(set(refs_rows(appraised, "I"))) == children
        assert ws[f"B{rows[node.code]}"].font.b
    for area in example_ctx.card.areas:
        assert ws[f"A{rows[area.code]}"].fill.fgColor.rgb.endswith("EDF3FA")


def test_total_row_sums_the_areas(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    total = header_row(ws) + 1 + len(rows)
    area_rows = sorted(rows[a.code] for a in example_ctx.card.areas)
    for key in ("max", "scope_max", "score"):
        formula = ws[f"{COL[key]}{total}"].value
        assert formula.startswith("=SUM(")
        assert sorted(refs_rows(formula, COL[key])) == area_rows
    assert ws[f"A{total}"].font.b
    ratio = ws[f"E{total + 1}"].value
    assert ratio == f'=IF(D{total}=0,"",ROUND(E{total}*100/D{total},2))'


def test_leaf_cells_hold_exact_decimals(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    root = sheet_xml(example_xlsx, SHEET_MAIN)
    seen_survey = seen_out = False
    leaf_scores = Decimal(0)
    for node in example_ctx.card.nodes():
        if node.children:
            continue
        result = node.leaf
        assert result is not None
        row = rows[node.code]
        max_xml = xml_cell(root, f"C{row}").find("m:v", NS)
        assert max_xml is not None and Decimal(max_xml.text or "") == result.leaf.max_score
        if result.in_scope:
            assert ws[f"D{row}"].value == pytest.approx(float(result.leaf.max_score))
            score = xml_cell(root, f"E{row}").find("m:v", NS)
            if result.score is None:
                assert score is None
            else:
                assert score is not None and Decimal(score.text or "") == result.score
                leaf_scores += Decimal(score.text or "")
            assert ws[f"H{row}"].value == example_ctx.division_name(result.division)
        else:
            assert ws[f"D{row}"].value is None and ws[f"E{row}"].value is None
            if result.leaf.method is Method.SURVEY:
                assert ws[f"G{row}"].value == SURVEY_NOTE
                seen_survey = True
            else:
                assert ws[f"G{row}"].value == OUT_OF_SCOPE_NOTE
                seen_out = True
        assert ws[f"I{row}"].value is None
    assert seen_survey and seen_out
    assert leaf_scores == example_ctx.card.score == Decimal("58.25")


def test_evidence_and_explanation_text(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    text = ws[f"F{rows['1.3']}"].value
    lines = text.split("\n")
    assert lines == [
        "- Số 52/KH-SGTVTXD ngày 20/02/2023: Kế hoạch kiểm tra công tác cải cách hành chính "
        "năm 2023; tệp: tai-lieu-kiem-chung/1.3/ke-hoach-kiem-tra-cchc.docx",
        "- Số 310/TB-SGTVTXD ngày 30/10/2023: Thông báo kết luận kiểm tra công tác cải cách "
        "hành chính năm 2023 (mục II, trang 2); tệp: "
        "tai-lieu-kiem-chung/1.3/ket-luan-kiem-tra-cchc.pdf",
    ]
    assert ws[f"G{rows['1.3']}"].value.startswith("Nguyên nhân bị trừ điểm: Kiểm tra được 5/6")
    single = ws[f"F{rows['1.1']}"].value
    assert "\n" not in single and single.startswith("Số 425/KH-SGTVTXD ngày 28/12/2022: ")


def test_codes_stay_text_110_is_not_11(example_ctx: BuildContext, tmp_path: Path) -> None:
    ctx = crafted_ctx(example_ctx)
    path = tmp_path / "crafted.xlsx"
    render_appendix(ctx, path)
    ws = openpyxl.load_workbook(path)[SHEET_MAIN]
    rows = node_rows(ws, ctx.card)
    assert rows["1.1"] != rows["1.10"]
    root = sheet_xml(path, SHEET_MAIN)
    for code in ("1", "1.1", "1.10", "1.10.1", "2"):
        cell = xml_cell(root, f"A{rows[code]}")
        assert cell.get("t") == "inlineStr" and inline_text(cell) == code
        assert ws[f"A{rows[code]}"].value == code
    # unanswered in-scope leaf: empty score, counts 0, said so
    assert ws[f"E{rows['1.3']}"].value is None
    assert ws[f"G{rows['1.3']}"].value == UNANSWERED_NOTE
    assert ws[f"G{rows['2.1']}"].value == SURVEY_NOTE
    assert ws[f"G{rows['2.2']}"].value == OUT_OF_SCOPE_NOTE
    back = read_back_appendix(path)
    assert back.total_score == ctx.card.score == Decimal("3.75")
    assert back.total_scope_max == ctx.card.scope_max == Decimal("11")
    assert back.total_max == Decimal("14")


def test_user_text_is_never_a_formula(example_ctx: BuildContext, tmp_path: Path) -> None:
    ctx = crafted_ctx(example_ctx)
    path = tmp_path / "injection.xlsx"
    render_appendix(ctx, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_MAIN]
    rows = node_rows(ws, ctx.card)
    root = sheet_xml(path, SHEET_MAIN)
    expected = {
        f"G{rows['1.1']}": INJECTION["explanation"],
        f"G{rows['1.2']}": f"{INJECTION['explanation2']}\nNguyên nhân bị trừ điểm: "
        f"{INJECTION['reason']}",
        f"G{rows['1.10.1']}": INJECTION["explanation3"],
    }
    for coord, text in expected.items():
        cell = xml_cell(root, coord)
        assert cell.find("m:f", NS) is None
        assert cell.get("t") == "inlineStr" and inline_text(cell) == text
        assert ws[coord].data_type == "s" and ws[coord].value == text
        assert ws[coord].quotePrefix
    evidence = wb[SHEET_EVIDENCE]
    ev_root = sheet_xml(path, SHEET_EVIDENCE)
    title_cells = [c for c in evidence["F"] if c.value == INJECTION["title"]]
    assert len(title_cells) == 1
    xml = xml_cell(ev_root, title_cells[0].coordinate)
    assert xml.find("m:f", NS) is None and inline_text(xml) == INJECTION["title"]
    # only parcli's own totals are formulas on the main sheet
    formulas = [c.get("r") for c in root.iter(f"{{{NS['m']}}}c") if c.find("m:f", NS) is not None]
    assert formulas and all(re.match(r"^[CDEI]\d+$", r or "") for r in formulas)


# --------------------------------------------------------------------------- title block


def test_title_block(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_MAIN]
    assert (
        ws["A1"].value == "Phụ biểu"
    )  # the term the report uses: "(Chi tiết tại Phụ biểu kèm theo)"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A2"].value == (
        "KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA SỞ "
        "GIAO THÔNG VẬN TẢI - XÂY DỰNG"
    )
    assert ws["A2"].font.b
    assert ws["A3"].value == (
        "(Kèm theo Báo cáo số 05/BC-SGTVTXD ngày 04 tháng 01 năm 2024 của Sở Giao thông vận "
        "tải - Xây dựng)"
    )
    assert ws["A3"].font.i and not ws["A3"].font.b
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "A2:J2", "A3:J3"} <= merged
    for cell in ("A1", "A2", "A3"):
        assert ws[cell].alignment.horizontal == "center"
    # the example criteria set is illustrative: a red warning line; not a draft
    assert example_ctx.illustrative
    assert "MINH HỌA" in ws["A4"].value and ws["A4"].font.color.rgb.endswith("C00000")
    assert not any("BẢN NHÁP" in str(c.value) for c in ws["A"][:8])


def test_draft_banner_and_blank_reference(example_ctx: BuildContext, tmp_path: Path) -> None:
    ctx = dataclasses.replace(crafted_ctx(example_ctx, number=None, report_date=None), draft=True)
    path = tmp_path / "draft.xlsx"
    render_appendix(ctx, path)
    ws = openpyxl.load_workbook(path)[SHEET_MAIN]
    assert ws["A3"].value == (
        "(Kèm theo Báo cáo số …/BC-SGTVTXD ngày … tháng … năm … của Sở Giao thông vận tải - "
        "Xây dựng)"
    )
    assert not ctx.illustrative
    assert ws["A4"].value.startswith("BẢN NHÁP") and ws["A4"].font.b
    assert header_row(ws) == 6


# --------------------------------------------------------------------------- look and print


def test_times_new_roman_everywhere(example_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(example_xlsx)
    assert wb._named_styles["Normal"].font.name == "Times New Roman"
    with zipfile.ZipFile(example_xlsx) as zf:
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    fonts = styles.find("m:fonts", NS)
    assert fonts is not None
    names = {f.find("m:name", NS).get("val") for f in fonts}  # type: ignore[union-attr]
    assert names == {"Times New Roman"}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Times New Roman", cell.coordinate
                    assert cell.font.sz in (10, 12, 13, 14), cell.coordinate


def test_layout_and_print_setup(example_ctx: BuildContext, example_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(example_xlsx)
    assert wb.sheetnames == [SHEET_MAIN, SHEET_DIVISIONS, SHEET_EVIDENCE]
    for ws in wb.worksheets:
        header = header_row(ws)
        assert ws.freeze_panes == f"A{header + 1}"
        assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
        setup = ws.page_setup
        assert setup.orientation == "landscape"
        assert int(setup.paperSize) == 9  # A4
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        margins = ws.page_margins
        assert 0.5 <= margins.left <= 1.2 and 0.5 <= margins.top <= 1.2
        assert ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst
        assert ws.cell(row=header, column=1).font.b
        assert ws.cell(row=header + 1, column=1).border.left.style == "thin"
    ws = wb[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    for coord in (f"B{rows['1.1']}", f"F{rows['1.3']}", f"G{rows['1.3']}"):
        assert ws[coord].alignment.wrap_text and ws[coord].alignment.vertical == "top"
    assert ws[f"E{rows['1.3']}"].number_format == "General"
    assert ws.column_dimensions["B"].width >= 30 and ws.column_dimensions["F"].width >= 30
    # wrapped text gets a taller row
    assert ws.row_dimensions[rows["1.2"]].height > ws.row_dimensions[rows["1.1"]].height


def test_same_context_gives_identical_bytes(example_ctx: BuildContext, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "x.xlsx", tmp_path / "b" / "x.xlsx"
    render_appendix(example_ctx, first)
    render_appendix(example_ctx, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in zf.infolist()} == {(2024, 1, 4, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    # openpyxl stamps "modified" with the clock when saving; parcli must undo that
    assert re.search(r"<dcterms:created[^>]*>2024-01-04T00:00:00Z<", core)
    assert re.search(r"<dcterms:modified[^>]*>2024-01-04T00:00:00Z<", core)
    assert "<dc:creator>parcli<" in core.replace(' xmlns:dc="http://purl.org/dc/elements/1.1/"', "")
    assert "<cp:lastModifiedBy>parcli<" in core
    assert not list(tmp_path.glob("a/.*.tmp"))


# --------------------------------------------------------------------------- sheets 2 and 3


def test_divisions_sheet(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_DIVISIONS]
    header = header_row(ws)
    progress = division_progress(example_ctx.card, [d.id for d in example_ctx.dossier.divisions])
    packaged = {e.leaf for e in example_ctx.evidence}
    for i, item in enumerate(progress):
        row = header + 1 + i
        assert ws[f"A{row}"].value == i + 1
        assert ws[f"B{row}"].value == example_ctx.division_name(item.division)
        assert ws[f"C{row}"].value == item.assigned
        assert ws[f"D{row}"].value == item.answered
        assert ws[f"E{row}"].value == sum(
            1
            for r in example_ctx.card.in_scope_leaves
            if r.division == item.division and r.leaf.code in packaged
        )
        assert Decimal(str(ws[f"F{row}"].value)) == item.score
        assert Decimal(str(ws[f"G{row}"].value)) == item.scope_max
        assert ws[f"H{row}"].value == f'=IF(G{row}=0,"",ROUND(F{row}*100/G{row},2))'
    total = header + 1 + len(progress)
    assert ws[f"A{total}"].value == "Tổng cộng"
    assert ws[f"F{total}"].value == f"=SUM(F{header + 1}:F{total - 1})"
    assert ws[f"G{total}"].value == f"=SUM(G{header + 1}:G{total - 1})"
    assert sum(p.score for p in progress) == example_ctx.card.score


def test_evidence_sheet(example_ctx: BuildContext, example_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(example_xlsx)[SHEET_EVIDENCE]
    header = header_row(ws)
    assert [ws.cell(row=header, column=c).value for c in range(1, 12)] == [
        "STT",
        "Mã tiêu chí",
        "Đơn vị chủ trì",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Trích yếu / tên tài liệu",
        "Cơ quan ban hành",
        "Phần có giá trị kiểm chứng",
        "Đường dẫn trong hồ sơ nộp",
        "Dung lượng (byte)",
        "SHA-256",
    ]
    assert len(example_ctx.evidence) > 20
    for i, ef in enumerate(example_ctx.evidence):
        row = header + 1 + i
        assert ws[f"A{row}"].value == i + 1
        assert ws[f"B{row}"].value == ef.leaf and ws[f"B{row}"].data_type == "s"
        assert ws[f"C{row}"].value == example_ctx.division_name(ef.division)
        assert ws[f"D{row}"].value == ef.meta.number
        if ef.meta.issued is None:
            assert ws[f"E{row}"].value is None
        else:
            assert ws[f"E{row}"].value == dt.datetime.combine(ef.meta.issued, dt.time())
            assert ws[f"E{row}"].number_format == "dd/mm/yyyy"
        assert ws[f"F{row}"].value == ef.meta.title
        assert ws[f"H{row}"].value == ef.meta.part
        assert ws[f"I{row}"].value == ef.package_path
        assert ws[f"J{row}"].value == ef.size
        assert ws[f"K{row}"].value == ef.sha256
    assert ws.cell(row=header + 1 + len(example_ctx.evidence), column=1).value is None


# --------------------------------------------------------------------------- read back


def test_read_back_matches_the_scorecard(example_ctx: BuildContext, example_xlsx: Path) -> None:
    back = read_back_appendix(example_xlsx)
    card = example_ctx.card
    assert not back.from_cache  # openpyxl stores no results: totals were evaluated
    assert back.total_score == card.score == Decimal("58.25")
    assert back.total_scope_max == card.scope_max == Decimal("66")
    assert back.total_max == example_ctx.criteria.max_total == Decimal("100")
    assert back.tree_rows == len(card.nodes())
    assert back.codes == [n.code for n in card.nodes()]
    by_code = {n.code: n for n in card.nodes()}
    for row in back.rows:
        node = by_code[row.code]
        assert (row.score, row.scope_max, row.max_score) == (
            node.score,
            node.scope_max,
            node.max_score,
        )


def test_read_back_sees_an_edited_cell(
    example_ctx: BuildContext, example_xlsx: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb[SHEET_MAIN]
    rows = node_rows(ws, example_ctx.card)
    ws[f"E{rows['1.3']}"] = 1  # was 0.75
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    back = read_back_appendix(edited)
    assert back.total_score == Decimal("58.5")
    assert {r.code: r.score for r in back.rows}["1"] == Decimal("5")


def test_read_back_rejects_a_foreign_file(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = SHEET_MAIN
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(ValueError, match="STT"):
        read_back_appendix(path)


# --------------------------------------------------------------------------- LibreOffice


def _node(card: Scorecard, code: str) -> NodeResult:
    return next(n for n in card.nodes() if n.code == code)


@needs_libreoffice
def test_libreoffice_recalculates_parcli_totals(
    example_ctx: BuildContext, example_xlsx: Path, tmp_path: Path
) -> None:
    [converted] = soffice_convert([example_xlsx], tmp_path / "out", tmp_path / "lo-profile", "xlsx")
    assert converted.is_file()

    wb = openpyxl.load_workbook(converted, data_only=True)
    ws = wb[SHEET_MAIN]
    card = example_ctx.card
    rows = node_rows(ws, card)
    total = header_row(ws) + 1 + len(rows)

    def value(coord: str) -> Decimal:
        raw = ws[coord].value
        assert isinstance(raw, (int, float)), (coord, raw)
        return Decimal(repr(raw))

    assert value(f"E{total}") == card.score == Decimal("58.25")
    assert value(f"D{total}") == card.scope_max
    assert value(f"C{total}") == Decimal("100")
    assert value(f"E{total + 1}") == card.percent == Decimal("88.26")
    assert ws[f"I{total}"].value in (None, "")  # nothing appraised yet
    for node in card.nodes():
        if node.children:
            row = rows[node.code]
            assert value(f"E{row}") == node.score, node.code
            assert value(f"D{row}") == node.scope_max, node.code
            assert value(f"C{row}") == node.max_score, node.code
    assert value(f"E{rows['3.5']}") == _node(card, "3.5").score == 0

    divisions = wb[SHEET_DIVISIONS]
    dtotal = header_row(divisions) + 1 + len(example_ctx.dossier.divisions)
    assert Decimal(repr(divisions[f"F{dtotal}"].value)) == card.score
    assert Decimal(repr(divisions[f"H{dtotal}"].value)) == card.percent

    back = read_back_appendix(converted)
    assert back.from_cache
    assert back.total_score == card.score and back.total_scope_max == card.scope_max
    assert back.codes == [n.code for n in card.nodes()]
