"""Take the evidence files a division sends (a folder or a .zip) into the dossier, safely.

Every file goes to one folder of the dossier (``evidence/<division>/``) under its own name,
made NFC and safe on Windows (no ``\\ / : * ? " < > |``, no trailing dot or space, no device
names such as CON). Entries of a zip that leave the folder (``..``, absolute paths, links),
encrypted entries, and files beyond the size caps (:mod:`parcli.formats.limits`) are refused.
An existing file is never overwritten: the same content is skipped, a different content with
the same name is a finding. Nothing is written until :func:`carry_out`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import IO

from parcli.findings import Finding, make
from parcli.formats import limits
from parcli.formats.atomic import replacing
from parcli.text import nfc

_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}
MAX_NAME = 120


def safe_name(name: str) -> str:
    """A file name that Windows, macOS and Linux all accept, NFC."""
    text = _BAD_CHARS.sub("-", nfc(name)).strip().rstrip(". ")
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.upper() in _DEVICES or text.upper() in _DEVICES:
        text = "_" + text
    if len(text) > MAX_NAME:
        keep = MAX_NAME - len(ext) - 1
        text = (stem[:keep] + "." + ext) if ext else text[:MAX_NAME]
    return text or "_"


def _junk(name: str) -> bool:
    low = name.lower()
    return low in _JUNK or low.startswith(("~$", "._"))


@dataclasses.dataclass(frozen=True)
class Copy:
    source: str  # as shown: the path inside the folder or zip
    dest: str  # relative to the dossier, with "/"
    size: int
    action: str  # "new", "same" (already there, identical), "conflict"


@dataclasses.dataclass
class IntakePlan:
    source: Path
    folder: str  # dossier-relative destination folder
    copies: list[Copy] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    members: dict[str, str] = dataclasses.field(default_factory=dict)  # zip: dest -> member
    files: dict[str, Path] = dataclasses.field(default_factory=dict)  # folder: dest -> path

    @property
    def names(self) -> set[str]:
        return {c.dest.rsplit("/", 1)[-1] for c in self.copies}


def _digest_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def member_name(info: zipfile.ZipInfo) -> str:
    """The name of a zip member. Without the UTF-8 flag Python reads the name as cp437, but
    many tools (older Windows, 7-Zip, Linux zip) store UTF-8 or the Vietnamese code page
    cp1258 without saying so: try UTF-8, then cp1258."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace")


def _digest_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    """SHA-256 and size of a zip member, reading at most one byte past the cap."""
    h = hashlib.sha256()
    read = 0
    with zf.open(info) as fh:
        while read <= limits.INTAKE_MAX_FILE_BYTES:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            read += len(chunk)
            h.update(chunk)
    return h.hexdigest(), read


