"""Compare a read form with the division's answers: the new answers, what changed, findings.

Rows are matched by the code in "Mã", never by position. What a cell holds is read the way
an Excel user types it (numbers stored as text, "0,5" or "0.5", non-breaking spaces, line
breaks inside a cell, smart quotes); what cannot be read is a finding at its cell. A field
the form does not carry (a missing column, ``updated``, an evidence item's issuer) is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from parcli.errors import EvidenceLineError
from parcli.findings import Finding, Severity, Where, make
from parcli.formats.evidence_intake import safe_name
from parcli.forms.layout import (
    FORMAT_NAME,
    FORMAT_VERSION,
    answer_texts,
    division_folder,
    parse_evidence_line,
)
from parcli.forms.read import REEXPORT, FormCell, FormRow, ReadForm
from parcli.model import (
    Answer,
    AppraisalResponse,
    Area,
    Component,
    CriteriaSet,
    Criterion,
    Dossier,
    Evidence,
    Leaf,
)
from parcli.text import format_date, format_decimal, nfc, parse_decimal

FIELDS = (
    "score",
    "explanation",
    "evidence",
    "reason_lost",
    "remedy",
    "response_text",
    "response_evidence",
)
LABELS = {
    "score": "Điểm tự chấm",
    "explanation": "Giải trình",
    "evidence": "Tài liệu kiểm chứng",
    "reason_lost": "Nguyên nhân bị trừ điểm",
    "remedy": "Giải pháp khắc phục",
    "response_text": "Giải trình (thẩm định)",
    "response_evidence": "Tài liệu kiểm chứng bổ sung",
}
_RESPONSE = {"response_text": "text", "response_evidence": "evidence"}


def field_value(answer: Answer | None, field: str) -> Any:
    """A field of the form in an answer (the answer to the appraisal is ``response``)."""
    if answer is None:
        return [] if field in ("evidence", "response_evidence") else None
    if field in _RESPONSE:
        response = answer.response or AppraisalResponse()
        return getattr(response, _RESPONSE[field])
    return getattr(answer, field)


def _with_values(base: Answer, values: dict[str, Any]) -> Answer:
    """``base`` with the form's fields; an answer to the appraisal left with nothing in it
    (no text, no evidence, no date) is no answer."""
    plain = {k: v for k, v in values.items() if k not in _RESPONSE}
    answer = base.model_copy(update=plain)
    if any(k in _RESPONSE for k in values):
        response = (base.response or AppraisalResponse()).model_copy(
            update={_RESPONSE[k]: v for k, v in values.items() if k in _RESPONSE}
        )
        empty = response == AppraisalResponse()
        answer = answer.model_copy(update={"response": None if empty else response})
    return Answer.model_validate(answer.model_dump())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\xa0\u202f\u2007\t]")
_QUOTES = "\"'“”‘’„«»`"


@dataclasses.dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class CriterionChange:
    code: str
    name: str
    fields: list[FieldChange]
    new_answer: bool  # the division had no answer for this leaf


@dataclasses.dataclass
class FormImport:
    """The outcome of one form: for which division, the new answers and what changed."""

    form: ReadForm
    division: str | None
    answers: dict[str, Answer]  # every answer of the division after the import
    changes: list[CriterionChange]
    findings: list[Finding]
    evidence_names: set[str] = dataclasses.field(default_factory=set)  # bare names used

    @property
    def blocked(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def clean_text(value: str) -> str:
    """What a cell says, as parcli stores text: NFC, one kind of line break, no control or
    zero-width characters, non-breaking spaces as spaces, lines without trailing spaces."""
    text = nfc(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _text_of(value: object) -> str | None:
    """A text cell (numbers a user typed into a text column are kept as written)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _plain(Decimal(repr(value)))
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return format_date(day)
    text = clean_text(str(value))
    return text or None


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _score(cell: FormCell) -> tuple[Decimal | None, str | None]:
    """The score of a cell, or an error message."""
    value = cell.value
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' là giá trị đúng/sai, không phải số"
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        return Decimal(repr(value)), None  # the shortest text of the saved number: 0.3, not 0.299…
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return None, f"'{value}' là ngày tháng (Excel đổi số thành ngày, ví dụ 1/2 thành 01/02)"
    text = clean_text(str(value)).strip(_QUOTES).replace(" ", "")
    if not text:
        return None, None
    try:
        return parse_decimal(text), None
    except ValueError as exc:
        return None, str(exc)


