"""What forms import refuses, each with a Vietnamese message that says what to do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from formkit import codes, export, fill, header_row, row_of, run_import
from helpers import MiniDossier, needs_libreoffice, soffice_convert

from parcli.formats import limits
from parcli.forms.layout import SHEET_FORM, SHEET_ID


@pytest.fixture
def form(example_copy: Path) -> Path:
    return export(example_copy, "thanh-tra")["thanh-tra"]


def _only(result: Any) -> Any:
    [outcome] = result.outcomes
    return outcome


def _divisions(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "divisions").iterdir()}


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "F001", "Excel 97-2003 (.xls)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") * 3,
            "F002",
            "mật khẩu",
        ),
        ("Mã;Điểm tự chấm\n2.1.1;1\n".encode(), "F001", "CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "F001", "không phải tệp Excel"),
    ],
)
def test_not_an_xlsx(
    example_copy: Path, tmp_path: Path, content: bytes, code: str, words: str
) -> None:
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(content)
    before = _divisions(example_copy)
    result = run_import(example_copy, path)
    [f] = _only(result).findings
    assert f.code == code and words in f.message and f.file == "phieu.xlsx"
    assert f.hint and result.unreadable
    assert _divisions(example_copy) == before


@needs_libreoffice
def test_a_real_xls_saved_by_libreoffice(example_copy: Path, form: Path, tmp_path: Path) -> None:
    [xls] = soffice_convert([form], tmp_path, tmp_path / "profile", "xls")
    renamed = xls.rename(tmp_path / "phieu-doi-ten.xlsx")  # saved as .xls, renamed .xlsx
    [f] = _only(run_import(example_copy, renamed)).findings
    assert f.code == "F001" and ".xls" in f.message and "Save As" in f.hint


def _rezip(src: Path, dest: Path, add: dict[str, bytes] | None = None, change: Any = None) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if change is not None:
                data = change(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    dest.write_bytes(out.getvalue())
    return dest


def test_macros_are_refused(example_copy: Path, form: Path, tmp_path: Path) -> None:
    path = _rezip(form, tmp_path / "phieu.xlsm", add={"xl/vbaProject.bin": b"VBA"})
    [f] = _only(run_import(example_copy, path)).findings
    assert f.code == "F003" and "macro" in f.message and ".xlsx" in f.hint


def test_hostile_archives_are_refused(
    example_copy: Path, form: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 10_000)
    [f] = _only(run_import(example_copy, form)).findings
    assert f.code == "F004" and "giải nén" in f.message
    monkeypatch.undo()

    def huge_merge(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet2.xml":
            return data.replace(b'<mergeCell ref="A1:J1"/>', b'<mergeCell ref="F1:XFD1048576"/>')
        return data

    path = _rezip(form, tmp_path / "merge.xlsx", change=huge_merge)
    [f] = _only(run_import(example_copy, path)).findings
    assert f.code == "F004" and "gộp ô" in f.message


def _edit_identity(form: Path, key: str, value: str | None) -> Path:
    wb = openpyxl.load_workbook(form)
    ws = wb[SHEET_ID]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value
    if value is None and key == "format":
        del wb[SHEET_ID]
    wb.save(form)
    return form


@pytest.mark.parametrize(
    ("key", "value", "code", "words"),
    [
        ("format", None, "F005", "không phải phiếu tự chấm do parcli xuất"),
        ("agency", "Sở Y tế", "F006", "Sở Y tế"),
        ("year", "2022", "F007", "năm 2022"),
        ("division", "phong-khac", "F008", "phong-khac"),
        ("criteria_hash", "0" * 16, "F009", "đã thay đổi sau khi xuất phiếu"),
        ("criteria", "bo-khac", "F009", "bo-khac"),
        ("version", "7", "F010", "phiên bản 7"),
    ],
)
def test_a_form_of_another_dossier_year_division_or_criteria(
    example_copy: Path, form: Path, key: str, value: str | None, code: str, words: str
) -> None:
    _edit_identity(form, key, value)
    before = _divisions(example_copy)
    outcome = _only(run_import(example_copy, form))
    assert outcome.blocked and [f.code for f in outcome.findings] == [code]
    assert words in outcome.findings[0].message and "parcli forms export" in (
        outcome.findings[0].hint + "parcli forms export" * (code == "F010")
    )
    assert _divisions(example_copy) == before


def test_two_forms_of_one_division(example_copy: Path, form: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ban-sao.xlsx"
    copy.write_bytes(form.read_bytes())
    result = run_import(example_copy, form, copy)
    assert [f.code for f in result.outcomes[1].findings] == ["F008"]


def test_missing_columns(example_copy: Path, form: Path) -> None:
    def rename(wb: Any, ws: Any) -> None:
        head, cols = header_row(ws)
        ws.cell(row=head, column=cols["score"]).value = "Điểm"

    fill(form, {}, edit=rename)
    [f] = _only(run_import(example_copy, form)).findings
    assert f.code == "F011" and "Điểm tự chấm" in f.message and f.sheet == SHEET_FORM


def test_header_texts_are_matched_tolerantly(example_copy: Path, form: Path) -> None:
    def shout(wb: Any, ws: Any) -> None:
        head, cols = header_row(ws)
        ws.cell(row=head, column=cols["score"]).value = "  ĐIỂM  TỰ\nCHẤM "
        ws.cell(row=head, column=cols["code"]).value = "mã"

    fill(form, {"2.1.1": {"score": 0.5}}, edit=shout)
    outcome = _only(run_import(example_copy, form))
    assert not outcome.blocked and [c.code for c in outcome.changes] == ["2.1.1"]


def test_codes_unknown_foreign_duplicated_numeric(example_copy: Path, form: Path) -> None:
    def rows(wb: Any, ws: Any) -> None:
        _, cols = header_row(ws)
        r = ws.max_row
        for i, (code, score) in enumerate(
            [("9.9", 1), ("1.1", 1), ("2.1.1", 0.5), (2.1, None), (9.5, 1), (None, 1)], start=1
        ):
            ws.cell(row=r + i, column=cols["code"]).value = code
            ws.cell(row=r + i, column=cols["score"]).value = score

    fill(form, {}, edit=rows)
    outcome = _only(run_import(example_copy, form))
    found = {(f.code, f.criterion, f.severity.value) for f in outcome.findings}
    assert ("F012", "9.9", "error") in found
    assert ("F013", "1.1", "error") in found  # a leaf of van-phong
    assert ("F014", "2.1.1", "error") in found
    assert ("F015", "2.1", "warning") in found  # read with care: unambiguous
    assert ("F015", None, "error") in found  # 9.5 is no code at all
    assert ("F022", None, "warning") in found  # content without a code
    f014 = next(f for f in outcome.findings if f.code == "F014")
    assert f014.location.startswith("phieu-tu-cham-thanh-tra-2023.xlsx!Phiếu tự chấm!A")
    assert outcome.blocked


def test_deleted_rows_and_merged_inputs(example_copy: Path, form: Path) -> None:
    def edit(wb: Any, ws: Any) -> None:
        ws.protection.sheet = False
        ws.delete_rows(row_of(ws, "3.4.2"))
        _, cols = header_row(ws)
        r = row_of(ws, "2.2.1")
        ws.merge_cells(
            start_row=r,
            start_column=cols["explanation"],
            end_row=r + 1,
            end_column=cols["explanation"],
        )

    fill(form, {"2.2.1": {"explanation": "Chung cho 2.2.1 và 2.2.2"}}, edit=edit)
    outcome = _only(run_import(example_copy, form))
    found = {(f.code, f.criterion) for f in outcome.findings}
    assert ("F021", "3.4.2") in found
    assert ("F022", "2.2.2") in found  # the covered cell: kept as it was
    assert not outcome.blocked
    assert [c.code for c in outcome.changes] == ["2.2.1"]


def test_formulas_are_never_evaluated(example_copy: Path, form: Path) -> None:
    fill(form, {"2.1.1": {"score": "=0.1+0.2"}})
    outcome = _only(run_import(example_copy, form))
    [f] = [f for f in outcome.findings if f.code == "F017"]
    assert f.cell and f.criterion == "2.1.1" and "Paste Values" in f.hint
    assert outcome.blocked
    # a formula with a saved value (as Excel writes it): the value, with a note
    wb_path = form

    def cached(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet2.xml":
            return data.replace(b"<f>0.1+0.2</f><v></v>", b"<f>0.1+0.2</f><v>1</v>").replace(
                b"<f>0.1+0.2</f>", b"<f>0.1+0.2</f><v>1</v>"
            )
        return data

    path = _rezip(wb_path, wb_path.with_name("cached.xlsx"), change=cached)
    outcome = _only(run_import(example_copy, path))
    assert "F023" in [f.code for f in outcome.findings] and not outcome.blocked
    assert outcome.changes == []  # the saved value 1 is the current score


def test_bad_evidence_lines_and_bad_scores(example_copy: Path, form: Path) -> None:
    import datetime as dt

    fill(
        form,
        {
            "2.1.1": {"evidence": "a.pdf | 1 | 2 | 3 | 4 | 5"},
            "2.1.2": {"evidence": " | 12/KH"},
            "2.1.3": {"score": dt.datetime(2023, 2, 1)},
            "2.2.1": {"score": True},
        },
    )
    outcome = _only(run_import(example_copy, form))
    assert sorted(f.code for f in outcome.findings) == ["F016", "F016", "F018", "F018"]
    assert outcome.blocked


def test_a_broken_division_file_is_not_touched(example_copy: Path, form: Path) -> None:
    path = example_copy / "divisions" / "thanh-tra.yaml"
    path.write_text("division: thanh-tra\nanswers: [\n", encoding="utf-8")
    fill(form, {"2.1.1": {"score": 0.5}})
    outcome = _only(run_import(example_copy, form))
    assert [f.code for f in outcome.findings] == ["F024"] and outcome.blocked
    assert path.read_text(encoding="utf-8") == "division: thanh-tra\nanswers: [\n"


def test_usage_errors(example_copy: Path, form: Path, cli: Any) -> None:
    r = cli(
        "forms",
        "import",
        str(example_copy),
        str(form),
        str(form),
        "--evidence",
        str(example_copy / "evidence"),
    )
    assert r.code == 2 and "--evidence chỉ dùng khi nhập một phiếu" in r.err
    r = cli("forms", "import", str(example_copy))
    assert r.code == 2 and "Chưa chỉ phiếu" in r.err
    r = cli("forms", "import", str(example_copy), str(example_copy / "khong-co.xlsx"))
    assert r.code == 2 and "F001" in r.out


def test_mini_dossier_round_trip_with_code_2_1_10(mini: MiniDossier) -> None:
    before = _divisions(mini.root)
    forms = export(mini.root)
    wb = openpyxl.load_workbook(forms["phong-a"])
    ws = wb[SHEET_FORM]
    assert row_of(ws, "2.1.10") != row_of(ws, "2.1.1")
    result = run_import(mini.root, *forms.values())
    assert [o.changes for o in result.outcomes] == [[], []], codes(result)
    assert _divisions(mini.root) == before


def test_a_row_assigned_elsewhere_since_the_export(example_copy: Path, form: Path) -> None:
    text = (example_copy / "dossier.yaml").read_text(encoding="utf-8")
    (example_copy / "dossier.yaml").write_text(
        text.replace(
            'van-phong: ["1", "3.1", "4", "5", "7"]',
            'van-phong: ["1", "3.1", "3.4.2", "4", "5", "7"]',
        ),
        encoding="utf-8",
    )
    fill(form, {"2.1.1": {"score": 0.5}})
    outcome = _only(run_import(example_copy, form))
    [f] = [f for f in outcome.findings if f.code == "F013"]
    assert f.severity.value == "warning" and f.criterion == "3.4.2" and "van-phong" in f.message
    assert not outcome.blocked and [c.code for c in outcome.changes] == ["2.1.1"]
    fill(form, {"3.4.2": {"score": 0.5}})  # typed into a row that is no longer its own
    outcome = _only(run_import(example_copy, form))
    assert outcome.blocked and "F013" in [f.code for f in outcome.findings]


def test_too_many_rows(example_copy: Path, form: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def far(wb: Any, ws: Any) -> None:
        ws.cell(row=80, column=6).value = "ghi chú lạc ở dòng 80"
        from openpyxl.styles import PatternFill

        ws.cell(row=200, column=6).fill = PatternFill(  # formatting only, far down
            fill_type="solid", start_color="FFFF00", end_color="FFFF00"
        )

    fill(form, {}, edit=far)
    assert openpyxl.load_workbook(form)[SHEET_FORM].max_row == 200
    monkeypatch.setattr(limits, "MAX_ROWS", 60)
    outcome = _only(run_import(example_copy, form))
    assert [f.code for f in outcome.findings] == ["F004"] and outcome.blocked
    monkeypatch.setattr(limits, "MAX_ROWS", 80)  # the formatted rows alone do not count
    outcome = _only(run_import(example_copy, form))
    assert "F004" not in [f.code for f in outcome.findings]
