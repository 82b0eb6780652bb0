"""Rules on the survey register (``survey.yaml``): contacts, duplicates, groups, deadlines.

Messages never repeat an e-mail or a phone number (personal data, Nghị định 13/2023/NĐ-CP):
they name the person and point at the line, and say what is wrong with the value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence

from parcli.findings import Finding, Where, make
from parcli.formats.survey import LoadedSurvey
from parcli.formats.yamlio import YamlDoc
from parcli.model import Dossier
from parcli.model.survey import (
    ListKind,
    PreviousRespondent,
    Respondent,
    Status,
    SurveyGroup,
    SurveyRegister,
)
from parcli.text import fold, format_date

_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$"
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def check_survey(survey: LoadedSurvey, dossier: Dossier, as_of: dt.date) -> list[Finding]:
    """Every rule on a loaded register (``survey.register`` must not be None).

    The rules take the register and a document to locate its fields: ``survey.view``, where
    respondent ``i`` of the model is at ``("respondents", i)``.
    """
    register, doc = survey.register, survey.view or survey.doc
    assert register is not None
    findings = check_contacts(register, doc)
    findings += check_duplicates(register, doc)
    findings += check_groups(register, doc)
    findings += check_units(register, doc, dossier)
    if register.no_repeat:
        if not register.previous_respondents and survey.previous_file_respondents is None:
            if not register.previous_file:  # a previous_file that failed is reported already
                line, col = doc.where(("no_repeat",))
                findings.append(
                    make(
                        "X018",
                        "Hướng dẫn không cho đăng ký lại người năm trước (no_repeat: true) "
                        "nhưng survey.yaml chưa có danh sách năm trước",
                        "Ghi previous_file (tệp survey.yaml năm trước chép vào hồ sơ) hoặc "
                        "previous_respondents (e-mail người năm trước).",
                        file=doc.file,
                        line=line,
                        col=col,
                    )
                )
        else:
            findings += check_repeats(register, doc, survey.previous)
    findings += check_deadlines(register, doc, as_of)
    findings += check_dates(register, doc, as_of)
    return findings


# --------------------------------------------------------------------------- helpers


def _at(doc: YamlDoc, i: int, field: str | None = None) -> Where:
    path: tuple[str | int, ...] = ("respondents", i) if field is None else ("respondents", i, field)
    line, col = doc.where(path, key=field is not None)
    return {"file": doc.file, "line": line, "col": col}


def _who(r: Respondent) -> str:
    return f"{r.name} ({r.position})"


def _line(doc: YamlDoc, i: int) -> int | None:
    return doc.where(("respondents", i))[0]


def email_problem(email: str) -> str | None:
    """Why ``email`` is not an e-mail address, or None when it is one (syntax only)."""
    if any(c.isspace() for c in email):
        return "có dấu cách"
    at = email.count("@")
    if at == 0:
        return "thiếu dấu @"
    if at > 1:
        return "có hai dấu @ (mỗi ô chỉ ghi một e-mail)"
    if any(ord(c) > 127 for c in email):
        return "có chữ có dấu (e-mail chỉ dùng chữ không dấu)"
    if "," in email or ";" in email:
        return "có dấu phẩy hoặc chấm phẩy (có thể gõ nhầm dấu chấm)"
    if ".." in email:
        return "có hai dấu chấm liền nhau"
    local, domain = email.split("@")
    if not local:
        return "thiếu phần trước dấu @"
    if "." not in domain:
        return "tên miền sau dấu @ thiếu dấu chấm (ví dụ laocai.gov.vn)"
    if not _EMAIL.match(email):
        return "không đúng dạng ten@ten-mien.vn"
    return None


def normalize_phone(phone: str) -> str | None:
    """A Vietnamese phone as ten or eleven digits starting with 0, or None when it is not one."""
    digits = _PHONE_SEPARATORS.sub("", phone)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if re.fullmatch(r"0\d{9,10}", digits):
        return digits
    return None


def email_key(email: str | None) -> str | None:
    return email.strip().casefold() if email else None


# --------------------------------------------------------------------------- contacts


def check_contacts(register: SurveyRegister, doc: YamlDoc) -> list[Finding]:
    """X001 e-mail syntax, X002 phone syntax, X003 no e-mail."""
    findings: list[Finding] = []
    for i, r in enumerate(register.respondents):
        if r.email is None:
            findings.append(
                make(
                    "X003",
                    f"{_who(r)} chưa có e-mail: phiếu khảo sát được gửi qua e-mail",
                    "Thêm email cho người này.",
                    at=_at(doc, i),
                )
            )
        else:
            problem = email_problem(r.email)
            if problem:
                findings.append(
                    make(
                        "X001",
                        f"E-mail của {_who(r)} sai cú pháp: {problem}",
                        "Sửa email theo dạng ten@ten-mien.vn (hỏi lại người được khảo sát).",
                        at=_at(doc, i, "email"),
                    )
                )
        if r.phone is not None and normalize_phone(r.phone) is None:
            findings.append(
                make(
                    "X002",
                    f"Số điện thoại của {_who(r)} sai cú pháp: cần 10 chữ số bắt đầu bằng 0 "
                    "(hoặc +84), số máy bàn 11 chữ số",
                    'Viết số điện thoại trong dấu nháy kép, ví dụ "0912 345 678".',
                    at=_at(doc, i, "phone"),
                )
            )
    return findings


# --------------------------------------------------------------------------- duplicates


def check_duplicates(register: SurveyRegister, doc: YamlDoc) -> list[Finding]:
    """X004 one e-mail for two entries; X005 the same person twice (name + unit, or phone)."""
    findings: list[Finding] = []
    emails: dict[str, int] = {}
    people: dict[tuple[str, str], int] = {}
    phones: dict[str, int] = {}
    respondents = register.respondents
    for i, r in enumerate(respondents):
        key = email_key(r.email)
        if key and key in emails:
            first = respondents[emails[key]]
            findings.append(
                make(
                    "X004",
                    f"E-mail của {_who(r)} trùng với e-mail của {_who(first)} (dòng "
                    f"{_line(doc, emails[key])})",
                    "Mỗi người một e-mail riêng: Bộ Nội vụ gửi phiếu theo e-mail. Xóa dòng "
                    "trùng hoặc sửa e-mail.",
                    at=_at(doc, i, "email"),
                )
            )
        elif key:
            emails[key] = i
        person = (fold(r.name), r.division or "")
        phone = normalize_phone(r.phone) if r.phone else None
        twin = people.get(person)
        same_phone = phones.get(phone) if phone else None
        if twin is not None or same_phone is not None:
            j = twin if twin is not None else same_phone
            assert j is not None
            why = "cùng họ tên và đơn vị" if twin is not None else "cùng số điện thoại"
            findings.append(
                make(
                    "X005",
                    f"{_who(r)} có thể đã ghi ở dòng {_line(doc, j)} ({why})",
                    "Xóa dòng trùng; nếu là hai người khác nhau, kiểm tra lại số điện thoại và "
                    "đơn vị.",
                    at=_at(doc, i),
                )
            )
        people.setdefault(person, i)
        if phone:
            phones.setdefault(phone, i)
    return findings


# --------------------------------------------------------------------------- groups


def position_fits(position: str, group: SurveyGroup) -> bool:
    """Whether ``position`` is one of the group's positions, or starts with one (as words)."""
    if not group.positions:
        return True
    mine = fold(position)
    return any(mine == fold(p) or mine.startswith(fold(p) + " ") for p in group.positions)


