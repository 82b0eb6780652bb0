"""A small valid survey register for the mini dossier (divisions van-phong, phong-a)."""

from __future__ import annotations

MINI_SURVEY = """\
# sổ khảo sát thử
schema_version: 1
register_by: 31/10/2023
registered_on: 30/10/2023
answer_period: {start: 01/12/2023, end: 31/12/2023}
groups:
  - id: lanh-dao-so
    name: "Lãnh đạo Sở"
    official: 1
    positions: ["Giám đốc", "Phó Giám đốc"]
  - id: lanh-dao-phong
    name: "Lãnh đạo cấp phòng"
    official: 2
    reserve: 1
    positions: ["Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng"]
respondents:
  - name: "Nguyễn Văn An"
    sex: nam
    position: "Giám đốc"
    group: lanh-dao-so
    email: an.nv@so-thu.example
    phone: "0912 345 601"
    status: da-tra-loi
    sent_on: 04/12/2023
    answered_on: 06/12/2023
  - name: "Trần Thị Bình"
    sex: "Nữ"
    position: "Chánh Văn phòng"
    division: van-phong
    group: lanh-dao-phong
    email: binh.tt@so-thu.example   # e-mail công vụ
    phone: "+84 912 345 602"
    status: da-gui
    sent_on: 04/12/2023
  - name: "Lê Văn Cường"
    sex: nam
    position: "Trưởng phòng A"
    division: phong-a
    group: lanh-dao-phong
    email: cuong.lv@so-thu.example
    phone: "0912.345.603"
    status: da-gui
    sent_on: 04/12/2023
  - name: "Phạm Thị Dung"
    sex: nu
    position: "Phó Trưởng phòng A"
    division: phong-a
    group: lanh-dao-phong
    list: du-phong
    email: dung.pt@so-thu.example
    phone: "0912345604"
"""

EMAILS = [
    "an.nv@so-thu.example",
    "binh.tt@so-thu.example",
    "cuong.lv@so-thu.example",
    "dung.pt@so-thu.example",
]
PHONES = ["0912 345 601", "+84 912 345 602", "0912.345.603", "0912345604"]
