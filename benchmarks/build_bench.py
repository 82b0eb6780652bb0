"""Benchmark ``parcli build`` with gigabytes of evidence.

Creates (in a temporary folder) a copy of the example dossier with ``--gb`` gigabytes of extra
evidence (``--files`` files of random-ish bytes, written in 1 MiB chunks), then measures:

* the floor: reading, hashing (SHA-256) and copying the same bytes once, in 1 MiB chunks;
* ``build_package`` (wall time, and when the evidence copy ended);
* the peak memory (ru_maxrss) of each, each in its own process, and of a build of the plain
  example (2 MB of evidence) to show that memory does not grow with the evidence.

Usage: python benchmarks/build_bench.py [--gb 2] [--files 40] [--suffix .pdf] [--dir /tmp]
       [--rounds 3] [--cache warm|cold] [--decompose] [--contend 0.2,0.35]

The floor, the default build (the zip, with the report and the appendix beside it) and
``--folder`` (the unpacked package folder as well) are measured in
interleaved rounds, each in a fresh process after ``os.sync()`` (so no run pays for the disk
writes of the one before); the minimum and the median of each are printed with their ratio to
the floor.

``--decompose`` adds the build with the two documents copied from an earlier run instead of
rendered (what the evidence, the zip and the rest cost); ``--contend S1,S2`` adds that same
build with S CPU-seconds of plain Python work done by the main thread meanwhile, in place of
rendering the documents (how much any work of that size, whatever it is, adds to the pass).

Files named ``.pdf`` are stored in the zip as they are (already compressed formats are not
deflated again); ``--suffix .bin`` measures the worst case where every byte is deflated.
Everything is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"
CHUNK = 1024 * 1024
AS_OF = dt.date(2024, 1, 4)
ANCHOR = "      - path: evidence/ke-hoach-cchc-2023.pdf\n"


def make_dossier(base: Path, total_bytes: int, files: int, suffix: str) -> Path:
    root = base / "ho-so"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    folder = root / "evidence" / "lon"
    folder.mkdir()
    block = bytearray(os.urandom(CHUNK))
    per_file = total_bytes // files
    lines = []
    counter = 0
    for i in range(files):
        name = f"tai-lieu-{i + 1:03d}{suffix}"
        with (folder / name).open("wb") as f:
            left = per_file
            while left > 0:
                counter += 1
                struct.pack_into("<Q", block, 0, counter)  # no two chunks alike
                n = min(left, CHUNK)
                f.write(block[:n])
                left -= n
        lines.append(f"      - path: evidence/lon/{name}\n")
    path = root / "divisions" / "van-phong.yaml"
    text = path.read_text(encoding="utf-8")
    assert ANCHOR in text
    path.write_text(text.replace(ANCHOR, "".join(lines) + ANCHOR, 1), encoding="utf-8")
    return root


def prepare(root: Path, cache: str) -> None:
    """Put every run in the same state: earlier writes on disk, the evidence in memory (warm)
    or not (cold: the system's file cache dropped, needs root; reads then come from disk).

    Warm is the default because some machines (virtual ones with memory reclaim, like the CI
    machine) page out files not touched for a few seconds: without it, whichever run comes
    first after a pause reads from disk and the figures compare disk states, not programs.
    """
    os.sync()
    if cache == "cold":
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return
    buffer = bytearray(CHUNK)
    for path in (root / "evidence").rglob("*"):
        if path.is_file():
            with path.open("rb") as f:
                while f.readinto(buffer):
                    pass


def floor(root: Path, target: Path) -> float:
    """Read + SHA-256 + write every evidence byte once, 1 MiB at a time."""
    target.mkdir()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    start = time.perf_counter()
    for i, path in enumerate(sorted((root / "evidence").rglob("*"))):
        if not path.is_file():
            continue
        digest = hashlib.sha256()
        with path.open("rb") as src, (target / f"{i}").open("wb") as dst:
            while n := src.readinto(buffer):
                digest.update(view[:n])
                dst.write(view[:n])
        digest.hexdigest()
    return time.perf_counter() - start


def child(kind: str, root: Path, extra: Path) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    result: dict[str, object] = {}
    if kind == "floor":
        result["seconds"] = floor(root, extra)
    else:
        sys.path.insert(0, str(REPO))
        from parcli.actions.build import build_package

        if kind == "build-nodocs" or kind.startswith("contend-"):
            _documents_for_free(extra)
        if kind.startswith("contend-"):
            _contend(float(kind.removeprefix("contend-")))
        copy_done: list[float] = []
        start = time.perf_counter()

        def progress(done: int, total: int, size: int) -> None:
            if done == total and not copy_done:
                copy_done.append(time.perf_counter() - start)

        built = build_package(
            root, as_of=AS_OF, out=extra, progress=progress, folder=kind == "build-folder"
        )
        result["seconds"] = time.perf_counter() - start
        result["copy_seconds"] = copy_done[0] if copy_done else None
        result["bytes"] = built.evidence_bytes
        result["files"] = len(built.files)
        result["zip_bytes"] = built.zip_path.stat().st_size
    result["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _documents_for_free(extra: Path) -> None:
    """For ``--decompose``: the timed build copies the report and the appendix a default build
    of the same round wrote (saved beside ``extra``) instead of rendering them, and skips the
    self-check and the filling of hashes, so what is left is loading the dossier, the evidence
    pass, the manifest, the zip and the swap."""
    import shutil as sh

    import parcli.actions.build as build
    from parcli.package import writer
    from parcli.render.docx import report
    from parcli.render.xlsx import appendix

    def copy_of(kind: str) -> object:
        def render(ctx: object, path: Path) -> None:
            sh.copyfile(extra.parent / f"saved-{kind}{path.suffix}", path)

        return render

    report.render_report = copy_of("report")  # type: ignore[assignment]
    appendix.render_appendix = copy_of("appendix")  # type: ignore[assignment]
    setattr(build, "self_check", lambda *args, **kwargs: None)  # noqa: B010 (imported name)
    writer.fill_hashes = lambda path, hashes, day: set(hashes)


def _contend(cpu_seconds: float) -> None:
    """For ``--contend``: the main thread spends ``cpu_seconds`` of its own CPU time on plain
    Python work where the build would render the report."""
    from parcli.render.context import BuildContext
    from parcli.render.docx import report

    copy = report.render_report

    def busy_then_copy(ctx: BuildContext, path: Path) -> None:
        end = time.thread_time() + cpu_seconds
        spin = 0
        while time.thread_time() < end:
            spin += 1
        copy(ctx, path)

    report.render_report = busy_then_copy


def run_child(kind: str, root: Path, extra: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(root), str(extra)],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=2.0, help="evidence size in GB (default 2)")
    parser.add_argument("--files", type=int, default=40, help="number of files (default 40)")
    parser.add_argument("--suffix", default=".pdf", help="file name suffix (default .pdf)")
    parser.add_argument("--dir", type=Path, default=None, help="where to create the temp folder")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each (default 3)")
    parser.add_argument(
        "--cache",
        choices=("warm", "cold"),
        default="warm",
        help="evidence in memory before each run (warm, default) or not (cold, needs root)",
    )
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="also time the build with the report and the appendix copied from a first run "
        "instead of rendered (and no self-check): what the evidence, the zip and the rest cost",
    )
    parser.add_argument(
        "--contend",
        default="",
        metavar="S1,S2",
        help="also time the build with the documents copied and S CPU-seconds of plain Python "
        "work in the main thread instead (comma-separated): what work of that size costs",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return

    total = int(args.gb * 1024**3)
    base_dir = args.dir or Path(tempfile.gettempdir())
    free = shutil.disk_usage(base_dir).free
    needed = total * 4 + 512 * 1024**2  # source, floor copy, package, zip
    if free < needed:
        sys.exit(
            f"not enough disk space in {base_dir}: {free / 1024**3:.1f} GiB free, "
            f"{needed / 1024**3:.1f} GiB needed"
        )
    with tempfile.TemporaryDirectory(prefix="parcli-bench-", dir=base_dir) as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        root = make_dossier(base, total, args.files, args.suffix)
        print(
            f"dossier: {args.files} files, {total / 1024**3:.2f} GiB "
            f"(written in {time.perf_counter() - t0:.1f} s)"
        )
        small = run_child("build", EXAMPLE, base / "out-small")
        contend = [f"contend-{float(s)}" for s in args.contend.split(",") if s.strip()]
        kinds = ["floor", "build", "build-folder"]
        kinds += (["build-nodocs"] if args.decompose else []) + contend
        runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
        for _ in range(args.rounds):  # interleaved, each after a sync: no run pays for another
            for kind, data in runs.items():
                target = base / f"out-{kind}"
                prepare(root, args.cache)
                data.append(run_child(kind, root, target))
                if kind == "build":  # the documents --decompose copies instead of rendering
                    for found in target.glob("*.*x"):
                        kind_of = "report" if found.suffix == ".docx" else "appendix"
                        shutil.copyfile(found, base / f"saved-{kind_of}{found.suffix}")
                shutil.rmtree(target)
        floor_s = min(r["seconds"] for r in runs["floor"])
        mib = runs["build"][0]["bytes"] / 1024**2

        def line(label: str, kind: str) -> None:
            times = sorted(r["seconds"] for r in runs[kind])
            best, middle = times[0], statistics.median(times)
            ratio = f"{best / floor_s:.2f} / {middle / statistics.median(floor_all):.2f}"
            print(
                f"{label:<34} min {best:6.2f} s, median {middle:6.2f} s "
                f"({mib / best:5.0f} MiB/s); ratio to the floor (min / median) {ratio}; "
                f"peak memory {max(r['maxrss_mib'] for r in runs[kind]):.0f} MiB"
            )

        floor_all = [r["seconds"] for r in runs["floor"]]
        print(
            f"evidence: {mib:.0f} MiB; {args.rounds} rounds, interleaved, os.sync() before "
            f"each, evidence {args.cache} in the file cache"
        )
        line("floor (read + sha256 + write once)", "floor")
        line("build_package (zip + 2 documents)", "build")
        line("build_package --folder", "build-folder")
        if args.decompose:
            line("build_package, documents not rendered", "build-nodocs")
        for kind in contend:
            line(f"  + {kind.removeprefix('contend-')} CPU-s of other work", kind)
        print(
            f"peak memory of a build of the plain example (2 MB of evidence): "
            f"{small['maxrss_mib']:.0f} MiB"
        )
    print("temporary files removed")


if __name__ == "__main__":
    main()
