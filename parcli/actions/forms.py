"""Division forms as use cases: export the Excel forms, import them back, and bring division
files in line with the assignments (``parcli forms export``, ``forms import``, ``sync``).

Plain functions taking and returning dataclasses; the CLI only parses and prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcli.errors import DossierUnreadable, UsageError, WriteFailed
from parcli.findings import Finding, Severity
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.model import CriteriaSet, Dossier

if TYPE_CHECKING:  # openpyxl-free, but imported only when a command runs
    from parcli.formats.evidence_intake import Copy, IntakePlan
    from parcli.forms.apply import CriterionChange, FormImport
    from parcli.forms.export import AppraisalCells
    from parcli.scoring.appraisal import AppraisalView
    from parcli.scoring.scope import Scope

FORMS_DIR = "phieu"


@dataclasses.dataclass(frozen=True)
class ExportedForm:
    division: str
    path: Path
    leaves: int
    notes: int  # rows with something in "Ghi chú kiểm tra"


@dataclasses.dataclass(frozen=True)
class ExportResult:
    folder: Path
    forms: list[ExportedForm]
    skipped: list[tuple[str, str]]  # (division, why)


def _readable(loaded: LoadedDossier) -> tuple[Dossier, CriteriaSet]:
    if loaded.dossier is None or loaded.criteria is None:
        first = next((f for f in loaded.findings if f.severity is Severity.ERROR), None)
        detail = f" ({first.location}: {first.message})" if first else ""
        raise DossierUnreadable(
            f"Không đọc được hồ sơ {loaded.root}{detail}",
            "Chạy `parcli validate` và sửa các lỗi của dossier.yaml hoặc bộ tiêu chí trước.",
        )
    return loaded.dossier, loaded.criteria


def coordinator_name(dossier: Dossier) -> str:
    office = dossier.division(dossier.coordinator) if dossier.coordinator else None
    return office.name if office is not None else "Văn phòng Sở"


def default_forms_dir(root: Path, dossier: Dossier) -> Path:
    return root / dossier.build_dir / FORMS_DIR


def export_forms(
    root: Path,
    *,
    divisions: list[str] | None = None,
    out: Path | None = None,
    as_of: dt.date,
) -> ExportResult:
    """Write one form per division (those asked for, or every division that leads a leaf)."""
    from parcli.actions.assess import assess
    from parcli.forms.export import FormContent, LastYearCells, write_form
    from parcli.forms.layout import criteria_hash, form_file_name

    assessment = assess(root, as_of)
    loaded, report = assessment.loaded, assessment.report
    dossier, criteria = _readable(loaded)
    known = [d.id for d in dossier.divisions]
    unknown = [d for d in divisions or [] if d not in known]
    if unknown:
        raise UsageError(
            f"Không có đơn vị {', '.join(unknown)} trong dossier.yaml",
            f"Các mã đơn vị: {', '.join(known)}.",
        )
    assert report.scope is not None
    scope = report.scope
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    notes: dict[tuple[str, str], list[str]] = {}
    for f in report.findings:
        if f.division and f.criterion:
            notes.setdefault((f.division, f.criterion), []).append(
                f"{f.severity.label.capitalize()} {f.code}: {f.message}"
            )
    council = open_explanation(dossier, report.appraisal, as_of)
    for code, cells in (council or {}).items():
        if cells.requested:
            division_id = scope.lead.get(code)
            if division_id:
                notes.setdefault((division_id, code), []).insert(0, _request_note(dossier))
    last_year: dict[str, LastYearCells] | None = None
    if loaded.last_year is not None and report.scorecard is not None:
        from parcli.model import LAST_YEAR_FILE
        from parcli.scoring.compare import compare

        comparison = compare(
            loaded.last_year, report.scorecard, loaded.appraisal, dossier.year, LAST_YEAR_FILE
        )
        last_year = {r.code: LastYearCells(r.last.value, r.last_reason) for r in comparison.leaves}
    folder = (out if out is not None else default_forms_dir(loaded.root, dossier)).resolve()
    chash = criteria_hash(criteria)
    result = ExportResult(folder=folder, forms=[], skipped=[])
    for division in dossier.divisions:
        if divisions and division.id not in divisions:
            continue
        mine = [leaves[c] for c in scope.leaves_of(division.id)]
        if not mine:
            result.skipped.append((division.id, "không được giao tiêu chí nào"))
            continue
        if division.id in loaded.broken_files or (
            division.id not in loaded.divisions
            and (loaded.root / "divisions").is_dir()
            and any(p.stem == division.id for p in (loaded.root / "divisions").iterdir())
        ):
            result.skipped.append(
                (
                    division.id,
                    f"tệp divisions/{division.id}.yaml có lỗi, "
                    "chưa đọc được (chạy parcli validate)",
                )
            )
            continue
        answers = (
            dict(loaded.divisions[division.id].answers) if (division.id in loaded.divisions) else {}
        )
        content = FormContent(
            dossier=dossier,
            criteria=criteria,
            criteria_hash=chash,
            division=division,
            leaves=mine,
            answers=answers,
            notes={
                code: notes.get((division.id, code), []) for code in scope.leaves_of(division.id)
            },
            coordinator=coordinator_name(dossier),
            day=as_of,
            last_year=last_year,
            last_year_no=loaded.last_year.year if loaded.last_year is not None else None,
            appraisal=council
            if council is not None
            and any(council[c.code].explain for c in mine if c.code in council)
            else None,
            explanation_before=dossier.appraisal.explanation_before if dossier.appraisal else None,
        )
        path = folder / form_file_name(division.id, dossier.year)
        try:
            write_form(content, path)
        except OSError as exc:
            raise _write_failed(path, exc) from None
        result.forms.append(
            ExportedForm(
                division.id,
                path,
                len(mine),
                sum(1 for c in mine if notes.get((division.id, c.code))),
            )
        )
    return result


def open_explanation(
    dossier: Dossier, view: AppraisalView | None, as_of: dt.date
) -> dict[str, AppraisalCells] | None:
    """Round 1 per leaf while the Sở must still answer it: ``appraisal.yaml`` lists leaves for
    the báo cáo giải trình (a deduction or a request), the report is not sent
    (``appraisal.explanation_sent_on``), round 2 is not received, and round 1 is received
    (``appraisal.round1_received``, when written) by ``as_of``. None otherwise."""
    from parcli.forms.export import AppraisalCells

    if view is None or not view.explained():
        return None
    schedule = dossier.appraisal
    if schedule is not None:
        if schedule.explanation_sent_on is not None or schedule.round2_received is not None:
            return None
        if schedule.round1_received is not None and as_of < schedule.round1_received:
            return None
    return {
        r.code: AppraisalCells(
            r.round1,
            r.appraised.round1_opinion if r.appraised else None,
            r.requested,
            r.in_explanation,
        )
        for r in view.rows
    }


def _request_note(dossier: Dossier) -> str:
    from parcli.text import format_date

    due = dossier.appraisal.explanation_before if dossier.appraisal else None
    when = f" (gửi trước ngày {format_date(due)})" if due else ""
    return (
        f'Hội đồng thẩm định yêu cầu giải trình{when}: điền cột "Giải trình (thẩm định)" và '
        '"Tài liệu kiểm chứng bổ sung".'
    )


# --------------------------------------------------------------------------- import


@dataclasses.dataclass
class FormOutcome:
    """One imported form: what it changes in which division file, and whether it was written."""

    file: str  # the form's file name
    division: str | None
    division_file: str | None  # divisions/<id>.yaml
    changes: list[CriterionChange]
    findings: list[Finding]
    notes: list[str]  # comments moved, new file created
    written: bool = False
    unreadable: bool = False

    @property
    def blocked(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


@dataclasses.dataclass
class ImportResult:
    outcomes: list[FormOutcome]
    evidence: list[Copy]
    evidence_findings: list[Finding]
    validation: list[Finding]  # validate's findings for the imported divisions, after import
    dry_run: bool

    @property
    def unreadable(self) -> bool:
        return any(o.unreadable for o in self.outcomes)

    @property
    def has_errors(self) -> bool:
        return any(o.blocked for o in self.outcomes) or any(
            f.severity is Severity.ERROR for f in self.validation + self.evidence_findings
        )


UNREADABLE_CODES = ("F001", "F002", "F003", "F004", "F005", "F010")


def expand_forms(paths: list[Path]) -> list[Path]:
    """The forms to import: a folder stands for the .xlsx files in it (Excel's "~$" lock files
    left out)."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".xlsx", ".xlsm")
                and not p.name.startswith(("~$", "."))
                and p.is_file()
            )
            if not found:
                raise UsageError(
                    f"Thư mục {path} không có tệp .xlsx nào",
                    "Chỉ tới các phiếu .xlsx, hoặc thư mục chứa chúng.",
                )
            result.extend(found)
        else:
            result.append(path)
    return result


