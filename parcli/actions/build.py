"""``parcli build`` as a plain function: the hồ sơ for the Sở Nội vụ, checked and in one piece.

:func:`build_package` loads and validates the dossier, copies the evidence (hashing it), renders
the Word report and the Excel appendix, checks what it wrote against the scorecard, writes
``manifest.json``, ``SHA256SUMS`` and a zip, and only then moves the new package into place.
See ``docs/build.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import tempfile
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from parcli.actions.assess import assess
from parcli.errors import BuildFailed, BuildRefused, BuildUnreadable, os_reason
from parcli.findings import Finding, Severity, draft_counts, is_late, is_other_warning, is_survey
from parcli.formats.loading import LoadedDossier
from parcli.model import LAST_YEAR_FILE, AppraisalFile, Dossier
from parcli.package import writer as pkg
from parcli.package.manifest import build_manifest
from parcli.package.names import PackageNames, package_names, report_date, report_date_note
from parcli.package.output import check_overwrite, output_dir
from parcli.package.plan import plan_evidence
from parcli.package.selfcheck import self_check
from parcli.render.context import EVIDENCE_DIR, BuildContext, EvidenceFile
from parcli.scoring.compare import Comparison, compare
from parcli.scoring.scorecard import Scorecard
from parcli.text import format_decimal

Progress = Callable[[int, int, int], None]
"""progress(files_done, files_total, bytes_done) while evidence is copied."""


# --------------------------------------------------------------------------- result


@dataclasses.dataclass(frozen=True)
class AreaTotal:
    code: str
    name: str
    score: Decimal  # Σ self-scores of in-scope leaves
    max_score: Decimal  # Σ maxima of in-scope leaves
    percent: Decimal | None


@dataclasses.dataclass(frozen=True)
class Totals:
    score: Decimal
    max_score: Decimal  # what the Sở scores itself against (in-scope leaves)
    percent: Decimal | None
    survey_max: Decimal
    areas: list[AreaTotal]

    @property
    def text(self) -> str:
        """ "58,25/66" as printed in the report."""
        return f"{format_decimal(self.score)}/{format_decimal(self.max_score)}"


def totals_of(card: Scorecard) -> Totals:
    return Totals(
        score=card.score,
        max_score=card.scope_max,
        percent=card.percent,
        survey_max=card.survey_max,
        areas=[AreaTotal(a.code, a.name, a.score, a.scope_max, a.percent) for a in card.areas],
    )


@dataclasses.dataclass(frozen=True)
class BuildResult:
    package_dir: Path
    zip_path: Path
    report_path: Path
    appendix_path: Path
    files: list[EvidenceFile]  # every leaf's evidence as copied (size, SHA-256); see .stored
    evidence_bytes: int
    totals: Totals
    report_date: dt.date
    report_date_source: str  # "report.date", "submitted_on" or "window.end"
    draft: bool
    illustrative: bool
    warnings: list[str]  # Vietnamese sentences for the summary
    lateness: list[Finding]  # W004, W005: reported, never blocking
    content_errors: list[Finding]  # only in a draft: the errors that would block a build
    replaced: bool  # a previous package was replaced
    recipient: str  # where the package goes ("Sở Nội vụ")

    @property
    def report_date_note(self) -> str:
        return report_date_note(self.report_date, self.report_date_source)


# --------------------------------------------------------------------------- the build


def build_package(
    root: Path,
    *,
    as_of: dt.date,
    out: Path | None = None,
    draft: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the hồ sơ of the dossier in ``root``; see ``docs/build.md``.

    Raises :class:`BuildUnreadable` (exit 2) when the dossier cannot be read,
    :class:`BuildRefused` (exit 1) when it has content errors and ``draft`` is false,
    :class:`OutputExists` / :class:`UsageError` (exit 2) for a wrong output folder and
    :class:`BuildFailed` (exit 3) when writing or the self-check fails. On any failure the
    previous package (if any) is left as it was and no temporary folder remains.
    """
    root = root.resolve()
    assessment = assess(root, as_of)
    loaded, report = assessment.loaded, assessment.report
    if not loaded.readable:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
        raise BuildUnreadable(
            f"Không đọc được hồ sơ trong {root}",
            "Sửa các lỗi trên (chạy `parcli validate` để xem chi tiết) rồi chạy lại.",
            errors,
        )
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    card = report.scorecard
    assert card is not None
    blocking = report.content_errors()
    if blocking and not draft:
        raise BuildRefused(
            f"Hồ sơ còn {draft_counts(blocking).text} nên chưa tạo được hồ sơ nộp",
            "Sửa các lỗi trên rồi chạy lại; hoặc dùng --draft để tạo BẢN NHÁP (không dùng để nộp).",
            blocking,
        )
    day, day_source = report_date(dossier)
    warnings: list[str] = []
    if not criteria.is_official:
        warnings.append(
            f"Bộ tiêu chí '{criteria.id}' là bộ MINH HỌA, không phải bộ chính thức: điểm và tên "
            "tiêu chí không dùng được để nộp. Nhập bộ chính thức bằng `parcli criteria import`."
        )
    if draft:
        left = draft_counts(report.findings).text
        state = f"hồ sơ còn {left}" if left else "hồ sơ không còn lỗi"
        warnings.append(f"BẢN NHÁP: {state}; mọi tệp đều ghi BẢN NHÁP, không dùng để nộp.")
    if dossier.report.signer is None:
        warnings.append(
            "Báo cáo chưa có người ký (report.signer trong dossier.yaml): khối chữ ký để trống."
        )
    planned, skipped = plan_evidence(assessment.resolver, card, dossier.package.evidence_copies)
    warnings.extend(skipped)
    other = sum(1 for f in report.findings if is_other_warning(f))
    if other:
        warnings.append(f"Hồ sơ còn {other} cảnh báo; chạy `parcli validate` để xem chi tiết.")

    names = package_names(dossier, draft=draft)
    out_dir = output_dir(root, dossier, out, planned, names)
    final_dir = out_dir / names.package
    final_zip = out_dir / names.zip
    replaced = check_overwrite(final_dir, final_zip, names, force=force)

    created_out = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".parcli-", dir=out_dir))
    except OSError as exc:
        raise BuildFailed(f"Không tạo được thư mục {out_dir}: {os_reason(exc)}") from None
    try:
        files = _write_package(
            work,
            names,
            root,
            dossier,
            # the survey register is not part of the package: its findings stay out of it
            findings=[f for f in report.findings if not is_survey(f)],
            card=card,
            planned=planned,
            draft=draft,
            day=day,
            day_source=day_source,
            progress=progress,
            appraisal=loaded.appraisal,
            comparison=_comparison(loaded, card),
        )
        backup = Path(tempfile.mkdtemp(prefix=".parcli-cu-", dir=out_dir))
        pkg.move_into_place(
            [(work / names.package, final_dir), (work / names.zip, final_zip)], backup
        )
    except OSError as exc:
        raise BuildFailed(
            f"Không ghi được hồ sơ vào {out_dir}: {os_reason(exc)}"
            + (f" ({exc.filename})" if exc.filename else ""),
            "Kiểm tra dung lượng đĩa và quyền ghi; hồ sơ cũ (nếu có) vẫn giữ nguyên.",
        ) from None
    finally:
        pkg.remove_tree(work)
        if created_out:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only succeeds when the build left nothing there
    return BuildResult(
        package_dir=final_dir,
        zip_path=final_zip,
        report_path=final_dir / names.report,
        appendix_path=final_dir / names.appendix,
        files=files,
        evidence_bytes=sum(f.size for f in files if f.stored),
        totals=totals_of(card),
        report_date=day,
        report_date_source=day_source,
        draft=draft,
        illustrative=not criteria.is_official,
        warnings=warnings,
        lateness=[f for f in report.findings if is_late(f)],
        content_errors=blocking,
        replaced=replaced,
        recipient=dossier.recipient,
    )


