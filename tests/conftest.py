"""Shared fixtures: small dossiers built inline (see helpers.py), and the bundled example."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EXAMPLE, CliResult, MiniDossier


@pytest.fixture
def mini(tmp_path: Path) -> MiniDossier:
    return MiniDossier(tmp_path / "hoso")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "vi-du"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run the real console entry point in-process; return exit code, stdout, stderr."""
    from parcli.cli import main

    def invoke(*args: str, stdin_tty: bool = False) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["parcli", *args])
        monkeypatch.setattr(sys.stdin, "isatty", lambda: stdin_tty, raising=False)
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke
