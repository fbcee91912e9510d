"""Building the evaluation report: `build_report` reads (and never writes) the store into the report tree."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from hyoka.evaluate.achievement import Achievement
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.service import (
    TargetAchievement,
    UnitProposal,
    compute_overall,
    period_years,
    target_spec,
)
from hyoka.evaluate.stages import PlanGoal, stage_achievement
from hyoka.model.contract import Document, Section
from hyoka.model.entries import AxesIndicatorRecord
from hyoka.model.records import (
    AgencyRecord,
    DocumentRecord,
    FlagRecord,
    IndicatorRecord,
    ItemRecord,
    RatingRecord,
    TargetRecord,
)
from hyoka.report.evaluation.model import (
    DocumentInfo,
    EvaluationReport,
    HistoryEntry,
    IndicatorReport,
    OverallItem,
    OverallReport,
    RecordedEvaluation,
    SheetText,
    SummaryColumn,
    SummaryRow,
    SummaryTable,
    TargetReport,
    UnitReport,
)
from hyoka.report.labels import COMPARATOR_WORDS, EVALUATOR_NAMES, STAGE_NAMES, year_label
from hyoka.store import catalog, extract_rows
from hyoka.store.findings import findings
from hyoka.store.main_results import main_results
from hyoka.store.plans import document_plan_values
from hyoka.store.ratings import OVERALL
from hyoka.store.reader import load_document
from hyoka.store.recorded import RatingHistoryEntry, rating_history, recorded_ratings, standing_ratings
from hyoka.store.results import (
    axes_indicators,
    axes_results,
    current_results,
    document_indicator_results,
    latest_result_unit,
)
from hyoka.store.sheets import SheetEntryRecord, sheet_entries, yearly_inputs
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
    contract = load_document(session, document_id)
    context = _UnitContext(
        items=items,
        flags=flags,
        recorded=recorded,
        sections=_sections_by_line(contract.sections),
        contract=contract,
        indicators=extract_rows.indicators(session, document_id),
        indicator_results=document_indicator_results(session, document_id),
        axes_indicators=axes_indicators(session, document_id),
        axes_results=axes_results(session, document_id),
        sheets={e: sheet_entries(session, document_id, year, stage, e) for e in EVALUATOR_NAMES},
        inputs=yearly_inputs(session, document_id),
        main_results={key: r.text for (key, _, _), r in main_results(session, document_id, year, stage).items()},
        findings={
            f.unit_key: f"{f.reason}（{EVALUATOR_NAMES.get(f.evaluator, f.evaluator)}、{f.recorded_by}）"
            for f in findings(session, document_id, year, stage)
            if f.in_force
        },
        history=_history(rating_history(session, document_id, year, stage)),
    )
    shown_years = tuple(y for y in years if y <= year) or (year,)
    plans = {
        target_id: {y: PlanGoal(v.value, v.plan_kind.value) for y, v in by_year.items()}
        for target_id, by_year in document_plan_values(session, document_id).items()
    }

    def report_of(
        row: TargetRecord, results: Mapping[int, float], achievement: Achievement, plan: PlanGoal | None
    ) -> TargetReport:
        goals = plans.get(row.id, {})
        yearly = _yearly(row, years, shown_years, results=results, policy=policy, plans=goals)
        return _target_report(session, row, results, achievement, yearly=yearly, plans=goals, plan=plan)

    def target(measured: TargetAchievement) -> TargetReport:
        return report_of(targets[measured.target_id], measured.results, measured.achievement, measured.plan)

    units = tuple(
        _unit_report(number, unit, context=context, target=target) for number, unit in enumerate(proposals, start=1)
    )
    in_units = {t.target_id for unit in proposals for t in unit.targets}
    others = []
    for row in targets.values():
        if row.id not in in_units:
            results = current_results(session, row.id)
            goals = plans.get(row.id, {})
            achievement = stage_achievement(target_spec(row, years), results, year, stage, policy, plans=goals)
            others.append(report_of(row, results, achievement, goals.get(year)))
    every = [t for unit in units for t in unit.targets] + others
    base_year = years[0] - 1 if years and any(t.scope == "annual_rate" for t in every) else None
    if years:
        result_years = ((base_year,) if base_year is not None else ()) + years
    else:
        result_years = tuple(sorted({y for t in every for y in t.results}))
    chosen = recorded_ratings(session, document_id, year, stage, evaluator)
    here = SummaryColumn(year, stage)
    summary = _summary(session, document_id, years or (year,), here, [(u.key, f"{u.number}. {u.title}") for u in units])
    overall = OverallReport(
        basis_evaluator=evaluator,
        grade=computation.grade,
        weighted_mean=computation.weighted_mean,
        trace=computation.trace,
        capped=computation.capped,
        items=tuple(_overall_item(unit, chosen, evaluator) for unit in proposals),
        self_evaluation=recorded.get((OVERALL, "self")),
        ministry_evaluation=recorded.get((OVERALL, "ministry")),
        sheet=_texts(context.sheets["ministry"], OVERALL),
        self_sheet=_texts(context.sheets["self"], OVERALL),
        history=context.history.get(OVERALL, ()),
        past_ratings=tuple(
            (column, cell)
            for column, cell in zip(summary.columns, summary.rows[0].cells, strict=True)
            if cell != NO_RATING and _before(column, here)
        ),
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
        summary=summary,
    )


NO_RATING = "―"
_STAGE_ORDER = {"annual": 0, "interim": 1, "expected": 2, "period_end": 3}


def _before(column: SummaryColumn, here: SummaryColumn) -> bool:
    return (column.fiscal_year, _STAGE_ORDER.get(column.stage, 9)) < (here.fiscal_year, _STAGE_ORDER.get(here.stage, 9))


def _summary(
    session: Session,
    document_id: int,
    years: tuple[int, ...],
    here: SummaryColumn,
    units: Sequence[tuple[str, str]],
) -> SummaryTable:
    """項目別評定総括表: an annual column per year of the period, then a column for each other stage
    that has a rating recorded (and the stage of this report), in the order they come."""
    found: dict[tuple[int, str], dict[tuple[str, str], RatingRecord]] = {}
    for fiscal_year in years:
        for name in _STAGE_ORDER:
            standing = standing_ratings(session, document_id, fiscal_year, name)
            if standing or name == "annual" or (fiscal_year, name) == (here.fiscal_year, here.stage):
                found[(fiscal_year, name)] = standing
    columns = tuple(
        SummaryColumn(y, s)
        for y, s in sorted(found, key=lambda key: (key[1] != "annual", _STAGE_ORDER[key[1]], key[0]))
    )

    def cell(key: str, column: SummaryColumn) -> str:
        standing = found[(column.fiscal_year, column.stage)]
        ministry, own = standing.get((key, "ministry")), standing.get((key, "self"))
        if ministry is not None:
            return ministry.rating
        return f"（自己 {own.rating}）" if own is not None else NO_RATING

    rows = [SummaryRow(OVERALL, "総合評定", tuple(cell(OVERALL, c) for c in columns))]
    rows += [SummaryRow(key, title, tuple(cell(key, c) for c in columns)) for key, title in units]
    return SummaryTable(columns, tuple(rows))


def _yearly(
    target: TargetRecord,
    years: tuple[int, ...],
    shown: tuple[int, ...],
    *,
    results: Mapping[int, float],
    policy: RatingPolicy,
    plans: Mapping[int, PlanGoal],
) -> dict[int, float | None]:
    """Each year's achievement as an annual evaluation judges it (達成度の推移), up to the year
    evaluated: against the plan value of the year where one is entered, the objective otherwise."""
    spec = target_spec(target, years)
    found: dict[int, float | None] = {}
    for fiscal_year in shown:
        achievement = stage_achievement(spec, results, fiscal_year, "annual", policy, plans=plans)
        ratio = achievement.ratio if achievement.status == "computed" else None
        found[fiscal_year] = ratio if ratio is not None and math.isfinite(ratio) else None
    return found


def _sections_by_line(sections: Sequence[Section]) -> dict[int, Section]:
    found: dict[int, Section] = {}
    stack = list(sections)
    while stack:
        section = stack.pop()
        found[section.line] = section
        stack.extend(section.children)
    return found


def _texts(entries: Mapping[tuple[str, str], SheetEntryRecord], unit_key: str) -> dict[str, SheetText]:
    return {
        e.field: SheetText(e.field, e.label, e.text, e.entered_by, e.version)
        for (key, _), e in entries.items()
        if key == unit_key
    }


@dataclass(frozen=True, slots=True)
class _UnitContext:
    """What every unit's part of the report is read from."""

    items: Mapping[int, ItemRecord]
    flags: Sequence[FlagRecord]
    recorded: Mapping[tuple[str, str], RecordedEvaluation]
    sections: Mapping[int, Section]
    contract: Document
    indicators: Sequence[IndicatorRecord]
    indicator_results: Mapping[int, Mapping[int, float]]
    axes_indicators: Sequence[AxesIndicatorRecord]
    axes_results: Mapping[int, Mapping[int, float]]
    sheets: Mapping[str, Mapping[tuple[str, str], SheetEntryRecord]]
    inputs: Mapping[tuple[str, str], Mapping[int, SheetEntryRecord]]
    main_results: Mapping[str, str]
    findings: Mapping[str, str]
    history: Mapping[str, tuple[HistoryEntry, ...]]


