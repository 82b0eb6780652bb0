"""parcli survey update: bulk statuses from a received list, minimal text edits to survey.yaml."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from helpers import MiniDossier, check_golden
from survey_data import MINI_SURVEY

from parcli.errors import YamlEditError
from parcli.formats.answer_list import parse_text, status_in
from parcli.formats.yamledit import FieldEdit, apply_edits
from parcli.model import Status

ARGS = ("--on", "18/12/2023", "--as-of", "20/12/2023")


@pytest.fixture
def reg(mini: MiniDossier) -> MiniDossier:
    mini.write("survey.yaml", MINI_SURVEY)
    return mini


def survey_text(mini: MiniDossier) -> str:
    return (mini.root / "survey.yaml").read_text(encoding="utf-8")


def test_update_from_a_pasted_text_file(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = tmp_path / "tra-loi.txt"
    listing.write_text(
        "Kính gửi Văn phòng Sở,\n"
        "1. BINH.TT@so-thu.example\n"
        "2. Lê Văn Cường - Trưởng phòng A\n"
        "3. an.nv@so-thu.example\n"
        "4. khong.co@so-thu.example\n",
        encoding="utf-8",
    )
    before = survey_text(reg)
    dry = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS, "--dry-run")
    assert dry.code == 0, dry.err
    assert survey_text(reg) == before
    assert "Chạy thử (--dry-run): chưa ghi gì" in dry.out
    result = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS)
    assert result.code == 0
    check_golden("survey-update-mini.txt", result.out.replace(str(listing), "tra-loi.txt"))
    assert dry.out.replace("Chạy thử (--dry-run): chưa ghi gì vào survey.yaml.", "") == (
        result.out.replace("Đã ghi survey.yaml. Xem lại: parcli survey status.", "")
    )
    after = survey_text(reg)
    # only the status lines change and two dates are added; comments and quoting stay
    expected = before.replace(
        '    status: da-gui\n    sent_on: 04/12/2023\n  - name: "Lê',
        "    status: da-tra-loi\n    sent_on: 04/12/2023\n    answered_on: 18/12/2023\n"
        '  - name: "Lê',
    ).replace(
        '    status: da-gui\n    sent_on: 04/12/2023\n  - name: "Phạm',
        "    status: da-tra-loi\n    sent_on: 04/12/2023\n    answered_on: 18/12/2023\n"
        '  - name: "Phạm',
    )
    assert after == expected
    assert "# e-mail công vụ" in after and after.startswith("# sổ khảo sát thử\n")
    again = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS)
    assert "Không có gì thay đổi trong survey.yaml." in again.out
    assert survey_text(reg) == after
    codes = [f.code for f in reg.validate().findings if f.file == "survey.yaml"]
    assert "X015" not in codes


def test_update_from_stdin(cli, reg: MiniDossier, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pasted = "cuong.lv@so-thu.example\tĐã trả lời\t15/12/2023\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pasted)))
    result = cli("survey", "update", str(reg.root), "--from", "-", *ARGS)
    assert result.code == 0, result.err
    assert "Lê Văn Cường (Trưởng phòng A): Chưa trả lời → Đã trả lời, ngày 15/12/2023" in result.out
    assert "answered_on: 15/12/2023" in survey_text(reg)


def test_update_from_csv_with_a_status_column(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = tmp_path / "ds.csv"
    listing.write_text(
        "STT;Họ tên;E-mail;Trạng thái\n"
        "1;Nguyễn Văn An;an.nv@so-thu.example;Chưa trả lời\n"
        "2;Trần Thị Bình;binh.tt@so-thu.example;Chưa trả lời\n"
        "3;Phạm Thị Dung;dung.pt@so-thu.example;Chưa trả lời\n",
        encoding="utf-8-sig",
    )
    result = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS)
    assert result.code == 0, result.err
    # answered stays answered; sent stays sent; not sent becomes sent with the date
    assert "Giữ nguyên (trạng thái không lùi lại): Nguyễn Văn An (Giám đốc)" in result.out
    assert "Phạm Thị Dung (Phó Trưởng phòng A): Chưa gửi phiếu → Chưa trả lời, ngày 18/12/2023" in (
        result.out
    )
    text = survey_text(reg)
    assert text.count("status: da-tra-loi") == 1
    assert 'phone: "0912345604"\n    status: da-gui\n    sent_on: 18/12/2023\n' in text


def test_update_from_xlsx(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đã trả lời"
    ws.append(["STT", "Họ và tên", "Thư điện tử", "Ngày trả lời"])
    ws.append([1, "Trần Thị Bình", "binh.tt@so-thu.example", dt.datetime(2023, 12, 11)])
    ws.append([2, "Lê Văn Cường", None, "12/12/2023"])
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    result = cli("survey", "update", str(reg.root), "--from", str(path), *ARGS)
    assert result.code == 0, result.err
    assert "ngày 11/12/2023 [trang Đã trả lời, dòng 2]" in result.out
    assert "ngày 12/12/2023 [trang Đã trả lời, dòng 3]" in result.out


def test_update_status_sent(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = tmp_path / "da-gui.txt"
    listing.write_text("dung.pt@so-thu.example\n", encoding="utf-8")
    args = ("survey", "update", str(reg.root), "--from", str(listing), "--status", "da-gui")
    assert cli(*args, *ARGS).code == 0
    assert "    status: da-gui\n    sent_on: 18/12/2023\n" in survey_text(reg)
    assert cli(*args[:-1], "xong", *ARGS).code == 2


def test_update_keeps_crlf_bom_and_flow_mappings(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = MINI_SURVEY.replace(
        '  - name: "Phạm Thị Dung"\n',
        '  - {name: "Ngô Văn Em", position: "Trưởng phòng B", group: lanh-dao-phong, '
        "list: du-phong, email: em@so-thu.example}\n"
        '  - name: "Phạm Thị Dung"\n',
    )
    path = reg.root / "survey.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    listing = tmp_path / "ds.txt"
    listing.write_text("em@so-thu.example\ndung.pt@so-thu.example\n", encoding="utf-8")
    assert cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS).code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    new = raw[3:].decode("utf-8")
    assert "email: em@so-thu.example, status: da-tra-loi, answered_on: 18/12/2023}" in new
    assert new.endswith(
        'phone: "0912345604"\r\n    status: da-tra-loi\r\n    answered_on: 18/12/2023\r\n'
    )


def test_update_reports_ambiguous_names(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reg.replace("survey.yaml", '"Phạm Thị Dung"', '"Lê Văn Cường"')
    listing = tmp_path / "ds.txt"
    listing.write_text("Lê Văn Cường\n", encoding="utf-8")
    result = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS)
    assert "Không biết là ai: Lê Văn Cường (dòng 1): 2 người cùng tên, ghi e-mail" in result.out
    assert "Không có gì thay đổi" in result.out


def test_update_refuses_unreadable_lists(cli, reg: MiniDossier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "ds.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("survey", "update", str(reg.root), "--from", str(old), *ARGS)
    assert result.code == 2 and "Excel cũ (.xls)" in result.err
    result = cli("survey", "update", str(reg.root), "--from", str(tmp_path / "khong.txt"), *ARGS)
    assert result.code == 2 and "Không tìm thấy" in result.err
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    result = cli("survey", "update", str(reg.root), "--from", str(broken), *ARGS)
    assert result.code == 2 and "Traceback" not in result.err


def test_status_words_and_pasted_lines() -> None:
    assert status_in("Đã trả lời") is Status.ANSWERED
    assert status_in("CHƯA TRẢ LỜI") is Status.SENT
    assert status_in("Hoàn thành") is Status.ANSWERED
    assert status_in("ghi chú") is None
    [entry] = parse_text("3) Nguyễn Văn An – Giám đốc; đã trả lời ngày 5/12/2023")
    assert entry.email is None and entry.names[0] == "Nguyễn Văn An"
    assert entry.status is Status.ANSWERED and str(entry.day) == "2023-12-05"
    two = parse_text("a@x.vn, b@x.vn")
    assert [e.email for e in two] == ["a@x.vn", "b@x.vn"]


def test_yaml_edits_refuse_what_they_cannot_do_safely() -> None:
    text = "respondents:\n  - name: A\n    note: |\n      x\n    tags: [a]\n"
    with pytest.raises(YamlEditError):
        apply_edits(text, [FieldEdit(("respondents", 0), "note", "y")])
    with pytest.raises(YamlEditError):
        apply_edits(text, [FieldEdit(("respondents", 0), "tags", "y")])
    with pytest.raises(YamlEditError):
        apply_edits(text, [FieldEdit(("respondents", 5), "status", "y")])
    out = apply_edits(text, [FieldEdit(("respondents", 0), "status", "đã xong: 1")])
    assert out.endswith('    tags: [a]\n    status: "đã xong: 1"\n')
    assert apply_edits("a: 1", [FieldEdit((), "b", "yes")]) == 'a: 1\nb: "yes"'


def test_update_after_a_respondent_that_cannot_be_read(
    cli, reg: MiniDossier, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    reg.replace(
        "survey.yaml", 'sex: nam\n    position: "Giám đốc"', 'sex: x\n    position: "Giám đốc"'
    )
    listing = tmp_path / "ds.txt"
    listing.write_text("cuong.lv@so-thu.example\n", encoding="utf-8")
    result = cli("survey", "update", str(reg.root), "--from", str(listing), *ARGS)
    assert result.code == 0, result.err
    text = survey_text(reg)
    assert (
        'phone: "0912.345.603"\n    status: da-tra-loi\n    sent_on: 04/12/2023\n    answered_on: 18/12/2023\n'
        in text
    )
    assert "sex: x" in text


def test_status_says_when_the_register_cannot_be_read(cli, reg: MiniDossier) -> None:  # type: ignore[no-untyped-def]
    reg.write("survey.yaml", "groups: 3\n")
    out = cli("status", str(reg.root), "--as-of", "20/12/2023").out
    assert "CHÚ Ý: Tệp survey.yaml không đọc được" in out