def check_groups(register: SurveyRegister, doc: YamlDoc) -> list[Finding]:
    """X017 group declared twice, X006 unknown group, X007/X008 counts, X009 position."""
    findings: list[Finding] = []
    groups: dict[str, SurveyGroup] = {}
    for i, g in enumerate(register.groups):
        if g.id in groups:
            line, col = doc.where(("groups", i, "id"))
            findings.append(
                make(
                    "X017",
                    f"Mã nhóm '{g.id}' khai báo hai lần",
                    "Mỗi nhóm một mã riêng; gộp hai mục làm một.",
                    file=doc.file,
                    line=line,
                    col=col,
                )
            )
            continue
        groups[g.id] = g
    counts: dict[tuple[str, ListKind], int] = {}
    for i, r in enumerate(register.respondents):
        group = groups.get(r.group)
        if group is None:
            close = difflib.get_close_matches(r.group, list(groups), n=1, cutoff=0.6)
            findings.append(
                make(
                    "X006",
                    f"{_who(r)} ghi nhóm '{r.group}' không có trong groups",
                    f"Có phải ý bạn là '{close[0]}'?"
                    if close
                    else "Các nhóm: " + ", ".join(groups),
                    at=_at(doc, i, "group"),
                )
            )
            continue
        counts[(r.group, r.list)] = counts.get((r.group, r.list), 0) + 1
        if not position_fits(r.position, group):
            findings.append(
                make(
                    "X009",
                    f"{_who(r)}: chức vụ không thuộc nhóm '{group.name}' (nhóm gồm: "
                    f"{', '.join(group.positions)})",
                    "Chuyển người này sang nhóm đúng chức vụ, hoặc sửa chức vụ.",
                    at=_at(doc, i, "position"),
                )
            )
    for i, g in enumerate(register.groups):
        if groups.get(g.id) is not g:
            continue
        line, col = doc.where(("groups", i))
        for kind, required in ((ListKind.OFFICIAL, g.official), (ListKind.RESERVE, g.reserve)):
            have = counts.get((g.id, kind), 0)
            label = "chính thức" if kind is ListKind.OFFICIAL else "dự phòng"
            if have < required:
                findings.append(
                    make(
                        "X007",
                        f"Nhóm '{g.name}' có {have}/{required} người trong danh sách {label}: "
                        f"còn thiếu {required - have}",
                        f"Bổ sung người vào nhóm {g.id} (list: {kind.value}) trước hạn gửi "
                        "danh sách.",
                        file=doc.file,
                        line=line,
                        col=col,
                    )
                )
            elif have > required:
                findings.append(
                    make(
                        "X008",
                        f"Nhóm '{g.name}' có {have} người trong danh sách {label}, nhiều hơn "
                        f"số phải đăng ký ({required})",
                        "Chuyển bớt sang danh sách dự phòng hoặc bỏ bớt; kiểm tra lại số lượng "
                        "theo hướng dẫn.",
                        file=doc.file,
                        line=line,
                        col=col,
                    )
                )
    return findings


