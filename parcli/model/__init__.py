"""The pydantic models: the single description of every parcli file format.

* :class:`CriteriaSet`: a criteria set (``criteria/<id>.yaml``), lĩnh vực → tiêu chí → tiêu chí
  thành phần.
* :class:`Dossier`: ``dossier.yaml`` at the root of a dossier folder.
* :class:`DivisionFile`: ``divisions/<id>.yaml``, one division's answers.

``docs/formats.md`` and ``parcli schema`` are generated from these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from parcli.text import code_key, nfc, parse_date, parse_decimal

SCHEMA_VERSION = 1

_CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


def _to_code(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError("mã tiêu chí phải là chữ số như \"1.2.3\"")
    text = str(value).strip() if isinstance(value, (int, Decimal)) else value
    if not isinstance(text, str):
        raise ValueError("mã tiêu chí phải là chữ số như \"1.2.3\"")
    text = nfc(text.strip())
    if not _CODE_RE.match(text):
        raise ValueError(f"'{text}' không phải mã tiêu chí (dạng \"1\", \"1.2\", \"1.2.3\")")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _to_text(value: object) -> object:
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise ValueError(
                "văn bản có ký tự điều khiển (thường do dấu \\ trong nháy kép, ví dụ "
                "\"thư mục\\bao cao\" đọc thành \\b); bỏ dấu \\, hoặc đặt văn bản trong "
                "nháy đơn '...'"
            )
        return nfc(value.strip())
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


def _to_score(value: object) -> Decimal:
    return parse_decimal(value)


Code = Annotated[
    str,
    BeforeValidator(_to_code),
    WithJsonSchema({"type": "string", "pattern": _CODE_RE.pattern, "examples": ["1.2.3"]}),
]
"""A criterion code exactly as printed: "1.10" is not "1.1"."""

Text = Annotated[str, BeforeValidator(_to_text), Field(min_length=1)]
OptText = Annotated[str | None, BeforeValidator(_to_text)]

Score = Annotated[
    Decimal,
    BeforeValidator(_to_score),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\d+([.,]\d+)?$"}],
            "description": "Số thập phân chính xác; viết 0.5 hoặc \"0,5\"",
        }
    ),
]
"""An exact decimal score; YAML numbers arrive exact, "0,5" is accepted."""

Date = Annotated[
    dt.date,
    BeforeValidator(parse_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Ngày: dd/mm/yyyy (25/12/2023) hoặc yyyy-mm-dd (2023-12-25)",
            "examples": ["25/12/2023"],
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------- criteria set


class Method(str, Enum):
    """How a leaf is scored."""

    APPRAISAL = "appraisal"  # tự đánh giá, chấm điểm rồi thẩm định
    SURVEY = "survey"  # điều tra xã hội học: không tự chấm

    @property
    def label(self) -> str:
        return "Tự đánh giá, thẩm định" if self is Method.APPRAISAL else "Điều tra xã hội học"


class LeafRules(_Model):
    """Fields that describe how a scored leaf is scored."""

    method: Method = Field(
        Method.APPRAISAL,
        description="appraisal: đơn vị tự chấm, Hội đồng thẩm định; survey: điểm từ điều tra "
        "xã hội học, không tự chấm",
    )
    step: Score | None = Field(
        None,
        description="Bước điểm: điểm tự chấm phải là bội số của bước (ví dụ 0.25, 0.5). "
        "Để trống nếu không quy định.",
    )
    evidence_required: bool = Field(
        True, description="Có bắt buộc tài liệu kiểm chứng (hoặc giải trình) khi có điểm"
    )
    evidence_before_year: bool = Field(
        False,
        description="Chấp nhận tài liệu ban hành trước năm đánh giá (ví dụ kế hoạch năm ban "
        "hành cuối năm trước)",
    )
    rule: OptText = Field(None, description="Cách chấm điểm (văn bản)")


class Component(LeafRules):
    """Tiêu chí thành phần: always a scored leaf."""

    code: Code = Field(description="Mã như in trong văn bản, ví dụ \"2.1.3\"")
    name: Text = Field(description="Tên tiêu chí thành phần")
    max_score: Score = Field(ge=0, description="Điểm tối đa")
    note: OptText = None


class Criterion(LeafRules):
    """Tiêu chí: a scored leaf itself when it has no tiêu chí thành phần."""

    code: Code = Field(description="Mã như in trong văn bản, ví dụ \"2.1\"")
    name: Text = Field(description="Tên tiêu chí")
    max_score: Score = Field(ge=0, description="Điểm tối đa (bằng tổng các tiêu chí thành phần)")
    note: OptText = None
    components: list[Component] = Field(
        default_factory=list, description="Các tiêu chí thành phần (có thể không có)"
    )


class Area(_Model):
    """Lĩnh vực."""

    code: Code = Field(
        description="Mã lĩnh vực bằng chữ số, ví dụ \"1\" (số La Mã \"I\" được "
        "`criteria import` đổi thành \"1\")"
    )
    name: Text = Field(description="Tên lĩnh vực")
    max_score: Score = Field(ge=0, description="Điểm tối đa của lĩnh vực")
    note: OptText = None
    criteria: list[Criterion] = Field(min_length=1, description="Các tiêu chí của lĩnh vực")


class Source(_Model):
    """Where a criteria set comes from."""

    decision: Text = Field(description="Số, ký hiệu văn bản, ví dụ \"876/QĐ-BNV\"")
    date: Date | None = Field(None, description="Ngày ban hành")
    issuer: OptText = Field(None, description="Cơ quan ban hành, ví dụ \"Bộ Nội vụ\"")
    part: OptText = Field(None, description="Phần của văn bản, ví dụ \"Bảng 2\"")
    note: OptText = None


class ExpectedCounts(_Model):
    """Counts the set must have (for example 8/37/88), checked by validate."""

    areas: int | None = Field(None, ge=0)
    criteria: int | None = Field(None, ge=0)
    components: int | None = Field(None, ge=0)


class Leaf(BaseModel):
    """A scored node of the tree with its ancestors (a view, not a file format)."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    max_score: Decimal
    method: Method
    step: Decimal | None
    evidence_required: bool
    evidence_before_year: bool
    rule: str | None
    area_code: str
    criterion_code: str
    is_criterion: bool  # a tiêu chí with no tiêu chí thành phần


