"""Render the criteria set as YAML (codes quoted, decimals as written, NFC text) and write it
atomically, after loading the written text back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parcli.criteria.table_import.results import ImportResult
from parcli.errors import ImportFailed, OutputExists, UsageError
from parcli.findings import Severity
from parcli.formats.atomic import write_atomic
from parcli.formats.yamlwrite import dump_data


def to_yaml(data: dict[str, Any], source_name: str) -> str:
    """The criteria set as YAML: codes quoted, decimals as written, NFC text."""
    header = (
        f"Bộ tiêu chí nhập bằng `parcli criteria import` từ {source_name}.\n"
        "Kiểm tra lại với văn bản gốc trước khi dùng: parcli criteria check <tệp này>\n"
        "\n"
    )
    return dump_data(data, header)


def write_yaml(result: ImportResult, out: Path, *, force: bool, partial: bool = False) -> None:
    """Write atomically (a temporary file in the same folder, then os.replace).

    The written text is loaded back with `load_criteria` before it replaces
    anything; unless ``partial``, a file with errors is never written.
    """
    from parcli.formats.loading import load_criteria

    if result.data is None:
        raise ImportFailed("Không có gì để ghi: không đọc được lĩnh vực nào")
    if not result.ok and not partial:
        raise ImportFailed(
            f"Bảng còn {len(result.errors)} lỗi; chưa ghi {out}",
            "Sửa bảng gốc rồi nhập lại, hoặc dùng --partial để ghi phần đọc được.",
        )
    if out.exists() and not force:
        raise OutputExists(
            f"Tệp {out} đã có",
            "Thêm --force để ghi đè, hoặc chọn tên tệp khác với -o.",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"Thư mục {folder} không tồn tại", "Tạo thư mục trước hoặc sửa -o.")

    def loads_back(tmp: Path) -> None:
        model, doc, findings = load_criteria(tmp, out.name)
        if model is not None:
            from parcli.rules import check_criteria

            findings.extend(check_criteria(model, doc))
        bad = [f for f in findings if f.severity is Severity.ERROR]
        if (model is None or bad) and not partial:
            first = bad[0].message if bad else "không đọc lại được"
            raise ImportFailed(
                f"Tệp YAML tạo ra không đọc lại được ({first}); chưa ghi {out}",
                "Đây có thể là lỗi của parcli: gửi tệp bảng cho người bảo trì.",
            )

    write_atomic(out, to_yaml(result.data, result.source_name), loads_back)
