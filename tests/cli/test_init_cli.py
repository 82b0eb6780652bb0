from __future__ import annotations

import datetime as dt
from pathlib import Path

from parcli.formats.loading import load_dossier
from parcli.rules import validate


def test_init_defaults_gives_a_readable_dossier(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ho-so"
    result = cli(
        "init",
        str(target),
        "--defaults",
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
    result = cli("init", str(target), "--defaults")
    assert result.code == 2 and "không trống" in result.err
    result = cli("init", str(target), "--defaults", "--force")
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
    codes = [
        line.strip().rstrip(":").strip('"') for line in text.splitlines() if line.startswith('  "')
    ]
    assert codes == [
        "2.1.1",
        "2.1.2",
        "2.1.3",
        "2.2.1",
        "2.2.2",
        "2.2.3",
        "2.3.1",
        "2.3.2",
        "3.4.1",
        "3.4.2",
    ]
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
    assert result.code == 0 and "không có lỗi, không có cảnh báo" in result.out
    assert "Kết quả: HỢP LỆ." in result.out
    assert (target / "evidence" / "ke-hoach-cchc-2023.pdf").read_bytes().startswith(b"%PDF")


def test_init_prompts_when_interactive(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter(
        [
            "Sở Tài chính",
            "UBND TỈNH YÊN BÁI",
            "STC",
            "Yên Bái",
            "2023",
            "par-tinh-876-minh-hoa",
            "Văn phòng; Phòng Ngân sách",
        ]
    )
    monkeypatch.setattr("typer.prompt", lambda *a, **k: next(answers))
    result = cli("init", str(tmp_path / "x"), stdin_tty=True)
    assert result.code == 0, result.err
    dossier = load_dossier(tmp_path / "x").dossier
    assert dossier is not None
    assert dossier.agency.name == "Sở Tài chính" and dossier.place == "Yên Bái"
    assert [d.id for d in dossier.divisions] == ["van-phong", "phong-ngan-sach"]


def test_init_unknown_criteria_set(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(tmp_path / "x"), "--defaults", "--criteria", "khong-co")
    assert result.code == 2 and "khong-co" in result.err


def test_init_without_a_terminal_needs_options_or_defaults(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(tmp_path / "x"))
    assert result.code == 2 and "--defaults" in result.err
    assert not (tmp_path / "x").exists()
    result = cli("init", str(tmp_path / "y"), "--agency", "Sở Tài chính", "--abbreviation", "STC")
    assert result.code == 0
    assert load_dossier(tmp_path / "y").dossier.agency.name == "Sở Tài chính"  # type: ignore[union-attr]