def _history(entries: Sequence[RatingHistoryEntry]) -> dict[str, tuple[HistoryEntry, ...]]:
    """The history of each unit (and 総合) for the year and stage, by unit key, oldest first."""
    found: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        record = entry.record
        found.setdefault(record.unit_key, []).append(
            HistoryEntry(
                evaluation_id=record.id,
                evaluator=record.evaluator,
                rating=record.rating,
                author=record.author,
                recorded_at=_in_jst(record.created_at),
                published=record.published,
                published_at=_in_jst(record.published_at),
                in_force=entry.in_force,
                replaced_by_id=entry.replaced_by,
                replaced_by=entry.replaced_by_author,
                replaced_at=_in_jst(entry.replaced_at),
                replace_reason=entry.replaced_reason,
            )
        )
    return {key: tuple(rows) for key, rows in found.items()}


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
    session: Session,
    target: TargetRecord,
    results: Mapping[int, float],
    achievement: Achievement,
    *,
    yearly: Mapping[int, float | None],
    plans: Mapping[int, PlanGoal],
    plan: PlanGoal | None,
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
        yearly_ratios=dict(yearly),
        plan_values={y: goal.value for y, goal in sorted(plans.items())},
        plan_kind=plan.kind if plan else next((g.kind for _, g in sorted(plans.items())), None),
        measured_against=plan.name if plan else "目標" if achievement.status == "computed" else None,
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
    context: _UnitContext,
    target: Callable[[TargetAchievement], TargetReport],
) -> UnitReport:
    scope = unit.unit
    items = context.items
    order = {item_id: position for position, item_id in enumerate(items)}  # `items` is in document order
    tops = sorted(
        (items[i] for i in scope.item_ids if i in items and items[i].parent_id not in scope.item_ids),
        key=lambda item: order[item.id],
    )

    def reasons(kind: str) -> tuple[str, ...]:
        found = (f.reason or f.text for f in context.flags if f.kind == kind and f.item_id in scope.item_ids)
        return tuple(dict.fromkeys(r.strip() for r in found if r and r.strip()))

    recorded = context.recorded
    inputs = {
        name: {
            year: SheetText(e.field, e.label, e.text, e.entered_by, e.version) for year, e in sorted(by_year.items())
        }
        for (key, name), by_year in context.inputs.items()
        if key == scope.key
    }
    axes, indicators = _axes(scope.item_ids, context)
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
        objective_text=_objective_text(scope.item_ids, context),
        axes=axes,
        indicators=indicators,
        sheet=_texts(context.sheets["ministry"], scope.key),
        self_sheet=_texts(context.sheets["self"], scope.key),
        inputs=inputs,
        main_results=context.main_results.get(scope.key),
        history=context.history.get(scope.key, ()),
        management_failure=context.findings.get(scope.key),
    )


