"""``parcli --help`` and ``parcli validate --help`` against a bare typer app of the same shape.

The bare app is generated from parcli's own command tree (same groups, commands, options,
arguments and help texts) into a temporary file that imports nothing but typer; its commands
do nothing. Both are run as whole processes, ``python <script> --help``, the parcli one through
a two-line launcher like the ``parcli`` console script. The runs of the four commands are
interleaved (a busy machine slows all alike); prints min and median of each and the ratios
parcli / bare (target: at most 1.2).

    python benchmarks/help_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import typer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from parcli.cli import app  # noqa: E402


def _param(p: Any, index: int) -> str:
    """One parameter as typer source (typer ships its own click: duck typing)."""
    help_text = getattr(p, "help", None)
    name = p.name if p.name and p.name.isidentifier() else f"p{index}"
    if p.param_type_name == "argument":
        return f"{name}: str = typer.Argument(None, help={help_text!r})"
    opts = list(p.opts)
    if p.is_flag and p.secondary_opts:
        opts = [f"{opts[0]}/{p.secondary_opts[0]}", *opts[1:]]
    args = ", ".join(repr(o) for o in opts)
    if p.is_flag:
        return f"{name}: bool = typer.Option(False, {args}, help={help_text!r})"
    return f"{name}: str = typer.Option(None, {args}, help={help_text!r})"


def _command(lines: list[str], owner: str, name: str, cmd: Any, n: int) -> None:
    params = [_param(p, i) for i, p in enumerate(cmd.params) if p.name != "help"]
    lines.append(f"@{owner}.command({name!r})")
    lines.append(f"def c{n}(" + ", ".join(params) + ") -> None:")
    lines.append(f"    {(cmd.help or '')!r}")
    lines.append("")


def bare_app_source() -> str:
    """Python source of a typer app with parcli's shape and nothing else."""
    root: Any = typer.main.get_command(app)
    settings = {"help_option_names": ["-h", "--help"]}
    lines = [
        "import typer",
        f"app = typer.Typer(name='parcli', help={root.help!r}, no_args_is_help=True,",
        f"    add_completion=False, rich_markup_mode=None, context_settings={settings!r})",
        "",
        "@app.callback()",
        "def _root(version: bool = typer.Option(False, '--version', is_eager=True,",
        "          help='In phiên bản rồi thoát.')) -> None:",
        "    'parcli: hồ sơ tự đánh giá, chấm điểm PAR INDEX.'",
        "",
    ]
    n = 0
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            group = f"g{n}"
            lines.append(f"{group} = typer.Typer(help={cmd.help!r}, no_args_is_help=True)")
            lines.append(f"app.add_typer({group}, name={name!r})")
            for sub_name, sub in cmd.commands.items():
                n += 1
                _command(lines, group, sub_name, sub, n)
        else:
            n += 1
            _command(lines, "app", name, cmd, n)
    lines += ["", "app()", ""]
    return "\n".join(lines)


def run(cmd: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    took = time.perf_counter() - start
    # the bare app says "Usage", parcli says it in Vietnamese
    if proc.returncode != 0 or not (b"Usage" in proc.stdout or "Cách dùng".encode() in proc.stdout):
        raise SystemExit(f"{cmd} failed: {proc.returncode} {proc.stderr[-300:]!r}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parcli-help-") as name:
        tmp = Path(name)
        bare = tmp / "bare.py"
        bare.write_text(bare_app_source(), encoding="utf-8")
        launcher = tmp / "parcli_cli.py"
        launcher.write_text("from parcli.cli import main\n\nmain()\n", encoding="utf-8")
        cases = {
            "parcli --help": [sys.executable, str(launcher), "--help"],
            "bare --help": [sys.executable, str(bare), "--help"],
            "parcli validate --help": [sys.executable, str(launcher), "validate", "--help"],
            "bare validate --help": [sys.executable, str(bare), "validate", "--help"],
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for cmd in cases.values():
            run(cmd)  # warm the file cache and the .pyc files
        for _ in range(args.runs):
            for k, cmd in cases.items():
                times[k].append(run(cmd))
    print(f"whole processes, {args.runs} interleaved runs each:")
    for k, t in times.items():
        print(
            f"  {k:<24} min {min(t) * 1000:6.1f} ms, median {statistics.median(t) * 1000:6.1f} ms"
        )
    for what in ("--help", "validate --help"):
        p, b = times[f"parcli {what}"], times[f"bare {what}"]
        print(
            f"  ratio parcli / bare, {what:<16} {min(p) / min(b):.2f} (minima), "
            f"{statistics.median(p) / statistics.median(b):.2f} (medians)"
        )


if __name__ == "__main__":
    main()
