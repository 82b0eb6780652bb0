"""The build process under kill -9, SIGINT, concurrent builds, a full disk and a read-only folder.

After each: the build folder holds the previous package whole or the new one whole (its zip,
the report and appendix beside it and, with --folder, the package folder agree with its
SHA256SUMS), and after the next build no ``.parcli-*`` folder is left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, MiniDossier

from parcli.actions.build import build_package
from parcli.errors import BuildFailed
from parcli.package.swap import build_lock, recover

AS_OF = dt.date(2023, 12, 20)
PACKAGE = "ho-so-par-index-2023-STN"
REPORT = "bao-cao-tu-danh-gia-2023.docx"
APPENDIX = "phu-bieu-tu-danh-gia-2023.xlsx"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": "0"}


def _state(out: Path) -> str:
    """The package's identity ("<zip sha>"), after checking that it is whole: the zip agrees
    with its SHA256SUMS, the report and the appendix beside it are the zip's, and a package
    folder (``--folder``), if there is one, agrees too."""
    zipped = out / f"{PACKAGE}.zip"
    assert zipped.is_file(), sorted(p.name for p in out.iterdir())
    with zipfile.ZipFile(zipped) as zf:
        sums = {}
        for line in zf.read(f"{PACKAGE}/SHA256SUMS").decode("utf-8").splitlines():
            sha, _, rel = line.partition("  ")
            sums[rel] = sha
        in_zip = {
            i.filename.split("/", 1)[1]: hashlib.sha256(zf.read(i)).hexdigest()
            for i in zf.infolist()
            if not i.filename.endswith("SHA256SUMS")
        }
    assert in_zip == sums, "the zip does not match its SHA256SUMS"
    for name in (REPORT, APPENDIX):
        beside = hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert beside == sums[name], f"{name} beside the zip is not the zip's"
    folder = out / PACKAGE
    if folder.exists():
        on_disk = {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*")
            if p.is_file() and p.name != "SHA256SUMS"
        }
        assert on_disk == sums, "the folder does not match the zip"
    return hashlib.sha256(zipped.read_bytes()).hexdigest()


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".parcli"))


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[MiniDossier, Path, str]:
    """A dossier built once into ``out`` (the old package); its evidence then changed."""
    mini = MiniDossier(tmp_path / "hoso")
    out = tmp_path / "ket-qua"
    build_package(mini.root, as_of=AS_OF, out=out)
    old = _state(out)
    (mini.root / "evidence" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 phien ban moi\n")
    return mini, out, old


_KILL_AT_RENAME = """
import os, sys, datetime as dt
from pathlib import Path
import parcli.package.swap as swap
from parcli.actions.build import build_package
calls = [0]
real_replace, real_remove = os.replace, swap.remove_tree
out, stop = Path(sys.argv[2]), int(sys.argv[3])
def replace(a, b):
    if out in (Path(a).parent, Path(b).parent):  # a rename of the swap, in the build folder
        if calls[0] == stop:
            os._exit(137)  # as kill -9: no except, no finally
        calls[0] += 1
    real_replace(a, b)
def remove_tree(path):
    if Path(path).name.startswith(swap.BACKUP_PREFIX) and stop == 99:
        os._exit(137)  # the swap is complete ("done" written), the backup not yet removed
    real_remove(path)
