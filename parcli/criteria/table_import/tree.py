"""Turn the parsed tree into the criteria-set data written as YAML: maxima summed where not
printed, survey (điều tra xã hội học) leaves marked, steps inferred, the per-area summary.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from parcli.criteria.table_import.options import ImportOptions
from parcli.criteria.table_import.parse import Node, Parser
from parcli.criteria.table_import.results import ERROR, INFO, WARNING, AreaSummary, ImportProblem
from parcli.criteria.table_import.scores import (
    SURVEY_STRONG,
    infer_step,
    is_survey_marker,
    point_values,
)
from parcli.criteria.table_import.textutil import short
from parcli.model import SCHEMA_VERSION
from parcli.text import fold, format_date, format_decimal, plain_decimal, slugify

_WEAK_SURVEY = re.compile(r"(?<!to chuc )(?<!tien hanh )(?<!thuc hien )\bkhao sat\b")


def _survey_kind(node: Node) -> Literal["strong", "weak"] | None:
    """Điều tra xã hội học.

    * strong: "điều tra xã hội học", "ĐTXHH" or "điều tra XHH" in the name, the rule or the
      Tài liệu kiểm chứng column;
    * weak: "khảo sát" in the rule (not in the name, not in the evidence column, not "tổ chức
      khảo sát") when the rule lists no self-scoring points.

    "Khảo sát" in a name or in the evidence column is not enough: "Tổ chức khảo sát sự hài
    lòng" (evidence "Báo cáo kết quả khảo sát") is an activity the province is appraised on.
    """
    texts = [fold(t) for t in (node.name, *node.rule_lines, *node.evidence_lines)]
    if any(marker in t for t in texts for marker in SURVEY_STRONG):
        return "strong"
    rule = node.rule or ""
    if _WEAK_SURVEY.search(fold(rule)) and not point_values(rule):
        return "weak"
    return None


def _survey(node: Node, rule: str | None = None) -> bool:
    return _survey_kind(node) is not None


def _decimal_yaml(value: Decimal) -> Decimal:
    return Decimal(plain_decimal(value))


def build(
    parser: Parser, options: ImportOptions, source_name: str
) -> tuple[dict[str, Any] | None, list[AreaSummary], list[str]]:
    """The YAML data of the tree, the per-area summary and the leaves without a step."""
    summaries: list[AreaSummary] = []
    no_step: list[str] = []
    areas_out = [_area(area, parser.problems, summaries, no_step) for area in parser.areas]
    if not areas_out:
        return None, summaries, no_step
    return _set_data(parser, options, source_name, areas_out), summaries, no_step


def _area(
    area: Node, problems: list[ImportProblem], summaries: list[AreaSummary], no_step: list[str]
) -> dict[str, Any]:
    """One lĩnh vực with its criteria (its summary appended to ``summaries``)."""
    crits_out: list[dict[str, Any]] = []
    n_comp = 0
    for crit in area.children:
        n_comp += len(crit.children)
        crit_out = _criterion(crit, problems, no_step)
        if crit_out is not None:
            crits_out.append(crit_out)
    crit_sum = sum((c.max_score for c in area.children if c.max_score is not None), Decimal(0))
    summaries.append(
        AreaSummary(area.code, area.name, len(area.children), n_comp, area.max_score, crit_sum)
    )
    if not area.children:
        problems.append(
            ImportProblem(
                ERROR,
                f"Lĩnh vực {area.code} không có tiêu chí nào",
                "Kiểm tra bảng gốc: các dòng tiêu chí của lĩnh vực này có bị thiếu mã không.",
                area.where,
                short(area.name),
            )
        )
    max_score = area.max_score
    if max_score is None:
        max_score = crit_sum
        problems.append(
            ImportProblem(
                INFO,
                f"Lĩnh vực {area.code} không ghi điểm tối đa: lấy tổng các tiêu chí "
                f"({format_decimal(crit_sum)})",
                where=area.where,
            )
        )
    area_out: dict[str, Any] = {
        "code": area.code,
        "name": area.name,
        "max_score": _decimal_yaml(max_score),
    }
    if area.note:
        area_out["note"] = area.note
    area_out["criteria"] = crits_out
    return area_out


def _criterion(
    crit: Node, problems: list[ImportProblem], no_step: list[str]
) -> dict[str, Any] | None:
    """One tiêu chí: with its components (maximum summed when not printed), or as a leaf."""
    if not crit.children:
        return _leaf(crit, False, problems, no_step)
    crit_survey = _survey(crit, crit.rule)
    comps_out: list[dict[str, Any]] = []
    for comp in crit.children:
        comp_out = _leaf(comp, crit_survey, problems, no_step)
        if comp_out is not None:
            comps_out.append(comp_out)
    comp_sum = sum((c.max_score for c in crit.children if c.max_score is not None), Decimal(0))
    if crit.max_score is None:
        crit.max_score = comp_sum
        problems.append(
            ImportProblem(
                WARNING,
                f"Tiêu chí {crit.code} không ghi điểm tối đa: lấy tổng các "
                "tiêu chí thành "
                f"phần ({format_decimal(comp_sum)})",
                where=crit.where,
            )
        )
    out: dict[str, Any] = {
        "code": crit.code,
        "name": crit.name,
        "max_score": _decimal_yaml(crit.max_score),
    }
    if crit.rule and not is_survey_marker(crit.rule):
        out["rule"] = crit.rule
    if crit.note:
        out["note"] = crit.note
    out["components"] = comps_out
    return out


def _set_data(
    parser: Parser, options: ImportOptions, source_name: str, areas_out: list[dict[str, Any]]
) -> dict[str, Any]:
    """The criteria set's fields around its areas: id, title, status, source, totals."""
    total = sum((a["max_score"] for a in areas_out), Decimal(0))
    leaves = [leaf for a in areas_out for c in a["criteria"] for leaf in c.get("components", [c])]
    # both parts from the leaves: a missing leaf shows as C002 on its parent, not here
    survey_max = sum((lf["max_score"] for lf in leaves if lf.get("method") == "survey"), Decimal(0))
    appraisal_max = sum(
        (lf["max_score"] for lf in leaves if lf.get("method") != "survey"), Decimal(0)
    )
    name = Path(source_name).name
    set_id = options.set_id or slugify(Path(source_name).stem)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": set_id,
        "title": options.title or f"Bộ tiêu chí nhập từ {name}",
        "status": "official" if options.official else "illustrative",
        "status_note": (
            f"Nhập từ {name}"
            if options.official
            else f"Nhập từ {name}, chưa xác nhận là bản chính thức"
        ),
        "source": {
            "decision": options.decision or "(chưa ghi số văn bản)",
            **({"date": format_date(options.date)} if options.date else {}),
            **({"issuer": options.issuer} if options.issuer else {}),
            "note": f"Nhập bằng parcli criteria import từ {name}",
        },
        "max_total": _decimal_yaml(
            parser.stated_total if parser.stated_total is not None else total
        ),
        "appraisal_max": _decimal_yaml(appraisal_max),
        "survey_max": _decimal_yaml(survey_max),
    }
    expected = _expected(options)
    if expected is not None:
        data["expected"] = expected
    data["areas"] = areas_out
    return data


