"""parcli.package.writer: names, streaming copy with hashes, SHA256SUMS, zip, atomic move."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from parcli.package import swap
from parcli.package import writer as pkg

# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kế hoạch: số 1?.pdf", "Kế hoạch_ số 1_.pdf"),
        ('a<b>c"d|e*f.docx', "a_b_c_d_e_f.docx"),
        ("tab\there\x01.pdf", "tab_here_.pdf"),
        ("báo cáo. ", "báo cáo"),
        ("ghi chú...", "ghi chú"),
        ("  cách đầu.pdf", "cách đầu.pdf"),
        ("CON.pdf", "CON_.pdf"),
        ("con", "con_"),
        ("Com1.tar.gz", "Com1_.tar.gz"),
        ("lpt9.txt", "lpt9_.txt"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("", "tai-lieu"),
        ("...", "tai-lieu"),
        ("?.pdf", "_.pdf"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert pkg.safe_name(name) == expected


def test_safe_name_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Quyết định số 12.pdf")
    assert nfd != "Quyết định số 12.pdf"
    result = pkg.safe_name(nfd)
    assert result == "Quyết định số 12.pdf"
    assert unicodedata.is_normalized("NFC", result)


def test_safe_name_truncates_the_stem_and_keeps_the_suffix() -> None:
    result = pkg.safe_name("Báo cáo " * 40 + ".pdf", max_chars=60)
    assert len(result) <= 60
    assert result.endswith(".pdf")
    assert not result[:-4].endswith((" ", "."))


def test_ascii_slug() -> None:
    assert pkg.ascii_slug("SGTVTXD") == "SGTVTXD"
    assert pkg.ascii_slug("SGTVT-ĐT Lào Cai") == "SGTVT-DT-Lao-Cai"
    assert pkg.ascii_slug("***") == "x"


def test_package_paths_deduplicate_ignoring_case_and_stay_short() -> None:
    long = "Quyết định phê duyệt danh mục thủ tục hành chính " * 6 + ".pdf"
    paths = pkg.assign_package_paths(
        [
            ("1.1", "ke-hoach.pdf"),
            ("1.1", "KE-HOACH.pdf"),
            ("1.1", "ke-hoach.pdf"),
            ("1.2", "ke-hoach.pdf"),  # another leaf: its own folder, no suffix
            ("1.1", long),
            ("1.1", long),
            ("1.1", "a:b.pdf"),
            ("1.1", "a?b.pdf"),  # becomes a_b.pdf too
        ]
    )
    assert paths[:4] == [
        "tai-lieu-kiem-chung/1.1/ke-hoach.pdf",
        "tai-lieu-kiem-chung/1.1/KE-HOACH-2.pdf",
        "tai-lieu-kiem-chung/1.1/ke-hoach-3.pdf",
        "tai-lieu-kiem-chung/1.2/ke-hoach.pdf",
    ]
    assert paths[6:] == ["tai-lieu-kiem-chung/1.1/a_b.pdf", "tai-lieu-kiem-chung/1.1/a_b-2.pdf"]
    assert all(len(p) <= pkg.MAX_PATH_CHARS for p in paths)
    assert paths[4] != paths[5] and paths[5].endswith("-2.pdf")
    assert len(paths[5]) == pkg.MAX_PATH_CHARS
    assert len({p.casefold() for p in paths}) == len(paths)


# --------------------------------------------------------------------------- copy and hash


def test_copy_and_hash_streams_in_chunks(tmp_path: Path) -> None:
    data = os.urandom(pkg.CHUNK * 3 + 12345)
    source = tmp_path / "nguồn.bin"
    source.write_bytes(data)
    chunks: list[int] = []
    size, sha = pkg.copy_and_hash(source, tmp_path / "a" / "b" / "đích.bin", chunks.append)
    assert size == len(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert (tmp_path / "a" / "b" / "đích.bin").read_bytes() == data
    assert max(chunks) <= pkg.CHUNK and sum(chunks) == len(data) and len(chunks) == 4
    assert pkg.hash_file(source) == (size, sha)
    with pytest.raises(FileExistsError):  # never overwrites
        pkg.copy_and_hash(source, tmp_path / "a" / "b" / "đích.bin")


def test_verify_entries_reports_size_and_hash_mismatches(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"abc")
    (tmp_path / "b.txt").write_bytes(b"abd")
    good = hashlib.sha256(b"abc").hexdigest()
    assert pkg.verify_entries(tmp_path, [("a.txt", 3, good)]) == []
    problems = pkg.verify_entries(
        tmp_path, [("a.txt", 4, good), ("b.txt", 3, good), ("c.txt", 1, good)]
    )
    assert len(problems) == 3
    assert "kích thước" in problems[0] and "SHA-256" in problems[1] and "thiếu" in problems[2]


# --------------------------------------------------------------------------- sums and zip


def _sample_package(base: Path) -> Path:
    top = base / "ho-so-par-index-2023-STN"
    (top / "tai-lieu-kiem-chung" / "1.1").mkdir(parents=True)
    (top / "tai-lieu-kiem-chung" / "1.1" / "Kế hoạch số 1.pdf").write_bytes(b"%PDF" * 1000)
    (top / "tai-lieu-kiem-chung" / "1.1" / "bang.xls").write_bytes(b"x" * 5000)
    (top / "manifest.json").write_text('{"tool": {"name": "parcli"}}\n', encoding="utf-8")
    return top


def test_sha256sums_format_and_check(tmp_path: Path) -> None:
    top = _sample_package(tmp_path)
    pkg.write_sums(top)
    text = (top / pkg.SUMS).read_text(encoding="utf-8")
    lines = text.splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert (
        paths
        == sorted(paths)
        == [
            "manifest.json",
            "tai-lieu-kiem-chung/1.1/Kế hoạch số 1.pdf",
            "tai-lieu-kiem-chung/1.1/bang.xls",
        ]
    )
    for line in lines:
        sha, rel = line.split("  ", 1)
        assert sha == hashlib.sha256((top / rel).read_bytes()).hexdigest()
    assert text.endswith("\n") and "\r" not in text
    assert pkg.read_sums(top / pkg.SUMS)["manifest.json"] == lines[0].split("  ")[0]
    if shutil.which("sha256sum"):
        run = subprocess.run(["sha256sum", "-c", pkg.SUMS], cwd=top, capture_output=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_zip_is_reproducible_and_well_formed(tmp_path: Path) -> None:
    top = _sample_package(tmp_path)
    day = dt.date(2024, 1, 4)
    pkg.write_zip(top, tmp_path / "a.zip", day)
    # touch every file: the zip must not depend on modification times
    for path in top.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    pkg.write_zip(top, tmp_path / "b.zip", day)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert names[0] == "ho-so-par-index-2023-STN/manifest.json"
        for info in infos:
            assert info.date_time == (2024, 1, 4, 0, 0, 0)
            assert info.external_attr == 0o100644 << 16
            assert info.create_system == 3
            rel = info.filename.split("/", 1)[1]
            assert zf.read(info) == (top / rel).read_bytes()
        pdf = zf.getinfo("ho-so-par-index-2023-STN/tai-lieu-kiem-chung/1.1/Kế hoạch số 1.pdf")
        assert pdf.flag_bits & 0x800  # UTF-8 name
        assert pdf.compress_type == zipfile.ZIP_STORED  # already compressed format
        xls = zf.getinfo("ho-so-par-index-2023-STN/tai-lieu-kiem-chung/1.1/bang.xls")
        assert xls.compress_type == zipfile.ZIP_DEFLATED and xls.compress_size < 5000
        assert zf.testzip() is None
    with pytest.raises(FileExistsError):
        pkg.write_zip(top, tmp_path / "a.zip", day)


# --------------------------------------------------------------------------- move into place


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".parcli-cu-"))


def test_swap_into_place_replaces_and_removes_the_backup(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "ho-so").mkdir(parents=True)
    (out / "ho-so" / "cu.txt").write_text("cũ", encoding="utf-8")
    (out / "ho-so.zip").write_bytes(b"old zip")
    work = tmp_path / "build" / ".tmp"
    (work / "ho-so").mkdir(parents=True)
    (work / "ho-so" / "moi.txt").write_text("mới", encoding="utf-8")
    (work / "ho-so.zip").write_bytes(b"new zip")
    swap.swap_into_place(
        [(work / "ho-so", out / "ho-so"), (work / "ho-so.zip", out / "ho-so.zip")], out
    )
    assert _tree(out / "ho-so") == {"moi.txt": "mới".encode()}
    assert (out / "ho-so.zip").read_bytes() == b"new zip"
    assert _leftovers(out) == []


def test_swap_into_place_restores_the_previous_package_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    (out / "ho-so").mkdir(parents=True)
    (out / "ho-so" / "cu.txt").write_text("cũ", encoding="utf-8")
    (out / "ho-so.zip").write_bytes(b"old zip")
    work = tmp_path / "work"
    (work / "ho-so").mkdir(parents=True)
    (work / "ho-so" / "moi.txt").write_text("mới", encoding="utf-8")
    (work / "ho-so.zip").write_bytes(b"new zip")
    real_replace = os.replace

    def failing_replace(src: object, dst: object) -> None:
        if Path(str(src)) == work / "ho-so.zip":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(swap.os, "replace", failing_replace)
    with pytest.raises(OSError):
        swap.swap_into_place(
            [(work / "ho-so", out / "ho-so"), (work / "ho-so.zip", out / "ho-so.zip")], out
        )
    assert _tree(out / "ho-so") == {"cu.txt": "cũ".encode()}
    assert (out / "ho-so.zip").read_bytes() == b"old zip"
    assert _leftovers(out) == []


@pytest.mark.parametrize("name", ["COM¹.pdf", "conin$.pdf", "CONOUT$.txt", "con .tar.gz"])
def test_more_windows_device_names_are_renamed(name: str) -> None:
    assert pkg.safe_name(name) != name


def test_windows_errors_have_vietnamese_reasons() -> None:
    from parcli.errors import os_reason

    too_long = OSError(2, "The system cannot find the path specified")
    too_long.winerror = 3  # type: ignore[attr-defined]
    assert "260 ký tự" in os_reason(too_long)
    in_use = PermissionError(13, "The process cannot access the file")
    in_use.winerror = 32  # type: ignore[attr-defined]
    assert "đang mở" in os_reason(in_use)


def test_invisible_characters_leave_package_names() -> None:
    name = "hoadon\u202efdp.exe\u200b.pdf"
    assert pkg.invisible_chars(name) == ["U+200B", "U+202E"]
    assert pkg.safe_name(name) == "hoadonfdp.exe.pdf"
    assert pkg.invisible_chars(pkg.safe_name("\ufeffKế hoạch\u200d.pdf")) == []