def _stub_maker(dossier: Dossier, criteria: CriteriaSet, division_id: str) -> Any:
    from parcli.actions.init import answer_stub

    division = dossier.division(division_id)
    assert division is not None
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}

    def stub(code: str) -> list[str]:
        return answer_stub(division, leaves[code], dossier.year, dossier.agency.abbreviation)

    return stub


@dataclasses.dataclass
class _ImportRun:
    """What ``import_forms`` knows and collects while it goes through the forms."""

    loaded: LoadedDossier
    dossier: Dossier
    criteria: CriteriaSet
    scope: Scope
    chash: str
    evidence: Path | None
    dry_run: bool
    copies: list[Copy] = dataclasses.field(default_factory=list)
    evidence_findings: list[Finding] = dataclasses.field(default_factory=list)
    new_texts: dict[str, str] = dataclasses.field(default_factory=dict)  # file -> new text
    done: dict[str, str] = dataclasses.field(default_factory=dict)  # division -> form file
    arriving: set[str] = dataclasses.field(default_factory=set)  # --dry-run: evidence copied


def import_forms(
    root: Path,
    files: list[Path],
    *,
    evidence: Path | None = None,
    dry_run: bool = False,
    as_of: dt.date,
) -> ImportResult:
    """Read each form, change the division files it changes, validate those divisions.

    A form with an error of its own (unreadable, another dossier, unknown or duplicated code,
    unreadable score, bad evidence line, evidence conflict) changes nothing; the other forms
    are still imported. Content findings (score above the maximum, missing file…) are
    validate's, printed after the import like ``parcli validate`` prints them.
    """
    from parcli.forms.layout import criteria_hash
    from parcli.scoring.scope import resolve_scope

    files = expand_forms(files)
    _check_evidence_option(files, evidence)
    loaded = load_dossier(root)
    dossier, criteria = _readable(loaded)
    scope = resolve_scope(dossier, criteria, loaded.docs.get("dossier.yaml"))
    run = _ImportRun(loaded, dossier, criteria, scope, criteria_hash(criteria), evidence, dry_run)
    outcomes = [_import_form(run, root, path) for path in files]
    validation = _validate_after(
        loaded, run.new_texts, {o.division for o in outcomes if o.division}, as_of
    )
    if run.arriving:  # --dry-run: files that would be copied are not "missing"
        validation = [
            f
            for f in validation
            if not (f.code in ("E001", "E008") and any(f"'{p}'" in f.message for p in run.arriving))
        ]
    return ImportResult(outcomes, run.copies, run.evidence_findings, validation, dry_run)


