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
import errno
import json
import tempfile
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from parcli import __version__
from parcli.errors import BuildFailed, ContentErrors, DossierUnreadable, OutputExists, UsageError
from parcli.findings import (
    LATENESS_CODES,
    MISSING_SCORE_CODES,
    Finding,
    Severity,
    draft_counts,
)
from parcli.formats.evidence import EvidenceResolver, Status, inside
from parcli.formats.loading import load_dossier
from parcli.model import Dossier, Evidence
from parcli.package import writer as pkg
from parcli.render.context import EVIDENCE_DIR, BuildContext, EvidenceFile
from parcli.rules.validation import validate
from parcli.scoring.scorecard import Scorecard
from parcli.text import format_date, format_decimal, nfc, plain_decimal

DRAFT_PREFIX = "BAN-NHAP-"

Progress = Callable[[int, int, int], None]
"""progress(files_done, files_total, bytes_done) while evidence is copied."""


class BuildRefused(ContentErrors):
    """The dossier has content errors; ``findings`` lists them (exit code 1)."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


class BuildUnreadable(DossierUnreadable):
    """dossier.yaml or the criteria set cannot be read; ``findings`` says why (exit code 2)."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


# --------------------------------------------------------------------------- names


@dataclasses.dataclass(frozen=True)
class PackageNames:
    """File and folder names of a package (ASCII; "BAN-NHAP-" in front for a draft)."""

    package: str  # ho-so-par-index-2023-SGTVTXD
    report: str  # bao-cao-tu-danh-gia-2023.docx
    appendix: str  # phu-bieu-tu-danh-gia-2023.xlsx

    @property
    def zip(self) -> str:
        return self.package + ".zip"


