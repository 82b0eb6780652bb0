"""parcli survey status / export, and survey counts in parcli status."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from helpers import EXAMPLE, MiniDossier, check_golden, needs_libreoffice, pdf_text, soffice_convert
from survey_data import EMAILS, MINI_SURVEY, PHONES

EXAMPLE_EMAILS = re.findall(
    r"email: (\S+@\S+)", (EXAMPLE / "survey.yaml").read_text(encoding="utf-8")
)
EXAMPLE_PHONES = re.findall(r'phone: "([^"]+)"', (EXAMPLE / "survey.yaml").read_text("utf-8"))


def test_example_register_has_a_dozen_people() -> None:
    assert len(EXAMPLE_EMAILS) == 13 and len(EXAMPLE_PHONES) == 13


def test_survey_status_of_the_example(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("survey", "status", str(example_copy), "--as-of", "20/12/2023")
    assert result.code == 0, result.err
    check_golden("survey-status-example.txt", result.out)
    assert "CHƯA TRẢ LỜI (4 người" in result.out
    assert "do.thi.thanh.huong@sgtvtxd-laocai.example" in result.out  # made for chasing


def test_survey_status_json(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("survey", "status", str(example_copy), "--as-of", "20/12/2023", "--format", "json")
    data = json.loads(result.out)
    assert data["days_left"] == 26 and data["not_answered"] == 4
    assert data["total"] == {
        "key": "total",
        "name": "Cộng",
        "official_required": 11,
        "reserve_required": 3,
        "official": 11,
        "reserve": 2,
        "sent": 11,
        "answered": 7,
    }
    first = data["waiting"][0]
    assert first["name"] == "Đỗ Thị Thanh Hương" and first["days_since_sent"] == 16
    assert first["sent_on"] == "2023-12-04" and first["phone"] == "0912 000 103"


def test_survey_status_lists_those_not_sent_first(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("survey.yaml", MINI_SURVEY)
    mini.replace(
        "survey.yaml", '    status: da-gui\n    sent_on: 04/12/2023\n  - name: "Lê', '  - name: "Lê'
    )
    out = cli("survey", "status", str(mini.root), "--as-of", "20/12/2023").out
    assert (
        " 1. Trần Thị Bình – Chánh Văn phòng, Văn phòng Sở (Lãnh đạo cấp phòng)\n    CHƯA GỬI PHIẾU;"
        in out
    )
    assert " 2. Lê Văn Cường" in out


def test_survey_commands_without_a_register(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    for command in ("status", "export"):
        result = cli("survey", command, str(mini.root))
        assert result.code == 2 and "chưa có danh sách khảo sát (survey.yaml)" in result.err
        assert "Traceback" not in result.err
    mini.write("survey.yaml", "groups: [\n")
    result = cli("survey", "status", str(mini.root))
    assert result.code == 2 and "survey.yaml:" in result.err and "cú pháp" in result.err


def test_status_shows_survey_counts_only(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("status", str(example_copy), "--as-of", "20/12/2023")
    assert "ĐIỀU TRA XÃ HỘI HỌC (survey.yaml)" in result.out
    assert "Chưa trả lời: 4 người trong danh sách chính thức" in result.out
    data = json.loads(
        cli("status", str(example_copy), "--as-of", "20/12/2023", "--format", "json").out
    )
    assert data["survey"]["total"]["answered"] == 7
    for out in (result.out, json.dumps(data, ensure_ascii=False)):
        assert not any(e in out for e in EXAMPLE_EMAILS + EXAMPLE_PHONES)
        assert "Đỗ Thị Thanh Hương" not in out


def test_status_without_register_is_unchanged(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    result = cli("status", str(mini.root), "--as-of", "20/12/2023")
    assert "ĐIỀU TRA XÃ HỘI HỌC" not in result.out
    data = json.loads(
        cli("status", str(mini.root), "--as-of", "20/12/2023", "--format", "json").out
    )
    assert "survey" not in data


def test_validate_never_echoes_emails_or_phones(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("survey.yaml", MINI_SURVEY)
    mini.replace("survey.yaml", "cuong.lv@so-thu.example", "binh.tt@so-thu.example")  # X004
    mini.replace("survey.yaml", '"0912345604"', '"0912.345.603"')  # X005
    mini.replace("survey.yaml", '"+84 912 345 602"', '"+84 912 345"')  # X002
    for fmt in ("text", "json"):
        result = cli("validate", str(mini.root), "--as-of", "20/12/2023", "--format", fmt)
        assert result.code == 1
        for code in ("X002", "X004", "X005"):
            assert code in result.out
        assert not any(e in result.out for e in EMAILS + PHONES + ["+84 912 345"])


# --------------------------------------------------------------------------- export


def test_export_writes_both_files_deterministically(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("survey", "export", str(example_copy))
    assert result.code == 0, result.err
    folder = example_copy / "build" / "dieu-tra-xhh"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "danh-sach-dieu-tra-xhh-2023-SGTVTXD.docx",
        "danh-sach-dieu-tra-xhh-2023-SGTVTXD.xlsx",
    ]
    assert "11 người chính thức, 2 người dự phòng" in result.out
    first = {n: (folder / n).read_bytes() for n in names}
    assert cli("survey", "export", str(example_copy)).code == 0
    assert {n: (folder / n).read_bytes() for n in names} == first
    assert sorted(p.name for p in folder.iterdir()) == names  # no temporary file left
    import datetime as dt
    import zipfile

    for name in names:  # dated registered_on (27/10/2023), never by the clock
        with zipfile.ZipFile(folder / name) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8")
            assert {i.date_time[:3] for i in zf.infolist()} == {(2023, 10, 27)}
        assert "2023-10-27T00:00:00" in core and str(dt.date.today().year) not in core


def test_export_xlsx_content(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    cli("survey", "export", str(example_copy))
    path = example_copy / "build" / "dieu-tra-xhh" / "danh-sach-dieu-tra-xhh-2023-SGTVTXD.xlsx"
    ws = openpyxl.load_workbook(path)["Danh sách khảo sát"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[header][1:9] == [
        "Họ và tên",
        "Giới tính",
        "Chức vụ",
        "Đơn vị công tác",
        "Nhóm đối tượng",
        "Danh sách",
        "Thư điện tử (e-mail)",
        "Số điện thoại",
    ]
    assert rows[header + 1][0] == "A. DANH SÁCH CHÍNH THỨC (11 người)"
    assert rows[header + 2][:9] == [
        1,
        "Hoàng Văn Bình",
        "Nam",
        "Giám đốc",
        "Sở Giao thông vận tải - Xây dựng",
        "Lãnh đạo Sở",
        "Chính thức",
        "hoang.van.binh@sgtvtxd-laocai.example",
        "0912 000 101",
    ]
    reserve = next(i for i, r in enumerate(rows) if str(r[0]).startswith("B. DANH SÁCH DỰ PHÒNG"))
    assert reserve == header + 2 + 11
    assert [r[1] for r in rows[reserve + 1 : reserve + 3]] == ["Trần Văn Thắng", "Sần Thị Dung"]
    assert (
        ws.page_setup.orientation == "landscape"
        and ws.print_title_rows == f"${header + 1}:${header + 1}"
    )


@needs_libreoffice
def test_libreoffice_opens_both_exports(cli, example_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "xuat"
    assert cli("survey", "export", str(example_copy), "--out", str(out)).code == 0
    work = tmp_path / "lo"
    work.mkdir()
    shutil.copyfile(next(out.glob("*.xlsx")), work / "excel.xlsx")
    shutil.copyfile(next(out.glob("*.docx")), work / "word.docx")
    soffice_convert([work / "excel.xlsx", work / "word.docx"], work, tmp_path / "lo-survey-profile")
    for name in ("excel", "word"):
        pdf = work / f"{name}.pdf"
        assert pdf.is_file(), name
        text = pdf_text(pdf)
        flat = " ".join(text.split())
        assert "DANH SÁCH ĐỐI TƯỢNG ĐIỀU TRA XÃ HỘI HỌC" in flat, name
        assert (
            "A. DANH SÁCH CHÍNH THỨC (11 người)" in flat
            and "B. DANH SÁCH DỰ PHÒNG (2 người)" in flat
        )
        assert "Sần Thị Dung" in flat and "0912 000 209" in flat
        pages = text.split("\f")
        assert 1 <= len([p for p in pages if p.strip()]) <= 4, name


def test_validate_a_broken_register(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("survey.yaml", MINI_SURVEY)
    mini.replace("survey.yaml", "binh.tt@so-thu.example", "binh.tt@so-thu,example")
    mini.replace("survey.yaml", "cuong.lv@so-thu.example", "an.nv@so-thu.example")
    mini.replace(
        "survey.yaml",
        "division: phong-a\n    group: lanh-dao-phong\n    list",
        "division: phong-b\n    group: lanh-dao-phong\n    list",
    )
    mini.replace("survey.yaml", 'position: "Giám đốc"', 'position: "Trưởng phòng A"')
    mini.replace("survey.yaml", "registered_on: 30/10/2023\n", "")
    mini.replace(
        "survey.yaml",
        "groups:\n",
        "no_repeat: true\nprevious_respondents: [Phạm Thị Dung]\ngroups:\n",
    )
    result = cli("validate", str(mini.root), "--as-of", "20/12/2023", "-q")
    assert result.code == 1
    check_golden("validate-survey-broken.txt", result.out)
    assert not any(e in result.out for e in EMAILS + PHONES)


def test_register_errors_do_not_taint_the_scores(cli, mini: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    mini.write("survey.yaml", MINI_SURVEY.replace("binh.tt@so-thu.example", "binh"))
    data = json.loads(cli("score", str(mini.root), "--format", "json").out)
    assert data["errors"] == 0 and data["problems"] == []
