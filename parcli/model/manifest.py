"""``manifest.json`` inside a built package: what it is, its totals, every file and its SHA-256.

Numbers are exact decimal strings ("58.25", "66"; percentages keep two places: "88.26") so a
reader never meets float noise. Nothing depends on the clock or on the machine: two builds of
the same dossier give the same bytes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestTool(_Part):
    name: str = Field(description='Luôn là "parcli"')
    version: str = Field(description="Phiên bản parcli đã tạo gói")


class ManifestSource(_Part):
    decision: str | None = Field(description="Số văn bản ban hành bộ tiêu chí")
    date: str | None = Field(description="Ngày ban hành (yyyy-mm-dd)")
    issuer: str | None = Field(description="Cơ quan ban hành")
    part: str | None = Field(description="Phần của văn bản (ví dụ Bảng 2)")


class ManifestCriteria(_Part):
    id: str = Field(description="Mã bộ tiêu chí")
    title: str = Field(description="Tên bộ tiêu chí")
    status: str = Field(description="official (chính thức) hoặc illustrative (minh họa)")
    source: ManifestSource


class ManifestAgency(_Part):
    name: str
    parent: str
    abbreviation: str


class ManifestTotal(_Part):
    score: str | None = Field(description="Tổng điểm tự chấm")
    max: str | None = Field(description="Điểm tối đa của các tiêu chí Sở tự chấm")
    percent: str | None = Field(description="Tỷ lệ phần trăm, 2 chữ số thập phân")
    survey_max: str | None = Field(description="Điểm điều tra xã hội học (không tự chấm)")
    criteria_max: str | None = Field(description="Điểm tối đa theo bộ tiêu chí")


class ManifestArea(ManifestTotal):
    code: str
    name: str


class ManifestTotals(_Part):
    overall: ManifestTotal
    areas: list[ManifestArea]


class ManifestDocument(_Part):
    kind: str = Field(description="report (báo cáo) hoặc appendix (phụ biểu)")
    path: str
    size: int
    sha256: str


class ManifestFile(_Part):
    leaf: str = Field(description="Mã tiêu chí thành phần được kiểm chứng")
    division: str = Field(description="Đơn vị chủ trì")
    package_path: str = Field(description="Đường dẫn trong gói")
    source: str = Field(description="Đường dẫn như ghi trong tệp của đơn vị")
    size: int
    sha256: str
    title: str | None
    number: str | None
    issued: str | None = Field(description="Ngày ban hành (yyyy-mm-dd)")
    issuer: str | None
    part: str | None
    stored: bool = Field(
        True,
        description="false: tệp dùng chung, đã lưu một bản ở package_path cho tiêu chí trước đó "
        "(package.evidence_copies: once)",
    )


class Manifest(_Part):
    """manifest.json: written by ``parcli build``, read back to recognise a parcli package."""

    format: int = Field(description="Phiên bản định dạng manifest")
    tool: ManifestTool
    criteria: ManifestCriteria
    agency: ManifestAgency
    year: int
    report_date: str = Field(description="Ngày báo cáo (yyyy-mm-dd)")
    report_date_source: str = Field(description="report.date, submitted_on hoặc window.end")
    draft: bool
    totals: ManifestTotals
    documents: list[ManifestDocument]
    evidence_copies: str = Field(
        "per-leaf",
        description="once: một tệp dùng cho nhiều tiêu chí lưu một bản (nhiều mục files cùng "
        "package_path); per-leaf: mỗi tiêu chí một bản",
    )
    files: list[ManifestFile]


class ExplanationLeaf(_Part):
    code: str = Field(description="Mã tiêu chí thành phần trong báo cáo giải trình")
    division: str | None = Field(description="Đơn vị chủ trì")
    self_score: str | None = Field(description="Điểm tự đánh giá")
    round1: str | None = Field(description="Điểm thẩm định vòng 1")
    requested: bool = Field(description="Hội đồng yêu cầu giải trình")
    explained: bool = Field(description="Đã có nội dung giải trình")


class ExplanationManifest(_Part):
    """manifest.json of the giải trình package, written by ``parcli appraisal report``."""

    format: int = Field(description="Phiên bản định dạng manifest")
    kind: Literal["explanation"] = Field(description='Luôn là "explanation" (gói giải trình)')
    tool: ManifestTool
    agency: ManifestAgency
    year: int
    report_date: str = Field(description="Ngày báo cáo giải trình (yyyy-mm-dd)")
    draft: bool
    round1_document: str | None = Field(description="Văn bản thông báo kết quả vòng 1")
    leaves: list[ExplanationLeaf]
    documents: list[ManifestDocument]
    files: list[ManifestFile]
