"""Is any step quadratic? Each step timed at two sizes a factor of 8 apart (issue 13).

Prints, for each step, the min and median of ``--repeat`` runs at both sizes (the runs of the
two sizes interleaved, so a busy machine slows both alike) and the ratio of the medians and of
the minima: about 8 for a linear step, at most 8·log2(8) = 24 for n log n; 64 is quadratic.

* appendix: ``render_appendix`` of the shipped set with 1,000 → 8,000 evidence files (30
  divisions);
* criteria diff: ``diff_criteria`` of a generated set and its edited copy, 250 → 2,000 leaves
  (benchmarks/generate.py), with the check that the indexed search gives the changes of
  scoring every pair (at the small size; ``--check-large`` also at the large one, ~2 min),
  and the whole ``parcli criteria diff`` process at the large size;
* validate: the rules and scoring (``validate(loaded, as_of)``, the answer lookups) and the
  loading apart, 750 → 6,000 generated leaves over ``--validate-divisions`` (5, as the
  example) divisions, one evidence file each,
  without the cyclic garbage collector as in ``assess()``;
* status: ``compute_status`` + the text table, 75 divisions × 750 leaves → 600 × 6,000,
  and the whole ``parcli status`` process at both sizes (load, rules, tables);

Then ``parcli validate`` at ``--files`` (50,000) evidence files as a whole process against the
floor (a process that parses the same YAML with libyaml and stats every evidence path): time
and peak RSS of each (from ``os.wait4``), min and median of ``--repeat-50k`` runs.

    python benchmarks/scaling_bench.py [--repeat 5] [--files 50000] [--repeat-50k 3]
        [--only appendix,diff,validate,status,50k] [--check-large] [--validate-divisions 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import criteria_data, dump, edited_criteria, leaf_codes, write_dossier  # noqa: E402

from parcli.actions.assess import assess  # noqa: E402
from parcli.formats.loading import load_dossier  # noqa: E402
from parcli.model import CriteriaSet  # noqa: E402
from parcli.rules import validate  # noqa: E402

AS_OF = dt.date(2023, 12, 25)
FACTOR = 8


def timed(fn: Callable[[], object], paused: bool) -> float:
    """One run; ``paused``: without the cyclic garbage collector, as in ``assess()``."""
    if paused:
        gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def side_by_side(
    name: str,
    sizes: tuple[str, str],
    runs: tuple[Callable[[], object], Callable[[], object]],
    n: int,
    *,
    paused: bool = False,
) -> None:
    # The inputs of both sizes live in this process: frozen, so that the collector does not
    # rescan them in every run (a real process holds one input, and assess() freezes it).
    gc.collect()
    gc.freeze()
    small: list[float] = []
    large: list[float] = []
    for _ in range(n):
        small.append(timed(runs[0], paused))
        large.append(timed(runs[1], paused))
    ms, ml = statistics.median(small), statistics.median(large)
    print(
        f"{name:<34} {sizes[0]:>14}: min {min(small):7.3f} s, median {ms:7.3f} s | "
        f"{sizes[1]:>14}: min {min(large):7.3f} s, median {ml:7.3f} s | "
        f"ratio {ml / ms:5.1f} (medians), {min(large) / min(small):5.1f} (minima)"
    )


def criteria_dossier(root: Path, leaves: int, divisions: int, files: int) -> None:
    data = criteria_data(leaves, set_id="bo-thu")
    root.mkdir(parents=True)
    (root / "tieu-chi.yaml").write_text(dump(data), encoding="utf-8")
    write_dossier(
        root,
        divisions=divisions,
        files=files,
        criteria="tieu-chi.yaml",
        leaves=leaf_codes(data),
    )


def no_errors(root: Path) -> None:
    report = assess(root, AS_OF).report
    errors = [f for f in report.findings if f.severity.value == "error"]
    if errors:
        raise SystemExit(f"{root}: generated dossier has errors: {errors[:3]}")


def bench_appendix(tmp: Path, repeat: int) -> None:
    from parcli.package.plan import plan_evidence
    from parcli.render.context import BuildContext
    from parcli.render.xlsx.appendix import render_appendix

    runs = []
    for files in (1000, 1000 * FACTOR):
        root = tmp / f"appendix-{files}"
        write_dossier(root, divisions=30, files=files)
        assessment = assess(root, AS_OF)
        planned, _skipped = plan_evidence(assessment.resolver, assessment.scorecard)
        ctx = BuildContext(
            root=root,
            dossier=assessment.dossier,
            criteria=assessment.criteria,
            card=assessment.scorecard,
            findings=assessment.report.findings,
            evidence=planned,
            draft=False,
            report_date=AS_OF,
            template_dirs=[],
        )
        out = tmp / f"phu-bieu-{files}.xlsx"
        runs.append(lambda ctx=ctx, out=out: render_appendix(ctx, out))
    side_by_side(
        "appendix (render_appendix)", ("1,000 files", "8,000 files"), (runs[0], runs[1]), repeat
    )


def bench_diff(tmp: Path, repeat: int, check_large: bool) -> None:
    from parcli.criteria.diff import diff_criteria

    pairs = []
    for leaves in (250, 250 * FACTOR):
        data = criteria_data(leaves)
        new = edited_criteria(data)
        old_set, new_set = CriteriaSet.model_validate(data), CriteriaSet.model_validate(new)
        pairs.append((old_set, new_set))
        (tmp / f"cu-{leaves}.yaml").write_text(dump(data), encoding="utf-8")
        (tmp / f"moi-{leaves}.yaml").write_text(dump(new), encoding="utf-8")
    runs = [lambda p=p: diff_criteria(*p) for p in pairs]
    side_by_side(
        "criteria diff (diff_criteria)", ("250 leaves", "2,000 leaves"), (runs[0], runs[1]), repeat
    )
    for (old_set, new_set), leaves in zip(pairs, (250, 2000), strict=True):
        if leaves > 250 and not check_large:
            continue
        fast = diff_criteria(old_set, new_set)
        start = time.perf_counter()
        try:
            every = diff_criteria(old_set, new_set, exhaustive=True)  # type: ignore[call-arg]
        except TypeError:
            print("  (this parcli has no exhaustive=; nothing to compare)")
            continue
        took = time.perf_counter() - start
        same = fast.changes == every.changes
        kinds = {k: len(fast.of(k)) for k in ("renamed", "moved", "added", "removed")}
        print(
            f"  {leaves} leaves: same changes as scoring every pair: {same} "
            f"({len(fast.changes)} changes, {kinds}; every pair took {took:.1f} s)"
        )
        if not same:
            raise SystemExit("the indexed search lost or changed a match")
    times = []
    cmd = [sys.executable, "-m", "parcli", "criteria", "diff", "cu-2000.yaml", "moi-2000.yaml"]
    for _ in range(repeat):
        took, _rss, code, out = measure(cmd, cwd=tmp)
        if code != 0 or "Tóm tắt" not in out:
            raise SystemExit(f"parcli criteria diff exited {code}")
        times.append(took)
    print(
        f"  `parcli criteria diff` of 2,000-leaf sets, whole process: min {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s"
    )


def bench_validate(tmp: Path, repeat: int, divisions: int) -> None:
    loads = []
    rules = []
    # 6,000 leaves at most: a criteria set of 8,000 leaves holds more than the 100,000 values a
    # dossier file may (formats/yamlio.py MAX_NODES), and the step is timed below the bound
    for leaves in (750, 750 * FACTOR):
        root = tmp / f"validate-{leaves}"
        criteria_dossier(root, leaves, divisions=divisions, files=leaves)
        no_errors(root)
        loaded = load_dossier(root)
        loads.append(lambda root=root: load_dossier(root))
        rules.append(lambda loaded=loaded: validate(loaded, AS_OF))
    sizes = ("750 leaves", "6,000 leaves")
    side_by_side("validate: rules + scoring", sizes, (rules[0], rules[1]), repeat, paused=True)
    side_by_side("validate: loading", sizes, (loads[0], loads[1]), repeat, paused=True)


def bench_status(tmp: Path, repeat: int) -> None:
    from parcli.cli.status import render_status
    from parcli.scoring.progress import compute_status

    runs = []
    for divisions, leaves in ((75, 750), (75 * FACTOR, 750 * FACTOR)):
        root = tmp / f"status-{divisions}"
        criteria_dossier(root, leaves, divisions=divisions, files=leaves)
        assessment = assess(root, AS_OF)
        loaded, card = assessment.loaded, assessment.scorecard

        def run(loaded: Any = loaded, card: Any = card) -> str:
            return render_status(compute_status(loaded, card, AS_OF), loaded, "25/12/2023")

        runs.append(run)
    side_by_side(
        "status (tables + text)",
        ("75 × 750", "600 × 6,000"),
        (runs[0], runs[1]),
        repeat,
    )
    whole: dict[int, list[float]] = {75: [], 600: []}
    for _ in range(repeat):
        for divisions in whole:
            root = tmp / f"status-{divisions}"
            cmd = [sys.executable, "-m", "parcli", "status", str(root), "--as-of", "25/12/2023"]
            took, _rss, code, out = measure(cmd)
            if code != 0 or "THEO ĐƠN VỊ" not in out:
                raise SystemExit(f"parcli status exited {code}")
            whole[divisions].append(took)
    small, large = whole[75], whole[600]
    ms, ml = statistics.median(small), statistics.median(large)
    print(
        f"  `parcli status`, whole process: 75 × 750 min {min(small):.2f} s, median "
        f"{ms:.2f} s | 600 × 6,000 min {min(large):.2f} s, median {ml:.2f} s | "
        f"ratio {ml / ms:.1f} (medians)"
    )


FLOOR = """
import os, sys, yaml
root = sys.argv[1]
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
paths = []
names = ["dossier.yaml"] + sorted("divisions/" + n for n in os.listdir(root + "/divisions"))
for name in names:
    with open(os.path.join(root, name), encoding="utf-8") as f:
        data = yaml.load(f.read(), Loader=loader)
    for answer in (data.get("answers") or {}).values():
        paths.extend(e["path"] for e in answer.get("evidence") or [])
