"""Match the council's table against the dossier: rows by code, every problem with its cell.

Findings point at the table: ``file`` is the table's name, ``line``/``col`` the row and column,
and the message names the sheet and cell ("trang tính 'Phụ biểu', ô I12").
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from parcli.appraisal.read import Cell, CouncilTable, TableRow, Value
from parcli.findings import Finding, Severity, make
from parcli.model import CriteriaSet, Dossier, Leaf, Method
from parcli.rules.appraisal import score_problem
from parcli.scoring.scorecard import Scorecard
from parcli.text import fold, format_decimal


@dataclasses.dataclass(frozen=True)
class Incoming:
    """What the table says about one leaf for the round being imported."""

    code: str
    score: Decimal | None
    opinion: str | None
    requested: bool | None  # None: the table does not say
    requested_inferred: bool  # read from the opinion's wording ("đề nghị giải trình")
    cell: Cell


def _finding(
    code: str,
    table: CouncilTable,
    cell: Cell,
    message: str,
    hint: str = "",
    *,
    criterion: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    return make(
        code,
        f"{cell.where[0].upper()}{cell.where[1:]}: {message}",
        hint,
        severity=severity,
        file=table.file,
        line=cell.row,
        col=cell.col,
        criterion=criterion,
    )


ZERO = Decimal(0)
_YEAR = re.compile(r"\bnam\s+(20\d\d)\b")
_DATE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b")  # a date, not the year
_AGENCY = re.compile(r"\b(?:cua|tai)\s+(so\s[a-z0-9 ,\-]+?)(?=\s+(?:tinh|nam)\b|[().;:]|$)")


def check_context(table: CouncilTable, dossier: Dossier) -> list[Finding]:
    """T006 when the titles above the table name another year or another agency."""
    findings: list[Finding] = []
    ours = fold(dossier.agency.name).replace(" - ", "-")
    for cell, text in table.context:
        folded = fold(text)
        years = {int(y) for y in _YEAR.findall(_DATE.sub(" ", folded))}
        if years and dossier.year not in years:
            shown = ", ".join(str(y) for y in sorted(years))
            findings.append(
                _finding(
                    "T006",
                    table,
                    cell,
                    f'bảng ghi năm {shown}, hồ sơ là năm {dossier.year} ("{text[:80]}")',
                    "Kiểm tra lại: có thể đây là bảng điểm của năm khác.",
                )
            )
        candidates = _AGENCY.findall(folded)
        if folded.startswith("so ") and len(folded) < 80:
            candidates.append(folded)
        for name in candidates:
            name = name.strip(" ,-").replace(" - ", "-")
            if name and name not in ours and ours not in name:
                findings.append(
                    _finding(
                        "T006",
                        table,
                        cell,
                        f'bảng ghi "{text[:80]}", hồ sơ là của {dossier.agency.name}',
                        "Kiểm tra lại: có thể đây là bảng điểm của cơ quan khác.",
                    )
                )
                break
    return findings


def _compare(
    table: CouncilTable,
    pairs: list[tuple[Value, Decimal | None]],
    what: str,
    severity: Severity,
    hint: str,
) -> list[Finding]:
    """One T006 for a column that disagrees with the dossier (maximum or self-score)."""
    wrong = [
        (v, expected)
        for v, expected in pairs
        if v.number is not None and expected is not None and v.number != expected
    ]
    if not wrong:
        return []
    shown = "; ".join(
        f"{v.cell.ref}: {format_decimal(v.number or ZERO)} ≠ {format_decimal(e or ZERO)}"
        for v, e in wrong[:5]
    ) + (f" và {len(wrong) - 5} ô khác" if len(wrong) > 5 else "")
    first = wrong[0][0].cell
    return [
        _finding(
            "T006",
            table,
            first,
            f"{what} trong bảng khác hồ sơ ở {len(wrong)}/{len(pairs)} dòng ({shown})",
            hint,
            severity=severity,
        )
    ]


def match_table(
    table: CouncilTable,
    dossier: Dossier,
    criteria: CriteriaSet,
    card: Scorecard,
    round_no: int,
) -> tuple[dict[str, Incoming], list[Finding]]:
    """What the table says per leaf, and every problem found (none of them is imported)."""
    findings = check_context(table, dossier)
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    parents = {node.code for _, node in criteria.nodes()} - set(leaves)
    incoming: dict[str, Incoming] = {}
    first_row: dict[str, TableRow] = {}
    maxima: list[tuple[Value, Decimal | None]] = []
    selves: list[tuple[Value, Decimal | None]] = []
    for row in table.rows:
        leaf = leaves.get(row.code)
        if leaf is None:
            findings.extend(_not_a_leaf(table, row, row.code in parents))
            continue
        if row.max_score is not None:
            maxima.append((row.max_score, leaf.max_score))
        result = card.leaf(leaf.code)
        if row.self_score is not None and result is not None and result.in_scope:
            selves.append((row.self_score, result.score))
        if row.code_was_number and (row.code + "0") in leaves:
            findings.append(
                _finding(
                    "T025",
                    table,
                    row.code_cell,
                    f"mã {row.code} lưu dạng số; có thể là mã {row.code}0 đã bị Excel đổi",
                    "Định dạng cột mã là Văn bản (Text) rồi gõ lại mã, hoặc kiểm tra tên tiêu "
                    "chí ở dòng này.",
                    criterion=row.code,
                )
            )
        problem = _row_problems(table, row, leaf)
        findings.extend(problem)
        if any(f.severity is Severity.ERROR for f in problem):
            continue
        item = _incoming(row, round_no)
        previous = first_row.get(row.code)
        if previous is not None:
            if incoming[row.code] != dataclasses.replace(item, cell=incoming[row.code].cell):
                findings.append(
                    _finding(
                        "T022",
                        table,
                        row.code_cell,
                        f"mã {row.code} đã có ở ô {previous.code_cell.ref} với kết quả khác",
                        "Xóa dòng thừa trong bảng rồi nhập lại.",
                        criterion=row.code,
                    )
                )
            continue
        first_row[row.code] = row
        incoming[row.code] = item
    findings.extend(
        _compare(
            table,
            maxima,
            "Điểm tối đa",
            Severity.ERROR,
            "Bảng này dùng bộ tiêu chí khác hồ sơ (có thể của năm khác); kiểm tra lại tệp.",
        )
    )
    findings.extend(
        _compare(
            table,
            selves,
            "Điểm tự đánh giá",
            Severity.WARNING,
            "Kiểm tra lại: bảng có thể của cơ quan khác, hoặc là bản trước khi Sở sửa điểm.",
        )
    )
    findings.extend(_stray(table))
    return incoming, findings


def _not_a_leaf(table: CouncilTable, row: TableRow, parent: bool) -> list[Finding]:
    if row.score is None or row.score.formula or parent:
        return []  # a title, a parent row (its total is computed), or nothing scored
    return [
        _finding(
            "T001",
            table,
            row.score.cell,
            f"mã {row.code} (ô {row.code_cell.ref}) không có trong bộ tiêu chí của hồ sơ",
            "Kiểm tra mã ở dòng này; bảng có thể dùng bộ tiêu chí khác.",
            criterion=row.code,
        )
    ]


def _row_problems(table: CouncilTable, row: TableRow, leaf: Leaf) -> list[Finding]:
    score = row.score
    if score is None:
        return []
    if score.problem is not None:
        return [
            _finding(
                "T021",
                table,
                score.cell,
                f"điểm thẩm định của tiêu chí {leaf.code} {score.problem}",
                "Gõ điểm là số (0,5 hoặc 0.5) rồi lưu và nhập lại.",
                criterion=leaf.code,
            )
        ]
    assert score.number is not None
    findings: list[Finding] = []
    if score.formula:
        findings.append(
            _finding(
                "T024",
                table,
                score.cell,
                f"điểm thẩm định của tiêu chí {leaf.code} là công thức; dùng giá trị đã lưu "
                f"{format_decimal(score.number)}",
                criterion=leaf.code,
            )
        )
    problem = score_problem(leaf, score.number)
    if problem is not None:
        hint = (
            problem[2]
            if leaf.method is Method.APPRAISAL
            else ("Tiêu chí điều tra xã hội học không có điểm thẩm định; xóa điểm ở ô này.")
        )
        findings.append(
            _finding(problem[0], table, score.cell, problem[1], hint, criterion=leaf.code)
        )
    return findings


_ASKS = ("giai trinh",)
_NOT_ASKED = ("khong can giai trinh", "khong yeu cau giai trinh", "khong phai giai trinh")


def _incoming(row: TableRow, round_no: int) -> Incoming:
    score = row.score.number if row.score is not None else None
    requested, inferred = row.requested, False
    if round_no == 2:
        requested = None  # round 2 is final: nothing more is asked
    elif requested is None and row.opinion:
        words = fold(row.opinion)
        if any(w in words for w in _ASKS) and not any(w in words for w in _NOT_ASKED):
            requested, inferred = True, True
    cell = row.score.cell if row.score is not None else row.code_cell
    return Incoming(row.code, score, row.opinion, requested, inferred, cell)


def _stray(table: CouncilTable) -> list[Finding]:
    return [
        _finding(
            "T001",
            table,
            value.cell,
            "có điểm thẩm định nhưng cột mã của dòng này không có mã tiêu chí; không nhập",
            "Nếu đây là một tiêu chí, ghi mã vào cột mã của dòng.",
            severity=Severity.WARNING,
        )
        for value in table.stray
        if not value.formula and value.number is not None
    ]


def unscored(incoming: dict[str, Incoming], card: Scorecard) -> list[str]:
    """In-scope leaves the table gives no score for (T023)."""
    return [
        r.leaf.code
        for r in card.in_scope_leaves
        if r.leaf.code not in incoming or incoming[r.leaf.code].score is None
    ]
