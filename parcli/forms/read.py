"""Read a filled-in division form into typed rows, values only, with cell references.

The file is checked before openpyxl sees it: an old .xls, a CSV renamed to .xlsx, an encrypted
file, a workbook with macros, a damaged or oversized archive (zip bomb, huge merged ranges) are
refused with a finding that says what to do. Formulas are never evaluated: the value Excel or
LibreOffice saved is used, and a formula without a saved value is a finding. The header row and
columns are found by their texts, so extra sheets, columns and rows do not matter.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

from parcli.findings import Finding, Severity, Where, make
from parcli.formats import limits
from parcli.forms.layout import (
    COLUMNS,
    HEADER_KEYS,
    INPUT_KEYS,
    REQUIRED,
    SHEET_BASE,
    SHEET_FORM,
    SHEET_ID,
    header_key,
)
from parcli.text import fold, nfc

HEADER_SCAN_ROWS = 40
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7})'
    rb'(?::([A-Za-z]{1,3})(\d{1,7}))?"'
)
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Za-z]{0,3}\d{0,7}:?'
    rb'([A-Za-z]{1,3})(\d{1,7})"'
)


@dataclasses.dataclass(frozen=True)
class FormCell:
    value: object  # the saved value: str, int, float, datetime, bool or None
    cell: str  # "E12"
    row: int
    col: int
    formula: str | None = None  # the formula text when the cell has one
    covered: bool = False  # inside a merged range, not its top-left cell

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclasses.dataclass(frozen=True)
class FormRow:
    row: int
    cells: dict[str, FormCell]  # by column key (only the columns the form has)

    def has_input(self) -> bool:
        return any(not c.empty and not c.covered for k, c in self.cells.items() if k in INPUT_KEYS)


@dataclasses.dataclass
class ReadForm:
    """One workbook as read: identification, the form sheet's rows, findings."""

    path: Path
    display: str  # the file name shown in locations
    readable: bool = False
    identity: dict[str, str] = dataclasses.field(default_factory=dict)
    # the input cells as exported, by code and field (empty when the sheet is missing)
    base: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    sheet: str = SHEET_FORM
    header_row: int = 0
    columns: dict[str, int] = dataclasses.field(default_factory=dict)
    rows: list[FormRow] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def at(self, cell: FormCell | None = None, *, sheet: str | None = None) -> Where:
        """The finding location of ``cell`` (or of the sheet)."""
        where: Where = {"file": self.display, "sheet": sheet or self.sheet}
        if cell is not None:
            where["cell"], where["line"], where["col"] = cell.cell, cell.row, cell.col
        return where


REEXPORT = (
    "Trong thư mục hồ sơ chạy `parcli forms export`, gửi đơn vị phiếu mới và chép các "
    "nội dung đã điền sang phiếu mới."
)


def _refuse(form: ReadForm, code: str, message: str, hint: str) -> ReadForm:
    form.findings.append(make(code, f"Tệp {form.display}: {message}", hint, file=form.display))
    return form


def read_form(path: Path, display: str | None = None) -> ReadForm:
    """Read ``path``; problems are findings (``readable`` is False when nothing could be read)."""
    form = ReadForm(path=path, display=display or path.name)
    if not path.is_file():
        return _refuse(form, "F001", "không tìm thấy tệp", "Kiểm tra tên và thư mục của tệp.")
    refused = _check_package(form)
    if refused:
        return form
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(str(path), read_only=False, data_only=False)
    except MemoryError:
        return _refuse(form, "F004", "quá lớn, không đủ bộ nhớ để đọc", REEXPORT)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        return _refuse(
            form,
            "F001",
            f"không đọc được ({type(exc).__name__}: {exc})",
            "Mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx) rồi nhập lại.",
        )
    _read_identity(form, wb)
    _read_base(form, wb)
    ws = _form_sheet(form, wb)
    if ws is None:
        return form
    formulas = _formula_cells(form, ws)
    values_ws = ws
    if formulas:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values_ws = openpyxl.load_workbook(str(path), read_only=False, data_only=True)[ws.title]
    form.readable = _read_rows(form, ws, values_ws, formulas)
    return form


# --------------------------------------------------------------------------- the package


