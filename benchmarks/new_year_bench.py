"""Benchmark the year-over-year commands on the example dossier.

Measures (wall time, median of ``--repeat`` runs, in-process):

* ``init_from``: a new year's dossier from the example (load, score, map, write ~9 files);
* ``init_from`` to a changed criteria set (renamed, moved, added, removed leaves: the
  ``criteria diff`` matching over every pair of nodes);
* ``compare_dossiers`` with the carried-over ``last_year.yaml``, and against the old folder.

Usage: python benchmarks/new_year_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "criteria")]


def timed(repeat: int, func: Callable[[int], object]) -> float:
    runs = []
    for i in range(repeat):
        start = time.perf_counter()
        func(i)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from test_mapping import changed_set  # the changed set of the mapping tests

    from parcli.actions.compare import compare_dossiers
    from parcli.actions.new_year import init_from
    from parcli.formats.loading import load_dossier
    from parcli.formats.yamlwrite import dump_yaml

    base = Path(tempfile.mkdtemp(prefix="parcli-bench-"))
    try:
        old = load_dossier(EXAMPLE).criteria
        assert old is not None
        changed = base / "bo-moi.yaml"
        changed.write_text(dump_yaml(changed_set(old)), encoding="utf-8")
        same = timed(args.repeat, lambda i: init_from(base / f"a{i}", EXAMPLE))
        mapped = timed(
            args.repeat, lambda i: init_from(base / f"b{i}", EXAMPLE, criteria=str(changed))
        )
        carried = timed(args.repeat, lambda i: compare_dossiers(base / "a0"))
        direct = timed(args.repeat, lambda i: compare_dossiers(base / "a0", EXAMPLE))
    finally:
        shutil.rmtree(base)
    print(f"init --from (same criteria set):    {same * 1000:7.1f} ms")
    print(f"init --from (changed criteria set): {mapped * 1000:7.1f} ms")
    print(f"compare NEW (last_year.yaml):       {carried * 1000:7.1f} ms")
    print(f"compare OLD NEW:                    {direct * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
