"""``survey.yaml``: the register of the sociological survey (danh sách đối tượng điều tra XHH).

The groups and how many people each must have are set by each year's guidance of the Sở Nội vụ,
so they are data here, never code. Each respondent is on the official or the reserve list and
carries the status of their questionnaire. E-mails and phones are personal data (Nghị định
13/2023/NĐ-CP): only ``parcli survey`` shows them (see docs/survey.md).

E-mail and phone are plain text in the model: their syntax is checked by the rules
(:mod:`parcli.rules.survey`) so that one typo is one finding and the person stays in the list.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from parcli.model.base import SCHEMA_VERSION, Date, OptText, SchemaVersion, StrictModel, Text
from parcli.model.dossier import Period
from parcli.text import slugify

SURVEY_FILE = "survey.yaml"


class Sex(str, Enum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return "Nam" if self is Sex.MALE else "Nữ"


class ListKind(str, Enum):
    """Danh sách chính thức or dự phòng."""

    OFFICIAL = "chinh-thuc"
    RESERVE = "du-phong"

    @property
    def label(self) -> str:
        return "Chính thức" if self is ListKind.OFFICIAL else "Dự phòng"


class Status(str, Enum):
    """Where a respondent's questionnaire is: not sent, sent (not answered), answered."""

    NOT_SENT = "chua-gui"
    SENT = "da-gui"
    ANSWERED = "da-tra-loi"

    @property
    def label(self) -> str:
        return {"chua-gui": "Chưa gửi phiếu", "da-gui": "Chưa trả lời", "da-tra-loi": "Đã trả lời"}[
            self.value
        ]

    @property
    def rank(self) -> int:
        return {"chua-gui": 0, "da-gui": 1, "da-tra-loi": 2}[self.value]


_ALIASES = {
    # what people type or paste from the provincial app, folded (see text.slugify)
    "nu": "nu",
    "nam": "nam",
    "chinh-thuc": "chinh-thuc",
    "ds-chinh-thuc": "chinh-thuc",
    "du-phong": "du-phong",
    "ds-du-phong": "du-phong",
    "chua-gui": "chua-gui",
    "chua-gui-phieu": "chua-gui",
    "da-gui": "da-gui",
    "da-gui-phieu": "da-gui",
    "da-tra-loi": "da-tra-loi",
}


def _slug_value(value: Any) -> Any:
    """ "Nữ", "Chính thức", "Đã trả lời" → "nu", "chinh-thuc", "da-tra-loi" (others unchanged)."""
    if isinstance(value, str) and value.strip():
        return _ALIASES.get(slugify(value), value)
    return value


def _choice(values: list[str], written: list[str]) -> WithJsonSchema:
    """An editor accepts the codes and the Vietnamese words parcli reads as them."""
    return WithJsonSchema({"type": "string", "enum": values + written})


SexField = Annotated[Sex, BeforeValidator(_slug_value), _choice(["nam", "nu"], ["Nam", "Nữ", "nữ"])]
ListField = Annotated[
    ListKind,
    BeforeValidator(_slug_value),
    _choice(["chinh-thuc", "du-phong"], ["Chính thức", "Dự phòng", "chính thức", "dự phòng"]),
]
StatusField = Annotated[
    Status,
    BeforeValidator(_slug_value),
    _choice(
        ["chua-gui", "da-gui", "da-tra-loi"],
        ["Chưa gửi", "Đã gửi", "Đã trả lời", "chưa gửi", "đã gửi", "đã trả lời"],
    ),
]
GroupId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class SurveyGroup(StrictModel):
    """Một nhóm đối tượng khảo sát và số lượng phải đăng ký (theo hướng dẫn của năm)."""

    id: GroupId = Field(description="Mã nhóm (chữ thường không dấu, gạch ngang), ví dụ lanh-dao-so")
    name: Text = Field(description='Tên nhóm, ví dụ "Lãnh đạo cấp phòng thuộc Sở"')
    official: int = Field(0, ge=0, description="Số người phải có trong danh sách chính thức")
    reserve: int = Field(0, ge=0, description="Số người phải có trong danh sách dự phòng")
    positions: list[Text] = Field(
        default_factory=list,
        description='Chức vụ thuộc nhóm, ví dụ ["Giám đốc", "Phó Giám đốc"]; chức vụ của người '
        "trong nhóm phải là một trong số này hoặc bắt đầu bằng một trong số này (không phân "
        "biệt hoa thường, dấu). Để trống: không kiểm tra.",
    )


