"""Time `parcli validate` on a generated large dossier against the floor of its raw I/O.

The dossier: the shipped criteria set, 30 divisions sharing every appraisal leaf, every leaf
answered, 5,000 small evidence files. The floor: parsing the same YAML files with the fastest
loader PyYAML has here (libyaml's ``CSafeLoader`` when available, as parcli uses) and
``os.stat`` on every evidence path, which any validator must do at least. Prints both and
their ratio, in this process (benchmarks/scaling_bench.py compares whole processes, with
peak RSS, at 50,000 files).

    python benchmarks/validate_bench.py [--divisions 30] [--files 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_dossier

from parcli.actions.assess import assess

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def floor(root: Path, paths: list[str]) -> None:
    for path in [root / "dossier.yaml", *sorted((root / "divisions").glob("*.yaml"))]:
        yaml.load(path.read_text(encoding="utf-8"), Loader=FAST)
    for rel in paths:
        os.stat(root / rel)


def run_validate(root: Path) -> int:
    report = assess(root, dt.date(2023, 12, 25)).report  # load + every rule, as every command
    errors = [f for f in report.findings if f.severity.value == "error"]
    if errors:
        raise SystemExit(f"generated dossier has errors: {errors[:3]}")
    return len(report.findings)


def timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--divisions", type=int, default=30)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ho-so"
        paths = write_dossier(root, divisions=args.divisions, files=args.files)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        floor_times = timed(lambda: floor(root, paths), args.repeat)
        validate_times = timed(lambda: run_validate(root), args.repeat)
    f, v = statistics.median(floor_times), statistics.median(validate_times)
    print(
        f"dossier: {args.divisions} divisions, {args.files} evidence files, "
        f"{size / 1e6:.1f} MB of YAML"
    )
    print(f"floor ({FAST.__name__} parse + os.stat), median of {args.repeat}: {f:.3f} s")
    print(f"parcli validate (load + all rules),  median of {args.repeat}: {v:.3f} s")
    print(f"ratio validate / floor: {v / f:.2f}")


if __name__ == "__main__":
    main()
