"""Rules on the appraisal round: appraisal.yaml, the giải trình deadline, the answers to it.

* appraisal.yaml: codes (T001, T002), appraised scores against the max and step (T003, T004),
  survey leaves (T005), the year (T006), survey points and published totals (T007), leaves
  outside the Sở's scope (T008);
* the deadline (dossier.yaml ``appraisal``): dates in order (D006), days left (T010), no
  deadline written (T009), missing explanations before (T011) and after (T012) the deadline,
  a late report (T013);
* the divisions' answers: a response nobody asked for (T014), supplementary evidence (E001–E008,
  the rules of :mod:`parcli.rules.evidence`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parcli.findings import Finding, Where, make
from parcli.formats.evidence import EvidenceResolver
from parcli.formats.loading import LoadedDossier, answer_line
from parcli.formats.yamlio import YamlDoc
from parcli.model import APPRAISAL_FILE, AppraisalFile, CriteriaSet, Dossier, Leaf, Method
from parcli.rules.evidence import check_evidence_items
from parcli.rules.locate import answer_where
from parcli.scoring.appraisal import AppraisalView, ExplanationStatus
from parcli.scoring.scorecard import Scorecard
from parcli.text import format_date, format_decimal


def score_problem(leaf: Leaf, value: Decimal) -> tuple[str, str, str] | None:
    """T003/T004/T005 for one appraised score: (code, message, hint), or None when fine.

    Shared by appraisal.yaml's rules and the reader of the council's table.
    """
    if leaf.method is Method.SURVEY:
        return (
            "T005",
            f"Tiêu chí {leaf.code} chấm bằng điều tra xã hội học nhưng có điểm thẩm định "
            f"{format_decimal(value)}",
            "Điểm điều tra xã hội học ghi theo lĩnh vực (areas → survey_score), không ghi "
            "cho tiêu chí thành phần.",
        )
    if value > leaf.max_score:
        return (
            "T003",
            f"Điểm thẩm định {format_decimal(value)} của tiêu chí {leaf.code} vượt điểm tối đa "
            f"{format_decimal(leaf.max_score)}",
            "Kiểm tra lại với văn bản thông báo kết quả thẩm định.",
        )
    if leaf.step is not None and leaf.step > 0 and value % leaf.step != 0:
        return (
            "T004",
            f"Điểm thẩm định {format_decimal(value)} của tiêu chí {leaf.code} không đúng bước "
            f"điểm {format_decimal(leaf.step)}",
            "Kiểm tra lại với văn bản thông báo kết quả thẩm định (có thể gõ nhầm dấu thập phân).",
        )
    return None


def _where(doc: YamlDoc, *path: str | int, key: bool = False) -> Where:
    line, col = doc.where(path, key=key)
    return {"file": doc.file, "line": line, "col": col}


def _raw(doc: YamlDoc, field: str, code: str) -> str:
    table = doc.data.get(field) if isinstance(doc.data, dict) else None
    if isinstance(table, dict):
        for key in table:
            if str(key).strip() == code:
                return str(key)
    return code


def check_appraisal_file(
    loaded: LoadedDossier, dossier: Dossier, criteria: CriteriaSet, card: Scorecard
) -> list[Finding]:
    """T001–T008 for appraisal.yaml."""
    appraisal, doc = loaded.appraisal, loaded.docs.get(APPRAISAL_FILE)
    if appraisal is None or doc is None:
        return []
    findings: list[Finding] = []
    if appraisal.year is not None and appraisal.year != dossier.year:
        findings.append(
            make(
                "T006",
                f"{APPRAISAL_FILE} ghi năm {appraisal.year}, hồ sơ là năm {dossier.year}",
                "Kiểm tra lại: có thể đã chép tệp của năm khác.",
                at=_where(doc, "year"),
            )
        )
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    parents = {node.code for _, node in criteria.nodes()} - set(leaves)
    for code, entry in appraisal.leaves.items():
        where: Where = {
            **_where(doc, "leaves", _raw(doc, "leaves", code), key=True),
            "criterion": code,
        }
        leaf = leaves.get(code)
        if leaf is None:
            kind, what = (
                ("T002", "là mục cha, không được chấm điểm trực tiếp")
                if code in parents
                else ("T001", "không có trong bộ tiêu chí")
            )
            findings.append(
                make(
                    kind,
                    f"Kết quả thẩm định cho mã {code}: mã này {what}",
                    "Ghi kết quả thẩm định theo mã tiêu chí thành phần (hoặc tiêu chí không có "
                    "thành phần).",
                    at=where,
                )
            )
            continue
        result = card.leaf(code)
        if leaf.method is Method.APPRAISAL and result is not None and result.division is None:
            findings.append(
                make(
                    "T008",
                    f"Tiêu chí {code} có kết quả thẩm định nhưng không giao đơn vị nào chủ trì "
                    "(ngoài phạm vi tự chấm của Sở)",
                    "Kiểm tra phân công (assignments) trong dossier.yaml hoặc mã trong "
                    f"{APPRAISAL_FILE}.",
                    at=where,
                )
            )
        if leaf.method is Method.SURVEY and entry.explanation_requested:
            findings.append(
                make(
                    "T005",
                    f"Tiêu chí {code} chấm bằng điều tra xã hội học nhưng có yêu cầu giải trình",
                    "Tiêu chí điều tra xã hội học không tự chấm nên không giải trình; kiểm tra "
                    "lại mã.",
                    at={
                        **_where(doc, "leaves", _raw(doc, "leaves", code), "explanation_requested"),
                        "criterion": code,
                    },
                )
            )
        for round_no in (1, 2):
            value = entry.score(round_no)
            problem = None if value is None else score_problem(leaf, value)
            if problem is not None:
                field = f"round{round_no}_score"
                findings.append(
                    make(
                        problem[0],
                        f"Vòng {round_no}: {problem[1]}",
                        problem[2],
                        at={
                            **_where(doc, "leaves", _raw(doc, "leaves", code), field),
                            "criterion": code,
                        },
                    )
                )
    findings.extend(_check_areas(appraisal, doc, criteria, card))
    return findings


def _check_areas(
    appraisal: AppraisalFile, doc: YamlDoc, criteria: CriteriaSet, card: Scorecard
) -> list[Finding]:
    findings: list[Finding] = []
    areas = {node.code: node for node in card.areas}
    for code, entry in appraisal.areas.items():
        raw = _raw(doc, "areas", code)
        area = areas.get(code)
        if area is None:
            findings.append(
                make(
                    "T007",
                    f"areas: mã {code} không phải mã lĩnh vực của bộ tiêu chí",
                    "Các mã lĩnh vực: " + ", ".join(areas),
                    at=_where(doc, "areas", raw, key=True),
                )
            )
            continue
        checks = (
            ("survey_score", entry.survey_score, area.survey_max, "điểm điều tra xã hội học"),
            ("published_total", entry.published_total, area.max_score, "tổng điểm"),
        )
        for field, value, limit, what in checks:
            if value is not None and value > limit:
                findings.append(
                    make(
                        "T007",
                        f"Lĩnh vực {code}: {what} {format_decimal(value)} vượt tối đa "
                        f"{format_decimal(limit)}",
                        "Kiểm tra lại với kết quả được công bố.",
                        at=_where(doc, "areas", raw, field),
                    )
                )
    total = appraisal.published_total
    if total is not None and total > criteria.max_total:
        findings.append(
            make(
                "T007",
                f"Tổng điểm công bố {format_decimal(total)} vượt tổng điểm tối đa "
                f"{format_decimal(criteria.max_total)}",
                "Kiểm tra lại với kết quả được công bố.",
                at=_where(doc, "published_total"),
            )
        )
    return findings


def check_schedule(dossier: Dossier, doc: YamlDoc) -> list[Finding]:
    """D006 for the dates of the appraisal round out of order."""
    schedule = dossier.appraisal
    if schedule is None:
        return []
    findings: list[Finding] = []
    received = schedule.round1_received
    pairs = (
        ("explanation_before", schedule.explanation_before, "hạn gửi giải trình"),
        ("explanation_sent_on", schedule.explanation_sent_on, "ngày gửi giải trình"),
        ("round2_received", schedule.round2_received, "ngày nhận kết quả vòng 2"),
    )
    for field, value, what in pairs:
        if received is not None and value is not None and value < received:
            findings.append(
                make(
                    "D006",
                    f"{what[0].upper()}{what[1:]} ({format_date(value)}) trước ngày nhận kết "
                    f"quả thẩm định vòng 1 ({format_date(received)})",
                    "Kiểm tra lại các ngày trong mục appraisal của dossier.yaml.",
                    at=_where(doc, "appraisal", field),
                )
            )
    if received is not None and received < dossier.window.end:
        findings.append(
            make(
                "D006",
                f"Ngày nhận kết quả thẩm định vòng 1 ({format_date(received)}) trước khi hết "
                f"thời gian tự chấm ({format_date(dossier.window.end)})",
                "Kiểm tra lại appraisal.round1_received.",
                at=_where(doc, "appraisal", "round1_received"),
            )
        )
    return findings


def check_explanations(
    loaded: LoadedDossier,
    dossier: Dossier,
    view: AppraisalView | None,
    status: ExplanationStatus | None,
    as_of: dt.date,
) -> list[Finding]:
    """T009–T014 and the supplementary evidence (E001–E008) of every response."""
    findings: list[Finding] = []
    doc = loaded.docs["dossier.yaml"]
    if status is not None:
        findings.extend(_deadline_findings(doc, status))
    if view is not None:
        findings.extend(_missing(loaded, dossier, view, status))
    findings.extend(_responses(loaded, dossier, view, as_of))
    return findings


def _deadline_findings(doc: YamlDoc, status: ExplanationStatus) -> list[Finding]:
    if status.deadline is None:
        return [
            make(
                "T009",
                status.message,
                "Ghi hạn gửi theo văn bản thông báo kết quả thẩm định: appraisal: "
                "{explanation_before: dd/mm/yyyy} trong dossier.yaml.",
                at=_where(doc, "appraisal", key=True) if "appraisal" in _keys(doc) else {},
                file="dossier.yaml",
            )
        ]
    if status.late:
        return [
            make(
                "T013",
                status.message,
                "Ghi nhận việc gửi muộn (nếu cần).",
                at=_where(doc, "appraisal", "explanation_sent_on"),
            )
        ]
    if status.sent_on is not None or status.overdue:
        return []  # sent: nothing to say; overdue: every missing leaf is a T012
    return [
        make(
            "T010",
            status.message,
            "Đơn vị chủ trì viết giải trình (response) trong tệp của mình; tạo báo cáo bằng "
            "`parcli appraisal report`.",
            at=_where(doc, "appraisal", "explanation_before"),
        )
    ]


def _keys(doc: YamlDoc) -> list[str]:
    return [str(k) for k in doc.data] if isinstance(doc.data, dict) else []


def _missing(
    loaded: LoadedDossier,
    dossier: Dossier,
    view: AppraisalView,
    status: ExplanationStatus | None,
) -> list[Finding]:
    if status is not None and status.sent_on is not None:
        return []
    overdue = status is not None and status.overdue
    findings: list[Finding] = []
    for division, codes in view.missing().items():
        if division in loaded.broken_files:
            continue  # the file's own error is reported
        who = dossier.division(division)
        name = who.name if who else division
        for code in codes:
            file, line, col = answer_line(loaded, division, code)
            due = (
                f" (hạn trước ngày {format_date(status.deadline)})"
                if status is not None and status.deadline is not None
                else ""
            )
            findings.append(
                make(
                    "T012" if overdue else "T011",
                    f"Tiêu chí {code} được yêu cầu giải trình; {name} chưa giải trình{due}",
                    f"{name} viết nội dung giải trình (response → text) và tài liệu bổ sung "
                    f"(response → evidence) dưới mã {code} trong divisions/{division}.yaml.",
                    file=file or f"divisions/{division}.yaml",
                    line=line,
                    col=col,
                    criterion=code,
                    division=division,
                )
            )
    return findings


def _responses(
    loaded: LoadedDossier, dossier: Dossier, view: AppraisalView | None, as_of: dt.date
) -> list[Finding]:
    """T014 and E001–E008 for the responses the divisions wrote."""
    criteria = loaded.criteria
    if criteria is None:
        return []
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    listed = {r.code for r in view.explained()} if view is not None else set()
    resolver = EvidenceResolver(loaded.root)
    findings: list[Finding] = []
    for division_id, division in loaded.divisions.items():
        for code, answer in division.answers.items():
            response, leaf = answer.response, leaves.get(code)
            if response is None or leaf is None:
                continue
            where = answer_where(loaded, division_id, code, "response")
            if code not in listed:
                findings.append(
                    make(
                        "T014",
                        f"Tiêu chí {code} có giải trình nhưng không bị trừ điểm ở vòng 1 và "
                        "không được yêu cầu giải trình; giải trình này không vào báo cáo",
                        "Kiểm tra mã tiêu chí, hoặc xóa mục response nếu không cần.",
                        at=where,
                    )
                )
            findings.extend(
                check_evidence_items(
                    loaded,
                    resolver,
                    dossier,
                    leaf,
                    response.evidence,
                    where,
                    as_of,
                    ("response", "evidence"),
                )
            )
    return findings
