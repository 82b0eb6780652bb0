"""``last_year.yaml``: last year's result, kept inside this year's dossier.

``parcli init <mới> --from <năm trước>`` writes it, so the new dossier does not depend on where
last year's folder lives. Leaves and areas are keyed by THIS year's codes: when the criteria set
changed, last year's figures follow the codes matched by ``parcli criteria diff`` (``old_code``
says where they came from) and whatever could not be matched is listed in ``unmatched``.
``parcli compare`` and the report's section on last year's shortcomings read it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from parcli.model.base import (
    SCHEMA_VERSION,
    Code,
    OptText,
    SchemaVersion,
    Score,
    StrictModel,
    Text,
    none_as_empty,
)

LAST_YEAR_FILE = "last_year.yaml"

Basis = Literal["published", "round2", "round1", "self"]
BASIS_LABELS: dict[str, str] = {
    "published": "điểm công bố",
    "round2": "thẩm định vòng 2",
    "round1": "thẩm định vòng 1",
    "self": "tự chấm",
}


class LastYearLeaf(StrictModel):
    """Last year's figures for one scored leaf (keyed by this year's code)."""

    old_code: Code | None = Field(
        None, description="Mã năm trước, khi khác mã năm nay (bộ tiêu chí đã đổi)"
    )
    name: OptText = Field(None, description="Tên tiêu chí năm trước")
    max_score: Score | None = Field(None, ge=0, description="Điểm tối đa năm trước")
    division: OptText = Field(None, description="Mã đơn vị chủ trì năm trước")
    self_score: Score | None = Field(None, ge=0, description="Điểm tự chấm năm trước")
    round1_score: Score | None = Field(None, ge=0, description="Điểm thẩm định vòng 1")
    round2_score: Score | None = Field(
        None, ge=0, description="Điểm thẩm định vòng 2 (điểm cuối cùng)"
    )
    published_score: Score | None = Field(
        None, ge=0, description="Điểm công bố của tiêu chí (khi tỉnh công bố theo tiêu chí)"
    )
    reason_lost: OptText = Field(None, description="Nguyên nhân bị trừ điểm (tự đánh giá)")
    opinion: OptText = Field(
        None, description="Ý kiến thẩm định (vòng cuối cùng có ý kiến): vì sao bị trừ điểm"
    )
    remedy: OptText = Field(None, description="Giải pháp khắc phục đã nêu năm trước")

    def result(self) -> tuple[Decimal | None, Basis | None]:
        """The score that counts and where it comes from: published, else round 2, else
        round 1, else the self-score."""
        for basis, value in (
            ("published", self.published_score),
            ("round2", self.round2_score),
            ("round1", self.round1_score),
            ("self", self.self_score),
        ):
            if value is not None:
                return value, basis  # type: ignore[return-value]
        return None, None

    @property
    def reason(self) -> str | None:
        """Why points were lost: the council's opinion, else the Sở's own reason."""
        return self.opinion or self.reason_lost


class LastYearArea(StrictModel):
    """Last year's totals for one lĩnh vực (keyed by this year's code)."""

    old_code: Code | None = Field(None, description="Mã năm trước, khi khác mã năm nay")
    name: OptText = Field(None, description="Tên lĩnh vực năm trước")
    scope_max: Score | None = Field(None, ge=0, description="Điểm tối đa phần tự chấm năm trước")
    self_score: Score | None = Field(None, ge=0, description="Tổng điểm tự chấm năm trước")
    appraised_score: Score | None = Field(
        None, ge=0, description="Tổng điểm thẩm định (vòng 2, còn thiếu thì vòng 1)"
    )
    survey_score: Score | None = Field(None, ge=0, description="Điểm điều tra xã hội học")
    published_total: Score | None = Field(
        None, ge=0, description="Tổng điểm công bố của lĩnh vực (thẩm định + điều tra XHH)"
    )


class Unmatched(StrictModel):
    """A node of one criteria set with no match in the other (listed, never guessed)."""

    side: Literal["removed", "added"] = Field(
        description="removed: chỉ có trong bộ năm trước; added: chỉ có trong bộ năm nay"
    )
    code: Code = Field(description="Mã trong bộ tiêu chí của năm tương ứng")
    level: Literal[1, 2, 3] = Field(description="1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần")
    name: Text = Field(description="Tên")
    max_score: Score | None = Field(None, ge=0, description="Điểm tối đa")
    last_score: Score | None = Field(
        None, ge=0, description="Điểm năm trước của mục bị bỏ (điểm được tính)"
    )


class UnassignedCode(StrictModel):
    """A code assigned last year that could not be carried to this year's set."""

    division: str = Field(description="Mã đơn vị được giao năm trước")
    code: Code = Field(description="Mã được giao năm trước")
    reason: Text = Field(description="Vì sao không chuyển được")


_LeafOrEmpty = Annotated[
    LastYearLeaf, BeforeValidator(none_as_empty, json_schema_input_type=LastYearLeaf | None)
]
_AreaOrEmpty = Annotated[
    LastYearArea, BeforeValidator(none_as_empty, json_schema_input_type=LastYearArea | None)
]


class LastYearFile(StrictModel):
    """last_year.yaml: last year's result per leaf and per area, in this year's codes."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    year: int = Field(ge=2000, le=2100, description="Năm đánh giá trước")
    agency: OptText = Field(None, description="Tên cơ quan năm trước")
    criteria: Text = Field(description="Mã bộ tiêu chí năm trước đã chấm theo")
    criteria_title: OptText = Field(None, description="Tên bộ tiêu chí năm trước")
    mapped_to: OptText = Field(
        None,
        description="Mã bộ tiêu chí năm nay khi khác năm trước: số liệu đã chuyển theo mã khớp",
    )
    source: OptText = Field(None, description="Tên thư mục hồ sơ năm trước (để tra cứu)")
    self_total: Score | None = Field(None, ge=0, description="Tổng điểm tự chấm năm trước")
    scope_max: Score | None = Field(None, ge=0, description="Tổng điểm tối đa phần tự chấm")
    published_total: Score | None = Field(None, ge=0, description="Tổng điểm công bố")
    published_rank: int | None = Field(None, ge=1, description="Thứ hạng công bố")
    report_basis: list[Text] = Field(
        default_factory=list, description="Văn bản căn cứ của báo cáo năm trước"
    )
    solutions: list[Text] = Field(
        default_factory=list, description="Giải pháp khắc phục nêu trong báo cáo năm trước"
    )
    difficulties: list[Text] = Field(
        default_factory=list, description="Khó khăn, vướng mắc nêu năm trước"
    )
    proposals: list[Text] = Field(default_factory=list, description="Kiến nghị năm trước")
    leaves: dict[Code, _LeafOrEmpty] = Field(
        default_factory=dict,
        description="Số liệu năm trước theo mã tiêu chí thành phần năm nay",
        json_schema_extra={"additionalProperties": False},
    )
    areas: dict[Code, _AreaOrEmpty] = Field(
        default_factory=dict,
        description="Tổng điểm năm trước theo mã lĩnh vực năm nay",
        json_schema_extra={"additionalProperties": False},
    )
    unmatched: list[Unmatched] = Field(
        default_factory=list,
        description="Mục không khớp giữa hai bộ tiêu chí (không chuyển số liệu, không phân công)",
    )
    unassigned: list[UnassignedCode] = Field(
        default_factory=list, description="Phân công năm trước không chuyển được sang năm nay"
    )