swap.os.replace = replace
swap.remove_tree = remove_tree
build_package(Path(sys.argv[1]), as_of=dt.date(2023, 12, 20), out=Path(sys.argv[2]))
"""


# the old zip, report and appendix go into the backup, the new ones take their names: stop
# before each of these 6 renames, or after the swap is complete
@pytest.mark.parametrize("stop", [0, 1, 2, 3, 4, 5, 99])
def test_killed_during_the_swap_leaves_a_whole_package(
    two_versions: tuple[MiniDossier, Path, str], stop: int
) -> None:
    mini, out, old = two_versions
    run = subprocess.run(
        [sys.executable, "-c", _KILL_AT_RENAME, str(mini.root), str(out), str(stop)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 137, run.stderr
    present = {(out / name).is_file() for name in (f"{PACKAGE}.zip", REPORT, APPENDIX)}
    assert (present == {True}) is (stop in (0, 99))  # between renames: half a package
    with build_lock(out):
        recover(out)
    state = _state(out)
    # killed before the swap finished: the old package; after it: the new one
    assert (state == old) is (stop != 99)
    assert _leftovers(out) == []
    result = build_package(mini.root, as_of=AS_OF, out=out)
    assert _state(out) == hashlib.sha256(result.zip_path.read_bytes()).hexdigest()
    assert _leftovers(out) == []


def _spawn_build(root: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parcli",
            "build",
            str(root),
            "--out",
            str(out),
            "--as-of",
            "20/12/2023",
            *extra,
        ],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_9_at_random_points_then_a_new_build(
    two_versions: tuple[MiniDossier, Path, str],
) -> None:
    mini, out, old = two_versions
    rng = random.Random(14)
    for _ in range(2):
        proc = _spawn_build(mini.root, out)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        with build_lock(out):
            recover(out)
        assert _state(out)  # the old package or the new one, whole
    build_package(mini.root, as_of=AS_OF, out=out)
    assert _state(out) != old and _leftovers(out) == []


def test_sigint_keeps_the_previous_package(two_versions: tuple[MiniDossier, Path, str]) -> None:
    mini, out, old = two_versions
    proc = _spawn_build(mini.root, out)
    deadline = time.monotonic() + 30
    while not _leftovers(out) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # until the build writes its temporary folder
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr
    if proc.returncode != 0:  # interrupted (130) before the swap
        assert proc.returncode == 130, stderr
        assert _state(out) == old
    else:  # it had already finished
        assert _state(out) != old
    assert _leftovers(out) == []


def test_concurrent_builds_wait_for_each_other(
    two_versions: tuple[MiniDossier, Path, str],
) -> None:
    mini, out, _old = two_versions
    procs = [_spawn_build(mini.root, out), _spawn_build(mini.root, out, "--folder")]
    for proc in procs:
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    assert _state(out) and _leftovers(out) == []


def test_many_references_to_one_file_leave_nothing_behind(tmp_path: Path) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    refs = "".join("      - evidence/ke-hoach.pdf\n" for _ in range(40))
    mini.replace(
        "divisions/van-phong.yaml",
        "    evidence:\n      - evidence/ke-hoach.pdf\n",
        "    evidence:\n" + refs,
    )
    out = tmp_path / "ra"
    build_package(mini.root, as_of=AS_OF, out=out, draft=True)
    assert _leftovers(out) == []


# --------------------------------------------------------------------------- small disks


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _fill(disk: Path, leave: int) -> None:
    free = shutil.disk_usage(disk).free
    with (disk / "day.bin").open("wb") as f:
        f.write(b"\0" * max(free - leave, 0))


def test_a_full_disk_keeps_the_previous_package(tmp_path: Path) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    (mini.root / "evidence" / "ke-hoach.pdf").write_bytes(os.urandom(300_000))
    with _tmpfs(tmp_path / "dia", "2m") as disk:
        out = disk / "ra"
        build_package(mini.root, as_of=AS_OF, out=out)
        old = _state(out)
        (mini.root / "evidence" / "ke-hoach.pdf").write_bytes(os.urandom(300_000))
        _fill(disk, 200_000)
        with pytest.raises(BuildFailed) as info:
            build_package(mini.root, as_of=AS_OF, out=out)
        assert "ổ đĩa đã đầy" in info.value.message
        assert _state(out) == old and _leftovers(out) == []


def test_a_read_only_build_folder_keeps_the_previous_package(tmp_path: Path) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    with _tmpfs(tmp_path / "dia", "4m") as disk:
        out = disk / "ra"
        build_package(mini.root, as_of=AS_OF, out=out)
        old = _state(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(BuildFailed) as info:
            build_package(mini.root, as_of=AS_OF, out=out)
        assert "chỉ cho phép đọc" in info.value.message
        assert _state(out) == old


def test_a_full_temporary_folder_is_a_clean_failure(tmp_path: Path) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    with _tmpfs(tmp_path / "tam", "1m") as tmp:
        _fill(tmp, 0)
        run = subprocess.run(
            [sys.executable, "-m", "parcli", "build", str(mini.root), "--as-of", "20/12/2023"],
            env={**_env(), "TMPDIR": str(tmp)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode in (0, 3), run.stderr
        assert "Traceback" not in run.stderr
        assert not (mini.root / "build").exists() or _leftovers(mini.root / "build") == []
