"""``parcli init NEW --from OLD``: a new year's dossier from last year's.

Carried over: the agency, the divisions, the coordinator, the assignments and the report fields
that do not change with the year (Kính gửi, Nơi nhận, dòng Lưu, người ký). The year becomes
``--year`` (default: last year + 1); the window, the deadline, the evidence period and the
appraisal round's deadline move by the same number of years (29/02 becomes 28/02). Cleared: the
report's number, date, basis, solutions, difficulties and proposals, the submission and
appraisal facts (sent on, received on), and every score. Last year's result is written to
``last_year.yaml``; with another criteria set, codes follow :mod:`parcli.criteria.mapping` and
whatever cannot be matched is listed and left unassigned.

Nothing is ever written into OLD; NEW must be a new (or empty) folder outside OLD.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from parcli.actions.init import GITIGNORE, InitResult, check_target, write_new
from parcli.actions.last_year import last_year_of
from parcli.criteria.mapping import AssignmentMapping, CodeMapping, map_assignments, map_codes
from parcli.errors import BuildFailed, UsageError, os_reason
from parcli.findings import Severity
from parcli.formats.atomic import new_mode
from parcli.formats.loading import LoadedDossier, load_criteria, load_dossier
from parcli.formats.yamlwrite import dump_yaml
from parcli.model import (
    BASIS_LABELS,
    LAST_YEAR_FILE,
    AppraisalSchedule,
    CriteriaSet,
    Dossier,
    ExplanationReport,
    LastYearFile,
    Period,
    Report,
)
from parcli.resources import data_dir, shipped_criteria
from parcli.text import format_date, format_decimal


@dataclasses.dataclass
class NewYearResult:
    files: InitResult
    old_root: Path
    old_year: int
    dossier: Dossier
    last_year: LastYearFile
    mapping: CodeMapping
    assignments: AssignmentMapping
    shifted: list[tuple[str, dt.date, dt.date]]  # field, old date, new date
    cleared: list[str]  # fields emptied
    old_errors: int  # errors in last year's dossier (what could be read was carried)
    dry_run: bool


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29/02 becomes 28/02 in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _same_or_inside(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


def _target_criteria(
    old_loaded: LoadedDossier, choice: str | None
) -> tuple[str, CriteriaSet, Path | None]:
    """The new dossier's ``criteria`` value, the set, and a file to copy into NEW (or None)."""
    old = old_loaded.dossier
    assert old is not None and old_loaded.criteria is not None
    name = choice or old.criteria
    if name in shipped_criteria():
        path = shipped_criteria()[name]
        copy_from = None
    else:
        base = old_loaded.root if choice is None else Path.cwd()
        path = (base / name.replace("\\", "/")).resolve()
        if not path.is_file():
            known = ", ".join(shipped_criteria())
            raise UsageError(
                f"Không có bộ tiêu chí '{name}'",
                f"Dùng một bộ có sẵn ({known}) hoặc đường dẫn tới tệp .yaml của bộ tiêu chí.",
            )
        copy_from = path
        name = (
            path.relative_to(old_loaded.root).as_posix()
            if choice is None and old_loaded.root in path.parents
            else path.name
        )
        if name in ("dossier.yaml", LAST_YEAR_FILE, ".gitignore") or name.startswith(
            ("divisions/", "evidence/")
        ):
            name = "criteria.yaml"  # never in the place of another file of the dossier
    if choice is None and copy_from is None:
        return name, old_loaded.criteria, None
    criteria, _, findings = load_criteria(path, name)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if criteria is None or errors:
        first = (errors or findings)[0].message if (errors or findings) else ""
        raise UsageError(f"Bộ tiêu chí {name} không đọc được: {first}")
    return name, criteria, copy_from


