"""Evidence opened at build time: only a regular file inside the dossier, read once."""

from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers import MiniDossier

import parcli.actions.build as build_module
from parcli.actions.build import build_package
from parcli.errors import BuildFailed
from parcli.package.stream import open_evidence

AS_OF = dt.date(2023, 12, 20)
PACKAGE = "ho-so-par-index-2023-STN"


def test_open_evidence_refuses_links_fifos_and_devices(tmp_path: Path) -> None:
    root = tmp_path / "hoso"
    (root / "evidence" / "con").mkdir(parents=True)
    (root / "evidence" / "con" / "a.pdf").write_bytes(b"%PDF a")
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "a.pdf").write_bytes(b"secret")
    with open_evidence(root, root / "evidence" / "con" / "a.pdf") as f:
        assert f.read() == b"%PDF a"
    os.symlink(outside / "a.pdf", root / "evidence" / "link.pdf")
    with pytest.raises(OSError):
        open_evidence(root, root / "evidence" / "link.pdf")
    # a folder on the way replaced by a link out of the dossier
    os.symlink(outside, root / "evidence" / "thu-muc")
    with pytest.raises(OSError):
        open_evidence(root, root / "evidence" / "thu-muc" / "a.pdf")
    os.mkfifo(root / "evidence" / "fifo.pdf")
    with pytest.raises(ValueError, match="FIFO"):
        open_evidence(root, root / "evidence" / "fifo.pdf")  # returns at once, never blocks
    if os.geteuid() == 0:  # a character device inside the dossier (mknod needs root)
        os.mknod(root / "evidence" / "zero.pdf", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        with pytest.raises(ValueError, match="thiết bị"):
            open_evidence(root, root / "evidence" / "zero.pdf")


def _after_planning(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    real = build_module.plan_evidence

    def plan_then_change(resolver: Any, card: Any, copies: str = "once") -> Any:
        planned = real(resolver, card, copies)
        change(resolver.root)
        return planned

    monkeypatch.setattr(build_module, "plan_evidence", plan_then_change)


def test_evidence_swapped_for_a_link_during_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    secret = tmp_path / "secret.txt"
    secret.write_text("BI MAT", encoding="utf-8")

    def swap(root: Path) -> None:
        (root / "evidence" / "ke-hoach.pdf").unlink()
        os.symlink(secret, root / "evidence" / "ke-hoach.pdf")

    _after_planning(monkeypatch, swap)
    with pytest.raises(BuildFailed) as info:
        build_package(mini.root, as_of=AS_OF)
    assert "ke-hoach.pdf" in info.value.message and "liên kết" in info.value.message
    assert not (mini.root / "build").exists()


def test_evidence_deleted_during_a_final_build_fails_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    out = tmp_path / "ra"
    first = build_package(mini.root, as_of=AS_OF, out=out)
    before = first.zip_path.read_bytes()
    _after_planning(monkeypatch, lambda root: (root / "evidence" / "bao-cao.docx").unlink())
    with pytest.raises(BuildFailed) as info:
        build_package(mini.root, as_of=AS_OF, out=out)
    assert "bao-cao.docx" in info.value.message and "không còn" in info.value.message
    assert first.zip_path.read_bytes() == before  # nothing moved into place
    beside = [first.report_path.name, first.zip_path.name, first.appendix_path.name]
    assert sorted(p.name for p in out.iterdir()) == beside
    # a draft leaves the file out and says so
    (mini.root / "evidence" / "bao-cao.docx").write_bytes(b"PK test")
    draft = build_package(mini.root, as_of=AS_OF, out=out, draft=True)
    assert any("bao-cao.docx" in w and "Bỏ qua" in w for w in draft.warnings)
    with zipfile.ZipFile(draft.zip_path) as zf:
        assert not any(n.endswith("bao-cao.docx") for n in zf.namelist())
        manifest = zf.read(f"BAN-NHAP-{PACKAGE}/manifest.json").decode("utf-8")
    assert "bao-cao.docx" not in manifest


def test_an_unreadable_divisions_folder_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    real = Path.iterdir

    def refuse(self: Path) -> Any:
        if self.name == "divisions":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    findings = mini.load().findings
    assert [(f.code, f.file) for f in findings if f.code == "Y005"] == [("Y005", "divisions")]


def _appendix_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".xml"))


def test_the_appendix_gets_the_hashes_read_during_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The appendix is laid out while the evidence is read; the hashes it shows are the ones
    of the bytes packaged, also when a file changed size after it was planned."""
    mini = MiniDossier(tmp_path / "hoso")
    result = build_package(mini.root, as_of=AS_OF, out=tmp_path / "a")
    text = _appendix_text(result.appendix_path)
    assert b"PARCLI-SHA256-" not in text
    assert all(f.sha256.encode() in text for f in result.files)
    _after_planning(
        monkeypatch,
        lambda root: (root / "evidence" / "ke-hoach.pdf").write_bytes(b"%PDF longer now\n" * 9),
    )
    changed = build_package(mini.root, as_of=AS_OF, out=tmp_path / "b")
    text = _appendix_text(changed.appendix_path)
    assert b"PARCLI-SHA256-" not in text
    assert all(f.sha256.encode() in text for f in changed.files)
    assert {f.sha256 for f in changed.files} != {f.sha256 for f in result.files}


def test_the_folder_is_optional_and_the_zip_the_same_either_way(tmp_path: Path) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    both = build_package(mini.root, as_of=AS_OF, out=tmp_path / "a", folder=True)
    only = build_package(mini.root, as_of=AS_OF, out=tmp_path / "b")
    assert only.zip_path.read_bytes() == both.zip_path.read_bytes()
    beside = sorted([only.report_path.name, only.zip_path.name, only.appendix_path.name])
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == beside
    assert both.package_dir is not None and only.package_dir is None
    # over an earlier package with its folder: the old folder goes, it would not match the zip
    again = build_package(mini.root, as_of=AS_OF, out=tmp_path / "a")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == beside
    assert again.zip_path.read_bytes() == both.zip_path.read_bytes()
