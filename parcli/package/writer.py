"""The package around the report and the appendix: evidence copies, manifest, SHA256SUMS, zip.

Everything here is deterministic (the same inputs give the same bytes) and streams file
contents in 1 MiB chunks, so a package with gigabytes of evidence needs constant memory.

File names inside the package are NFC and safe on Windows: no ``<>:"/\\|?*`` or control
characters, no trailing dots or spaces, no reserved device names (CON, PRN, AUX, NUL, COM1…,
LPT1…), and a relative path of at most :data:`MAX_PATH_CHARS` characters.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from parcli.formats.ziputil import FILE_MODE, ZIP_LEVEL, zip_stamp
from parcli.render.context import EVIDENCE_DIR, EvidenceFile
from parcli.text import nfc

CHUNK = 1024 * 1024  # 1 MiB: the unit of every read and write of evidence
# Longest relative path inside the package folder. Windows without long-path support stops at
# 260 characters for the whole path: the package folder name (~35), the office's folder
# (C:\\Users\\<name>\\Documents\\...: often 60-90) and "Extract All" into Downloads all eat into it.
MAX_PATH_CHARS = 110
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MANIFEST_FORMAT = 1

# Formats that are already compressed: deflating them again costs a lot of time (≈35 MB/s)
# and saves almost nothing, so they are stored as they are. The choice depends only on the
# name, so it is deterministic.
STORED_SUFFIXES = frozenset(
    {
        ".pdf",
        ".docx",
        ".xlsx",
        ".pptx",
        ".docm",
        ".xlsm",
        ".odt",
        ".ods",
        ".odp",
        ".zip",
        ".rar",
        ".7z",
        ".gz",
        ".bz2",
        ".xz",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".heic",
        ".mp3",
        ".mp4",
        ".m4a",
        ".mov",
        ".avi",
        ".mkv",
    }
)

Progress = Callable[[int, int, int], None]
"""progress(files_done, files_total, bytes_done)."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{d}" for d in "¹²³"}
    | {f"LPT{d}" for d in "¹²³"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_ASCII_SLUG = re.compile(r"[^A-Za-z0-9]+")


# --------------------------------------------------------------------------- names


def ascii_slug(text: str) -> str:
    """ASCII, case kept: "SGTVT-XD Lào Cai" -> "SGTVT-XD-Lao-Cai" (đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    ascii_only = stripped.encode("ascii", "ignore").decode("ascii")
    return _ASCII_SLUG.sub("-", ascii_only).strip("-") or "x"


def _split_suffix(name: str) -> tuple[str, str]:
    """("Kế hoạch", ".pdf"); a "suffix" longer than 10 characters is part of the stem."""
    dot = name.rfind(".")
    if dot <= 0 or len(name) - dot > 10 or len(name) - dot == 1:
        return name, ""
    return name[:dot], name[dot:]


def invisible_chars(text: str) -> list[str]:
    """The format characters in ``text`` ("U+202E", …): direction overrides (which make
    "hoadon\u202efdp.exe" show as "hoadonexe.pdf"), zero-width spaces and joiners, BOMs."""
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})


def safe_name(name: str, *, max_chars: int = 120) -> str:
    """A single file or folder name that Windows accepts, in NFC, at most ``max_chars`` long.

    Invisible format characters (see :func:`invisible_chars`) are removed.
    """
    text = nfc(name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = _FORBIDDEN.sub("_", text)
    text = text.strip(" ").rstrip(". ")
    if not text:
        text = "tai-lieu"
    stem, suffix = _split_suffix(text)
    stem = stem.rstrip(". ") or "tai-lieu"
    first, dot, rest = stem.partition(".")
    if first.rstrip(" ").upper() in _RESERVED:  # "CON.pdf", "com1.tar.gz": devices on Windows
        stem = first + "_" + dot + rest
    return _fit(stem, suffix, max_chars)


def _fit(stem: str, suffix: str, max_chars: int) -> str:
    """stem + suffix cut to ``max_chars`` by shortening the stem (never the suffix)."""
    room = max(max_chars - len(suffix), 1)
    if len(stem) > room:
        stem = stem[:room].rstrip(". ") or "t"
    return stem + suffix


def assign_package_paths(items: Sequence[tuple[str, str]], top: str = EVIDENCE_DIR) -> list[str]:
    """Package paths for (leaf code, original file name) pairs, in order.

    Each file goes to ``<top>/<leaf>/<safe name>`` (``tai-lieu-kiem-chung`` by default); two
    files that end up with the same name in one folder (compared as Windows does, ignoring
    case) get "-2", "-3", … The whole relative path stays within :data:`MAX_PATH_CHARS` characters.
    """
    used: dict[str, set[str]] = {}
    result: list[str] = []
    for leaf, original in items:
        folder = f"{top}/{safe_name(leaf, max_chars=40)}"
        room = MAX_PATH_CHARS - len(folder) - 1
        base = safe_name(original, max_chars=room)
        stem, suffix = _split_suffix(base)
        taken = used.setdefault(folder.casefold(), set())
        candidate = base
        n = 1
        while candidate.casefold() in taken:
            n += 1
            candidate = _fit(stem, f"-{n}{suffix}", room)
        taken.add(candidate.casefold())
        result.append(f"{folder}/{candidate}")
    return result


# --------------------------------------------------------------------------- copy and hash


def copy_and_hash(
    source: Path, target: Path, on_chunk: Callable[[int], None] | None = None
) -> tuple[int, str]:
    """Copy ``source`` to a new file ``target`` in 1 MiB chunks, hashing what is written.

    Returns (size, sha256 hex). ``on_chunk(n)`` is called with each chunk's length.
    """
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, target.open("xb") as dst:
        while True:
            n = src.readinto(buffer)
            if not n:
                break
            chunk = view[:n]
            digest.update(chunk)
            dst.write(chunk)
            size += n
            if on_chunk is not None:
                on_chunk(n)
    return size, digest.hexdigest()


def hash_file(path: Path) -> tuple[int, str]:
    """(size, sha256 hex) of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with path.open("rb") as f:
        while True:
            n = f.readinto(buffer)
            if not n:
                break
            digest.update(view[:n])
            size += n
    return size, digest.hexdigest()


def copy_evidence(
    files: Sequence[EvidenceFile], package_dir: Path, progress: Progress | None = None
) -> list[EvidenceFile]:
    """Copy every evidence file into ``package_dir``; return them with their size and hash."""
    total = len(files)
    done_bytes = 0
    copied: list[EvidenceFile] = []
    since_report = 0

    def on_chunk(n: int) -> None:
        nonlocal done_bytes, since_report
        done_bytes += n
        since_report += n
        if progress is not None and since_report >= 32 * CHUNK:
            since_report = 0
            progress(len(copied), total, done_bytes)

    if progress is not None:
        progress(0, total, 0)
    for item in files:
        size, sha = copy_and_hash(item.source, package_dir / item.package_path, on_chunk)
        copied.append(dataclasses.replace(item, size=size, sha256=sha))
        if progress is not None:
            since_report = 0
            progress(len(copied), total, done_bytes)
    return copied


# --------------------------------------------------------------------------- manifest and sums


def manifest_bytes(data: dict[str, object]) -> bytes:
    """The manifest as written: UTF-8 JSON, sorted keys, two-space indent, final newline."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def evidence_entry(item: EvidenceFile) -> dict[str, object]:
    meta = item.meta
    return {
        "leaf": item.leaf,
        "division": item.division,
        "package_path": item.package_path,
        "source": item.written,
        "size": item.size,
        "sha256": item.sha256,
        "title": meta.title,
        "number": meta.number,
        "issued": meta.issued.isoformat() if meta.issued else None,
        "issuer": meta.issuer,
        "part": meta.part,
    }


def package_files(package_dir: Path) -> list[str]:
    """Every file below ``package_dir`` as a "/" path, sorted by code point."""
    found: list[str] = []
    for folder, _dirs, names in os.walk(package_dir):
        rel = Path(folder).relative_to(package_dir)
        for name in names:
            found.append((rel / name).as_posix() if rel.parts else name)
    return sorted(found)


def write_sums(
    package_dir: Path, known: dict[str, str] | None = None, *, extra: Iterable[str] = ()
) -> Path:
    """Write SHA256SUMS ("<hash>  <path>" lines, sorted) for every other file of the package.

    ``known`` maps paths to hashes already computed (evidence); other files are hashed here.
    ``extra`` names paths that are only in the zip (all of them must be in ``known``).
    The file checks with ``sha256sum -c SHA256SUMS`` run inside the package folder.
    """
    known = known or {}
    lines = []
    for rel in sorted(set(package_files(package_dir)) | set(extra)):
        if rel == SUMS:
            continue
        sha = known.get(rel) or hash_file(package_dir / rel)[1]
        lines.append(f"{sha}  {rel}\n")
    path = package_dir / SUMS
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


def read_sums(path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        sha, _, rel = line.partition("  ")
        result[rel] = sha
    return result


# --------------------------------------------------------------------------- hashes filled in later


def hash_placeholders(count: int) -> list[str]:
    """Stand-ins of exactly the length of a SHA-256 hex digest, one per evidence file, so a
    document can be laid out before the hashes are known (see :func:`fill_hashes`)."""
    return [f"PARCLI-SHA256-{i:050d}" for i in range(count)]


def fill_hashes(path: Path, hashes: Mapping[str, str], day: dt.date) -> set[str]:
    """Replace the stand-ins of :func:`hash_placeholders` in the Office file ``path``.

    The XML parts that hold them are rewritten (same lengths, so the layout is unchanged) and
    the file is re-packed reproducibly; anything else in it is kept as it is. Returns the
    stand-ins found (and replaced), for the caller to check that none was missed.
    """
    import io

    from parcli.formats.ziputil import repack_zip

    data = path.read_bytes()
    pattern = re.compile(b"PARCLI-SHA256-[0-9]{50}")
    encoded = {k.encode("ascii"): v.encode("ascii") for k, v in hashes.items()}
    replace: dict[str, bytes] = {}
    found: set[str] = set()

    def real_hash(match: re.Match[bytes]) -> bytes:
        found.add(match.group(0).decode("ascii"))
        return encoded[match.group(0)]

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if not info.filename.endswith(".xml"):
                continue
            part = zf.read(info)
            if b"PARCLI-SHA256-" in part:
                replace[info.filename] = pattern.sub(real_hash, part)
    if not replace:
        return found
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(repack_zip(data, day, replace=replace))
    os.replace(tmp, path)
    return found


# --------------------------------------------------------------------------- zip


def zip_info(
    arcname: str, date_time: tuple[int, int, int, int, int, int], size: int
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=date_time)
    info.create_system = 3  # the same bytes whatever system builds the package
    info.external_attr = FILE_MODE << 16
    info.file_size = size  # lets zipfile choose ZIP64 for files over 2 GiB up front
    if Path(arcname).suffix.lower() in STORED_SUFFIXES:
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
        # ``compress_level`` since Python 3.13, ``_compresslevel`` before
        attr = "compress_level" if hasattr(info, "compress_level") else "_compresslevel"
        setattr(info, attr, ZIP_LEVEL)
    return info


def write_zip(
    package_dir: Path,
    zip_path: Path,
    day: dt.date,
    on_chunk: Callable[[int], None] | None = None,
    expected: Mapping[str, str] | None = None,
) -> list[str]:
    """Zip ``package_dir`` (as the top folder of the archive) into ``zip_path``, reproducibly.

    Entries are sorted, dated ``day`` 00:00:00, mode 0644, names UTF-8 (flag 0x800 for
    non-ASCII names); contents are streamed in 1 MiB chunks. Files listed in ``expected``
    (package path -> SHA-256) are hashed in the same pass, so the bytes that go into the zip
    are the bytes the manifest records; the mismatches are returned, in Vietnamese.
    """
    date_time = zip_stamp(day)
    top = package_dir.name
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    problems: list[str] = []
    with zipfile.ZipFile(zip_path, "x", allowZip64=True) as zf:
        for rel in package_files(package_dir):
            path = package_dir / rel
            want = expected.get(rel) if expected is not None else None
            digest = hashlib.sha256() if want is not None else None
            info = zip_info(f"{top}/{rel}", date_time, path.stat().st_size)
            with path.open("rb") as src, zf.open(info, "w") as dst:
                while True:
                    n = src.readinto(buffer)
                    if not n:
                        break
                    dst.write(view[:n])
                    if digest is not None:
                        digest.update(view[:n])
                    if on_chunk is not None:
                        on_chunk(n)
            if digest is not None and digest.hexdigest() != want:
                problems.append(f"tệp {rel}: mã SHA-256 khác với manifest")
    return problems


# --------------------------------------------------------------------------- verify


def verify_entries(
    package_dir: Path, entries: Iterable[tuple[str, int, str]], *, hash_contents: bool = True
) -> list[str]:
    """Problems (in Vietnamese) where a file's size or hash differs from what was recorded.

    With ``hash_contents=False`` only presence and size are checked (the zip pass hashes).
    """
    problems: list[str] = []
    for rel, size, sha in entries:
        path = package_dir / rel
        if not path.is_file():
            problems.append(f"thiếu tệp {rel}")
            continue
        if not hash_contents:
            got = path.stat().st_size
            if got != size:
                problems.append(f"tệp {rel}: kích thước {got} byte, manifest ghi {size} byte")
            continue
        got_size, got_sha = hash_file(path)
        if got_size != size:
            problems.append(f"tệp {rel}: kích thước {got_size} byte, manifest ghi {size} byte")
        elif got_sha != sha:
            problems.append(f"tệp {rel}: mã SHA-256 khác với manifest")
    return problems


# --------------------------------------------------------------------------- move into place


def remove_tree(path: Path) -> None:
    """Remove a file or folder if it exists, ignoring errors (read-only files included)."""

    def on_error(func: Callable[..., object], target: str, _exc: object) -> None:
        try:
            os.chmod(target, 0o700)
            func(target)
        except OSError:
            pass

    if path.is_dir() and not path.is_symlink():
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=on_error)
        else:
            shutil.rmtree(path, onerror=on_error)
    elif path.exists() or path.is_symlink():
        with contextlib.suppress(OSError):
            path.unlink()
