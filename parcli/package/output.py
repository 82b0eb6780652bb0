"""Where a package is written, and what it may replace."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from parcli.errors import BuildFailed, OutputExists, UsageError
from parcli.formats.evidence import inside
from parcli.model import Dossier
from parcli.package.names import PackageNames
from parcli.package.writer import MANIFEST, hash_file
from parcli.render.context import EvidenceFile


def output_dir(
    root: Path, dossier: Dossier, out: Path | None, planned: list[EvidenceFile], names: PackageNames
) -> Path:
    if out is None:
        out_dir = (root / dossier.build_dir.replace("\\", "/")).resolve()
        option = f"build_dir ('{dossier.build_dir}') trong dossier.yaml"
        if not inside(out_dir, root):
            raise UsageError(
                f"{option}: thư mục kết quả {out_dir} nằm ngoài thư mục hồ sơ; hồ sơ không được "
                "chỉ định ghi ra chỗ khác trên máy",
                "Sửa build_dir thành thư mục con (mặc định build), hoặc dùng --out.",
            )
    else:
        out_dir = out.expanduser().resolve()
        option = "--out"
    if out_dir == root:
        raise UsageError(
            f"{option}: thư mục kết quả không được là chính thư mục hồ sơ ({root})",
            "Chọn một thư mục con (mặc định build) hoặc một thư mục bên ngoài hồ sơ.",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{option}: {out_dir} là một tệp, không phải thư mục")
    folders = sorted({f.source.parent for f in planned if f.source.parent != root})
    for folder in folders:
        if inside(out_dir, folder):
            raise UsageError(
                f"{option}: thư mục kết quả {out_dir} nằm trong thư mục tài liệu kiểm chứng "
                f"{folder}",
                "Chọn thư mục khác; parcli không ghi vào thư mục chứa tài liệu kiểm chứng.",
            )
    for target in (out_dir / names.package, out_dir / names.zip):
        for f in planned:
            if inside(f.source, target):
                raise UsageError(
                    f"{option}: tài liệu kiểm chứng {f.written} nằm trong {target}, nơi hồ sơ "
                    "mới sẽ được ghi",
                    "Chuyển tài liệu vào thư mục evidence/ của hồ sơ.",
                )
    return out_dir


def _parcli(data: object) -> dict[str, object] | None:
    """``data`` when it is a manifest parcli wrote (its "tool" says so), else None."""
    if not isinstance(data, dict):
        return None
    tool = data.get("tool")
    return data if isinstance(tool, dict) and tool.get("name") == "parcli" else None


def folder_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest.json parcli wrote in ``folder`` (None when there is none)."""
    try:
        return _parcli(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def zip_manifest(path: Path, top: str) -> dict[str, object] | None:
    """The manifest of a zip parcli wrote (None when it is not one)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _parcli(json.loads(zf.read(f"{top}/{MANIFEST}").decode("utf-8")))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def is_parcli_package(folder: Path) -> bool:
    """Whether ``folder`` holds a package written by parcli (its manifest.json says so)."""
    return folder_manifest(folder) is not None


def _document_hashes(manifest: dict[str, object] | None) -> dict[str, str]:
    """File name -> SHA-256 of the report and the appendix a manifest lists."""
    documents = manifest.get("documents") if manifest else None
    found: dict[str, str] = {}
    for doc in documents if isinstance(documents, list) else []:
        if isinstance(doc, dict) and isinstance(doc.get("path"), str):
            found[str(doc["path"])] = str(doc.get("sha256"))
    return found


def _sha256(path: Path) -> str | None:
    try:
        return hash_file(path)[1]
    except OSError:
        return None


_CORE = "docProps/core.xml"
_PROP = re.compile(rb"<(?:\w+:)?(description|creator|created|modified)\b[^>]*>([^<]*)<")


def _saved_by_parcli_only(path: Path) -> bool | None:
    """Whether an Office file parcli wrote has not been saved again since.

    For a document no manifest lists any more (the zip moved away, say): True when its
    properties say parcli made it ("Tạo bằng parcli" in the Word report, creator "parcli" in
    the Excel appendix) and its modification time is still the creation time parcli wrote
    (Word, Excel and LibreOffice all rewrite it on every save); False when parcli made it and
    it was saved since; None when it is not parcli's.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read(_CORE)[:65536]
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    props = {
        m.group(1).decode(): m.group(2).decode("utf-8", "replace") for m in _PROP.finditer(core)
    }
    if props.get("description") != "Tạo bằng parcli" and props.get("creator") != "parcli":
        return None
    return bool(props.get("created")) and props.get("created") == props.get("modified")


def check_documents(out_dir: Path, names: PackageNames, *, force: bool) -> None:
    """Refuse to replace a report or appendix the office has edited since the last build.

    The report and the appendix are written beside the zip (and inside the package folder
    with ``--folder``) for the office to open. Word and Excel save in place, so an office that
    corrected a sentence there would lose it to the next build: a document whose bytes are not
    those the earlier build listed in its manifest, or that parcli did not write at all, is
    kept unless ``force``. Every such document is named at once.
    """
    if force:
        return
    zip_listed = _document_hashes(zip_manifest(out_dir / names.zip, names.package))
    folder = out_dir / names.package
    folder_listed = _document_hashes(folder_manifest(folder))
    problems: list[str] = []
    for place, listed in ((out_dir, zip_listed or folder_listed), (folder, folder_listed)):
        for name in (names.report, names.appendix):
            path = place / name
            if not (path.exists() or path.is_symlink()):
                continue
            regular = path.is_file() and not path.is_symlink()
            if regular and name in listed:
                if listed[name] == _sha256(path):
                    continue
                problems.append(
                    f"{path} đã được sửa sau lần tạo hồ sơ trước (khác bản parcli đã ghi)"
                )
                continue
            untouched = _saved_by_parcli_only(path) if regular else None
            if untouched:
                continue
            problems.append(
                f"{path} đã được sửa và lưu lại sau lần tạo hồ sơ trước"
                if untouched is False
                else f"{path} đã có và không do parcli tạo"
            )
    if problems:
        raise OutputExists(
            "parcli không ghi đè "
            + ("tệp sau" if len(problems) == 1 else f"{len(problems)} tệp sau")
            + " (tạo lại hồ sơ sẽ thay chúng, các chỗ đã sửa sẽ mất): "
            + "; ".join(problems),
            "Muốn giữ: chuyển (cắt, không phải chép) tệp đó ra ngoài thư mục kết quả hoặc đổi "
            "tên nó, rồi chạy lại. Chỗ sửa muốn có cả ở lần tạo sau thì đưa vào hồ sơ: câu chữ "
            "của báo cáo trong dossier.yaml hoặc mẫu văn bản (`parcli docs report`), điểm và "
            "tài liệu trong divisions/*.yaml. Muốn thay: dùng --force.",
        )


def check_overwrite(final_dir: Path, final_zip: Path, names: PackageNames, *, force: bool) -> bool:
    """Whether an earlier package will be replaced; refuses to replace what parcli did not write."""
    exists = final_dir.exists() or final_dir.is_symlink()
    zip_exists = final_zip.exists() or final_zip.is_symlink()
    if force:
        return exists or zip_exists
    parcli_dir = exists and final_dir.is_dir() and is_parcli_package(final_dir)
    if exists and not parcli_dir:
        raise OutputExists(
            f"{final_dir} đã có và không phải hồ sơ do parcli tạo (không có manifest.json của "
            "parcli); parcli không ghi đè",
            "Đổi tên hoặc chuyển thư mục đó đi, chọn thư mục khác bằng --out, hoặc dùng --force "
            "để thay thế.",
        )
    if zip_exists and not (
        final_zip.is_file() and (parcli_dir or zip_manifest(final_zip, names.package) is not None)
    ):
        raise OutputExists(
            f"{final_zip} đã có và không phải tệp nén do parcli tạo; parcli không ghi đè",
            "Đổi tên hoặc chuyển tệp đó đi, chọn thư mục khác bằng --out, hoặc dùng --force.",
        )
    return exists or zip_exists


def open_in_office(out_dir: Path, names: PackageNames) -> list[str]:
    """The documents of the build folder that Word, Excel or LibreOffice have open.

    They leave an owner file beside the document: Word "~$" and the name without its first two
    characters, Excel "~$" and the whole name, LibreOffice ".~lock.<name>#". Windows refuses to
    replace a file that is open, so a failed build names them.
    """
    found = []
    for place in (out_dir, out_dir / names.package):
        for name in (names.report, names.appendix):
            owners = (f"~${name[2:]}", f"~${name[1:]}", f"~${name}", f".~lock.{name}#")
            if any((place / owner).exists() for owner in owners):
                found.append(str(place / name))
    return found


def check_replaceable(out_dir: Path, names: PackageNames) -> None:
    """Refuse at the start, not after the whole build, when a document cannot be replaced.

    Word and Excel keep the file they show open without sharing write access, so on Windows
    opening it for writing fails; opening it this way changes nothing in it (no truncation,
    nothing written). A read-only file fails the same way.
    """
    blocked = []
    for place in (out_dir, out_dir / names.package):
        for name in (names.report, names.appendix):
            path = place / name
            if not path.is_file():
                continue
            try:
                with path.open("r+b"):
                    pass
            except PermissionError:
                blocked.append(str(path))
            except OSError:
                continue  # anything else shows itself, with its reason, when it is replaced
    if blocked:
        raise BuildFailed(
            "Không thay được "
            + ", ".join(blocked)
            + ": tệp đang mở trong Word/Excel (hoặc chỉ cho phép đọc); chưa có gì được ghi",
            "Đóng tệp đó trong Word/Excel (hoặc bỏ thuộc tính chỉ đọc) rồi chạy lại.",
        )
