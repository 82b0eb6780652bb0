"""Generate docs/formats.md and docs/findings.md from the models and the finding catalogue.

Run ``python -m parcli.docgen`` after changing a model or a finding; a test fails when the
committed docs are stale.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from parcli.findings import CATALOGUE, Role, Severity
from parcli.model import (
    Agency,
    Answer,
    AppraisalFile,
    AppraisalResponse,
    AppraisalSchedule,
    AppraisedLeaf,
    Area,
    AreaResult,
    Component,
    CriteriaSet,
    Criterion,
    Division,
    DivisionFile,
    Dossier,
    Evidence,
    ExpectedCounts,
    ExplanationReport,
    LastYearArea,
    LastYearFile,
    LastYearLeaf,
    Manifest,
    ManifestArea,
    ManifestCriteria,
    ManifestDocument,
    ManifestFile,
    ManifestTotal,
    PackageOptions,
    Period,
    PreviousRespondent,
    Report,
    Respondent,
    RoundInfo,
    Signer,
    Source,
    SurveyGroup,
    SurveyRegister,
    UnassignedCode,
    Unmatched,
)

SECTIONS: list[tuple[str, str, list[type[BaseModel]]]] = [
    (
        "dossier.yaml",
        "Tệp chính của hồ sơ, ở gốc thư mục hồ sơ.",
        [
            Dossier,
            Agency,
            Period,
            Division,
            Report,
            Signer,
            AppraisalSchedule,
            ExplanationReport,
            PackageOptions,
        ],
    ),
    (
        "divisions/<mã đơn vị>.yaml",
        "Trả lời của một đơn vị; mỗi đơn vị một tệp.",
        [DivisionFile, Answer, Evidence, AppraisalResponse],
    ),
    (
        "appraisal.yaml",
        "Kết quả thẩm định (vòng 1, vòng 2), điểm điều tra xã hội học và kết quả công bố; ở gốc "
        "thư mục hồ sơ. `parcli appraisal import` ghi tệp này từ bảng điểm của Hội đồng thẩm "
        "định; đơn vị không sửa điểm thẩm định mà giải trình trong tệp của mình (`response`).",
        [AppraisalFile, RoundInfo, AppraisedLeaf, AreaResult],
    ),
    (
        "last_year.yaml",
        "Kết quả năm trước, lưu trong hồ sơ năm nay (không phụ thuộc thư mục năm trước); "
        "`parcli init <mới> --from <năm trước>` ghi tệp này. Số liệu theo mã tiêu chí năm nay; "
        "khi bộ tiêu chí đổi, số liệu đi theo mã khớp của `parcli criteria diff`, mục không "
        "khớp được liệt kê trong `unmatched`. `parcli compare` và báo cáo (mục khắc phục tồn "
        "tại năm trước) đọc tệp này.",
        [LastYearFile, LastYearLeaf, LastYearArea, Unmatched, UnassignedCode],
    ),
    (
        "Bộ tiêu chí (criteria/<id>.yaml)",
        "Cây lĩnh vực → tiêu chí → tiêu chí thành phần.",
        [CriteriaSet, Source, ExpectedCounts, Area, Criterion, Component],
    ),
    (
        "manifest.json (trong gói hồ sơ do `parcli build` tạo)",
        "Mô tả gói hồ sơ: bộ tiêu chí, cơ quan, tổng điểm, từng tệp với SHA-256. parcli ghi tệp "
        "này; người nhận dùng nó để kiểm tra gói.",
        [Manifest, ManifestCriteria, ManifestTotal, ManifestArea, ManifestDocument, ManifestFile],
    ),
    (
        "survey.yaml",
        "Danh sách đối tượng điều tra xã hội học (không bắt buộc), ở gốc thư mục hồ sơ. Có chứa "
        "dữ liệu cá nhân (e-mail, điện thoại): chỉ `parcli survey` đọc và in ra; xem "
        "`parcli docs survey`.",
        [SurveyRegister, SurveyGroup, Respondent, PreviousRespondent],
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


def _inline_enums(prop: Any, defs: dict[str, Any]) -> Any:
    """Replace references to enumerations by the enumeration (shown as "một trong: …")."""
    if isinstance(prop, dict):
        ref = prop.get("$ref")
        if isinstance(ref, str):
            target = defs.get(ref.rsplit("/", 1)[-1], {})
            if "enum" in target:
                return {"enum": target["enum"]}
        return {k: _inline_enums(v, defs) for k, v in prop.items()}
    if isinstance(prop, list):
        return [_inline_enums(v, defs) for v in prop]
    return prop


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
    "AppraisalResponse": "Giải trình của đơn vị chủ trì theo ý kiến thẩm định vòng 1: nội "
    "dung và tài liệu kiểm chứng bổ sung.",
    "AppraisalSchedule": "Các mốc của vòng thẩm định: nhận kết quả vòng 1, hạn gửi giải trình, "
    "ngày đã gửi, nhận kết quả vòng 2.",
    "ExplanationReport": "Thông tin của báo cáo giải trình (Word); trường để trống lấy theo "
    "`report`.",
    "AppraisalFile": "Kết quả thẩm định theo tiêu chí thành phần và kết quả công bố.",
    "RoundInfo": "Văn bản thông báo kết quả một vòng thẩm định.",
    "AppraisedLeaf": "Kết quả thẩm định một tiêu chí thành phần (không dùng cho tiêu chí điều "
    "tra xã hội học).",
    "AreaResult": "Kết quả công bố của một lĩnh vực.",
    "LastYearFile": "Kết quả năm trước theo tiêu chí và lĩnh vực, kèm văn bản của báo cáo "
    "năm trước.",
    "LastYearLeaf": "Số liệu năm trước của một tiêu chí thành phần: điểm tự chấm, thẩm định, "
    "công bố; nguyên nhân bị trừ điểm và giải pháp.",
    "LastYearArea": "Tổng điểm năm trước của một lĩnh vực.",
    "Unmatched": "Một mục chỉ có ở một trong hai bộ tiêu chí.",
    "UnassignedCode": "Một phân công năm trước không chuyển được.",
    "CriteriaSet": "Một bộ tiêu chí: lĩnh vực → tiêu chí → tiêu chí thành phần.",
    "Source": "Văn bản ban hành bộ tiêu chí.",
    "ExpectedCounts": "Số lượng phải có (ví dụ 8/37/88); validate báo lỗi khi khác.",
    "Area": "Lĩnh vực.",
    "Criterion": "Tiêu chí; không có tiêu chí thành phần thì chính nó được chấm điểm.",
    "Component": "Tiêu chí thành phần: luôn được chấm điểm.",
    "SurveyRegister": "Nhóm, số lượng, thời hạn và danh sách người được khảo sát của năm.",
    "SurveyGroup": "Một nhóm đối tượng và số người phải đăng ký, theo hướng dẫn của năm.",
    "Respondent": "Một người được khảo sát: thông tin gửi Sở Nội vụ và trạng thái phiếu.",
    "PreviousRespondent": "Một người đã được khảo sát năm trước (viết gọn: chỉ e-mail hoặc "
    "họ tên).",
}


def render_formats_md() -> str:
    out = [
        "# Định dạng tệp của parcli",
        "",
        "Tệp này được sinh từ các model pydantic (`parcli/model/`) bằng "
        "`python -m parcli.docgen`; đừng sửa tay. JSON Schema: `parcli schema dossier|division|"
        "criteria|appraisal|last-year|survey|manifest`.",
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
            schema = model.model_json_schema()
            props = _inline_enums(schema["properties"], schema.get("$defs", {}))
            for name, field in model.model_fields.items():
                required = "có" if field.is_required() else ""
                default = ""
                if not field.is_required():
                    value = field.get_default(call_default_factory=True)
                    if isinstance(value, Enum):
                        value = value.value
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
        "tiêu chí; **A** điểm tự chấm; **E** tài liệu kiểm chứng; **W** thời hạn; **T** thẩm "
        "định và giải trình (T02x: đọc bảng điểm của Hội đồng thẩm định); **X** danh sách "
        "điều tra xã hội học (survey.yaml).",
        "",
        'Lỗi (error) làm `validate` thoát với mã 1. Cột "với `parcli build`" cho biết phát '
        "hiện nào chặn bản chính thức: lỗi nội dung chặn; nộp muộn (W004–W005, T012–T013) chỉ "
        "nhắc; tiêu chí chưa chấm (W001–W003) luôn chặn (dùng `--draft` để tạo bản nháp); phát "
        "hiện về survey.yaml không bao giờ chặn vì danh sách khảo sát không nằm trong hồ sơ "
        "nộp. Với `validate`, cảnh báo chỉ làm thoát mã 1 khi có `--strict`.",
        "",
        "| mã | mức độ mặc định | với `parcli build` | ý nghĩa |",
        "|---|---|---|---|",
    ]
    for code, info in CATALOGUE.items():
        effect = (
            info.role.label
            if info.role is not Role.CONTENT
            else ("chặn bản chính thức" if info.severity is Severity.ERROR else "không chặn")
        )
        out.append(f"| {code} | {info.severity.label} | {effect} | {info.title} |")
    return "\n".join(out) + "\n"


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "docs"
    root.mkdir(exist_ok=True)
    (root / "formats.md").write_text(render_formats_md(), encoding="utf-8")
    (root / "findings.md").write_text(render_findings_md(), encoding="utf-8")


if __name__ == "__main__":
    main()