# --------------------------------------------------------------------------- units


def check_units(register: SurveyRegister, doc: YamlDoc, dossier: Dossier) -> list[Finding]:
    """X010: a respondent's division must be one of the dossier's divisions."""
    known = [d.id for d in dossier.divisions]
    findings: list[Finding] = []
    for i, r in enumerate(register.respondents):
        if r.division is None or r.division in known:
            continue
        close = difflib.get_close_matches(r.division, known, n=1, cutoff=0.6)
        findings.append(
            make(
                "X010",
                f"{_who(r)} ghi đơn vị '{r.division}' không có trong dossier.yaml",
                f"Có phải ý bạn là '{close[0]}'?"
                if close
                else "Dùng mã một đơn vị trong divisions của dossier.yaml: " + ", ".join(known),
                at=_at(doc, i, "division"),
            )
        )
    return findings


# --------------------------------------------------------------------------- last year


def check_repeats(
    register: SurveyRegister, doc: YamlDoc, previous: Sequence[PreviousRespondent]
) -> list[Finding]:
    """X011: a respondent already surveyed last year (``previous``), where that is forbidden.

    A person matches by e-mail when both sides have one, else by full name (without regard to
    case or diacritics). The caller decides whether repeating is forbidden (``no_repeat``) and
    where last year's list comes from (the register, last year's file, a carried-over year).
    """
    emails = {email_key(p.email) for p in previous if p.email}
    names = {fold(p.name) for p in previous if p.name and not p.email}
    named = {fold(p.name) for p in previous if p.name}
    findings: list[Finding] = []
    for i, r in enumerate(register.respondents):
        key = email_key(r.email)
        if key and key in emails:
            how = "cùng e-mail"
        elif fold(r.name) in names or (not key and fold(r.name) in named):
            how = "cùng họ tên"
        else:
            continue
        findings.append(
            make(
                "X011",
                f"{_who(r)} đã được khảo sát năm trước ({how}); hướng dẫn năm nay không cho "
                "đăng ký lại",
                "Thay bằng người khác cùng nhóm (có thể lấy từ danh sách dự phòng).",
                at=_at(doc, i),
            )
        )
    return findings


