"""Write one division form (``phieu-tu-cham-<division>-<year>.xlsx``).

Sheets: "Hướng dẫn" (who, what, until when, how to fill), "Phiếu tự chấm" (the leaves the
division leads, pre-filled, with the current findings in "Ghi chú kiểm tra"), and two hidden
sheets: "parcli" identifies the form, "Mức điểm" holds the values of the score drop-downs.
Structure cells are locked (sheet protection without a password), input cells are not. The
file is deterministic: the same content and date give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from parcli.forms.layout import (
    BASE_KEYS,
    EVIDENCE_FIELDS,
    RESPONSE_KEYS,
    SHEET_BASE,
    SHEET_FORM,
    SHEET_GUIDE,
    SHEET_ID,
    SHEET_LEVELS,
    Column,
    FormIdentity,
    answer_texts,
    division_folder,
    form_columns,
)
from parcli.model import Answer, CriteriaSet, Division, Dossier, Leaf
from parcli.render.xlsx.layout import MIDDLE_CENTER, TOP_CENTER, TOP_LEFT, put_text
from parcli.render.xlsx.workbook import row_height, save_workbook, text_lines
from parcli.text import format_date, format_decimal

FONT_NAME = "Times New Roman"
SIZE = 12
MAX_LEVELS = 200  # more allowed values than this: a range check instead of a drop-down

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_HEADER = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
_FILL_AREA = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_FILL_CRITERION = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
_FILL_INPUT = PatternFill(fill_type="solid", start_color="FFFDE7", end_color="FFFDE7")
_FILL_NOTES = PatternFill(fill_type="solid", start_color="FCE4D6", end_color="FCE4D6")
_RED = "C00000"
_UNLOCKED = Protection(locked=False)

Sheet = Any  # openpyxl worksheets are untyped


@dataclasses.dataclass(frozen=True)
class LastYearCells:
    """Last year's figure of one leaf (the one that counts) and why points were lost."""

    score: Decimal | None
    reason: str | None


@dataclasses.dataclass(frozen=True)
class AppraisalCells:
    """Round 1 of the appraisal for one leaf, while the giải trình is open."""

    score: Decimal | None
    opinion: str | None
    requested: bool
    explain: bool  # a deduction or a request: the answer goes into the báo cáo giải trình


@dataclasses.dataclass(frozen=True)
class FormContent:
    """Everything one division's form shows."""

    dossier: Dossier
    criteria: CriteriaSet
    criteria_hash: str
    division: Division
    leaves: Sequence[Leaf]  # the leaves the division leads, in criteria order
    answers: dict[str, Answer]
    notes: dict[str, list[str]]  # leaf code -> "Ghi chú kiểm tra" lines
    coordinator: str  # who the form goes back to
    day: dt.date  # the export date (also the file's dates: same day, same bytes)
    last_year: dict[str, LastYearCells] | None = None  # with last_year.yaml: leaf -> cells
    last_year_no: int | None = None  # the year last_year.yaml is of
    appraisal: dict[str, AppraisalCells] | None = None  # while a giải trình is open
    explanation_before: dt.date | None = None  # the giải trình deadline

    @property
    def columns(self) -> tuple[Column, ...]:
        return form_columns(
            last_year=self.last_year is not None, appraisal=self.appraisal is not None
        )

    @property
    def input_keys(self) -> tuple[str, ...]:
        return BASE_KEYS + (RESPONSE_KEYS if self.appraisal is not None else ())


