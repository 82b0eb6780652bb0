"""Last year's result as a :class:`LastYearFile`, in this year's codes.

Read from last year's dossier folder: the self-scores (divisions/*.yaml), the appraisal round and
published result (appraisal.yaml, when there is one), the reasons and remedies; mapped to this
year's criteria set with :func:`parcli.criteria.mapping.map_codes`.
"""

from __future__ import annotations

from decimal import Decimal

from parcli.criteria.mapping import CodeMapping, Dropped, map_codes
from parcli.formats.loading import LoadedDossier
from parcli.model import (
    AppraisedLeaf,
    AreaResult,
    CriteriaSet,
    LastYearArea,
    LastYearFile,
    LastYearLeaf,
    Method,
    UnassignedCode,
    Unmatched,
)
from parcli.scoring.scorecard import LeafResult, NodeResult, score_as_assigned

ZERO = Decimal(0)


def last_year_of(
    loaded: LoadedDossier,
    new: CriteriaSet,
    mapping: CodeMapping | None = None,
    dropped: list[Dropped] | None = None,
) -> LastYearFile:
    """Last year's figures from the loaded dossier ``loaded``, keyed by the codes of ``new``."""
    dossier, old = loaded.dossier, loaded.criteria
    assert dossier is not None and old is not None
    mapping = mapping or map_codes(old, new)
    card = score_as_assigned(dossier, old, loaded.divisions)
    appraisal = loaded.appraisal
    appraised = appraisal.leaves if appraisal else {}
    new_leaves = {leaf.code for leaf in new.leaves()}
    leaves: dict[str, LastYearLeaf] = {}
    figures: dict[str, Decimal | None] = {}
    for result in card.leaves:
        if result.leaf.method is not Method.APPRAISAL:
            continue
        council = appraised.get(result.leaf.code)
        if not result.in_scope and council is None:
            continue
        entry = _leaf(result, council)
        target = mapping.nodes.get(result.leaf.code)
        figures[result.leaf.code] = entry.result()[0]
        if target is None or target not in new_leaves:
            continue  # listed in unmatched below
        if target != result.leaf.code:
            entry = entry.model_copy(update={"old_code": result.leaf.code})
        leaves[target] = entry
    unmatched = [
        Unmatched(
            side="removed",
            code=n.code,
            level=n.level,
            name=n.name,
            max_score=n.max_score,
            last_score=figures.get(n.code),
        )
        for n in mapping.removed
    ]
    unmatched += [
        Unmatched(side="added", code=n.code, level=n.level, name=n.name, max_score=n.max_score)
        for n in mapping.added
    ]
    # a leaf matched to what is a parent this year cannot carry a leaf's figures
    names = {r.leaf.code: (r.leaf.name, r.leaf.max_score) for r in card.leaves}
    for code, target in mapping.nodes.items():
        if code in figures and target not in new_leaves:
            unmatched.append(
                Unmatched(
                    side="removed",
                    code=code,
                    level=3 if code.count(".") >= 2 else 2,
                    name=names[code][0],
                    max_score=names[code][1],
                    last_score=figures[code],
                )
            )
    areas = {}
    for area in card.areas:
        target = mapping.nodes.get(area.code)
        if target is not None:
            areas[target] = _area(area, appraisal.areas.get(area.code) if appraisal else None)
            if target != area.code:
                areas[target] = areas[target].model_copy(update={"old_code": area.code})
            areas[target] = _with_appraised(areas[target], area, appraised)
    report = dossier.report
    return LastYearFile(
        year=dossier.year,
        agency=dossier.agency.name,
        criteria=old.id,
        criteria_title=old.title,
        mapped_to=None if mapping.identity and old.id == new.id else new.id,
        source=loaded.root.name,
        self_total=card.score,
        scope_max=card.scope_max,
        published_total=appraisal.published_total if appraisal else None,
        published_rank=appraisal.published_rank if appraisal else None,
        report_basis=list(report.basis),
        solutions=list(report.solutions),
        difficulties=list(report.difficulties),
        proposals=list(report.proposals),
        leaves=leaves,
        areas=areas,
        unmatched=unmatched,
        unassigned=[
            UnassignedCode(division=d.division, code=d.code, reason=d.reason) for d in dropped or []
        ],
    )


def _leaf(result: LeafResult, council: AppraisedLeaf | None) -> LastYearLeaf:
    answer = result.answer
    return LastYearLeaf(
        name=result.leaf.name,
        max_score=result.leaf.max_score,
        division=result.division,
        self_score=result.score,
        round1_score=council.round1_score if council else None,
        round2_score=council.round2_score if council else None,
        reason_lost=answer.reason_lost if answer else None,
        opinion=(council.round2_opinion or council.round1_opinion) if council else None,
        remedy=answer.remedy if answer else None,
    )


def _area(area: NodeResult, published: AreaResult | None) -> LastYearArea:
    return LastYearArea(
        name=area.name,
        scope_max=area.scope_max,
        self_score=area.score,
        survey_score=published.survey_score if published else None,
        published_total=published.published_total if published else None,
    )


def _with_appraised(
    entry: LastYearArea, area: NodeResult, appraised: dict[str, AppraisedLeaf]
) -> LastYearArea:
    """The area's appraised total, when the council scored every in-scope leaf of it."""
    scored = [n for n in area.walk() if n.leaf is not None and n.leaf.in_scope]
    finals = [appraised[n.code].final_score if n.code in appraised else None for n in scored]
    if not scored or any(f is None for f in finals):
        return entry
    return entry.model_copy(update={"appraised_score": sum((f or ZERO for f in finals), ZERO)})
