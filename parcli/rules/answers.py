"""Rules on each answer: score, step, explanation, reason for points lost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parcli.findings import (
    Finding,
    Where,
    make,
)
from parcli.formats.evidence import EvidenceResolver
from parcli.formats.loading import LoadedDossier
from parcli.model import Answer, CriteriaSet, Dossier, Leaf, Method
from parcli.rules.evidence import check_evidence
from parcli.rules.locate import answer_where, at
from parcli.scoring.scope import Scope
from parcli.scoring.scorecard import Scorecard, needs_support
from parcli.text import format_date, format_decimal


def check_answers(
    loaded: LoadedDossier,
    dossier: Dossier,
    criteria: CriteriaSet,
    scope: Scope,
    as_of: dt.date,
    resolver: EvidenceResolver,
) -> list[Finding]:
    findings: list[Finding] = []
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    parents = {node.code for level, node in criteria.nodes()} - set(leaves)
    answered: dict[str, set[str]] = {}
    for division_id, division_file in loaded.divisions.items():
        for code in division_file.answers:
            answered.setdefault(code, set()).add(division_id)
    for division_id, division_file in loaded.divisions.items():
        for code, answer in division_file.answers.items():
            where = answer_where(loaded, division_id, code)
            leaf = leaves.get(code)
            if leaf is None:
                if code in parents:
                    findings.append(
                        make(
                            "A002",
                            f"{code} là lĩnh vực hoặc tiêu chí có tiêu chí thành phần; chỉ chấm "
                            "điểm tiêu chí thành phần",
                            "Chuyển điểm xuống các tiêu chí thành phần bên dưới.",
                            at=where,
                        )
                    )
                else:
                    findings.append(
                        make(
                            "A001",
                            f"Mã {code} không có trong bộ tiêu chí {criteria.id}",
                            'Kiểm tra lại mã (ví dụ "1.10" khác "1.1"); xem '
                            "`parcli criteria show`.",
                            at=where,
                        )
                    )
                continue
            if leaf.method is Method.SURVEY:
                if answer.score is not None:
                    findings.append(
                        make(
                            "A008",
                            f"Tiêu chí {code} chấm bằng điều tra xã hội học; đơn vị không tự chấm",
                            "Xóa điểm của tiêu chí này.",
                            at=at(loaded, where, "score"),
                        )
                    )
                continue
            lead = scope.lead.get(code)
            empty = (
                answer.score is None
                and not answer.evidence
                and not answer.explanation
                and not answer.reason_lost
                and not answer.remedy
            )
            if lead != division_id and code not in scope.conflicts and not empty:
                if lead is not None and lead in answered.get(code, set()):
                    findings.append(
                        make(
                            "A004",
                            f"Tiêu chí {code} đã được đơn vị chủ trì '{lead}' trả lời; đơn vị "
                            f"'{division_id}' cũng trả lời (câu trả lời này không được tính)",
                            "Xóa câu trả lời này; đơn vị phối hợp gửi tài liệu cho đơn vị chủ trì.",
                            at=where,
                        )
                    )
                else:
                    owner = (
                        f"được giao cho đơn vị '{lead}'"
                        if lead
                        else "không được giao cho đơn vị nào (ngoài phạm vi tự chấm)"
                    )
                    findings.append(
                        make(
                            "A003",
                            f"Đơn vị '{division_id}' trả lời tiêu chí {code}, nhưng tiêu chí này "
                            f"{owner}; câu trả lời không được tính",
                            "Chuyển câu trả lời sang tệp của đơn vị chủ trì, hoặc sửa phân công "
                            "trong dossier.yaml.",
                            at=where,
                        )
                    )
            findings.extend(check_score(loaded, leaf, answer.score, where))
            findings.extend(check_explained(leaf, answer, where))
            if answer.updated is not None:
                if answer.updated > as_of:
                    findings.append(
                        make(
                            "A014",
                            f"Ngày cập nhật {format_date(answer.updated)} sau ngày kiểm tra "
                            f"{format_date(as_of)}",
                            "Sửa ngày cập nhật (updated).",
                            at=at(loaded, where, "updated"),
                        )
                    )
                elif answer.updated > dossier.window.end:
                    findings.append(
                        make(
                            "A011",
                            f"Cập nhật ngày {format_date(answer.updated)}, sau khi hết thời gian "
                            f"tự chấm ({format_date(dossier.window.end)})",
                            "Báo Văn phòng Sở: thay đổi sau hạn cần được lãnh đạo đồng ý.",
                            at=at(loaded, where, "updated"),
                        )
                    )
            findings.extend(check_evidence(loaded, resolver, dossier, leaf, answer, where, as_of))
    return findings


def check_score(
    loaded: LoadedDossier, leaf: Leaf, score: Decimal | None, where: Where
) -> list[Finding]:
    if score is None:
        return []
    here = at(loaded, where, "score")
    if score < 0:
        return [
            make(
                "A005",
                f"Điểm {format_decimal(score)} của {leaf.label.lower()} {leaf.code} là số âm",
                "Điểm tự chấm từ 0 đến điểm tối đa.",
                at=here,
            )
        ]
    if score > leaf.max_score:
        return [
            make(
                "A006",
                f"Điểm {format_decimal(score)} vượt điểm tối đa {format_decimal(leaf.max_score)} "
                f"của {leaf.label.lower()} {leaf.code}",
                f"Chấm từ 0 đến {format_decimal(leaf.max_score)}.",
                at=here,
            )
        ]
    if leaf.step is not None and leaf.step > 0 and score % leaf.step != 0:
        values = allowed(leaf.max_score, leaf.step)
        return [
            make(
                "A007",
                f"Điểm {format_decimal(score)} không đúng bước điểm {format_decimal(leaf.step)} "
                f"của {leaf.label.lower()} {leaf.code}",
                f"Các mức điểm hợp lệ: {values}.",
                at=here,
            )
        ]
    return []


def check_counted_scores(loaded: LoadedDossier, card: Scorecard) -> list[Finding]:
    """A005–A007 for every self-score ``card`` leaves out of its totals (see
    :func:`parcli.scoring.scorecard.leave_out_invalid`), where the division wrote it: what
    keeps a document that states self-scores (the báo cáo giải trình) from being final."""
    findings: list[Finding] = []
    for result in card.leaves:
        if card.left_out(result) is None or result.division is None:
            continue
        where = answer_where(loaded, result.division, result.leaf.code)
        findings.extend(check_score(loaded, result.leaf, result.score, where))
    return findings


def allowed(max_score: Decimal, step: Decimal) -> str:
    values: list[str] = []
    value = Decimal(0)
    while value <= max_score and len(values) < 12:
        values.append(format_decimal(value))
        value += step
    return "; ".join(values) + (" …" if value <= max_score else "")


def check_explained(leaf: Leaf, answer: Answer, where: Where) -> list[Finding]:
    findings: list[Finding] = []
    if answer.score is None:
        return findings
    if needs_support(leaf, answer):
        findings.append(
            make(
                "A009",
                f"{leaf.label} {leaf.code} có điểm {format_decimal(answer.score)} nhưng không có "
                "tài liệu kiểm chứng và không có giải trình",
                "Thêm tài liệu kiểm chứng (evidence) hoặc viết giải trình (explanation).",
                at=where,
            )
        )
    elif not answer.evidence and leaf.evidence_required and answer.explanation:
        findings.append(
            make(
                "A012",
                f"{leaf.label} {leaf.code} không có tài liệu kiểm chứng; giải trình sẽ được đưa "
                "vào mục II của báo cáo",
                "",
                at=where,
            )
        )
    if answer.score < leaf.max_score and not (answer.reason_lost or answer.explanation):
        findings.append(
            make(
                "A010",
                f"{leaf.label} {leaf.code} bị trừ "
                f"{format_decimal(leaf.max_score - answer.score)} điểm nhưng chưa nêu nguyên nhân",
                "Viết nguyên nhân (reason_lost); báo cáo dùng nó cho mục tồn tại, hạn chế.",
                at=where,
            )
        )
    return findings
