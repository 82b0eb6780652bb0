"""``parcli validate`` as a plain function: every rule, every finding, as data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from parcli.findings import (
    LATENESS_CODES,
    MISSING_SCORE_CODES,
    Finding,
    Severity,
    Where,
    count,
    make,
    sort_findings,
)
from parcli.formats.evidence import EvidenceResolver, Status
from parcli.formats.loading import LoadedDossier, answer_line
from parcli.formats.yamlio import YamlDoc
from parcli.model import Answer, CriteriaSet, Dossier, Leaf, Method
from parcli.scoring.scope import Scope, resolve_scope
from parcli.scoring.scorecard import Scorecard, needs_support, score_dossier
from parcli.scoring.window import Phase, WindowStatus, window_status
from parcli.text import format_date, format_decimal


@dataclasses.dataclass(frozen=True)
class ValidationReport:
    findings: list[Finding]
    window: WindowStatus | None
    scorecard: Scorecard | None
    scope: Scope | None

    @property
    def counts(self) -> dict[Severity, int]:
        return count(self.findings)

    def has_errors(self, *, strict: bool = False) -> bool:
        c = self.counts
        return c[Severity.ERROR] > 0 or (strict and c[Severity.WARNING] > 0)

    def content_errors(self) -> list[Finding]:
        """What blocks a final build: content errors, and every in-scope leaf without a score.

        A missing score (W001–W003) blocks whatever the window phase: a package must carry a
        score for every assigned leaf (``--draft`` builds anyway). Lateness itself (W004, W005)
        never blocks: a late package is better than none.
        """
        return [
            f for f in self.findings
            if (f.severity is Severity.ERROR and f.code not in LATENESS_CODES)
            or f.code in MISSING_SCORE_CODES
        ]


def validate(loaded: LoadedDossier, as_of: dt.date) -> ValidationReport:
    findings = list(loaded.findings)
    dossier, criteria = loaded.dossier, loaded.criteria
    if dossier is None or criteria is None:
        return ValidationReport(sort_findings(findings), None, None, None)
    dossier_doc = loaded.docs["dossier.yaml"]
    if loaded.criteria_file is not None:
        findings.extend(check_criteria(criteria, loaded.docs.get(loaded.criteria_file)))
    findings.extend(_check_dossier(dossier, dossier_doc))
    scope = resolve_scope(dossier, criteria, dossier_doc)
    findings.extend(scope.findings)
    status = window_status(dossier, as_of)
    findings.extend(_check_division_files(loaded, dossier, scope))
    findings.extend(_check_answers(loaded, dossier, criteria, scope, as_of))
    card = score_dossier(criteria, scope, loaded.divisions)
    findings.extend(_check_window(loaded, dossier, card, status))
    return ValidationReport(sort_findings(findings), status, card, scope)


# --------------------------------------------------------------------------- criteria set


def check_criteria(criteria: CriteriaSet, doc: YamlDoc | None) -> list[Finding]:
    """Sums, counts, duplicate codes, code nesting and steps of a criteria set."""
    findings: list[Finding] = []
    file = doc.file if doc else None

    def at(*path: str | int) -> Where:
        if doc is None:
            return {"line": None, "col": None}
        line, col = doc.where(path)
        return {"line": line, "col": col}

    if criteria.status == "illustrative":
        findings.append(
            make(
                "C007",
                f"Bộ tiêu chí '{criteria.id}' là bộ MINH HỌA: tên tiêu chí và điểm không phải của "
                "văn bản chính thức; mọi kết quả build sẽ ghi rõ điều này",
                "Nhập bộ chính thức bằng `parcli criteria import` rồi sửa trường criteria "
                "trong dossier.yaml.",
                file=file, at=at("status"),
            )
        )
    seen: dict[str, str] = {}
    for i, area in enumerate(criteria.areas):
        crit_sum = sum((c.max_score for c in area.criteria), Decimal(0))
        if crit_sum != area.max_score:
            findings.append(
                make(
                    "C002",
                    f"Lĩnh vực {area.code}: điểm tối đa {format_decimal(area.max_score)} "
                    "nhưng tổng "
                    f"các tiêu chí là {format_decimal(crit_sum)}",
                    "Sửa điểm tối đa của lĩnh vực hoặc của các tiêu chí cho khớp.",
                    file=file, criterion=area.code, at=at("areas", i, "max_score"),
                )
            )
        for j, crit in enumerate(area.criteria):
            path = ("areas", i, "criteria", j)
            if not crit.code.startswith(area.code + "."):
                findings.append(
                    make(
                        "C005",
                        f"Tiêu chí {crit.code} nằm trong lĩnh vực {area.code} nhưng mã không bắt "
                        f"đầu bằng \"{area.code}.\"",
                        "Kiểm tra mã hoặc vị trí của tiêu chí.",
                        file=file, criterion=crit.code, at=at(*path, "code"),
                    )
                )
            if crit.components:
                comp_sum = sum((c.max_score for c in crit.components), Decimal(0))
                if comp_sum != crit.max_score:
                    findings.append(
                        make(
                            "C002",
                            f"Tiêu chí {crit.code}: điểm tối đa {format_decimal(crit.max_score)} "
                            f"nhưng tổng các tiêu chí thành phần là {format_decimal(comp_sum)}",
                            "Sửa điểm tối đa cho khớp.",
                            file=file, criterion=crit.code, at=at(*path, "max_score"),
                        )
                    )
            nodes: list[tuple[str, tuple[str | int, ...], Decimal, Decimal | None]] = [
                (crit.code, path, crit.max_score, crit.step if not crit.components else None)
            ]
            for k, comp in enumerate(crit.components):
                cpath = (*path, "components", k)
                nodes.append((comp.code, cpath, comp.max_score, comp.step))
                if not comp.code.startswith(crit.code + "."):
                    findings.append(
                        make(
                            "C005",
                            f"Tiêu chí thành phần {comp.code} nằm trong tiêu chí {crit.code} nhưng "
                            f"mã không bắt đầu bằng \"{crit.code}.\"",
                            "Kiểm tra mã hoặc vị trí của tiêu chí thành phần.",
                            file=file, criterion=comp.code, at=at(*cpath, "code"),
                        )
                    )
            for code, npath, max_score, step in nodes:
                if step is not None and (step <= 0 or max_score % step != 0):
                    findings.append(
                        make(
                            "C006",
                            f"{code}: điểm tối đa {format_decimal(max_score)} không chia hết cho "
                            f"bước điểm {format_decimal(step)}",
                            "Sửa bước điểm (step) hoặc điểm tối đa.",
                            file=file, criterion=code, at=at(*npath, "step"),
                        )
                    )
    for i, area in enumerate(criteria.areas):
        for level_path, code in [(("areas", i), area.code)] + [
            (("areas", i, "criteria", j), c.code) for j, c in enumerate(area.criteria)
        ] + [
            (("areas", i, "criteria", j, "components", k), p.code)
            for j, c in enumerate(area.criteria) for k, p in enumerate(c.components)
        ]:
            if code in seen:
                findings.append(
                    make(
                        "C001",
                        f"Mã {code} xuất hiện hai lần trong bộ tiêu chí",
                        "Mỗi lĩnh vực, tiêu chí, tiêu chí thành phần phải có mã riêng.",
                        file=file, criterion=code, at=at(*level_path, "code"),
                    )
                )
            seen[code] = code
    total = sum((a.max_score for a in criteria.areas), Decimal(0))
    if total != criteria.max_total:
        findings.append(
            make(
                "C004",
                f"Tổng điểm tối đa khai báo là {format_decimal(criteria.max_total)} nhưng tổng các "
                f"lĩnh vực là {format_decimal(total)}",
                "Sửa max_total hoặc điểm các lĩnh vực.",
                file=file, at=at("max_total"),
            )
        )
    leaves = list(criteria.leaves())
    for field, method, label in (
        ("appraisal_max", Method.APPRAISAL, "tự chấm, thẩm định"),
        ("survey_max", Method.SURVEY, "điều tra xã hội học"),
    ):
        declared = getattr(criteria, field)
        if declared is None:
            continue
        actual = sum((lf.max_score for lf in leaves if lf.method is method), Decimal(0))
        if actual != declared:
            findings.append(
                make(
                    "C004",
                    f"Phần {label}: khai báo {format_decimal(declared)} điểm nhưng các tiêu chí "
                    f"cộng lại {format_decimal(actual)} điểm",
                    f"Sửa {field} hoặc cách chấm (method) của các tiêu chí.",
                    file=file, at=at(field),
                )
            )
    if criteria.expected is not None:
        actual_counts = criteria.counts()
        for name, label, want, got in (
            ("areas", "lĩnh vực", criteria.expected.areas, actual_counts[0]),
            ("criteria", "tiêu chí", criteria.expected.criteria, actual_counts[1]),
            ("components", "tiêu chí thành phần", criteria.expected.components, actual_counts[2]),
        ):
            if want is not None and want != got:
                findings.append(
                    make(
                        "C003",
                        f"Bộ tiêu chí có {got} {label}, khai báo là {want}",
                        "Kiểm tra có thiếu hoặc thừa dòng nào so với văn bản gốc.",
                        file=file, at=at("expected", name),
                    )
                )
    return findings


# --------------------------------------------------------------------------- dossier


def _check_dossier(dossier: Dossier, doc: YamlDoc) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for i, division in enumerate(dossier.divisions):
        if division.id in seen:
            line, col = doc.where(("divisions", i, "id"))
            findings.append(
                make(
                    "D001",
                    f"Mã đơn vị '{division.id}' khai báo hai lần (lần đầu ở mục thứ "
                    f"{seen[division.id] + 1})",
                    "Mỗi đơn vị có một mã riêng, cũng là tên tệp divisions/<mã>.yaml.",
                    file=doc.file, line=line, col=col, division=division.id,
                )
            )
        seen.setdefault(division.id, i)
    if dossier.coordinator is not None and dossier.coordinator not in seen:
        line, col = doc.where(("coordinator",))
        findings.append(
            make("D002", f"Đơn vị đầu mối '{dossier.coordinator}' không có trong divisions",
                 "Sửa coordinator cho khớp mã một đơn vị.", file=doc.file, line=line, col=col)
        )
    if dossier.submit_before <= dossier.window.end:
        line, col = doc.where(("submit_before",))
        findings.append(
            make(
                "D006",
                f"Hạn gửi (trước ngày {format_date(dossier.submit_before)}) không sau thời gian "
                f"tự chấm (kết thúc {format_date(dossier.window.end)})",
                "Kiểm tra lại ngày trong kế hoạch.", file=doc.file, line=line, col=col,
            )
        )
    if dossier.window.start.year not in (dossier.year, dossier.year + 1):
        line, col = doc.where(("window", "start"))
        findings.append(
            make(
                "D006",
                f"Thời gian tự chấm bắt đầu {format_date(dossier.window.start)}, không thuộc năm "
                f"đánh giá {dossier.year} hoặc năm sau",
                "Kiểm tra năm (year) và thời gian tự chấm (window).",
                file=doc.file, line=line, col=col,
            )
        )
    if dossier.report.signer is None:
        line, col = doc.where(("report",), key=True)
        findings.append(
            make(
                "D012",
                "Chưa khai báo người ký báo cáo: báo cáo sẽ không có chức vụ và họ tên người ký",
                "Thêm vào dossier.yaml, mục report: signer: {prefix: \"KT.\", authority: "
                "\"GIÁM ĐỐC\", title: \"PHÓ GIÁM ĐỐC\", name: \"Họ và tên\"}.",
                file=doc.file, line=line, col=col,
            )
        )
    report_date = dossier.report.date
    if report_date is not None and report_date >= dossier.submit_before:
        line, col = doc.where(("report", "date"))
        findings.append(
            make(
                "D006",
                f"Ngày báo cáo {format_date(report_date)} không trước hạn gửi (trước ngày "
                f"{format_date(dossier.submit_before)})",
                "Kiểm tra report.date; báo cáo đề ngày sau hạn là báo cáo nộp muộn.",
                severity=Severity.WARNING, file=doc.file, line=line, col=col,
            )
        )
    if report_date is not None and report_date < dossier.window.start:
        line, col = doc.where(("report", "date"))
        findings.append(
            make(
                "D006",
                f"Ngày báo cáo {format_date(report_date)} trước khi bắt đầu tự chấm",
                "Sửa report.date.", severity=Severity.WARNING,
                file=doc.file, line=line, col=col,
            )
        )
    return findings


def _check_division_files(loaded: LoadedDossier, dossier: Dossier, scope: Scope) -> list[Finding]:
    findings: list[Finding] = []
    known = {d.id for d in dossier.divisions}
    for division_id, file in loaded.division_files.items():
        if division_id not in known:
            line, col = loaded.docs[file].where(("division",))
            findings.append(
                make(
                    "D009",
                    f"Tệp {file} là của đơn vị '{division_id}', không có trong danh sách đơn vị "
                    "của dossier.yaml",
                    "Thêm đơn vị vào divisions trong dossier.yaml, hoặc sửa mã đơn vị.",
                    file=file, line=line, col=col, division=division_id,
                )
            )
    for division in dossier.divisions:
        leaves = scope.leaves_of(division.id)
        if division.id in loaded.division_files or not leaves:
            continue
        broken = loaded.broken_files.get(division.id)
        if broken is not None:
            findings.append(
                make(
                    "D011",
                    f"Tệp {broken} của '{division.name}' không dùng được (xem lỗi của tệp này); "
                    f"{len(leaves)} tiêu chí được giao cho đơn vị chưa được kiểm tra",
                    "Sửa lỗi trong tệp rồi chạy lại parcli validate.",
                    file=broken, line=1, col=1, division=division.id,
                )
            )
            continue
        findings.append(
            make(
                "D008",
                f"Đơn vị '{division.name}' được giao {len(leaves)} tiêu chí nhưng chưa có tệp "
                f"divisions/{division.id}.yaml",
                f"Chạy `parcli init \"{loaded.root}\" --force`: parcli tạo tệp còn thiếu, liệt "
                "kê sẵn các tiêu chí được giao, không ghi đè tệp đã có.",
                file="dossier.yaml", division=division.id,
            )
        )
    return findings


def _check_answers(
    loaded: LoadedDossier, dossier: Dossier, criteria: CriteriaSet, scope: Scope, as_of: dt.date
) -> list[Finding]:
    findings: list[Finding] = []
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    parents = {node.code for level, node in criteria.nodes()} - set(leaves)
    answered: dict[str, set[str]] = {}
    for division_id, division_file in loaded.divisions.items():
        for code in division_file.answers:
            answered.setdefault(code, set()).add(division_id)
    resolver = EvidenceResolver(loaded.root)
    for division_id, division_file in loaded.divisions.items():
        for code, answer in division_file.answers.items():
            file, line, col = answer_line(loaded, division_id, code)
            where: Where = {"file": file, "line": line, "col": col, "criterion": code,
                            "division": division_id}
            leaf = leaves.get(code)
            if leaf is None:
                if code in parents:
                    findings.append(
                        make(
                            "A002",
                            f"{code} là lĩnh vực hoặc tiêu chí có tiêu chí thành phần; chỉ chấm "
                            "điểm tiêu chí thành phần",
                            "Chuyển điểm xuống các tiêu chí thành phần bên dưới.", at=where,
                        )
                    )
                else:
                    findings.append(
                        make(
                            "A001",
                            f"Mã {code} không có trong bộ tiêu chí {criteria.id}",
                            "Kiểm tra lại mã (ví dụ \"1.10\" khác \"1.1\"); xem "
                            "`parcli criteria show`.", at=where,
                        )
                    )
                continue
            if leaf.method is Method.SURVEY:
                if answer.score is not None:
                    findings.append(
                        make(
                            "A008",
                            f"Tiêu chí {code} chấm bằng điều tra xã hội học; đơn vị không tự chấm",
                            "Xóa điểm của tiêu chí này.", at=_at(loaded, where, "score"),
                        )
                    )
                continue
            lead = scope.lead.get(code)
            empty = (answer.score is None and not answer.evidence and not answer.explanation
                     and not answer.reason_lost and not answer.remedy)
            if lead != division_id and code not in scope.conflicts and not empty:
                if lead is not None and lead in answered.get(code, set()):
                    findings.append(
                        make(
                            "A004",
                            f"Tiêu chí {code} đã được đơn vị chủ trì '{lead}' trả lời; đơn vị "
                            f"'{division_id}' cũng trả lời (câu trả lời này không được tính)",
                            "Xóa câu trả lời này; đơn vị phối hợp gửi tài liệu cho đơn vị chủ "
                            "trì.", at=where,
                        )
                    )
                else:
                    owner = (
                        f"được giao cho đơn vị '{lead}'" if lead
                        else "không được giao cho đơn vị nào (ngoài phạm vi tự chấm)"
                    )
                    findings.append(
                        make(
                            "A003",
                            f"Đơn vị '{division_id}' trả lời tiêu chí {code}, nhưng tiêu chí này "
                            f"{owner}; câu trả lời không được tính",
                            "Chuyển câu trả lời sang tệp của đơn vị chủ trì, hoặc sửa phân công "
                            "trong dossier.yaml.", at=where,
                        )
                    )
            findings.extend(_check_score(loaded, leaf, answer.score, where))
            findings.extend(_check_explained(leaf, answer, where))
            if answer.updated is not None:
                if answer.updated > as_of:
                    findings.append(
                        make(
                            "A014",
                            f"Ngày cập nhật {format_date(answer.updated)} sau ngày kiểm tra "
                            f"{format_date(as_of)}",
                            "Sửa ngày cập nhật (updated).", at=_at(loaded, where, "updated"),
                        )
                    )
                elif answer.updated > dossier.window.end:
                    findings.append(
                        make(
                            "A011",
                            f"Cập nhật ngày {format_date(answer.updated)}, sau khi hết thời gian "
                            f"tự chấm ({format_date(dossier.window.end)})",
                            "Báo Văn phòng Sở: thay đổi sau hạn cần được lãnh đạo đồng ý.",
                            at=_at(loaded, where, "updated"),
                        )
                    )
            findings.extend(
                _check_evidence(loaded, resolver, dossier, leaf, answer, where, as_of)
            )
    return findings


def _check_evidence(
    loaded: LoadedDossier, resolver: EvidenceResolver, dossier: Dossier, leaf: Leaf,
    answer: Answer, where: Where, as_of: dt.date,
) -> list[Finding]:
    """E001–E008 for the evidence items of one answer: path, file, duplicates, dates."""
    findings: list[Finding] = []
    code = leaf.code
    period = dossier.evidence_window
    seen_paths: set[str] = set()
    for i, item in enumerate(answer.evidence):
        ewhere = _at(loaded, where, "evidence", i)
        norm = item.path.replace("\\", "/")
        if norm in seen_paths:
            findings.append(
                make("E007", f"Tài liệu {item.path} kê hai lần cho tiêu chí {code}",
                     "Xóa dòng lặp.", at=ewhere)
            )
        seen_paths.add(norm)
        resolved = resolver.resolve(item.path)
        if resolved.status is Status.OUTSIDE:
            findings.append(
                make(
                    "E003",
                    f"Đường dẫn '{item.path}' ra ngoài thư mục hồ sơ; parcli không đọc "
                    "tệp ngoài hồ sơ",
                    "Chép tài liệu vào thư mục evidence/ của hồ sơ và ghi đường dẫn "
                    "tương đối, ví dụ evidence/ke-hoach.pdf.", at=ewhere,
                )
            )
        elif resolved.status is Status.MISSING:
            hint = (
                f"Có phải là '{resolved.suggestion}'?"
                if resolved.suggestion
                else "Kiểm tra tên tệp và thư mục (đường dẫn tính từ thư mục hồ sơ)."
            )
            findings.append(
                make("E001", f"Không tìm thấy tệp '{item.path}'", hint, at=ewhere)
            )
        elif resolved.status is Status.FOLDER:
            findings.append(
                make(
                    "E002",
                    f"'{item.path}' là một thư mục, không phải tệp",
                    "Ghi từng tệp trong thư mục làm một tài liệu kiểm chứng.", at=ewhere,
                )
            )
        elif resolved.actual is not None:
            findings.append(
                make(
                    "E008",
                    f"Tên '{item.path}' chỉ khác chữ hoa/thường so với tệp trên đĩa "
                    f"'{resolved.actual}'; parcli dùng tệp này",
                    f"Sửa đường dẫn thành {resolved.actual} cho khớp.", at=ewhere,
                )
            )
        if resolved.status is Status.OK and resolved.size == 0:
            findings.append(
                make("E006", f"Tệp '{item.path}' rỗng (0 byte)",
                     "Chép lại tệp đúng; tệp rỗng không mở được.", at=ewhere)
            )
        if item.issued is not None:
            earliest = period.start
            if leaf.evidence_before_year:
                earliest = min(earliest, dt.date(dossier.year - 1, 1, 1))
            if item.issued > as_of:
                findings.append(
                    make(
                        "E004",
                        f"Tài liệu '{item.path}' ghi ngày ban hành "
                        f"{format_date(item.issued)}, sau ngày kiểm tra "
                        f"{format_date(as_of)}",
                        "Sửa ngày ban hành (issued) hoặc kiểm tra lại tài liệu.",
                        at=_at(loaded, where, "evidence", i, "issued"),
                    )
                )
            elif not earliest <= item.issued <= period.end:
                findings.append(
                    make(
                        "E005",
                        f"Tài liệu '{item.path}' ban hành {format_date(item.issued)}, "
                        f"ngoài kỳ đánh giá ({format_date(earliest)}–"
                        f"{format_date(period.end)})",
                        "Tài liệu kiểm chứng phải phản ánh kết quả của năm đánh giá; "
                        "kiểm tra lại hoặc giải trình.",
                        at=_at(loaded, where, "evidence", i, "issued"),
                    )
                )
    return findings


def _at(loaded: LoadedDossier, where: Where, *fields: str | int) -> Where:
    """``where`` moved to a field of the same answer (``fields`` like "score", "evidence", 0)."""
    file, line, col = answer_line(
        loaded, str(where.get("division")), str(where.get("criterion")), *fields
    )
    return where if file is None else {**where, "line": line, "col": col}


def _check_score(loaded: LoadedDossier, leaf: Leaf, score: Decimal | None,
                 where: Where) -> list[Finding]:
    if score is None:
        return []
    at = _at(loaded, where, "score")
    if score < 0:
        return [make("A005", f"Điểm {format_decimal(score)} của tiêu chí {leaf.code} là số âm",
                     "Điểm tự chấm từ 0 đến điểm tối đa.", at=at)]
    if score > leaf.max_score:
        return [
            make(
                "A006",
                f"Điểm {format_decimal(score)} vượt điểm tối đa {format_decimal(leaf.max_score)} "
                f"của tiêu chí {leaf.code}",
                f"Chấm từ 0 đến {format_decimal(leaf.max_score)}.", at=at,
            )
        ]
    if leaf.step is not None and leaf.step > 0 and score % leaf.step != 0:
        allowed = _allowed(leaf.max_score, leaf.step)
        return [
            make(
                "A007",
                f"Điểm {format_decimal(score)} không đúng bước điểm {format_decimal(leaf.step)} "
                f"của tiêu chí {leaf.code}",
                f"Các mức điểm hợp lệ: {allowed}.", at=at,
            )
        ]
    return []


def _allowed(max_score: Decimal, step: Decimal) -> str:
    values: list[str] = []
    value = Decimal(0)
    while value <= max_score and len(values) < 12:
        values.append(format_decimal(value))
        value += step
    return "; ".join(values) + (" …" if value <= max_score else "")


def _check_explained(leaf: Leaf, answer: Answer, where: Where) -> list[Finding]:
    findings: list[Finding] = []
    if answer.score is None:
        return findings
    if needs_support(leaf, answer):
        findings.append(
            make(
                "A009",
                f"Tiêu chí {leaf.code} có điểm {format_decimal(answer.score)} nhưng không có "
                "tài liệu kiểm chứng và không có giải trình",
                "Thêm tài liệu kiểm chứng (evidence) hoặc viết giải trình (explanation).",
                at=where,
            )
        )
    elif not answer.evidence and leaf.evidence_required and answer.explanation:
        findings.append(
            make(
                "A012",
                f"Tiêu chí {leaf.code} không có tài liệu kiểm chứng; giải trình sẽ được đưa "
                "vào mục II của báo cáo",
                "", at=where,
            )
        )
    if answer.score < leaf.max_score and not (answer.reason_lost or answer.explanation):
        findings.append(
            make(
                "A010",
                f"Tiêu chí {leaf.code} bị trừ {format_decimal(leaf.max_score - answer.score)} điểm "
                "nhưng chưa nêu nguyên nhân",
                "Viết nguyên nhân (reason_lost); báo cáo dùng nó cho mục tồn tại, hạn chế.",
                at=where,
            )
        )
    return findings


# --------------------------------------------------------------------------- window


def _check_window(
    loaded: LoadedDossier, dossier: Dossier, card: Scorecard, status: WindowStatus
) -> list[Finding]:
    findings: list[Finding] = []
    phase = status.phase
    if phase is Phase.BEFORE:
        code = "W001"
    elif phase is Phase.OPEN:
        code = "W002"
    elif phase is Phase.SUBMITTED and not status.late:
        code = "W003" if status.as_of > dossier.window.end else "W002"
    else:
        code = "W003"
    for result in card.in_scope_leaves:
        division = result.division or ""
        if (
            result.answered
            or (division, result.leaf.code) in loaded.failed_answers
            or division in loaded.broken_files
        ):
            continue  # an error about this answer or its file is already reported
        file, line, col = answer_line(loaded, division, result.leaf.code)
        name = dossier.division(division)
        who = name.name if name else division
        if code == "W001":
            message = (
                f"Tiêu chí {result.leaf.code} ({who}) chưa có điểm; chưa đến thời gian tự chấm"
            )
        elif code == "W002" and status.days_to_window_end <= 0:
            message = (
                f"Tiêu chí {result.leaf.code} ({who}) chưa có điểm; hôm nay là ngày cuối của "
                f"thời gian tự chấm ({format_date(dossier.window.end)})"
            )
        elif code == "W002":
            message = (
                f"Tiêu chí {result.leaf.code} ({who}) chưa có điểm; còn "
                f"{status.days_to_window_end} ngày đến hạn {format_date(dossier.window.end)}"
            )
        else:
            message = (
                f"Tiêu chí {result.leaf.code} ({who}) chưa có điểm; đã hết thời gian tự chấm "
                f"({format_date(dossier.window.end)})"
            )
        findings.append(
            make(
                code, message,
                f"Đơn vị {who} nhập điểm (score) cho tiêu chí này trong "
                f"divisions/{division}.yaml.",
                file=file or f"divisions/{division}.yaml", line=line, col=col,
                criterion=result.leaf.code, division=division,
            )
        )
    doc = loaded.docs["dossier.yaml"]
    if phase is Phase.OVERDUE:
        line, col = doc.where(("submit_before",))
        findings.append(
            make(
                "W004", status.message,
                "Gửi hồ sơ ngay; khi đã gửi, ghi ngày gửi vào submitted_on trong dossier.yaml.",
                file=doc.file, line=line, col=col,
            )
        )
    if phase is Phase.SUBMITTED and status.late:
        line, col = doc.where(("submitted_on",))
        findings.append(
            make("W005", status.message, "Ghi nhận việc gửi muộn trong báo cáo (nếu cần).",
                 file=doc.file, line=line, col=col)
        )
    return findings
