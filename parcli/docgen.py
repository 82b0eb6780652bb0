"""Generate docs/formats.md and docs/findings.md from the models and the finding catalogue.

Run ``python -m parcli.docgen`` after changing a model or a finding; a test fails when the
committed docs are stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from parcli.findings import CATALOGUE
from parcli.model import (
    Agency,
    Answer,
    Area,
    Component,
    CriteriaSet,
    Criterion,
    Division,
    DivisionFile,
    Dossier,
    Evidence,
    ExpectedCounts,
    PackageOptions,
    Period,
    Report,
    Signer,
    Source,
)

SECTIONS: list[tuple[str, str, list[type[BaseModel]]]] = [
    (
        "dossier.yaml",
        "Tệp chính của hồ sơ, ở gốc thư mục hồ sơ.",
        [Dossier, Agency, Period, Division, Report, Signer, PackageOptions],
    ),
    (
        "divisions/<mã đơn vị>.yaml",
        "Trả lời của một đơn vị; mỗi đơn vị một tệp.",
        [DivisionFile, Answer, Evidence],
    ),
    (
        "Bộ tiêu chí (criteria/<id>.yaml)",
        "Cây lĩnh vực → tiêu chí → tiêu chí thành phần.",
        [CriteriaSet, Source, ExpectedCounts, Area, Criterion, Component],
    ),
]


_JSON_TYPES = {
    "string": "văn bản",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true/false",
    "array": "danh sách",
    "object": "bảng",
    "null": "để trống",
}


def _type_name(prop: dict[str, Any] | bool) -> str:
    """A short Vietnamese type label from a JSON Schema property (no '|' for Markdown)."""
    if isinstance(prop, bool):
        return "giá trị"
    if "patternProperties" in prop:
        inner = next(iter(prop["patternProperties"].values()))
        return "bảng mã → " + _type_name(inner)
    if "$ref" in prop:
        return "`" + str(prop["$ref"]).rsplit("/", 1)[-1] + "`"
    if "anyOf" in prop:
        names = [_type_name(p) for p in prop["anyOf"]]
        return " hoặc ".join(dict.fromkeys(n for n in names if n != "để trống"))
    if "enum" in prop:
        return "một trong: " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        return "danh sách " + _type_name(prop.get("items", {})).strip()
    if kind == "object" and "additionalProperties" in prop:
        return "bảng mã → " + _type_name(prop["additionalProperties"])
    if kind == "string" and prop.get("examples") == ["25/12/2023"]:
        return "ngày"
    return _JSON_TYPES.get(str(kind), "giá trị")


MODEL_TEXT = {
    "Dossier": "Ai chấm tiêu chí nào, khi nào, theo bộ tiêu chí nào; thông tin cho báo cáo.",
    "Agency": "Cơ quan ban hành báo cáo (thể thức theo Nghị định 30/2020).",
    "Period": "Một khoảng ngày, tính cả ngày đầu và ngày cuối.",
    "Division": "Một phòng chuyên môn hoặc đơn vị thuộc Sở.",
    "Report": "Thông tin của báo cáo Word ngoài điểm số: số, ngày, căn cứ, nơi nhận, người ký.",
    "Signer": "Người ký báo cáo (ô 7 theo Nghị định 30/2020).",
    "PackageOptions": "Cách parcli build đóng gói hồ sơ nộp (mục package trong dossier.yaml).",
    "DivisionFile": "Trả lời của một đơn vị, theo mã tiêu chí thành phần.",
    "Answer": "Trả lời cho một tiêu chí (thành phần) được chấm điểm.",
    "Evidence": "Một tài liệu kiểm chứng: tệp trong hồ sơ và thông tin nhận dạng văn bản.",
    "CriteriaSet": "Một bộ tiêu chí: lĩnh vực → tiêu chí → tiêu chí thành phần.",
    "Source": "Văn bản ban hành bộ tiêu chí.",
    "ExpectedCounts": "Số lượng phải có (ví dụ 8/37/88); validate báo lỗi khi khác.",
    "Area": "Lĩnh vực.",
    "Criterion": "Tiêu chí; không có tiêu chí thành phần thì chính nó được chấm điểm.",
    "Component": "Tiêu chí thành phần: luôn được chấm điểm.",
}


def render_formats_md() -> str:
    out = [
        "# Định dạng tệp của parcli",
        "",
        "Tệp này được sinh từ các model pydantic (`parcli/models.py`) bằng "
        "`python -m parcli.docgen`; đừng sửa tay. JSON Schema: `parcli schema dossier|division|"
        "criteria`.",
        "",
        "Quy ước chung: văn bản UTF-8 (Unicode NFC); mã tiêu chí luôn đặt trong dấu nháy kép "
        '("1.10" khác "1.1"); điểm là số thập phân chính xác, viết `0.5` hoặc `"0,5"`; '
        "ngày viết `dd/mm/yyyy` (25/12/2023) hoặc `yyyy-mm-dd`; đường dẫn dùng `/` hoặc `\\`.",
        "",
    ]
    for title, intro, models in SECTIONS:
        out += [f"## {title}", "", intro, ""]
        for model in models:
            doc = MODEL_TEXT.get(model.__name__, "")
            out += [f"### `{model.__name__}`", ""]
            if doc:
                out += [doc, ""]
            out += ["| trường | kiểu | bắt buộc | mặc định | mô tả |", "|---|---|---|---|---|"]
            props = model.model_json_schema()["properties"]
            for name, field in model.model_fields.items():
                required = "có" if field.is_required() else ""
                default = ""
                if not field.is_required():
                    value = field.get_default(call_default_factory=True)
                    default = "" if value in (None, [], {}) else f"`{value}`"
                    if isinstance(value, BaseModel):
                        default = ""
                desc = (field.description or "").replace("|", "\\|").replace("\n", " ")
                out.append(
                    f"| `{name}` | {_type_name(props[name])} | {required} | {default} | {desc} |"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_findings_md() -> str:
    out = [
        "# Mã phát hiện của `parcli validate`",
        "",
        "Sinh từ `parcli/findings.py` bằng `python -m parcli.docgen`. Mỗi phát hiện có mã ổn "
        "định, mức độ (lỗi / cảnh báo / thông tin), vị trí `tệp:dòng:cột`, mã tiêu chí, đơn vị, "
        "thông báo và gợi ý sửa.",
        "",
        "Nhóm: **Y** đọc YAML; **S** cấu trúc tệp; **D** dossier.yaml và phân công; **C** bộ "
        "tiêu chí; **A** điểm tự chấm; **E** tài liệu kiểm chứng; **W** thời hạn.",
        "",
        "Lỗi (error) làm `validate` thoát với mã 1 và chặn `parcli build` (trừ W004–W005: nộp "
        "muộn vẫn được build). Tiêu chí chưa chấm (W001–W003) luôn chặn bản chính thức của "
        "`parcli build` (dùng `--draft` để tạo bản nháp). Với `validate`, cảnh báo chỉ làm "
        "thoát mã 1 khi có `--strict`.",
        "",
        "| mã | mức độ mặc định | ý nghĩa |",
        "|---|---|---|",
    ]
    for code, info in CATALOGUE.items():
        out.append(f"| {code} | {info.severity.label} | {info.title} |")
    return "\n".join(out) + "\n"


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "docs"
    root.mkdir(exist_ok=True)
    (root / "formats.md").write_text(render_formats_md(), encoding="utf-8")
    (root / "findings.md").write_text(render_findings_md(), encoding="utf-8")


if __name__ == "__main__":
    main()