def _shift_dossier(
    old: Dossier, year: int, criteria: str, assignments: dict[str, list[str]]
) -> tuple[Dossier, list[tuple[str, dt.date, dt.date]], list[str]]:
    years = year - old.year
    shifted: list[tuple[str, dt.date, dt.date]] = []

    def move(label: str, day: dt.date) -> dt.date:
        new = shift_years(day, years)
        shifted.append((label, day, new))
        return new

    window = Period(
        start=move("window.start", old.window.start), end=move("window.end", old.window.end)
    )
    submit_before = move("submit_before", old.submit_before)
    evidence = None
    if old.evidence_period is not None:
        evidence = Period(
            start=move("evidence_period.start", old.evidence_period.start),
            end=move("evidence_period.end", old.evidence_period.end),
        )
    cleared: list[str] = []
    report = old.report
    for field in ("number", "date", "basis", "solutions", "difficulties", "proposals"):
        if getattr(report, field):
            cleared.append(f"report.{field}")
    title = report.title
    if title and str(old.year) in title:
        title = re.sub(rf"\b{old.year}\b", str(year), title)
    new_report = Report(
        title=title,
        addressees=report.addressees,
        recipients=report.recipients,
        archive=report.archive,
        signer=report.signer,
    )
    appraisal = None
    if old.appraisal is not None:
        a = old.appraisal
        for field in ("round1_received", "explanation_sent_on", "round2_received"):
            if getattr(a, field):
                cleared.append(f"appraisal.{field}")
        for field in ("number", "date", "basis"):
            if getattr(a.report, field):
                cleared.append(f"appraisal.report.{field}")
        appraisal = AppraisalSchedule(
            explanation_before=(
                move("appraisal.explanation_before", a.explanation_before)
                if a.explanation_before
                else None
            ),
            report=ExplanationReport(
                title=a.report.title,
                addressees=a.report.addressees,
                recipients=a.report.recipients,
                archive=a.report.archive,
                signer=a.report.signer,
            ),
        )
    if old.submitted_on:
        cleared.append("submitted_on")
    dossier = old.model_copy(
        update={
            "year": year,
            "criteria": criteria,
            "window": window,
            "submit_before": submit_before,
            "submitted_on": None,
            "evidence_period": evidence,
            "assignments": assignments,
            "report": new_report,
            "appraisal": appraisal,
        }
    )
    return Dossier.model_validate(dossier.model_dump()), shifted, cleared


def _leaf_notes(last: LastYearFile) -> dict[str, list[str]]:
    """Comment lines under each leaf of a division stub: last year's result and reason."""
    notes: dict[str, list[str]] = {}
    for code, entry in last.leaves.items():
        value, basis = entry.result()
        if value is None or basis is None:
            continue
        top = f"/{format_decimal(entry.max_score)}" if entry.max_score is not None else ""
        moved = f", mã năm trước {entry.old_code}" if entry.old_code else ""
        lines = [
            f"Năm {last.year}: {format_decimal(value)}{top} điểm ({BASIS_LABELS[basis]}{moved})"
        ]
        if entry.reason and entry.max_score is not None and value < entry.max_score:
            lines.append("Năm trước bị trừ điểm vì: " + " ".join(entry.reason.split()))
        notes[code] = lines
    return notes


def _lost_last_year(last: LastYearFile) -> set[str]:
    lost = set()
    for code, entry in last.leaves.items():
        value, _ = entry.result()
        if value is not None and entry.max_score is not None and value < entry.max_score:
            lost.add(code)
    return lost