def _font(
    size: int = SIZE, *, bold: bool = False, italic: bool = False, color: str | None = None
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


def _number(value: Decimal) -> int | Decimal:
    exact = Decimal(format(value, "f"))
    return int(exact) if exact == exact.to_integral_value() else exact


def levels(leaf: Leaf) -> list[Decimal] | None:
    """0, step, 2·step … max; None without a step (or too many values for a list)."""
    step = leaf.step
    if step is None or step <= 0:
        return None
    count = int(leaf.max_score / step)
    if count + 1 > MAX_LEVELS:
        return None
    values = [step * i for i in range(count + 1)]
    if values[-1] != leaf.max_score:
        values.append(leaf.max_score)
    return values


def _new_workbook() -> Any:
    wb = Workbook()
    base = _font()
    wb._fonts = IndexedList([base])  # unstyled cells use Times New Roman too
    wb._named_styles["Normal"].font = base
    return wb


def write_form(content: FormContent, path: Path) -> None:
    wb = _new_workbook()
    guide = wb.active
    guide.title = SHEET_GUIDE
    form = wb.create_sheet(SHEET_FORM)
    ident = wb.create_sheet(SHEET_ID)
    lists = wb.create_sheet(SHEET_LEVELS)
    base = wb.create_sheet(SHEET_BASE)
    _write_guide(content, guide)
    _write_form(content, form, lists)
    _write_identity(content, ident)
    _write_base(content, base)
    for ws in (ident, lists, base):
        ws.sheet_state = "hidden"
    wb.active = 1
    guide.sheet_view.tabSelected = False
    form.sheet_view.tabSelected = True
    save_workbook(
        wb,
        path,
        content.day,
        title=f"Phiếu tự chấm điểm PAR INDEX {content.dossier.year}: {content.division.name}",
    )


# --------------------------------------------------------------------------- identity


def identity(content: FormContent) -> FormIdentity:
    from parcli.forms.layout import FORMAT_NAME, FORMAT_VERSION

    return FormIdentity(
        format=FORMAT_NAME,
        version=FORMAT_VERSION,
        agency=content.dossier.agency.name,
        abbreviation=content.dossier.agency.abbreviation,
        year=content.dossier.year,
        criteria_id=content.criteria.id,
        criteria_hash=content.criteria_hash,
        division=content.division.id,
        division_name=content.division.name,
        exported=content.day,
    )


def _write_identity(content: FormContent, ws: Sheet) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 50
    put_text(ws.cell(row=1, column=1), "Trang nhận dạng phiếu của parcli: không sửa, không xóa.")
    for r, (key, value) in enumerate(identity(content).rows(), start=2):
        put_text(ws.cell(row=r, column=1), key)
        put_text(ws.cell(row=r, column=2), value)
    ws.protection.sheet = True


def _write_base(content: FormContent, ws: Sheet) -> None:
    keys = content.input_keys
    for c, key in enumerate(("code", *keys), start=1):
        put_text(ws.cell(row=1, column=c), key)
    for r, leaf in enumerate(content.leaves, start=2):
        put_text(ws.cell(row=r, column=1), leaf.code)
        texts = answer_texts(content.answers.get(leaf.code), content.division.id)
        for c, key in enumerate(keys, start=2):
            put_text(ws.cell(row=r, column=c), texts[key])
    ws.protection.sheet = True


# --------------------------------------------------------------------------- "Hướng dẫn"


def _guide_lines(content: FormContent) -> list[tuple[str, str]]:
    d, c, div = content.dossier, content.criteria, content.division
    criteria = f"{c.title} ({c.id})"
    if not c.is_official:
        criteria += ": bộ MINH HỌA, không phải bộ tiêu chí chính thức; chỉ dùng để thử nghiệm"
    folder = division_folder(div.id)
    fields = " | ".join(
        {
            "path": "tên tệp",
            "number": "số ký hiệu",
            "issued": "ngày ban hành",
            "title": "trích yếu",
            "part": "phần có giá trị kiểm chứng",
        }[f]
        for f in EVIDENCE_FIELDS
    )
    return [
        ("Cơ quan", f"{d.agency.name} ({d.agency.parent})"),
        ("Đơn vị", f"{div.name} (mã {div.id})"),
        ("Năm đánh giá", str(d.year)),
        ("Bộ tiêu chí", criteria),
        ("Số tiêu chí được giao", str(len(content.leaves))),
        (
            "Hạn gửi lại",
            f"{format_date(d.window.end)} (ngày cuối của thời gian tự chấm, "
            f"từ {format_date(d.window.start)}).",
        ),
        (
            "Gửi lại cho",
            f"{content.coordinator}: gửi tệp Excel này (giữ nguyên tên tệp) cùng "
            "các tệp tài liệu kiểm chứng (một thư mục hoặc một tệp .zip).",
        ),
        ("Ngày xuất phiếu", format_date(content.day)),
        ("", ""),
        (
            "Cách điền",
            'Điền ở trang "Phiếu tự chấm", chỉ các ô nền vàng nhạt; các ô khác '
            "bị khóa (không cần mật khẩu để mở khóa, nhưng đừng sửa mã tiêu chí).",
        ),
        (
            "Điểm tự chấm",
            "Chọn trong danh sách (0 đến điểm tối đa, theo bước điểm) hoặc gõ "
            "số, ví dụ 0,5. Để trống nếu chưa chấm.",
        ),
        (
            "Giải trình / thuyết minh",
            "Cách tính điểm, căn cứ; bắt buộc khi có điểm mà không có tài liệu kiểm chứng.",
        ),
        (
            "Tài liệu kiểm chứng",
            "Mỗi tài liệu một dòng (Alt+Enter để xuống dòng trong ô): "
            f"{fields}. Chỉ tên tệp là bắt buộc, các phần sau có thể bỏ. "
            f"Ví dụ: ke-hoach-cchc.pdf | 35/KH-{d.agency.abbreviation} | "
            f"06/02/{d.year} | Kế hoạch cải cách hành chính năm {d.year} | "
            "mục II, trang 3",
        ),
        ("Nguyên nhân bị trừ điểm", "Ghi khi điểm tự chấm thấp hơn điểm tối đa."),
        ("Giải pháp khắc phục", "Việc sẽ làm để khắc phục tồn tại, hạn chế (nếu có)."),
        *_optional_guide_lines(content),
        (
            "Ghi chú kiểm tra",
            "Do parcli ghi khi xuất phiếu: những gì còn thiếu hoặc sai (thiếu "
            "tệp, điểm không đúng bước…). Không cần sửa cột này.",
        ),
        (
            "Đặt tên tệp tài liệu",
            "Tên ngắn, không dấu hoặc có dấu đều được, không dùng các ký "
            'tự \\ / : * ? " < > |; ví dụ ke-hoach-cchc-2023.pdf. Tên '
            "ghi trong phiếu phải đúng tên tệp gửi kèm. Văn phòng chép "
            f"các tệp vào thư mục {folder}/ của hồ sơ.",
        ),
        (
            "Gửi tài liệu",
            "Gửi kèm tất cả các tệp đã ghi trong cột Tài liệu kiểm chứng, trong "
            "một thư mục hoặc nén thành một tệp .zip.",
        ),
        (
            "Lưu ý",
            "Có thể thêm dòng, cột, đổi màu, sắp xếp lại: parcli đọc theo mã ở cột Mã "
            "và theo tên cột. Không đổi tên các cột, không xóa các trang ẩn (parcli dùng "
            "chúng để nhận ra phiếu và biết ô nào đã được sửa).",
        ),
    ]


def _optional_guide_lines(content: FormContent) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if content.last_year is not None:
        year = content.last_year_no
        lines += [
            (
                "Năm trước",
                f"Do parcli ghi: điểm năm {year} của tiêu chí (điểm công bố; nếu không có thì "
                "điểm thẩm định vòng 2, vòng 1; cuối cùng là điểm tự chấm). Không cần sửa.",
            ),
            (
                "Nguyên nhân bị trừ điểm năm trước",
                f"Do parcli ghi: ý kiến thẩm định năm {year} (nếu không có thì nguyên nhân Sở "
                "tự nêu). Nêu cách khắc phục ở cột Giải pháp khắc phục.",
            ),
        ]
    if content.appraisal is not None:
        due = (
            f" Hạn gửi giải trình: trước ngày {format_date(content.explanation_before)}."
            if content.explanation_before
            else ""
        )
        lines += [
            (
                "Điểm thẩm định vòng 1, Ý kiến thẩm định",
                "Do parcli ghi theo kết quả thẩm định vòng 1 của Hội đồng thẩm định. Không sửa "
                "điểm thẩm định; trả lời ở hai cột bên cạnh." + due,
            ),
            (
                "Giải trình (thẩm định)",
                "Chỉ điền ở các tiêu chí bị trừ điểm hoặc được yêu cầu giải trình (ô nền vàng "
                'nhạt; "Ghi chú kiểm tra" ghi rõ tiêu chí được yêu cầu): vì sao giữ điểm tự '
                "chấm, tài liệu bổ sung chứng minh điều gì.",
            ),
            (
                "Tài liệu kiểm chứng bổ sung",
                "Tài liệu gửi thêm cho giải trình, mỗi tài liệu một dòng, cùng cách ghi như cột "
                "Tài liệu kiểm chứng.",
            ),
        ]
    return lines


def _write_guide(content: FormContent, ws: Sheet) -> None:
    widths = (26, 100)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    title = f"PHIẾU TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {content.dossier.year}"
    ws.merge_cells("A1:B1")
    put_text(ws["A1"], title)
    ws["A1"].font = _font(14, bold=True)
    ws["A1"].alignment = MIDDLE_CENTER
    ws.row_dimensions[1].height = row_height(1, 14) + 6
    row = 2
    if not content.criteria.is_official:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = ws.cell(row=row, column=1)
        put_text(cell, "MINH HỌA: bộ tiêu chí của phiếu này không phải bộ chính thức.")
        cell.font = _font(bold=True, color=_RED)
        cell.alignment = MIDDLE_CENTER
        row += 1
    row += 1
    for label, text in _guide_lines(content):
        a, b = ws.cell(row=row, column=1), ws.cell(row=row, column=2)
        put_text(a, label)
        put_text(b, text)
        a.font = _font(bold=True)
        b.font = _font()
        a.alignment = b.alignment = TOP_LEFT
        if text:
            lines = max(
                text_lines(text, widths[1], SIZE), text_lines(label, widths[0], SIZE, bold=True)
            )
            ws.row_dimensions[row].height = row_height(lines, SIZE)
        row += 1
    _page(ws, None, 2, row - 1, portrait=True)
    ws.protection.sheet = True


# --------------------------------------------------------------------------- "Phiếu tự chấm"


def _rows(content: FormContent) -> list[tuple[int, str, str, Leaf | None]]:
    """(depth, code, name, leaf or None) for the headings and leaves shown, criteria order."""
    mine = {leaf.code: leaf for leaf in content.leaves}
    rows: list[tuple[int, str, str, Leaf | None]] = []
    for area in content.criteria.areas:
        area_rows: list[tuple[int, str, str, Leaf | None]] = []
        for crit in area.criteria:
            if not crit.components:
                if crit.code in mine:
                    area_rows.append((2, crit.code, crit.name, mine[crit.code]))
                continue
            comps = [(3, c.code, c.name, mine[c.code]) for c in crit.components if c.code in mine]
            if comps:
                area_rows.append((2, crit.code, crit.name, None))
                area_rows.extend(comps)
        if area_rows:
            rows.append((1, area.code, area.name, None))
            rows.extend(area_rows)
    return rows


def _write_form(content: FormContent, ws: Sheet, lists: Sheet) -> None:
    columns = content.columns
    ncols = len(columns)
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    header = _write_title(content, ws) + 2
    _write_header(columns, ws, header)
    col_of = {col.key: i for i, col in enumerate(columns, start=1)}
    row = header
    list_row = 0
    validations: dict[str, DataValidation] = {}
    for depth, code, name, leaf in _rows(content):
        row += 1
        _start_row(ws, row, ncols, col_of, code, name, depth, leaf)
        values: dict[str, str | None] = {"code": code, "name": name}
        if leaf is None:
            ws.row_dimensions[row].height = _fit(columns, values, depth)
            continue
        _write_leaf(content, ws, row, col_of, leaf, values, depth)
        ref = f"{get_column_letter(col_of['score'])}{row}"
        list_row = _score_check(leaf, ref, lists, list_row, validations)
    for dv in validations.values():
        ws.add_data_validation(dv)
    _page(ws, header, ncols, row, portrait=False)
    ws.freeze_panes = ws.cell(row=header + 1, column=col_of["max"])  # code and name stay
    p = ws.protection
    p.sheet = True
    p.formatRows = p.formatColumns = p.formatCells = False  # resizing and colours stay possible
    p.autoFilter = p.sort = False


def _write_title(content: FormContent, ws: Sheet) -> int:
    """The title lines above the table (merged across it); returns how many."""
    columns = content.columns
    ncols = len(columns)
    total_width = sum(c.width for c in columns)
    d = content.dossier
    top = [
        (f"PHIẾU TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {d.year}", _font(14, bold=True)),
        (f"{content.division.name} – {d.agency.name}", _font(13, bold=True)),
        (
            f"Hạn gửi lại: {format_date(d.window.end)}, cho {content.coordinator}. Chỉ điền các "
            'ô nền vàng nhạt; xem trang "Hướng dẫn".',
            _font(12, italic=True),
        ),
    ]
    if not content.criteria.is_official:
        top.append(
            (
                "MINH HỌA: bộ tiêu chí không phải bộ chính thức, chỉ dùng để thử nghiệm.",
                _font(12, bold=True, color=_RED),
            )
        )
    for r, (text, font) in enumerate(top, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        cell = ws.cell(row=r, column=1)
        put_text(cell, text)
        cell.font = font
        cell.alignment = MIDDLE_CENTER
        size = float(font.sz or SIZE)
        ws.row_dimensions[r].height = row_height(
            text_lines(text, total_width, size, bold=bool(font.b)), size
        )
    return len(top)


def _write_header(columns: Sequence[Column], ws: Sheet, header: int) -> None:
    """The column headers, in row ``header``."""
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=header, column=c)
        put_text(cell, col.header)
        cell.font = _font(bold=True)
        cell.alignment = MIDDLE_CENTER
        cell.border = _BORDER
        cell.fill = _FILL_NOTES if col.key == "notes" else _FILL_HEADER
    ws.row_dimensions[header].height = row_height(
        max(text_lines(c.header, c.width - 1, SIZE, bold=True) for c in columns), SIZE
    )


def _start_row(
    ws: Sheet,
    row: int,
    ncols: int,
    col_of: dict[str, int],
    code: str,
    name: str,
    depth: int,
    leaf: Leaf | None,
) -> None:
    """Borders and fonts of a row (headings shaded), its code (as text) and name."""
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.border = _BORDER
        cell.alignment = TOP_LEFT
        cell.font = _font(bold=leaf is None)
        if leaf is None:
            cell.fill = _FILL_AREA if depth == 1 else _FILL_CRITERION
    put_text(ws.cell(row=row, column=col_of["code"]), code)
    ws.cell(row=row, column=col_of["code"]).number_format = "@"
    put_text(ws.cell(row=row, column=col_of["name"]), name)


def _write_leaf(
    content: FormContent,
    ws: Sheet,
    row: int,
    col_of: dict[str, int],
    leaf: Leaf,
    values: dict[str, str | None],
    depth: int,
) -> None:
    """A leaf's cells: maximum, rule, score and texts; its input cells open, its height."""
    answer = content.answers.get(leaf.code) or Answer()
    max_cell = ws.cell(row=row, column=col_of["max"])
    max_cell.value = _number(leaf.max_score)
    max_cell.number_format = "General"
    max_cell.alignment = TOP_CENTER
    rule = leaf.rule or ""
    if leaf.step is not None:
        rule = (rule + "\n" if rule else "") + f"Bước điểm: {format_decimal(leaf.step)}"
    put_text(ws.cell(row=row, column=col_of["rule"]), rule)
    score = ws.cell(row=row, column=col_of["score"])
    score.value = None if answer.score is None else _number(answer.score)
    score.number_format = "General"
    score.alignment = TOP_CENTER
    shown = answer_texts(answer, content.division.id)
    texts: dict[str, str | None] = {key: shown[key] for key in content.input_keys if key != "score"}
    texts["notes"] = "\n".join(content.notes.get(leaf.code, []))
    texts.update(_read_only_texts(content, leaf, row, col_of, ws))
    for key, value in texts.items():
        cell = ws.cell(row=row, column=col_of[key])
        put_text(cell, value)
        cell.number_format = "@"
    for key in _open_inputs(content, leaf.code, answer):
        cell = ws.cell(row=row, column=col_of[key])
        cell.protection = _UNLOCKED
        cell.fill = _FILL_INPUT
    ws.cell(row=row, column=col_of["notes"]).font = _font(11, color=_RED)
    values.update(texts)
    values["rule"] = rule
    ws.row_dimensions[row].height = _fit(content.columns, values, depth)


def _score_check(
    leaf: Leaf, ref: str, lists: Sheet, list_row: int, validations: dict[str, DataValidation]
) -> int:
    """The score cell's check: a drop-down of the levels (listed on the hidden sheet) or a
    range; one validation per list or range. Returns the last row used on ``lists``."""
    allowed = levels(leaf)
    if allowed is not None:
        list_row += 1
        put_text(lists.cell(row=list_row, column=1), leaf.code)
        for i, level in enumerate(allowed, start=2):
            lists.cell(row=list_row, column=i).value = _number(level)
        last = get_column_letter(len(allowed) + 1)
        formula = f"'{SHEET_LEVELS}'!$B${list_row}:${last}${list_row}"
        dv = validations.get(formula)
        if dv is None:
            dv = _validation(
                DataValidation(type="list", formula1=formula, allow_blank=True),
                "Các mức điểm: " + "; ".join(format_decimal(v) for v in allowed),
            )
            validations[formula] = dv
        dv.add(ref)
        return list_row
    key = f"decimal:{leaf.max_score}"
    dv = validations.get(key)
    if dv is None:
        dv = _validation(
            DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=format(leaf.max_score, "f"),
                allow_blank=True,
            ),
            f"Điểm từ 0 đến {format_decimal(leaf.max_score)}",
        )
        validations[key] = dv
    dv.add(ref)
    return list_row


