"""Text and JSON views of a scorecard (``parcli score``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcli.scoring.scorecard import NodeResult, Scorecard

if TYPE_CHECKING:
    from parcli.scoring.progress import LeftOut


def _pct(node: NodeResult) -> str:
    from parcli.text import format_decimal

    return "" if node.percent is None else f"{format_decimal(node.percent, 2)}%"


def render_score(card: Scorecard) -> str:
    from parcli.text import format_decimal

    out = []
    if not card.criteria.is_official:
        out.append(f"Bộ tiêu chí {card.criteria.id}: MINH HỌA, không phải bộ chính thức.")
    pct = "" if card.percent is None else f", đạt {format_decimal(card.percent, 2)}%"
    out.append(
        f"Tổng điểm tự đánh giá: {format_decimal(card.score)}/{format_decimal(card.scope_max)} "
        f"điểm{pct}."
    )
    if card.survey_max:
        out.append(
            f"Điều tra xã hội học: tối đa {format_decimal(card.survey_max)} điểm (không tự chấm)."
        )
    outside = card.out_of_scope
    if outside:
        out.append(
            f"Ngoài phạm vi tự chấm (không giao đơn vị nào): {len(outside)} tiêu chí ("
            + ", ".join(r.leaf.code for r in outside)
            + ")."
        )
    out.append("")
    out.append(f"{'Mã':<8}{'Lĩnh vực / tiêu chí':<58}{'Tự chấm':>9}{'Tối đa':>8}{'Tỷ lệ':>11}")
    for area in card.areas:
        for node in [area, *area.children]:
            if not node.in_scope and node.survey_max == 0:
                continue
            indent = "  " * (node.level - 1)
            name = indent + node.name
            if len(name) > 56:
                name = name[:55] + "…"
            if node.in_scope:
                cells = f"{format_decimal(node.score):>9}{format_decimal(node.scope_max):>8}"
                cells += f"{_pct(node):>11}"
            else:
                cells = f"{'ĐTXHH':>9}{format_decimal(node.survey_max):>8}"
            out.append(f"{node.code:<8}{name:<58}{cells}")
    return "\n".join(out)


def score_to_dict(card: Scorecard) -> dict[str, object]:
    from parcli.text import plain_decimal

    def node(n: NodeResult) -> dict[str, object]:
        from parcli.text import plain_decimal

        return {
            "code": n.code,
            "name": n.name,
            "max": plain_decimal(n.scope_max),  # in scope, as the totals
            "criteria_max": plain_decimal(n.max_score),
            "score": plain_decimal(n.score),
            "survey_max": plain_decimal(n.survey_max),
            "percent": None if n.percent is None else format(n.percent, "f"),
            "children": [node(c) for c in n.children],
        }

    return {
        "criteria": card.criteria.id,
        "official": card.criteria.is_official,
        "score": plain_decimal(card.score),
        "max": plain_decimal(card.scope_max),
        "percent": None if card.percent is None else format(card.percent, "f"),
        "survey_max": plain_decimal(card.survey_max),
        "criteria_max": plain_decimal(card.criteria.max_total),
        "areas": [node(a) for a in card.areas],
    }


def render_left_out(
    invalid: list[LeftOut], unreadable: list[LeftOut], names: dict[str, str]
) -> str:
    """What the total leaves out, per division, in the words of ``parcli status`` (CẦN ĐÔN
    ĐỐC), each answer with the file and line to correct; "" when nothing is left out."""
    from parcli.scoring.progress import BAD_SCORES_LABEL, UNREADABLE_LABEL

    if not invalid and not unreadable:
        return ""
    out = ["CẦN ĐÔN ĐỐC"]
    for division, name in names.items():
        parts = [
            (UNREADABLE_LABEL, [x for x in unreadable if x.division == division]),
            (BAD_SCORES_LABEL, [x for x in invalid if x.division == division]),
        ]
        if not any(items for _, items in parts):
            continue
        out.append(f"- {name}:")
        for label, items in parts:
            if items:
                out.append(f"    {label} ({len(items)}):")
                out.extend(f"      {x.label}" for x in items)
    return "\n".join(out)
