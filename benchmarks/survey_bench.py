"""Time the survey register on a large generated register: validate, status, export, update.

The register: the bundled example dossier with ``--people`` respondents (default 400, the size
of a whole province's leader survey, far more than one Sở registers), three groups, every
respondent sent a questionnaire. The update marks every second person as answered from a
pasted list of e-mails (dry run, the real write, then the same list again, which changes
nothing). Prints the median of ``--repeat`` runs of each step.

    python benchmarks/survey_bench.py [--people 400] [--repeat 3]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parcli.actions.survey import export_register, register_status, update_register
from parcli.formats.answer_list import parse_text
from parcli.formats.loading import load_dossier
from parcli.model import Status
from parcli.resources import example_dir
from parcli.rules import validate

AS_OF = dt.date(2023, 12, 20)
DIVISIONS = ["van-phong", "thanh-tra", "phong-quan-ly-van-tai", "phong-ke-hoach-tai-chinh"]


def register_text(people: int) -> str:
    lines = [
        "schema_version: 1",
        "register_by: 31/10/2023",
        "registered_on: 27/10/2023",
        "answer_period: {start: 01/12/2023, end: 15/01/2024}",
        "groups:",
        '  - {id: lanh-dao-so, name: "Lãnh đạo Sở", official: 10, positions: ["Phó Giám đốc"]}',
        '  - {id: lanh-dao-phong, name: "Lãnh đạo cấp phòng", official: 300}',
        '  - {id: khac, name: "Nhóm khác", official: 90}',
        "respondents:",
    ]
    for i in range(people):
        group = "lanh-dao-so" if i < 10 else "lanh-dao-phong" if i < 310 else "khac"
        lines += [
            f'  - name: "Nguyễn Văn Thử {i}"  # người thứ {i}',
            "    sex: nam",
            '    position: "Phó Giám đốc"'
            if group == "lanh-dao-so"
            else '    position: "Trưởng phòng"',
            f"    division: {DIVISIONS[i % len(DIVISIONS)]}",
            f"    group: {group}",
            f"    email: nguoi.{i}@so-thu.example",
            f'    phone: "0912 {i // 1000:03d} {i % 1000:03d}"',
            "    status: da-gui",
            "    sent_on: 04/12/2023",
        ]
    return "\n".join(lines) + "\n"


def timed(step: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ho-so"
        shutil.copytree(example_dir(), root, ignore=shutil.ignore_patterns("build"))
        text = register_text(args.people)
        (root / "survey.yaml").write_text(text, encoding="utf-8")
        pasted = parse_text(
            "\n".join(f"nguoi.{i}@so-thu.example" for i in range(0, args.people, 2))
        )

        def update(dry_run: bool) -> object:
            return update_register(
                root, pasted, default=Status.ANSWERED, day=AS_OF, as_of=AS_OF, dry_run=dry_run
            )

        print(f"survey.yaml: {args.people} người, {len(text.encode()) // 1024} KB")
        figures = [
            ("validate (cả hồ sơ)", lambda: validate(load_dossier(root), AS_OF)),
            ("survey status", lambda: register_status(root, AS_OF)),
            ("survey export (xlsx + docx)", lambda: export_register(root, AS_OF)),
            ("survey update --dry-run", lambda: update(True)),
        ]
        for label, step in figures:
            print(f"{label:<32} {timed(step, args.repeat) * 1000:8.0f} ms")
        first = timed(lambda: update(False), 1)
        changed = len(update(True).changes)  # type: ignore[attr-defined]
        print(f"{'survey update (ghi)':<32} {first * 1000:8.0f} ms")
        again = timed(lambda: update(False), args.repeat)
        print(f"{'survey update lần 2':<32} {again * 1000:8.0f} ms ({changed} thay đổi)")


if __name__ == "__main__":
    main()
