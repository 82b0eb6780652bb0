"""Checks of the built tree: counts against ``--expect``, gaps in the numbering, printed
subtotals against the sums read, and the criteria-set model with
:func:`parcli.rules.check_criteria`.
"""

from __future__ import annotations

from typing import Any

from parcli.criteria.table_import.options import ImportOptions
from parcli.criteria.table_import.parse import Node, Parser
from parcli.criteria.table_import.results import ERROR, WARNING, AreaSummary, ImportProblem
from parcli.criteria.table_import.textutil import short
from parcli.model import CriteriaSet
from parcli.text import format_decimal


def check_expect(
    options: ImportOptions, areas: list[AreaSummary], problems: list[ImportProblem]
) -> None:
    got = (len(areas), sum(a.criteria for a in areas), sum(a.components for a in areas))
    if options.expect_totals is not None:
        for label, want, have in zip(
            ("lĩnh vực", "tiêu chí", "tiêu chí thành phần"),
            options.expect_totals,
            got,
            strict=True,
        ):
            if want != have:
                problems.append(
                    ImportProblem(
                        ERROR,
                        f"Đọc được {have} {label}, --expect ghi {want}",
                        "Có dòng bị thiếu, thừa hoặc sai mã: so từng lĩnh vực với văn bản gốc.",
                    )
                )
    if options.expect_areas is not None:
        want_areas = options.expect_areas
        if len(want_areas) != len(areas):
            problems.append(
                ImportProblem(
                    ERROR,
                    f"Đọc được {len(areas)} lĩnh vực, --expect ghi {len(want_areas)}",
                    "Có lĩnh vực bị thiếu hoặc sai mã trong bảng gốc.",
                )
            )
        for area, (crit, comp) in zip(areas, want_areas, strict=False):
            if (area.criteria, area.components) != (crit, comp):
                problems.append(
                    ImportProblem(
                        ERROR,
                        f"Lĩnh vực {area.code}: đọc được {area.criteria} tiêu chí, "
                        f"{area.components} "
                        f"tiêu chí thành phần; --expect ghi {crit}/{comp}",
                        "Có dòng bị thiếu, thừa hoặc sai mã trong lĩnh vực này: so "
                        "với văn bản gốc.",
                    )
                )


def check_sequences(areas: list[Node], problems: list[ImportProblem], expect_ok: bool) -> None:
    """Gaps in the numbering at each level (1 then 3: 2 is missing; 1.1 then 1.3)."""
    severity = WARNING if expect_ok else ERROR
    hint = (
        "Có thể thiếu dòng (bảng bị tách, dòng bị xóa hoặc không đọc được): so với văn bản "
        "gốc."
        + (
            ""
            if expect_ok
            else " Nếu văn bản gốc thật sự bỏ số này, thêm --expect "
            "với đúng số lượng thì đây chỉ là cảnh báo."
        )
    )

    def check(parent: str | None, nodes: list[Node]) -> None:
        previous = 0
        for node in nodes:
            if node.lettered:
                return
            last = node.code.rsplit(".", 1)[-1]
            if not last.isdigit():
                return
            number = int(last)
            if number > previous + 1:
                prefix = f"{parent}." if parent else ""
                missing = [f"{prefix}{k}" for k in range(previous + 1, number)]
                shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                what = {1: "lĩnh vực", 2: "tiêu chí", 3: "tiêu chí thành phần"}[node.level]
                # a table of a few lĩnh vực only (starting at 8) is possible: a warning
                first_area = parent is None and previous == 0
                problems.append(
                    ImportProblem(
                        WARNING if first_area else severity,
                        f"Thiếu {what} {shown}: sau "
                        + (f"{prefix}{previous}" if previous else f"{parent or 'đầu bảng'}")
                        + f" là {node.code}",
                        hint,
                        node.where,
                        short(node.name),
                    )
                )
            previous = max(previous, number)

    check(None, areas)
    for area in areas:
        check(area.code, area.children)
        for crit in area.children:
            check(crit.code, crit.children)


def check_stated_parts(parser: Parser, data: dict[str, Any], problems: list[ImportProblem]) -> None:
    """ "Điểm tự đánh giá, thẩm định | 68" and "Điểm đánh giá qua điều tra xã hội học | 32"
    printed under the table must equal the sums of the leaves read."""
    for part, key, what in (
        ("appraisal", "appraisal_max", "tự chấm (tự đánh giá, thẩm định)"),
        ("survey", "survey_max", "điều tra xã hội học"),
    ):
        stated = parser.stated_parts.get(part)
        if stated is None:
            continue
        value, where, label = stated
        got = data[key]
        if value != got:
            problems.append(
                ImportProblem(
                    ERROR,
                    f'Dòng "{label}" ghi {format_decimal(value)} điểm, nhưng các tiêu chí {what} '
                    f"đọc được cộng lại {format_decimal(got)} điểm",
                    "Có dòng bị thiếu, hoặc một tiêu chí bị nhận nhầm tự chấm / "
                    "điều tra xã hội học: "
                    "xem cột cách chấm trong báo cáo và so với văn bản gốc.",
                    where,
                )
            )


def check_model(
    data: dict[str, Any],
    problems: list[ImportProblem],
    wheres: dict[str, str],
    excel_number_codes: set[str] | None = None,
) -> CriteriaSet | None:
    from pydantic import ValidationError

    from parcli.formats.model_errors import clean_loc, dotted, vietnamese_message
    from parcli.rules import check_criteria

    try:
        model = CriteriaSet.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors()[:20]:
            loc = dotted(clean_loc(err["loc"]))
            problems.append(
                ImportProblem(
                    ERROR,
                    f"Dữ liệu nhập không hợp lệ tại {loc}: {vietnamese_message(err)}",
                    "Kiểm tra dòng tương ứng trong bảng gốc.",
                )
            )
        return None
    for f in check_criteria(model, None):
        if f.code in ("C003", "C007"):
            continue  # counts: reported by --expect (per lĩnh vực too); C007: said at the end
        where = wheres.get(f.criterion or "", "")
        message, hint = f"{f.code}: {f.message}", f.hint
        if f.code == "C001" and f.criterion in (excel_number_codes or set()):
            message += (
                f" (mã {f.criterion} ở ô dạng số trong Excel: có thể văn bản ghi "
                f"{f.criterion}0 và Excel đã đổi thành {f.criterion})"
            )
            hint = (
                "Định dạng cột STT là Text (Văn bản), gõ lại mã đúng như văn bản (ví dụ "
                "1.10) rồi nhập lại."
            )
        problems.append(ImportProblem(f.severity, message, hint, where))
    return model