def _check_evidence_option(files: list[Path], evidence: Path | None) -> None:
    """--evidence goes with exactly one form, and must exist."""
    if evidence is not None and len(files) != 1:
        raise UsageError(
            "--evidence chỉ dùng khi nhập một phiếu (tài liệu gửi kèm thuộc về một đơn vị)",
            "Nhập từng phiếu cùng tài liệu của đơn vị đó: parcli forms import phieu.xlsx "
            "--evidence tai-lieu.zip",
        )
    if evidence is not None and not evidence.exists():
        raise UsageError(
            f"Không tìm thấy {evidence} (--evidence)",
            "Chỉ tới thư mục hoặc tệp .zip tài liệu đơn vị gửi.",
        )


def _import_form(run: _ImportRun, root: Path, path: Path) -> FormOutcome:
    """One form: read, compare, refuse or take its evidence, then edit its division file."""
    from parcli.forms.apply import apply_form
    from parcli.forms.read import read_form

    loaded = run.loaded
    form = read_form(path)
    current: dict[str, Any] = {}
    division = form.identity.get("division")
    if division and division in loaded.divisions:
        current = dict(loaded.divisions[division].answers)
    imp = apply_form(form, run.dossier, run.criteria, run.chash, run.scope.lead, current)
    outcome = FormOutcome(
        file=form.display,
        division=imp.division,
        division_file=None,
        changes=imp.changes,
        findings=imp.findings,
        notes=[],
        unreadable=any(f.code in UNREADABLE_CODES for f in imp.findings),
    )
    if imp.division is None:
        return outcome
    display = f"divisions/{imp.division}.yaml"
    outcome.division_file = display
    if _refused_division(run, root, outcome, imp.division, display):
        return outcome
    plan = _plan_evidence(run, outcome, imp.division)
    if outcome.blocked:
        return outcome
    if plan is not None:
        _take_evidence(run, plan)
    if imp.changes:
        _edit_division_file(run, outcome, imp, current, display)
    return outcome


