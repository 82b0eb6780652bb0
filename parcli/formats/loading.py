"""Load a dossier folder: dossier.yaml, its criteria set, divisions/*.yaml, appraisal.yaml,
last_year.yaml (those two read by appraisal_file.py and last_year_file.py), survey.yaml
(survey.py).

Loading never stops at the first problem: every file is read, every answer is validated on its
own, and what cannot be used becomes a finding with its file, line and column. What can be used
is returned as models.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from parcli.errors import CriteriaNotFound, DossierNotFound
from parcli.findings import Finding, make
from parcli.formats.appraisal_file import load_appraisal_file
from parcli.formats.last_year_file import load_last_year_file
from parcli.formats.model_errors import clean_loc, validate_model
from parcli.formats.unquoted_codes import unquoted_code_findings
from parcli.formats.yamlio import PathT, YamlDoc, read_yaml_file
from parcli.model import (
    APPRAISAL_FILE,
    LAST_YEAR_FILE,
    Answer,
    AppraisalFile,
    CriteriaSet,
    DivisionFile,
    Dossier,
    LastYearFile,
    to_code,
)
from parcli.resources import shipped_criteria, shipped_criteria_dir, shipped_display

DOSSIER_FILE = "dossier.yaml"
DIVISIONS_DIR = "divisions"

if TYPE_CHECKING:
    from parcli.formats.survey import LoadedSurvey


@dataclasses.dataclass
class LoadedDossier:
    """Everything read from a dossier folder, with the findings of reading it."""

    root: Path
    dossier: Dossier | None
    criteria: CriteriaSet | None
    criteria_file: str | None
    divisions: dict[str, DivisionFile]  # by division id (as written inside the file)
    division_files: dict[str, str]  # division id -> display path
    # display path -> parsed file; a division file's ``data`` is released once its model is
    # built (the models hold the answers; its raw tree cost about 1 KiB per evidence item),
    # what findings need of it is kept: positions, and the keys as written (answer_keys)
    docs: dict[str, YamlDoc]
    findings: list[Finding]
    # Division files that could not be used at all: file stem -> display path.
    broken_files: dict[str, str] = dataclasses.field(default_factory=dict)
    # Answers with a problem, by (division, code): their errors are reported; validation does
    # not also call them "missing".
    failed_answers: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    # survey.yaml, the survey register (None when the dossier has none: it is optional).
    survey: LoadedSurvey | None = None
    # appraisal.yaml (None when the dossier has none, or it cannot be used at all).
    appraisal: AppraisalFile | None = None
    # last_year.yaml (None when the dossier has none, or it cannot be used at all).
    last_year: LastYearFile | None = None
    # display path -> {code: the answer's key as written} (answer_line)
    answer_keys: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """Whether dossier.yaml and the criteria set could be loaded (else exit code 2)."""
        return self.dossier is not None and self.criteria is not None


# --------------------------------------------------------------------------- pydantic → findings


def find_criteria_file(root: Path, name: str) -> Path:
    """A shipped set id, or a path relative to the dossier folder."""
    shipped = shipped_criteria()
    if name in shipped:
        return shipped[name]
    candidate = (root / name.replace("\\", "/")).resolve()
    if candidate.is_file():
        return candidate
    known = ", ".join(shipped) or "(không có)"
    raise CriteriaNotFound(
        f"Không tìm thấy bộ tiêu chí '{name}' (khai báo tại {DOSSIER_FILE}, trường criteria)",
        f"Dùng một bộ có sẵn ({known}) hoặc đường dẫn tương đối tới tệp .yaml trong hồ sơ.",
    )


def load_criteria(path: Path, display: str) -> tuple[CriteriaSet | None, YamlDoc, list[Finding]]:
    doc = read_yaml_file(path, display)
    findings = list(doc.findings)
    if doc.data is None and not findings:
        findings.append(make("Y005", f"Tệp {display} rỗng", file=display))
    if doc.data is None:
        return None, doc, findings
    model, errors = validate_model(CriteriaSet, doc.data, doc)
    findings.extend(errors)
    findings.extend(unquoted_code_findings(doc, _criteria_code_paths(doc.data)))
    return model, doc, findings


def _criteria_code_paths(data: Any) -> list[PathT]:
    paths: list[PathT] = []
    if not isinstance(data, dict):
        return paths
    for i, area in enumerate(data.get("areas") or []):
        if not isinstance(area, dict):
            continue
        paths.append(("areas", i, "code"))
        for j, crit in enumerate(area.get("criteria") or []):
            if not isinstance(crit, dict):
                continue
            paths.append(("areas", i, "criteria", j, "code"))
            for k, _ in enumerate(crit.get("components") or []):
                paths.append(("areas", i, "criteria", j, "components", k, "code"))
    return paths


def load_dossier(root: Path) -> LoadedDossier:
    """Read everything in the dossier folder ``root``.

    Raises :class:`DossierNotFound` when there is no dossier.yaml and
    :class:`CriteriaNotFound` when the criteria set it names does not exist; every other
    problem is a finding.
    """
    root = root.resolve()
    dossier_path = root / DOSSIER_FILE
    if not dossier_path.is_file():
        raise DossierNotFound(
            f"Không có tệp {DOSSIER_FILE} trong thư mục {root}",
            "Chạy lệnh trong thư mục hồ sơ, chỉ đường dẫn tới nó (parcli validate <thư mục>), "
            "hoặc tạo hồ sơ mới bằng `parcli init <thư mục>`.",
        )
    findings: list[Finding] = []
    docs: dict[str, YamlDoc] = {}
    dossier, dossier_doc = _read_dossier_file(dossier_path, docs, findings)
    criteria: CriteriaSet | None = None
    criteria_file: str | None = None
    if dossier is not None:
        findings.extend(outside_findings(root, dossier, dossier_doc))
        criteria, criteria_file = _read_criteria(root, dossier, dossier_doc, docs, findings)
    found = _read_divisions(root, docs, findings)
    appraisal: AppraisalFile | None = None
    if (root / APPRAISAL_FILE).is_file():
        appraisal, adoc, errors = load_appraisal_file(root / APPRAISAL_FILE, APPRAISAL_FILE)
        docs[APPRAISAL_FILE] = adoc
        findings.extend(errors)
    from parcli.formats.survey import load_survey  # survey.py builds on validate_model here

    survey = load_survey(root)
    if survey is not None:
        docs[survey.file] = survey.doc
        findings.extend(survey.findings)
    last_year: LastYearFile | None = None
    if (root / LAST_YEAR_FILE).is_file():
        last_year, ldoc, errors = load_last_year_file(root / LAST_YEAR_FILE, LAST_YEAR_FILE)
        docs[LAST_YEAR_FILE] = ldoc
        findings.extend(errors)
    return LoadedDossier(
        root=root,
        dossier=dossier,
        criteria=criteria,
        criteria_file=criteria_file,
        divisions=found.divisions,
        division_files=found.division_files,
        docs=docs,
        findings=findings,
        broken_files=found.broken_files,
        failed_answers=found.failed_answers,
        survey=survey,
        appraisal=appraisal,
        last_year=last_year,
        answer_keys=found.answer_keys,
    )


def _read_dossier_file(
    dossier_path: Path, docs: dict[str, YamlDoc], findings: list[Finding]
) -> tuple[Dossier | None, YamlDoc]:
    """dossier.yaml as a model (None when it does not read), and its document."""
    dossier_doc = read_yaml_file(dossier_path, DOSSIER_FILE)
    docs[DOSSIER_FILE] = dossier_doc
    findings.extend(dossier_doc.findings)
    dossier: Dossier | None = None
    if dossier_doc.data is not None:
        dossier, errors = validate_model(Dossier, dossier_doc.data, dossier_doc)
        findings.extend(errors)
        findings.extend(
            unquoted_code_findings(dossier_doc, _assignment_code_paths(dossier_doc.data))
        )
    elif not dossier_doc.findings:
        findings.append(make("Y005", f"Tệp {DOSSIER_FILE} rỗng", file=DOSSIER_FILE))
    return dossier, dossier_doc


def _read_criteria(
    root: Path,
    dossier: Dossier,
    dossier_doc: YamlDoc,
    docs: dict[str, YamlDoc],
    findings: list[Finding],
) -> tuple[CriteriaSet | None, str | None]:
    """The criteria set dossier.yaml names (a shipped set or a file in the dossier), and the
    name it is shown by."""
    if _criteria_outside(root, dossier.criteria):
        return None, None
    try:
        path = find_criteria_file(root, dossier.criteria)
    except OSError as exc:  # a path too long for the file system, a loop of links
        findings.append(
            make(
                "Y005",
                f"Không đọc được bộ tiêu chí '{dossier.criteria[:80]}': {exc.strerror}",
                "Ghi đường dẫn ngắn, tương đối tới tệp .yaml trong hồ sơ.",
                file=DOSSIER_FILE,
                line=dossier_doc.where(("criteria",))[0],
                col=1,
            )
        )
        return None, None
    criteria_file = _display(root, path)
    criteria, cdoc, errors = load_criteria(path, criteria_file)
    docs[criteria_file] = cdoc
    findings.extend(errors)
    return criteria, criteria_file


@dataclasses.dataclass
class _Divisions:
    """The division files as ``load_dossier`` reads them (see :class:`LoadedDossier`)."""

    divisions: dict[str, DivisionFile] = dataclasses.field(default_factory=dict)
    division_files: dict[str, str] = dataclasses.field(default_factory=dict)
    broken_files: dict[str, str] = dataclasses.field(default_factory=dict)
    failed_answers: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    answer_keys: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)


def _read_divisions(root: Path, docs: dict[str, YamlDoc], findings: list[Finding]) -> _Divisions:
    """Every divisions/*.yaml file, in name order."""
    found = _Divisions()
    for path in _division_paths(root / DIVISIONS_DIR, findings):
        display = f"{DIVISIONS_DIR}/{path.name}"
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            findings.append(_outside_finding(display, "tệp đơn vị là liên kết ra ngoài hồ sơ"))
            continue
        _read_division(path, display, found, docs, findings)
    return found


def _division_paths(folder: Path, findings: list[Finding]) -> list[Path]:
    """The YAML files in divisions/ (not editor back-ups, not folders), sorted by name."""
    try:
        listed = sorted(folder.iterdir(), key=lambda p: p.name) if folder.is_dir() else []
    except OSError as exc:
        listed = []
        findings.append(
            make(
                "Y005",
                f"Không đọc được thư mục {DIVISIONS_DIR}/: {exc.strerror}",
                "Kiểm tra quyền đọc của thư mục.",
                file=DIVISIONS_DIR,
            )
        )
    return [path for path in listed if _is_yaml_file(path)]


def _is_yaml_file(path: Path) -> bool:
    return (
        path.suffix.lower() in (".yaml", ".yml")
        and not path.name.startswith(".")  # editor back-ups, macOS "._" files
        and path.is_file()
    )


def _read_division(
    path: Path,
    display: str,
    found: _Divisions,
    docs: dict[str, YamlDoc],
    findings: list[Finding],
) -> None:
    """One division file: its model, unless it does not read or repeats a division."""
    model, doc, errors, failed = load_division_file(path, display)
    docs[display] = doc
    found.answer_keys[display] = _raw_keys(doc)
    doc.data = None
    findings.extend(errors)
    if model is None:
        found.broken_files[_nfc_stem(path)] = display
        return
    found.failed_answers.update((model.division, code) for code in failed)
    if model.division in found.divisions:
        findings.append(
            make(
                "A015",
                f"Hai tệp cùng ghi là của đơn vị '{model.division}' "
                f"({found.division_files[model.division]} và {display})",
                "Mỗi đơn vị chỉ có một tệp; gộp hai tệp làm một.",
                file=display,
                line=doc.where(("division",))[0],
                col=1,
                division=model.division,
            )
        )
        return
    if model.division != path.stem:
        findings.append(
            make(
                "A013",
                f"Tệp {display} ghi division: '{model.division}' nhưng tên tệp là '{path.stem}'",
                f"Đổi tên tệp thành {DIVISIONS_DIR}/{model.division}.yaml hoặc sửa "
                "trường division cho khớp.",
                file=display,
                line=doc.where(("division",))[0],
                col=1,
                division=model.division,
            )
        )
    found.divisions[model.division] = model
    found.division_files[model.division] = display


def _criteria_outside(root: Path, name: str) -> bool:
    """Whether the criteria set named in dossier.yaml is a file outside the dossier."""
    if name in shipped_criteria():
        return False
    text = name.replace("\\", "/")
    if re.match(r"^([A-Za-z]:|/)", text) or ".." in text.split("/"):
        return True
    try:
        return not (root / text).resolve().is_relative_to(root)
    except OSError:
        return False  # unreadable: reported when it is opened


def _outside_finding(file: str, what: str, line: int | None = None) -> Finding:
    return make(
        "D014",
        f"{what}: hồ sơ phải tự chứa đủ mọi tệp (hồ sơ được gửi, lưu và tạo lại ở máy khác)",
        "Chép tệp vào trong thư mục hồ sơ và ghi đường dẫn tương đối (hoặc dùng một bộ tiêu chí "
        "có sẵn của parcli).",
        file=file,
        line=line,
        col=1 if line else None,
    )


def _within(root: Path, rel: str) -> bool:
    try:
        return (root / rel).resolve().is_relative_to(root)
    except OSError:
        return True  # a path the system cannot even resolve writes nowhere


def outside_findings(root: Path, dossier: Dossier, doc: YamlDoc) -> list[Finding]:
    """D014 for paths in dossier.yaml that leave the dossier (criteria set, build_dir)."""
    found = []
    if _criteria_outside(root, dossier.criteria):
        found.append(
            _outside_finding(
                DOSSIER_FILE,
                f"Bộ tiêu chí '{dossier.criteria}' nằm ngoài thư mục hồ sơ",
                doc.where(("criteria",))[0],
            )
        )
    build = dossier.build_dir.replace("\\", "/")
    if re.match(r"^([A-Za-z]:|/)", build) or ".." in build.split("/") or not _within(root, build):
        found.append(
            make(
                "D014",
                f"build_dir '{dossier.build_dir}' ở ngoài thư mục hồ sơ: một hồ sơ nhận từ nơi "
                "khác không được chỉ định ghi ra chỗ khác trên máy",
                "Ghi build_dir là thư mục con (mặc định build); muốn ghi ra ngoài thì dùng "
                "`parcli build --out THƯ_MỤC`.",
                file=DOSSIER_FILE,
                line=doc.where(("build_dir",))[0],
                col=1,
            )
        )
    return found


def _nfc_stem(path: Path) -> str:
    from parcli.text import nfc

    return nfc(path.stem)


def _assignment_code_paths(data: Any) -> list[PathT]:
    paths: list[PathT] = []
    if isinstance(data, dict) and isinstance(data.get("assignments"), dict):
        for div, codes in data["assignments"].items():
            if isinstance(codes, list):
                paths.extend(("assignments", div, i) for i in range(len(codes)))
    return paths


def load_division_file(
    path: Path, display: str
) -> tuple[DivisionFile | None, YamlDoc, list[Finding], set[str]]:
    """One division file; each answer is validated on its own so one typo loses one field.

    Returns the model (None when the file cannot be used at all), the parsed document, the
    findings, and the codes of the answers that had a problem.
    """
    return division_from_doc(read_yaml_file(path, display), display)


def division_from_doc(
    doc: YamlDoc, display: str
) -> tuple[DivisionFile | None, YamlDoc, list[Finding], set[str]]:
    """:func:`load_division_file` for a document already parsed (e.g. text not yet written)."""
    findings = list(doc.findings)
    failed: set[str] = set()
    data = doc.data
    if data is None:
        if not findings:
            findings.append(
                make(
                    "Y005",
                    f"Tệp {display} rỗng",
                    "Thêm `division: <mã đơn vị>` và `answers:`; hoặc xóa tệp.",
                    file=display,
                )
            )
        return None, doc, _tag(findings, doc, None), failed
    if not isinstance(data, dict):
        findings.append(
            make(
                "S003",
                f"Tệp {display} phải là một bảng có division và answers",
                file=display,
                line=1,
                col=1,
            )
        )
        return None, doc, findings, failed
    division_id = data.get("division") if isinstance(data.get("division"), str) else None
    raw_answers = data.get("answers")
    top = {k: v for k, v in data.items() if k != "answers"}
    model, errors = validate_model(DivisionFile, top, doc, division=division_id)
    findings.extend(errors)
    if model is None:
        return None, doc, _tag(findings, doc, division_id), failed
    answers: dict[str, Answer] = {}
    if raw_answers is None:
        pass
    elif not isinstance(raw_answers, dict):
        line, col = doc.where(("answers",))
        findings.append(
            make(
                "S003",
                'answers phải là một bảng: mỗi mã tiêu chí một dòng `"1.1":` rồi các trường '
                "thụt vào",
                file=display,
                line=line,
                col=col,
                division=model.division,
            )
        )
        return None, doc, _tag(findings, doc, model.division), failed
    else:
        findings.extend(
            unquoted_code_findings(doc, [("answers", k) for k in raw_answers], keys=True)
        )
        for key, value in raw_answers.items():
            try:
                code = to_code(key)
            except ValueError as exc:
                line, col = doc.where(("answers", key), key=True)
                findings.append(
                    make(
                        "S003",
                        str(exc),
                        'Viết mã tiêu chí như "2.1.3".',
                        file=display,
                        line=line,
                        col=col,
                        division=model.division,
                    )
                )
                continue
            answer, errors = _salvage_answer(value, doc, key, code, model.division)
            findings.extend(errors)
            if errors:
                failed.add(code)
            if answer is not None:
                answers[code] = answer
    model = model.model_copy(update={"answers": answers})
    return model, doc, _tag(findings, doc, model.division), failed


def _salvage_answer(
    value: Any, doc: YamlDoc, key: str, code: str, division: str
) -> tuple[Answer | None, list[Finding]]:
    """Validate an answer; on errors keep what is valid (drop bad fields and bad evidence items).

    Every problem is reported; a score that is itself invalid is dropped (the answer then has
    no score), so totals never include a value parcli could not read.
    """
    data = value if value is not None else {}
    answer, errors = validate_model(
        Answer, data, doc, ("answers", key), criterion=code, division=division
    )
    if answer is not None or not isinstance(data, dict):
        return answer, errors
    cleaned = dict(data)
    bad_items: dict[str, set[int]] = {}
    try:
        Answer.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = clean_loc(err["loc"])
            if not loc:
                return None, errors
            field = str(loc[0])
            if len(loc) > 1 and isinstance(loc[1], int) and isinstance(data.get(field), list):
                bad_items.setdefault(field, set()).add(loc[1])
            else:
                cleaned.pop(field, None)
    for field, indexes in bad_items.items():
        if field in cleaned and isinstance(cleaned[field], list):
            cleaned[field] = [v for i, v in enumerate(cleaned[field]) if i not in indexes]
    try:
        return Answer.model_validate(cleaned), errors
    except ValidationError:
        return None, errors


def _tag(findings: list[Finding], doc: YamlDoc, division: str | None) -> list[Finding]:
    """Give findings of a division file their division and, by line, their criterion."""
    starts: list[tuple[int, str]] = []
    answers = doc.data.get("answers") if isinstance(doc.data, dict) else None
    needed = any(f.criterion is None and f.line is not None for f in findings)
    if needed and isinstance(answers, dict):
        for key in answers:
            line, _ = doc.where(("answers", key), key=True)
            if line is not None:
                starts.append((line, str(key)))
    starts.sort()
    lines = [line for line, _ in starts]
    result = []
    for f in findings:
        criterion = f.criterion
        if criterion is None and f.line is not None and f.file == doc.file:
            at = bisect.bisect_right(lines, f.line)  # the last answer starting at or before
            if at:
                criterion = starts[at - 1][1]
        result.append(dataclasses.replace(f, division=f.division or division, criterion=criterion))
    return result


def _display(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        if path.resolve().parent == shipped_criteria_dir():
            return shipped_display(path)
        return path.as_posix()


def answer_line(
    loaded: LoadedDossier, division_id: str, code: str, *fields: str | int
) -> tuple[str | None, int | None, int | None]:
    """File, line and column of an answer (or one of its fields) for a finding."""
    file = loaded.division_files.get(division_id)
    if file is None:
        return None, None, None
    doc = loaded.docs[file]
    keys = loaded.answer_keys.get(file)
    if keys is None:
        keys = loaded.answer_keys[file] = _raw_keys(doc)
    line, col = doc.where(("answers", keys.get(code, code), *fields), key=not fields)
    return file, line, col


def _raw_keys(doc: YamlDoc) -> dict[str, str]:
    """Code → the answer's key as written (a code is read with surrounding spaces stripped;
    of two keys that read as the same code, the first)."""
    keys: dict[str, str] = {}
    answers = doc.data.get("answers") if isinstance(doc.data, dict) else None
    if isinstance(answers, dict):
        for key in answers:
            keys.setdefault(str(key).strip(), str(key))
    return keys
