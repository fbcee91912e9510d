"""Proposals and overall ratings for a stored document and fiscal year.

A unit's targets are those of its items and their sub-items. Each top-level chapter that sets
work (quality, efficiency, finance, other) and that no stated evaluation unit covers is taken
as one unit (documents often state units only for the services chapter), and the trace says so.
R&D agencies' units in the R&D-results chapter get advisory proposals (the rating there is
qualitative).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from hyoka.evaluate.achievement import Achievement, TargetSpec, compute_achievement
from hyoka.evaluate.overall import ItemRating, OverallComputation, overall_rating
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.proposal import Proposal, UnitInput, propose
from hyoka.model.contract import Comparator, TargetScope
from hyoka.model.records import DocumentRecord, ItemRecord, TargetRecord
from hyoka.store import catalog, extract_rows
from hyoka.store.recorded import recorded_ratings
from hyoka.store.results import current_results
from hyoka.store.target_rows import document_targets

if TYPE_CHECKING:
    from hyoka.store.database import Session

RD_TYPE = "国立研究開発法人"
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


def propose_units(
    session: Session, document_id: int, year: int, policy: RatingPolicy, *, qualitative_s: Iterable[str] = ()
) -> list[UnitProposal]:
    document = catalog.document(session, document_id)
    if document is None:
        raise KeyError(document_id)
    years = period_years(document)
    agency = catalog.agency(session, document.agency_id) if document.agency_id is not None else None
    rd_agency = agency is not None and agency.legal_type == RD_TYPE
    flags = extract_rows.flags(session, document_id)
    by_item: dict[int | None, list[TargetRecord]] = {}
    for target in document_targets(session, document_id):
        by_item.setdefault(target.item_id, []).append(target)
    outstanding = set(qualitative_s)
    proposals = []
    for unit in unit_scopes(session, document_id):
        measured = [
            TargetAchievement(
                t.id,
                t.indicator,
                _level(t),
                t.scope,
                (r := current_results(session, t.id)),
                compute_achievement(target_spec(t, years), r, year, policy),
            )
            for item_id in sorted(unit.item_ids)
            for t in by_item.get(item_id, [])
        ]
        marked = {f.kind for f in flags if f.item_id in unit.item_ids}
        is_rd = rd_agency and unit.section_kind == "quality"
        unit_input = UnitInput(
            title=unit.title,
            is_rd=is_rd,
            achievements=[(m.indicator, m.achievement) for m in measured],
            difficulty_marked="difficulty" in marked,
            importance_marked="importance" in marked,
            qualitative_s=unit.key in outstanding,
        )
        notes = ("この章は文書に評価単位の定めがないため、章を一つの単位とした。",) if unit.derived else ()
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


def compute_overall(
    session: Session, document_id: int, year: int, *, stage: str, evaluator: str, policy: RatingPolicy
) -> tuple[OverallComputation, list[UnitProposal]]:
    """The overall rating from the recorded item ratings, or from the proposals where none is recorded."""
    proposals = propose_units(session, document_id, year, policy)
    recorded = recorded_ratings(session, document_id, year, stage, evaluator)
    items = []
    for unit in proposals:
        grade = recorded[unit.unit.key].rating if unit.unit.key in recorded else unit.proposal.grade
        if grade is None:
            continue
        items.append(
            ItemRating(
                title=unit.unit.title, grade=grade, important=unit.importance_marked, rd_results_chapter=unit.is_rd
            )
        )
    is_rd = any(unit.is_rd for unit in proposals)
    return overall_rating(items, policy, is_rd=is_rd), proposals