def _check_package(form: ReadForm) -> bool:
    """Refuse what is not a plain .xlsx; True when refused."""
    path = form.path
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        _refuse(
            form,
            "F001",
            f"không mở được ({exc.strerror})",
            "Đóng tệp nếu đang mở bằng Excel, kiểm tra quyền đọc rồi nhập lại.",
        )
        return True
    if head.startswith(_OLE):
        data = path.read_bytes() if path.stat().st_size <= limits.MAX_TOTAL_BYTES else head
        if _ENCRYPTED_MARK in data:
            _refuse(
                form,
                "F002",
                "có đặt mật khẩu (tệp bị mã hóa), parcli không đọc được",
                "Mở tệp bằng Excel, vào Tệp (File) > Thông tin (Info) > Bảo vệ sổ làm việc "
                "(Protect Workbook) > Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại rồi nhập "
                "lại.",
            )
        else:
            _refuse(
                form,
                "F001",
                "là định dạng Excel 97-2003 (.xls) cũ, parcli chỉ đọc .xlsx",
                "Mở tệp bằng Excel, chọn Tệp (File) > Lưu thành (Save As), kiểu Excel "
                "Workbook (*.xlsx), rồi nhập tệp .xlsx mới.",
            )
        return True
    if not zipfile.is_zipfile(path):
        if _looks_like_text(head):
            _refuse(
                form,
                "F001",
                "là tệp văn bản (CSV hoặc tương tự) đặt tên .xlsx, không "
                "phải tệp Excel; các định dạng, mã và trang nhận dạng của phiếu đã mất",
                REEXPORT,
            )
        else:
            _refuse(
                form,
                "F001",
                "không phải tệp Excel .xlsx (tệp hỏng hoặc kiểu khác)",
                "Mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx) "
                "rồi nhập lại.",
            )
        return True
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if limits.package_too_big(infos):
                total = sum(i.file_size for i in infos)
                _refuse(
                    form,
                    "F004",
                    f"quá lớn khi giải nén ({total // (1024 * 1024)} MB, "
                    f"{len(infos)} phần); parcli không đọc để tránh treo máy",
                    REEXPORT,
                )
                return True
            if "xl/workbook.xml" not in names:
                kind = " (có thể là tệp Word)" if "word/document.xml" in names else ""
                _refuse(form, "F001", f"không phải sổ làm việc Excel{kind}", REEXPORT)
                return True
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
                _refuse(
                    form,
                    "F003",
                    "có macro (VBA); parcli không mở tệp có macro để tránh mã độc",
                    "Mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu Excel Workbook "
                    "(*.xlsx, không có macro), rồi nhập tệp .xlsx đó.",
                )
                return True
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    why = _sheet_xml_problem(zf.read(info))
                    if why:
                        _refuse(
                            form,
                            "F004",
                            f"{why}; parcli không đọc để tránh treo máy",
                            "Mở tệp bằng Excel, bỏ gộp ô (Unmerge) ở vùng đó hoặc xóa các "
                            "dòng, cột thừa, lưu lại rồi nhập lại.",
                        )
                        return True
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        EOFError,
    ) as exc:
        _refuse(
            form,
            "F001",
            f"bị hỏng, không mở được ({exc})",
            "Mở tệp bằng Excel, lưu lại rồi nhập lại; nếu Excel cũng không mở được, xin "
            "đơn vị gửi lại tệp.",
        )
        return True
    return False


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1258", errors="replace")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return printable >= 0.95 * len(text)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _sheet_xml_problem(data: bytes) -> str | None:
    refs = _MERGE_REF.findall(data)
    if len(refs) != len(_ANY_MERGE.findall(data)):
        return "có vùng gộp ô (merge) viết sai"
    covered = 0
    for c1, r1, c2, r2 in refs:
        rows = abs(int(r2 or r1) - int(r1)) + 1
        cols = abs(_column_number(c2 or c1) - _column_number(c1)) + 1
        covered += rows * cols
        if covered > limits.MAX_MERGED_CELLS:
            return (
                f"có vùng gộp ô quá lớn (các vùng gộp phủ hơn "
                f"{limits.MAX_MERGED_CELLS:,} ô)".replace(",", ".")
            )
    return None


# --------------------------------------------------------------------------- sheets


def _read_identity(form: ReadForm, wb: Any) -> None:
    ws = next((s for s in wb.worksheets if s.title == SHEET_ID), None)
    if ws is None:
        return
    for a, b in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=2, values_only=True):
        if isinstance(a, str) and b is not None:
            form.identity[a.strip()] = nfc(str(b).strip())


def _read_base(form: ReadForm, wb: Any) -> None:
    ws = next((s for s in wb.worksheets if s.title == SHEET_BASE), None)
    if ws is None:
        return
    rows = ws.iter_rows(
        min_row=1, max_row=min(ws.max_row, limits.MAX_ROWS), max_col=10, values_only=True
    )
    keys = [str(v) for v in next(rows, ())]
    if not keys or keys[0] != "code":
        return
    for row in rows:
        if isinstance(row[0], str):
            form.base[row[0]] = {
                k: "" if v is None else str(v) for k, v in zip(keys[1:], row[1:], strict=False)
            }


def _form_sheet(form: ReadForm, wb: Any) -> Any:
    """The sheet with the header row: "Phiếu tự chấm" first, then any other sheet."""
    wanted = fold(SHEET_FORM)
    sheets = sorted(wb.worksheets, key=lambda s: fold(s.title) != wanted)
    for ws in sheets:
        if ws.title in (SHEET_ID, SHEET_BASE):
            continue
        found = _find_header(ws)
        if found is not None:
            form.sheet = ws.title
            form.header_row, form.columns = found
            missing = [k for k in REQUIRED if k not in form.columns]
            if missing:
                names = ", ".join(f'"{c.header}"' for c in COLUMNS if c.key in missing)
                form.findings.append(
                    make(
                        "F011",
                        f"Trang '{ws.title}' thiếu cột {names}",
                        "Đặt lại đúng tên cột như phiếu đã xuất (không cần đúng chữ hoa, dấu "
                        "cách), hoặc xuất lại phiếu.",
                        at=form.at(sheet=ws.title),
                    )
                )
                return None
            return ws
    form.findings.append(
        make(
            "F011",
            f'Tệp {form.display}: không tìm thấy dòng tiêu đề có các cột "Mã" và "Điểm tự '
            'chấm" ở trang nào',
            "Dùng phiếu do `parcli forms export` xuất; không đổi tên các cột.",
            file=form.display,
        )
    )
    return None


