"""``parcli survey`` as plain functions: the register's status, its export, bulk status updates.

The register (``survey.yaml``) holds personal data (e-mails, phones; Nghị định 13/2023/NĐ-CP).
Only these use cases read those fields out: the export for the Sở Nội vụ and the chase list of
the status. Nothing here touches the self-assessment package.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import tempfile
from pathlib import Path

from parcli.errors import (
    DossierUnreadable,
    SurveyNotFound,
    SurveyUnreadable,
    SurveyWriteFailed,
    os_reason,
)
from parcli.findings import Finding, Severity
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.formats.survey import LoadedSurvey
from parcli.model import Dossier, SurveyRegister
from parcli.model.survey import SURVEY_FILE
from parcli.package.writer import ascii_slug
from parcli.rules.survey import check_survey
from parcli.scoring.progress import SurveyProgress, survey_progress

EXPORT_DIR = "dieu-tra-xhh"


@dataclasses.dataclass(frozen=True)
class OpenRegister:
    """A dossier with a usable register, and the findings of the register's checks."""

    loaded: LoadedDossier
    survey: LoadedSurvey
    dossier: Dossier
    register: SurveyRegister
    findings: list[Finding]  # survey.yaml's own findings (reading and rules)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def open_register(root: Path, as_of: dt.date) -> OpenRegister:
    """Load the dossier and its register; raises when either cannot be used."""
    loaded = load_dossier(root)
    if loaded.dossier is None:
        first = next((f for f in loaded.findings if f.severity is Severity.ERROR), None)
        where = f" ({first.location}: {first.message})" if first else ""
        raise DossierUnreadable(
            f"Không đọc được dossier.yaml{where}", "Chạy `parcli validate` để xem mọi lỗi."
        )
    survey = loaded.survey
    if survey is None:
        raise SurveyNotFound(
            f"Hồ sơ {loaded.root} chưa có danh sách khảo sát ({SURVEY_FILE})",
            "Tạo survey.yaml theo hướng dẫn docs/survey.md (xem tệp của hồ sơ ví dụ: parcli "
            "init vi-du --example).",
        )
    if survey.register is None:
        first = next((f for f in survey.findings if f.severity is Severity.ERROR), None)
        where = f" ({first.location}: {first.message})" if first else ""
        raise SurveyUnreadable(
            f"Không dùng được {SURVEY_FILE}{where}",
            "Chạy `parcli validate` để xem mọi lỗi của tệp.",
        )
    findings = list(survey.findings) + check_survey(survey, loaded.dossier, as_of)
    return OpenRegister(loaded, survey, loaded.dossier, survey.register, findings)


def register_status(root: Path, as_of: dt.date) -> tuple[OpenRegister, SurveyProgress]:
    opened = open_register(root, as_of)
    return opened, survey_progress(opened.register, opened.dossier, as_of)


# --------------------------------------------------------------------------- export


@dataclasses.dataclass(frozen=True)
class ExportResult:
    xlsx: Path
    docx: Path
    official: int
    reserve: int
    findings: list[Finding]  # the register's findings (errors are worth fixing before sending)


def export_names(dossier: Dossier) -> tuple[str, str]:
    stem = f"danh-sach-dieu-tra-xhh-{dossier.year}-{ascii_slug(dossier.agency.abbreviation)}"
    return stem + ".xlsx", stem + ".docx"


def export_register(root: Path, as_of: dt.date, out: Path | None = None) -> ExportResult:
    """Write the list for the Sở Nội vụ (xlsx and docx) into ``<build>/dieu-tra-xhh/``."""
    from parcli.render.survey.docx import survey_docx_bytes
    from parcli.render.survey.rows import survey_list
    from parcli.render.survey.xlsx import survey_xlsx_bytes

    opened = open_register(root, as_of)
    dossier = opened.dossier
    data = survey_list(opened.register, dossier)
    folder = (
        out.expanduser().resolve()
        if out is not None
        else (opened.loaded.root / dossier.build_dir.replace("\\", "/") / EXPORT_DIR).resolve()
    )
    xlsx_name, docx_name = export_names(dossier)
    outputs = [
        (folder / xlsx_name, survey_xlsx_bytes(data)),
        (folder / docx_name, survey_docx_bytes(data)),
    ]
    write_atomically(outputs)
    return ExportResult(
        folder / xlsx_name,
        folder / docx_name,
        len(data.official),
        len(data.reserve),
        opened.findings,
    )


def write_atomically(outputs: list[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary name first, then move each into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, content in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".parcli-", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.chmod(tmp, 0o644)
        for tmp_path, path in temps:
            os.replace(tmp_path, path)
    except OSError as exc:
        raise SurveyWriteFailed(
            f"Không ghi được {exc.filename or 'tệp'}: {os_reason(exc)}",
            "Đóng tệp nếu đang mở trong Excel/Word, kiểm tra quyền ghi rồi chạy lại.",
        ) from None
    finally:
        for tmp_path, _ in temps:
            with contextlib.suppress(OSError):
                tmp_path.unlink()