def package_names(dossier: Dossier, *, draft: bool) -> PackageNames:
    prefix = DRAFT_PREFIX if draft else ""
    year = dossier.year
    return PackageNames(
        package=f"{prefix}ho-so-par-index-{year}-{pkg.ascii_slug(dossier.agency.abbreviation)}",
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
        """"58,25/66" as printed in the report."""
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
) -> BuildResult:
    """Build the hồ sơ of the dossier in ``root``; see ``docs/build.md``.

    Raises :class:`BuildUnreadable` (exit 2) when the dossier cannot be read,
    :class:`BuildRefused` (exit 1) when it has content errors and ``draft`` is false,
    :class:`OutputExists` / :class:`UsageError` (exit 2) for a wrong output folder and
    :class:`BuildFailed` (exit 3) when writing or the self-check fails. On any failure the
    previous package (if any) is left as it was and no temporary folder remains.
    """
    root = root.resolve()
    loaded = load_dossier(root)
    if not loaded.readable:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
        raise BuildUnreadable(
            f"Không đọc được hồ sơ trong {root}",
            "Sửa các lỗi trên (chạy `parcli validate` để xem chi tiết) rồi chạy lại.",
            errors,
        )
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    report = validate(loaded, as_of)
    card = report.scorecard
    assert card is not None
    blocking = report.content_errors()
    if blocking and not draft:
        raise BuildRefused(
            f"Hồ sơ còn {len(blocking)} lỗi nội dung nên chưa tạo được hồ sơ nộp",
            "Sửa các lỗi trên rồi chạy lại; hoặc dùng --draft để tạo BẢN NHÁP (không dùng để "
            "nộp).",
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
    planned, skipped = _plan_evidence(root, card)
    warnings.extend(skipped)
    other = sum(
        1 for f in report.findings
        if f.severity is Severity.WARNING and f.code not in LATENESS_CODES + MISSING_SCORE_CODES
    )
    if other:
        warnings.append(f"Hồ sơ còn {other} cảnh báo; chạy `parcli validate` để xem chi tiết.")

    names = package_names(dossier, draft=draft)
    out_dir = _output_dir(root, dossier, out, planned, names)
    final_dir = out_dir / names.package
    final_zip = out_dir / names.zip
    replaced = _check_overwrite(final_dir, final_zip, names, force=force)

    created_out = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".parcli-", dir=out_dir))
    except OSError as exc:
        raise BuildFailed(f"Không tạo được thư mục {out_dir}: {os_reason(exc)}") from None
    try:
        files = _write_package(
            work, names, root, dossier, findings=report.findings, card=card,
            planned=planned, draft=draft, day=day, day_source=day_source, progress=progress,
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
        evidence_bytes=sum(f.size for f in files),
        totals=totals_of(card),
        report_date=day,
        report_date_source=day_source,
        draft=draft,
        illustrative=not criteria.is_official,
        warnings=warnings,
        lateness=[f for f in report.findings if f.code in LATENESS_CODES],
        content_errors=blocking,
        replaced=replaced,
        recipient=dossier.recipient,
    )


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Vietnamese where the cause is a common one."""
    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.EROFS: "ổ đĩa chỉ cho phép đọc",
        errno.ENAMETOOLONG: "đường dẫn quá dài",
    }
    windows = {
        3: "đường dẫn quá dài hoặc thư mục không có (Windows giới hạn 260 ký tự; hãy chuyển hồ "
           "sơ lên thư mục ngắn hơn, ví dụ D:\\HoSo)",
        206: "đường dẫn quá dài (Windows giới hạn 260 ký tự; hãy chuyển hồ sơ lên thư mục ngắn "
             "hơn, ví dụ D:\\HoSo)",
        32: "tệp đang mở trong chương trình khác (Word, Excel): đóng tệp của hồ sơ cũ rồi chạy "
            "lại",
        5: "không có quyền ghi, hoặc tệp của hồ sơ cũ đang mở trong Word/Excel",
    }
    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in windows:
        return windows[winerror]
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


def _plan_evidence(root: Path, card: Scorecard) -> tuple[list[EvidenceFile], list[str]]:
    """The evidence of every in-scope answer, in criteria order, with its package path.

    A file listed twice for one leaf is copied once; a file used by two leaves is copied under
    each. Files that cannot be found (only possible in a draft) are skipped with a warning.
    """
    resolver = EvidenceResolver(root)
    rows: list[tuple[str, str, Path, int, Evidence]] = []
    skipped: list[str] = []
    seen: set[tuple[str, Path]] = set()
    for result in card.in_scope_leaves:
        if result.answer is None or result.division is None:
            continue
        for item in result.answer.evidence:
            resolved = resolver.resolve(item.path)
            if resolved.status is not Status.OK or resolved.path is None:
                skipped.append(
                    f"Bỏ qua tài liệu '{item.path}' của tiêu chí {result.leaf.code}: không tìm "
                    "thấy tệp (hoặc nằm ngoài hồ sơ)."
                )
                continue
            key = (result.leaf.code, resolved.path)
            if key in seen:
                continue
            seen.add(key)
            rows.append((result.leaf.code, result.division, resolved.path, resolved.size, item))
    paths = pkg.assign_package_paths([(row[0], _file_name(row[4].path)) for row in rows])
    return [
        EvidenceFile(
            leaf=leaf, division=division, source=source, written=item.path,
            package_path=package_path, size=size, sha256="", meta=item,
        )
        for (leaf, division, source, size, item), package_path in zip(rows, paths, strict=True)
    ], skipped


def _file_name(written: str) -> str:
    """The last part of a path as written ("evidence\\Kế hoạch.pdf" → "Kế hoạch.pdf"), NFC."""
    return nfc(written.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1])


def _output_dir(root: Path, dossier: Dossier, out: Path | None, planned: list[EvidenceFile],
                names: PackageNames) -> Path:
    if out is None:
        out_dir = (root / dossier.build_dir.replace("\\", "/")).resolve()
        option = f"build_dir ('{dossier.build_dir}') trong dossier.yaml"
    else:
        out_dir = out.expanduser().resolve()
        option = "--out"
    if out_dir == root:
        raise UsageError(
            f"{option}: thư mục kết quả không được là chính thư mục hồ sơ ({root})",
            "Chọn một thư mục con (mặc định build) hoặc một thư mục bên ngoài hồ sơ.",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{option}: {out_dir} là một tệp, không phải thư mục")
    folders = sorted({f.source.parent for f in planned if f.source.parent != root})
    for folder in folders:
        if inside(out_dir, folder):
            raise UsageError(
                f"{option}: thư mục kết quả {out_dir} nằm trong thư mục tài liệu kiểm chứng "
                f"{folder}",
                "Chọn thư mục khác; parcli không ghi vào thư mục chứa tài liệu kiểm chứng.",
            )
    for target in (out_dir / names.package, out_dir / names.zip):
        for f in planned:
            if inside(f.source, target):
                raise UsageError(
                    f"{option}: tài liệu kiểm chứng {f.written} nằm trong {target}, nơi hồ sơ "
                    "mới sẽ được ghi",
                    "Chuyển tài liệu vào thư mục evidence/ của hồ sơ.",
                )
    return out_dir


def is_parcli_package(folder: Path) -> bool:
    """Whether ``folder`` holds a package written by parcli (its manifest.json says so)."""
    try:
        data = json.loads((folder / pkg.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and tool.get("name") == "parcli"


def _is_parcli_zip(path: Path, top: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            data = json.loads(zf.read(f"{top}/{pkg.MANIFEST}").decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and tool.get("name") == "parcli"


def _check_overwrite(final_dir: Path, final_zip: Path, names: PackageNames, *, force: bool
                     ) -> bool:
    """Whether an earlier package will be replaced; refuses to replace what parcli did not write."""
    exists = final_dir.exists() or final_dir.is_symlink()
    zip_exists = final_zip.exists() or final_zip.is_symlink()
    if force:
        return exists or zip_exists
    if exists and (not final_dir.is_dir() or not is_parcli_package(final_dir)):
        raise OutputExists(
            f"{final_dir} đã có và không phải hồ sơ do parcli tạo (không có manifest.json của "
            "parcli); parcli không ghi đè",
            "Đổi tên hoặc chuyển thư mục đó đi, chọn thư mục khác bằng --out, hoặc dùng --force "
            "để thay thế.",
        )
    if zip_exists and not (final_zip.is_file() and (
            (exists and is_parcli_package(final_dir)) or _is_parcli_zip(final_zip, names.package))):
        raise OutputExists(
            f"{final_zip} đã có và không phải tệp nén do parcli tạo; parcli không ghi đè",
            "Đổi tên hoặc chuyển tệp đó đi, chọn thư mục khác bằng --out, hoặc dùng --force.",
        )
    return exists or zip_exists


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
) -> list[EvidenceFile]:
    """Write the complete package and its zip into ``work``; self-check; return the evidence."""
    from parcli.render.docx.report import render_report
    from parcli.render.templating import template_dirs as dossier_template_dirs
    from parcli.render.xlsx.appendix import render_appendix

    package_dir = work / names.package
    package_dir.mkdir()
    (package_dir / EVIDENCE_DIR).mkdir()
    files = pkg.copy_evidence(planned, package_dir, progress)
    template_dirs = [p for p in dossier_template_dirs(root) if p.is_dir()]
    ctx = BuildContext(
        root=root, dossier=dossier, criteria=card.criteria, card=card,
        findings=findings, evidence=files, draft=draft, report_date=day,
        template_dirs=template_dirs,
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
    (package_dir / pkg.MANIFEST).write_bytes(pkg.manifest_bytes(manifest))

    evidence_entries = [(f.package_path, f.size, f.sha256) for f in files]
    document_entries = [
        (str(d["path"]), int(str(d["size"])), str(d["sha256"])) for d in documents
    ]
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
            "Tự kiểm tra hồ sơ không đạt: " + "; ".join(problems[:5])
            + (f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""),
            "Hồ sơ cũ (nếu có) vẫn giữ nguyên. Chạy lại; nếu vẫn lỗi, báo người bảo trì parcli.",
        )
    pkg.write_sums(package_dir, {f.package_path: f.sha256 for f in files})
    zip_path = work / names.zip
    problems = pkg.write_zip(package_dir, zip_path, day,
                             expected={rel: sha for rel, _, sha in entries})
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


def build_manifest(ctx: BuildContext, day_source: str, files: list[EvidenceFile],
                   documents: list[dict[str, object]]) -> dict[str, object]:
    """manifest.json: what the package is, its totals and every file with its SHA-256.

    Nothing depends on the clock or on the machine, so two builds give the same bytes.
    """
    criteria, dossier, card = ctx.criteria, ctx.dossier, ctx.card

    def num(value: Decimal | None) -> str | None:
        """"58.25", "66" (not "66.0"): the exact value without trailing zeros."""
        return None if value is None else plain_decimal(value)

    def pct(value: Decimal | None) -> str | None:
        """Percentages keep their two rounded places: "88.26", "100.00"."""
        return None if value is None else format(value, "f")

    source = criteria.source
    return {
        "format": pkg.MANIFEST_FORMAT,
        "tool": {"name": "parcli", "version": __version__},
        "criteria": {
            "id": criteria.id,
            "title": criteria.title,
            "status": criteria.status,
            "source": {
                "decision": source.decision,
                "date": source.date.isoformat() if source.date else None,
                "issuer": source.issuer,
                "part": source.part,
            },
        },
        "agency": {
            "name": dossier.agency.name,
            "parent": dossier.agency.parent,
            "abbreviation": dossier.agency.abbreviation,
        },
        "year": dossier.year,
        "report_date": ctx.report_date.isoformat(),
        "report_date_source": day_source,
        "draft": ctx.draft,
        "totals": {
            "overall": {
                "score": num(card.score),
                "max": num(card.scope_max),
                "percent": pct(card.percent),
                "survey_max": num(card.survey_max),
                "criteria_max": num(criteria.max_total),
            },
            "areas": [
                {
                    "code": a.code,
                    "name": a.name,
                    "score": num(a.score),
                    "max": num(a.scope_max),
                    "percent": pct(a.percent),
                    "survey_max": num(a.survey_max),
                    "criteria_max": num(a.max_score),
                }
                for a in card.areas
            ],
        },
        "documents": documents,
        "files": [pkg.evidence_entry(f) for f in files],
    }


# --------------------------------------------------------------------------- self-check


def self_check(ctx: BuildContext, report_path: Path, appendix_path: Path) -> None:
    """Re-open the written report and appendix and compare them with the scorecard.

    Raises :class:`BuildFailed` on any difference.
    """
    from parcli.render.xlsx.appendix import read_back_appendix

    card = ctx.card
    problems: list[str] = []
    try:
        back = read_back_appendix(appendix_path)
    except (OSError, ValueError) as exc:
        problems.append(f"không đọc lại được phụ biểu ({exc})")
    else:
        if back.total_score != card.score or back.total_scope_max != card.scope_max:
            problems.append(
                f"phụ biểu ghi TỔNG CỘNG {format_decimal(back.total_score)}/"
                f"{format_decimal(back.total_scope_max)}, bảng điểm là "
                f"{format_decimal(card.score)}/{format_decimal(card.scope_max)}"
            )
        if back.total_max != card.criteria.max_total:
            problems.append(
                f"phụ biểu ghi tổng điểm tối đa {format_decimal(back.total_max)}, bộ tiêu chí "
                f"là {format_decimal(card.criteria.max_total)}"
            )
        nodes = card.nodes()
        if back.tree_rows != len(nodes) or back.codes != [n.code for n in nodes]:
            problems.append(
                f"phụ biểu có {back.tree_rows} dòng tiêu chí, bộ tiêu chí có {len(nodes)}"
            )
        else:
            wrong = [
                n.code for n, row in zip(nodes, back.rows, strict=True)
                if row.score != n.score or row.scope_max != n.scope_max
            ]
            if wrong:
                problems.append(
                    "điểm trong phụ biểu khác bảng điểm ở " + ", ".join(wrong[:5])
                    + (" …" if len(wrong) > 5 else "")
                )
    # The lĩnh vực table is drawn by parcli itself (its wording is not a template), so its
    # rows are checked, not free text an office may reword.
    expected = [
        (a.code, format_decimal(a.scope_max), format_decimal(a.score)) if a.scope_max
        else (a.code, "-", "-")
        for a in card.areas
    ]
    expected.append(("Tổng cộng", format_decimal(card.scope_max), format_decimal(card.score)))
    found = docx_area_rows(report_path)
    if found != expected:
        problems.append(
            "bảng điểm theo lĩnh vực trong báo cáo khác bảng điểm "
            f"(báo cáo: {found[-1:] or 'không có bảng'}, đúng là: {expected[-1]})"
        )
    if problems:
        raise BuildFailed(
            "Tự kiểm tra hồ sơ không đạt: " + "; ".join(problems),
            "Hồ sơ cũ (nếu có) vẫn giữ nguyên; không có tệp nào được chuyển vào thư mục kết "
            "quả. Đây là lỗi của parcli: báo người bảo trì kèm thư mục hồ sơ.",
        )


def docx_area_rows(path: Path) -> list[tuple[str, str, str]]:
    """(STT or "Tổng cộng", max, score) of the report's lĩnh vực table, as printed."""
    import docx

    document = docx.Document(str(path))
    for table in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if len(rows) < 2 or len(rows[0]) != 5 or rows[0][0] != "STT":
            continue
        if rows[-1][1] != "Tổng cộng":
            continue
        result = [(r[0], r[2], r[3]) for r in rows[1:-1]]
        result.append(("Tổng cộng", rows[-1][2], rows[-1][3]))
        return result
    return []


def docx_text(path: Path) -> str:
    """Every paragraph of a .docx (body, tables, headers, footers), one per line."""
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []

    def tables(items: object) -> None:
        for table in items:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    lines.extend(p.text for p in document.paragraphs)
    tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            lines.extend(p.text for p in part.paragraphs)
            tables(part.tables)
    return "\n".join(lines)


def describe_size(size: int) -> str:
    """Bytes for people: "34 MB", "850 KB", "12 byte" (1 MB = 1024 × 1024 byte)."""
    if size >= 1024 * 1024:
        return f"{format_decimal(Decimal(size) / (1024 * 1024), 1).removesuffix(',0')} MB"
    if size >= 1024:
        return f"{format_decimal(Decimal(size) / 1024, 0)} KB"
    return f"{size} byte"