def _find_header(ws: Any) -> tuple[int, dict[str, int]] | None:
    max_col = min(ws.max_column, limits.MAX_COLUMNS)
    for r_index, row in enumerate(
        ws.iter_rows(
            min_row=1, max_row=min(ws.max_row, HEADER_SCAN_ROWS), max_col=max_col, values_only=True
        ),
        start=1,
    ):
        columns: dict[str, int] = {}
        for c_index, value in enumerate(row, start=1):
            if isinstance(value, str):
                key = HEADER_KEYS.get(header_key(value))
                if key is not None and key not in columns:
                    columns[key] = c_index
        if "code" in columns and ("score" in columns or len(columns) >= 3):
            return r_index, columns
    return None


def _formula_cells(form: ReadForm, ws: Any) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    wanted = set(form.columns.values())
    last = min(ws.max_row, form.header_row + limits.MAX_ROWS)
    for row in ws.iter_rows(min_row=form.header_row + 1, max_row=last, max_col=max(wanted)):
        for cell in row:
            if cell.column in wanted and cell.data_type == "f":
                found[(cell.row, cell.column)] = str(
                    getattr(cell.value, "text", None) or cell.value
                )
    return found


def _read_rows(
    form: ReadForm, ws: Any, values_ws: Any, formulas: dict[tuple[int, int], str]
) -> bool:
    """The rows below the header; False when the sheet is too big to read."""
    covered: set[tuple[int, int]] = set()
    wanted = set(form.columns.values())
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col) and c in wanted:
                    covered.add((r, c))
    last = ws.max_row
    if last - form.header_row > limits.MAX_ROWS:
        # rows may only carry formatting far down: count the rows that have something
        last = _last_used_row(values_ws, form.header_row, max(wanted))
    if last - form.header_row > limits.MAX_ROWS:
        form.findings.append(
            make(
                "F004",
                f"Trang '{form.sheet}' có hơn {limits.MAX_ROWS:,} dòng có nội dung; parcli "
                "không đọc để tránh treo máy".replace(",", "."),
                "Một phiếu chỉ có vài chục dòng: xóa các dòng thừa, hoặc xuất lại phiếu.",
                at=form.at(),
            )
        )
        return False
    from openpyxl.utils import get_column_letter

    letters = {c: get_column_letter(c) for c in wanted}
    for row in values_ws.iter_rows(min_row=form.header_row + 1, max_row=last, max_col=max(wanted)):
        cells: dict[str, FormCell] = {}
        r_index = row[0].row
        code_value = row[form.columns["code"] - 1].value
        criterion = code_value.strip() if isinstance(code_value, str) else None
        for key, c_index in form.columns.items():
            value = row[c_index - 1].value if c_index <= len(row) else None
            formula = formulas.get((r_index, c_index))
            cell = FormCell(
                value=value,
                cell=f"{letters[c_index]}{r_index}",
                row=r_index,
                col=c_index,
                formula=formula,
                covered=(r_index, c_index) in covered,
            )
            cells[key] = cell
            if formula is not None and key in INPUT_KEYS + ("code",):
                if value is None:
                    form.findings.append(
                        make(
                            "F017",
                            f"Ô {cell.cell} có công thức {formula[:60]} nhưng không có giá "
                            "trị đã tính; parcli không tự tính công thức",
                            "Mở tệp bằng Excel và lưu lại (Excel tính và lưu giá trị), hoặc chép "
                            "rồi Dán giá trị (Paste Values) thay cho công thức.",
                            at=form.at(cell),
                            criterion=criterion,
                        )
                    )
                else:
                    form.findings.append(
                        make(
                            "F023",
                            f"Ô {cell.cell} có công thức {formula[:60]}; parcli dùng giá "
                            f"trị đã lưu ({str(value)[:40]})",
                            "Nên gõ thẳng giá trị thay cho công thức.",
                            at=form.at(cell),
                            criterion=criterion,
                        )
                    )
        if any(not c.empty for c in cells.values()):
            form.rows.append(FormRow(r_index, cells))
    return True


def _last_used_row(ws: Any, header_row: int, max_col: int) -> int:
    last = header_row
    for r_index, row in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_col=max_col, values_only=True),
        start=header_row + 1,
    ):
        if any(v not in (None, "") for v in row):
            last = r_index
        if r_index - header_row > limits.MAX_ROWS * 4:
            break
    return last
