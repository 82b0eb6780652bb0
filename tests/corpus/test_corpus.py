"""Every hostile case through validate, validate --format json, build, build --draft, status
and score (the real entry point, in-process).

Asserts, for each: exit 1 or 2 (never 70; a draft may also succeed), no traceback, the faulty
file named (with a line where one exists), no input file changed, nothing outside the dossier
read into any output or written, and a few seconds at most.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import stat
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cases import CASES, SECRET, Case
from helpers import MiniDossier

AS_OF = "20/12/2023"
CASE_SECONDS = 8


def _snapshot(base: Path, skip: Path) -> dict[str, str]:
    """Hash of every regular file below ``base`` (links and FIFOs recorded, never opened)."""
    result: dict[str, str] = {}
    for folder, dirs, names in os.walk(base):
        here = Path(folder)
        if here == skip or skip in here.parents:
            dirs[:] = []
            continue
        for name in names + [d for d in dirs if (here / d).is_symlink()]:
            path = here / name
            rel = path.relative_to(base).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                result[rel] = "-> " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                result[rel] = f"mode {info.st_mode:o}"
    return result


def _archives(base: Path) -> Iterator[bytes]:
    for path in base.rglob("*"):
        if path.suffix in (".zip", ".docx", ".xlsx") and path.is_file():
            if not zipfile.is_zipfile(path):
                continue
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    data = zf.read(info)
                    yield data
                    if info.filename.endswith((".docx", ".xlsx")):
                        try:
                            inner = zipfile.ZipFile(io.BytesIO(data))
                        except zipfile.BadZipFile:
                            continue  # an evidence file named .docx that is not one
                        with inner:
                            for member in inner.infolist():
                                yield inner.read(member)


class _Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise _Timeout


@pytest.mark.parametrize("case", CASES, ids=[f"{c.family}-{c.name}" for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, cli: Callable[..., Any]) -> None:
    mini = MiniDossier(tmp_path / "hoso")
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    case.make(mini, outside)
    root = str(mini.root)
    before = _snapshot(tmp_path, mini.root / "build")
    runs = {
        "validate": ("validate", root, "--as-of", AS_OF),
        "json": ("validate", root, "--as-of", AS_OF, "--format", "json"),
        "build": ("build", root, "--as-of", AS_OF),
        "draft": ("build", root, "--as-of", AS_OF, "--draft"),
        "status": ("status", root, "--as-of", AS_OF),
        "score": ("score", root, "--as-of", AS_OF),
    }
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for kind, args in runs.items():
            start = time.monotonic()
            signal.alarm(CASE_SECONDS * 3)
            try:
                run = cli(*args)
            except _Timeout:
                pytest.fail(f"{kind}: still running after {CASE_SECONDS * 3} s")
            finally:
                signal.alarm(0)
            took = time.monotonic() - start
            text = run.out + run.err
            assert took < CASE_SECONDS, f"{kind}: {took:.1f} s"
            assert "Traceback" not in text, f"{kind}: {text[-2000:]}"
            assert SECRET not in text, f"{kind} echoed a file from outside the dossier"
            if kind in ("status", "score"):  # progress views: any verdict, never a crash
                assert run.code in (0, 1, 2), f"{kind}: exit {run.code}\n{text[-2000:]}"
                continue
            if case.valid:
                assert run.code == 0, f"{kind}: exit {run.code}\n{text[-2000:]}"
                if case.says and kind == "build":
                    assert case.says in text, text[-1500:]
                continue
            if case.at_build and kind in ("validate", "json"):
                assert run.code in (0, 1, 2), f"{kind}: exit {run.code}\n{text[-2000:]}"
                continue
            allowed = (0, 1, 2) if kind == "draft" and not case.at_build else (1, 2)
            assert run.code in allowed, f"{kind}: exit {run.code}\n{text[-2000:]}"
            if kind == "json":
                findings = json.loads(run.out)["findings"]
                located = [f for f in findings if f["file"] == case.file]
                assert located, f"json names no finding in {case.file}: {findings[:3]}"
                if case.line:
                    assert any(f["line"] for f in located), located[:3]
                if case.code:
                    assert case.code in {f["code"] for f in located}, located[:3]
            elif run.code != 0:
                line = r"(:\d+|, dòng \d+)" if case.line else ""
                pattern = re.escape(case.file) + line
                assert re.search(pattern, text), f"{kind}: {case.file} not named\n{text[-1500:]}"
    finally:
        signal.signal(signal.SIGALRM, old)
    assert _snapshot(tmp_path, mini.root / "build") == before, "an input changed or was written"
    for data in _archives(tmp_path):
        assert SECRET.encode() not in data, "a file from outside the dossier was packaged"


@pytest.mark.parametrize(
    "cell",
    ["1e400", "-1e400", "1e28", "9" * 5000, "0,1234567891", "1e-400", "0,30000000000000004"],
)
def test_hostile_criteria_table(cell: str, tmp_path: Path, cli: Callable[..., Any]) -> None:
    """Maxima no score can have, in an imported table: a located refusal, nothing written."""
    from criteria_tables import SMALL, make_xlsx

    rows = [list(r) for r in SMALL]
    rows[2][2] = cell  # the maximum of 1.1
    table = make_xlsx(tmp_path / "bang.xlsx", {"Phụ lục": rows})
    run = cli("criteria", "import", str(table), "-o", str(tmp_path / "bo.yaml"))
    text = run.out + run.err
    assert run.code in (1, 2), text[-1500:]
    assert "Traceback" not in text
    assert re.search(r"Trang tính 'Phụ lục', dòng \d+", text), text[-1500:]
    assert not (tmp_path / "bo.yaml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{root}", "--as-of", "31/02/2023"),
        ("validate", "{root}", "--as-of", "hôm qua"),
        ("validate", "{root}", "--format", "xml"),
        ("validate", "{root}/khong-co"),
        ("validate", "{root}/dossier.yaml"),
        ("build", "{root}", "--out", "{root}/dossier.yaml"),
        ("build", "{root}", "--out", "{root}"),
        ("build", "{root}", "--out", "{root}/evidence/ra"),
        ("build", "{root}", "--as-of", "1/1/99999"),
        ("status", "{root}", "--as-of", "0/0/0"),
        ("score", "{root}/" + "x" * 5000),
        ("criteria", "import", "{root}/khong-co.xlsx", "-o", "{root}/bo.yaml"),
        ("criteria", "import", "{root}/dossier.yaml", "-o", "{root}/bo.yaml"),
    ],
    ids=lambda a: "-".join(a[:3])[:40],
)
def test_hostile_command_line(
    args: tuple[str, ...], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    """Wrong options are usage errors (exit 1 or 2) with a message, never a crash."""
    mini = MiniDossier(tmp_path / "hoso")
    before = _snapshot(tmp_path, mini.root / "build")
    run = cli(*(a.replace("{root}", str(mini.root)) for a in args))
    text = run.out + run.err
    assert run.code in (1, 2), f"exit {run.code}\n{text[-1500:]}"
    assert "Traceback" not in text and text.strip()
    assert _snapshot(tmp_path, mini.root / "build") == before