def _expected(options: ImportOptions) -> dict[str, int] | None:
    """--expect as counts of areas, criteria and components (None without --expect)."""
    if options.expect_totals is None and options.expect_areas is None:
        return None
    if options.expect_totals is not None:
        a, c, p = options.expect_totals
    else:
        assert options.expect_areas is not None
        a = len(options.expect_areas)
        c = sum(x for x, _ in options.expect_areas)
        p = sum(y for _, y in options.expect_areas)
    return {"areas": a, "criteria": c, "components": p}


def _leaf(
    node: Node, inherited_survey: bool, problems: list[ImportProblem], no_step: list[str]
) -> dict[str, Any] | None:
    rule = node.rule
    kind = _survey_kind(node)
    survey = inherited_survey or kind is not None
    if node.max_score is None:
        problems.append(
            ImportProblem(
                ERROR,
                f"Mã {node.code} không có điểm tối đa",
                "Ghi điểm tối đa cho dòng này trong bảng gốc rồi nhập lại.",
                node.where,
                short(node.name),
            )
        )
        return None
    if node.max_score == 0:
        problems.append(
            ImportProblem(
                WARNING,
                f"Mã {node.code} có điểm tối đa 0",
                "Kiểm tra với văn bản gốc: nếu tiêu chí đã bị bỏ, xóa dòng này khỏi bảng.",
                node.where,
                short(node.name),
            )
        )
    if kind == "weak" and not inherited_survey:
        problems.append(
            ImportProblem(
                INFO,
                f'{node.code}: coi là điều tra xã hội học vì cách chấm có chữ "khảo sát" và không '
                "nêu mức điểm tự chấm",
                "Nếu tiêu chí này do tỉnh tự chấm, sửa trong tệp YAML: bỏ method: survey và "
                "evidence_required: false.",
                node.where,
                short(rule or ""),
            )
        )
    out: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "max_score": _decimal_yaml(node.max_score),
    }
    if survey:
        out["method"] = "survey"
        out["evidence_required"] = False
        if rule and is_survey_marker(rule):
            rule = None
    else:
        step = infer_step(node.max_score, rule)
        if step is not None:
            out["step"] = step
        else:
            no_step.append(node.code)
        over = [v for v in point_values(rule or "") if v > node.max_score]
        if over:
            problems.append(
                ImportProblem(
                    WARNING,
                    f"Mã {node.code}: cách chấm nêu {format_decimal(max(over))} điểm, lớn hơn điểm "
                    f"tối đa {format_decimal(node.max_score)}",
                    "Kiểm tra điểm tối đa và cách chấm với văn bản gốc (có thể lệch dòng hoặc gõ "
                    "sai).",
                    node.where,
                    short(rule or ""),
                )
            )
        evidence = " ".join(node.evidence_lines)
        if "khao sat" in fold(f"{node.name} {rule or ''} {evidence}"):
            problems.append(
                ImportProblem(
                    INFO,
                    f'{node.code}: có chữ "khảo sát" nhưng cách chấm có thang điểm tự chấm (hoặc '
                    'chữ này chỉ ở tên tiêu chí, ở cột tài liệu kiểm chứng, hoặc là "tổ chức khảo '
                    'sát"); coi là tự chấm',
                    "Nếu tiêu chí này lấy điểm từ điều tra xã hội học, sửa "
                    "method: survey trong tệp "
                    "YAML.",
                    node.where,
                )
            )
    if rule:
        out["rule"] = rule
    if node.note:
        out["note"] = node.note
    return out
