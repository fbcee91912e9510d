"""Proposals and overall ratings for a stored document and fiscal year.

A unit's targets are those of its items and their sub-items. Each top-level chapter that sets
work (quality, efficiency, finance, other) and that no stated evaluation unit covers is taken
as one unit (documents often state units only for the services chapter), and the trace says so.
R&D work is recognised by item, not only by the agency's legal type: a unit in the R&D-results
chapter of an R&D agency, a unit with an item under a 研究開発 heading, or one with evaluation axes
(評価軸) gets advisory proposals (the rating there is qualitative), whatever the agency's category.

Every computation is for a stage (年度評価 annual, 見込評価 expected, 期間実績評価 period_end, 中間評価
interim) that the policy must allow in the year (`hyoka.evaluate.stages`); achievement is measured
against the plan value (年度計画, else 中期計画) where one is entered for the target and year, against
the objective's target otherwise, and the target's line says which. A restated target (再掲, or the
same rule restated) counts once in its unit.

Recording, superseding and publishing go through `record_rating`, `supersede_rating` and
`publish_rating`, which give the store's rules the facts of the proposal (the uplift mark, the S floor,
whether the proposal is advisory, the item evaluations an overall rating was computed from) and the
policy's order-and-finality settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from hyoka.evaluate.achievement import Achievement, TargetSpec
from hyoka.evaluate.overall import ItemRating, OverallComputation, overall_rating
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.proposal import Proposal, UnitInput, propose
from hyoka.evaluate.stages import PlanGoal, check_stage, stage_achievement
from hyoka.model.contract import Comparator, TargetScope
from hyoka.model.records import AgencyCategory, DocumentRecord, ItemRecord, RatingRecord, TargetRecord
from hyoka.sources import normalize
from hyoka.store import catalog, extract_rows
from hyoka.store.findings import findings_in_force
from hyoka.store.ratings import (
    OVERALL,
    EvaluationInput,
    EvaluationRefused,
    RecordRules,
    publish,
    record_evaluation,
    supersede,
)
from hyoka.store.recorded import axes_item_ids, evaluation, rating_record, recorded_ratings, standing_ratings
from hyoka.store.results import current_results
from hyoka.store.target_rows import document_targets

if TYPE_CHECKING:
    from hyoka.store.database import Session

RD_TYPE = "国立研究開発法人"
RD_HEADING = "研究開発"
RESTATED = "再掲"
_WORK_CHAPTERS = ("quality", "efficiency", "finance", "other")


@dataclass(frozen=True, slots=True)
class UnitScope:
    key: str
    unit_id: int | None
    title: str
    item_ids: frozenset[int]
    section_kind: str | None
    derived: bool  # not stated by the document: one per top-level chapter


@dataclass(frozen=True, slots=True)
class TargetAchievement:
    target_id: int
    indicator: str
    level: str
    scope: str
    results: dict[int, float]
    achievement: Achievement
    restated: bool = False  # 再掲 (or the same rule restated) in its unit: shown, counted once
    plan: PlanGoal | None = None  # the plan value the evaluated year was measured against, if any


@dataclass(frozen=True, slots=True)
class UnitProposal:
    unit: UnitScope
    is_rd: bool
    importance_marked: bool
    difficulty_marked: bool
    targets: tuple[TargetAchievement, ...]
    proposal: Proposal
    notes: tuple[str, ...] = field(default_factory=tuple)


def period_years(document: DocumentRecord) -> tuple[int, ...]:
    if document.first_fiscal_year is None or document.last_fiscal_year is None:
        return ()
    return tuple(range(document.first_fiscal_year, document.last_fiscal_year + 1))


def _descendants(items: Sequence[ItemRecord], roots: Iterable[int]) -> frozenset[int]:
    children: dict[int | None, list[int]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item.id)
    found, stack = set(), list(roots)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return frozenset(found)


def unit_scopes(session: Session, document_id: int) -> list[UnitScope]:
    items = catalog.items(session, document_id)
    kinds = {item.id: item.section_kind for item in items}
    stated = [
        UnitScope(
            key=unit.title,
            unit_id=unit.id,
            title=unit.title,
            item_ids=_descendants(items, unit.item_ids),
            section_kind=next((kinds[i] for i in unit.item_ids if i in kinds), None),
            derived=False,
        )
        for unit in extract_rows.evaluation_units(session, document_id)
    ]
    covered: frozenset[int] = frozenset().union(*(unit.item_ids for unit in stated))
    chapters = [item for item in items if item.parent_id is None and item.section_kind in _WORK_CHAPTERS]
    derived = [
        UnitScope(f"{item.label} {item.title}", None, item.title, scope, item.section_kind, True)
        for item in chapters
        if not ((scope := _descendants(items, [item.id])) & covered)
    ]
    return stated + derived


class _BaselineLike(Protocol):
    @property
    def value(self) -> float: ...
    @property
    def fiscal_years(self) -> Sequence[int]: ...


class TargetLike(Protocol):
    """What a target spec is read from: a stored target row or its record."""

    @property
    def value(self) -> float: ...
    @property
    def comparator(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def indicator(self) -> str: ...
    @property
    def baselines(self) -> Sequence[_BaselineLike]: ...


def target_spec(target: TargetLike, years: tuple[int, ...]) -> TargetSpec:
    baseline = target.baselines[0] if target.baselines else None
    return TargetSpec(
        value=target.value,
        comparator=Comparator(target.comparator),
        scope=TargetScope(target.scope),
        unit=target.unit,
        period_years=years,
        baseline=baseline.value if baseline else None,
        baseline_year=baseline.fiscal_years[-1] if baseline and baseline.fiscal_years else None,
        label=target.indicator,
    )


def _level(target: TargetRecord) -> str:
    value = f"{target.value:,.0f}" if target.value == int(target.value) else f"{target.value:,}"
    return f"{value}{target.unit or ''} {target.comparator}"


class UnitNameRefused(ValueError):
    """A unit name that names no unit, or more than one; the message lists the candidates."""


def resolve_unit(proposals: Sequence[UnitProposal], name: str) -> UnitProposal | None:
    """The unit `name` names: its key as proposals show it, or its title without its label
    (「業務運営の効率化に関する事項」 for 「第４ 業務運営の効率化に関する事項」), compared in matching form.
    None for 総合 (the overall rating); UnitNameRefused naming the candidates otherwise."""
    if name == OVERALL:
        return None
    for unit in proposals:
        if unit.unit.key == name:
            return unit
    wanted = normalize(name)
    found = [u for u in proposals if wanted in (normalize(u.unit.key), normalize(u.unit.title))]
    if len(found) == 1:
        return found[0]
    keys = ", ".join(f"「{u.unit.key}」" for u in (found or proposals))
    if found:
        raise UnitNameRefused(f"unit name 「{name}」 is ambiguous: it names {keys}; give the name in full")
    raise UnitNameRefused(f"no evaluation unit 「{name}」; units: {keys} (or {OVERALL})")


def _rule_key(target: TargetRecord) -> tuple[str, float, str, str, str | None]:
    indicator = normalize(target.indicator.replace(RESTATED, "")).strip("()（）【】[]〔〕")
    return indicator, target.value, target.comparator, target.scope, target.unit


def _is_restated(target: TargetRecord) -> bool:
    return RESTATED in target.indicator or RESTATED in (target.text or "")[:40]


def _rd_items(items: Sequence[ItemRecord], with_axes: set[int]) -> set[int]:
    """Items under a 研究開発 heading (the item itself or an ancestor) or with evaluation axes."""
    by_id = {item.id: item for item in items}
    found = set()
    for item in items:
        current: ItemRecord | None = item
        while current is not None:
            if RD_HEADING in current.title or current.id in with_axes:
                found.add(item.id)
                break
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return found


def is_rd_agency(session: Session, document: DocumentRecord) -> bool:
    agency = catalog.agency(session, document.agency_id) if document.agency_id is not None else None
    if agency is None:
        return False
    return agency.category == AgencyCategory.rd or agency.legal_type == RD_TYPE


def _plan_goals(session: Session, document_id: int) -> dict[int, dict[int, PlanGoal]]:
    """target id → fiscal year → the plan value in force (年度計画, else 中期計画); empty without plans."""
    try:
        from hyoka.store.plans import document_plan_values  # noqa: PLC0415 - written by the plan-values work
    except ImportError:  # pragma: no cover - a tree without plan values
        return {}
    return {
        target: {year: PlanGoal(value.value, value.plan_kind.value) for year, value in years.items()}
        for target, years in document_plan_values(session, document_id).items()
    }


def propose_units(
    session: Session,
    document_id: int,
    year: int,
    policy: RatingPolicy,
    *,
    stage: str = "annual",
    qualitative_s: Iterable[str] = (),
) -> list[UnitProposal]:
    """Each unit's proposal for `stage` in fiscal `year`; StageRefused when the policy does not allow it."""
    document = catalog.document(session, document_id)
    if document is None:
        raise KeyError(document_id)
    years = period_years(document)
    rd_agency = is_rd_agency(session, document)
    check_stage(stage, year, years, policy, rd=rd_agency, annual_objectives=document.kind == "年度目標")
    flags = extract_rows.flags(session, document_id)
    items = catalog.items(session, document_id)
    rd_items = _rd_items(items, axes_item_ids(session, document_id))
    plans = _plan_goals(session, document_id)
    by_item: dict[int | None, list[TargetRecord]] = {}
    for target in document_targets(session, document_id):
        by_item.setdefault(target.item_id, []).append(target)
    outstanding = set(qualitative_s)
    proposals = []
    for unit in unit_scopes(session, document_id):
        seen: set[tuple[str, float, str, str, str | None]] = set()
        measured = []
        for item_id in sorted(unit.item_ids):
            for t in by_item.get(item_id, []):
                key = _rule_key(t)
                restated = key in seen or (_is_restated(t) and any(k[1:] == key[1:] for k in seen))
                seen.add(key)
                results = current_results(session, t.id)
                goals = plans.get(t.id, {})
                measured.append(
                    TargetAchievement(
                        t.id,
                        t.indicator,
                        _level(t),
                        t.scope,
                        results,
                        stage_achievement(target_spec(t, years), results, year, stage, policy, plans=goals),
                        restated,
                        goals.get(year),
                    )
                )
        marked = {f.kind for f in flags if f.item_id in unit.item_ids}
        is_rd = (rd_agency and unit.section_kind == "quality") or bool(unit.item_ids & rd_items)
        unit_input = UnitInput(
            title=unit.title,
            is_rd=is_rd,
            achievements=[(m.indicator, m.achievement) for m in measured],
            difficulty_marked="difficulty" in marked,
            importance_marked="importance" in marked,
            qualitative_s=unit.key in outstanding,
            restated=frozenset(i for i, m in enumerate(measured) if m.restated),
        )
        notes: tuple[str, ...] = (
            ("この章は文書に評価単位の定めがないため、章を一つの単位とした。",) if unit.derived else ()
        )
        if is_rd and not (rd_agency and unit.section_kind == "quality"):
            notes += (
                "研究開発に係る業務（研究開発の見出しの下、又は評価軸のある項目）のため、研究開発の評定方法による。",
            )
        proposals.append(
            UnitProposal(
                unit,
                is_rd,
                "importance" in marked,
                "difficulty" in marked,
                tuple(measured),
                propose(unit_input, policy),
                notes,
            )
        )
    return proposals