def _code(cell: FormCell, codes: set[str]) -> tuple[str | None, bool]:
    """The code in a "Mã" cell, and whether it can be used. A number (Excel turned a typed
    code into one) is usable only when exactly one code of the set has that value."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = _plain(Decimal(repr(value))) if isinstance(value, float) else str(value)
        same = [c for c in codes if _numeric_equal(c, text)]
        return (same[0], True) if len(same) == 1 else (None, False)
    text = clean_text(str(value)).strip(_QUOTES).replace(" ", "").rstrip(".")
    return text or None, True


def _numeric_equal(code: str, text: str) -> bool:
    try:
        return Decimal(code) == Decimal(text)
    except ArithmeticError:
        return False


def check_identity(
    form: ReadForm, dossier: Dossier, criteria: CriteriaSet, chash: str
) -> list[Finding]:
    ident = form.identity
    if ident.get("format") != FORMAT_NAME:
        return [
            make(
                "F005",
                f"Tệp {form.display} không phải phiếu tự chấm do parcli xuất (không có "
                'trang nhận dạng "parcli", có thể đã bị xóa hoặc nội dung được chép sang tệp mới)',
                REEXPORT,
                file=form.display,
            )
        ]
    try:
        version = int(ident.get("version", ""))
    except ValueError:
        version = -1
    if not 1 <= version <= FORMAT_VERSION:
        return [
            make(
                "F010",
                f"Phiếu {form.display} theo định dạng phiên bản {ident.get('version')}, "
                f"parcli này đọc phiên bản 1 đến {FORMAT_VERSION}",
                "Cập nhật parcli, hoặc xuất lại phiếu bằng parcli này.",
                file=form.display,
            )
        ]
    findings: list[Finding] = []
    if ident.get("agency") != dossier.agency.name:
        findings.append(
            make(
                "F006",
                f'Phiếu {form.display} là của cơ quan "{ident.get("agency")}", không phải '
                f"của hồ sơ này ({dossier.agency.name})",
                "Kiểm tra đã chọn đúng hồ sơ và đúng tệp; " + REEXPORT,
                file=form.display,
            )
        )
    if ident.get("year") != str(dossier.year):
        findings.append(
            make(
                "F007",
                f"Phiếu {form.display} là của năm {ident.get('year')}, hồ sơ này là năm "
                f"{dossier.year}",
                "Dùng phiếu của năm " + str(dossier.year) + ". " + REEXPORT,
                file=form.display,
            )
        )
    division = ident.get("division", "")
    if dossier.division(division) is None:
        findings.append(
            make(
                "F008",
                f"Phiếu {form.display} là của đơn vị '{division}', không có trong dossier.yaml",
                "Kiểm tra mã đơn vị trong dossier.yaml; " + REEXPORT,
                file=form.display,
                division=division or None,
            )
        )
    if ident.get("criteria") != criteria.id:
        findings.append(
            make(
                "F009",
                f"Phiếu {form.display} lập theo bộ tiêu chí '{ident.get('criteria')}', hồ "
                f"sơ dùng bộ '{criteria.id}'",
                REEXPORT,
                file=form.display,
            )
        )
    elif ident.get("criteria_hash") != chash:
        exported = ident.get("exported", "")
        findings.append(
            make(
                "F009",
                f"Bộ tiêu chí {criteria.id} đã thay đổi sau khi xuất phiếu {form.display} "
                f"(xuất ngày {_dmy(exported)}): điểm tối đa, bước điểm hoặc tên tiêu chí có thể "
                "khác",
                REEXPORT,
                file=form.display,
            )
        )
    return findings


def _dmy(iso: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso or "?"


@dataclasses.dataclass
class _Rows:
    """What reading the rows of one form needs: the set, the division, its leaves, the
    findings so far and the rows already read (code -> its "Mã" cell)."""

    form: ReadForm
    criteria: CriteriaSet
    division: str
    lead: dict[str, str]
    findings: list[Finding]
    nodes: dict[str, Area | Criterion | Component] = dataclasses.field(default_factory=dict)
    leaves: dict[str, Leaf] = dataclasses.field(default_factory=dict)
    seen: dict[str, FormCell] = dataclasses.field(default_factory=dict)

    def at(self, cell: FormCell, code: str | None = None) -> Where:
        where = self.form.at(cell)
        where["criterion"] = code
        where["division"] = self.division
        return where


def apply_form(
    form: ReadForm,
    dossier: Dossier,
    criteria: CriteriaSet,
    chash: str,
    lead: dict[str, str],
    answers: dict[str, Answer],
) -> FormImport:
    """Compare ``form`` with the division's current ``answers`` (``lead``: leaf → division)."""
    findings = list(form.findings)
    result = FormImport(
        form=form, division=None, answers=dict(answers), changes=[], findings=findings
    )
    if not form.readable:
        return result
    ident_findings = check_identity(form, dossier, criteria, chash)
    findings.extend(ident_findings)
    if ident_findings:
        return result
    division = form.identity["division"]
    result.division = division
    findings[:] = [dataclasses.replace(f, division=f.division or division) for f in findings]
    rows = _Rows(
        form,
        criteria,
        division,
        lead,
        findings,
        nodes={node.code: node for _, node in criteria.nodes()},
        leaves={leaf.code: leaf for leaf in criteria.leaves()},
    )
    mine = [code for code, div in lead.items() if div == division]
    for row in form.rows:
        code = _leaf_code(rows, row)
        if code is None:
            continue
        rows.seen[code] = row.cells["code"]
        _apply_row(result, row, code, division, answers.get(code), rows.at, rows.nodes[code].name)
    _missing_rows(rows, mine)
    return result