def init_from(
    dest: Path,
    old_root: Path,
    *,
    year: int | None = None,
    criteria: str | None = None,
    dry_run: bool = False,
) -> NewYearResult:
    """Make the dossier ``dest`` for the year after the dossier in ``old_root``."""
    from parcli.render.init_templates import render_init
    from parcli.scoring.scope import resolve_scope

    old_root, dest = old_root.resolve(), dest.resolve()
    if _same_or_inside(dest, old_root):
        raise UsageError(
            f"Thư mục hồ sơ mới {dest} nằm trong hồ sơ năm trước {old_root}",
            "Chọn thư mục mới bên ngoài, ví dụ cạnh thư mục năm trước; parcli không ghi vào "
            "hồ sơ năm trước.",
        )
    check_target(dest, force=False)
    loaded = load_dossier(old_root)
    if not loaded.readable:
        raise UsageError(
            f"Hồ sơ năm trước {old_root} chưa đọc được (dossier.yaml hoặc bộ tiêu chí có lỗi)",
            f'Chạy `parcli validate "{old_root}"` và sửa lỗi trước.',
        )
    old, old_criteria = loaded.dossier, loaded.criteria
    assert old is not None and old_criteria is not None
    new_year = year if year is not None else old.year + 1
    if new_year <= old.year:
        raise UsageError(
            f"Năm mới ({new_year}) phải sau năm của hồ sơ cũ ({old.year})",
            f"Bỏ --year để dùng năm {old.year + 1}.",
        )
    name, new_criteria, copy_from = _target_criteria(loaded, criteria)
    mapping = map_codes(old_criteria, new_criteria)
    carried = map_assignments(old, old_criteria, new_criteria, mapping)
    last = last_year_of(loaded, new_criteria, mapping, carried.dropped)
    dossier, shifted, cleared = _shift_dossier(old, new_year, name, carried.assignments)
    old_errors = sum(1 for f in loaded.findings if f.severity is Severity.ERROR)
    files = InitResult(root=dest, written=[], skipped=[])
    result = NewYearResult(
        files,
        old_root,
        old.year,
        dossier,
        last,
        mapping,
        carried,
        shifted,
        cleared,
        old_errors,
        dry_run,
    )
    notes = [
        f"Mục mới của bộ {new_criteria.id}, chưa giao cho đơn vị nào: {code}"
        for code in carried.unassigned_new
    ]
    context = {
        "d": dossier,
        "year": new_year,
        "old_year": old.year,
        "shift": new_year - old.year,
        "source": old_root.name,
        "criteria": name,
        "illustrative": not new_criteria.is_official,
        "mapped": not mapping.identity,
        "assignment_notes": notes,
    }
    planned: list[tuple[str, bytes]] = [
        ("dossier.yaml", render_init("dossier-from.yaml.j2", context).encode())
    ]
    header = (
        f"Kết quả năm {old.year} của {old.agency.name} (hồ sơ {old_root.name}), chép bởi "
        "parcli init --from.\nSố liệu theo mã tiêu chí năm nay; xem `parcli docs new-year`. "
        "So sánh: parcli compare"
    )
    planned.append((LAST_YEAR_FILE, dump_yaml(last, header).encode()))
    if copy_from is not None:
        planned.append((name, copy_from.read_bytes()))
    leaves = {leaf.code: leaf for leaf in new_criteria.leaves()}
    scope = resolve_scope(dossier, new_criteria)
    leaf_notes, lost = _leaf_notes(last), _lost_last_year(last)
    for division in dossier.divisions:
        mine = [leaves[code] for code in scope.leaves_of(division.id)]
        text = render_init(
            "division.yaml.j2",
            {
                "division": division,
                "leaves": mine,
                "year": new_year,
                "abbreviation": dossier.agency.abbreviation,
                "last": leaf_notes,
                "remedy": lost,
            },
        )
        planned.append((f"divisions/{division.id}.yaml", text.encode()))
    readme = (data_dir("templates") / "init" / "evidence-README.txt").read_bytes()
    planned += [("evidence/README.txt", readme), (".gitignore", GITIGNORE.encode())]
    if dry_run:
        files.written = [rel for rel, _ in planned]
        return result
    _write_all(dest, planned, files)
    return result


def _write_all(dest: Path, planned: list[tuple[str, bytes]], files: InitResult) -> None:
    """Write every file into a new folder beside ``dest``, then move it into place: a failure
    half-way leaves no half-made dossier."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".parcli-{dest.name}-", dir=dest.parent))
    try:
        for rel, content in planned:
            write_new(work, rel, content, files)
        os.chmod(work, new_mode(folder=True))  # mkdtemp makes the folder private to its owner
        if dest.is_dir():
            dest.rmdir()  # empty (checked before): replaced by the new dossier
        os.replace(work, dest)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(f"Không tạo được hồ sơ {dest}: {os_reason(exc)}") from None


FIELD_LABELS = {
    "window.start": "bắt đầu tự chấm",
    "window.end": "kết thúc tự chấm",
    "submit_before": "hạn gửi",
    "evidence_period.start": "kỳ tài liệu kiểm chứng, từ ngày",
    "evidence_period.end": "kỳ tài liệu kiểm chứng, đến ngày",
    "appraisal.explanation_before": "hạn gửi báo cáo giải trình",
    "report.number": "số báo cáo",
    "report.date": "ngày báo cáo",
    "report.basis": "văn bản căn cứ",
    "report.solutions": "giải pháp",
    "report.difficulties": "khó khăn, vướng mắc",
    "report.proposals": "kiến nghị",
    "submitted_on": "ngày đã gửi",
    "appraisal.round1_received": "ngày nhận kết quả thẩm định vòng 1",
    "appraisal.explanation_sent_on": "ngày gửi giải trình",
    "appraisal.round2_received": "ngày nhận kết quả thẩm định vòng 2",
    "appraisal.report.number": "số báo cáo giải trình",
    "appraisal.report.date": "ngày báo cáo giải trình",
    "appraisal.report.basis": "căn cứ của báo cáo giải trình",
}


def field_label(field: str) -> str:
    """ "kết thúc tự chấm (window.end)": what an office user reads, and the field to edit."""
    label = FIELD_LABELS.get(field)
    return f"{label} ({field})" if label else field


def describe_dates(shifted: list[tuple[str, dt.date, dt.date]]) -> list[str]:
    return [f"{field_label(label)}: {format_date(a)} → {format_date(b)}" for label, a, b in shifted]
