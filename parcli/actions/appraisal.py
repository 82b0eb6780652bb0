"""Use cases of the appraisal round: import the council's table, show the comparison, report.

``import_table`` merges one round of the council's table into appraisal.yaml: values from the
table replace what the file had for that round; an empty cell never erases anything; nothing
else in the file changes. Importing the same table twice changes nothing (and writes nothing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from parcli.actions.assess import require_loaded
from parcli.appraisal.match import Incoming, match_table, unscored
from parcli.appraisal.read import CouncilTable, read_table
from parcli.appraisal.write import write_appraisal
from parcli.errors import AppraisalImportRefused, DossierUnreadable, UsageError
from parcli.findings import Finding, Severity, make, sort_findings
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.model import APPRAISAL_FILE, AppraisalFile, AppraisedLeaf, RoundInfo
from parcli.scoring import scorecard
from parcli.scoring.appraisal import (
    AppraisalView,
    ExplanationStatus,
    appraisal_view,
    explanation_status,
)
from parcli.scoring.scorecard import score_as_assigned
from parcli.text import code_key, format_date, format_decimal


@dataclasses.dataclass(frozen=True)
class Change:
    code: str  # a leaf code, or "" for the file itself
    field: str  # what changed, in Vietnamese
    old: str
    new: str


@dataclasses.dataclass
class ImportOutcome:
    table: CouncilTable
    round_no: int
    findings: list[Finding]
    changes: list[Change]
    imported: int  # leaves with a score in the table
    written: bool
    path: Path

    @property
    def requested(self) -> list[str]:
        return sorted({c.code for c in self.changes if c.field == "yêu cầu giải trình"})


def load_readable(root: Path) -> LoadedDossier:
    """The dossier in ``root`` (not validated), or :class:`DossierUnreadable`."""
    return require_loaded(load_dossier(root))


def _current(loaded: LoadedDossier) -> AppraisalFile:
    """appraisal.yaml as it is, refusing to rewrite a file parcli could not fully read."""
    path = loaded.root / APPRAISAL_FILE
    problems = [f for f in loaded.findings if f.file == APPRAISAL_FILE]
    if path.exists() and (loaded.appraisal is None or problems):
        first = problems[0] if problems else None
        where = f" ({first.location}: {first.message})" if first else ""
        raise DossierUnreadable(
            f"Tệp {APPRAISAL_FILE} có lỗi{where}; parcli không ghi đè để không mất dữ liệu",
            "Sửa tệp (xem `parcli validate`) rồi nhập lại.",
        )
    return loaded.appraisal or AppraisalFile()


def _show(value: object) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str):
        return f'"{value}"'
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


_LABELS = {
    "round1_score": "điểm thẩm định vòng 1",
    "round1_opinion": "ý kiến thẩm định vòng 1",
    "explanation_requested": "yêu cầu giải trình",
    "round2_score": "điểm thẩm định vòng 2",
    "round2_opinion": "ý kiến thẩm định vòng 2",
    "year": "năm",
    "document": "văn bản thông báo",
    "date": "ngày văn bản",
    "source": "tệp bảng điểm",
}


def _merge_leaf(old: AppraisedLeaf, item: Incoming, round_no: int) -> AppraisedLeaf:
    update: dict[str, object] = {}
    if item.score is not None:
        update[f"round{round_no}_score"] = item.score
    if item.opinion:
        update[f"round{round_no}_opinion"] = item.opinion
    if round_no == 1 and item.requested is not None:  # an inferred request is always True
        update["explanation_requested"] = item.requested
    return AppraisedLeaf.model_validate({**old.model_dump(), **update})


def _diff(code: str, old: object, new: object, fields: list[str]) -> list[Change]:
    return [
        Change(code, _LABELS[f], _show(getattr(old, f)), _show(getattr(new, f)))
        for f in fields
        if getattr(old, f) != getattr(new, f)
    ]


def import_table(
    root: Path,
    table_path: Path,
    round_no: int,
    *,
    dry_run: bool = False,
    document: str | None = None,
    date: dt.date | None = None,
) -> ImportOutcome:
    """Read the council's table and merge round ``round_no`` into appraisal.yaml.

    Raises :class:`AppraisalImportRefused` (nothing written) when the table has errors.
    """
    if round_no not in (1, 2):
        raise UsageError("--round chỉ nhận 1 hoặc 2")
    loaded = load_readable(root)
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    current = _current(loaded)
    display = table_path.name
    table, findings = read_table(table_path, display, round_no)
    if table is None:
        raise AppraisalImportRefused(
            f"Không đọc được bảng điểm thẩm định trong {display}; chưa ghi gì",
            findings[0].hint if findings else None,
            findings,
        )
    card = score_as_assigned(dossier, criteria, loaded.divisions)
    incoming, problems = match_table(table, dossier, criteria, card, round_no)
    findings = sort_findings([*findings, *problems])
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise AppraisalImportRefused(
            f"Bảng điểm {display} có {len(errors)} lỗi; chưa ghi gì vào {APPRAISAL_FILE}",
            "Sửa các ô nêu trên (hoặc đề nghị Hội đồng thẩm định sửa) rồi nhập lại.",
            findings,
        )
    missing = unscored(incoming, card)
    if missing:
        findings.append(
            make(
                "T023",
                f"{len(missing)} tiêu chí của Sở chưa có điểm thẩm định vòng {round_no} trong "
                f"bảng: " + ", ".join(missing),
                f"Các tiêu chí này giữ nguyên trong {APPRAISAL_FILE} (ô trống không xóa gì).",
                file=display,
            )
        )
    changes: list[Change] = []
    leaves = dict(current.leaves)
    for code in sorted(incoming, key=code_key):
        old = leaves.get(code, AppraisedLeaf())
        new = _merge_leaf(old, incoming[code], round_no)
        changes.extend(_diff(code, old, new, list(_LABELS)[:5]))
        if new != AppraisedLeaf() or code in leaves:
            leaves[code] = new
    old_info = current.round_info(round_no) or RoundInfo()
    info = old_info.model_copy(
        update={
            "source": display,
            "document": document or old_info.document,
            "date": date or old_info.date,
        }
    )
    changes.extend(_diff("", old_info, info, ["document", "date", "source"]))
    if current.year != dossier.year:
        changes.append(Change("", "năm", _show(current.year), _show(dossier.year)))
    new_file = current.model_copy(
        update={"year": dossier.year, "leaves": leaves, f"round{round_no}": info}
    )
    path = loaded.root / APPRAISAL_FILE
    written = False
    if changes and not dry_run:
        write_appraisal(path, new_file, dossier)
        written = True
    imported = sum(1 for item in incoming.values() if item.score is not None)
    return ImportOutcome(table, round_no, findings, changes, imported, written, path)


def view_of(
    loaded: LoadedDossier, as_of: dt.date, *, leave_out_invalid: bool = False
) -> tuple[AppraisalView, ExplanationStatus | None]:
    """The comparison of self-scores and appraised scores (needs appraisal.yaml); with
    ``leave_out_invalid``, self-scores counted as ``parcli status`` counts them."""
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    if loaded.appraisal is None:
        broken = (loaded.root / APPRAISAL_FILE).exists()
        raise UsageError(
            f"Tệp {APPRAISAL_FILE} có lỗi, không đọc được"
            if broken
            else f"Hồ sơ chưa có kết quả thẩm định ({APPRAISAL_FILE})",
            "Chạy `parcli validate` để xem lỗi."
            if broken
            else "Nhập bảng điểm của Hội đồng thẩm định: parcli appraisal import <tệp .xlsx>",
        )
    card = score_as_assigned(dossier, criteria, loaded.divisions)
    if leave_out_invalid:
        card = scorecard.leave_out_invalid(card)
    view = appraisal_view(card, loaded.appraisal)
    return view, explanation_status(dossier, view, as_of)