def _leaf_code(rows: _Rows, row: FormRow) -> str | None:
    """The code of a row the division may fill in, or None (with a finding when the row says
    something that is not read)."""
    code_cell = row.cells["code"]
    code, usable = (
        (None, False)
        if code_cell.covered or code_cell.empty
        else (_code(code_cell, set(rows.nodes)))
    )
    numeric = isinstance(code_cell.value, (int, float)) and not isinstance(code_cell.value, bool)
    if numeric and not _numeric_code(rows, code_cell, code, usable):
        return None
    if code is None:
        if row.has_input():
            rows.findings.append(
                make(
                    "F022",
                    f"Dòng {row.row} có nội dung nhưng không có mã ở cột Mã; dòng này "
                    "không được đọc",
                    "Ghi mã tiêu chí vào cột Mã, hoặc chuyển nội dung sang dòng có mã.",
                    at=rows.at(code_cell),
                )
            )
        return None
    if code not in rows.nodes:
        rows.findings.append(
            make(
                "F012",
                f"Mã {code} (ô {code_cell.cell}) không có trong bộ tiêu chí {rows.criteria.id}",
                'Sửa mã đúng như phiếu đã xuất (ví dụ "1.10" khác "1.1").',
                at=rows.at(code_cell, code),
            )
        )
        return None
    if code not in rows.leaves:
        if row.has_input():
            rows.findings.append(
                make(
                    "F022",
                    f"Dòng {row.row} ({code}) là lĩnh vực hoặc tiêu chí có tiêu chí "
                    "thành phần, không chấm điểm; nội dung điền ở dòng này không được đọc",
                    "Điền ở các dòng tiêu chí thành phần bên dưới.",
                    at=rows.at(code_cell, code),
                )
            )
        return None
    if rows.lead.get(code) != rows.division:
        _not_assigned(rows, row, code_cell, code)
        return None
    if code in rows.seen:
        rows.findings.append(
            make(
                "F014",
                f"Mã {code} có hai dòng trong phiếu (ô {rows.seen[code].cell} và "
                f"{code_cell.cell}); không biết dùng dòng nào",
                "Xóa một trong hai dòng, giữ dòng đúng.",
                at=rows.at(code_cell, code),
            )
        )
        return None
    return code


