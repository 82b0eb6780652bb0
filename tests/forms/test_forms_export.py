"""parcli forms export: one deterministic, protected, pre-filled workbook per division."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from formkit import DAY, export, header_row, row_of
from helpers import check_golden

from parcli.formats.loading import load_dossier
from parcli.forms.layout import SHEET_BASE, SHEET_FORM, SHEET_GUIDE, SHEET_ID, SHEET_LEVELS


def test_one_form_per_division_outside_the_dossier_files(example_copy: Path) -> None:
    before = {p: p.read_bytes() for p in example_copy.rglob("*") if p.is_file()}
    forms = export(example_copy)
    assert sorted(forms) == sorted(d.id for d in load_dossier(example_copy).dossier.divisions)
    for division, path in forms.items():
        assert path == example_copy / "build" / "phieu" / f"phieu-tu-cham-{division}-2023.xlsx"
    after = {
        p: p.read_bytes() for p in example_copy.rglob("*") if p.is_file() and "build" not in p.parts
    }
    assert after == before
    assert not list((example_copy / "build" / "phieu").glob(".*"))  # no temporary file left


def test_same_dossier_same_bytes(example_copy: Path, tmp_path: Path) -> None:
    a = export(example_copy, "thanh-tra", out=tmp_path / "a")["thanh-tra"].read_bytes()
    b = export(example_copy, "thanh-tra", out=tmp_path / "b")["thanh-tra"].read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a" / "phieu-tu-cham-thanh-tra-2023.xlsx") as zf:
        core = zf.read("docProps/core.xml").decode()
        assert "2023-12-20T00:00:00Z" in core
        assert {i.date_time for i in zf.infolist()} == {(2023, 12, 20, 0, 0, 0)}


def test_form_sheets_columns_and_prefilled_answers(example_copy: Path) -> None:
    path = export(example_copy, "thanh-tra")["thanh-tra"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_GUIDE, SHEET_FORM, SHEET_ID, SHEET_LEVELS, SHEET_BASE]
    assert {wb[s].sheet_state for s in (SHEET_ID, SHEET_LEVELS, SHEET_BASE)} == {"hidden"}
    ident = {r[0]: r[1] for r in wb[SHEET_ID].iter_rows(min_row=2, values_only=True)}
    assert ident["agency"] == "Sở Giao thông vận tải - Xây dựng"
    assert ident["year"] == "2023" and ident["division"] == "thanh-tra"
    assert ident["criteria"] == "par-tinh-876-minh-hoa" and len(ident["criteria_hash"]) == 16
    assert ident["version"] == "1" and ident["exported"] == DAY.isoformat()
    ws = wb[SHEET_FORM]
    head, cols = header_row(ws)
    assert [ws.cell(row=head, column=c).value for c in range(1, 11)] == [
        "Mã",
        "Tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Cách chấm điểm",
        "Điểm tự chấm",
        "Giải trình / thuyết minh",
        "Tài liệu kiểm chứng",
        "Nguyên nhân bị trừ điểm",
        "Giải pháp khắc phục",
        "Ghi chú kiểm tra",
    ]
    codes = [ws.cell(row=r, column=1).value for r in range(head + 1, ws.max_row + 1)]
    # the lĩnh vực and tiêu chí headings above the leaves, criteria order
    assert codes == [
        "2",
        "2.1",
        "2.1.1",
        "2.1.2",
        "2.1.3",
        "2.2",
        "2.2.1",
        "2.2.2",
        "2.2.3",
        "2.3",
        "2.3.1",
        "2.3.2",
        "3",
        "3.4",
        "3.4.1",
        "3.4.2",
    ]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(head + 1, ws.max_row))
    r = row_of(ws, "2.1.3")
    assert (
        ws.cell(row=r, column=cols["score"]).value == Decimal("0.5")
        or ws.cell(row=r, column=cols["score"]).value == 0.5
    )
    assert ws.cell(row=r, column=cols["evidence"]).value == (
        "evidence/bao-cao-ket-qua-ra-soat.docx | 330/BC-SGTVTXD | 20/11/2023 | Báo cáo kết quả "
        "rà soát văn bản quy phạm pháp luật năm 2023 | mục II, trang 3"
    )
    assert ws.cell(row=r, column=cols["reason_lost"]).value.startswith("Có 01 dự thảo")
    # locked structure, unlocked inputs, protection without a password
    assert ws.protection.sheet and not ws.protection.password
    assert ws.cell(row=r, column=cols["code"]).protection.locked
    assert not ws.cell(row=r, column=cols["score"]).protection.locked
    assert not ws.cell(row=r, column=cols["evidence"]).protection.locked
    assert ws.cell(row=r, column=cols["notes"]).protection.locked
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row
    )
    # print: A4 landscape, fit to width, header repeated, panes frozen, tall rows
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${head}:${head}"
    assert ws.freeze_panes == f"C{head + 1}"
    assert ws.row_dimensions[r].height >= 4 * 15


def test_score_drop_down_lists_the_allowed_values(example_copy: Path) -> None:
    path = export(example_copy, "thanh-tra")["thanh-tra"]
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_FORM]
    ref = f"E{row_of(ws, '2.2.3')}"  # max 0,5, step 0,25
    [dv] = [d for d in ws.data_validations.dataValidation if ref in d.sqref]
    assert dv.type == "list" and dv.errorStyle == "warning"
    assert "0,25" in dv.prompt and "0,5" in dv.prompt
    sheet, cells = dv.formula1.split("!")
    assert sheet == f"'{SHEET_LEVELS}'"
    lists = wb[SHEET_LEVELS]
    row = int(cells.split("$")[2].rstrip(":"))
    assert lists.cell(row=row, column=1).value == "2.2.3"
    values = [lists.cell(row=row, column=c).value for c in range(2, 5)]
    assert [Decimal(str(v)) for v in values] == [Decimal("0"), Decimal("0.25"), Decimal("0.5")]


def test_guide_sheet_says_who_what_when(example_copy: Path) -> None:
    path = export(example_copy, "thanh-tra")["thanh-tra"]
    ws = openpyxl.load_workbook(path)[SHEET_GUIDE]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for expected in (
        "Sở Giao thông vận tải - Xây dựng",
        "Thanh tra Sở",
        "2023",
        "MINH HỌA",
        "25/12/2023",
        "Văn phòng Sở",
        "Alt+Enter",
        "tên tệp | số ký hiệu",
        "evidence/thanh-tra/",
        ".zip",
    ):
        assert expected in text, expected


def test_check_notes_are_the_chase_list(example_copy: Path) -> None:
    (example_copy / "evidence" / "ke-hoach-ra-soat-vbqppl.docx").unlink()
    path = export(example_copy, "thanh-tra")["thanh-tra"]
    ws = openpyxl.load_workbook(path)[SHEET_FORM]
    _, cols = header_row(ws)
    note = ws.cell(row=row_of(ws, "2.1.1"), column=cols["notes"]).value
    assert note.startswith("Lỗi E001: Không tìm thấy tệp 'evidence/ke-hoach-ra-soat-vbqppl.docx'")
    assert ws.cell(row=row_of(ws, "2.1.2"), column=cols["notes"]).value is None


def test_export_cli_golden(example_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("forms", "export", str(example_copy), "--as-of", "20/12/2023")
    assert r.code == 0, r.err
    check_golden("forms-export.txt", r.out)
    r = cli("forms", "export", str(example_copy), "-d", "khong-co")
    assert r.code == 2 and "Không có đơn vị khong-co" in r.err


def test_export_refuses_an_unreadable_dossier(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("forms", "export", str(tmp_path))
    assert r.code == 2 and "dossier.yaml" in r.err


def test_help_is_vietnamese(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("forms", "export", "--help")
    assert r.code == 0 and "Xuất một phiếu tự chấm" in r.out


def test_a_form_that_cannot_be_written_is_a_clear_error(example_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # a folder where the file should go (like a form left open in Excel on Windows)
    (example_copy / "build" / "phieu" / "phieu-tu-cham-thanh-tra-2023.xlsx").mkdir(parents=True)
    r = cli("forms", "export", str(example_copy), "-d", "thanh-tra")
    assert r.code == 3 and "Không ghi được" in r.err and "Đóng tệp" in r.err
