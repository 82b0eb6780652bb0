from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import THANH_TRA_LEAVES, listed_codes

from parcli.formats.loading import load_dossier
from parcli.rules import validate


def test_init_defaults_gives_a_readable_dossier(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ho-so"
    result = cli(
        "init",
        str(target),
        "--defaults",
        "--agency",
        "Sở Y tế",
        "--parent",
        "UBND tỉnh Yên Bái",
        "--year",
        "2024",
        "--division",
        "Văn phòng Sở",
        "--division",
        "Phòng Kế hoạch - Tài chính",
    )
    assert result.code == 0, result.err
    assert "Bước tiếp theo" in result.out
    for rel in (
        "dossier.yaml",
        "divisions/van-phong-so.yaml",
        "divisions/phong-ke-hoach-tai-chinh.yaml",
        "evidence/README.txt",
        ".gitignore",
    ):
        assert (target / rel).is_file(), rel
    loaded = load_dossier(target)
    assert loaded.readable
    assert loaded.dossier is not None and loaded.dossier.year == 2024
    report = validate(loaded, dt.date(2024, 12, 2))
    assert not [f for f in report.findings if f.severity.value == "error"]
    # every appraisal leaf is listed, commented in Vietnamese, for the coordinator
    text = (target / "divisions" / "van-phong-so.yaml").read_text(encoding="utf-8")
    assert '"1.6.1":' in text and "# 1.6.1. Tỷ lệ hoàn thành" in text
    assert report.scorecard is not None and len(report.scorecard.in_scope_leaves) == 77


def test_init_never_overwrites(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ho-so"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("của tôi\n", encoding="utf-8")
    (target / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    who = ("--agency", "Sở Y tế", "--parent", "UBND TỈNH YÊN BÁI")
    result = cli("init", str(target), *who)
    assert result.code == 2 and "không trống" in result.err
    result = cli("init", str(target), *who, "--force")
    assert result.code == 0
    assert (target / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"
    assert "Giữ nguyên 1 tệp" in result.out
    assert (target / "divisions" / "van-phong-so.yaml").exists()
    mode = (target / "dossier.yaml").stat().st_mode & 0o777
    assert mode & 0o044, "files must be readable by the group/others like any saved file"


def test_init_force_completes_an_existing_dossier(cli, example_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (example_copy / "divisions" / "thanh-tra.yaml").unlink()
    before = (example_copy / "divisions" / "van-phong.yaml").read_bytes()
    result = cli("init", str(example_copy), "--force")
    assert result.code == 0, result.err
    text = (example_copy / "divisions" / "thanh-tra.yaml").read_text(encoding="utf-8")
    assert listed_codes(text) == THANH_TRA_LEAVES
    assert (example_copy / "divisions" / "van-phong.yaml").read_bytes() == before


def test_init_force_on_an_unreadable_dossier_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ho-so"
    target.mkdir()
    (target / "dossier.yaml").write_text("# của tôi\n", encoding="utf-8")
    result = cli("init", str(target), "--defaults", "--force")
    assert result.code == 2 and "dossier.yaml" in result.err
    assert sorted(p.name for p in target.iterdir()) == ["dossier.yaml"]


def test_init_example_validates_clean(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "vi-du"
    assert cli("init", str(target), "--example").code == 0
    result = cli("validate", str(target), "--as-of", "25/12/2023")
    # the one warning is the example's survey register, one group short on purpose (X007)
    assert result.code == 0 and "không có lỗi, không có cảnh báo" in result.out
    assert "danh sách khảo sát (survey.yaml): 1 cảnh báo" in result.out
    assert "cảnh báo X007" in result.out and "Kết quả: HỢP LỆ." in result.out
    assert (target / "evidence" / "ke-hoach-cchc-2023.pdf").read_bytes().startswith(b"%PDF")


def test_init_prompts_when_interactive(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another agency than the sample: nothing of Lào Cai is offered or kept; derived
    defaults (abbreviation, place, Kính gửi) follow the answers; a typo in the criteria set is
    asked again at once; each division's codes are asked, and its file lists its leaves."""
    asked: list[tuple[str, object]] = []
    answers = iter(
        [
            "par-tinh-876-minh-hoa-x",  # a typo: asked again, nothing lost
            "",  # the default set
            "Sở Tài chính",
            "UBND TỈNH YÊN BÁI",
            "",  # abbreviation: derived STC
            "",  # place: derived Yên Bái
            "năm nay",  # not a year: asked again
            "2023",
            "",
            "",
            "",
            "",  # Kính gửi: derived
            "GIÁM ĐỐC",
            "Trần Văn B",
            "Văn phòng; Phòng Ngân sách",
            "9.9",  # unknown code: asked again
            "6",
        ]
    )

    def prompt(question, default=None, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((question, default))
        answer = next(answers)
        return answer if answer or default is None else default

    monkeypatch.setattr("typer.prompt", prompt)
    result = cli("init", str(tmp_path / "x"), stdin_tty=True)
    assert result.code == 0, result.err
    defaults = dict(asked)
    assert defaults["Chữ viết tắt trong số ký hiệu"] == "STC"
    assert defaults["Địa danh ghi trên văn bản"] == "Yên Bái"
    assert defaults["Kính gửi"] == "Sở Nội vụ tỉnh Yên Bái"
    assert defaults["Tự chấm từ ngày"] == "01/12/2023"
    assert defaults['Tên cơ quan (ví dụ "Sở Y tế")'] is None
    assert not [q for q, d in asked if d and ("Lào Cai" in str(d) or "SGTVTXD" in str(d))]
    assert "Không có bộ tiêu chí 'par-tinh-876-minh-hoa-x'" in result.err
    assert "'năm nay' không phải năm" in result.err
    assert "mã không có trong bộ tiêu chí: 9.9" in result.err
    assert "Input should" not in result.err
    assert "MINH HỌA" in result.out
    dossier = load_dossier(tmp_path / "x").dossier
    assert dossier is not None
    assert dossier.agency.name == "Sở Tài chính" and dossier.place == "Yên Bái"
    assert (dossier.agency.abbreviation, dossier.province) == ("STC", "tỉnh Yên Bái")
    assert dossier.report.addressees == ["Sở Nội vụ tỉnh Yên Bái"]
    assert dossier.report.signer is not None and dossier.report.signer.name == "Trần Văn B"
    assert [d.id for d in dossier.divisions] == ["van-phong", "phong-ngan-sach"]
    assert dossier.assignments["phong-ngan-sach"] == ["6"]
    stub = (tmp_path / "x" / "divisions" / "phong-ngan-sach.yaml").read_text(encoding="utf-8")
    codes = [ln.strip().strip('":') for ln in stub.splitlines() if ln.startswith('  "')]
    assert codes and all(c.startswith("6.") for c in codes)
    office = (tmp_path / "x" / "divisions" / "van-phong.yaml").read_text(encoding="utf-8")
    assert '"6.1.1":' not in office and '"1.1":' in office
    assert "parcli docs formats" in office


def test_init_options_write_stubs_from_the_assignments(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ho-so"
    result = cli(
        "init",
        str(target),
        "--agency",
        "Sở Y tế",
        "--parent",
        "UBND TỈNH YÊN BÁI",
        "--division",
        "Văn phòng Sở",
        "--division",
        "Thanh tra Sở=2, 3.4",
    )
    assert result.code == 0, result.err
    loaded = load_dossier(target)
    assert loaded.dossier is not None
    assert loaded.dossier.assignments == {
        "van-phong-so": ["1", "3", "4", "5", "6", "7", "8"],
        "thanh-tra-so": ["2", "3.4"],
    }
    report = validate(loaded, dt.date(2026, 12, 2))
    assert not [f for f in report.findings if f.code.startswith("D") and f.code != "D012"]
    stub = (target / "divisions" / "thanh-tra-so.yaml").read_text(encoding="utf-8")
    assert listed_codes(stub) == THANH_TRA_LEAVES
    bad = cli(
        "init",
        str(tmp_path / "z"),
        "--agency",
        "Sở Y tế",
        "--parent",
        "UBND TỈNH YÊN BÁI",
        "--division",
        "Văn phòng",
        "--division",
        "Thanh tra=2.9",
    )
    assert bad.code == 2 and "Mã không có trong bộ tiêu chí: 2.9" in bad.err
    assert not (tmp_path / "z").exists()


def test_init_unknown_criteria_set(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(tmp_path / "x"), "--defaults", "--criteria", "par-tinh-876")
    assert result.code == 2 and "Không có bộ tiêu chí 'par-tinh-876'" in result.err
    assert "Có phải ý bạn là 'par-tinh-876-minh-hoa'?" in result.err


def test_init_without_a_terminal_needs_options_or_defaults(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(tmp_path / "x"))
    assert result.code == 2 and "--defaults" in result.err
    assert not (tmp_path / "x").exists()
    # partial options are refused: no foreign parent, place or abbreviation is filled in
    result = cli("init", str(tmp_path / "y"), "--agency", "Sở Y tế")
    assert result.code == 2 and "Thiếu thông tin cơ quan: --parent" in result.err
    assert not (tmp_path / "y").exists()
    result = cli(
        "init", str(tmp_path / "y"), "--agency", "Sở Y tế", "--parent", "UBND TỈNH YÊN BÁI"
    )
    assert result.code == 0, result.err
    dossier = load_dossier(tmp_path / "y").dossier
    assert dossier is not None
    assert (dossier.agency.name, dossier.agency.parent) == ("Sở Y tế", "UBND TỈNH YÊN BÁI")
    assert (dossier.agency.abbreviation, dossier.place) == ("SYT", "Yên Bái")
    text = (tmp_path / "y" / "dossier.yaml").read_text(encoding="utf-8")
    assert "Lào Cai" not in text and "SGTVTXD" not in text
    # a parent that names no province: the place must be given
    result = cli("init", str(tmp_path / "w"), "--agency", "Vụ A", "--parent", "BỘ NỘI VỤ")
    assert result.code == 2 and "--place" in result.err


def test_sample_values_left_in_another_agency_are_flagged(cli, mini) -> None:  # type: ignore[no-untyped-def]
    """D013: "Sở Thử nghiệm" still with the example's SGTVTXD, UBND TỈNH LÀO CAI, Lào Cai."""
    # a real Sở of Lào Cai shares the parent and the place: no warning for those alone
    mini.replace("dossier.yaml", 'parent: "UBND TỈNH YÊN BÁI"', 'parent: "UBND TỈNH LÀO CAI"')
    mini.replace("dossier.yaml", 'place: "Yên Bái"', 'place: "Lào Cai"')
    assert "D013" not in mini.codes()
    mini.replace("dossier.yaml", 'abbreviation: "STN"', 'abbreviation: "SGTVTXD"')
    [found] = [f for f in mini.validate().findings if f.code == "D013"]
    assert (found.line, found.severity.value) == (5, "warning")
    assert found.message.startswith("agency.abbreviation, agency.parent, place vẫn là giá trị")
    result = cli(
        "init",
        str(mini.root.parent / "moi"),
        "--agency",
        "Sở Y tế",
        "--parent",
        "UBND TỈNH LÀO CAI",
        "--abbreviation",
        "SGTVTXD",
    )
    assert (
        result.code == 0 and "Lưu ý: agency.abbreviation, agency.parent, place giống" in result.out
    )
