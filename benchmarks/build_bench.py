"""Benchmark ``parcli build`` with gigabytes of evidence.

Creates (in a temporary folder) a copy of the example dossier with ``--gb`` gigabytes of extra
evidence (``--files`` files of random-ish bytes, written in 1 MiB chunks), then measures:

* the floor: reading, hashing (SHA-256) and copying the same bytes once, in 1 MiB chunks;
* ``build_package`` (wall time, and when the evidence copy ended);
* the peak memory (ru_maxrss) of each, each in its own process, and of a build of the plain
  example (2 MB of evidence) to show that memory does not grow with the evidence.

Usage: python benchmarks/build_bench.py [--gb 2] [--files 40] [--suffix .pdf] [--dir /tmp]

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

        copy_done: list[float] = []
        start = time.perf_counter()

        def progress(done: int, total: int, size: int) -> None:
            if done == total and not copy_done:
                copy_done.append(time.perf_counter() - start)

        built = build_package(
            root, as_of=AS_OF, out=extra, progress=progress, folder=kind != "build-zip"
        )
        result["seconds"] = time.perf_counter() - start
        result["copy_seconds"] = copy_done[0] if copy_done else None
        result["bytes"] = built.evidence_bytes
        result["files"] = len(built.files)
        result["zip_bytes"] = built.zip_path.stat().st_size
    result["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


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
        fl = run_child("floor", root, base / "floor")
        shutil.rmtree(base / "floor")
        built = run_child("build", root, base / "out")
        shutil.rmtree(base / "out")
        zipped = run_child("build-zip", root, base / "out-zip")
        shutil.rmtree(base / "out-zip")
        fl2 = run_child("floor", root, base / "floor2")
        shutil.rmtree(base / "floor2")
        floor_s = min(fl["seconds"], fl2["seconds"])
        mib = built["bytes"] / 1024**2
        print(
            f"floor (read + sha256 + copy once): {floor_s:.2f} s "
            f"({mib / floor_s:.0f} MiB/s; runs {fl['seconds']:.2f} / {fl2['seconds']:.2f} s)"
        )
        print(
            f"build_package:                     {built['seconds']:.2f} s "
            f"({mib / built['seconds']:.0f} MiB/s), evidence copied after "
            f"{built['copy_seconds']:.2f} s; zip {built['zip_bytes'] / 1024**3:.2f} GiB"
        )
        print(f"ratio build / floor:               {built['seconds'] / floor_s:.2f}")
        print(
            f"build_package --zip-only:          {zipped['seconds']:.2f} s "
            f"({mib / zipped['seconds']:.0f} MiB/s); ratio / floor "
            f"{zipped['seconds'] / floor_s:.2f}; peak memory {zipped['maxrss_mib']:.0f} MiB"
        )
        print(
            f"peak memory (ru_maxrss): build {built['maxrss_mib']:.0f} MiB with "
            f"{mib:.0f} MiB of evidence; build {small['maxrss_mib']:.0f} MiB with the plain "
            f"example; floor {fl['maxrss_mib']:.0f} MiB"
        )
    print("temporary files removed")


if __name__ == "__main__":
    main()