def _counted(
    session: Session, document_id: int, year: int, *, stage: str, evaluator: str, policy: RatingPolicy
) -> tuple[OverallComputation, list[UnitProposal], dict[str, RatingRecord]]:
    proposals = propose_units(session, document_id, year, policy, stage=stage)
    recorded = recorded_ratings(session, document_id, year, stage, evaluator)
    failures = findings_in_force(session, document_id, year, stage, evaluator)
    items = []
    for unit in proposals:
        grade = recorded[unit.unit.key].rating if unit.unit.key in recorded else unit.proposal.grade
        if grade is None:
            continue
        items.append(
            ItemRating(
                title=unit.unit.title,
                grade=grade,
                important=unit.importance_marked,
                rd_results_chapter=unit.is_rd,
                management_failure=unit.unit.key in failures,
            )
        )
    is_rd = any(unit.is_rd for unit in proposals)
    return overall_rating(items, policy, is_rd=is_rd), proposals, recorded


def compute_overall(
    session: Session,
    document_id: int,
    year: int,
    *,
    stage: str = "annual",
    evaluator: str,
    policy: RatingPolicy,
) -> tuple[OverallComputation, list[UnitProposal]]:
    """The overall rating from the recorded item ratings, or from the proposals where none is recorded;
    the R&D cap applies from the management-failure findings in force (`hyoka.store.findings`)."""
    overall, proposals, _ = _counted(session, document_id, year, stage=stage, evaluator=evaluator, policy=policy)
    return overall, proposals


