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
from parcli.formats.answer_list import ListEntry
from parcli.formats.atomic import new_mode
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.formats.survey import LoadedSurvey
from parcli.model import Dossier, Status, SurveyRegister
from parcli.model.survey import SURVEY_FILE
from parcli.package.writer import ascii_slug
from parcli.rules.survey import check_survey, email_key
from parcli.scoring.progress import SurveyProgress, survey_progress
from parcli.text import fold, format_date, parse_date

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
            "Tạo survey.yaml theo hướng dẫn `parcli docs survey` (xem tệp của hồ sơ ví dụ: parcli "
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
            os.chmod(tmp, new_mode())  # mkstemp makes the file private to its owner
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


# --------------------------------------------------------------------------- bulk update


@dataclasses.dataclass(frozen=True)
class Change:
    index: int  # in the register's respondents (the model)
    row: int  # in survey.yaml's respondents (the file; differs when one could not be read)
    line: int | None
    name: str
    position: str
    old: Status
    new: Status
    fields: dict[str, str]  # what is written: status, answered_on, sent_on
    source: str  # where in the list ("dòng 3")

    @property
    def text(self) -> str:
        day = self.fields.get("answered_on") or self.fields.get("sent_on")
        what = (
            f"{self.old.label} → {self.new.label}"
            if self.old is not self.new
            else f"{self.new.label} (thêm ngày)"
        )
        return f"{self.name} ({self.position}): {what}" + (f", ngày {day}" if day else "")


@dataclasses.dataclass(frozen=True)
class UpdateResult:
    changes: list[Change]
    unchanged: list[str]  # names already at the status the list gives
    kept: list[str]  # answered in the register, "not answered" in the list: left as is
    unknown: list[str]  # e-mails of the list that are not in the register ("x@y.vn (dòng 4)")
    unmatched: list[str]  # lines without an e-mail that match no name (headings, notes…)
    ambiguous: list[str]  # names matching several respondents
    entries: int  # entries read from the list
    written: bool
    register_errors: int


def update_register(
    root: Path,
    entries: list[ListEntry],
    *,
    default: Status,
    day: dt.date,
    as_of: dt.date,
    dry_run: bool,
) -> UpdateResult:
    """Set statuses from ``entries`` (the list received); write survey.yaml unless ``dry_run``.

    Statuses only move forward (chưa gửi → đã gửi → đã trả lời): a list saying someone has not
    answered never undoes an answer. Running the same list twice changes nothing.
    """
    opened = open_register(root, as_of)
    respondents = opened.register.respondents
    by_email: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(respondents):
        key = email_key(r.email)
        if key:
            by_email.setdefault(key, []).append(i)
        by_name.setdefault(fold(r.name), []).append(i)
    wanted: dict[int, tuple[Status, dt.date, str]] = {}
    unknown: list[str] = []
    unmatched: list[str] = []
    ambiguous: list[str] = []
    for entry in entries:
        target = entry.status or default
        if target is Status.NOT_SENT:
            continue
        matches = _match(entry, by_email, by_name, (unknown, unmatched, ambiguous))
        for i in matches:
            previous = wanted.get(i)
            if previous is None or target.rank > previous[0].rank:
                wanted[i] = (target, entry.day or day, entry.where)
    changes, unchanged, kept = _plan(opened, wanted)
    written = False
    if changes and not dry_run:
        _write_changes(opened, changes)
        written = True
    return UpdateResult(
        changes,
        unchanged,
        kept,
        unknown,
        unmatched,
        ambiguous,
        len(entries),
        written,
        opened.errors,
    )


def _match(
    entry: ListEntry,
    by_email: dict[str, list[int]],
    by_name: dict[str, list[int]],
    notes: tuple[list[str], list[str], list[str]],
) -> list[int]:
    unknown, unmatched, ambiguous = notes
    if entry.email is not None:
        found = by_email.get(email_key(entry.email) or "", [])
        if not found:
            unknown.append(f"{entry.email} ({entry.where})")
        return found
    for name in entry.names:
        found = by_name.get(fold(name), [])
        if len(found) == 1:
            return found
        if len(found) > 1:
            ambiguous.append(f"{name} ({entry.where}): {len(found)} người cùng tên, ghi e-mail")
            return []
    unmatched.append(f"{' | '.join(entry.names)[:80]} ({entry.where})")
    return []