for p in paths:
    os.stat(os.path.join(root, p))
print(len(paths))
"""


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int, str]:
    """Wall time, peak RSS (MiB), exit code and stdout of one process.

    The peak RSS comes from /usr/bin/time: a child forked from this (large) process would
    report this process's size as its own peak (Linux counts the memory at fork).
    """
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}  # the parcli next to this script
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, env=env, capture_output=True, check=False
    )
    took = time.perf_counter() - start
    rss_kib = int(proc.stderr.decode().strip().splitlines()[-1])
    return took, rss_kib / 1024, proc.returncode, proc.stdout.decode()


def bench_50k(tmp: Path, files: int, repeat: int) -> None:
    root = tmp / "ho-so-50k"
    write_dossier(root, divisions=30, files=files)
    validate_cmd = [sys.executable, "-m", "parcli", "validate", str(root), "--as-of", "25/12/2023"]
    floor_cmd = [sys.executable, "-c", FLOOR, str(root)]
    v_t, v_m, f_t, f_m = [], [], [], []
    for _ in range(repeat):
        t, m, code, out = measure(floor_cmd)
        if code != 0 or int(out) != files:
            raise SystemExit(f"floor failed: {code} {out[:200]}")
        f_t.append(t)
        f_m.append(m)
        t, m, code, out = measure(validate_cmd)
        if code != 0:
            raise SystemExit(f"parcli validate exited {code}: {out[-500:]}")
        v_t.append(t)
        v_m.append(m)
    size = sum(p.stat().st_size for p in (root / "divisions").iterdir()) / 1e6
    print(
        f"validate at {files:,} evidence files (30 divisions, {size:.1f} MB of YAML), "
        "whole processes:"
    )
    for name, t, m in (("floor: libyaml parse + stat", f_t, f_m), ("parcli validate", v_t, v_m)):
        print(
            f"  {name:<28} time min {min(t):6.2f} s, median {statistics.median(t):6.2f} s; "
            f"peak RSS max {max(m):6.1f} MiB"
        )
    print(
        f"  ratio validate / floor: {min(v_t) / min(f_t):.2f} (minima), "
        f"{statistics.median(v_t) / statistics.median(f_t):.2f} (medians)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--repeat-50k", type=int, default=3)
    parser.add_argument("--only", default="appendix,diff,validate,status,50k")
    parser.add_argument("--check-large", action="store_true")
    parser.add_argument("--validate-divisions", type=int, default=5)
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="parcli-scaling-") as name:
        tmp = Path(name)
        if "appendix" in only:
            bench_appendix(tmp, args.repeat)
        if "diff" in only:
            bench_diff(tmp, args.repeat, args.check_large)
        if "validate" in only:
            bench_validate(tmp, args.repeat, args.validate_divisions)
        if "status" in only:
            bench_status(tmp, args.repeat)
        if "50k" in only:
            bench_50k(tmp, args.files, args.repeat_50k)


if __name__ == "__main__":
    main()
