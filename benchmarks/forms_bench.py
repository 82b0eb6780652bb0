"""Benchmark ``parcli forms export`` and ``forms import`` on a 30-division dossier.

Builds (in a temporary folder) a copy of the example dossier with ``--divisions`` divisions
(default 30) that share the example's scored leaves round-robin, each leaf answered with a
score, an explanation and two evidence items. Then measures, each ``--repeat`` times (best
time shown):

* export of every form;
* import of every form unchanged (reads, compares, validates; writes nothing);
* import of every form with one score changed in each (writes every division file);
* ``parcli sync`` after an assignment change.

Usage: python benchmarks/forms_bench.py [--divisions 30] [--repeat 3] [--dir /tmp]
Prints figures; never a test. Everything is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"
AS_OF = dt.date(2023, 12, 20)


def make_dossier(base: Path, count: int) -> tuple[Path, int]:
    from parcli.formats.loading import load_dossier
    from parcli.model import Method
    from parcli.text import plain_decimal

    root = base / "ho-so"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "divisions"))
    (root / "divisions").mkdir()
    criteria = load_dossier(EXAMPLE).criteria
    assert criteria is not None
    leaves = [leaf for leaf in criteria.leaves() if leaf.method is Method.APPRAISAL]
    ids = ["van-phong"] + [f"phong-{i:02d}" for i in range(1, count)]
    share: dict[str, list[str]] = {d: [] for d in ids}
    for i, leaf in enumerate(leaves):
        share[ids[i % count]].append(leaf.code)
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    head = text[: text.index("coordinator:")]
    tail = text[text.index("report:") :]
    lines = ["coordinator: van-phong", "divisions:"]
    for d in ids:
        lines += [f"  - id: {d}", f'    name: "Đơn vị {d}"']
    lines.append("assignments:")
    lines += [
        f"  {d}: [{', '.join(repr(c).replace(chr(39), chr(34)) for c in codes)}]"
        for d, codes in share.items()
    ]
    (root / "dossier.yaml").write_text(head + "\n".join(lines) + "\n\n" + tail, encoding="utf-8")
    by_code = {leaf.code: leaf for leaf in leaves}
    for d, codes in share.items():
        out = [f"division: {d}", "answers:"]
        for code in codes:
            leaf = by_code[code]
            out += [
                f"  # {code}. {leaf.name}",
                f'  "{code}":',
                f"    score: {plain_decimal(leaf.max_score)}",
                '    explanation: "Đã thực hiện đầy đủ theo kế hoạch; xem tài liệu kèm theo."',
                "    evidence:",
                "      - path: evidence/ke-hoach-cchc-2023.pdf",
                '        title: "Kế hoạch cải cách hành chính năm 2023"',
                '        number: "425/KH-SGTVTXD"',
                '        issued: "28/12/2022"',
                "      - evidence/bao-cao-cchc-quy-1.docx",
                "    updated: 15/12/2023",
            ]
        (root / "divisions" / f"{d}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return root, len(leaves)


def best(repeat: int, func: object) -> tuple[float, object]:
    assert callable(func)
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--divisions", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    import openpyxl

    from parcli.actions.forms import export_forms, import_forms, sync_divisions
    from parcli.forms.layout import SHEET_FORM

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root, leaves = make_dossier(Path(tmp), args.divisions)
        print(
            f"Hồ sơ: {args.divisions} đơn vị, {leaves} tiêu chí chấm điểm, mỗi tiêu chí "
            "2 tài liệu kiểm chứng"
        )
        t, result = best(args.repeat, lambda: export_forms(root, as_of=AS_OF))
        forms = [f.path for f in result.forms]  # type: ignore[attr-defined]
        size = sum(p.stat().st_size for p in forms)
        print(
            f"export: {len(forms)} phiếu trong {t:.2f} s ({t / len(forms) * 1000:.0f} ms/phiếu, "
            f"tổng {size / 1024:.0f} KB)"
        )
        t, result = best(args.repeat, lambda: import_forms(root, forms, as_of=AS_OF, dry_run=True))
        changed = sum(len(o.changes) for o in result.outcomes)  # type: ignore[attr-defined]
        print(
            f"import, không sửa: {len(forms)} phiếu trong {t:.2f} s "
            f"({t / len(forms) * 1000:.0f} ms/phiếu), {changed} thay đổi"
        )
        for path in forms:  # one score lower in every form (not timed)
            wb = openpyxl.load_workbook(path)
            ws = wb[SHEET_FORM]
            for row in ws.iter_rows():
                if isinstance(row[4].value, (int, float)) and row[4].value > 0 and row[2].value:
                    row[4].value = 0
                    break
            wb.save(path)
        start = time.perf_counter()
        result = import_forms(root, forms, as_of=AS_OF)
        t = time.perf_counter() - start
        written = sum(o.written for o in result.outcomes)  # type: ignore[attr-defined]
        print(
            f"import, mỗi phiếu sửa 1 điểm: {len(forms)} phiếu trong {t:.2f} s, "
            f"{written} tệp divisions/ đã ghi"
        )
        # move the first leaf of van-phong to phong-01
        text = (root / "dossier.yaml").read_text(encoding="utf-8")
        start = text.index("  van-phong: [") + len("  van-phong: [")
        end = text.index(", ", start)
        moved = text[start:end]
        text = text[:start] + text[end + 2 :]
        text = text.replace("  phong-01: [", f"  phong-01: [{moved}, ", 1)
        (root / "dossier.yaml").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        synced = sync_divisions(root)
        t = time.perf_counter() - start
        print(f"sync sau khi đổi phân công: {t:.2f} s, {len(synced.changed)} tệp thay đổi")


if __name__ == "__main__":
    main()
