"""``divisions/<id>.yaml``: one division's answers, keyed by leaf code."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from parcli.model.base import (
    SCHEMA_VERSION,
    Code,
    Date,
    OptText,
    PathText,
    SchemaVersion,
    Score,
    StrictModel,
    none_as_empty,
)
from parcli.text import code_key

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Evidence(StrictModel):
    """A tài liệu kiểm chứng: a file in the dossier, with what identifies the document."""

    path: PathText = Field(
        description="Đường dẫn tương đối trong hồ sơ, ví dụ evidence/ke-hoach.pdf"
    )
    title: OptText = Field(None, description="Trích yếu / tên tài liệu")
    number: OptText = Field(None, description='Số, ký hiệu, ví dụ "376/KH-UBND"')
    issued: Date | None = Field(None, description="Ngày ban hành")
    issuer: OptText = Field(None, description="Cơ quan ban hành")
    part: OptText = Field(None, description='Phần có giá trị kiểm chứng, ví dụ "mục II, trang 3"')

    @field_validator("path")
    @classmethod
    def _slashes(cls, value: str) -> str:
        if _CONTROL.search(value):
            raise ValueError(
                "đường dẫn có ký tự điều khiển (thường do dấu \\ trong nháy kép, ví dụ "
                '"evidence\\bao-cao.pdf" đọc thành \\b); hãy dùng dấu /: '
                "evidence/bao-cao.pdf"
            )
        return value.replace("\\", "/")


def _evidence_item(value: Any) -> Any:
    if isinstance(value, str):
        return {"path": value}
    return value


# an evidence item is a path, or a table with path, title, number, issued, issuer, part
_EvidenceItem = Annotated[
    Evidence, BeforeValidator(_evidence_item, json_schema_input_type=str | Evidence)
]


class AppraisalResponse(StrictModel):
    """The division's answer to the appraisal of one leaf (giải trình), round 1."""

    text: OptText = Field(
        None,
        description="Nội dung giải trình theo ý kiến thẩm định (vì sao giữ điểm tự chấm, "
        "tài liệu bổ sung chứng minh điều gì)",
    )
    evidence: list[_EvidenceItem] = Field(
        default_factory=list,
        description="Tài liệu kiểm chứng bổ sung (cùng quy tắc như tài liệu kiểm chứng)",
    )
    updated: Date | None = Field(None, description="Ngày cập nhật giải trình gần nhất")


class Answer(StrictModel):
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
    evidence: list[_EvidenceItem] = Field(
        default_factory=list,
        description="Tài liệu kiểm chứng: đường dẫn, hoặc bảng có path, title, number, issued, "
        "issuer, part",
    )
    updated: Date | None = Field(None, description="Ngày cập nhật gần nhất")
    response: AppraisalResponse | None = Field(
        None,
        description="Giải trình theo ý kiến thẩm định: nội dung (text) và tài liệu kiểm chứng "
        "bổ sung (evidence)",
    )


# An answer written with nothing under its code ("1.1":) is an empty answer, not an error.
_AnswerOrEmpty = Annotated[
    Answer, BeforeValidator(none_as_empty, json_schema_input_type=Answer | None)
]


class DivisionFile(StrictModel):
    """divisions/<id>.yaml: one division's answers, keyed by leaf code."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    division: str = Field(description="Mã đơn vị (trùng tên tệp)")
    answers: dict[Code, _AnswerOrEmpty] = Field(
        default_factory=dict,
        description="Trả lời theo mã tiêu chí thành phần",
        json_schema_extra={"additionalProperties": False},
    )


def sorted_codes(codes: list[str]) -> list[str]:
    return sorted(codes, key=code_key)