def _refused_division(
    run: _ImportRun, root: Path, outcome: FormOutcome, division: str, display: str
) -> bool:
    """A second form of a division, or a division file that does not read: say so (True)."""
    if division in run.done:
        outcome.findings.append(
            _finding(
                "F008",
                f"Phiếu {outcome.file} và {run.done[division]} cùng là của đơn vị "
                f"'{division}'; phiếu này không được nhập",
                "Nhập từng phiếu một, phiếu mới nhất sau cùng.",
                outcome.file,
                division,
            )
        )
        return True
    run.done[division] = outcome.file
    loaded = run.loaded
    stem_broken = division in loaded.broken_files or (
        division not in loaded.divisions and (root / display).exists()
    )
    if stem_broken:  # its answers are unknown: compare nothing, change nothing
        outcome.findings[:] = [f for f in outcome.findings if f.code != "F025"]
        outcome.changes.clear()
        outcome.findings.append(
            _finding(
                "F024",
                f"Tệp {display} đang có lỗi, chưa đọc được; parcli không sửa tệp này",
                "Chạy `parcli validate`, sửa lỗi của tệp rồi nhập lại phiếu.",
                outcome.file,
                division,
            )
        )
        return True
    return False


def _plan_evidence(run: _ImportRun, outcome: FormOutcome, division: str) -> IntakePlan | None:
    """What --evidence would copy into the division's folder; its errors block the form."""
    from parcli.formats.evidence_intake import plan_intake
    from parcli.forms.layout import division_folder

    if run.evidence is None:
        return None
    plan = plan_intake(run.evidence, run.loaded.root, division_folder(division), division=division)
    run.evidence_findings.extend(plan.findings)
    if any(f.severity is Severity.ERROR for f in plan.findings):
        outcome.findings.append(
            _finding(
                "F020",
                f"Tài liệu gửi kèm ({run.evidence.name}) có lỗi; phiếu chưa được nhập",
                "Xem các lỗi về tài liệu ở trên.",
                outcome.file,
                division,
            )
        )
    return plan