def _validation(dv: DataValidation, prompt: str) -> DataValidation:
    dv.errorStyle = "warning"  # another value can still be kept; import checks it
    dv.showErrorMessage = True
    dv.errorTitle = "Điểm ngoài các mức"
    dv.error = f"{prompt}. Vẫn giữ giá trị này? (parcli sẽ kiểm tra khi nhập phiếu)"
    dv.showInputMessage = True
    dv.promptTitle = "Điểm tự chấm"
    dv.prompt = prompt[:255]
    return dv


def _score_cell(cell: Any, value: Decimal | None) -> None:
    cell.value = None if value is None else _number(value)
    cell.number_format = "General"
    cell.alignment = TOP_CENTER


def _read_only_texts(
    content: FormContent, leaf: Leaf, row: int, col_of: dict[str, int], ws: Sheet
) -> dict[str, str | None]:
    """Last year's and the appraisal's cells of a leaf row (the scores written here)."""
    texts: dict[str, str | None] = {}
    if content.last_year is not None:
        last = content.last_year.get(leaf.code)
        _score_cell(ws.cell(row=row, column=col_of["last_score"]), last.score if last else None)
        texts["last_reason"] = last.reason if last else None
    if content.appraisal is not None:
        council = content.appraisal.get(leaf.code)
        _score_cell(
            ws.cell(row=row, column=col_of["appraised"]), council.score if council else None
        )
        texts["opinion"] = council.opinion if council else None
    return texts


def _open_inputs(content: FormContent, code: str, answer: Answer) -> tuple[str, ...]:
    """The input cells of a leaf row left unlocked: the answer to the appraisal only on the
    rows of the báo cáo giải trình (or where the division already wrote one)."""
    council = content.appraisal.get(code) if content.appraisal is not None else None
    if council is not None and (council.explain or answer.response is not None):
        return content.input_keys
    return BASE_KEYS


def _fit(columns: Sequence[Column], values: dict[str, str | None], depth: int) -> float:
    lines = 1
    for col in columns:
        text = values.get(col.key)
        if text:
            size = 11 if col.key == "notes" else SIZE
            lines = max(
                lines, text_lines(text, col.width - 1, size, bold=depth < 3 and col.key == "name")
            )
    return row_height(lines, SIZE)


def _page(ws: Sheet, header: int | None, last_col: int, last_row: int, *, portrait: bool) -> None:
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side in ("top", "bottom"):
        setattr(ws.page_margins, side, 0.6)
    ws.page_margins.left = 0.5
    ws.page_margins.right = 0.4
    if header is not None:
        ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 10