def record_rules(policy: RatingPolicy) -> RecordRules:
    return RecordRules(
        self_before_ministry=policy.self_before_ministry,
        publish_locks_basis=policy.publish_locks_basis,
        ministry_overall_needs_every_unit=policy.ministry_overall_needs_every_unit,
    )


@dataclass(frozen=True, slots=True)
class RatingChoice:
    """What an evaluator records: the grade and its reasons (the unit, year, stage and evaluator aside)."""

    rating: str
    reason: str
    author: str
    improvement: str | None = None
    departure_reason: str | None = None
    qualitative_s: bool = False
    uplift_reason: str | None = None


def _entry(
    session: Session,
    document_id: int,
    unit_name: str,
    *,
    year: int,
    stage: str,
    evaluator: str,
    choice: RatingChoice,
    policy: RatingPolicy,
) -> EvaluationInput:
    overall, proposals, recorded = _counted(session, document_id, year, stage=stage, evaluator=evaluator, policy=policy)
    unit = resolve_unit(proposals, unit_name)
    common = {
        "document_id": document_id,
        "stage": stage,
        "fiscal_year": year,
        "evaluator": evaluator,
        "rating": choice.rating,
        "reason": choice.reason,
        "author": choice.author,
        "improvement": choice.improvement,
        "departure_reason": choice.departure_reason,
        "qualitative_s": choice.qualitative_s,
        "uplift_reason": choice.uplift_reason,
        "uplift_grades": policy.difficulty_uplift_grades,
        "s_floor": policy.top_floor if policy.s_requires_qualitative else None,
    }
    if unit is None:
        basis = tuple(sorted(r.id for r in recorded.values()))
        return EvaluationInput(unit_key=OVERALL, unit_id=None, computed_rating=overall.grade, basis_ids=basis, **common)  # type: ignore[arg-type]
    proposal = unit.proposal
    return EvaluationInput(
        unit_key=unit.unit.key,
        unit_id=unit.unit.unit_id,
        proposed_rating=proposal.grade,
        basis_ratio=proposal.basis_ratio,
        uplift_allowed=proposal.uplift_allowed,
        advisory=proposal.advisory,
        **common,  # type: ignore[arg-type]
    )