OBJECTIVE_TEXT_LIMIT = 6_000


def _objective_text(item_ids: frozenset[int], context: _UnitContext) -> str:
    """The objective's own words for the unit (中期目標 column): each item's heading and text, in order."""
    parts = []
    for item in context.items.values():  # document order
        if item.id not in item_ids:
            continue
        section = context.sections.get(item.line)
        body = " ".join(section.text.split()) if section is not None else ""
        parts.append(f"{item.label.strip()} {item.title}".strip() + (f"\n{body}" if body else ""))
    text = "\n".join(parts)
    return text if len(text) <= OBJECTIVE_TEXT_LIMIT else text[:OBJECTIVE_TEXT_LIMIT] + "…（以下略）"


def _axes(item_ids: frozenset[int], context: _UnitContext) -> tuple[tuple[str, ...], tuple[IndicatorReport, ...]]:
    """The unit's 評価軸, its evaluation and monitoring indicators (the axes table's, then the ones
    the body names), each indicator with its results by year."""
    lines = {item.line for item in context.items.values() if item.id in item_ids}
    axes = [
        " ".join(axis.text.split())
        for row in context.contract.evaluation_axes
        if row.section_line in lines
        for axis in row.axes
    ]
    indicators = [
        IndicatorReport(
            e.id, e.kind, " ".join(e.text.split()), dict(sorted(context.axes_results.get(e.id, {}).items()))
        )
        for e in context.axes_indicators
        if e.item_id in item_ids
    ]
    indicators += [
        IndicatorReport(
            r.id, r.kind, " ".join(r.text.split()), dict(sorted(context.indicator_results.get(r.id, {}).items()))
        )
        for r in context.indicators
        if r.item_id in item_ids
    ]
    return tuple(dict.fromkeys(axes)), tuple(indicators)


def _overall_item(unit: UnitProposal, chosen: Mapping[str, RatingRecord], evaluator: str) -> OverallItem:
    """The grade `compute_overall` counted for the unit: the recorded one, else the proposed one."""
    row = chosen.get(unit.unit.key)
    grade: str | None = row.rating if row is not None else unit.proposal.grade
    source = EVALUATOR_NAMES[evaluator] if row is not None else "提案" if grade else "算入せず"
    return OverallItem(unit.unit.key, unit.unit.title, unit.importance_marked, grade, source)
