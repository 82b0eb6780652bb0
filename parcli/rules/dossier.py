"""Rules on ``dossier.yaml`` and on the division files as files."""

from __future__ import annotations

from parcli.findings import (
    Finding,
    Severity,
    make,
)
from parcli.formats.loading import LoadedDossier
from parcli.formats.yamlio import YamlDoc
from parcli.model import Dossier
from parcli.resources import SAMPLE_AGENCY
from parcli.scoring.scope import Scope
from parcli.text import format_date


def check_dossier(dossier: Dossier, doc: YamlDoc) -> list[Finding]:
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
                    file=doc.file,
                    line=line,
                    col=col,
                    division=division.id,
                )
            )
        seen.setdefault(division.id, i)
    if dossier.coordinator is not None and dossier.coordinator not in seen:
        line, col = doc.where(("coordinator",))
        findings.append(
            make(
                "D002",
                f"Đơn vị đầu mối '{dossier.coordinator}' không có trong divisions",
                "Sửa coordinator cho khớp mã một đơn vị.",
                file=doc.file,
                line=line,
                col=col,
            )
        )
    if dossier.submit_before <= dossier.window.end:
        line, col = doc.where(("submit_before",))
        findings.append(
            make(
                "D006",
                f"Hạn gửi (trước ngày {format_date(dossier.submit_before)}) không sau thời gian "
                f"tự chấm (kết thúc {format_date(dossier.window.end)})",
                "Kiểm tra lại ngày trong kế hoạch.",
                file=doc.file,
                line=line,
                col=col,
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
                file=doc.file,
                line=line,
                col=col,
            )
        )
    findings.extend(_sample_leftovers(dossier, doc))
    if dossier.report.signer is None:
        line, col = doc.where(("report",), key=True)
        findings.append(
            make(
                "D012",
                "Chưa khai báo người ký báo cáo: báo cáo sẽ không có chức vụ và họ tên người ký",
                'Thêm vào dossier.yaml, mục report: signer: {prefix: "KT.", authority: '
                '"GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Họ và tên"}.',
                file=doc.file,
                line=line,
                col=col,
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
                severity=Severity.WARNING,
                file=doc.file,
                line=line,
                col=col,
            )
        )
    if report_date is not None and report_date < dossier.window.start:
        line, col = doc.where(("report", "date"))
        findings.append(
            make(
                "D006",
                f"Ngày báo cáo {format_date(report_date)} trước khi bắt đầu tự chấm",
                "Sửa report.date.",
                severity=Severity.WARNING,
                file=doc.file,
                line=line,
                col=col,
            )
        )
    return findings


def check_division_files(loaded: LoadedDossier, dossier: Dossier, scope: Scope) -> list[Finding]:
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
                    file=file,
                    line=line,
                    col=col,
                    division=division_id,
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
                    file=broken,
                    line=1,
                    col=1,
                    division=division.id,
                )
            )
            continue
        findings.append(
            make(
                "D008",
                f"Đơn vị '{division.name}' được giao {len(leaves)} tiêu chí nhưng chưa có tệp "
                f"divisions/{division.id}.yaml",
                f'Chạy `parcli init "{loaded.root}" --force`: parcli tạo tệp còn thiếu, liệt '
                "kê sẵn các tiêu chí được giao, không ghi đè tệp đã có.",
                file="dossier.yaml",
                division=division.id,
            )
        )
    return findings


def sample_leftovers(dossier: Dossier) -> list[str]:
    """Fields of another agency's dossier that still hold the bundled example's values.

    Only a dossier that keeps the example's abbreviation (SGTVTXD, one Sở's own) counts: a real
    Sở of Lào Cai shares the example's parent and place.
    """
    agency = dossier.agency
    if agency.name == SAMPLE_AGENCY["name"] or agency.abbreviation != SAMPLE_AGENCY["abbreviation"]:
        return []
    values = {"agency.abbreviation": agency.abbreviation, "agency.parent": agency.parent}
    values["place"] = dossier.place
    keys = {"agency.abbreviation": "abbreviation", "agency.parent": "parent", "place": "place"}
    return [field for field, value in values.items() if value == SAMPLE_AGENCY[keys[field]]]


def _sample_leftovers(dossier: Dossier, doc: YamlDoc) -> list[Finding]:
    """D013: another agency's dossier still carrying the bundled example's fields."""
    fields = sample_leftovers(dossier)
    if not fields:
        return []
    line, col = doc.where(("agency", "abbreviation"))
    return [
        make(
            "D013",
            f"{', '.join(fields)} vẫn là giá trị của hồ sơ ví dụ (Sở GTVT-XD Lào Cai: "
            f"'{SAMPLE_AGENCY['abbreviation']}'), trong khi cơ quan là '{dossier.agency.name}'",
            f"Sửa {', '.join(fields)} trong dossier.yaml cho đúng cơ quan của bạn.",
            file=doc.file,
            line=line,
            col=col,
        )
    ]
