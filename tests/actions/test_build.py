"""parcli build: the package, its manifest and sums, determinism, atomicity, the self-check.

Every test that builds copies the example dossier (a build takes about a second) and uses the
real Word and Excel renderers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLE, CliResult

from parcli.actions.build import BuildResult, build_package
from parcli.errors import BuildFailed, BuildRefused, BuildUnreadable, OutputExists, UsageError
from parcli.formats.loading import load_dossier
from parcli.package import writer as pkg
from parcli.package.names import report_date
from parcli.render.docx.readback import docx_text

ON_TIME = dt.date(2024, 1, 4)  # the last day to submit the example
LATE = dt.date(2024, 3, 1)  # after the deadline, nothing recorded as submitted
PACKAGE = "ho-so-par-index-2023-SGTVTXD"
REPORT = "bao-cao-tu-danh-gia-2023.docx"
APPENDIX = "phu-bieu-tu-danh-gia-2023.xlsx"


def _copy_example(target: Path) -> Path:
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


def _hashes(folder: Path, *, skip: str | None = None) -> dict[str, str]:
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if skip and (rel == skip or rel.startswith(skip + "/")):
            continue
        if path.is_file():
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".parcli"))


@dataclasses.dataclass
class Built:
    root: Path
    result: BuildResult
    before: dict[str, str]
    progress: list[tuple[int, int, int]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = _copy_example(tmp_path_factory.mktemp("build") / "vi-du")
    before = _hashes(root)
    calls: list[tuple[int, int, int]] = []
    result = build_package(root, as_of=ON_TIME, progress=lambda *a: calls.append(a), folder=True)
    return Built(root, result, before, calls)


# --------------------------------------------------------------------------- the package


def test_package_layout_and_names(built: Built) -> None:
    result = built.result
    out = built.root / "build"
    assert result.package_dir == out / PACKAGE
    assert result.zip_path == out / f"{PACKAGE}.zip"
    assert sorted(p.name for p in out.iterdir()) == [REPORT, PACKAGE, f"{PACKAGE}.zip", APPENDIX]
    assert result.report_path == out / REPORT and result.appendix_path == out / APPENDIX
    for name in (REPORT, APPENDIX):  # the copies beside the zip are the package's documents
        assert (out / name).read_bytes() == (result.package_dir / name).read_bytes()
    top = sorted(p.name for p in result.package_dir.iterdir())
    assert top == [pkg.SUMS, REPORT, "manifest.json", APPENDIX, "tai-lieu-kiem-chung"]
    assert result.report_path.name == REPORT and result.appendix_path.name == APPENDIX
    assert not result.draft and result.illustrative and not result.replaced
    assert result.report_date == dt.date(2024, 1, 4)
    assert result.report_date_source == "report.date"
    assert result.totals.text == "58,25/66"
    assert result.totals.percent == Decimal("88.26")
    assert any("MINH HỌA" in w for w in result.warnings)
    # every evidence file of every in-scope answer, under its leaf
    loaded = load_dossier(built.root)
    expected = {
        (code, e.path)
        for d in loaded.divisions.values()
        for code, a in d.answers.items()
        for e in a.evidence
    }
    assert {(f.leaf, f.written) for f in result.files} == expected
    # package.evidence_copies: once (the default): a file used by several leaves is stored once,
    # under the first leaf using it (criteria order); the others point at that copy
    first_leaf: dict[str, str] = {}
    for f in result.files:
        first_leaf.setdefault(f.written, f.leaf)
        assert f.stored == (first_leaf[f.written] == f.leaf)
        name = Path(f.written).name
        assert f.package_path == f"tai-lieu-kiem-chung/{first_leaf[f.written]}/{name}"
        copied = result.package_dir / f.package_path
        assert copied.read_bytes() == f.source.read_bytes()
    leaves_of: dict[str, set[str]] = {}
    for f in result.files:
        leaves_of.setdefault(f.written, set()).add(f.leaf)
    assert max(len(v) for v in leaves_of.values()) >= 2
    on_disk = sorted(
        p.relative_to(result.package_dir).as_posix()
        for p in (result.package_dir / "tai-lieu-kiem-chung").rglob("*")
        if p.is_file()
    )
    assert on_disk == sorted(f.package_path for f in result.files if f.stored)
    assert len(on_disk) == len(leaves_of) < len(result.files)
    assert result.evidence_bytes == sum(f.source.stat().st_size for f in result.files if f.stored)
    n = len(on_disk)
    assert built.progress[0] == (0, n, 0)
    assert built.progress[-1] == (n, n, result.evidence_bytes)
    assert [c[0] for c in built.progress] == sorted(c[0] for c in built.progress)
    text = docx_text(result.report_path)
    assert "58,25/66" in text and "BẢN NHÁP" not in text


def test_manifest_and_sums_match_the_files(built: Built) -> None:
    top = built.result.package_dir
    raw = (top / "manifest.json").read_bytes()
    manifest = json.loads(raw)
    assert raw == pkg.manifest_bytes(manifest)  # sorted keys, the canonical form
    assert manifest["tool"] == {"name": "parcli", "version": __import__("parcli").__version__}
    assert manifest["criteria"]["id"] == "par-tinh-876-minh-hoa"
    assert manifest["criteria"]["status"] == "illustrative"
    assert manifest["criteria"]["source"]["decision"] == "876/QĐ-BNV"
    assert manifest["agency"]["abbreviation"] == "SGTVTXD"
    assert manifest["year"] == 2023 and manifest["report_date"] == "2024-01-04"
    assert manifest["draft"] is False
    overall = manifest["totals"]["overall"]
    assert (overall["score"], overall["max"], overall["percent"]) == ("58.25", "66", "88.26")
    areas = manifest["totals"]["areas"]
    assert sum(Decimal(a["score"]) for a in areas) == Decimal("58.25")
    assert [a["code"] for a in areas] == [str(i) for i in range(1, 9)]
    listed = {}
    for entry in manifest["files"] + manifest["documents"]:
        path = entry["package_path"] if "package_path" in entry else entry["path"]
        data = (top / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        listed[path] = entry["sha256"]
    assert {e["kind"] for e in manifest["documents"]} == {"report", "appendix"}
    for entry in manifest["files"]:
        assert set(entry) >= {"leaf", "division", "package_path", "source", "size", "sha256"}
        assert entry["source"].startswith("evidence/")
    # SHA256SUMS: every file but itself, sorted, "hash  path"
    lines = (top / pkg.SUMS).read_text(encoding="utf-8").splitlines()
    sums = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    assert list(sums) == sorted(sums)
    on_disk = _hashes(top)
    del on_disk[pkg.SUMS]
    assert sums == on_disk
    assert {k: v for k, v in sums.items() if k != "manifest.json"} == listed


def test_zip_holds_the_same_files(built: Built) -> None:
    top = built.result.package_dir
    with zipfile.ZipFile(built.result.zip_path) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        expected = {f"{PACKAGE}/{rel}": sha for rel, sha in _hashes(top).items()}
        assert set(names) == set(expected)
        for info in zf.infolist():
            assert hashlib.sha256(zf.read(info)).hexdigest() == expected[info.filename]
            assert info.date_time == (2024, 1, 4, 0, 0, 0)


def test_the_dossier_is_not_modified(built: Built) -> None:
    assert _hashes(built.root, skip="build") == built.before
    assert _leftovers(built.root / "build") == []


# --------------------------------------------------------------------------- determinism


def test_two_builds_give_identical_bytes(built: Built, tmp_path: Path) -> None:
    # another copy of the dossier, another day (late: lateness must not block either)
    root = _copy_example(tmp_path / "ban-sao")
    result = build_package(root, as_of=LATE)
    assert result.lateness and {f.code for f in result.lateness} <= {"W003", "W004", "W005"}
    first = built.result  # built with --folder: the package sent is the same either way
    assert result.package_dir is None and first.package_dir is not None
    assert sorted(p.name for p in result.out_dir.iterdir()) == [REPORT, f"{PACKAGE}.zip", APPENDIX]
    with zipfile.ZipFile(result.zip_path) as zf:
        for name in (REPORT, APPENDIX, "manifest.json", pkg.SUMS):
            a = (first.package_dir / name).read_bytes()
            assert a == zf.read(f"{PACKAGE}/{name}"), f"{name} differs between two builds"
    assert first.report_path.read_bytes() == result.report_path.read_bytes()
    assert first.appendix_path.read_bytes() == result.appendix_path.read_bytes()
    assert first.zip_path.read_bytes() == result.zip_path.read_bytes()
    # and building again in place replaces the package with the same bytes
    again = build_package(root, as_of=LATE)
    assert again.replaced
    assert again.zip_path.read_bytes() == first.zip_path.read_bytes()
    assert _leftovers(root / "build") == []


# --------------------------------------------------------------------------- refusing, drafts


def _break_evidence(root: Path) -> None:
    path = root / "divisions" / "van-phong.yaml"
    text = path.read_text(encoding="utf-8")
    assert "evidence/ke-hoach-cchc-2023.pdf" in text
    path.write_text(
        text.replace("evidence/ke-hoach-cchc-2023.pdf", "evidence/khong-co.pdf", 1),
        encoding="utf-8",
    )


def test_content_errors_refuse_and_draft_builds(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    _break_evidence(root)
    with pytest.raises(BuildRefused) as info:
        build_package(root, as_of=ON_TIME)
    assert info.value.exit_code == 1
    assert [f.code for f in info.value.findings] == ["E001"]
    assert not (root / "build").exists()

    result = build_package(root, as_of=ON_TIME, draft=True)
    assert result.draft and [f.code for f in result.content_errors] == ["E001"]
    assert result.package_dir is None
    assert result.zip_path.name == f"BAN-NHAP-{PACKAGE}.zip"
    assert result.report_path.name == f"BAN-NHAP-{REPORT}"
    assert result.appendix_path.name == f"BAN-NHAP-{APPENDIX}"
    assert any("khong-co.pdf" in w for w in result.warnings)
    assert all(f.written != "evidence/khong-co.pdf" for f in result.files)
    assert "BẢN NHÁP" in docx_text(result.report_path)
    with zipfile.ZipFile(result.zip_path) as zf:
        manifest = json.loads(zf.read(f"BAN-NHAP-{PACKAGE}/manifest.json"))
    assert manifest["draft"] is True


def test_report_date_falls_back_without_the_clock() -> None:
    dossier = load_dossier(EXAMPLE).dossier
    assert dossier is not None
    assert report_date(dossier) == (dt.date(2024, 1, 4), "report.date")
    no_date = dossier.model_copy(
        update={"report": dossier.report.model_copy(update={"date": None})}
    )
    assert report_date(no_date) == (dt.date(2023, 12, 25), "window.end")
    sent = no_date.model_copy(update={"submitted_on": dt.date(2024, 1, 3)})
    assert report_date(sent) == (dt.date(2024, 1, 3), "submitted_on")


# --------------------------------------------------------------------------- atomicity


def test_a_failed_build_keeps_the_previous_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parcli.render.xlsx.appendix as xlsx

    root = _copy_example(tmp_path / "vi-du")
    out = tmp_path / "ket-qua"

    def boom(ctx: Any, path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("renderer crashed")

    # first build ever fails: nothing is left, not even the output folder parcli created
    with monkeypatch.context() as m:
        m.setattr(xlsx, "render_appendix", boom)
        with pytest.raises(RuntimeError):
            build_package(root, as_of=ON_TIME, out=out)
    assert not out.exists()

    first = build_package(root, as_of=ON_TIME, out=out)
    before = _hashes(out)
    # the dossier changes, and the next build crashes half-way
    (root / "evidence" / "ke-hoach-cchc-2023.pdf").write_bytes(b"%PDF new version")
    with monkeypatch.context() as m:
        m.setattr(xlsx, "render_appendix", boom)
        with pytest.raises(RuntimeError):
            build_package(root, as_of=ON_TIME, out=out)
    assert _hashes(out) == before
    assert _leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == [REPORT, f"{PACKAGE}.zip", APPENDIX]
    assert first.zip_path.is_file()


def test_self_check_catches_a_wrong_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parcli.render.xlsx.readback as xlsx

    real = xlsx.read_back_appendix

    def wrong(path: Path, **options: Any) -> Any:
        back = real(path, **options)
        return dataclasses.replace(back, total_score=back.total_score + Decimal("0.25"))

    monkeypatch.setattr(xlsx, "read_back_appendix", wrong)
    root = _copy_example(tmp_path / "vi-du")
    with pytest.raises(BuildFailed) as info:
        build_package(root, as_of=ON_TIME)
    assert info.value.exit_code == 3
    assert "58,5/66" in info.value.message and "58,25/66" in info.value.message
    assert not (root / "build").exists()


# --------------------------------------------------------------------------- names on Windows


def test_windows_unsafe_and_nfd_names_are_sanitized(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    evidence = root / "evidence"
    unsafe = "Kế hoạch: số 1?.pdf"
    nfd = unicodedata.normalize("NFD", "Quyết định công bố.pdf")
    (evidence / unsafe).write_bytes(b"%PDF unsafe")
    (evidence / nfd).write_bytes(b"%PDF nfd")
    (evidence / "CON.pdf").write_bytes(b"%PDF con")
    (evidence / "KE-HOACH-CCHC-2023.pdf").write_bytes(b"%PDF other case")
    path = root / "divisions" / "van-phong.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "      - path: evidence/ke-hoach-cchc-2023.pdf\n"
    assert anchor in text
    extra = (
        f'      - path: "evidence/{unsafe}"\n'
        "      - path: evidence/Quyết định công bố.pdf\n"  # written NFC, stored NFD on disk
        "      - path: evidence/CON.pdf\n"
        "      - path: evidence/KE-HOACH-CCHC-2023.pdf\n"
    )
    path.write_text(text.replace(anchor, extra + anchor, 1), encoding="utf-8")

    result = build_package(root, as_of=ON_TIME, folder=True)
    paths = {f.written: f.package_path for f in result.files if f.leaf == "1.1"}
    assert paths == {
        f"evidence/{unsafe}": "tai-lieu-kiem-chung/1.1/Kế hoạch_ số 1_.pdf",
        "evidence/Quyết định công bố.pdf": "tai-lieu-kiem-chung/1.1/Quyết định công bố.pdf",
        "evidence/CON.pdf": "tai-lieu-kiem-chung/1.1/CON_.pdf",
        "evidence/KE-HOACH-CCHC-2023.pdf": "tai-lieu-kiem-chung/1.1/KE-HOACH-CCHC-2023.pdf",
        "evidence/ke-hoach-cchc-2023.pdf": "tai-lieu-kiem-chung/1.1/ke-hoach-cchc-2023-2.pdf",
    }
    for f in result.files:
        assert unicodedata.is_normalized("NFC", f.package_path)
        assert not set('<>:"\\|?*') & set(f.package_path)
        assert len(f.package_path) <= pkg.MAX_PATH_CHARS
    copied = result.package_dir / "tai-lieu-kiem-chung/1.1/Quyết định công bố.pdf"
    assert copied.read_bytes() == b"%PDF nfd"
    with zipfile.ZipFile(result.zip_path) as zf:
        info = zf.getinfo(f"{PACKAGE}/tai-lieu-kiem-chung/1.1/Kế hoạch_ số 1_.pdf")
        assert info.flag_bits & 0x800


# --------------------------------------------------------------------------- output folder


def test_output_folder_rules(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    with pytest.raises(UsageError):
        build_package(root, as_of=ON_TIME, out=root)
    with pytest.raises(UsageError):
        build_package(root, as_of=ON_TIME, out=root / "evidence" / "ra")
    assert not (root / "evidence" / "ra").exists()
    # a folder of the same name that parcli did not write is not replaced without --force
    out = tmp_path / "ket-qua"
    (out / PACKAGE).mkdir(parents=True)
    (out / PACKAGE / "cua-toi.txt").write_text("đừng xóa", encoding="utf-8")
    with pytest.raises(OutputExists):
        build_package(root, as_of=ON_TIME, out=out)
    assert (out / PACKAGE / "cua-toi.txt").exists()
    result = build_package(root, as_of=ON_TIME, out=out, force=True)
    assert result.replaced and not (out / PACKAGE / "cua-toi.txt").exists()
    with pytest.raises(BuildUnreadable):
        (root / "dossier.yaml").write_text("agency: [\n", encoding="utf-8")
        build_package(root, as_of=ON_TIME)


# --------------------------------------------------------------------------- command line


def test_cli_build_prints_a_summary(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    root = _copy_example(tmp_path / "vi-du")
    run = cli("build", str(root), "--as-of", "04/01/2024")
    assert run.code == 0, run.err
    out = run.out + run.err
    assert "Tổng điểm tự đánh giá: 58,25/66 điểm, đạt 88,26%." in out
    assert f"{root / 'build' / PACKAGE}" in out
    assert f"{root / 'build' / PACKAGE}.zip" in out
    assert "26 tệp (dùng cho 70 lượt tiêu chí, mỗi tệp lưu một bản)" in out
    assert "MINH HỌA" in out
    # an illustrative criteria set: every document says KHÔNG DÙNG ĐỂ NỘP, so does the summary
    assert "Tệp nén để gửi" not in out
    assert "Tệp nén thử nghiệm (bộ tiêu chí MINH HỌA, không dùng để gửi):" in out
    assert "Đang chép" not in out  # no progress line when not on a terminal


def test_cli_exit_codes(
    tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_example(tmp_path / "vi-du")
    _break_evidence(root)
    refused = cli("build", str(root), "--as-of", "04/01/2024")
    assert refused.code == 1
    assert "E001" in refused.err and "khong-co.pdf" in refused.err
    assert "Traceback" not in refused.err + refused.out
    assert not (root / "build").exists()

    draft = cli("build", str(root), "--as-of", "04/01/2024", "--draft")
    assert draft.code == 0, draft.err
    assert "BAN-NHAP-" in draft.out and "BẢN NHÁP" in draft.out

    missing = cli("build", str(tmp_path / "khong-co"))
    assert missing.code == 2 and "dossier.yaml" in missing.err

    same = cli("build", str(root), "--out", str(root), "--draft")
    assert same.code == 2 and "Traceback" not in same.err

    import parcli.render.xlsx.readback as xlsx

    real = xlsx.read_back_appendix
    monkeypatch.setattr(
        xlsx,
        "read_back_appendix",
        lambda path, **kw: dataclasses.replace(real(path, **kw), rows=real(path, **kw).rows[:-1]),
    )
    failed = cli("build", str(root), "--draft", "--out", str(tmp_path / "khac"))
    assert failed.code == 3
    assert "Tự kiểm tra" in failed.err and "Traceback" not in failed.err
    assert not (tmp_path / "khac").exists()


def test_a_full_disk_is_a_build_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from parcli.package.stream import EvidencePass

    root = _copy_example(tmp_path / "vi-du")
    calls = []
    real = EvidencePass._drain

    def full(self: EvidencePass, dst: Any, target: Any, errors: list[BaseException]) -> None:
        calls.append(dst)
        if len(calls) == 3:
            errors.append(OSError(errno.ENOSPC, "No space left on device", "x.pdf"))
        real(self, dst, target, errors)

    monkeypatch.setattr(EvidencePass, "_drain", full)
    with pytest.raises(BuildFailed) as info:
        build_package(root, as_of=ON_TIME)
    assert info.value.exit_code == 3 and "ổ đĩa đã đầy" in info.value.message
    assert not (root / "build").exists()


def test_reworded_report_still_builds(tmp_path: Path) -> None:
    """An office may reword the total sentence; the self-check reads parcli's own table."""
    root = _copy_example(tmp_path / "vi-du")
    local = root / "templates" / "report"
    local.mkdir(parents=True)
    (local / "total.j2").write_text(
        "1. Sở tự chấm được {{ score|so }} trên tổng số {{ scope_max|so }} điểm.\n",
        encoding="utf-8",
    )
    result = build_package(root, as_of=ON_TIME)
    text = docx_text(result.report_path)
    assert "Sở tự chấm được 58,25 trên tổng số 66 điểm." in text


