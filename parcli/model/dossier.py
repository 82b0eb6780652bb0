"""``dossier.yaml``: agency, year, criteria set, window, divisions and assignments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from parcli.model.base import SCHEMA_VERSION, Code, Date, OptText, SchemaVersion, StrictModel, Text


class Agency(StrictModel):
    name: Text = Field(description='Tên cơ quan ban hành, ví dụ "Sở Giao thông vận tải - Xây dựng"')
    parent: Text = Field(description='Cơ quan chủ quản, in hoa, ví dụ "UBND TỈNH LÀO CAI"')
    abbreviation: Text = Field(
        description='Chữ viết tắt tên cơ quan trong số ký hiệu, ví dụ "SGTVTXD" (do Thủ trưởng '
        "cơ quan quy định)"
    )


class Period(StrictModel):
    start: Date = Field(description="Ngày bắt đầu")
    end: Date = Field(description="Ngày kết thúc (tính cả ngày này)")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("ngày kết thúc trước ngày bắt đầu")
        return self


class Division(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Mã đơn vị, cũng là tên tệp divisions/<id>.yaml (chữ thường không dấu, "
        "gạch ngang)"
    )
    name: Text = Field(description='Tên đơn vị, ví dụ "Văn phòng Sở"')
    kind: Literal["van-phong", "phong", "don-vi-su-nghiep", "khac"] = Field(
        "phong", description="van-phong, phong (phòng chuyên môn), don-vi-su-nghiep, khac"
    )
    contact: OptText = Field(None, description="Người đầu mối, điện thoại")


class Signer(StrictModel):
    prefix: Literal["", "KT.", "TM.", "TL.", "TUQ.", "Q."] = Field(
        "", description="Thẩm quyền ký: KT., TM., TL., TUQ., Q. hoặc để trống"
    )
    authority: OptText = Field(
        None, description="Chức vụ người đứng đầu khi ký thay (KT. GIÁM ĐỐC), in hoa"
    )
    title: Text = Field(description='Chức vụ người ký, ví dụ "PHÓ GIÁM ĐỐC"')
    name: Text = Field(description="Họ và tên, không ghi học hàm, học vị")


class Report(StrictModel):
    """What the Word report needs beyond the scores."""

    number: OptText = Field(None, description='Số văn bản, ví dụ "05" (để trống nếu chưa có)')
    date: Date | None = Field(None, description="Ngày ký báo cáo (ngày trên văn bản)")
    title: OptText = Field(
        None,
        description='Trích yếu; mặc định "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải '
        'cách hành chính năm <năm>"',
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
    archive: Text = Field("VT", description='Dòng Lưu, ví dụ "VT, VP"')
    signer: Signer | None = None
    solutions: list[Text] = Field(default_factory=list, description="IV. Giải pháp khắc phục")
    difficulties: list[Text] = Field(default_factory=list, description="V. Khó khăn, vướng mắc")
    proposals: list[Text] = Field(default_factory=list, description="V. Kiến nghị, đề xuất")


class PackageOptions(StrictModel):
    """How ``parcli build`` assembles the package."""

    evidence_copies: Literal["once", "per-leaf"] = Field(
        "once",
        description="once (mặc định): một tệp dùng cho nhiều tiêu chí chỉ lưu một bản, trong thư "
        "mục của tiêu chí đầu tiên dùng nó; phụ biểu và manifest của mọi tiêu chí đều trỏ tới bản "
        "đó (gói nhỏ khi có bản quét lớn). per-leaf: mỗi tiêu chí một bản trong thư mục của "
        "mình (thư mục tiêu chí nào cũng đủ tệp, gói lớn hơn).",
    )


class ExplanationReport(StrictModel):
    """What the Word "Báo cáo giải trình" needs; empty fields are taken from ``report``."""

    number: OptText = Field(None, description='Số văn bản, ví dụ "12" (để trống nếu chưa có)')
    date: Date | None = Field(None, description="Ngày ký báo cáo giải trình")
    title: OptText = Field(
        None,
        description='Trích yếu; mặc định "Giải trình kết quả thẩm định Chỉ số cải cách hành '
        'chính năm <năm>"',
    )
    basis: list[Text] = Field(
        default_factory=list,
        description="Văn bản căn cứ, ví dụ văn bản thông báo kết quả thẩm định vòng 1",
    )
    addressees: list[Text] = Field(
        default_factory=list, description="Kính gửi; mặc định như báo cáo tự đánh giá"
    )
    recipients: list[Text] = Field(
        default_factory=list, description="Nơi nhận; mặc định như báo cáo tự đánh giá"
    )
    archive: OptText = Field(None, description="Dòng Lưu; mặc định như báo cáo tự đánh giá")
    signer: Signer | None = Field(None, description="Người ký; mặc định như báo cáo tự đánh giá")


class AppraisalSchedule(StrictModel):
    """The dates of the appraisal round (thẩm định) and of the Sở's explanation (giải trình)."""

    round1_received: Date | None = Field(None, description="Ngày nhận kết quả thẩm định vòng 1")
    explanation_before: Date | None = Field(
        None, description="Hạn gửi báo cáo giải trình: gửi trước ngày này"
    )
    explanation_sent_on: Date | None = Field(
        None, description="Ngày đã gửi báo cáo giải trình (nếu đã gửi)"
    )
    round2_received: Date | None = Field(
        None, description="Ngày nhận kết quả thẩm định vòng 2 (kết quả cuối cùng)"
    )
    report: ExplanationReport = Field(default_factory=ExplanationReport)