def _take_evidence(run: _ImportRun, plan: IntakePlan) -> None:
    """Copy the evidence (or, with --dry-run, note what would arrive)."""
    from parcli.formats.evidence_intake import carry_out

    run.copies.extend(plan.copies)
    if not run.dry_run:
        try:
            carry_out(plan, run.loaded.root)
        except OSError as exc:
            raise _write_failed(Path(exc.filename or plan.folder), exc) from None
    else:
        run.arriving.update(c.dest for c in plan.copies if c.action == "new")


def _edit_division_file(
    run: _ImportRun,
    outcome: FormOutcome,
    imp: FormImport,
    current: dict[str, Any],
    display: str,
) -> None:
    """Write the form's changes into divisions/<id>.yaml (a new file if there is none)."""
    from parcli.errors import EditFailed
    from parcli.formats.atomic import write_atomic
    from parcli.formats.division_edit import edit_answers, verify

    assert imp.division is not None
    dossier, criteria = run.dossier, run.criteria
    file_path = run.loaded.root / display
    expected = imp.answers
    if file_path.exists():
        text = file_path.read_text(encoding="utf-8")
    else:  # a new file, as parcli init and parcli sync write it, then filled in
        text, current = _new_division_file(run, imp.division)
        expected = {**current, **imp.answers}
        outcome.notes.append(f"tạo tệp mới {display}")
    try:
        edit = edit_answers(
            text, display, current, expected, _stub_maker(dossier, criteria, imp.division)
        )
        verify(edit.text, display, expected)
    except EditFailed as exc:
        outcome.findings.append(
            _finding(
                "F024",
                f"{exc}; tệp không được sửa",
                "Sửa tệp bằng tay theo các thay đổi "
                "in ở trên, hoặc gửi tệp cho người bảo trì parcli.",
                outcome.file,
                imp.division,
            )
        )
        return
    outcome.notes.extend(edit.notes)
    run.new_texts[display] = edit.text
    if not run.dry_run:
        try:
            write_atomic(file_path, edit.text)
        except OSError as exc:
            raise _write_failed(file_path, exc) from None
        outcome.written = True


def _new_division_file(run: _ImportRun, division: str) -> tuple[str, dict[str, Any]]:
    """The text parcli init writes for a division, and its (empty) answers."""
    from parcli.actions.init import division_file_text
    from parcli.model import Answer

    dossier = run.dossier
    div = dossier.division(division)
    assert div is not None
    leaves = {leaf.code: leaf for leaf in run.criteria.leaves()}
    mine = run.scope.leaves_of(division)
    text = division_file_text(
        div, [leaves[c] for c in mine], dossier.year, dossier.agency.abbreviation
    )
    return text, {c: Answer() for c in mine}


def _write_failed(path: Path, exc: OSError) -> WriteFailed:
    return WriteFailed(
        f"Không ghi được {path} ({exc.strerror or exc})",
        "Đóng tệp nếu đang mở bằng Excel hoặc Notepad, kiểm tra quyền ghi và chỗ trống trên "
        "đĩa, rồi chạy lại lệnh.",
    )


def _finding(code: str, message: str, hint: str, file: str, division: str | None) -> Finding:
    from parcli.findings import make

    return make(code, message, hint, file=file, division=division)


def _validate_after(
    loaded: LoadedDossier, new_texts: dict[str, str], divisions: set[str], as_of: dt.date
) -> list[Finding]:
    """validate's findings for ``divisions``, as if ``new_texts`` were written."""
    from parcli.formats.loading import division_from_doc
    from parcli.formats.yamlio import parse_yaml
    from parcli.rules import validate

    state = dataclasses.replace(
        loaded,
        divisions=dict(loaded.divisions),
        division_files=dict(loaded.division_files),
        docs=dict(loaded.docs),
        findings=list(loaded.findings),
        failed_answers=set(loaded.failed_answers),
    )
    for display, text in new_texts.items():
        model, doc, errors, failed = division_from_doc(parse_yaml(text, display), display)
        state.findings = [f for f in state.findings if f.file != display] + errors
        state.docs[display] = doc
        if model is not None:
            state.divisions[model.division] = model
            state.division_files[model.division] = display
            state.failed_answers = {
                (d, c) for d, c in state.failed_answers if d != model.division
            } | {(model.division, c) for c in failed}
    report = validate(state, as_of)
    return [f for f in report.findings if f.division in divisions]


