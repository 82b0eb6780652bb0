"""``parcli build`` as a plain function: the hồ sơ for the Sở Nội vụ, checked and in one piece.

:func:`build_package` loads and validates the dossier, copies the evidence (hashing it), renders
the Word report and the Excel appendix, checks what it wrote against the scorecard, writes
``manifest.json``, ``SHA256SUMS`` and a zip, and only then moves the new package into place.
See ``docs/build.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from parcli.actions.assess import assess
from parcli.errors import (
    BuildFailed,
    BuildRefused,
    BuildUnreadable,
    EvidenceGone,
    UsageError,
    os_reason,
)
from parcli.findings import Finding, Severity, draft_counts, is_late, is_other_warning, is_survey
from parcli.formats.loading import LoadedDossier
from parcli.formats.ziputil import zip_stamp
from parcli.model import LAST_YEAR_FILE, AppraisalFile, Dossier
from parcli.package import writer as pkg
from parcli.package.manifest import build_manifest
from parcli.package.names import PackageNames, package_names, report_date, report_date_note
from parcli.package.output import (
    check_documents,
    check_overwrite,
    check_replaceable,
    open_in_office,
    output_dir,
)
from parcli.package.plan import plan_evidence
from parcli.package.selfcheck import self_check
from parcli.package.stream import EvidencePass, quick_handover
from parcli.package.swap import staging, swap_into_place
from parcli.render.context import EVIDENCE_DIR, BuildContext, EvidenceFile
from parcli.scoring.compare import Comparison, compare
from parcli.scoring.scorecard import Scorecard, leave_out_invalid
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
    out_dir: Path  # the build folder: the zip and the two documents are in it
    zip_path: Path  # the package, to send
    report_path: Path  # beside the zip, for the office to open (the same bytes as in the zip)
    appendix_path: Path
    package_dir: Path | None  # the unpacked package folder (only with ``folder``)
    files: list[EvidenceFile]  # the evidence as copied (with size and SHA-256)
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
    folder: bool = False,
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
    assert report.scorecard is not None
    # counted as status counts it: a draft's invalid self-score is shown, never added
    card = leave_out_invalid(report.scorecard)
    blocking = report.content_errors()
    if blocking and not draft:
        raise BuildRefused(
            f"Hồ sơ còn {draft_counts(blocking).text} nên chưa tạo được hồ sơ nộp",
            "Sửa các lỗi trên rồi chạy lại; hoặc dùng --draft để tạo BẢN NHÁP (không dùng để nộp).",
            blocking,
        )
    # even a draft: the appendix and its totals come from the set, and a dossier never
    # directs writes outside itself
    broken_set = [f for f in blocking if f.code.startswith("C") or f.code == "D014"]
    if broken_set:
        raise BuildRefused(
            f"Hồ sơ có {len(broken_set)} lỗi về bộ tiêu chí hoặc đường dẫn ra ngoài hồ sơ nên "
            "không tạo được hồ sơ, kể cả bản nháp",
            "Sửa các lỗi trên rồi chạy lại.",
            broken_set,
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
    for item in (f for f in planned if f.stored):
        hidden = pkg.invisible_chars(item.written)
        if hidden:
            warnings.append(
                f"Tên tài liệu '{item.written.encode('unicode_escape').decode('ascii')}' có ký tự "
                f"ẩn ({', '.join(hidden)}: đảo chiều chữ, ký tự không độ rộng) có thể làm tên "
                f"hiện sai; trong hồ sơ nộp đã bỏ các ký tự đó: {item.package_path}"
            )
    other = sum(1 for f in report.findings if is_other_warning(f))
    if other:
        warnings.append(f"Hồ sơ còn {other} cảnh báo; chạy `parcli validate` để xem chi tiết.")

    names = package_names(dossier, draft=draft)
    out_dir = output_dir(root, dossier, out, planned, names)
    final_dir = out_dir / names.package
    final_zip = out_dir / names.zip

    try:
        # out_dir created if need be; locked; a killed build's leftovers recovered first
        with staging(out_dir) as work:
            replaced = check_overwrite(final_dir, final_zip, names, force=force)
            check_documents(out_dir, names, force=force)
            check_replaceable(out_dir, names)  # open in Word: said now, not after the evidence
            files, gone = _write_package(
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
                folder=folder,
                appraisal=loaded.appraisal,
                comparison=_comparison(loaded, card),
            )
            warnings.extend(gone)
            # without --folder, the folder of an earlier build goes: it would not match the zip
            swap_into_place(
                [
                    (work / names.package, final_dir),
                    (work / names.zip, final_zip),
                    (work / names.report, out_dir / names.report),
                    (work / names.appendix, out_dir / names.appendix),
                ],
                out_dir,
            )
    except OSError as exc:
        # Windows refuses to replace an open file with a sharing violation (a PermissionError)
        opened = open_in_office(out_dir, names) if isinstance(exc, PermissionError) else []
        raise BuildFailed(
            f"Không ghi được hồ sơ vào {out_dir}: {os_reason(exc)}"
            + (f" ({exc.filename})" if exc.filename else ""),
            (
                f"Đang mở trong Word/Excel: {', '.join(opened)}. Đóng tệp đó rồi chạy lại; "
                if opened
                else "Kiểm tra dung lượng đĩa và quyền ghi; "
            )
            + "hồ sơ cũ (nếu có) vẫn giữ nguyên.",
        ) from None
    return BuildResult(
        out_dir=out_dir,
        zip_path=final_zip,
        report_path=out_dir / names.report,
        appendix_path=out_dir / names.appendix,
        package_dir=final_dir if folder else None,
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


def _with_copies(planned: list[EvidenceFile], written: list[EvidenceFile]) -> list[EvidenceFile]:
    """Every reference of the plan with the size and hash of the file as written; a leaf that
    points at another leaf's copy (evidence_copies: once) gets that copy's. References to a
    file left out (a draft) are left out too."""
    by_path = {f.package_path: f for f in written}
    return [
        by_path[f.package_path]
        if f.stored
        else dataclasses.replace(
            f, size=by_path[f.package_path].size, sha256=by_path[f.package_path].sha256
        )
        for f in planned
        if f.package_path in by_path
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
    folder: bool,
    appraisal: AppraisalFile | None = None,
    comparison: Comparison | None = None,
) -> tuple[list[EvidenceFile], list[str]]:
    """Write the package folder and its zip into ``work`` in one pass over the evidence.

    Each evidence byte is read once, hashed once and written into the zip (and the folder)
    by background threads while the Word report and the appendix are rendered and checked (the
    appendix with stand-ins for the hashes, filled in at the end). The report and the appendix
    end up beside the zip too (``work``/<name>). Without ``folder`` the evidence goes into the
    zip only, and the package folder (then holding just the documents) is removed.
    Returns the evidence as written and the notes on files left out (draft).
    """
    package_dir = work / names.package
    package_dir.mkdir()
    (package_dir / EVIDENCE_DIR).mkdir()
    local = root / "templates"
    if local.is_symlink() or (local.exists() and not local.resolve().is_relative_to(root)):
        raise UsageError(
            "Thư mục templates/ của hồ sơ là liên kết ra ngoài hồ sơ; parcli không dùng mẫu "
            "văn bản ở ngoài hồ sơ (tệp: templates)",
            "Chép các mẫu vào thư mục templates/ thật trong hồ sơ (parcli templates export).",
        )
    stamp = zip_stamp(day)
    top = names.package
    zip_path = work / names.zip
    report_path = package_dir / names.report
    appendix_path = package_dir / names.appendix
    with zipfile.ZipFile(zip_path, "x", allowZip64=True) as zf:
        stored = [f for f in planned if f.stored]  # each file once (evidence_copies: once)
        evidence = EvidencePass(
            root,
            stored,
            zf,
            lambda rel, size: pkg.zip_info(f"{top}/{rel}", stamp, size),
            package_dir if folder else None,
            skip_missing=draft,
            progress=progress,
        )
        # The appendix lists each file's SHA-256: it is laid out with stand-ins while the
        # evidence is read, and the hashes are filled in afterwards.
        stand_ins = pkg.hash_placeholders(len(stored))
        stand_in_of = {f.package_path: s for f, s in zip(stored, stand_ins, strict=True)}
        try:
            with quick_handover():
                evidence.start()
                try:
                    # the renderers' libraries load while the evidence is already being read
                    from parcli.render.docx import report as docx_report
                    from parcli.render.templating import template_dirs
                    from parcli.render.xlsx import appendix as xlsx_appendix

                    ctx = BuildContext(
                        root=root,
                        dossier=dossier,
                        criteria=card.criteria,
                        card=card,
                        findings=findings,
                        evidence=planned,
                        draft=draft,
                        report_date=day,
                        template_dirs=[p for p in template_dirs(root) if p.is_dir()],
                        appraisal=appraisal,
                        comparison=comparison,
                    )
                    early = dataclasses.replace(
                        ctx,
                        evidence=[
                            dataclasses.replace(f, sha256=stand_in_of[f.package_path])
                            for f in planned
                        ],
                    )
                    docx_report.render_report(ctx, report_path)
                    xlsx_appendix.render_appendix(early, appendix_path)
                    # the self-check reads scores and totals, not the hashes: it runs while
                    # the evidence is still being read
                    self_check(ctx, report_path, appendix_path)
                    written = evidence.result()
                except BaseException:  # Ctrl+C included: stop the threads before cleaning up
                    evidence.cancel()
                    raise
        except EvidenceGone as exc:
            raise BuildFailed(
                f"Tài liệu kiểm chứng '{exc.item.written}' (tiêu chí {exc.item.leaf}) không đọc "
                f"được khi tạo hồ sơ: {exc.reason}",
                "Hồ sơ cũ (nếu có) vẫn giữ nguyên, không có gì được chuyển vào thư mục kết quả. "
                "Kiểm tra tệp đó (chạy `parcli validate`) rồi chạy lại.",
            ) from None
        gone = [
            f"Bỏ qua tài liệu '{item.written}' của tiêu chí {item.leaf}: {reason}."
            for item, reason in evidence.skipped
        ]
        files = _with_copies(planned, written)
        ctx = dataclasses.replace(ctx, evidence=files)
        as_planned = [(f.package_path, f.size) for f in stored]
        if [(f.package_path, f.size) for f in written] == as_planned:
            filled = pkg.fill_hashes(
                appendix_path, {s: f.sha256 for s, f in zip(stand_ins, written, strict=True)}, day
            )
            if filled != set(stand_ins):  # the self-check read the appendix before this step
                raise BuildFailed(
                    "Tự kiểm tra hồ sơ không đạt: phụ biểu thiếu mã SHA-256 của "
                    f"{len(set(stand_ins) - filled)} tài liệu kiểm chứng",
                    "Hồ sơ cũ (nếu có) vẫn giữ nguyên. Đây là lỗi của parcli: báo người bảo trì.",
                )
        else:  # a file changed size or was left out meanwhile: lay the appendix out again
            xlsx_appendix.render_appendix(ctx, appendix_path)
            self_check(ctx, report_path, appendix_path)
        # each document read once: hashed for the manifest and SHA256SUMS, then zipped
        contents = {path.name: path.read_bytes() for path in (report_path, appendix_path)}
        sums = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
        documents: list[dict[str, object]] = [
            {"kind": kind, "path": name, "size": len(contents[name]), "sha256": sums[name]}
            for kind, name in (("report", names.report), ("appendix", names.appendix))
        ]
        manifest = build_manifest(ctx, day_source, files, documents)
        contents[pkg.MANIFEST] = pkg.manifest_bytes(manifest.model_dump(mode="json"))
        (package_dir / pkg.MANIFEST).write_bytes(contents[pkg.MANIFEST])
        evidence_entries = [(f.package_path, f.size, f.sha256) for f in written]
        document_entries = [(name, len(contents[name]), sha) for name, sha in sums.items()]
        entries = evidence_entries + document_entries
        problems = (
            pkg.verify_entries(package_dir, evidence_entries, hash_contents=False) if folder else []
        )
        unexpected = sorted(
            set(pkg.package_files(package_dir)) - {e[0] for e in entries} - {pkg.MANIFEST}
        )
        problems.extend(f"tệp {rel} không có trong manifest" for rel in unexpected)
        if problems:
            raise BuildFailed(
                "Tự kiểm tra hồ sơ không đạt: "
                + "; ".join(problems[:5])
                + (f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""),
                "Hồ sơ cũ (nếu có) vẫn giữ nguyên. Chạy lại; nếu vẫn lỗi, báo người bảo trì.",
            )
        known = {f.package_path: f.sha256 for f in written} | sums
        contents[pkg.SUMS] = pkg.write_sums(
            package_dir, known, extra=[f.package_path for f in written]
        ).read_bytes()
        for rel in sorted(contents):
            data = contents[rel]
            zf.writestr(pkg.zip_info(f"{top}/{rel}", stamp, len(data)), data)
        # local entries: evidence first (streamed), then the documents; the central
        # directory, which is what unzip tools list, in code point order
        zf.filelist.sort(key=lambda info: info.filename)
    with zipfile.ZipFile(zip_path) as zf:
        in_zip = sorted(zf.namelist())
    listed = set(pkg.package_files(package_dir)) | {f.package_path for f in files}
    expected = [f"{names.package}/{rel}" for rel in sorted(listed)]
    if in_zip != expected:
        raise BuildFailed("Tự kiểm tra tệp nén không đạt: danh sách tệp khác với thư mục hồ sơ")
    # the two documents beside the zip, for the office to open; the folder only with --folder
    for name in (names.report, names.appendix):
        if folder:
            shutil.copyfile(package_dir / name, work / name)
        else:
            os.replace(package_dir / name, work / name)
    if not folder:
        pkg.remove_tree(package_dir)
    return files, gone