def test_self_check_reads_the_area_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parcli.package.selfcheck as selfcheck

    root = _copy_example(tmp_path / "vi-du")
    monkeypatch.setattr(selfcheck, "docx_area_rows", lambda path: [("Tổng cộng", "66", "58")])
    with pytest.raises(BuildFailed):
        build_package(root, as_of=ON_TIME)
    assert not (root / "build" / PACKAGE).exists()


def test_missing_scores_block_a_final_build_in_any_phase(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    path = root / "divisions" / "trung-tam-dang-kiem.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("score: 1.5", "score:"), encoding="utf-8"
    )
    for day in (dt.date(2023, 12, 20), LATE):  # while the window is open, and after
        with pytest.raises(BuildRefused) as refused:
            build_package(root, as_of=day)
        assert any(f.criterion == "8.3" for f in refused.value.findings)
    result = build_package(root, as_of=LATE, draft=True)
    assert result.draft


def test_each_evidence_byte_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One open and one read of each evidence file; the package folder and the zip both get
    the bytes that were hashed, and nothing re-reads or re-hashes the evidence afterwards."""
    import parcli.package.stream as stream

    root = _copy_example(tmp_path / "vi-du")
    opened: list[Path] = []
    real_open = stream.open_evidence
    hashed: list[Path] = []
    real_hash = pkg.hash_file

    def counting_open(base: Path, source: Path) -> Any:
        opened.append(source)
        return real_open(base, source)

    def counting_hash(path: Path) -> tuple[int, str]:
        hashed.append(path)
        return real_hash(path)

    monkeypatch.setattr(stream, "open_evidence", counting_open)
    monkeypatch.setattr(pkg, "hash_file", counting_hash)
    result = build_package(root, as_of=ON_TIME, folder=True)
    assert sorted(opened) == sorted(f.source for f in result.files if f.stored)  # each once
    assert all(EVIDENCE not in p.parts for p in hashed)  # only the report and the appendix
    with zipfile.ZipFile(result.zip_path) as zf:
        for f in result.files:
            data = zf.read(f"{PACKAGE}/{f.package_path}")
            assert hashlib.sha256(data).hexdigest() == f.sha256
            assert (result.package_dir / f.package_path).read_bytes() == data


EVIDENCE = "tai-lieu-kiem-chung"


# --------------------------------------------------------------------------- personal data


def _all_bytes_of(path: Path) -> bytes:
    """The file ``path`` or every file under it, zips and the Office files inside them opened;
    XML and JSON with character references (&#7892;) resolved."""
    import html
    import io
    import zipfile

    def readable(name: str, data: bytes) -> bytes:
        if name.endswith((".xml", ".rels", ".json", "SHA256SUMS")):
            return html.unescape(data.decode("utf-8", "replace")).encode("utf-8")
        return data

    def unzip(data: bytes) -> list[bytes]:
        parts: list[bytes] = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                inner = zf.read(name)
                parts.append(readable(name, inner))
                if inner.startswith(b"PK\x03\x04"):
                    parts += unzip(inner)
        return parts

    parts: list[bytes] = []
    for f in [path] if path.is_file() else sorted(path.rglob("*")):
        if f.is_file():
            data = f.read_bytes()
            parts.append(readable(f.name, data))
            if data.startswith(b"PK\x03\x04"):
                parts += unzip(data)
    return b"\n".join(parts)


def test_the_package_holds_no_email_or_phone(built: Built) -> None:
    """The example has a survey register (survey.yaml): none of its contacts reach the package."""
    import re

    register = (built.root / "survey.yaml").read_text(encoding="utf-8")
    emails = re.findall(r"email: (\S+@\S+)", register)
    phones = re.findall(r'phone: "([^"]+)"', register)
    assert len(emails) == len(phones) == 13
    digits = [re.sub(r"\D", "", p) for p in phones]
    # the zip holds every file of the package folder (test_zip_holds_the_same_files)
    data = _all_bytes_of(built.result.zip_path)
    assert "TỔNG CỘNG".encode() in data and "Nguyễn Quốc Huy".encode() in data  # XML read
    needles = emails + phones + digits + ["sgtvtxd-laocai.example"]
    pattern = b"|".join(re.escape(n.encode()) for n in needles)
    assert re.findall(pattern, data) == []  # one pass over ~40 MB
    summary = " ".join(built.result.warnings)
    assert "cảnh báo" not in summary  # the register's X007 is not the package's
    assert not any(e in summary for e in emails + phones)


# --------------------------------------------------------------------------- evidence copies


def _evidence_cells(appendix: Path) -> dict[str, str]:
    import openpyxl

    ws = openpyxl.load_workbook(appendix)["Phụ biểu"]
    return {
        str(row[0].value): str(row[5].value or "")
        for row in ws.iter_rows()
        if isinstance(row[0].value, str) and row[0].value[:1].isdigit()
    }


@pytest.mark.parametrize("copies", ["once", "per-leaf"])
def test_one_plan_used_by_many_leaves(mini: Any, copies: str) -> None:
    """One PDF used by several leaves: stored once (default) or once per leaf, as chosen."""
    if copies == "per-leaf":
        mini.replace(
            "dossier.yaml", "coordinator:", "package:\n  evidence_copies: per-leaf\ncoordinator:"
        )
    # the plan also supports 2.2 and 1.2.1 (three leaves, two divisions)
    mini.replace(
        "divisions/phong-a.yaml",
        "    score: 0.5\n",
        "    score: 0.5\n    evidence: [evidence/ke-hoach.pdf]\n",
    )
    mini.replace(
        "divisions/van-phong.yaml",
        "      - path: evidence/bao-cao.docx",
        "      - evidence/ke-hoach.pdf\n      - path: evidence/bao-cao.docx",
    )
    result = build_package(mini.root, as_of=dt.date(2023, 12, 20), folder=True)
    plan = [f for f in result.files if f.written == "evidence/ke-hoach.pdf"]
    assert [f.leaf for f in plan] == ["1.1", "1.2.1", "2.1.1", "2.1.10"]
    with zipfile.ZipFile(result.zip_path) as zf:
        stored = sorted(n for n in zf.namelist() if n.endswith("ke-hoach.pdf"))
    manifest = json.loads((result.package_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["files"] if e["source"] == "evidence/ke-hoach.pdf"]
    cells = _evidence_cells(result.appendix_path)
    assert manifest["evidence_copies"] == copies
    if copies == "once":
        assert [s.split("/", 1)[1] for s in stored] == ["tai-lieu-kiem-chung/1.1/ke-hoach.pdf"]
        assert {f.package_path for f in plan} == {"tai-lieu-kiem-chung/1.1/ke-hoach.pdf"}
        assert [e["stored"] for e in entries] == [True, False, False, False]
        assert {e["package_path"] for e in entries} == {"tai-lieu-kiem-chung/1.1/ke-hoach.pdf"}
        for leaf in ("1.1", "1.2.1", "2.1.1", "2.1.10"):
            assert "tai-lieu-kiem-chung/1.1/ke-hoach.pdf" in cells[leaf], leaf
        sums = (result.package_dir / "SHA256SUMS").read_text(encoding="utf-8")
        assert sums.count("ke-hoach.pdf") == 1
    else:
        assert len(stored) == 4 and all(e["stored"] for e in entries)
        for leaf in ("1.1", "1.2.1", "2.1.1", "2.1.10"):
            assert f"tai-lieu-kiem-chung/{leaf}/ke-hoach.pdf" in cells[leaf], leaf
    assert result.evidence_bytes == sum(f.size for f in result.files if f.stored)


def test_cli_build_of_an_official_set_says_where_the_zip_goes(
    mini: Any, cli: Callable[..., Any]
) -> None:
    run = cli("build", str(mini.root), "--as-of", "20/12/2023")
    assert run.code == 0, run.err
    assert f"Tệp nén để gửi Sở Nội vụ: {mini.root / 'build'}" in run.out
    assert "MINH HỌA" not in run.out


def test_a_case_only_match_is_packaged_under_the_name_on_disk(mini: Any) -> None:
    """E008 says parcli uses the file on disk: the package stores it under that name too."""
    (mini.root / "evidence" / "ke-hoach.pdf").rename(mini.root / "evidence" / "Ke-Hoach.pdf")
    assert "E008" in mini.codes()
    result = build_package(mini.root, as_of=dt.date(2023, 12, 20), folder=True)
    paths = {f.package_path for f in result.files if f.written == "evidence/ke-hoach.pdf"}
    assert paths == {"tai-lieu-kiem-chung/1.1/Ke-Hoach.pdf"}
    assert (result.package_dir / "tai-lieu-kiem-chung/1.1/Ke-Hoach.pdf").is_file()


# --------------------------------------------------------------------------- beside the zip


def test_an_edited_document_is_never_replaced_silently(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """The office opens the report beside the zip, corrects a sentence in Word and saves: the
    next build must not throw that away (unless --force)."""
    root = _copy_example(tmp_path / "vi-du")
    out = root / "build"
    first = build_package(root, as_of=ON_TIME, folder=True)
    assert first.package_dir is not None
    again = build_package(root, as_of=ON_TIME)  # unchanged documents are replaced
    assert again.replaced
    # without --folder, the folder of the earlier build goes: it would not match the zip
    assert sorted(p.name for p in out.iterdir()) == [REPORT, f"{PACKAGE}.zip", APPENDIX]
    edited = out / REPORT
    edited.write_bytes(edited.read_bytes() + b"sua trong Word")
    before = _hashes(out)
    with pytest.raises(OutputExists) as info:
        build_package(root, as_of=ON_TIME)
    assert str(edited) in str(info.value) and "đã được sửa" in str(info.value)
    assert "--force" in (info.value.hint or "")
    assert _hashes(out) == before and _leftovers(out) == []
    run = cli("build", str(root), "--as-of", "04/01/2024")
    assert run.code == 2 and "các chỗ đã sửa sẽ mất" in run.err and "chuyển (cắt" in run.err
    assert "Traceback" not in run.err
    forced = build_package(root, as_of=ON_TIME, force=True)
    assert forced.report_path.read_bytes() == first.report_path.read_bytes()


def _saved_again(path: Path) -> None:
    """What Word or Excel do on Save: the document's modification time changes."""
    when = dt.datetime(2024, 1, 5, 9, 30)
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        document.core_properties.modified = when
        document.save(str(path))
    else:
        import openpyxl

        book = openpyxl.load_workbook(path)
        book.properties.modified = when
        book.save(path)


def test_documents_are_judged_without_the_zip_and_all_named_at_once(tmp_path: Path) -> None:
    """The office moves the zip to a USB stick and rebuilds: parcli's own untouched documents
    are replaced, documents saved again in Word/Excel are kept, and every one is named."""
    root = _copy_example(tmp_path / "vi-du")
    out = root / "build"
    first = build_package(root, as_of=ON_TIME)
    first.zip_path.rename(tmp_path / "usb.zip")
    again = build_package(root, as_of=ON_TIME)  # untouched: recognised by their properties
    assert again.report_path.read_bytes() == first.report_path.read_bytes()
    again.zip_path.rename(tmp_path / "usb.zip")
    _saved_again(out / REPORT)
    _saved_again(out / APPENDIX)
    with pytest.raises(OutputExists) as info:
        build_package(root, as_of=ON_TIME)
    message = str(info.value)
    assert "2 tệp" in message and str(out / REPORT) in message and str(out / APPENDIX) in message
    assert "đã được sửa và lưu lại" in message
    # with the zip there, both edits are found by their hashes, both named
    build_package(root, as_of=ON_TIME, force=True)
    _saved_again(out / REPORT)
    _saved_again(out / APPENDIX)
    with pytest.raises(OutputExists) as info:
        build_package(root, as_of=ON_TIME)
    assert "2 tệp" in str(info.value) and "khác bản parcli đã ghi" in str(info.value)


def test_an_edited_report_inside_the_folder_is_kept(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    out = root / "build"
    built = build_package(root, as_of=ON_TIME, folder=True)
    assert built.package_dir is not None
    inside_folder = built.package_dir / REPORT
    inside_folder.write_bytes(inside_folder.read_bytes() + b"sua")
    with pytest.raises(OutputExists) as info:
        build_package(root, as_of=ON_TIME)
    assert str(inside_folder) in str(info.value)
    assert inside_folder.read_bytes().endswith(b"sua") and _leftovers(out) == []


def test_a_document_parcli_did_not_write_is_kept(tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "vi-du")
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / APPENDIX).write_bytes(b"bang tinh cua van phong")
    with pytest.raises(OutputExists) as info:
        build_package(root, as_of=ON_TIME, out=out)
    assert "không do parcli tạo" in str(info.value)
    assert (out / APPENDIX).read_bytes() == b"bang tinh cua van phong"
    assert sorted(p.name for p in out.iterdir()) == [APPENDIX]


def test_a_document_open_in_word_is_named_when_the_swap_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Word has open; the failure says which and what to do."""
    import parcli.package.swap as swap

    root = _copy_example(tmp_path / "vi-du")
    out = root / "build"
    build_package(root, as_of=ON_TIME)
    (out / f"~${REPORT[2:]}").write_bytes(b"owner")  # what Word leaves beside an open file
    before = _hashes(out)
    real = swap.os.replace

    def refuse(src: Any, dst: Any) -> None:
        if Path(dst).name == REPORT or Path(src).name == REPORT:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(swap.os, "replace", refuse)
    with pytest.raises(BuildFailed) as info:
        build_package(root, as_of=ON_TIME)
    monkeypatch.setattr(swap.os, "replace", real)
    assert "Đang mở trong Word/Excel" in (info.value.hint or "")
    assert str(out / REPORT) in (info.value.hint or "")
    assert _hashes(out) == before and _leftovers(out) == []


def test_a_hash_left_unfilled_in_the_appendix_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The self-check reads the appendix before its hashes are filled in: the filling itself
    must account for every stand-in, or the build stops with nothing moved into place."""
    root = _copy_example(tmp_path / "vi-du")
    real = pkg.fill_hashes

    def forgets_one(path: Path, hashes: Any, day: dt.date) -> set[str]:
        return set(list(real(path, hashes, day))[1:])

    monkeypatch.setattr(pkg, "fill_hashes", forgets_one)
    with pytest.raises(BuildFailed) as info:
        build_package(root, as_of=ON_TIME)
    assert info.value.exit_code == 3 and "thiếu mã SHA-256 của 1 tài liệu" in info.value.message
    assert not (root / "build").exists()


def test_a_document_open_in_word_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows, Word keeps the report it shows open without sharing write access: the build
    says so at once instead of failing at the very end, after reading every evidence byte."""
    import parcli.package.stream as stream

    root = _copy_example(tmp_path / "vi-du")
    out = root / "build"
    build_package(root, as_of=ON_TIME)
    before = _hashes(out)
    real_open = Path.open

    def as_windows(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.name == APPENDIX and mode == "r+b":
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_open(self, mode, *args, **kwargs)

    opened: list[Path] = []
    monkeypatch.setattr(Path, "open", as_windows)
    monkeypatch.setattr(stream, "open_evidence", lambda base, src: opened.append(src))
    with pytest.raises(BuildFailed) as info:
        build_package(root, as_of=ON_TIME)
    assert str(out / APPENDIX) in info.value.message and "đang mở" in info.value.message
    assert "Đóng tệp" in (info.value.hint or "")
    assert opened == [] and _hashes(out) == before and _leftovers(out) == []
