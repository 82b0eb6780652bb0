"""Benchmark the appraisal round on the example dossier.

Measures, each the median of ``--runs`` runs in this process:

* ``appraisal import --dry-run`` of the example's appendix filled with round-1 scores (75
  leaves, parcli's own layout);
* the same import of a foreign table padded to ``--rows`` rows (notes and blank lines after
  the scored rows, as exported tables often are; the reader's cap is 5,000 rows);
* ``appraisal report`` (the báo cáo giải trình and the supplementary package) into a fresh
  folder.

Usage: python benchmarks/appraisal_bench.py [--runs 5] [--rows 4900]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"
sys.path.insert(0, str(REPO))


def median_seconds(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from parcli.actions.appraisal import import_table
    from parcli.actions.build import build_package
    from parcli.actions.explanation import build_explanation
    from parcli.formats.loading import load_dossier

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=4900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vi-du"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
        build_package(root, as_of=dt.date(2023, 12, 25))
        [appendix] = (root / "build").glob("*/phu-bieu-*.xlsx")
        appraisal = load_dossier(root).appraisal
        assert appraisal is not None
        wb = openpyxl.load_workbook(appendix)
        ws = wb["Phụ biểu"]
        for r in range(1, ws.max_row + 1):
            entry = appraisal.leaves.get(str(ws.cell(r, 1).value))
            if entry is not None and entry.round1_score is not None:
                ws.cell(r, 9).value = float(entry.round1_score)
                ws.cell(r, 10).value = entry.round1_opinion
        own = Path(tmp) / "phu-bieu-da-dien.xlsx"
        wb.save(own)

        foreign = Path(tmp) / "bang-ngoai.xlsx"
        fb = openpyxl.Workbook()
        fs = fb.active
        fs.append(["KẾT QUẢ THẨM ĐỊNH NĂM 2023"])
        fs.append(["Mã tiêu chí", "Nội dung", "Điểm thẩm định", "Nhận xét"])
        for code, entry in appraisal.leaves.items():
            fs.append([code, "", float(entry.round1_score or 0), entry.round1_opinion])
        while fs.max_row < args.rows:
            fs.append(["", f"Ghi chú dòng {fs.max_row}", None, None])
        fb.save(foreign)

        t_own = median_seconds(lambda: import_table(root, own, 1, dry_run=True), args.runs)
        t_foreign = median_seconds(lambda: import_table(root, foreign, 1, dry_run=True), args.runs)
        counter = iter(range(1000))
        t_report = median_seconds(
            lambda: build_explanation(
                root, as_of=dt.date(2024, 1, 25), out=Path(tmp) / f"out-{next(counter)}"
            ),
            args.runs,
        )
    print(f"appraisal import, parcli appendix (75 leaves): {t_own * 1000:.0f} ms")
    print(f"appraisal import, foreign table ({args.rows} rows): {t_foreign * 1000:.0f} ms")
    print(f"appraisal report (docx + package + zip): {t_report * 1000:.0f} ms")


if __name__ == "__main__":
    main()