class Dossier(StrictModel):
    """dossier.yaml: who assesses what, when, against which criteria set."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    agency: Agency
    place: Text = Field(description='Địa danh ghi trên văn bản, ví dụ "Lào Cai"')
    province: OptText = Field(None, description='Tên tỉnh, ví dụ "tỉnh Lào Cai"')
    year: int = Field(ge=2000, le=2100, description="Năm đánh giá")
    criteria: Text = Field(
        description="Bộ tiêu chí: mã bộ có sẵn (parcli criteria list) hoặc đường dẫn tương đối "
        "tới tệp .yaml"
    )
    window: Period = Field(description="Thời gian tự đánh giá, chấm điểm")
    submit_before: Date = Field(description="Hạn gửi: gửi trước ngày này (ví dụ 05/01/2024)")
    submitted_on: Date | None = Field(None, description="Ngày đã gửi (nếu đã gửi)")
    recipient: Text = Field("Sở Nội vụ", description='Nơi nhận hồ sơ, ví dụ "Sở Nội vụ"')
    evidence_period: Period | None = Field(
        None,
        description="Kỳ ban hành tài liệu kiểm chứng được chấp nhận; mặc định cả năm đánh giá",
    )
    divisions: list[Division] = Field(min_length=1)
    coordinator: str | None = Field(None, description="Mã đơn vị đầu mối (thường là Văn phòng Sở)")
    assignments: dict[str, list[Code]] = Field(
        default_factory=dict,
        description="Phân công chủ trì: mã đơn vị → danh sách mã. Một mã lĩnh vực hoặc tiêu chí "
        "giao mọi tiêu chí thành phần bên dưới; mã cụ thể hơn được ưu tiên.",
    )
    report: Report = Field(default_factory=Report)
    appraisal: AppraisalSchedule | None = Field(
        None, description="Vòng thẩm định và giải trình: các mốc ngày, báo cáo giải trình"
    )
    build_dir: Text = Field("build", description="Thư mục chứa kết quả build")
    package: PackageOptions = Field(
        default_factory=PackageOptions, description="Cách đóng gói hồ sơ nộp (parcli build)"
    )

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
            f"Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm {self.year}"
        )

    @property
    def explanation_title(self) -> str:
        custom = self.appraisal.report.title if self.appraisal else None
        return custom or (
            f"Giải trình kết quả thẩm định Chỉ số cải cách hành chính năm {self.year}"
        )
