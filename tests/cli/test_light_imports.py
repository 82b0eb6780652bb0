"""Light commands must not import openpyxl, python-docx or jinja2 (start-up time)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import EXAMPLE

HEAVY = ("openpyxl", "docx", "jinja2")

PROBE = """
import sys
sys.argv = ["parcli", *{args!r}]
from parcli.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
shown = sorted(m for m in sys.modules if m.startswith("parcli.cli."))
sys.stderr.write(f"CODE={{code}}\\n")
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
sys.stderr.write("CLI=" + ",".join(shown) + "\\n")
"""


def probe(args: list[str]) -> dict[str, str]:
    """Run parcli with ``args`` in a fresh interpreter: its exit code (CODE), the heavy libraries
    (HEAVY) and the parcli.cli modules (CLI) it imported, as comma-separated lists."""
    code = PROBE.format(args=args, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    found: dict[str, str] = {}
    for line in proc.stderr.splitlines():
        key, _, value = line.partition("=")
        if key in ("CODE", "HEAVY", "CLI"):
            found[key] = value
    assert found.keys() == {"CODE", "HEAVY", "CLI"}, proc.stderr
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["validate", str(EXAMPLE), "--as-of", "25/12/2023"],
        ["status", str(EXAMPLE), "--as-of", "25/12/2023"],
        ["survey", "status", str(EXAMPLE), "--as-of", "25/12/2023"],
        ["validate", "--help"],
        ["forms", "import", "--help"],
        ["sync", "--help"],
    ],
)
def test_light_commands_do_not_import_heavy_libraries(args: list[str]) -> None:
    found = probe(args)
    assert found["HEAVY"] == "", found["HEAVY"]
    # the command really ran to its end (the example is clean as of 25/12/2023), not stopped early
    assert found["CODE"] == "0", found


START_UP = ["parcli.cli.common", "parcli.cli.lazy", "parcli.cli.vietnamese"]
"""What every run of parcli imports from parcli/cli: the command modules come on demand."""


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (["--help"], []),
        ([], []),
        (["--version"], []),
        (["khong-co"], []),
        (["validate", "--help"], ["parcli.cli.validate"]),
        (["criteria", "--help"], ["parcli.cli.criteria"]),
        (["forms", "import", "--help"], ["parcli.cli.forms"]),
    ],
)
def test_a_command_module_is_imported_only_when_its_command_is_used(
    args: list[str], needed: list[str]
) -> None:
    imported = probe(args)["CLI"].split(",")
    assert imported == sorted(START_UP + needed), f"parcli {args} imported {imported}"
