"""Building the evaluation report: `build_report` reads (and never writes) the store into the report tree."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from hyoka.evaluate.achievement import Achievement, compute_achievement
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.service import (
    TargetAchievement,
    UnitProposal,
    compute_overall,
    period_years,
    target_spec,
)
from hyoka.model.records import AgencyRecord, DocumentRecord, FlagRecord, ItemRecord, RatingRecord, TargetRecord
from hyoka.report.evaluation.model import (
    DocumentInfo,
    EvaluationReport,
    OverallItem,
    OverallReport,
    RecordedEvaluation,
    TargetReport,
    UnitReport,
)
from hyoka.report.labels import COMPARATOR_WORDS, EVALUATOR_NAMES, STAGE_NAMES, year_label
from hyoka.store import catalog, extract_rows
from hyoka.store.ratings import OVERALL
from hyoka.store.recorded import recorded_ratings, standing_ratings
from hyoka.store.results import current_results, latest_result_unit
from hyoka.store.target_rows import document_targets

if TYPE_CHECKING:
    from hyoka.store.database import Session

# Dates in the report are Japanese dates: stored times are UTC (SQLite stores them without a zone).
JST = timezone(timedelta(hours=9), "JST")


def build_report(
    session: Session,
    document_id: int,
    year: int,
    *,
    stage: str = "annual",
    policy: RatingPolicy,
    evaluator: str = "ministry",
) -> EvaluationReport:
    """The report of `document_id` for fiscal `year`; reads only. KeyError for an unknown document.

    `evaluator` says whose recorded item ratings the computed overall rating counts (the ministry's,
    which are final, unless told otherwise); units without one count with their proposed grade.
    """
    if stage not in STAGE_NAMES:
        raise ValueError(f"stage must be one of {', '.join(STAGE_NAMES)}, not {stage!r}")
    if evaluator not in EVALUATOR_NAMES:
        raise ValueError(f"evaluator must be self or ministry, not {evaluator!r}")
    document = catalog.document(session, document_id)
    if document is None:
        raise KeyError(document_id)
    computation, proposals = compute_overall(
        session, document_id, year, stage=stage, evaluator=evaluator, policy=policy
    )
    years = period_years(document)
    agency = catalog.agency(session, document.agency_id) if document.agency_id is not None else None
    targets = {t.id: t for t in document_targets(session, document_id)}
    items = {i.id: i for i in catalog.items(session, document_id)}
    flags = extract_rows.flags(session, document_id)
    standing = standing_ratings(session, document_id, year, stage)
    recorded = {key: _recorded_evaluation(row) for key, row in standing.items()}

    def target(measured: TargetAchievement) -> TargetReport:
        return _target_report(session, targets[measured.target_id], measured.results, measured.achievement)

    units = tuple(
        _unit_report(number, unit, items=items, flags=flags, recorded=recorded, target=target)
        for number, unit in enumerate(proposals, start=1)
    )
    in_units = {t.target_id for unit in proposals for t in unit.targets}
    others = []
    for row in targets.values():
        if row.id not in in_units:
            results = current_results(session, row.id)
            achievement = compute_achievement(target_spec(row, years), results, year, policy)
            others.append(_target_report(session, row, results, achievement))
    every = [t for unit in units for t in unit.targets] + others
    base_year = years[0] - 1 if years and any(t.scope == "annual_rate" for t in every) else None
    if years:
        result_years = ((base_year,) if base_year is not None else ()) + years
    else:
        result_years = tuple(sorted({y for t in every for y in t.results}))
    chosen = recorded_ratings(session, document_id, year, stage, evaluator)
    overall = OverallReport(
        basis_evaluator=evaluator,
        grade=computation.grade,
        weighted_mean=computation.weighted_mean,
        trace=computation.trace,
        capped=computation.capped,
        items=tuple(_overall_item(unit, chosen, evaluator) for unit in proposals),
        self_evaluation=recorded.get((OVERALL, "self")),
        ministry_evaluation=recorded.get((OVERALL, "ministry")),
    )
    return EvaluationReport(
        document=_document_info(document, agency, years),
        fiscal_year=year,
        stage=stage,
        policy_name=policy.name,
        threshold_summary=policy.threshold_summary(),
        result_years=result_years,
        base_year=base_year,
        units=units,
        other_targets=tuple(others),
        overall=overall,
    )


def _document_info(document: DocumentRecord, agency: AgencyRecord | None, years: tuple[int, ...]) -> DocumentInfo:
    # a document without a period's fiscal years has no period (and no period sentence) stored
    period = f"{year_label(years[0])}〜{year_label(years[-1])}（{len(years)}年間）" if years else "不明"
    return DocumentInfo(
        document_id=document.id,
        agency=(agency.full_name or agency.name) if agency else "（法人名不明）",
        agency_type=agency.legal_type if agency else None,
        kind=document.kind,
        title=document.title,
        ministries=tuple(document.ministries or ()),
        version=document.version,
        draft=document.draft,
        period_start=document.period_start,
        period_end=document.period_end,
        period_years=years,
        period_label=period,
    )


def _in_jst(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(JST)


def _recorded_evaluation(row: RatingRecord) -> RecordedEvaluation:
    return RecordedEvaluation(
        evaluation_id=row.id,
        evaluator=row.evaluator,
        rating=row.rating,
        reason=row.reason,
        improvement=row.improvement,
        departure_reason=row.departure_reason,
        uplift_reason=row.uplift_reason,
        qualitative_s=row.qualitative_s,
        proposed_rating=row.proposed_rating,
        computed_rating=row.computed_rating,
        author=row.author,
        recorded_at=_in_jst(row.created_at),
        published=row.published,
        published_at=_in_jst(row.published_at),
        supersedes_id=row.supersedes_id,
        supersede_reason=row.supersede_reason,
    )


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def _level(target: TargetRecord) -> str:
    word = COMPARATOR_WORDS.get(target.comparator, target.comparator)
    return f"{_number_text(target.value)}{target.unit or ''}{word}"


def _baseline(target: TargetRecord) -> str | None:
    parts = [f"{b.label} {_number_text(b.value)}{b.unit or ''}".strip() for b in target.baselines]
    return "、".join(parts) or None


def _result_unit(session: Session, target: TargetRecord) -> str | None:
    return latest_result_unit(session, target.id) or target.unit


def _target_report(
    session: Session, target: TargetRecord, results: Mapping[int, float], achievement: Achievement
) -> TargetReport:
    return TargetReport(
        target_id=target.id,
        indicator=target.indicator,
        level=_level(target),
        value=target.value,
        unit=target.unit,
        comparator=target.comparator,
        scope=target.scope,
        baseline=_baseline(target),
        result_unit=_result_unit(session, target),
        results=dict(sorted(results.items())),
        ratio=achievement.ratio if achievement.status == "computed" else None,
        status=achievement.status,
        explanation=achievement.explanation,
    )


def _item_label(item: ItemRecord, items: Mapping[int, ItemRecord]) -> str:
    labels = [item.label.strip()]
    parent = items.get(item.parent_id) if item.parent_id is not None else None
    while parent is not None:
        labels.insert(0, parent.label.strip())
        parent = items.get(parent.parent_id) if parent.parent_id is not None else None
    return f"{'の'.join(labels)} {item.title}"


def _unit_report(
    number: int,
    unit: UnitProposal,
    *,
    items: Mapping[int, ItemRecord],
    flags: Sequence[FlagRecord],
    recorded: Mapping[tuple[str, str], RecordedEvaluation],
    target: Callable[[TargetAchievement], TargetReport],
) -> UnitReport:
    scope = unit.unit
    order = {item_id: position for position, item_id in enumerate(items)}  # `items` is in document order
    tops = sorted(
        (items[i] for i in scope.item_ids if i in items and items[i].parent_id not in scope.item_ids),
        key=lambda item: order[item.id],
    )

    def reasons(kind: str) -> tuple[str, ...]:
        found = (f.reason or f.text for f in flags if f.kind == kind and f.item_id in scope.item_ids)
        return tuple(dict.fromkeys(r.strip() for r in found if r and r.strip()))

    return UnitReport(
        number=number,
        key=scope.key,
        title=scope.title,
        unit_id=scope.unit_id,
        items=tuple(_item_label(item, items) for item in tops),
        derived=scope.derived,
        is_rd=unit.is_rd,
        rd_advisory=unit.proposal.advisory,
        importance_marked=unit.importance_marked,
        difficulty_marked=unit.difficulty_marked,
        importance_reasons=reasons("importance"),
        difficulty_reasons=reasons("difficulty"),
        targets=tuple(target(t) for t in unit.targets),
        proposal=unit.proposal,
        notes=unit.notes,
        self_evaluation=recorded.get((scope.key, "self")),
        ministry_evaluation=recorded.get((scope.key, "ministry")),
    )


def _overall_item(unit: UnitProposal, chosen: Mapping[str, RatingRecord], evaluator: str) -> OverallItem:
    """The grade `compute_overall` counted for the unit: the recorded one, else the proposed one."""
    row = chosen.get(unit.unit.key)
    grade: str | None = row.rating if row is not None else unit.proposal.grade
    source = EVALUATOR_NAMES[evaluator] if row is not None else "提案" if grade else "算入せず"
    return OverallItem(unit.unit.key, unit.unit.title, unit.importance_marked, grade, source)