def plan_intake(
    source: Path, root: Path, folder: str, *, division: str | None = None
) -> IntakePlan:
    """What taking ``source`` into ``root/folder`` would do (nothing is written)."""
    plan = IntakePlan(source=source, folder=folder)
    shown = source.name

    def refuse(message: str, hint: str) -> None:
        plan.findings.append(make("F020", message, hint, file=shown, division=division))

    items: list[tuple[str, int, object]] = []  # (name in source, size, handle)
    if source.is_dir():
        for dirpath, dirnames, filenames in os.walk(source, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(source).as_posix()
                if _junk(name):
                    continue
                if path.is_symlink():
                    refuse(
                        f"{shown}/{rel} là liên kết (shortcut), không phải tệp; không chép",
                        "Chép chính tệp tài liệu vào thư mục thay cho liên kết.",
                    )
                    continue
                items.append((rel, path.stat().st_size, path))
    elif zipfile.is_zipfile(source):
        try:
            with zipfile.ZipFile(source) as zf:
                for info in zf.infolist():
                    name = member_name(info).replace("\\", "/")
                    if (
                        info.is_dir()
                        or name.startswith("__MACOSX/")
                        or _junk(name.rsplit("/", 1)[-1])
                    ):
                        continue
                    parts = name.split("/")
                    mode = info.external_attr >> 16
                    if (
                        name.startswith("/")
                        or re.match(r"^[A-Za-z]:", name)
                        or ".." in parts
                        or stat.S_ISLNK(mode)
                    ):
                        refuse(
                            f"Tệp nén {shown} có mục '{info.filename}' trỏ ra ngoài thư mục "
                            "(đường dẫn tuyệt đối, .. hoặc liên kết); không giải nén tệp này",
                            "Nén lại các tệp tài liệu bằng chức năng Send to > Compressed "
                            "(zipped) folder của Windows rồi gửi lại.",
                        )
                        continue
                    if info.flag_bits & 0x1:
                        refuse(
                            f"Mục '{info.filename}' trong {shown} có mật khẩu",
                            "Nén lại không đặt mật khẩu.",
                        )
                        continue
                    items.append((name, info.file_size, info))
                _collect(plan, items, root, zf, refuse)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
            refuse(f"Tệp nén {shown} bị hỏng ({exc})", "Nén lại các tệp rồi gửi lại.")
        return plan
    else:
        refuse(
            f"{shown} không phải thư mục hay tệp .zip",
            "Chỉ --evidence tới thư mục chứa tài liệu, hoặc tới tệp .zip đơn vị gửi.",
        )
        return plan
    _collect(plan, items, root, None, refuse)
    return plan


def _collect(
    plan: IntakePlan,
    items: list[tuple[str, int, object]],
    root: Path,
    zf: zipfile.ZipFile | None,
    refuse: object,
) -> None:
    assert callable(refuse)
    if len(items) > limits.INTAKE_MAX_FILES:
        refuse(
            f"{plan.source.name} có {len(items)} tệp, nhiều hơn mức {limits.INTAKE_MAX_FILES}",
            "Chỉ gửi các tệp tài liệu kiểm chứng đã ghi trong phiếu.",
        )
        return
    total = sum(size for _, size, _ in items)
    if total > limits.INTAKE_MAX_TOTAL_BYTES:
        refuse(
            f"{plan.source.name} quá lớn ({total // (1024 * 1024)} MB)",
            "Chỉ gửi các tệp đã ghi trong phiếu; nén PDF bằng chức năng giảm dung lượng.",
        )
        return
    taken: dict[str, str] = {}  # dest -> digest
    for name, size, handle in items:
        base = name.rsplit("/", 1)[-1]
        dest = f"{plan.folder}/{safe_name(base)}"
        if size > limits.INTAKE_MAX_FILE_BYTES:
            refuse(
                f"Tệp {name} quá lớn ({size // (1024 * 1024)} MB)",
                "Giảm dung lượng tệp (ví dụ quét PDF ở độ phân giải thấp hơn) rồi gửi lại.",
            )
            continue
        if isinstance(handle, zipfile.ZipInfo):
            assert zf is not None
            digest, read = _digest_member(zf, handle)
            if read > limits.INTAKE_MAX_FILE_BYTES:
                refuse(
                    f"Tệp {name} trong tệp nén quá lớn khi giải nén", "Nén lại các tệp rồi gửi lại."
                )
                continue
        else:
            assert isinstance(handle, Path)
            digest = _digest_file(handle)
        if dest in taken:
            if taken[dest] != digest:
                refuse(
                    f"Hai tệp khác nhau cùng tên {safe_name(base)} trong {plan.source.name}",
                    "Đổi tên một trong hai tệp (và sửa tên trong phiếu) rồi gửi lại.",
                )
            continue
        taken[dest] = digest
        target = root / dest
        action = "new"
        if target.exists():
            action = "same" if target.is_file() and _digest_file(target) == digest else "conflict"
        plan.copies.append(Copy(name, dest, size, action))
        if action == "conflict":
            plan.findings.append(
                make(
                    "F019",
                    f"Trong hồ sơ đã có tệp {dest} khác nội dung với tệp {name} gửi kèm; "
                    "parcli không ghi đè",
                    "Nếu tệp mới đúng, xóa hoặc đổi tên tệp cũ trong hồ sơ "
                    "rồi nhập lại; nếu không, đổi tên tệp mới và sửa tên trong phiếu.",
                    file=plan.source.name,
                )
            )
        elif action == "new":
            if isinstance(handle, Path):
                plan.files[dest] = handle
            else:
                assert isinstance(handle, zipfile.ZipInfo)
                plan.members[dest] = handle.filename


def carry_out(plan: IntakePlan, root: Path) -> list[str]:
    """Copy the new files (each written atomically); returns their dossier paths."""
    written: list[str] = []
    zf = zipfile.ZipFile(plan.source) if plan.members else None
    try:
        for copy in plan.copies:
            if copy.action != "new":
                continue
            target = root / copy.dest
            target.parent.mkdir(parents=True, exist_ok=True)
            with replacing(target) as fh:
                if zf is not None and copy.dest in plan.members:
                    src: IO[bytes] = zf.open(plan.members[copy.dest])
                else:
                    src = plan.files[copy.dest].open("rb")
                with src:
                    while chunk := src.read(1 << 20):
                        fh.write(chunk)
            written.append(copy.dest)
    finally:
        if zf is not None:
            zf.close()
    return written
