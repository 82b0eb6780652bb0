"""File and folder names of a package, and the date its report carries."""

from __future__ import annotations

import dataclasses
import datetime as dt

from parcli.model import Dossier
from parcli.package.writer import ascii_slug
from parcli.text import format_date

DRAFT_PREFIX = "BAN-NHAP-"


@dataclasses.dataclass(frozen=True)
class PackageNames:
    """File and folder names of a package (ASCII; "BAN-NHAP-" in front for a draft)."""

    package: str  # ho-so-par-index-2023-SGTVTXD
    report: str  # bao-cao-tu-danh-gia-2023.docx
    appendix: str  # phu-bieu-tu-danh-gia-2023.xlsx

    @property
    def zip(self) -> str:
        return self.package + ".zip"


ABBREVIATION_CHARS = 30  # of the agency's abbreviation in the package name


def package_names(dossier: Dossier, *, draft: bool) -> PackageNames:
    prefix = DRAFT_PREFIX if draft else ""
    year = dossier.year
    short = ascii_slug(dossier.agency.abbreviation)[:ABBREVIATION_CHARS].rstrip("-") or "x"
    return PackageNames(
        package=f"{prefix}ho-so-par-index-{year}-{short}",
        report=f"{prefix}bao-cao-tu-danh-gia-{year}.docx",
        appendix=f"{prefix}phu-bieu-tu-danh-gia-{year}.xlsx",
    )


def report_date(dossier: Dossier) -> tuple[dt.date, str]:
    """The date on the report and where it comes from: report.date, submitted_on, window.end.

    Never the clock: building the same dossier again gives the same documents.
    """
    if dossier.report.date is not None:
        return dossier.report.date, "report.date"
    if dossier.submitted_on is not None:
        return dossier.submitted_on, "submitted_on"
    return dossier.window.end, "window.end"


def report_date_note(day: dt.date, source: str) -> str:
    """One Vietnamese line saying which date the report carries and why."""
    if source == "report.date":
        return f"Ngày báo cáo: {format_date(day)} (report.date trong dossier.yaml)."
    if source == "submitted_on":
        return (
            f"Ngày báo cáo: {format_date(day)}, lấy theo ngày gửi (submitted_on) vì "
            "dossier.yaml chưa có report.date."
        )
    return (
        f"Ngày báo cáo: {format_date(day)}, lấy theo ngày kết thúc thời gian tự chấm "
        "(window.end) vì dossier.yaml chưa có report.date và submitted_on."
    )
