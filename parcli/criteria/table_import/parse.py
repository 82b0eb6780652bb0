"""The row parser: walk the raw tables row by row and place each row in a tree of
:class:`Node` (lĩnh vực → tiêu chí → tiêu chí thành phần).

:class:`Parser` finds the header of each table (and repeated headers), reads each row's
code and level, attaches bullet and lettered lines to the scoring rule of the row above,
takes total/subtotal rows, and records an :class:`ImportProblem` for what it cannot place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from parcli.criteria.table_import.codes import (
    BULLETS,
    GROUP_LETTER,
    Code,
    parse_code,
    roman_value,
    split_leading_code,
)
from parcli.criteria.table_import.headers import (
    ROLE_LABELS,
    Role,
    header_text,
    is_column_numbers,
    is_subheader,
    looks_like_criterion,
    looks_like_data,
    roles_of,
    row_code,
    row_roles,
    signature,
    two_row_roles,
)
from parcli.criteria.table_import.results import ERROR, INFO, WARNING, ImportProblem
from parcli.criteria.table_import.scores import SURVEY_STRONG, parse_score
from parcli.criteria.table_import.tables import RawCell, RawRow, RawTable
from parcli.criteria.table_import.textutil import short
from parcli.findings import Severity
from parcli.text import fold, format_decimal, plain_decimal


@dataclasses.dataclass
class Node:
    level: int  # 1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần
    code: str
    name: str
    max_score: Decimal | None
    where: str
    note: str | None = None
    rule_lines: list[str] = dataclasses.field(default_factory=list)
    evidence_lines: list[str] = dataclasses.field(default_factory=list)
    children: list[Node] = dataclasses.field(default_factory=list)
    restart: str | None = None  # printed code of a tiêu chí numbered "1, 2" under area "II"
    lettered: bool = False
    roman: bool = False  # a lĩnh vực printed with a Roman numeral

    @property
    def rule(self) -> str | None:
        text = "\n".join(line for line in self.rule_lines if line)
        return text or None


def _with_points(line: str, max_text: str) -> str:
    """A rule line written with its points in the score column: "- Đúng hạn" + "1" ->
    "- Đúng hạn: 1 điểm" (so the value is kept and the step can be inferred)."""
    if not max_text:
        return line
    value = parse_score(max_text)
    shown = f"{format_decimal(value)} điểm" if value is not None else max_text
    return f"{line.rstrip(' :')}: {shown}"


@dataclasses.dataclass(frozen=True)
class _RowCells:
    """The cells of one row by role; a merged cell reads as empty (the rule and evidence
    columns keep a vertically merged cell's text)."""

    code: RawCell
    name: str
    max: str
    rule: str
    evidence: str

    @classmethod
    def read(cls, row: RawRow, roles: dict[Role, int]) -> _RowCells:
        def get(role: Role, keep_vertical: bool = False) -> RawCell:
            idx = roles.get(role)
            if idx is None or idx >= len(row.cells):
                return RawCell("")
            cell = row.cells[idx]
            if cell.merge == "h" or (cell.merge == "v" and not keep_vertical):
                return RawCell("", cell.merge)
            return cell

        return cls(
            code=get("code"),
            name=get("name").text,
            max=get("max").text,
            rule=get("rule", keep_vertical=True).text,
            evidence=get("evidence", keep_vertical=True).text,
        )


class Parser:
    def __init__(self) -> None:
        self.areas: list[Node] = []
        self.area: Node | None = None
        self.crit: Node | None = None
        self.last: Node | None = None
        self.problems: list[ImportProblem] = []
        self.stated_total: Decimal | None = None
        self.tables_used = 0
        self.rows_read = 0
        self.header_sigs: set[tuple[str, ...]] = set()
        # subtotals printed under the table: part -> (value, where, label)
        self.stated_parts: dict[str, tuple[Decimal, str, str]] = {}
        self.excel_number_codes: set[str] = set()  # codes read from Excel number cells

    def problem(
        self, severity: Severity, message: str, hint: str = "", where: str = "", text: str = ""
    ) -> None:
        self.problems.append(ImportProblem(severity, message, hint, where, short(text)))

    # ----------------------------------------------------------------- tables

    def run(self, tables: list[RawTable]) -> None:
        roles: dict[Role, int] | None = None
        width = 0
        for table in tables:
            for note in table.notes:
                self.problem(INFO, note, where=table.label)
            start = 0
            found = self._find_header(table)
            if found is not None:
                roles, start = found
                width = table.width
            elif roles is not None and table.width == width and table.rows:
                self.problem(
                    INFO,
                    f"không có dòng tiêu đề: đọc như phần tiếp theo của bảng trước (cùng {width} "
                    "cột)",
                    where=table.label,
                )
            else:
                self._skipped(table, roles is not None, width)
                continue
            self.tables_used += 1
            i = start
            while i < len(table.rows):
                skip = self._repeated_header(table, i, roles)
                if skip:
                    i += skip
                    continue
                self._row(table, table.rows[i], roles)
                i += 1

    def _skipped(self, table: RawTable, after_header: bool, width: int) -> None:
        """A table without a header row: a title or signature table is skipped with a note;
        one whose rows look like criteria (a code and a score) is an error, never a note."""
        if not any(c.text for r in table.rows for c in r.cells):
            return
        suspects = [r for r in table.rows if looks_like_criterion(r)]
        if not suspects:
            self.problem(
                INFO,
                "bỏ qua (không có dòng tiêu đề STT / tên tiêu chí / điểm tối đa)",
                where=table.label,
            )
            return
        first = suspects[0]
        why = (
            f"có {table.width} cột, bảng trước có {width} cột"
            if after_header
            else "không có dòng tiêu đề và không có bảng tiêu chí nào ở trước"
        )
        self.problem(
            ERROR,
            f"không đọc được bảng này ({why}) nhưng có {len(suspects)} dòng giống tiêu chí (có "
            f"mã và điểm), ví dụ dòng {first.number}",
            "Các dòng này sẽ bị thiếu. Trong Word, gộp bảng này vào bảng trước (cùng số cột), "
            "hoặc chép dòng tiêu đề (STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối "
            "đa | …) vào đầu bảng, rồi nhập lại.",
            table.label,
            " | ".join(c.text for c in first.cells if c.text and c.merge != "h"),
        )

    def _find_header(self, table: RawTable) -> tuple[dict[Role, int], int] | None:
        top = table.rows[:12]
        for two_rows in (False, True):
            for i in range(len(top)):
                found = self._header_at(table.rows, i, two_rows)
                if found is None:
                    continue
                found_roles, n, dups = found
                for role, columns in dups.items():
                    self.problem(
                        ERROR,
                        f'{len(columns)} cột cùng là cột "{ROLE_LABELS[role]}": '
                        f"{header_text(table.rows[i + n - 1].cells, columns)}; parcli không "
                        "biết dùng cột nào",
                        "Xóa hoặc đổi tên cột thừa (ví dụ cột của năm trước) trong bảng gốc rồi "
                        "nhập lại.",
                        table.where(table.rows[i].number),
                    )
                for row in table.rows[i : i + n]:
                    self.header_sigs.add(signature(row))
                return found_roles, i + n
        return None

    def _header_at(
        self, rows: Sequence[RawRow], i: int, two_rows: bool
    ) -> tuple[dict[Role, int], int, dict[Role, list[int]]] | None:
        """A header starting at row ``i``: its roles, how many rows it takes, duplicate roles."""
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else None
        if not two_rows:
            found = row_roles(row)
            roles, dups = roles_of(found)
            if "name" not in roles or "max" not in roles:
                return None
            if below is not None and is_subheader(below):
                roles, dups = roles_of(two_row_roles(row, below))
                return roles, 2, dups
            return roles, 1, dups
        if below is None or len({c.text for c in row.cells if c.text}) <= 1:
            return None  # a title row merged across the table
        if looks_like_data(below):
            return None
        roles, dups = roles_of(two_row_roles(row, below))
        if "name" not in roles or "max" not in roles:
            return None
        return roles, 2, dups

    def _repeated_header(self, table: RawTable, i: int, roles: dict[Role, int]) -> int:
        """Rows to skip when a header (one or two rows) is repeated inside a table."""
        row = table.rows[i]
        if row_code(row, roles) is not None:
            return 0  # a row with a code is never a header
        if signature(row) in self.header_sigs:
            return 1
        for two_rows in (False, True):
            found = self._header_at(table.rows, i, two_rows)
            if found is None:
                continue
            found_roles, n, _dups = found
            if (found_roles.get("name"), found_roles.get("max")) != (
                roles.get("name"),
                roles.get("max"),
            ):
                continue  # header words in other columns: a data row, not a header
            max_idx = roles["max"]
            if max_idx < len(row.cells) and parse_score(row.cells[max_idx].text) is not None:
                continue
            return n
        return 0

    # ----------------------------------------------------------------- rows

    def _row(self, table: RawTable, row: RawRow, roles: dict[Role, int]) -> None:
        texts = [c.text for c in row.cells if c.merge != "h"]
        if not any(texts):
            return
        if is_column_numbers(texts):
            return
        where = table.where(row.number)
        self.rows_read += 1
        cells = _RowCells.read(row, roles)
        if not cells.code.text and not cells.name:
            if cells.max or cells.rule:
                self._orphan(
                    where,
                    cells.max or cells.rule,
                    "dòng có điểm hoặc cách chấm nhưng không có mã và tên",
                )
            return
        row_text = " | ".join(t for t in (cells.code.text, cells.name, cells.max) if t)
        read = self._code_of(cells, where, row_text)
        if read is None:
            return  # the row was taken (a line of a rule, a total) or reported
        code, name_text = read
        lines = [line for line in name_text.split("\n") if line.strip()]
        if code is None:
            self._codeless_row(cells, name_text, lines, where, row_text)
            return
        if not lines:
            self.problem(
                ERROR, f"Dòng mã {code.printed} không có tên", "Kiểm tra bảng gốc.", where, row_text
            )
            return
        max_score = self._max_score(code, cells.max, where, row_text)
        self._place(code, lines, max_score, cells.rule, cells.evidence, where, row_text)

    def _code_of(
        self, cells: _RowCells, where: str, row_text: str
    ) -> tuple[Code | None, str] | None:
        """The row's code and name: the code from its own column, or from the start of the
        name ("1.2. Tên", "a) ..."). None when the row was taken otherwise (a bullet line, a
        total written across the STT and name cells) or its code cannot be read (reported)."""
        code_text, name_text = cells.code.text, cells.name
        if not code_text:
            split = split_leading_code(name_text.split("\n", 1)[0]) if name_text else None
            if split is None:
                return None, name_text
            leading, first = split
            rest = name_text.split("\n", 1)[1:]
            return leading, "\n".join([first, *rest])
        code = parse_code(code_text)
        if code is not None:
            if cells.code.number and code.kind == "arabic" and "." in code.value:
                self._excel_number_code(code, where, row_text)
            return code, name_text
        split = split_leading_code(code_text)
        if split is not None and not name_text:
            return split
        if code_text.strip() in BULLETS:
            line = f"{code_text.strip()} {name_text}".strip()
            self._rule_line(where, _with_points(line, cells.max), cells.rule, row_text)
            return None
        if self._summary(f"{code_text} {name_text}", cells.max, where, row_text):
            return None  # "Tổng cộng" / "TỔNG ĐIỂM" written across the STT and name cells
        hint = "Sửa mã trong bảng gốc (dạng I, 1, 1.2, 1.2.3 hoặc a)) rồi nhập lại."
        if re.fullmatch(r"\d{2}/\d{2}/\d{4}", code_text):
            hint = (
                "Excel đã đổi mã thành ngày tháng: định dạng cột STT là Text "
                "(Văn bản), gõ lại mã rồi nhập lại."
            )
        self.problem(ERROR, f"Không đọc được mã '{short(code_text, 30)}'", hint, where, row_text)
        return None

    def _excel_number_code(self, code: Code, where: str, row_text: str) -> None:
        """A code such as 1.1 in a number cell: Excel may have turned 1.10 into it."""
        self.excel_number_codes.add(code.value)
        self.problem(
            WARNING,
            f"Mã {code.value} ở ô dạng số trong Excel: nếu văn bản gốc ghi "
            f"{code.value}0 thì Excel đã đổi thành {code.value}",
            "Định dạng cột STT là Text (Văn bản) và gõ lại mã đúng như văn bản.",
            where,
            row_text,
        )

    def _codeless_row(
        self, cells: _RowCells, name_text: str, lines: list[str], where: str, row_text: str
    ) -> None:
        """A row without a code: a group heading (skipped), a total, a line of the rule above,
        or a row with points that belongs nowhere."""
        if not cells.code.text and lines and GROUP_LETTER.match(lines[0]):
            self.problem(
                WARNING,
                f'Dòng "{short(lines[0], 40)}" (chữ in hoa A., B. …) được coi là dòng nhóm và '
                "bỏ qua; lĩnh vực phải đánh số I, II… hoặc 1, 2…",
                "Nếu đây là một lĩnh vực, đổi mã thành số La Mã hoặc số Ả Rập rồi nhập lại.",
                where,
                row_text,
            )
            return
        if lines and self._summary(lines[0], cells.max, where, row_text):
            return
        if cells.max and lines and lines[0].split(" ", 1)[0] in BULLETS:
            # "- Ban hành đúng hạn | 1": a line of the rule with its points
            self._rule_line(where, _with_points(name_text, cells.max), cells.rule, row_text)
            return
        if cells.max:
            self._orphan(where, row_text, "dòng có điểm nhưng không có mã")
            return
        self._rule_line(where, name_text, cells.rule, row_text)

    def _max_score(self, code: Code, max_text: str, where: str, row_text: str) -> Decimal | None:
        """The row's maximum (None when the cell is empty, or not a number: reported)."""
        if not max_text:
            return None
        max_score = parse_score(max_text)
        if max_score is None:
            self.problem(
                ERROR,
                f"Điểm tối đa '{short(max_text, 30)}' của mã {code.printed} không phải là số",
                "Ghi điểm tối đa là một số, ví dụ 1 hoặc 0,5.",
                where,
                row_text,
            )
        return max_score

    def _summary(self, label: str, max_text: str, where: str, row_text: str) -> bool:
        """A total row ("Tổng cộng | 100", "TỔNG ĐIỂM" across STT and name) or a stated
        subtotal ("Điểm tự đánh giá, thẩm định | 68", "Điểm đánh giá qua điều tra xã hội học |
        32"). True when the row was one of these (and has been taken)."""
        f = " ".join(re.sub(r"[^\w%]+", " ", fold(label)).split())
        part: Literal["appraisal", "survey"] | None = None
        if re.match(r"^(tong |cong )?(so )?diem\b", f):
            if any(m in f for m in (*SURVEY_STRONG, "khao sat")):
                part = "survey"
            elif any(m in f for m in ("tu danh gia", "tham dinh", "tu cham")):
                part = "appraisal"
        if part is not None and max_text:
            value = parse_score(max_text)
            if value is None:
                self.problem(
                    ERROR,
                    f"Điểm '{short(max_text, 30)}' của dòng tổng không phải là số",
                    "Ghi điểm là một số, ví dụ 68 hoặc 32,5.",
                    where,
                    row_text,
                )
            else:
                self.stated_parts[part] = (value, where, short(label.split("\n")[0], 60))
            return True
        if not re.match(r"^(tong|cong)\b", f):
            return False
        if max_text:
            total = parse_score(max_text)
            if total is None:
                self.problem(
                    ERROR,
                    f"Điểm '{short(max_text, 30)}' của dòng tổng không phải là số",
                    "Ghi tổng điểm là một số, ví dụ 100.",
                    where,
                    row_text,
                )
            else:
                self.stated_total = total
        return True

    def _orphan(self, where: str, text: str, why: str) -> None:
        self.problem(
            ERROR,
            f"Không xếp được dòng vào cây tiêu chí: {why}",
            "Thêm mã (STT) cho dòng này trong bảng gốc hoặc xóa dòng thừa.",
            where,
            text,
        )

    def _rule_line(self, where: str, text: str, rule_text: str, row_text: str) -> None:
        if self.last is None:
            self._orphan(where, row_text, "dòng không có mã đứng trước mọi tiêu chí")
            return
        if self.last.level == 1:
            self.problem(
                WARNING,
                f"Dòng không có mã ngay dưới lĩnh vực {self.last.code}: bỏ qua",
                "Nếu đây là một tiêu chí, thêm mã (STT) cho dòng trong bảng gốc.",
                where,
                row_text,
            )
            return
        for part in (text, rule_text):
            if part:
                self.last.rule_lines.append(part)

    # ----------------------------------------------------------------- placing

    def _place(
        self,
        code: Code,
        lines: list[str],
        max_score: Decimal | None,
        rule_text: str,
        evidence_text: str,
        where: str,
        row_text: str,
    ) -> None:
        area, crit = self.area, self.crit
        if code.kind == "roman":
            number = str(roman_value(code.value))
            node = Node(
                1,
                number,
                " ".join(lines),
                max_score,
                where,
                note=f"Mã in trong văn bản: {code.printed}",
                roman=True,
            )
            self._add_area(node, rule_text, evidence_text)
            return
        if code.kind == "letter":
            self._letter(code, lines, max_score, rule_text, evidence_text, where, row_text)
            return
        parts = code.value.split(".")
        roman_area = area is not None and area.roman
        if len(parts) == 1:
            if roman_area and area is not None:
                node = Node(
                    2,
                    f"{area.code}.{parts[0]}",
                    lines[0],
                    max_score,
                    where,
                    note=f"Mã in trong văn bản: {code.value}",
                    restart=code.value,
                )
                self._add_child(area, node, lines, rule_text, evidence_text)
                self.crit = node
                return
            self._add_area(
                Node(1, code.value, " ".join(lines), max_score, where), rule_text, evidence_text
            )
            return
        if len(parts) == 2:
            if roman_area and crit is not None and crit.restart == parts[0] and area is not None:
                node = Node(
                    3,
                    f"{crit.code}.{parts[1]}",
                    lines[0],
                    max_score,
                    where,
                    note=f"Mã in trong văn bản: {code.value}",
                )
                self._add_child(crit, node, lines, rule_text, evidence_text)
                return
            if area is None or parts[0] != area.code:
                parent = area.code if area is not None else None
                self.problem(
                    ERROR,
                    f"Tiêu chí {code.value} không có dòng lĩnh vực {parts[0]} ở phía trên"
                    + (f" (đang ở lĩnh vực {parent})" if parent else ""),
                    f"Kiểm tra bảng gốc: thiếu dòng lĩnh vực {parts[0]}, hoặc mã {code.value} "
                    "in sai.",
                    where,
                    row_text,
                )
                self.last = None
                return
            node = Node(2, code.value, lines[0], max_score, where)
            self._add_child(area, node, lines, rule_text, evidence_text)
            self.crit = node
            return
        if len(parts) == 3:
            parent_code = ".".join(parts[:2])
            if crit is None or crit.code != parent_code or crit.restart is not None:
                self.problem(
                    ERROR,
                    f"Tiêu chí thành phần {code.value} không có dòng tiêu chí {parent_code} ở "
                    "phía trên",
                    f"Kiểm tra bảng gốc: thiếu dòng tiêu chí {parent_code}, hoặc mã "
                    f"{code.value} in sai.",
                    where,
                    row_text,
                )
                self.last = None
                return
            if crit.children and crit.children[0].lettered:
                self.problem(
                    ERROR,
                    f"Tiêu chí {crit.code} có cả mục a), b) và mã {code.value}",
                    "Dùng một cách đánh số trong một tiêu chí.",
                    where,
                    row_text,
                )
                return
            node = Node(3, code.value, lines[0], max_score, where)
            self._add_child(crit, node, lines, rule_text, evidence_text)
            return
        self.problem(
            ERROR,
            f"Mã {code.value} có {len(parts)} cấp; bộ tiêu chí chỉ có 3 cấp (lĩnh vực, tiêu chí, "
            "tiêu chí thành phần)",
            "Nếu đây là ý nhỏ của cách chấm, ghi nó trong cột cách chấm điểm.",
            where,
            row_text,
        )

    def _letter(
        self,
        code: Code,
        lines: list[str],
        max_score: Decimal | None,
        rule_text: str,
        evidence_text: str,
        where: str,
        row_text: str,
    ) -> None:
        crit, last = self.crit, self.last
        text = f"{code.value}) " + " ".join(lines)
        if crit is None or last is None:
            self._orphan(where, row_text, f"mục {code.value}) đứng trước mọi tiêu chí")
            return
        under_component = last.level == 3 and not last.lettered
        if (
            under_component
            or max_score is None
            or (crit.children and not crit.children[0].lettered)
        ):
            # a line of the scoring rule of the current leaf
            if max_score is not None:
                text = _with_points(text, plain_decimal(max_score))
            self._rule_line(where, text, rule_text, row_text)
            return
        node = Node(
            3,
            f"{crit.code}.{len(crit.children) + 1}",
            lines[0],
            max_score,
            where,
            note=f"Mã in trong văn bản: {code.value})",
            lettered=True,
        )
        self._add_child(crit, node, lines, rule_text, evidence_text)

    def _add_area(self, node: Node, rule_text: str, evidence_text: str) -> None:
        if rule_text:
            node.rule_lines.append(rule_text)
        if evidence_text:
            node.evidence_lines.append(evidence_text)
        self.areas.append(node)
        self.area, self.crit, self.last = node, None, node

    def _add_child(
        self, parent: Node, node: Node, lines: list[str], rule_text: str, evidence_text: str
    ) -> None:
        node.rule_lines.extend(lines[1:])
        if rule_text:
            node.rule_lines.append(rule_text)
        if evidence_text:
            node.evidence_lines.append(evidence_text)
        parent.children.append(node)
        self.last = node