class CriteriaSet(_Model):
    """A criteria tree (bộ tiêu chí)."""

    schema_version: int = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Mã bộ tiêu chí (chữ thường, số, gạch ngang)"
    )
    title: Text = Field(description="Tên bộ tiêu chí")
    status: Literal["official", "illustrative"] = Field(
        description="official: chép từ văn bản chính thức; illustrative: minh họa, không dùng "
        "để nộp"
    )
    status_note: OptText = Field(None, description="Ghi chú về nguồn gốc, độ tin cậy")
    level: OptText = Field(None, description="Cấp áp dụng, ví dụ \"tỉnh\", \"sở\"")
    source: Source
    max_total: Score = Field(description="Tổng điểm tối đa")
    appraisal_max: Score | None = Field(None, description="Tổng điểm tối đa phần tự chấm")
    survey_max: Score | None = Field(None, description="Tổng điểm tối đa phần điều tra XHH")
    expected: ExpectedCounts | None = None
    areas: list[Area] = Field(min_length=1)

    @property
    def is_official(self) -> bool:
        return self.status == "official"

    def leaves(self) -> Iterator[Leaf]:
        for area in self.areas:
            for crit in area.criteria:
                rules: list[tuple[LeafRules, str, str, Decimal, bool]]
                if crit.components:
                    rules = [(c, c.code, c.name, c.max_score, False) for c in crit.components]
                else:
                    rules = [(crit, crit.code, crit.name, crit.max_score, True)]
                for node, code, name, max_score, is_crit in rules:
                    yield Leaf(
                        code=code,
                        name=name,
                        max_score=max_score,
                        method=node.method,
                        step=node.step,
                        evidence_required=node.evidence_required,
                        evidence_before_year=node.evidence_before_year,
                        rule=node.rule,
                        area_code=area.code,
                        criterion_code=crit.code,
                        is_criterion=is_crit,
                    )

    def nodes(self) -> Iterator[tuple[int, Area | Criterion | Component]]:
        """Every node with its depth (1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần)."""
        for area in self.areas:
            yield 1, area
            for crit in area.criteria:
                yield 2, crit
                for comp in crit.components:
                    yield 3, comp

    def counts(self) -> tuple[int, int, int]:
        areas = len(self.areas)
        criteria = sum(len(a.criteria) for a in self.areas)
        components = sum(len(c.components) for a in self.areas for c in a.criteria)
        return areas, criteria, components


