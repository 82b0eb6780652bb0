"""Where a package is written, and what it may replace."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from parcli.errors import OutputExists, UsageError
from parcli.formats.evidence import inside
from parcli.model import Dossier
from parcli.package.names import PackageNames
from parcli.package.writer import MANIFEST
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


def is_parcli_package(folder: Path) -> bool:
    """Whether ``folder`` holds a package written by parcli (its manifest.json says so)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and tool.get("name") == "parcli"


def _is_parcli_zip(path: Path, top: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            data = json.loads(zf.read(f"{top}/{MANIFEST}").decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and tool.get("name") == "parcli"


def check_overwrite(final_dir: Path, final_zip: Path, names: PackageNames, *, force: bool) -> bool:
    """Whether an earlier package will be replaced; refuses to replace what parcli did not write."""
    exists = final_dir.exists() or final_dir.is_symlink()
    zip_exists = final_zip.exists() or final_zip.is_symlink()
    if force:
        return exists or zip_exists
    if exists and (not final_dir.is_dir() or not is_parcli_package(final_dir)):
        raise OutputExists(
            f"{final_dir} đã có và không phải hồ sơ do parcli tạo (không có manifest.json của "
            "parcli); parcli không ghi đè",
            "Đổi tên hoặc chuyển thư mục đó đi, chọn thư mục khác bằng --out, hoặc dùng --force "
            "để thay thế.",
        )
    if zip_exists and not (
        final_zip.is_file()
        and ((exists and is_parcli_package(final_dir)) or _is_parcli_zip(final_zip, names.package))
    ):
        raise OutputExists(
            f"{final_zip} đã có và không phải tệp nén do parcli tạo; parcli không ghi đè",
            "Đổi tên hoặc chuyển tệp đó đi, chọn thư mục khác bằng --out, hoặc dùng --force.",
        )
    return exists or zip_exists
