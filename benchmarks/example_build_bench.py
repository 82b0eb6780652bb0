"""Where the time of building the bundled example goes.

Runs ``parcli build`` on a copy of the example as a whole process (``--runs`` times, interleaved
with nothing else) and prints its minimum and median; then, in fresh processes, times the
phases of the same build from inside (imports, loading and checking the dossier, the Word
report, the Excel appendix, the self-check, the rest: evidence, manifest, zip, swap) and prints
each phase's median share of the whole process.

    python benchmarks/example_build_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"

# Runs in a fresh process: times each phase by wrapping the functions the build calls.
CHILD = r"""
import datetime as dt, functools, json, sys, time
start = time.perf_counter()
from pathlib import Path
import parcli.actions.build as build
import parcli.package.selfcheck
phases = {}
def timed(module, name, label):
    real = getattr(module, name)
    @functools.wraps(real)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            phases[label] = phases.get(label, 0.0) + time.perf_counter() - t
    setattr(module, name, wrapper)
timed(build, "assess", "load and check the dossier")
timed(build, "self_check", "self-check")
imported = time.perf_counter()
import parcli.render.docx.report as report, parcli.render.xlsx.appendix as appendix
import parcli.render.templating
phases["imports"] = time.perf_counter() - imported + (imported - start)
timed(report, "render_report", "Word report")
timed(appendix, "render_appendix", "Excel appendix")
t = time.perf_counter()
build.build_package(Path(sys.argv[1]), as_of=dt.date(2024, 1, 4), out=Path(sys.argv[2]))
whole = time.perf_counter() - t
phases["rest (evidence, manifest, zip, swap)"] = whole - sum(
    v for k, v in phases.items() if k != "imports"
)
print(json.dumps(phases))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory(prefix="parcli-example-") as tmp:
        root = Path(tmp) / "vi-du"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
        wholes: list[float] = []
        shares: dict[str, list[float]] = {}
        for i in range(args.runs):
            out = Path(tmp) / f"ra-{i}"
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "parcli", "build", str(root), "--out", str(out)],
                env=env,
                check=True,
                capture_output=True,
            )
            wholes.append(time.perf_counter() - t)
            shutil.rmtree(out)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(root), str(out)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            shutil.rmtree(out)
            for label, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
                shares.setdefault(label, []).append(seconds)
    whole = statistics.median(wholes)
    print(
        f"parcli build of the example, whole process, {args.runs} runs: "
        f"min {min(wholes):.2f} s, median {whole:.2f} s"
    )
    print("phases, median of the runs (share of the whole process's median):")
    for label, values in sorted(shares.items(), key=lambda kv: -statistics.median(kv[1])):
        seconds = statistics.median(values)
        print(f"  {label:<40} {seconds * 1000:6.0f} ms  {seconds / whole:5.1%}")
    print("  (the rest up to 100 %: the interpreter, typer and printing the summary)")


if __name__ == "__main__":
    main()
