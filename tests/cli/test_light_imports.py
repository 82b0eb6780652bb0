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
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
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
