"""appraisal.yaml as text (codes quoted, exact decimals, dd/mm/yyyy dates, NFC text), written
atomically after the text has been loaded back."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from parcli.errors import BuildFailed, os_reason
from parcli.model import AppraisalFile, Dossier, StrictModel
from parcli.text import code_key, format_date, nfc, plain_decimal


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str):
        return json.dumps(nfc(value), ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def _fields(model: StrictModel, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None or value is False:
            continue
        lines.append(f"{pad}{name}: {_scalar(value)}")
    return lines


def to_yaml(appraisal: AppraisalFile, dossier: Dossier) -> str:
    out = [
        f"# Kết quả thẩm định Chỉ số cải cách hành chính năm {dossier.year} của "
        f"{dossier.agency.name}.",
        "# Ghi bằng `parcli appraisal import` từ bảng điểm của Hội đồng thẩm định; có thể sửa "
        "tay (chú thích # không được giữ khi nhập lại).",
        "# Đơn vị không sửa điểm thẩm định: giải trình ghi trong divisions/<đơn vị>.yaml, mục "
        "response của tiêu chí.",
        "",
        f"schema_version: {appraisal.schema_version}",
    ]
    if appraisal.year is not None:
        out.append(f"year: {appraisal.year}")
    for key in ("round1", "round2"):
        info = getattr(appraisal, key)
        if info is not None:
            body = _fields(info, 2)
            out += [f"{key}:", *body] if body else [f"{key}: {{}}"]
    if appraisal.leaves:
        out.append("leaves:")
        for code in sorted(appraisal.leaves, key=code_key):
            body = _fields(appraisal.leaves[code], 4)
            out += [f"  {_scalar(code)}:", *body] if body else [f"  {_scalar(code)}: {{}}"]
    if appraisal.areas:
        out.append("areas:")
        for code in sorted(appraisal.areas, key=code_key):
            body = _fields(appraisal.areas[code], 4)
            out += [f"  {_scalar(code)}:", *body] if body else [f"  {_scalar(code)}: {{}}"]
    for key in ("published_total", "published_rank"):
        value = getattr(appraisal, key)
        if value is not None:
            out.append(f"{key}: {_scalar(value)}")
    return "\n".join(out) + "\n"


def write_appraisal(path: Path, appraisal: AppraisalFile, dossier: Dossier) -> None:
    """Write atomically: a temporary file beside it, read back and compared, then os.replace."""
    from parcli.formats.appraisal_file import load_appraisal_file

    text = to_yaml(appraisal, dossier)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BuildFailed(f"Không ghi được {path}: {os_reason(exc)}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        back, _, findings = load_appraisal_file(tmp, path.name)
        if back != appraisal or findings:
            raise BuildFailed(
                f"Đọc lại {path.name} vừa ghi không khớp; tệp cũ được giữ nguyên",
                "Đây là lỗi của parcli; hãy báo cho người bảo trì kèm bảng điểm.",
            )
        os.replace(tmp, path)
    except OSError as exc:
        raise BuildFailed(f"Không ghi được {path}: {os_reason(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)