def _numeric_code(rows: _Rows, code_cell: FormCell, code: str | None, usable: bool) -> bool:
    """A "Mã" cell Excel made a number: a warning when it reads as one code (True), else an
    error (False: the row is not read)."""
    if usable:
        rows.findings.append(
            make(
                "F015",
                f"Ô mã {code_cell.cell} là số {code_cell.value}, không phải chữ; "
                f"parcli đọc là mã {code}",
                "Định dạng cột Mã là Văn bản (Text), gõ lại mã.",
                severity=Severity.WARNING,
                at=rows.at(code_cell, code),
            )
        )
        return True
    rows.findings.append(
        make(
            "F015",
            f"Ô mã {code_cell.cell} là số {code_cell.value}: Excel có thể đã đổi "
            "mã (ví dụ 1.10 thành 1.1), không biết là mã nào",
            "Định dạng ô là Văn bản (Text) rồi gõ lại mã đúng như phiếu đã xuất (ví dụ 1.10).",
            at=rows.at(code_cell),
        )
    )
    return False


def _not_assigned(rows: _Rows, row: FormRow, code_cell: FormCell, code: str) -> None:
    """A leaf of another division (or of none): a warning if the row is as exported, else an
    error."""
    owner = rows.lead.get(code)
    whose = (
        f"giao cho đơn vị '{owner}'"
        if owner
        else "không giao cho đơn vị nào hoặc chấm bằng điều tra xã hội học"
    )
    if _as_exported(rows.form, row, code):  # assigned elsewhere since; nothing typed here
        rows.findings.append(
            make(
                "F013",
                f"Tiêu chí {code} (ô {code_cell.cell}) nay {whose}; dòng này không "
                "được sửa trong phiếu nên được bỏ qua",
                "Xuất lại phiếu theo phân công mới.",
                severity=Severity.WARNING,
                at=rows.at(code_cell, code),
            )
        )
        return
    rows.findings.append(
        make(
            "F013",
            f"Tiêu chí {code} (ô {code_cell.cell}) {whose}, không phải của '{rows.division}'",
            "Xóa dòng này; nếu phân công đã đổi, sửa assignments trong "
            "dossier.yaml rồi xuất lại phiếu.",
            at=rows.at(code_cell, code),
        )
    )


def _missing_rows(rows: _Rows, mine: list[str]) -> None:
    """The division's leaves that have no row in the form: their answers stay."""
    form = rows.form
    for code in mine:
        if code not in rows.seen:
            rows.findings.append(
                make(
                    "F021",
                    f"Tiêu chí {code} được giao cho '{rows.division}' nhưng không có dòng trong "
                    "phiếu; trả lời hiện có được giữ nguyên",
                    "Nếu dòng bị xóa nhầm, xuất lại phiếu.",
                    file=form.display,
                    sheet=form.sheet,
                    criterion=code,
                    division=rows.division,
                )
            )


def _typed(field: str, cell: FormCell) -> str:
    """A cell as text, to compare with the text it had when exported."""
    if field == "score":
        score, error = _score(cell)
        return (
            _plain(score) if score is not None and not error else clean_text(str(cell.value or ""))
        )
    return clean_text(_text_of(cell.value) or "")