# --------------------------------------------------------------------------- dates


def check_deadlines(register: SurveyRegister, doc: YamlDoc, as_of: dt.date) -> list[Finding]:
    """X012 days left / X013 overdue / X014 late registration; X016 period over, not answered."""
    findings: list[Finding] = []
    deadline = register.register_by
    if deadline is not None:
        line, col = doc.where(("register_by",))
        where: Where = {"file": doc.file, "line": line, "col": col}
        done = register.registered_on
        if done is not None and done > deadline:
            findings.append(
                make(
                    "X014",
                    f"Danh sách khảo sát gửi ngày {format_date(done)}, muộn "
                    f"{(done - deadline).days} ngày so với hạn {format_date(deadline)}",
                    "Ghi nhận việc gửi muộn; liên hệ Sở Nội vụ nếu cần bổ sung.",
                    at=where,
                )
            )
        elif done is None and as_of > deadline:
            findings.append(
                make(
                    "X013",
                    f"Đã quá hạn gửi danh sách khảo sát {(as_of - deadline).days} ngày (hạn "
                    f"{format_date(deadline)}) mà survey.yaml chưa ghi ngày gửi",
                    "Gửi danh sách ngay (parcli survey export tạo tệp để gửi); khi gửi xong ghi "
                    "registered_on.",
                    at=where,
                )
            )
        elif done is None:
            left = (deadline - as_of).days
            text = "hôm nay là hạn cuối" if left == 0 else f"còn {left} ngày"
            findings.append(
                make(
                    "X012",
                    f"Hạn gửi danh sách khảo sát {format_date(deadline)}: {text}",
                    "Tạo tệp gửi Sở Nội vụ bằng parcli survey export; khi gửi xong ghi "
                    "registered_on.",
                    at=where,
                )
            )
    period = register.answer_period
    if period is not None and as_of > period.end:
        waiting = [
            r
            for r in register.respondents
            if r.list is ListKind.OFFICIAL and r.status is not Status.ANSWERED
        ]
        if waiting:
            line, col = doc.where(("answer_period", "end"))
            findings.append(
                make(
                    "X016",
                    f"Đã hết thời gian trả lời phiếu ({format_date(period.end)}) mà còn "
                    f"{len(waiting)} người trong danh sách chính thức chưa trả lời",
                    "Cập nhật trạng thái theo danh sách của Sở Nội vụ (parcli survey update); "
                    "xem ai chưa trả lời: parcli survey status.",
                    file=doc.file,
                    line=line,
                    col=col,
                )
            )
    return findings


def check_dates(register: SurveyRegister, doc: YamlDoc, as_of: dt.date) -> list[Finding]:
    """X015: dates that contradict the status, each other or the day of the check."""
    findings: list[Finding] = []
    for i, r in enumerate(register.respondents):
        problems: list[tuple[str, str]] = []
        for field, day in (("sent_on", r.sent_on), ("answered_on", r.answered_on)):
            if day is not None and day > as_of:
                problems.append((field, f"{field} {format_date(day)} ở sau ngày kiểm tra"))
        if r.sent_on and r.answered_on and r.answered_on < r.sent_on:
            problems.append(("answered_on", "ngày trả lời trước ngày gửi phiếu"))
        if r.answered_on and r.status is not Status.ANSWERED:
            problems.append(("status", "có ngày trả lời nhưng trạng thái chưa là da-tra-loi"))
        if r.sent_on and r.status is Status.NOT_SENT:
            problems.append(("status", "có ngày gửi phiếu nhưng trạng thái là chua-gui"))
        for field, text in problems:
            findings.append(
                make(
                    "X015",
                    f"{_who(r)}: {text}",
                    "Sửa ngày hoặc trạng thái (status: chua-gui, da-gui, da-tra-loi).",
                    at=_at(doc, i, field),
                )
            )
    return findings
