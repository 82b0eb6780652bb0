"""Load ``survey.yaml`` (optional) and last year's respondents it points at.

Without ``survey.yaml`` nothing is loaded and nothing is reported: the register is optional.
Last year's respondents come from ``previous_respondents`` in the register and from
``previous_file``: last year's ``survey.yaml`` copied into the dossier, or a folder holding one
(for example last year's dossier carried over). :func:`previous_from_register` turns any loaded
register into that list, so a feature that carries last year over can feed the same check.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from parcli.findings import Finding, make
from parcli.formats.model_errors import validate_model
from parcli.formats.yamlio import PathT, YamlDoc, read_yaml_file
from parcli.model.survey import SURVEY_FILE, PreviousRespondent, Respondent, SurveyRegister


@dataclasses.dataclass
class LoadedSurvey:
    """survey.yaml as read: the parsed file, the model (None when unusable), last year's list.

    Each respondent is validated on its own: one typo drops that person (reported), not the
    register. ``rows[i]`` is the position in the file of ``register.respondents[i]``; ``view``
    is ``doc`` with respondents renumbered like the model, for the rules' locations.
    """

    file: str
    doc: YamlDoc
    register: SurveyRegister | None
    findings: list[Finding]
    rows: list[int] = dataclasses.field(default_factory=list)
    view: YamlDoc | None = None
    # Last year's respondents from previous_file (None: no file given, or it could not be read;
    # then ``findings`` says why).
    previous_file_respondents: list[PreviousRespondent] | None = None

    @property
    def previous(self) -> list[PreviousRespondent]:
        """Every known respondent of last year: the register's list plus previous_file's."""
        own = list(self.register.previous_respondents) if self.register else []
        return own + list(self.previous_file_respondents or [])


def previous_from_register(register: SurveyRegister) -> list[PreviousRespondent]:
    """A register's respondents as last year's list (name and e-mail only)."""
    return [PreviousRespondent(name=r.name, email=r.email) for r in register.respondents]


def load_survey(root: Path) -> LoadedSurvey | None:
    """``root/survey.yaml`` with its findings; None when the dossier has no register."""
    path = root / SURVEY_FILE
    if not path.is_file():
        return None
    doc = read_yaml_file(path, SURVEY_FILE)
    findings = list(doc.findings)
    if doc.data is None:
        if not findings:
            findings.append(
                make(
                    "Y005",
                    f"Tệp {SURVEY_FILE} rỗng",
                    "Điền nhóm và danh sách theo `parcli docs survey`, hoặc xóa tệp nếu "
                    "không dùng.",
                    file=SURVEY_FILE,
                )
            )
        return LoadedSurvey(SURVEY_FILE, doc, None, findings)
    register, rows, view, errors = parse_register(doc)
    findings.extend(errors)
    loaded = LoadedSurvey(SURVEY_FILE, doc, register, findings, rows, view)
    if register is not None and register.previous_file:
        loaded.previous_file_respondents = _read_previous(root, register.previous_file, doc, loaded)
    return loaded


def parse_register(
    doc: YamlDoc,
) -> tuple[SurveyRegister | None, list[int], YamlDoc, list[Finding]]:
    """The register of a parsed survey.yaml: model, file rows of its respondents, view, errors."""
    data = doc.data
    raw = data.get("respondents") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(raw, list):
        register, errors = validate_model(SurveyRegister, data, doc)
        rows = list(range(len(register.respondents))) if register else []
        return register, rows, doc, errors
    top = {k: v for k, v in data.items() if k != "respondents"}
    register, errors = validate_model(SurveyRegister, top, doc)
    good: list[Respondent] = []
    rows = []
    for i, item in enumerate(raw):
        person, problems = validate_model(Respondent, item, doc, ("respondents", i))
        errors.extend(problems)
        if person is not None:
            good.append(person)
            rows.append(i)
    if register is None:
        return None, [], doc, errors
    return register.model_copy(update={"respondents": good}), rows, _view(doc, rows), errors


def _view(doc: YamlDoc, rows: list[int]) -> YamlDoc:
    """``doc`` with respondents' positions renumbered to the model's (skipped ones dropped)."""
    if rows == list(range(len(rows))):
        return doc
    model_index = {row: i for i, row in enumerate(rows)}

    def move(path: PathT) -> PathT | None:
        if len(path) >= 2 and path[0] == "respondents" and isinstance(path[1], int):
            index = model_index.get(path[1])
            return None if index is None else ("respondents", index) + path[2:]
        return path

    return doc.moved(move)


def _read_previous(
    root: Path, name: str, doc: YamlDoc, loaded: LoadedSurvey
) -> list[PreviousRespondent] | None:
    line, col = doc.where(("previous_file",))
    path = (root / name.replace("\\", "/")).resolve()
    if path.is_dir():
        path = path / SURVEY_FILE
    problem = ""
    previous: SurveyRegister | None = None
    if not path.is_file():
        problem = f"không tìm thấy tệp {name}"
    else:
        prev_doc = read_yaml_file(path, name)
        if prev_doc.findings or prev_doc.data is None:
            problem = f"tệp {name} không đọc được (chạy kiểm tra YAML của tệp đó)"
        else:
            previous, errors = validate_model(SurveyRegister, prev_doc.data, prev_doc)
            if previous is None:
                first = errors[0] if errors else None
                where = f" (dòng {first.line}: {first.message})" if first and first.line else ""
                problem = f"tệp {name} không đúng định dạng survey.yaml{where}"
    if previous is None:
        loaded.findings.append(
            make(
                "X018",
                f"Không đọc được danh sách năm trước (previous_file): {problem}; chưa kiểm tra "
                "được việc lặp lại người đã khảo sát năm trước",
                "Chép tệp survey.yaml của năm trước vào hồ sơ và ghi đúng đường dẫn, hoặc liệt "
                "kê e-mail người năm trước trong previous_respondents.",
                file=doc.file,
                line=line,
                col=col,
            )
        )
        return None
    return previous_from_register(previous)