def _plan(
    opened: OpenRegister, wanted: dict[int, tuple[Status, dt.date, str]]
) -> tuple[list[Change], list[str], list[str]]:
    doc = opened.survey.view or opened.survey.doc
    rows = opened.survey.rows
    changes: list[Change] = []
    unchanged: list[str] = []
    kept: list[str] = []
    for i in sorted(wanted):
        target, day, where = wanted[i]
        r = opened.register.respondents[i]
        fields: dict[str, str] = {}
        if r.status.rank > target.rank:
            kept.append(
                f"{r.name} ({r.position}): sổ ghi {r.status.label}, danh sách ({where}) "
                f"ghi {target.label}"
            )
            continue
        if r.status is not target:
            fields["status"] = target.value
        if target is Status.ANSWERED and r.answered_on is None:
            fields["answered_on"] = format_date(day)
        if target is Status.SENT and r.sent_on is None:
            fields["sent_on"] = format_date(day)
        if not fields:
            unchanged.append(r.name)
            continue
        line = doc.where(("respondents", i))[0]
        changes.append(
            Change(i, rows[i], line, r.name, r.position, r.status, target, fields, where)
        )
    return changes, unchanged, kept


def _write_changes(opened: OpenRegister, changes: list[Change]) -> None:
    from parcli.errors import YamlEditError
    from parcli.formats.yamledit import FieldEdit, apply_edits

    path = opened.loaded.root / SURVEY_FILE
    try:
        raw = path.read_bytes()
        mode = path.stat().st_mode & 0o777
    except OSError as exc:
        raise SurveyWriteFailed(f"Không đọc được {SURVEY_FILE}: {os_reason(exc)}") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    edits = [
        FieldEdit(("respondents", c.row), key, value)
        for c in changes
        for key, value in c.fields.items()
    ]
    try:
        new_text = apply_edits(text, edits)
    except YamlEditError as exc:
        raise SurveyWriteFailed(
            f"Không sửa được {SURVEY_FILE}: {exc}", "Sửa trạng thái bằng tay trong tệp."
        ) from None
    _check_edit(new_text, opened, changes)
    data = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    write_atomically([(path, data)])
    os.chmod(path, mode)


def _check_edit(new_text: str, opened: OpenRegister, changes: list[Change]) -> None:
    """The edited text must read back as the same register with exactly the new values."""
    from parcli.formats.survey import parse_register
    from parcli.formats.yamlio import parse_yaml

    doc = parse_yaml(new_text, SURVEY_FILE)
    register, rows, _, errors = parse_register(doc) if doc.data is not None else (None, [], doc, [])
    before = parse_register(opened.survey.doc)[3]
    expected = list(opened.register.respondents)
    for c in changes:
        updates: dict[str, object] = {"status": Status(c.fields.get("status", c.old.value))}
        for key in ("answered_on", "sent_on"):
            if key in c.fields:
                updates[key] = parse_date(c.fields[key])
        expected[c.index] = expected[c.index].model_copy(update=updates)
    if (
        len(doc.findings) != len(opened.survey.doc.findings)
        or len(errors) != len(before)
        or rows != opened.survey.rows
        or register is None
        or register.respondents != expected
        or register.model_copy(update={"respondents": []})
        != opened.register.model_copy(update={"respondents": []})
    ):
        raise SurveyWriteFailed(
            f"Bản sửa {SURVEY_FILE} đọc lại không khớp; parcli không ghi gì",
            "Sửa trạng thái bằng tay trong tệp, hoặc báo người bảo trì parcli kèm tệp (đã xóa "
            "dữ liệu cá nhân).",
        )
