"""The division forms while a giải trình is open (issue 10) and with last year (issue 11).

The bundled example has round 1 (appraisal.yaml, received 22/01/2024, giải trình before
05/02/2024, not yet sent): exported on 25/01/2024 its forms carry the appraisal columns.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from formkit import DAY, answers, codes, fill, header_row, row_of
from helpers import needs_libreoffice, soffice_convert
from new_year_scenario import make_years

from parcli.actions.forms import export_forms, import_forms
from parcli.forms.layout import COLUMNS, SHEET_BASE, SHEET_FORM, SHEET_GUIDE
from parcli.model import Evidence

OPEN = dt.date(2024, 1, 25)  # round 1 received, giải trình due before 05/02/2024
APPRAISAL_HEADERS = [
    "Điểm thẩm định vòng 1",
    "Ý kiến thẩm định",
    "Giải trình (thẩm định)",
    "Tài liệu kiểm chứng bổ sung",
]
BASE_HEADERS = [c.header for c in COLUMNS]


def _export(root: Path, *divisions: str, day: dt.date = OPEN) -> dict[str, Path]:
    result = export_forms(root, divisions=list(divisions) or None, as_of=day)
    return {f.division: f.path for f in result.forms}


def _import(root: Path, *files: Path, **kw: Any) -> Any:
    return import_forms(root, list(files), as_of=OPEN, **kw)


def _headers(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)[SHEET_FORM]
    head, _ = header_row(ws)
    return [c.value for c in ws[head] if c.value]


def _division_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "divisions").iterdir())}


# --------------------------------------------------------------------------- export


def test_open_round_adds_the_appraisal_columns(example_copy: Path) -> None:
    forms = _export(example_copy)
    expected = BASE_HEADERS[:-1] + APPRAISAL_HEADERS + BASE_HEADERS[-1:]
    # divisions with a deduction or a request (1.4; 3.2.2; 6.1.3) get the columns
    for division in ("van-phong", "phong-quan-ly-van-tai", "phong-ke-hoach-tai-chinh"):
        assert _headers(forms[division]) == expected, division
    # nothing to answer: the form stays as before
    assert _headers(forms["thanh-tra"]) == BASE_HEADERS
    wb = openpyxl.load_workbook(forms["van-phong"])
    ws = wb[SHEET_FORM]
    _, cols = header_row(ws)
    r = row_of(ws, "1.4")
    assert ws.cell(row=r, column=cols["appraised"]).value == 0.5
    assert ws.cell(row=r, column=cols["opinion"]).value.startswith("Chỉ có kế hoạch tuyên truyền")
    assert ws.cell(row=r, column=cols["response_text"]).value.startswith("Sở đã tổ chức")
    assert ws.cell(row=r, column=cols["response_evidence"]).value == (
        "evidence/bao-cao-ket-qua-tuyen-truyen-cchc.docx | 348/BC-SGTVTXD | 08/12/2023 | "
        "Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính năm 2023 | mục I, trang 1"
    )
    assert ws.cell(row=r, column=cols["notes"]).value.startswith(
        "Hội đồng thẩm định yêu cầu giải trình (gửi trước ngày 05/02/2024)"
    )
    # the council's cells are locked, the answer to it open on the rows of the report only
    assert ws.cell(row=r, column=cols["appraised"]).protection.locked
    assert ws.cell(row=r, column=cols["opinion"]).protection.locked
    assert not ws.cell(row=r, column=cols["response_text"]).protection.locked
    assert not ws.cell(row=r, column=cols["response_evidence"]).protection.locked
    full = row_of(ws, "1.1")  # appraised 1 of 1: nothing to explain
    assert ws.cell(row=full, column=cols["appraised"]).value == 1
    assert ws.cell(row=full, column=cols["response_text"]).protection.locked
    assert ws.cell(row=full, column=cols["notes"]).value is None
    base = [c.value for c in wb[SHEET_BASE][1]]
    assert base[-2:] == ["response_text", "response_evidence"]
    guide = "\n".join(str(c.value) for row in wb[SHEET_GUIDE].iter_rows() for c in row if c.value)
    assert "Hạn gửi giải trình: trước ngày 05/02/2024" in guide
    # a deduction without a request: open, but not marked as requested
    ws = openpyxl.load_workbook(forms["phong-ke-hoach-tai-chinh"])[SHEET_FORM]
    _, cols = header_row(ws)
    r = row_of(ws, "6.1.3")
    assert not ws.cell(row=r, column=cols["response_text"]).protection.locked
    assert "yêu cầu giải trình" not in (ws.cell(row=r, column=cols["notes"]).value or "")


@pytest.mark.parametrize(
    ("day", "schedule"),
    [
        (DAY, None),  # before round 1 is received
        (OPEN, "  explanation_sent_on: 01/02/2024\n"),  # the giải trình was sent
        (OPEN, "  round2_received: 24/01/2024\n"),  # round 2 is in: final
    ],
)
def test_no_open_round_no_appraisal_columns(
    example_copy: Path, day: dt.date, schedule: str | None
) -> None:
    if schedule is not None:
        path = example_copy / "dossier.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(
                "  explanation_before: 05/02/2024\n",
                "  explanation_before: 05/02/2024\n" + schedule,
            ),
            encoding="utf-8",
        )
    form = _export(example_copy, "van-phong", day=day)["van-phong"]
    assert _headers(form) == BASE_HEADERS
    assert [c.value for c in openpyxl.load_workbook(form)[SHEET_BASE][1]][-1] == "remedy"


# --------------------------------------------------------------------------- import


def test_export_then_import_in_an_open_round_changes_no_byte(example_copy: Path) -> None:
    before = _division_bytes(example_copy)
    forms = _export(example_copy)
    result = _import(example_copy, *forms.values())
    assert [o.changes for o in result.outcomes] == [[]] * len(forms)
    assert not any(o.blocked for o in result.outcomes)
    assert _division_bytes(example_copy) == before


def test_the_answer_to_the_appraisal_is_written_minimally(
    example_copy: Path, tmp_path: Path
) -> None:
    forms = _export(example_copy)
    sent = tmp_path / "gui-kem"
    sent.mkdir()
    (sent / "xac-nhan.pdf").write_bytes(b"%PDF-1.4 xac nhan")
    form = fill(
        forms["phong-ke-hoach-tai-chinh"],
        {
            "6.1.3": {
                "response_text": "Đã có văn bản xác nhận\u00a0 \r\nkhông phát sinh kết luận",
                "response_evidence": "• xac-nhan.pdf | 15/STC-TTr | 20/01/2024 | Văn bản xác "
                "nhận | trang 1",
            }
        },
    )
    path = example_copy / "divisions" / "phong-ke-hoach-tai-chinh.yaml"
    original = path.read_text(encoding="utf-8")
    dry = _import(example_copy, form, evidence=sent, dry_run=True)
    assert [c.code for c in dry.outcomes[0].changes] == ["6.1.3"]
    assert path.read_text(encoding="utf-8") == original
    assert not (example_copy / "evidence" / "phong-ke-hoach-tai-chinh").exists()
    result = _import(example_copy, form, evidence=sent)
    [outcome] = result.outcomes
    assert outcome.written and not outcome.blocked, outcome.findings
    [change] = outcome.changes
    assert [f.field for f in change.fields] == ["response_text", "response_evidence"]
    response = answers(example_copy, "phong-ke-hoach-tai-chinh")["6.1.3"].response
    assert response.text == "Đã có văn bản xác nhận\nkhông phát sinh kết luận"
    assert response.evidence == [
        Evidence(
            path="evidence/phong-ke-hoach-tai-chinh/xac-nhan.pdf",
            number="15/STC-TTr",
            issued=dt.date(2024, 1, 20),
            title="Văn bản xác nhận",
            part="trang 1",
        )
    ]
    assert (example_copy / "evidence" / "phong-ke-hoach-tai-chinh" / "xac-nhan.pdf").exists()
    assert not any(f.code == "E001" for f in result.validation)
    text = path.read_text(encoding="utf-8")
    # only lines were added: every line of the file is still there, in order
    old_lines, new_lines = original.splitlines(), text.splitlines()
    it = iter(new_lines)
    assert all(line in it for line in old_lines)
    assert len(new_lines) - len(old_lines) == 8
    again = _import(example_copy, form)
    assert again.outcomes[0].changes == [] and path.read_text(encoding="utf-8") == text


def test_an_existing_answer_is_edited_in_place_and_cleared(example_copy: Path) -> None:
    form = _export(example_copy, "van-phong")["van-phong"]
    path = example_copy / "divisions" / "van-phong.yaml"
    original = path.read_text(encoding="utf-8")
    fill(form, {"1.4": {"response_text": "Giải trình mới"}})
    _import(example_copy, form)
    text = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(original.splitlines(), text.splitlines(), strict=True) if a != b
    ]
    assert changed == [(changed[0][0], '      text: "Giải trình mới"')]
    new = answers(example_copy, "van-phong")["1.4"].response
    assert new.text == "Giải trình mới" and new.evidence[0].issuer  # the issuer is kept
    # both cells emptied: no answer to the appraisal any more (comment above it kept)
    form = _export(example_copy, "van-phong")["van-phong"]
    fill(form, {"1.4": {"response_text": None, "response_evidence": None}})
    result = _import(example_copy, form)
    assert answers(example_copy, "van-phong")["1.4"].response is None
    assert any(f.code == "T011" and f.criterion == "1.4" for f in result.validation)
    assert "# Giải trình theo ý kiến thẩm định vòng 1" in path.read_text(encoding="utf-8")


def test_three_way_and_bad_lines_in_the_appraisal_columns(example_copy: Path) -> None:
    forms = _export(example_copy)
    path = example_copy / "divisions" / "phong-quan-ly-van-tai.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('      text: "Năm 2023 Sở', '      text: "Văn phòng sửa: Năm 2023 Sở'),
        encoding="utf-8",
    )
    edited = path.read_text(encoding="utf-8")
    # the division did not touch the cell: the office's edit stays
    result = _import(example_copy, forms["phong-quan-ly-van-tai"])
    assert result.outcomes[0].changes == [] and path.read_text(encoding="utf-8") == edited
    # both changed it: F025 at the cell, nothing written
    form = fill(forms["phong-quan-ly-van-tai"], {"3.2.2": {"response_text": "Phòng sửa"}})
    result = _import(example_copy, form)
    [f025] = [f for f in result.outcomes[0].findings if f.code == "F025"]
    assert f025.criterion == "3.2.2" and "Giải trình (thẩm định)" in f025.message
    assert f025.location.startswith("phieu-tu-cham-phong-quan-ly-van-tai-2023.xlsx!Phiếu tự chấm!")
    assert path.read_text(encoding="utf-8") == edited
    # a bad line in "Tài liệu kiểm chứng bổ sung": F018 at its cell, nothing written
    form = fill(
        forms["van-phong"], {"1.4": {"response_evidence": "bao-cao.pdf | 1/BC | 32/13/2023"}}
    )
    before = (example_copy / "divisions" / "van-phong.yaml").read_bytes()
    result = _import(example_copy, form)
    [f018] = [f for f in result.outcomes[0].findings if f.code == "F018"]
    assert f018.message.startswith("Tài liệu kiểm chứng bổ sung ở ô ")
    ws = openpyxl.load_workbook(form)[SHEET_FORM]
    _, cols = header_row(ws)
    cell = ws.cell(row=row_of(ws, "1.4"), column=cols["response_evidence"]).coordinate
    assert f018.location.endswith(f"!Phiếu tự chấm!{cell}")
    assert result.outcomes[0].blocked and not result.outcomes[0].written
    assert (example_copy / "divisions" / "van-phong.yaml").read_bytes() == before


@needs_libreoffice
def test_an_open_round_form_saved_by_libreoffice(example_copy: Path, tmp_path: Path) -> None:
    forms = _export(example_copy)
    src = tmp_path / "src"
    src.mkdir()
    fill(
        forms["phong-quan-ly-van-tai"],
        {"3.2.2": {"response_evidence": "bang-so-lieu.xlsx | 12/BC-QLVT\nbien-ban.pdf"}},
        out=src / "qlvt.xlsx",
    )
    shutil.copy(forms["van-phong"], src / "vp.xlsx")
    qlvt, vp = soffice_convert(
        [src / "qlvt.xlsx", src / "vp.xlsx"],
        tmp_path / "lo",
        tmp_path / "lo-formsplus",
        "xlsx:Calc MS Excel 2007 XML",
    )
    before = _division_bytes(example_copy)
    plain = _import(example_copy, vp)
    assert plain.outcomes[0].changes == [] and not plain.outcomes[0].blocked
    assert _division_bytes(example_copy) == before
    result = _import(example_copy, qlvt)
    assert [c.code for c in result.outcomes[0].changes] == ["3.2.2"]
    response = answers(example_copy, "phong-quan-ly-van-tai")["3.2.2"].response
    assert response.text.startswith("Năm 2023 Sở thực hiện liên thông")
    assert [e.path for e in response.evidence] == [
        "evidence/phong-quan-ly-van-tai/bang-so-lieu.xlsx",
        "evidence/phong-quan-ly-van-tai/bien-ban.pdf",
    ]
    assert response.evidence[0].number == "12/BC-QLVT"
    assert "E001" in [f.code for f in result.validation]  # files not sent yet: validate says so


# --------------------------------------------------------------------------- last year


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    from helpers import EXAMPLE

    old = tmp_path / "2023"
    shutil.copytree(EXAMPLE, old, ignore=shutil.ignore_patterns("build"))
    return make_years(old, tmp_path / "2024")[1]


def test_last_year_columns_beside_each_row(two_years: Path) -> None:
    day = dt.date(2024, 12, 10)
    forms = _export(two_years, day=day)
    expected = BASE_HEADERS[:4] + ["Năm trước", "Nguyên nhân bị trừ điểm năm trước"]
    expected += BASE_HEADERS[4:]
    assert _headers(forms["van-phong"]) == expected
    wb = openpyxl.load_workbook(forms["van-phong"])
    ws = wb[SHEET_FORM]
    _, cols = header_row(ws)
    r = row_of(ws, "1.3")  # last year: self 1, round 1 and round 2 0,5, an opinion
    assert ws.cell(row=r, column=cols["last_score"]).value == 0.5
    assert ws.cell(row=r, column=cols["last_reason"]).value == "Chưa kiểm tra Trung tâm Đăng kiểm"
    assert ws.cell(row=r, column=cols["last_score"]).protection.locked
    assert ws.cell(row=r, column=cols["last_reason"]).protection.locked
    r = row_of(ws, "1.2")  # not appraised last year: the self-score
    assert ws.cell(row=r, column=cols["last_score"]).value == 1
    guide = "\n".join(str(c.value) for row in wb[SHEET_GUIDE].iter_rows() for c in row if c.value)
    assert "điểm năm 2023 của tiêu chí" in guide
    # read-only: what is typed there is never read; export then import changes no byte
    before = _division_bytes(two_years)
    fill(forms["van-phong"], {"1.3": {"last_score": 1, "last_reason": "sửa thử"}})
    result = import_forms(two_years, list(forms.values()), as_of=day)
    assert [o.changes for o in result.outcomes] == [[]] * len(forms)
    assert "F022" not in codes(result)
    assert _division_bytes(two_years) == before


def test_without_last_year_no_last_year_columns(example_copy: Path) -> None:
    form = _export(example_copy, "thanh-tra", day=DAY)["thanh-tra"]
    assert "Năm trước" not in _headers(form)


def test_last_year_and_an_open_round_together(two_years: Path) -> None:
    (two_years / "appraisal.yaml").write_text(
        'year: 2024\nleaves:\n  "1.3": {round1_score: 0.5, round1_opinion: "Chưa đủ", '
        "explanation_requested: true}\n",
        encoding="utf-8",
    )
    day = dt.date(2024, 12, 10)
    form = _export(two_years, "van-phong", day=day)["van-phong"]
    assert _headers(form) == (
        BASE_HEADERS[:4]
        + ["Năm trước", "Nguyên nhân bị trừ điểm năm trước"]
        + BASE_HEADERS[4:-1]
        + APPRAISAL_HEADERS
        + BASE_HEADERS[-1:]
    )
    fill(form, {"1.3": {"response_text": "Đã kiểm tra đủ", "last_reason": "không đọc"}})
    result = import_forms(two_years, [form], as_of=day)
    [change] = result.outcomes[0].changes
    assert [f.field for f in change.fields] == ["response_text"]
    assert answers(two_years, "van-phong")["1.3"].response.text == "Đã kiểm tra đủ"
    assert not any(f.code == "T011" and f.criterion == "1.3" for f in result.validation)
