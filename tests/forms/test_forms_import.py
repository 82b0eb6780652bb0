"""parcli forms import: rows by code, Excel-typed values, only changes written, round trips."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit import answers, codes, export, fill, header_row, row_of, run_import
from helpers import THANH_TRA_LEAVES, check_golden, needs_libreoffice, soffice_convert

from parcli.formats.loading import load_dossier
from parcli.model import Evidence


def _division_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "divisions").iterdir())}


def test_export_then_import_changes_no_byte_of_any_division(example_copy: Path) -> None:
    before = _division_bytes(example_copy)
    forms = export(example_copy)
    lock = example_copy / "build" / "phieu" / "~$phieu-tu-cham-van-phong-2023.xlsx"
    lock.write_bytes(b"\x00lock")  # Excel's lock file of an open form: left out
    result = run_import(example_copy, example_copy / "build" / "phieu")  # the whole folder
    assert sorted(o.file for o in result.outcomes) == sorted(p.name for p in forms.values())
    assert [o.changes for o in result.outcomes] == [[]] * len(forms)
    assert not any(o.blocked for o in result.outcomes)
    assert _division_bytes(example_copy) == before


def test_edits_are_written_and_a_second_import_changes_nothing(example_copy: Path) -> None:
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(
        form,
        {
            "2.1.3": {
                "score": "1",
                "explanation": "Đã lấy ý kiến đầy đủ\nqua Cổng thông tin",
                "reason_lost": None,
            },
            "2.2.1": {"score": 0.75},
        },
    )
    original = (example_copy / "divisions" / "thanh-tra.yaml").read_text(encoding="utf-8")
    result = run_import(example_copy, form)
    [outcome] = result.outcomes
    assert outcome.written and [c.code for c in outcome.changes] == ["2.1.3", "2.2.1"]
    new = answers(example_copy, "thanh-tra")
    assert new["2.1.3"].score == Decimal("1") and new["2.1.3"].reason_lost is None
    assert new["2.1.3"].explanation == "Đã lấy ý kiến đầy đủ\nqua Cổng thông tin"
    assert new["2.2.1"].score == Decimal("0.75")
    text = (example_copy / "divisions" / "thanh-tra.yaml").read_text(encoding="utf-8")
    # every comment and every untouched answer stays byte for byte
    assert [ln for ln in original.splitlines() if ln.lstrip().startswith("#")] == [
        ln for ln in text.splitlines() if ln.lstrip().startswith("#")
    ]
    untouched = original.split("  # 2.2.2.")[1]
    assert untouched in text
    assert "    updated: 20/12/2023" in text  # fields the form does not carry are kept
    again = run_import(example_copy, form)
    assert again.outcomes[0].changes == [] and not again.outcomes[0].written
    assert (example_copy / "divisions" / "thanh-tra.yaml").read_text(encoding="utf-8") == text


def _hard_edits(wb: Any, ws: Any) -> None:
    """What office users do to a form: reorder, insert, hide, colour, merge, extra sheets."""
    from openpyxl.styles import PatternFill

    ws.protection.sheet = False
    head, cols = header_row(ws)
    r1, r2 = row_of(ws, "2.1.1"), row_of(ws, "2.3.2")
    # swap two leaf rows (reordered)
    for c in range(1, ws.max_column + 1):
        a, b = ws.cell(row=r1, column=c), ws.cell(row=r2, column=c)
        a.value, b.value = b.value, a.value
    ws.insert_rows(head + 1)  # an inserted empty row
    ws.insert_cols(3)  # an extra column, with a header of its own
    ws.cell(row=head, column=3).value = "Ghi chú riêng của phòng"
    ws.cell(row=head + 1, column=3).value = "nội dung cột thêm"
    _, cols = header_row(ws)
    ws.row_dimensions[row_of(ws, "2.2.2")].hidden = True
    ws.cell(row=row_of(ws, "2.2.3"), column=cols["score"]).fill = PatternFill(
        fill_type="solid", start_color="FF0000", end_color="FF0000"
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=3)
    wb.create_sheet("Nháp")["A1"] = "Mã"
    ws.column_dimensions["A"].hidden = False


EV = "evidence/bao-cao-ket-qua-ra-soat.docx | 330/BC-SGTVTXD | 20/11/2023 | Báo cáo"
HARD = {
    "2.1.1": {"score": "0,5", "reason_lost": "Chậm\u00a0tiến độ  \r\n"},  # text, comma
    "2.1.2": {"score": " 0.5\u00a0"},  # point, non-breaking and trailing spaces
    "2.2.3": {"score": "“0,25”"},  # smart quotes
    "2.3.1": {"score": 1.0, "explanation": "Dòng 1\nDòng 2"},  # Alt+Enter
    "2.2.2": {"evidence": EV + "\n\u2022 bien-ban.pdf | | 2023-05-03\n"},
    "3.4.2": {"score": 0.3},  # 0.1+0.2 noise must not appear: 0.3 is 0.3
}


def _check_hard(result: Any, root: Path) -> None:
    [outcome] = result.outcomes
    assert not outcome.blocked, outcome.findings
    assert sorted(c.code for c in outcome.changes) == sorted(HARD)
    new = answers(root, "thanh-tra")
    assert new["2.1.1"].score == Decimal("0.5") and new["2.1.1"].reason_lost == "Chậm tiến độ"
    assert str(new["2.1.2"].score) == "0.5"
    assert str(new["2.2.3"].score) == "0.25"
    assert new["2.3.1"].score == 1 and new["2.3.1"].explanation == "Dòng 1\nDòng 2"
    assert str(new["3.4.2"].score) == "0.3"
    assert new["2.2.2"].evidence == [
        Evidence(
            path="evidence/bao-cao-ket-qua-ra-soat.docx",
            number="330/BC-SGTVTXD",
            issued=dt.date(2023, 11, 20),
            title="Báo cáo",
            issuer="Sở Giao thông vận tải - Xây dựng tỉnh Lào Cai",
        ),
        Evidence(path="evidence/thanh-tra/bien-ban.pdf", issued=dt.date(2023, 5, 3)),
    ]
    # the score 0,3 is off the step: validate says so after the import
    assert any(f.code == "A007" and f.criterion == "3.4.2" for f in result.validation)


def test_the_hard_cases_of_a_real_office_form(example_copy: Path) -> None:
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, HARD, edit=_hard_edits)
    _check_hard(run_import(example_copy, form), example_copy)


@needs_libreoffice
def test_a_form_saved_by_libreoffice_reads_the_same(example_copy: Path, tmp_path: Path) -> None:
    """The hard-case form and an untouched form, both saved again by LibreOffice Calc."""
    import openpyxl

    from parcli.forms.layout import SHEET_BASE, SHEET_ID

    forms = export(example_copy)
    (tmp_path / "src").mkdir()
    fill(forms["thanh-tra"], HARD, out=tmp_path / "src" / "hard.xlsx", edit=_hard_edits)
    shutil.copy(forms["van-phong"], tmp_path / "src" / "plain.xlsx")
    hard, plain_form = soffice_convert(
        [tmp_path / "src" / "hard.xlsx", tmp_path / "src" / "plain.xlsx"],
        tmp_path / "lo",
        tmp_path / "profile",
        "xlsx:Calc MS Excel 2007 XML",
    )
    kept = openpyxl.load_workbook(hard)
    assert kept[SHEET_ID].sheet_state == kept[SHEET_BASE].sheet_state == "hidden"
    before = _division_bytes(example_copy)
    plain = run_import(example_copy, plain_form)
    assert plain.outcomes[0].changes == [] and not plain.outcomes[0].blocked
    assert _division_bytes(example_copy) == before
    _check_hard(run_import(example_copy, hard), example_copy)


def test_dry_run_prints_the_changes_and_writes_nothing(example_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, {"2.1.3": {"score": 1, "reason_lost": None, "remedy": "Rà soát quy trình"}})
    before = _division_bytes(example_copy)
    r = cli("forms", "import", str(example_copy), str(form), "--dry-run", "--as-of", "20/12/2023")
    assert r.code == 0, r.out + r.err
    assert _division_bytes(example_copy) == before
    check_golden("forms-import-dry-run.txt", r.out.replace(str(example_copy), "<hồ sơ>"))
    r = cli("forms", "import", str(example_copy), str(form), "--as-of", "20/12/2023")
    assert r.code == 0 and "Đã ghi divisions/thanh-tra.yaml: 1 tiêu chí thay đổi." in r.out
    assert _division_bytes(example_copy) != before


def test_new_answer_for_a_leaf_without_one_uses_the_init_stub(example_copy: Path) -> None:
    path = example_copy / "divisions" / "thanh-tra.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  # 3.4.2.")
    path.write_text(text[:start], encoding="utf-8")  # 3.4.2 unanswered
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, {"3.4.2": {"score": 1, "evidence": "bao-cao.pdf"}})
    result = run_import(example_copy, form)
    assert result.outcomes[0].changes[0].new_answer
    new_text = path.read_text(encoding="utf-8")
    assert new_text.startswith(text[:start])
    assert '  "3.4.2":\n    score: 1\n    explanation:\n    evidence:\n' in new_text
    assert answers(example_copy, "thanh-tra")["3.4.2"].evidence == [
        Evidence(path="evidence/thanh-tra/bao-cao.pdf")
    ]


def test_golden_import_with_findings(example_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    form = export(example_copy, "thanh-tra")["thanh-tra"]

    def extra(wb: Any, ws: Any) -> None:
        _, cols = header_row(ws)
        r = ws.max_row + 1
        ws.cell(row=r, column=cols["code"]).value = "9.9"
        ws.cell(row=r, column=cols["score"]).value = 1

    fill(
        form,
        {"2.1.1": {"score": "một"}, "2.1.2": {"evidence": "a.pdf | 1 | 32/13/2023"}},
        edit=extra,
    )
    before = _division_bytes(example_copy)
    r = cli("forms", "import", str(example_copy), str(form), "--as-of", "20/12/2023")
    assert r.code == 1
    assert _division_bytes(example_copy) == before
    check_golden("forms-import-errors.txt", r.out)
    assert "phieu-tu-cham-thanh-tra-2023.xlsx!Phiếu tự chấm!E9: lỗi F016" in r.out


def test_evidence_zip_is_copied_into_the_division_folder(
    example_copy: Path, tmp_path: Path
) -> None:
    import zipfile

    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, {"2.1.1": {"evidence": "Kế hoạch: 2023.pdf | 1/KH | 05/01/2023"}})
    bundle = tmp_path / "tai-lieu.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("Thanh tra/Kế hoạch: 2023.pdf", b"%PDF-1.4 ke hoach")
        zf.writestr("__MACOSX/._x", b"junk")
    result = run_import(example_copy, form, evidence=bundle)
    assert not result.outcomes[0].blocked, codes(result)
    [copy] = result.evidence
    assert copy.dest == "evidence/thanh-tra/Kế hoạch- 2023.pdf" and copy.action == "new"
    # the name in the form is made Windows-safe the same way: it finds the file
    assert answers(example_copy, "thanh-tra")["2.1.1"].evidence[0].path == copy.dest
    assert not any(f.code == "E001" for f in result.validation)
    assert (example_copy / copy.dest).read_bytes() == b"%PDF-1.4 ke hoach"
    again = run_import(example_copy, form, evidence=bundle)
    assert [c.action for c in again.evidence] == ["same"]
    (example_copy / copy.dest).write_bytes(b"other")
    conflict = run_import(example_copy, form, evidence=bundle)
    assert "F019" in codes(conflict) and conflict.outcomes[0].blocked  # nothing written
    assert (example_copy / copy.dest).read_bytes() == b"other"  # never overwritten


def test_evidence_folder_and_unsafe_zip(example_copy: Path, tmp_path: Path) -> None:
    import zipfile

    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, {"2.1.1": {"score": 0.5, "evidence": "bien-ban.pdf"}})
    folder = tmp_path / "gui"
    folder.mkdir()
    (folder / "bien-ban.pdf").write_bytes(b"%PDF bien ban")
    (folder / "~$tam.docx").write_bytes(b"lock")
    result = run_import(example_copy, form, evidence=folder, dry_run=True)
    assert [(c.dest, c.action) for c in result.evidence] == [
        ("evidence/thanh-tra/bien-ban.pdf", "new")
    ]
    assert not (example_copy / "evidence" / "thanh-tra").exists()  # dry run
    assert not any(f.code == "E001" for f in result.validation)  # it would be copied
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../ngoai.pdf", b"x")
    result = run_import(example_copy, form, evidence=bad)
    assert "F020" in codes(result) and result.outcomes[0].blocked
    assert not (example_copy.parent / "ngoai.pdf").exists()
    assert load_dossier(example_copy).divisions["thanh-tra"].answers["2.1.1"].score == 1


def test_a_division_without_a_file_gets_one(example_copy: Path) -> None:
    (example_copy / "divisions" / "thanh-tra.yaml").unlink()
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(
        form,
        {
            "2.2.1": {"score": 1, "evidence": "kh.pdf | 1/KH"},
            "2.1.1": {"score": "0,5", "reason_lost": "Chậm"},
        },
    )
    result = run_import(example_copy, form)
    assert "tạo tệp mới divisions/thanh-tra.yaml" in result.outcomes[0].notes
    text = (example_copy / "divisions" / "thanh-tra.yaml").read_text(encoding="utf-8")
    first, second = text.index("  # 2.1.1. "), text.index("  # 2.2.1. ")
    assert first < text.index('"2.1.1":') < second < text.index('"2.2.1":')
    # like parcli init: every assigned leaf is listed, the two filled in
    assert list(answers(example_copy, "thanh-tra")) == THANH_TRA_LEAVES
    assert answers(example_copy, "thanh-tra")["2.2.1"].score == 1


def test_what_the_dossier_changed_since_export_is_kept(example_copy: Path) -> None:
    form = export(example_copy, "thanh-tra")["thanh-tra"]
    # after the export, the office corrects two answers in the YAML
    path = example_copy / "divisions" / "thanh-tra.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '    score: 0.5\n    reason_lost: "Có 01', '    score: 0.75\n    reason_lost: "Có 01', 1
    )
    text = text.replace('  "2.3.2":\n    score: 1\n', '  "2.3.2":\n    score: 0.5\n', 1)
    path.write_text(text, encoding="utf-8")
    # the division did not touch 2.1.3; it changed the explanation of 2.2.1 and the score of
    # 2.3.2 (which the office also changed, to something else)
    fill(
        form,
        {
            "2.2.1": {"explanation": "Bổ sung"},
            "2.3.2": {"score": 0.75},
            "2.2.3": {"evidence": "evidence/bao-cao-ket-qua-ra-soat.docx | 331/BC"},
        },
    )
    outcome = run_import(example_copy, form).outcomes[0]
    [conflict] = [f for f in outcome.findings if f.code == "F025"]
    assert conflict.criterion == "2.3.2" and "hồ sơ 0,5, phiếu 0,75" in conflict.message
    assert outcome.blocked and path.read_text(encoding="utf-8") == text
    fill(form, {"2.3.2": {"score": 0.5}})  # the division agrees with the office
    outcome = run_import(example_copy, form).outcomes[0]
    assert not outcome.blocked and [c.code for c in outcome.changes] == ["2.2.1", "2.2.3"]
    assert outcome.changes[1].fields[0].new == (
        "bao-cao-ket-qua-ra-soat.docx (sửa số ký hiệu, ngày, trích yếu hoặc phần)"
    )
    new = answers(example_copy, "thanh-tra")
    assert new["2.1.3"].score == Decimal("0.75")  # the office's correction is not undone
    assert new["2.2.1"].explanation == "Bổ sung" and new["2.3.2"].score == Decimal("0.5")


def test_zip_names_without_the_utf8_flag(example_copy: Path, tmp_path: Path) -> None:
    import zipfile

    form = export(example_copy, "thanh-tra")["thanh-tra"]
    fill(form, {"2.1.1": {"evidence": "Kế hoạch.pdf\nBáo cáo.pdf"}})
    bundle = tmp_path / "windows.zip"
    names = ["Kế hoạch.pdf".encode(), "Báo cáo.pdf".encode("cp1258")]  # UTF-8, cp1258
    holders = [bytes([65 + i]) * len(n) for i, n in enumerate(names)]
    with zipfile.ZipFile(bundle, "w") as zf:
        for holder, content in zip(holders, (b"%PDF a", b"%PDF b"), strict=True):
            zf.writestr(holder.decode(), content)
    data = bundle.read_bytes()
    for holder, name in zip(holders, names, strict=True):
        data = data.replace(holder, name)  # the raw name bytes, and no UTF-8 flag
    bundle.write_bytes(data)
    with zipfile.ZipFile(bundle) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
    result = run_import(example_copy, form, evidence=bundle)
    assert sorted(c.dest for c in result.evidence) == [
        "evidence/thanh-tra/Báo cáo.pdf",
        "evidence/thanh-tra/Kế hoạch.pdf",
    ]
    assert not any(f.code == "E001" for f in result.validation)