# --------------------------------------------------------------------------- dossier


class Agency(_Model):
    name: Text = Field(
        description="Tên cơ quan ban hành, ví dụ \"Sở Giao thông vận tải - Xây dựng\""
    )
    parent: Text = Field(description="Cơ quan chủ quản, in hoa, ví dụ \"UBND TỈNH LÀO CAI\"")
    abbreviation: Text = Field(
        description="Chữ viết tắt tên cơ quan trong số ký hiệu, ví dụ \"SGTVTXD\" (do Thủ trưởng "
        "cơ quan quy định)"
    )


class Period(_Model):
    start: Date = Field(description="Ngày bắt đầu")
    end: Date = Field(description="Ngày kết thúc (tính cả ngày này)")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("ngày kết thúc trước ngày bắt đầu")
        return self


class Division(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Mã đơn vị, cũng là tên tệp divisions/<id>.yaml (chữ thường không dấu, "
        "gạch ngang)"
    )
    name: Text = Field(description="Tên đơn vị, ví dụ \"Văn phòng Sở\"")
    kind: Literal["van-phong", "phong", "don-vi-su-nghiep", "khac"] = Field(
        "phong", description="van-phong, phong (phòng chuyên môn), don-vi-su-nghiep, khac"
    )
    contact: OptText = Field(None, description="Người đầu mối, điện thoại")


class Signer(_Model):
    prefix: Literal["", "KT.", "TM.", "TL.", "TUQ.", "Q."] = Field(
        "", description="Thẩm quyền ký: KT., TM., TL., TUQ., Q. hoặc để trống"
    )
    authority: OptText = Field(
        None, description="Chức vụ người đứng đầu khi ký thay (KT. GIÁM ĐỐC), in hoa"
    )
    title: Text = Field(description="Chức vụ người ký, ví dụ \"PHÓ GIÁM ĐỐC\"")
    name: Text = Field(description="Họ và tên, không ghi học hàm, học vị")


class Report(_Model):
    """What the Word report needs beyond the scores."""

    number: OptText = Field(None, description="Số văn bản, ví dụ \"05\" (để trống nếu chưa có)")
    date: Date | None = Field(None, description="Ngày ký báo cáo (ngày trên văn bản)")
    title: OptText = Field(
        None,
        description="Trích yếu; mặc định \"Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải "
        "cách hành chính năm <năm>\"",
    )
    basis: list[Text] = Field(
        default_factory=list,
        description="Các văn bản căn cứ nêu ở đoạn mở đầu (ví dụ kế hoạch của UBND tỉnh)",
    )
    addressees: list[Text] = Field(
        default_factory=list, description="Kính gửi (để trống nếu không dùng)"
    )
    recipients: list[Text] = Field(
        default_factory=list, description="Nơi nhận, mỗi dòng một nơi (không kể dòng Lưu)"
    )
    archive: Text = Field("VT", description="Dòng Lưu, ví dụ \"VT, VP\"")
    signer: Signer | None = None
    solutions: list[Text] = Field(default_factory=list, description="IV. Giải pháp khắc phục")
    difficulties: list[Text] = Field(default_factory=list, description="V. Khó khăn, vướng mắc")
    proposals: list[Text] = Field(default_factory=list, description="V. Kiến nghị, đề xuất")


class Dossier(_Model):
    """dossier.yaml: who assesses what, when, against which criteria set."""

    schema_version: int = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    agency: Agency
    place: Text = Field(description="Địa danh ghi trên văn bản, ví dụ \"Lào Cai\"")
    province: OptText = Field(None, description="Tên tỉnh, ví dụ \"tỉnh Lào Cai\"")
    year: int = Field(ge=2000, le=2100, description="Năm đánh giá")
    criteria: Text = Field(
        description="Bộ tiêu chí: mã bộ có sẵn (parcli criteria list) hoặc đường dẫn tương đối "
        "tới tệp .yaml"
    )
    window: Period = Field(description="Thời gian tự đánh giá, chấm điểm")
    submit_before: Date = Field(description="Hạn gửi: gửi trước ngày này (ví dụ 05/01/2024)")
    submitted_on: Date | None = Field(None, description="Ngày đã gửi (nếu đã gửi)")
    recipient: Text = Field("Sở Nội vụ", description="Nơi nhận hồ sơ, ví dụ \"Sở Nội vụ\"")
    evidence_period: Period | None = Field(
        None,
        description="Kỳ ban hành tài liệu kiểm chứng được chấp nhận; mặc định cả năm đánh giá",
    )
    divisions: list[Division] = Field(min_length=1)
    coordinator: str | None = Field(
        None, description="Mã đơn vị đầu mối (thường là Văn phòng Sở)"
    )
    assignments: dict[str, list[Code]] = Field(
        default_factory=dict,
        description="Phân công chủ trì: mã đơn vị → danh sách mã. Một mã lĩnh vực hoặc tiêu chí "
        "giao mọi tiêu chí thành phần bên dưới; mã cụ thể hơn được ưu tiên.",
    )
    report: Report = Field(default_factory=Report)
    build_dir: Text = Field("build", description="Thư mục chứa kết quả build")

    def division(self, division_id: str) -> Division | None:
        return next((d for d in self.divisions if d.id == division_id), None)

    @property
    def evidence_window(self) -> Period:
        return self.evidence_period or Period(
            start=dt.date(self.year, 1, 1), end=dt.date(self.year, 12, 31)
        )

    @property
    def report_title(self) -> str:
        return self.report.title or (
            "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính "
            f"năm {self.year}"
        )


# --------------------------------------------------------------------------- division file


class Evidence(_Model):
    """A tài liệu kiểm chứng: a file in the dossier, with what identifies the document."""

    path: Text = Field(description="Đường dẫn tương đối trong hồ sơ, ví dụ evidence/ke-hoach.pdf")
    title: OptText = Field(None, description="Trích yếu / tên tài liệu")
    number: OptText = Field(None, description="Số, ký hiệu, ví dụ \"376/KH-UBND\"")
    issued: Date | None = Field(None, description="Ngày ban hành")
    issuer: OptText = Field(None, description="Cơ quan ban hành")
    part: OptText = Field(None, description="Phần có giá trị kiểm chứng, ví dụ \"mục II, trang 3\"")

    @field_validator("path")
    @classmethod
    def _slashes(cls, value: str) -> str:
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError(
                "đường dẫn có ký tự điều khiển (thường do dấu \\ trong nháy kép, ví dụ "
                "\"evidence\\bao-cao.pdf\" đọc thành \\b); hãy dùng dấu /: "
                "evidence/bao-cao.pdf"
            )
        return value.replace("\\", "/")


def _evidence_item(value: Any) -> Any:
    if isinstance(value, str):
        return {"path": value}
    return value


class Answer(_Model):
    """A division's answer for one scored leaf."""

    score: Score | None = Field(None, description="Điểm tự chấm; để trống nếu chưa chấm")
    explanation: OptText = Field(
        None,
        description="Thuyết minh / giải trình: cách chấm, căn cứ; bắt buộc khi không có tài "
        "liệu kiểm chứng",
    )
    reason_lost: OptText = Field(
        None, description="Nguyên nhân bị trừ điểm (tồn tại, hạn chế) khi điểm thấp hơn tối đa"
    )
    remedy: OptText = Field(None, description="Giải pháp khắc phục cho tiêu chí này")
    evidence: list[
        Annotated[
            Evidence,
            BeforeValidator(_evidence_item, json_schema_input_type=str | Evidence),
        ]
    ] = Field(
        default_factory=list,
        description="Tài liệu kiểm chứng: đường dẫn, hoặc bảng có path, title, number, issued, "
        "issuer, part",
    )
    updated: Date | None = Field(None, description="Ngày cập nhật gần nhất")


def _empty_answer(value: Any) -> Any:
    return {} if value is None else value


# An answer written with nothing under its code ("1.1":) is an empty answer, not an error.
_AnswerOrEmpty = Annotated[
    Answer, BeforeValidator(_empty_answer, json_schema_input_type=Answer | None)
]


class DivisionFile(_Model):
    """divisions/<id>.yaml: one division's answers, keyed by leaf code."""

    schema_version: int = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    division: str = Field(description="Mã đơn vị (trùng tên tệp)")
    answers: dict[Code, _AnswerOrEmpty] = Field(
        default_factory=dict,
        description="Trả lời theo mã tiêu chí thành phần",
        json_schema_extra={"additionalProperties": False},
    )


def sorted_codes(codes: list[str]) -> list[str]:
    return sorted(codes, key=code_key)
