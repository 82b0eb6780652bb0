"""``parcli appraisal report``: the báo cáo giải trình and the package of supplementary evidence.

Written like ``parcli build``: in a temporary folder beside the result, every file hashed,
manifest.json and SHA256SUMS written, the zip made reproducibly and checked, then moved into
place; on any failure the previous package stays as it was. The same dossier gives the same
bytes (dates come from the dossier, never from the clock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

from parcli.actions.appraisal import load_readable, view_of
from parcli.errors import BuildFailed, BuildRefused, os_reason
from parcli.findings import Finding, Severity, is_late, sort_findings
from parcli.formats.loading import LoadedDossier
from parcli.package import writer as pkg
from parcli.package.explanation import (
    explanation_date,
    explanation_manifest,
    explanation_names,
    plan_supplementary,
)
from parcli.package.output import check_overwrite, output_dir
from parcli.package.swap import staging, swap_into_place
from parcli.render.context import EvidenceFile, ExplanationContext
from parcli.rules.answers import check_counted_scores
from parcli.rules.appraisal import check_appraisal_file, check_explanations
from parcli.scoring.appraisal import AppraisalView, ExplanationStatus

MISSING_CODES = ("T011", "T012")  # a requested explanation still missing


@dataclasses.dataclass(frozen=True)
class ExplanationResult:
    package_dir: Path
    zip_path: Path
    report_path: Path
    files: list[EvidenceFile]
    listed: list[str]  # leaf codes in the report
    day: dt.date
    day_source: str
    draft: bool
    warnings: list[str]
    replaced: bool
    illustrative: bool = False  # the criteria set is illustrative: not to be sent


def blocking_findings(
    loaded: LoadedDossier, view: AppraisalView, status: ExplanationStatus | None, as_of: dt.date
) -> list[Finding]:
    """What keeps the report from being final: errors of appraisal.yaml and of the
    supplementary evidence, every requested explanation still missing, and any self-score the
    report cannot state (invalid: left out of ``view``'s totals, as ``parcli status`` does)."""
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    found = check_appraisal_file(loaded, dossier, criteria, view.card)
    found += check_counted_scores(loaded, view.card)
    found += check_explanations(loaded, dossier, view, status, as_of)
    found += [f for f in loaded.findings if f.file == "appraisal.yaml"]
    return sort_findings(
        f
        for f in found
        if f.code in MISSING_CODES or (f.severity is Severity.ERROR and not is_late(f))
    )


def build_explanation(
    root: Path,
    *,
    as_of: dt.date,
    out: Path | None = None,
    draft: bool = False,
    force: bool = False,
) -> ExplanationResult:
    """Write the giải trình package of the dossier in ``root`` (see docs/appraisal.md)."""
    root = root.resolve()
    loaded = load_readable(root)  # read once: for what blocks the report and for the report
    view, status = view_of(loaded, as_of, leave_out_invalid=True)  # as status counts
    blocking = blocking_findings(loaded, view, status, as_of)
    if blocking and not draft:
        raise BuildRefused(
            f"Còn {len(blocking)} vấn đề nên chưa tạo được báo cáo giải trình để gửi",
            "Đôn đốc các đơn vị giải trình (parcli status), sửa tài liệu bổ sung rồi chạy lại; "
            "hoặc dùng --draft để tạo BẢN NHÁP.",
            blocking,
        )
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    day, day_source = explanation_date(dossier, view)
    planned, skipped = plan_supplementary(root, view)
    names = explanation_names(dossier, draft=draft)
    out_dir = output_dir(root, dossier, out, planned, names)
    final_dir, final_zip = out_dir / names.package, out_dir / names.zip
    replaced = check_overwrite(final_dir, final_zip, names, force=force)
    missing = sum(1 for f in blocking if f.code in MISSING_CODES)
    ctx = ExplanationContext(
        dossier=dossier,
        view=view,
        evidence=[],
        report_date=day,
        template_dirs=[p for p in _template_dirs(root) if p.is_dir()],
        draft=draft,
        missing=missing,
        errors=len(blocking) - missing,
        illustrative=not criteria.is_official,
    )
    try:
        with staging(out_dir) as work:  # the same journaled swap as the self-assessment package
            files = _write(work, names.package, names.report, names.zip, planned, ctx)
            swap_into_place(
                [(work / names.package, final_dir), (work / names.zip, final_zip)], out_dir
            )
    except OSError as exc:
        raise BuildFailed(
            f"Không ghi được báo cáo giải trình vào {out_dir}: {os_reason(exc)}",
            "Kiểm tra dung lượng đĩa và quyền ghi; gói cũ (nếu có) vẫn giữ nguyên.",
        ) from None
    return ExplanationResult(
        package_dir=final_dir,
        zip_path=final_zip,
        report_path=final_dir / names.report,
        files=files,
        listed=[r.code for r in view.explained()],
        day=day,
        day_source=day_source,
        draft=draft,
        warnings=skipped,
        replaced=replaced,
        illustrative=not criteria.is_official,
    )


def _template_dirs(root: Path) -> list[Path]:
    from parcli.render.templating import template_dirs

    return template_dirs(root)


def _write(
    work: Path,
    package: str,
    report: str,
    zip_name: str,
    planned: list[EvidenceFile],
    ctx: ExplanationContext,
) -> list[EvidenceFile]:
    from parcli.render.docx.explanation import render_explanation
    from parcli.render.docx.readback import docx_text

    package_dir = work / package
    package_dir.mkdir()
    files = pkg.copy_evidence(planned, package_dir)
    ctx = dataclasses.replace(ctx, evidence=files)
    report_path = package_dir / report
    render_explanation(ctx, report_path)
    text = docx_text(report_path)
    lost = [r.code for r in ctx.view.explained() if f" {r.code} " not in text]
    if lost:
        raise BuildFailed(
            "Tự kiểm tra báo cáo giải trình không đạt: thiếu tiêu chí " + ", ".join(lost),
            "Đây là lỗi của parcli: báo người bảo trì kèm thư mục hồ sơ.",
        )
    size, sha = pkg.hash_file(report_path)
    documents: list[dict[str, object]] = [
        {"kind": "explanation", "path": report, "size": size, "sha256": sha}
    ]
    manifest = explanation_manifest(
        ctx.dossier, ctx.view, ctx.report_date, ctx.draft, files, documents
    )
    (package_dir / pkg.MANIFEST).write_bytes(pkg.manifest_bytes(manifest.model_dump(mode="json")))
    entries = [(f.package_path, f.size, f.sha256) for f in files] + [(report, size, sha)]
    problems = pkg.verify_entries(package_dir, entries[:-1], hash_contents=False)
    unexpected = sorted(
        set(pkg.package_files(package_dir)) - {e[0] for e in entries} - {pkg.MANIFEST}
    )
    problems.extend(f"tệp {rel} không có trong manifest" for rel in unexpected)
    pkg.write_sums(package_dir, {f.package_path: f.sha256 for f in files} | {report: sha})
    problems += pkg.write_zip(
        package_dir, work / zip_name, ctx.report_date, expected={r: s for r, _, s in entries}
    )
    with zipfile.ZipFile(work / zip_name) as zf:
        if sorted(zf.namelist()) != [f"{package}/{r}" for r in pkg.package_files(package_dir)]:
            problems.append("danh sách tệp trong tệp nén khác với thư mục")
    if problems:
        raise BuildFailed(
            "Tự kiểm tra gói giải trình không đạt: " + "; ".join(problems[:5]),
            "Gói cũ (nếu có) vẫn giữ nguyên. Chạy lại; nếu vẫn lỗi, báo người bảo trì parcli.",
        )
    return files