def record_rating(
    session: Session,
    document_id: int,
    unit_name: str,
    *,
    year: int,
    stage: str = "annual",
    evaluator: str,
    choice: RatingChoice,
    policy: RatingPolicy,
) -> RatingRecord:
    """Record an item rating (the unit named by its key or its title) or the overall one (総合), checked
    against the proposal and the policy's order-and-finality rules; EvaluationRefused (or StageRefused,
    UnitNameRefused, both ValueErrors) saying which rule."""
    entry = _entry(
        session, document_id, unit_name, year=year, stage=stage, evaluator=evaluator, choice=choice, policy=policy
    )
    return rating_record(record_evaluation(session, entry, record_rules(policy)))


def supersede_rating(
    session: Session, evaluation_id: int, *, choice: RatingChoice, why: str, policy: RatingPolicy
) -> RatingRecord:
    """Replace the published evaluation in force by a new one, checked like a record (departure reason
    included: `why` is the reason for superseding, not for departing from the proposal)."""
    old = evaluation(session, evaluation_id)
    if old is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    entry = _entry(
        session,
        old.document_id,
        old.unit_key,
        year=old.fiscal_year,
        stage=old.stage,
        evaluator=old.evaluator,
        choice=choice,
        policy=policy,
    )
    return rating_record(supersede(session, evaluation_id, entry, why, record_rules(policy)))


def unrated_units(
    session: Session, document_id: int, year: int, *, stage: str, evaluator: str, policy: RatingPolicy
) -> list[str]:
    """The units without an evaluation in force by `evaluator` for the year and stage."""
    standing = standing_ratings(session, document_id, year, stage)
    proposals = propose_units(session, document_id, year, policy, stage=stage)
    return [p.unit.key for p in proposals if (p.unit.key, evaluator) not in standing]


def publish_rating(session: Session, evaluation_id: int, by: str, *, policy: RatingPolicy) -> RatingRecord:
    """Publish an evaluation; the ministry's overall rating only when every unit has a ministry rating."""
    row = evaluation(session, evaluation_id)
    if row is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    unrated: list[str] = []
    basis: list[int] | None = None
    if row.level == "overall":
        recorded = recorded_ratings(session, row.document_id, row.fiscal_year, row.stage, row.evaluator)
        basis = [r.id for r in recorded.values()]
        if row.evaluator == "ministry":
            unrated = unrated_units(
                session, row.document_id, row.fiscal_year, stage=row.stage, evaluator="ministry", policy=policy
            )
    published = publish(session, evaluation_id, by, unrated=unrated, current_basis=basis, rules=record_rules(policy))
    return rating_record(published)