def _as_exported(form: ReadForm, row: FormRow, code: str) -> bool:
    """Whether every input cell of the row is as it was exported (nothing typed)."""
    exported = form.base.get(code)
    if exported is None:
        return False
    return all(
        _typed(field, cell) == clean_text(exported.get(field, ""))
        for field, cell in row.cells.items()
        if field in FIELDS and not cell.covered
    )


def _apply_row(
    result: FormImport,
    row: FormRow,
    code: str,
    division: str,
    old: Answer | None,
    at: Any,
    name: str,
) -> None:
    base = old or Answer()
    now = answer_texts(old, division)
    untouched, dossier_changed = _compare_with_export(result.form.base.get(code), row, now)
    values = _form_values(result, row, code, division, base, at, untouched)
    try:
        new = _with_values(base, values)
    except ValueError as exc:
        result.findings.append(
            make(
                "F016",
                f"Dòng {row.row} ({code}) không đọc được: {exc}",
                at=at(row.cells["code"], code),
            )
        )
        return
    if _edited_on_both_sides(result, row, code, division, base, new, dossier_changed, at):
        return
    changes = _field_changes(old, base, new)
    if changes:
        result.answers[code] = new
        result.changes.append(CriterionChange(code, name, changes, old is None))


def _compare_with_export(
    exported: dict[str, str] | None, row: FormRow, now: dict[str, str]
) -> tuple[set[str], set[str]]:
    """The fields whose cell is as exported (untouched), and those the dossier changed since
    the export."""
    dossier_changed: set[str] = set()
    untouched: set[str] = set()
    for field in FIELDS:
        cell = row.cells.get(field)
        if cell is None or exported is None or field not in exported:
            continue
        was = clean_text(exported[field])
        if not cell.covered and _typed(field, cell) == was:
            untouched.add(field)  # the division did not touch it: the dossier's value stays
        elif clean_text(now[field]) != was:
            dossier_changed.add(field)
    return untouched, dossier_changed


def _form_values(
    result: FormImport,
    row: FormRow,
    code: str,
    division: str,
    base: Answer,
    at: Any,
    untouched: set[str],
) -> dict[str, Any]:
    """The values the form's cells give, field by field (findings for cells not read)."""
    findings = result.findings
    values: dict[str, Any] = {}
    for field in FIELDS:
        cell = row.cells.get(field)
        if cell is None or field in untouched:
            continue  # the form has no such column, or the cell is as exported: kept
        if cell.covered:
            # Excel shows the merged text here too: say that it is not read
            findings.append(
                make(
                    "F022",
                    f"Ô {cell.cell} ({LABELS[field]}) nằm trong vùng gộp ô; giá trị cũ "
                    "được giữ nguyên",
                    "Bỏ gộp ô (Unmerge) và điền riêng cho từng tiêu chí.",
                    at=at(cell, code),
                )
            )
            continue
        if cell.formula is not None and cell.value is None:
            continue  # F017 already
        if field == "score":
            score, error = _score(cell)
            if error:
                findings.append(
                    make(
                        "F016",
                        f"Điểm tự chấm ở ô {cell.cell} không đọc được: {error}",
                        "Gõ một số, ví dụ 1 hoặc 0,5; để trống nếu chưa chấm.",
                        at=at(cell, code),
                    )
                )
                continue
            values["score"] = score
        elif field in ("evidence", "response_evidence"):
            items = _evidence(result, cell, code, division, field_value(base, field), at, field)
            if items is not None:
                values[field] = items
        else:
            text = _text_of(cell.value)
            old_text = field_value(base, field)
            values[field] = old_text if text == (old_text or None) else text
    return values


