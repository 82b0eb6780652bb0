"""A criteria set (``criteria/<id>.yaml``): lĩnh vực → tiêu chí → tiêu chí thành phần."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from parcli.model.base import (
    SCHEMA_VERSION,
    Code,
    Date,
    OptText,
    SchemaVersion,
    Score,
    StrictModel,
    Text,
)


class Method(str, Enum):
    """How a leaf is scored."""

    APPRAISAL = "appraisal"  # tự đánh giá, chấm điểm rồi thẩm định
    SURVEY = "survey"  # điều tra xã hội học: không tự chấm

    @property
    def label(self) -> str:
        return "Tự đánh giá, thẩm định" if self is Method.APPRAISAL else "Điều tra xã hội học"


class LeafRules(StrictModel):
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

    code: Code = Field(description='Mã như in trong văn bản, ví dụ "2.1.3"')
    name: Text = Field(description="Tên tiêu chí thành phần")
    max_score: Score = Field(ge=0, description="Điểm tối đa")
    note: OptText = None


class Criterion(LeafRules):
    """Tiêu chí: a scored leaf itself when it has no tiêu chí thành phần."""

    code: Code = Field(description='Mã như in trong văn bản, ví dụ "2.1"')
    name: Text = Field(description="Tên tiêu chí")
    max_score: Score = Field(ge=0, description="Điểm tối đa (bằng tổng các tiêu chí thành phần)")
    note: OptText = None
    components: list[Component] = Field(
        default_factory=list, description="Các tiêu chí thành phần (có thể không có)"
    )


class Area(StrictModel):
    """Lĩnh vực."""

    code: Code = Field(
        description='Mã lĩnh vực bằng chữ số, ví dụ "1" (số La Mã "I" được '
        '`criteria import` đổi thành "1")'
    )
    name: Text = Field(description="Tên lĩnh vực")
    max_score: Score = Field(ge=0, description="Điểm tối đa của lĩnh vực")
    note: OptText = None
    criteria: list[Criterion] = Field(min_length=1, description="Các tiêu chí của lĩnh vực")


class Source(StrictModel):
    """Where a criteria set comes from."""

    decision: Text = Field(description='Số, ký hiệu văn bản, ví dụ "876/QĐ-BNV"')
    date: Date | None = Field(None, description="Ngày ban hành")
    issuer: OptText = Field(None, description='Cơ quan ban hành, ví dụ "Bộ Nội vụ"')
    part: OptText = Field(None, description='Phần của văn bản, ví dụ "Bảng 2"')
    note: OptText = None


class ExpectedCounts(StrictModel):
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

    @property
    def label(self) -> str:
        """The level, as a sentence names it: "Tiêu chí 1.5", "Tiêu chí thành phần 1.6.1"."""
        return "Tiêu chí" if self.is_criterion else "Tiêu chí thành phần"


class CriteriaSet(StrictModel):
    """A criteria tree (bộ tiêu chí)."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Mã bộ tiêu chí (chữ thường, số, gạch ngang)"
    )
    title: Text = Field(description="Tên bộ tiêu chí")
    status: Literal["official", "illustrative"] = Field(
        description="official: chép từ văn bản chính thức; illustrative: minh họa, không dùng "
        "để nộp"
    )
    status_note: OptText = Field(None, description="Ghi chú về nguồn gốc, độ tin cậy")
    level: OptText = Field(None, description='Cấp áp dụng, ví dụ "tỉnh", "sở"')
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