class Respondent(StrictModel):
    """Một người được đăng ký khảo sát và trạng thái phiếu của người đó."""

    name: Text = Field(description="Họ và tên")
    sex: SexField | None = Field(None, description="Giới tính: nam hoặc nu (viết Nữ cũng được)")
    position: Text = Field(description='Chức vụ, ví dụ "Phó Trưởng phòng"')
    division: OptText = Field(
        None,
        description="Mã đơn vị công tác trong dossier.yaml (divisions); để trống với lãnh đạo Sở",
    )
    group: str = Field(description="Mã nhóm (trong groups)")
    list: ListField = Field(
        ListKind.OFFICIAL, description="chinh-thuc (danh sách chính thức) hoặc du-phong"
    )
    email: OptText = Field(None, description="Thư điện tử nhận phiếu khảo sát")
    phone: OptText = Field(None, description="Số điện thoại di động")
    status: StatusField = Field(
        Status.NOT_SENT,
        description="chua-gui (chưa gửi phiếu), da-gui (đã gửi, chưa trả lời) hoặc da-tra-loi",
    )
    sent_on: Date | None = Field(None, description="Ngày phiếu được gửi tới người này")
    answered_on: Date | None = Field(None, description="Ngày trả lời phiếu")
    note: OptText = Field(None, description="Ghi chú")


class PreviousRespondent(StrictModel):
    """Một người đã được khảo sát năm trước (để kiểm tra việc không lặp lại)."""

    name: OptText = Field(None, description="Họ và tên")
    email: OptText = Field(None, description="Thư điện tử")


def _previous_item(value: Any) -> Any:
    if isinstance(value, str):
        return {"email": value} if "@" in value else {"name": value}
    return value


PreviousItem = Annotated[
    PreviousRespondent,
    BeforeValidator(_previous_item, json_schema_input_type=str | PreviousRespondent),
]


class SurveyRegister(StrictModel):
    """survey.yaml: nhóm, số lượng, thời hạn và danh sách người được khảo sát."""

    schema_version: SchemaVersion = Field(SCHEMA_VERSION, description="Phiên bản định dạng tệp")
    guidance: OptText = Field(
        None,
        description="Văn bản hướng dẫn quy định nhóm và số lượng, ví dụ công văn của Sở Nội vụ",
    )
    register_by: Date | None = Field(
        None, description="Hạn gửi danh sách cho Sở Nội vụ (gửi chậm nhất ngày này)"
    )
    registered_on: Date | None = Field(None, description="Ngày đã gửi danh sách (nếu đã gửi)")
    answer_period: Period | None = Field(
        None, description="Thời gian trả lời phiếu khảo sát (start, end)"
    )
    no_repeat: bool = Field(
        False,
        description="true khi hướng dẫn không cho đăng ký lại người đã được khảo sát năm trước",
    )
    previous_file: OptText = Field(
        None,
        description="Tệp survey.yaml của năm trước, đường dẫn tương đối trong hồ sơ (ví dụ "
        "nam-truoc/survey.yaml); dùng để kiểm tra no_repeat",
    )
    previous_respondents: list[PreviousItem] = Field(
        default_factory=list,
        description="Người đã được khảo sát năm trước: e-mail, họ tên, hoặc bảng có name, email "
        "(thay cho hoặc cùng với previous_file)",
    )
    groups: list[SurveyGroup] = Field(min_length=1, description="Các nhóm đối tượng khảo sát")
    respondents: list[Respondent] = Field(
        default_factory=list, description="Danh sách người được khảo sát"
    )

    def group(self, group_id: str) -> SurveyGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)