# --------------------------------------------------------------------------- sync


@dataclasses.dataclass
class SyncedFile:
    division: str
    file: str
    created: bool
    added: list[str]  # leaf codes that got an empty answer
    kept: list[tuple[str, str | None]]  # answers for leaves no longer led: (code, new lead)
    written: bool = False


@dataclasses.dataclass
class SyncResult:
    files: list[SyncedFile]
    skipped: list[tuple[str, str]]  # (file, why)
    dry_run: bool

    @property
    def changed(self) -> list[SyncedFile]:
        return [f for f in self.files if f.created or f.added]


def sync_divisions(root: Path, *, dry_run: bool = False) -> SyncResult:
    """Bring every division file in line with the assignments: an empty answer for every leaf
    a division now leads; nothing is ever deleted (answers for leaves it no longer leads are
    kept and reported)."""
    from parcli.actions.init import division_file_text
    from parcli.errors import EditFailed
    from parcli.formats.atomic import write_atomic
    from parcli.formats.division_edit import add_stubs, verify
    from parcli.model import Answer
    from parcli.scoring.scope import resolve_scope
    from parcli.text import code_key

    loaded = load_dossier(root)
    dossier, criteria = _readable(loaded)
    scope = resolve_scope(dossier, criteria, loaded.docs.get("dossier.yaml"))
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    order = {code: i for i, code in enumerate(leaves)}
    result = SyncResult(files=[], skipped=[], dry_run=dry_run)
    known = {d.id for d in dossier.divisions}
    for division_id, display in sorted(loaded.division_files.items()):
        if division_id not in known:
            result.skipped.append(
                (
                    display,
                    f"đơn vị '{division_id}' không có trong dossier.yaml; tệp được giữ nguyên",
                )
            )
    for division in dossier.divisions:
        display = f"divisions/{division.id}.yaml"
        path = loaded.root / display
        mine = scope.leaves_of(division.id)
        if division.id in loaded.broken_files or (
            division.id not in loaded.divisions and path.exists()
        ):
            result.skipped.append((display, "tệp có lỗi, chưa đọc được (chạy parcli validate)"))
            continue
        if division.id not in loaded.divisions:
            text = division_file_text(
                division, [leaves[c] for c in mine], dossier.year, dossier.agency.abbreviation
            )
            synced = SyncedFile(division.id, display, True, list(mine), [])
            result.files.append(synced)
            if not dry_run:
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    write_atomic(path, text)
                except OSError as exc:
                    raise _write_failed(path, exc) from None
                synced.written = True
            continue
        answers = loaded.divisions[division.id].answers
        added = [c for c in mine if c not in answers]
        kept = [
            (c, scope.lead.get(c))
            for c in answers
            if c in leaves and scope.lead.get(c) != division.id
        ]
        synced = SyncedFile(division.id, display, False, added, kept)
        result.files.append(synced)
        if not added:
            continue
        stub = _stub_maker(dossier, criteria, division.id)
        original = path.read_text(encoding="utf-8")
        try:
            text = add_stubs(
                original,
                display,
                [(c, stub(c)) for c in added],
                lambda c: (order.get(c, len(order)), code_key(c)),
            )
            verify(text, display, {**answers, **{c: Answer() for c in added}})
        except EditFailed as exc:
            result.files.pop()
            result.skipped.append((display, str(exc)))
            continue
        if not dry_run:
            try:
                write_atomic(path, text)
            except OSError as exc:
                raise _write_failed(path, exc) from None
            synced.written = True
    return result
