"""Time `parcli validate` on a generated large dossier against the floor of its raw I/O.

The dossier: the shipped criteria set, 30 divisions sharing every appraisal leaf, every leaf
answered, 5,000 small evidence files. The floor: parsing the same YAML files with the fastest
loader PyYAML has here (libyaml's ``CSafeLoader`` when available, as parcli uses) and
``os.stat`` on every evidence path, which any validator must do at least. Prints both and
their ratio.

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

from parcli.formats.loading import load_dossier
from parcli.model import Method
from parcli.resources import shipped_criteria
from parcli.rules import validate

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def generate(root: Path, divisions: int, files: int) -> list[str]:
    criteria_path = shipped_criteria()["par-tinh-876-minh-hoa"]
    raw = yaml.safe_load(criteria_path.read_text(encoding="utf-8"))
    leaves: list[str] = []
    for area in raw["areas"]:
        for crit in area["criteria"]:
            for node in crit.get("components") or [crit]:
                if node.get("method", "appraisal") == Method.APPRAISAL.value:
                    leaves.append(str(node["code"]))
    ids = [f"don-vi-{i:02d}" for i in range(divisions)]
    owner = {leaf: ids[i % divisions] for i, leaf in enumerate(leaves)}
    evidence: dict[str, list[str]] = {leaf: [] for leaf in leaves}
    (root / "evidence").mkdir(parents=True)
    paths = []
    for n in range(files):
        leaf = leaves[n % len(leaves)]
        rel = f"evidence/{owner[leaf]}/{leaf}/tai-lieu-{n:05d}.pdf"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"%PDF-1.4\n" + str(n).encode())
        evidence[leaf].append(rel)
        paths.append(rel)
    lines = [
        "agency: {name: 'Sở Thử tải', parent: 'UBND TỈNH LÀO CAI', abbreviation: STT}",
        "place: Lào Cai",
        "year: 2023",
        "criteria: par-tinh-876-minh-hoa",
        "window: {start: 01/12/2023, end: 25/12/2023}",
        "submit_before: 05/01/2024",
        "divisions:",
    ]
    lines += [f"  - {{id: {i}, name: 'Đơn vị {i}'}}" for i in ids]
    lines.append("assignments:")
    for i in ids:
        mine = ", ".join(f'"{leaf}"' for leaf in leaves if owner[leaf] == i)
        lines.append(f"  {i}: [{mine}]")
    (root / "dossier.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "divisions").mkdir()
    for i in ids:
        out = [f"division: {i}", "answers:"]
        for leaf in leaves:
            if owner[leaf] != i:
                continue
            out += [f'  "{leaf}":', "    score: 0.25", "    updated: 20/12/2023", "    evidence:"]
            for rel in evidence[leaf]:
                out += [
                    f"      - path: {rel}",
                    "        number: '12/KH-STT'",
                    "        issued: 15/06/2023",
                    "        title: 'Tài liệu kiểm chứng'",
                ]
        (root / "divisions" / f"{i}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return paths


def floor(root: Path, paths: list[str]) -> None:
    for path in [root / "dossier.yaml", *sorted((root / "divisions").glob("*.yaml"))]:
        yaml.load(path.read_text(encoding="utf-8"), Loader=FAST)
    for rel in paths:
        os.stat(root / rel)


def run_validate(root: Path) -> int:
    report = validate(load_dossier(root), dt.date(2023, 12, 25))
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
        paths = generate(root, args.divisions, args.files)
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
