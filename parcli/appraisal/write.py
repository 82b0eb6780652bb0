"""appraisal.yaml as text (codes quoted, exact decimals, dd/mm/yyyy dates, NFC text), written
atomically after the text has been loaded back."""

from __future__ import annotations

from pathlib import Path

from parcli.errors import BuildFailed, os_reason
from parcli.formats.atomic import write_atomic
from parcli.formats.yamlwrite import dump_yaml
from parcli.model import AppraisalFile, Dossier
from parcli.text import code_key


def to_yaml(appraisal: AppraisalFile, dossier: Dossier) -> str:
    header = (
        f"Kết quả thẩm định Chỉ số cải cách hành chính năm {dossier.year} của "
        f"{dossier.agency.name}.\n"
        "Ghi bằng `parcli appraisal import` từ bảng điểm của Hội đồng thẩm định; có thể sửa "
        "tay (chú thích # không được giữ khi nhập lại).\n"
        "Đơn vị không sửa điểm thẩm định: giải trình ghi trong divisions/<đơn vị>.yaml, mục "
        "response của tiêu chí.\n"
        "\n"
    )
    in_order = appraisal.model_copy(
        update={
            "leaves": dict(sorted(appraisal.leaves.items(), key=lambda kv: code_key(kv[0]))),
            "areas": dict(sorted(appraisal.areas.items(), key=lambda kv: code_key(kv[0]))),
        }
    )
    return dump_yaml(in_order, header)


def write_appraisal(path: Path, appraisal: AppraisalFile, dossier: Dossier) -> None:
    """Write atomically: a temporary file beside it, read back and compared, then os.replace."""
    from parcli.formats.appraisal_file import load_appraisal_file

    def same_when_read_back(tmp: Path) -> None:
        back, _, findings = load_appraisal_file(tmp, path.name)
        if back != appraisal or findings:
            raise BuildFailed(
                f"Đọc lại {path.name} vừa ghi không khớp; tệp cũ được giữ nguyên",
                "Đây là lỗi của parcli; hãy báo cho người bảo trì kèm bảng điểm.",
            )

    try:
        write_atomic(path, to_yaml(appraisal, dossier), same_when_read_back)
    except OSError as exc:
        raise BuildFailed(f"Không ghi được {path}: {os_reason(exc)}") from None