def _edited_on_both_sides(
    result: FormImport,
    row: FormRow,
    code: str,
    division: str,
    base: Answer,
    new: Answer,
    dossier_changed: set[str],
    at: Any,
) -> bool:
    """A field changed in the dossier since the export and also in the form: F025 (True)."""
    for field in sorted(dossier_changed, key=FIELDS.index):
        if field_value(new, field) != field_value(base, field):
            cell = row.cells[field]
            result.findings.append(
                make(
                    "F025",
                    f"{LABELS[field]} của tiêu chí {code} đã được sửa trong hồ sơ sau khi "
                    f"xuất phiếu (ngày {_dmy(result.form.identity.get('exported', ''))}), và phiếu "
                    f"cũng sửa ô {cell.cell}: hồ sơ {describe(field, field_value(base, field))}, "
                    f"phiếu {describe(field, field_value(new, field))}",
                    f"Chọn một: sửa ô trong phiếu cho giống hồ sơ rồi nhập lại, hoặc sửa tay "
                    f"divisions/{division}.yaml; lần sau xuất lại phiếu trước khi gửi đơn vị.",
                    at=at(cell, code),
                )
            )
            return True
    return False


def _field_changes(old: Answer | None, base: Answer, new: Answer) -> list[FieldChange]:
    """What the import changes in one answer, field by field, as the user reads it."""
    changes = []
    for field in FIELDS:
        if field_value(new, field) == field_value(base, field):
            continue
        before = describe(field, field_value(old, field))
        after = describe(field, field_value(new, field))
        if before == after:  # the same files: what changed is their details
            after += " (sửa số ký hiệu, ngày, trích yếu hoặc phần)"
        changes.append(FieldChange(field, before, after))
    return changes


def _evidence(
    result: FormImport,
    cell: FormCell,
    code: str,
    division: str,
    old: list[Evidence],
    at: Any,
    field: str = "evidence",
) -> list[Evidence] | None:
    text = _text_of(cell.value) or ""
    items: list[Evidence] = []
    unused = list(old)
    ok = True
    for n, line in enumerate((ln for ln in text.split("\n") if ln.strip()), start=1):
        line = line.strip().lstrip("-•*").strip()
        try:
            parsed = parse_evidence_line(line)
        except EvidenceLineError as exc:
            result.findings.append(
                make(
                    "F018",
                    f"{LABELS[field]} ở ô {cell.cell}, dòng {n}: {exc}",
                    "Mỗi dòng một tài liệu: tên tệp | số ký hiệu | dd/mm/yyyy | trích yếu | phần.",
                    at=at(cell, code),
                )
            )
            ok = False
            continue
        path = parsed.path
        if "/" not in path:
            same = next((e for e in unused if e.path.rsplit("/", 1)[-1] == path), None)
            if same is None:
                same = next(
                    (e for e in unused if e.path.rsplit("/", 1)[-1].casefold() == path.casefold()),
                    None,
                )
            if same is not None:
                path = same.path
            else:
                path = safe_name(path)  # the name the file gets when it is taken in
                result.evidence_names.add(path)
                path = f"{division_folder(division)}/{path}"
        base = next((e for e in unused if e.path == path), None)
        if base is not None:
            unused.remove(base)
        values = {
            "path": path,
            "number": parsed.number,
            "issued": parsed.issued,
            "title": parsed.title,
            "part": parsed.part,
        }
        if base is not None:
            # a line cannot hold a line break: an unchanged text with one is kept as it was
            for key in ("number", "title", "part"):
                before = getattr(base, key)
                if before and values[key] == before.replace("\n", " "):
                    values[key] = before
            items.append(base.model_copy(update=values))
        else:
            items.append(Evidence.model_validate(values))
    return items if ok else None


def describe(field: str, value: object) -> str:
    """A value as shown in the list of changes."""
    if value is None or value == [] or value == "":
        return "(trống)"
    if field == "score" and isinstance(value, Decimal):
        return format_decimal(value)
    if field in ("evidence", "response_evidence") and isinstance(value, list):
        names = [e.path.rsplit("/", 1)[-1] for e in value if isinstance(e, Evidence)]
        return ", ".join(names)
    text = " ".join(str(value).split())
    return f'"{text[:70]}…"' if len(text) > 70 else f'"{text}"'