def _comparison(loaded: LoadedDossier, card: Scorecard) -> Comparison | None:
    """Last year against this year's self-assessment, for the report and the appendix (None
    without last year). This year's appraisal is left out: the report is the self-assessment."""
    if loaded.last_year is None or loaded.dossier is None:
        return None
    return compare(loaded.last_year, card, None, loaded.dossier.year, LAST_YEAR_FILE)


def _copy_stored(
    planned: list[EvidenceFile], package_dir: Path, progress: Progress | None
) -> list[EvidenceFile]:
    """Copy each stored file once; a leaf pointing at another leaf's copy gets its hash."""
    copied = pkg.copy_evidence([f for f in planned if f.stored], package_dir, progress)
    by_path = {f.package_path: f for f in copied}
    return [
        by_path[f.package_path]
        if f.stored
        else dataclasses.replace(
            f, size=by_path[f.package_path].size, sha256=by_path[f.package_path].sha256
        )
        for f in planned
    ]


def _write_package(
    work: Path,
    names: PackageNames,
    root: Path,
    dossier: Dossier,
    *,
    findings: list[Finding],
    card: Scorecard,
    planned: list[EvidenceFile],
    draft: bool,
    day: dt.date,
    day_source: str,
    progress: Progress | None,
    appraisal: AppraisalFile | None = None,
    comparison: Comparison | None = None,
) -> list[EvidenceFile]:
    """Write the complete package and its zip into ``work``; self-check; return the evidence."""
    from parcli.render.docx.report import render_report
    from parcli.render.templating import template_dirs as dossier_template_dirs
    from parcli.render.xlsx.appendix import render_appendix

    package_dir = work / names.package
    package_dir.mkdir()
    (package_dir / EVIDENCE_DIR).mkdir()
    files = _copy_stored(planned, package_dir, progress)
    template_dirs = [p for p in dossier_template_dirs(root) if p.is_dir()]
    ctx = BuildContext(
        root=root,
        dossier=dossier,
        criteria=card.criteria,
        card=card,
        findings=findings,
        evidence=files,
        draft=draft,
        report_date=day,
        template_dirs=template_dirs,
        appraisal=appraisal,
        comparison=comparison,
    )
    report_path = package_dir / names.report
    appendix_path = package_dir / names.appendix
    render_report(ctx, report_path)
    render_appendix(ctx, appendix_path)
    self_check(ctx, report_path, appendix_path)

    documents = []
    for kind, path in (("report", report_path), ("appendix", appendix_path)):
        size, sha = pkg.hash_file(path)
        documents.append({"kind": kind, "path": path.name, "size": size, "sha256": sha})
    manifest = build_manifest(ctx, day_source, files, documents)
    (package_dir / pkg.MANIFEST).write_bytes(pkg.manifest_bytes(manifest.model_dump(mode="json")))

    evidence_entries = [(f.package_path, f.size, f.sha256) for f in files]
    document_entries = [(str(d["path"]), int(str(d["size"])), str(d["sha256"])) for d in documents]
    entries = evidence_entries + document_entries
    # Evidence was hashed while it was copied; here its presence and size are checked, and
    # its bytes are hashed again in the zip pass below (one read instead of two).
    problems = pkg.verify_entries(package_dir, evidence_entries, hash_contents=False)
    problems += pkg.verify_entries(package_dir, document_entries)
    unexpected = sorted(
        set(pkg.package_files(package_dir)) - {e[0] for e in entries} - {pkg.MANIFEST}
    )
    problems.extend(f"tệp {rel} không có trong manifest" for rel in unexpected)
    if problems:
        raise BuildFailed(
            "Tự kiểm tra hồ sơ không đạt: "
            + "; ".join(problems[:5])
            + (f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""),
            "Hồ sơ cũ (nếu có) vẫn giữ nguyên. Chạy lại; nếu vẫn lỗi, báo người bảo trì parcli.",
        )
    pkg.write_sums(package_dir, {f.package_path: f.sha256 for f in files})
    zip_path = work / names.zip
    problems = pkg.write_zip(
        package_dir, zip_path, day, expected={rel: sha for rel, _, sha in entries}
    )
    if problems:
        raise BuildFailed(
            "Tự kiểm tra hồ sơ không đạt: " + "; ".join(problems[:5]),
            "Hồ sơ cũ (nếu có) vẫn giữ nguyên. Chạy lại; nếu vẫn lỗi, báo người bảo trì parcli.",
        )
    with zipfile.ZipFile(zip_path) as zf:
        in_zip = sorted(zf.namelist())
    expected = [f"{names.package}/{rel}" for rel in pkg.package_files(package_dir)]
    if in_zip != expected:
        raise BuildFailed("Tự kiểm tra tệp nén không đạt: danh sách tệp khác với thư mục hồ sơ")
    return files
