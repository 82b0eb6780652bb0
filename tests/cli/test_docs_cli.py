"""`parcli docs`: the user guides ship with the package and print in the terminal."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO

from parcli.resources import shipped_docs


def test_the_guides_are_listed(cli: Callable[..., Any]) -> None:
    run = cli("docs")
    assert run.code == 0
    for topic in ("formats", "findings", "build", "report", "appendix", "criteria-import"):
        assert re.search(rf"^  {re.escape(topic)} +\S", run.out, re.M), topic
    assert "Định dạng tệp của parcli" in run.out


@pytest.mark.parametrize("topic", ["formats", "FORMATS", "formats.md", "docs/formats.md"])
def test_a_guide_prints_whole(cli: Callable[..., Any], topic: str) -> None:
    run = cli("docs", topic)
    assert run.code == 0
    assert run.out == (REPO / "docs" / "formats.md").read_text(encoding="utf-8")


def test_a_mistyped_topic_gets_a_suggestion(cli: Callable[..., Any]) -> None:
    run = cli("docs", "formt")
    assert run.code == 2
    assert "Không có hướng dẫn 'formt'" in run.err and "'formats'" in run.err


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_the_wheel_ships_the_guides() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs"] == "parcli/_data/docs"
    assert set(shipped_docs()) == {p.stem for p in (REPO / "docs").glob("*.md")}


def test_no_hint_points_at_a_file_a_pip_install_lacks() -> None:
    """Messages say `parcli docs <topic>`, never docs/<topic>.md (not in an installed parcli)."""
    offenders = []
    for folder in ("parcli", "templates", "examples"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix not in (".py", ".j2", ".yaml", ".txt") or not path.is_file():
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith('"""'):
                    continue  # a docstring, for developers in the source tree
                if re.search(r"docs/[a-z-]+\.md", line) and (
                    stripped.startswith(('f"', '"', "# ", "'")) or path.suffix != ".py"
                ):
                    offenders.append(f"{Path(path).relative_to(REPO)}:{n}: {stripped}")
    docgen = [o for o in offenders if o.startswith("parcli/docgen.py")]
    assert [o for o in offenders if o not in docgen] == []
