"""What the survey list documents show: title lines, columns and rows (shared by xlsx and docx).

The list is for the Sở Nội vụ, who keys it into the ministry's survey software: one row a
person with the columns a provincial survey app keeps (name, sex, position, unit, group,
e-mail, phone), the official list first, then the reserve list, each in the order of the
groups and, inside a group, of survey.yaml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from parcli.model import Dossier, ListKind, SurveyRegister

# (header, width in characters for Excel; the Word table scales the same proportions)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 5),
    ("Họ và tên", 20),
    ("Giới tính", 7),
    ("Chức vụ", 22),
    ("Đơn vị công tác", 23),
    ("Nhóm đối tượng", 17),
    ("Danh sách", 10),
    ("Thư điện tử (e-mail)", 36),
    ("Số điện thoại", 14),
    ("Ghi chú", 10),
)


@dataclasses.dataclass(frozen=True)
class ListRow:
    number: int  # STT inside its list
    name: str
    sex: str
    position: str
    unit: str
    group_id: str
    group: str
    kind: ListKind
    email: str
    phone: str
    note: str

    def cells(self) -> list[str]:
        return [
            str(self.number),
            self.name,
            self.sex,
            self.position,
            self.unit,
            self.group,
            self.kind.label,
            self.email,
            self.phone,
            self.note,
        ]


@dataclasses.dataclass(frozen=True)
class SurveyList:
    """Everything the two documents print."""

    parent: str  # UBND TỈNH LÀO CAI
    agency: str  # Sở Giao thông vận tải - Xây dựng
    title: str  # DANH SÁCH ĐỐI TƯỢNG ĐIỀU TRA XÃ HỘI HỌC ...
    subtitle: str  # Xác định Chỉ số cải cách hành chính năm 2023
    basis: str | None  # (Theo ... hướng dẫn)
    date: dt.date  # fixed document date (never the clock)
    official: list[ListRow]
    reserve: list[ListRow]
    summary: list[str]  # one line per group: required and registered

    @property
    def rows(self) -> list[ListRow]:
        return self.official + self.reserve


def document_date(register: SurveyRegister, dossier: Dossier) -> dt.date:
    """The date stamped in the files: registered_on, register_by, else 31/12 of the year."""
    return register.registered_on or register.register_by or dt.date(dossier.year, 12, 31)


def survey_list(register: SurveyRegister, dossier: Dossier) -> SurveyList:
    names = {d.id: d.name for d in dossier.divisions}
    order = {g.id: i for i, g in reversed(list(enumerate(register.groups)))}
    group_names = {g.id: g.name for g in reversed(register.groups)}
    people = sorted(
        enumerate(register.respondents),
        key=lambda item: (order.get(item[1].group, len(order)), item[0]),
    )
    lists: dict[ListKind, list[ListRow]] = {ListKind.OFFICIAL: [], ListKind.RESERVE: []}
    for _, r in people:
        rows = lists[r.list]
        rows.append(
            ListRow(
                number=len(rows) + 1,
                name=r.name,
                sex=r.sex.label if r.sex else "",
                position=r.position,
                unit=names.get(r.division, r.division) if r.division else dossier.agency.name,
                group_id=r.group,
                group=group_names.get(r.group, r.group),
                kind=r.list,
                email=r.email or "",
                phone=r.phone or "",
                note=r.note or "",
            )
        )
    summary = []
    for g in register.groups:
        official = sum(1 for r in lists[ListKind.OFFICIAL] if r.group_id == g.id)
        reserve = sum(1 for r in lists[ListKind.RESERVE] if r.group_id == g.id)
        summary.append(
            f"{g.name}: {official} người chính thức (phải đăng ký {g.official}), {reserve} "
            f"người dự phòng (phải đăng ký {g.reserve})."
        )
    province = f" {dossier.province}" if dossier.province else ""
    return SurveyList(
        parent=dossier.agency.parent,
        agency=dossier.agency.name,
        title="DANH SÁCH ĐỐI TƯỢNG ĐIỀU TRA XÃ HỘI HỌC",
        subtitle=(
            f"Xác định Chỉ số cải cách hành chính năm {dossier.year} của {dossier.agency.name}"
            f"{province}"
        ),
        basis=f"(Theo {register.guidance})" if register.guidance else None,
        date=document_date(register, dossier),
        official=lists[ListKind.OFFICIAL],
        reserve=lists[ListKind.RESERVE],
        summary=summary,
    )
