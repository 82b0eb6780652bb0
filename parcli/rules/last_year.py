"""Last year left in this year's dossier: texts and dates carried over and not yet updated.

A dossier made from last year's (``parcli init --from``, or by copying the folder) keeps the
structure; what must change every year is easy to miss: the basis documents of the report
(L001, L002), the title, a date still in the old year (L003). ``last_year.yaml`` itself must be
of an earlier year (L004) and in this year's criteria set (L005).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from parcli.findings import Finding, Where, make
from parcli.formats.loading import LoadedDossier
from parcli.formats.yamlio import PathT
from parcli.model import LAST_YEAR_FILE, CriteriaSet, Dossier
from parcli.text import fold, format_date

Locate = Callable[..., Where]

YEAR_WORD = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)

_TEXTS = (
    ("basis", "report_basis", "văn bản căn cứ"),
    ("solutions", "solutions", "giải pháp"),
    ("difficulties", "difficulties", "khó khăn, vướng mắc"),
    ("proposals", "proposals", "kiến nghị"),
)


def check_last_year(
    loaded: LoadedDossier, dossier: Dossier, criteria: CriteriaSet
) -> list[Finding]:
    doc = loaded.docs["dossier.yaml"]

    def at(*path: str | int) -> Where:
        line, col = doc.where(path)
        return {"file": doc.file, "line": line, "col": col}

    findings: list[Finding] = []
    findings.extend(_copied_texts(loaded, dossier, at))
    findings.extend(_old_year_words(dossier, at))
    findings.extend(_old_dates(dossier, at))
    findings.extend(_last_year_file(loaded, dossier, criteria))
    return findings


def _copied_texts(loaded: LoadedDossier, dossier: Dossier, at: Locate) -> list[Finding]:
    last = loaded.last_year
    if last is None:
        return []
    findings = []
    for field, last_field, label in _TEXTS:
        before = {fold(t) for t in getattr(last, last_field)}
        for i, text in enumerate(getattr(dossier.report, field)):
            if fold(text) in before:
                findings.append(
                    make(
                        "L001",
                        f"{label.capitalize()} thứ {i + 1} của báo cáo giống hệt báo cáo năm "
                        f"{last.year}: “{_short(text)}”",
                        "Thay bằng nội dung của năm nay (văn bản năm trước lưu trong "
                        "last_year.yaml).",
                        at=at("report", field, i),
                    )
                )
    return findings


def _old_year_words(dossier: Dossier, at: Locate) -> list[Finding]:
    places: list[tuple[PathT, str, str]] = [
        (("report", "basis", i), text, f"Văn bản căn cứ thứ {i + 1}")
        for i, text in enumerate(dossier.report.basis)
    ]
    if dossier.report.title:
        places.append((("report", "title"), dossier.report.title, "Trích yếu báo cáo"))
    if dossier.appraisal is not None:
        places += [
            (
                ("appraisal", "report", "basis", i),
                text,
                f"Căn cứ thứ {i + 1} của báo cáo giải trình",
            )
            for i, text in enumerate(dossier.appraisal.report.basis)
        ]
        if dossier.appraisal.report.title:
            places.append(
                (
                    ("appraisal", "report", "title"),
                    dossier.appraisal.report.title,
                    "Trích yếu báo cáo giải trình",
                )
            )
    findings = []
    for path, text, label in places:
        years = sorted({int(y) for y in YEAR_WORD.findall(text) if int(y) < dossier.year})
        if years:
            findings.append(
                make(
                    "L002",
                    f"{label} ghi “năm {years[-1]}” trong hồ sơ năm {dossier.year}: "
                    f"“{_short(text)}”",
                    "Nếu là văn bản của năm trước, thay bằng văn bản năm nay; nếu đúng là văn "
                    "bản năm trước làm căn cứ, bỏ qua cảnh báo này.",
                    at=at(*path),
                )
            )
    return findings


def _old_dates(dossier: Dossier, at: Locate) -> list[Finding]:
    dates: list[tuple[PathT, dt.date | None, str]] = [
        (("window", "end"), dossier.window.end, "Ngày kết thúc tự chấm"),
        (("submit_before",), dossier.submit_before, "Hạn gửi"),
        (("submitted_on",), dossier.submitted_on, "Ngày đã gửi"),
        (("report", "date"), dossier.report.date, "Ngày báo cáo"),
    ]
    if dossier.evidence_period is not None:
        dates.append(
            (("evidence_period", "end"), dossier.evidence_period.end, "Kỳ tài liệu kiểm chứng")
        )
    if dossier.appraisal is not None:
        a = dossier.appraisal
        dates += [
            (("appraisal", "round1_received"), a.round1_received, "Ngày nhận kết quả vòng 1"),
            (("appraisal", "explanation_before"), a.explanation_before, "Hạn gửi giải trình"),
            (("appraisal", "explanation_sent_on"), a.explanation_sent_on, "Ngày gửi giải trình"),
            (("appraisal", "round2_received"), a.round2_received, "Ngày nhận kết quả vòng 2"),
            (("appraisal", "report", "date"), a.report.date, "Ngày báo cáo giải trình"),
        ]
    findings = []
    for path, day, label in dates:
        if day is not None and day.year < dossier.year:
            findings.append(
                make(
                    "L003",
                    f"{label} {format_date(day)} thuộc năm {day.year}, trước năm đánh giá "
                    f"{dossier.year}: có thể còn là ngày của năm trước",
                    "Sửa ngày theo kế hoạch năm nay.",
                    at=at(*path),
                )
            )
    return findings


def _last_year_file(
    loaded: LoadedDossier, dossier: Dossier, criteria: CriteriaSet
) -> list[Finding]:
    last = loaded.last_year
    if last is None:
        return []
    doc = loaded.docs[LAST_YEAR_FILE]
    findings = []
    if last.year >= dossier.year:
        line, col = doc.where(("year",))
        findings.append(
            make(
                "L004",
                f"{LAST_YEAR_FILE} ghi năm {last.year}, không trước năm đánh giá {dossier.year}",
                "Tệp này phải là kết quả của năm trước; tạo lại bằng `parcli init --from`.",
                file=doc.file,
                line=line,
                col=col,
            )
        )
    scored_against = last.mapped_to or last.criteria
    if scored_against != criteria.id:
        line, col = doc.where(("mapped_to",) if last.mapped_to else ("criteria",))
        findings.append(
            make(
                "L005",
                f"Số liệu năm trước theo mã của bộ tiêu chí '{scored_against}', hồ sơ năm nay "
                f"dùng bộ '{criteria.id}': mã có thể không khớp",
                "So sánh trực tiếp với hồ sơ năm trước: `parcli compare <năm trước> <năm nay>` "
                "(chuyển mã theo criteria diff), hoặc tạo lại hồ sơ bằng `parcli init --from`.",
                file=doc.file,
                line=line,
                col=col,
            )
        )
    return findings


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
