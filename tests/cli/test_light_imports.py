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
sys.stderr.write(f"CODE={{code}}\\n")
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


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
    code = PROBE.format(args=args, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line, proc.stderr
    assert line[-1] == "HEAVY=", line[-1]
    # the command really ran to its end (the example is clean as of 25/12/2023), not stopped early
    assert "CODE=0" in proc.stderr.splitlines(), proc.stderr


COMMAND_MODULES = """
import sys
sys.argv = ["parcli", *{args!r}]
from parcli.cli import main
try:
    main()
except SystemExit:
    pass
shown = sorted(m for m in sys.modules if m.startswith("parcli.cli."))
sys.stderr.write("CLI=" + ",".join(shown) + "\\n")
"""

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
    code = COMMAND_MODULES.format(args=args)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("CLI=")]
    assert line, proc.stderr
    imported = line[-1].removeprefix("CLI=").split(",")
    assert imported == sorted(START_UP + needed), f"parcli {args} imported {imported}"
