"""``parcli appraisal show`` as text and JSON: self-score vs round 1 vs round 2."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parcli.formats.loading import LoadedDossier
    from parcli.model import RoundInfo
    from parcli.scoring.appraisal import AppraisalRow, AppraisalView, ExplanationStatus, Totals

DASH = "–"


def _n(value: Decimal | None) -> str:
    from parcli.text import format_decimal

    return DASH if value is None else format_decimal(value)


def _round_line(no: int, info: RoundInfo | None) -> str:
    from parcli.text import format_date

    if info is None:
        return f"Vòng {no}: chưa có kết quả"
    parts = [f"văn bản số {info.document}" if info.document else ""]
    parts.append(f"ngày {format_date(info.date)}" if info.date else "")
    parts.append(f"tệp {info.source}" if info.source else "")
    text = ", ".join(p for p in parts if p)
    return f"Vòng {no}: {text or 'đã có kết quả'}"


_HEAD = f"{'Tối đa':>7}  {'Tự chấm':>7}  {'Vòng 1':>7}  {'Vòng 2':>7}  {'Cuối':>7}  {'Bị trừ':>7}"


def _line(label: str, width: int, values: list[str], tail: str = "") -> str:
    if len(label) > width:
        label = label[: width - 1] + "…"
    return f"{label:<{width}}  " + "  ".join(f"{v:>7}" for v in values) + tail


def _totals_line(label: str, t: Totals, width: int) -> str:
    from parcli.text import format_decimal

    return _line(
        label,
        width,
        [
            format_decimal(t.max_score),
            format_decimal(t.self_score),
            format_decimal(t.round1),
            format_decimal(t.round2) if t.round2 else DASH,
            format_decimal(t.final),
            format_decimal(t.lost),
        ],
    )


def _table(title: str, rows: list[Totals], total: Totals, *, codes: bool) -> list[str]:
    width = 34
    header = f"{title:<{width}}  {_HEAD}"
    out = [header, "-" * len(header)]
    for t in rows:
        out.append(_totals_line(f"{t.key}. {t.name}" if codes else t.name, t, width))
    out.append("-" * len(header))
    out.append(_totals_line("Cộng", total, width))
    return out


CODE_WIDTH = 12


def _leaf_line(row: AppraisalRow, indent: int) -> str:
    from parcli.text import format_decimal

    leaf = row.result.leaf
    return _line(
        " " * indent + leaf.code,
        CODE_WIDTH,
        [
            format_decimal(leaf.max_score),
            _n(row.self_score),
            _n(row.round1),
            _n(row.round2),
            _n(row.final),
            format_decimal(row.lost) if row.final is not None else DASH,
        ],
        " *" if row.requested else "",
    )


def render_show(
    loaded: LoadedDossier, view: AppraisalView, explanation: ExplanationStatus | None
) -> str:
    dossier = loaded.dossier
    assert dossier is not None
    appraisal = view.appraisal
    total = view.total
    out = [
        f"Kết quả thẩm định: {dossier.agency.name}, năm {dossier.year}",
        _round_line(1, appraisal.round1),
        _round_line(2, appraisal.round2),
        f"Đã có điểm thẩm định: {total.appraised}/{total.leaves} tiêu chí Sở tự chấm.",
    ]
    if explanation is not None:
        out.append(f"Giải trình: {explanation.message}")
    out += ["", "THEO LĨNH VỰC"]
    out += _table("Lĩnh vực", view.area_totals(), total, codes=True)
    out += ["", "THEO ĐƠN VỊ CHỦ TRÌ"]
    out += _table("Đơn vị", view.division_totals(dossier), total, codes=False)
    out += ["", "THEO TIÊU CHÍ (* có yêu cầu giải trình)"]
    out.append(f"{'  Mã':<{CODE_WIDTH}}  {_HEAD}")
    by_criterion: dict[str, list[AppraisalRow]] = {}
    for row in view.rows:
        by_criterion.setdefault(row.result.leaf.criterion_code, []).append(row)
    for t in view.criteria_totals():
        rows = by_criterion[t.key]
        if len(rows) == 1 and rows[0].result.leaf.is_criterion:
            out.append(_leaf_line(rows[0], 2))
            continue
        out.append(_totals_line(f"  {t.key}", t, CODE_WIDTH))
        out += [_leaf_line(r, 4) for r in rows]
    out += ["", "ĐIỂM BỊ TRỪ, Ý KIẾN THẨM ĐỊNH VÀ GIẢI TRÌNH"]
    listed = [r for r in view.rows if r.lost or r.requested or r.opinions]
    if not listed:
        out.append("Không có tiêu chí nào bị trừ điểm hoặc có ý kiến thẩm định.")
    for row in listed:
        out += _detail(row, loaded)
    out += _published(view)
    return "\n".join(out)


def _detail(row: AppraisalRow, loaded: LoadedDossier) -> list[str]:
    from parcli.text import format_decimal

    dossier = loaded.dossier
    assert dossier is not None
    division = dossier.division(row.division or "")
    who = division.name if division else (row.division or "")
    lost = f" (bị trừ {format_decimal(row.lost)})" if row.lost > 0 else ""
    head = (
        f"- {row.code} {row.result.leaf.name} ({who}): tự chấm {_n(row.self_score)}, vòng 1 "
        f"{_n(row.round1)}"
        + (f", vòng 2 {_n(row.round2)}" if row.round2 is not None else "")
        + lost
    )
    out = [head]
    if row.left_out is not None:
        out.append(f"    {row.left_out}")
    appraised = row.appraised
    if appraised is not None and appraised.round1_opinion:
        out.append(f"    Ý kiến vòng 1: {appraised.round1_opinion}")
    if appraised is not None and appraised.round2_opinion:
        out.append(f"    Ý kiến vòng 2: {appraised.round2_opinion}")
    response = row.response
    if row.requested and not row.answered:
        out.append("    Yêu cầu giải trình: CHƯA GIẢI TRÌNH")
    elif row.requested:
        out.append("    Yêu cầu giải trình: đã giải trình")
    if response is not None and response.text:
        out.append(f"    Giải trình: {response.text}")
    if response is not None and response.evidence:
        out.append(f"    Tài liệu bổ sung: {len(response.evidence)} tệp")
    return out


def _published(view: AppraisalView) -> list[str]:
    from parcli.text import format_decimal

    appraisal = view.appraisal
    out: list[str] = []
    names = {a.code: a.name for a in view.card.criteria.areas}
    for code, area in sorted(appraisal.areas.items()):
        parts = []
        if area.survey_score is not None:
            parts.append(f"điều tra xã hội học {format_decimal(area.survey_score)}")
        if area.published_total is not None:
            parts.append(f"tổng điểm công bố {format_decimal(area.published_total)}")
        if parts:
            out.append(f"- {code}. {names.get(code, '')}: " + ", ".join(parts))
    survey = view.survey_total()
    if survey is not None:
        out.append(f"Điểm điều tra xã hội học: {format_decimal(survey)} điểm.")
    if appraisal.published_total is not None:
        rank = (
            f", xếp thứ {appraisal.published_rank}" if appraisal.published_rank is not None else ""
        )
        out.append(f"Tổng điểm được công bố: {format_decimal(appraisal.published_total)}{rank}.")
    return ["", "KẾT QUẢ CÔNG BỐ", *out] if out else []


def _dec(value: Decimal | None) -> str | None:
    from parcli.text import plain_decimal

    return None if value is None else plain_decimal(value)


def _totals_dict(t: Totals) -> dict[str, object]:
    from parcli.text import plain_decimal

    return {
        "key": t.key,
        "name": t.name,
        "leaves": t.leaves,
        "appraised": t.appraised,
        "max": plain_decimal(t.max_score),
        "self_score": plain_decimal(t.self_score),
        "round1": plain_decimal(t.round1),
        "round2": plain_decimal(t.round2),
        "final": plain_decimal(t.final),
        "lost": plain_decimal(t.lost),
    }


def show_to_dict(
    loaded: LoadedDossier, view: AppraisalView, explanation: ExplanationStatus | None
) -> dict[str, object]:
    from parcli.text import plain_decimal

    dossier = loaded.dossier
    assert dossier is not None
    appraisal = view.appraisal
    leaves = []
    for row in view.rows:
        response = row.response
        leaves.append(
            {
                "code": row.code,
                "name": row.result.leaf.name,
                "division": row.division,
                "max": plain_decimal(row.result.leaf.max_score),
                "self_score": _dec(row.self_score),
                "round1": _dec(row.round1),
                "round2": _dec(row.round2),
                "final": _dec(row.final),
                "lost": plain_decimal(row.lost),
                "round1_opinion": row.appraised.round1_opinion if row.appraised else None,
                "round2_opinion": row.appraised.round2_opinion if row.appraised else None,
                "explanation_requested": row.requested,
                "explained": row.answered,
                "response": response.text if response else None,
                "supplementary_evidence": [e.path for e in response.evidence] if response else [],
            }
        )
    return {
        "year": dossier.year,
        "round1": appraisal.round1.model_dump(mode="json") if appraisal.round1 else None,
        "round2": appraisal.round2.model_dump(mode="json") if appraisal.round2 else None,
        "explanation": explanation.to_dict() if explanation else None,
        "total": _totals_dict(view.total),
        "areas": [_totals_dict(t) for t in view.area_totals()],
        "divisions": [_totals_dict(t) for t in view.division_totals(dossier)],
        "criteria": [_totals_dict(t) for t in view.criteria_totals()],
        "leaves": leaves,
        "published": {
            "areas": {
                code: {
                    "survey_score": _dec(a.survey_score),
                    "published_total": _dec(a.published_total),
                }
                for code, a in appraisal.areas.items()
            },
            "survey_total": _dec(view.survey_total()),
            "total": _dec(appraisal.published_total),
            "rank": appraisal.published_rank,
        },
        "missing": view.missing(),
    }
