"""``appraisal.yaml``: what the Hội đồng thẩm định returned, and the published result.

The file sits at the root of the dossier folder, beside ``dossier.yaml``. ``parcli appraisal
import`` writes it from the council's table; it may also be written by hand. The Sở never edits
an appraised score to argue with it: its answer (giải trình) is written by the leading division
in its own ``divisions/<id>.yaml`` (:class:`parcli.model.division.AppraisalResponse`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field

from parcli.model.base import (
    SCHEMA_VERSION,
    Code,
    Date,
    OptText,
    SchemaVersion,
    Score,
    StrictModel,
    none_as_empty,
)
from parcli.text import code_key

APPRAISAL_FILE = "appraisal.yaml"
ROUNDS = (1, 2)


class RoundInfo(StrictModel):
    """Where the results of one appraisal round come from."""

    document: OptText = Field(
        None,
        description='Số, ký hiệu văn bản thông báo kết quả thẩm định, ví dụ "125/SNV-CCHC"',
    )
    date: Date | None = Field(None, description="Ngày của văn bản thông báo kết quả thẩm định")
    source: OptText = Field(
        None, description="Tên tệp bảng điểm đã nhập (parcli appraisal import ghi vào)"
    )


class AppraisedLeaf(StrictModel):
    """The council's result for one scored leaf (tiêu chí thành phần, or tiêu chí without)."""

    round1_score: Score | None = Field(None, ge=0, description="Điểm thẩm định vòng 1")
    round1_opinion: OptText = Field(None, description="Ý kiến thẩm định vòng 1")
    explanation_requested: bool = Field(
        False, description="Hội đồng yêu cầu giải trình (sau vòng 1)"
    )
    round2_score: Score | None = Field(
        None, ge=0, description="Điểm thẩm định vòng 2 (điểm cuối cùng)"
    )
    round2_opinion: OptText = Field(None, description="Ý kiến thẩm định vòng 2")

    @property
    def final_score(self) -> Decimal | None:
        """The score that counts: round 2 when given, else round 1."""
        return self.round2_score if self.round2_score is not None else self.round1_score

    def score(self, round_no: int) -> Decimal | None:
        return self.round1_score if round_no == 1 else self.round2_score

    def opinion(self, round_no: int) -> str | None:
        return self.round1_opinion if round_no == 1 else self.round2_opinion


class AreaResult(StrictModel):
    """Per lĩnh vực: the survey points and the total published by the province."""

    survey_score: Score | None = Field(
        None, ge=0, description="Điểm điều tra xã hội học của lĩnh vực (khi được công bố)"
    )
    published_total: Score | None = Field(
        None, ge=0, description="Tổng điểm của lĩnh vực được công bố (thẩm định + điều tra XHH)"
    )


_LeafOrEmpty = Annotated[
    AppraisedLeaf, BeforeValidator(none_as_empty, json_schema_input_type=AppraisedLeaf | None)
]
_AreaOrEmpty = Annotated[
    AreaResult, BeforeValidator(none_as_empty, json_schema_input_type=AreaResult | None)
]


class AppraisalFile(StrictModel):
    """appraisal.yaml: appraised scores per leaf, survey points and the published result."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    year: int | None = Field(
        None, ge=2000, le=2100, description="Năm đánh giá (phải trùng năm trong dossier.yaml)"
    )
    round1: RoundInfo | None = Field(None, description="Văn bản, tệp kết quả thẩm định vòng 1")
    round2: RoundInfo | None = Field(None, description="Văn bản, tệp kết quả thẩm định vòng 2")
    leaves: dict[Code, _LeafOrEmpty] = Field(
        default_factory=dict,
        description="Kết quả thẩm định theo mã tiêu chí thành phần",
        json_schema_extra={"additionalProperties": False},
    )
    areas: dict[Code, _AreaOrEmpty] = Field(
        default_factory=dict,
        description="Điểm điều tra xã hội học và tổng điểm công bố theo mã lĩnh vực",
        json_schema_extra={"additionalProperties": False},
    )
    published_total: Score | None = Field(
        None, ge=0, description="Tổng điểm Chỉ số CCHC của Sở được công bố"
    )
    published_rank: int | None = Field(
        None, ge=1, description="Thứ hạng được công bố (trong khối sở, ban, ngành)"
    )

    def round_info(self, round_no: int) -> RoundInfo | None:
        return self.round1 if round_no == 1 else self.round2

    def final_scores(self) -> dict[str, Decimal]:
        """Leaf code → the score that counts (round 2, else round 1), for leaves appraised."""
        result: dict[str, Decimal] = {}
        for code in sorted(self.leaves, key=code_key):
            score = self.leaves[code].final_score
            if score is not None:
                result[code] = score
        return result

    def requested(self) -> list[str]:
        """Codes of leaves for which the council asked for an explanation, in code order."""
        return sorted(
            (c for c, leaf in self.leaves.items() if leaf.explanation_requested), key=code_key
        )
