"""Targets (定量目標) as the evaluation and the pages read them: "the targets of a document" is
written here once, and every list of targets across documents is built from the same query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hyoka.model.records import BaselineRecord, Paged, ResultRecord, TargetRecord
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.catalog import name_matches, superseded_ids
from hyoka.store.evaluations import Result


@dataclass(frozen=True, slots=True)
class TargetFilter:
    """What a list of targets may be narrowed to; None (or False) means "any"."""

    document_id: int | None = None
    agency_id: int | None = None
    agency: str | None = None
    kind: str | None = None
    scope: str | None = None
    unit: str | None = None
    section_kind: str | None = None
    marked: bool | None = None  # True: only targets whose item carries a 重要度 / 困難度 mark
    indicator: str | None = None  # part of the indicator's name
    current_only: bool = True  # only the newest version of each document


def document_targets(session: Session, document_id: int) -> list[x.Target]:
    """The targets of one document in document order, baselines loaded: what evaluation reads."""
    query = (
        select(x.Target)
        .where(x.Target.document_id == document_id)
        .options(selectinload(x.Target.baselines))
        .order_by(x.Target.position)
    )
    return list(session.scalars(query))


def _marked_items() -> Any:
    return select(x.Flag.item_id).where(x.Flag.item_id.is_not(None))


def _conditions(given: TargetFilter) -> list[Any]:
    doc = d.ObjectiveDocument
    checks: list[tuple[object, Any]] = [
        (given.document_id, lambda: x.Target.document_id == given.document_id),
        (given.agency_id, lambda: doc.agency_id == given.agency_id),
        (given.agency or None, lambda: name_matches(d.Agency.full_name, given.agency or "")),
        (given.kind or None, lambda: doc.kind == given.kind),
        (given.scope or None, lambda: x.Target.scope == given.scope),
        (given.unit or None, lambda: x.Target.unit == given.unit),
        (given.section_kind or None, lambda: d.Item.section_kind == given.section_kind),
        (given.indicator or None, lambda: name_matches(x.Target.indicator, given.indicator or "")),
    ]
    conditions = [condition() for value, condition in checks if value is not None]
    if given.marked is True:
        conditions.append(x.Target.item_id.in_(_marked_items()))
    elif given.marked is False:
        conditions.append(x.Target.item_id.is_(None) | x.Target.item_id.not_in(_marked_items()))
    if given.current_only:
        conditions.append(x.Target.document_id.not_in(superseded_ids()))
    return conditions


def _joined(query: Any) -> Any:
    return (
        query.join(d.ObjectiveDocument, x.Target.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .outerjoin(d.Item, x.Target.item_id == d.Item.id)
    )


def targets(session: Session, given: TargetFilter, *, limit: int, offset: int) -> Paged[TargetRecord]:
    """A page of targets, by agency, document and position."""
    conditions = _conditions(given)
    total = session.scalar(_joined(select(func.count(x.Target.id))).where(*conditions)) or 0
    rows = session.execute(
        _joined(select(x.Target, d.ObjectiveDocument, d.Agency.full_name, d.Item))
        .where(*conditions)
        .options(selectinload(x.Target.baselines))
        .order_by(d.Agency.full_name, d.ObjectiveDocument.id, x.Target.position)
        .limit(limit)
        .offset(offset)
    ).all()
    return Paged(data=_records(session, rows), total=total, limit=limit, offset=offset)


def target(session: Session, target_id: int) -> TargetRecord | None:
    rows = session.execute(
        _joined(select(x.Target, d.ObjectiveDocument, d.Agency.full_name, d.Item))
        .where(x.Target.id == target_id)
        .options(selectinload(x.Target.baselines))
    ).all()
    found = _records(session, rows)
    return found[0] if found else None


def _marks(session: Session, item_ids: set[int]) -> dict[int, list[str]]:
    if not item_ids:
        return {}
    marks: dict[int, list[str]] = {}
    query = select(x.Flag.item_id, x.Flag.kind).where(x.Flag.item_id.in_(item_ids)).order_by(x.Flag.position)
    for item_id, kind in session.execute(query):
        if item_id is not None and kind not in marks.setdefault(item_id, []):
            marks[item_id].append(kind)
    return marks


def _records(session: Session, rows: Sequence[Any]) -> list[TargetRecord]:
    marks = _marks(session, {row[0].item_id for row in rows if row[0].item_id is not None})
    return [
        TargetRecord(
            id=t.id,
            document_id=t.document_id,
            agency_id=doc.agency_id,
            agency=agency,
            document_kind=doc.kind,
            item_id=t.item_id,
            item=f"{item.label} {item.title}".strip() if item is not None else None,
            section_kind=item.section_kind if item is not None else None,
            indicator=t.indicator,
            value=t.value,
            unit=t.unit,
            comparator=t.comparator,
            scope=t.scope,
            fiscal_years=list(t.fiscal_years or []),
            rationale=t.rationale,
            external_factors=t.external_factors,
            covers=t.covers,
            text=t.text,
            line=t.line,
            page=t.page,
            marks=marks.get(t.item_id, []) if t.item_id is not None else [],
            baselines=[
                BaselineRecord(
                    value=b.value,
                    unit=b.unit,
                    label=b.label,
                    fiscal_years=list(b.fiscal_years),
                    text=b.text,
                    line=b.line,
                )
                for b in t.baselines
            ],
        )
        for t, doc, agency, item in rows
    ]


def result_records(session: Session, target_id: int) -> list[ResultRecord]:
    """The figure in force for each fiscal year (the newest version), by year."""
    rows = session.scalars(
        select(Result).where(Result.target_id == target_id).order_by(Result.fiscal_year, Result.version)
    )
    newest: dict[int, Result] = {}
    for row in rows:
        newest[row.fiscal_year] = row
    return [
        ResultRecord(
            fiscal_year=row.fiscal_year,
            value=row.value,
            unit=row.unit,
            entered_by=row.entered_by,
            entered_at=row.entered_at,
            version=row.version,
            source_note=row.source_note,
        )
        for _, row in sorted(newest.items())
    ]


def target_units(session: Session, given: TargetFilter) -> list[str]:
    """The units the targets a filter leaves are written in, most used first (for a filter's choices)."""
    query = _joined(select(x.Target.unit, func.count())).where(*_conditions(given), x.Target.unit.is_not(None))
    rows = session.execute(query.group_by(x.Target.unit).order_by(func.count().desc(), x.Target.unit))
    return [unit for unit, _ in rows if unit]
