"""Targets (定量目標) as the evaluation and the pages read them: "the targets of a document" is
written here once, and every list of targets across documents is built from the same query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import bindparam, func, select
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


def target_rows(session: Session, document_id: int) -> list[x.Target]:
    """The targets of one document in document order, baselines and items loaded: the one query of
    "the targets of a document", which the records below and the contract loader are built from."""
    query = (
        select(x.Target)
        .where(x.Target.document_id == document_id)
        .options(selectinload(x.Target.baselines), selectinload(x.Target.item))
        .order_by(x.Target.position)
    )
    return list(session.scalars(query))


def document_targets(session: Session, document_id: int) -> list[TargetRecord]:
    """The targets of one document in document order, as records: what evaluation reads."""
    document = session.get(d.ObjectiveDocument, document_id)
    if document is None:
        return []
    agency = document.agency.full_name if document.agency is not None else None
    return _records(session, [(t, document, agency, t.item) for t in target_rows(session, document_id)])


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


def _joined_for(query: Any, given: TargetFilter, *, agency: bool) -> Any:
    """`query` from the targets joined to their documents, and to the agencies and items only
    where a filter (or the order) needs them: each outer join costs a lookup for every target."""
    query = query.join(d.ObjectiveDocument, x.Target.document_id == d.ObjectiveDocument.id)
    if agency or given.agency:
        query = query.outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
    if given.section_kind:
        query = query.outerjoin(d.Item, x.Target.item_id == d.Item.id)
    return query


@lru_cache(maxsize=256)
def _listing(given: TargetFilter) -> tuple[Any, Any]:
    """The count and the ordered ids of the targets `given` leaves, built once for each filter:
    building the statements cost more than running them."""
    conditions = _conditions(given)
    count = _joined_for(select(func.count(x.Target.id)), given, agency=False).where(*conditions)
    ordered = _joined_for(select(x.Target.id), given, agency=True).where(*conditions)
    return count, ordered.order_by(d.Agency.full_name, d.ObjectiveDocument.id, x.Target.position)


_T = x.Target
#: The columns of a record, in the order `_lean_records` reads them.
_RECORD_COLUMNS = (
    _T.id, _T.document_id, d.ObjectiveDocument.agency_id, d.Agency.full_name, d.ObjectiveDocument.kind, _T.item_id,
    d.Item.label, d.Item.title, d.Item.section_kind, _T.indicator, _T.value, _T.unit, _T.comparator, _T.scope,
    _T.fiscal_years, _T.rationale, _T.external_factors, _T.covers, _T.text, _T.line, _T.page,
)  # fmt: skip


@lru_cache(maxsize=1)
def _by_id() -> Any:
    """The record columns of targets by id: columns, not ORM objects (building objects, their
    state and their collections cost more than the query)."""
    return _joined(select(*_RECORD_COLUMNS)).where(x.Target.id.in_(bindparam("ids", expanding=True)))


@lru_cache(maxsize=1)
def _baselines_of() -> Any:
    b = x.Baseline
    return (
        select(b.target_id, b.value, b.unit, b.label, b.fiscal_years, b.text, b.line)
        .where(b.target_id.in_(bindparam("ids", expanding=True)))
        .order_by(b.target_id, b.position)
    )


# The records validated as one list, in pydantic-core (faster than building each in Python,
# even without checks)
_RECORDS = TypeAdapter(list[TargetRecord])


def _lean_records(session: Session, ids: Sequence[int]) -> list[TargetRecord]:
    """The records of these targets, in the order of `ids`, in three queries (rows, baselines,
    marks)."""
    if not ids:
        return []
    wanted = list(ids)
    rows = {row[0]: row for row in session.execute(_by_id(), {"ids": wanted})}
    baselines: dict[int, list[dict[str, Any]]] = {}
    for target_id, value, unit, label, years, text, line in session.execute(_baselines_of(), {"ids": wanted}):
        baselines.setdefault(target_id, []).append(
            {"value": value, "unit": unit, "label": label, "fiscal_years": years or [], "text": text, "line": line}
        )
    marks = _marks(session, {row[5] for row in rows.values() if row[5] is not None})
    records = []
    for target_id in wanted:
        if (row := rows.get(target_id)) is None:
            continue
        (_, document_id, agency_id, agency, kind, item_id, label, title, section, indicator, value, unit,
         comparator, scope, years, rationale, external, covers, text, line, page) = row  # fmt: skip
        records.append(
            {
                "id": target_id,
                "document_id": document_id,
                "agency_id": agency_id,
                "agency": agency,
                "document_kind": kind,
                "item_id": item_id,
                "item": f"{label} {title}".strip() if item_id is not None else None,
                "section_kind": section if item_id is not None else None,
                "indicator": indicator,
                "value": value,
                "unit": unit,
                "comparator": comparator,
                "scope": scope,
                "fiscal_years": years or [],
                "rationale": rationale,
                "external_factors": external,
                "covers": covers,
                "text": text,
                "line": line,
                "page": page,
                "marks": marks.get(item_id, []) if item_id is not None else [],
                "baselines": baselines.get(target_id, []),
            }
        )
    return _RECORDS.validate_python(records)


def targets(session: Session, given: TargetFilter, *, limit: int, offset: int) -> Paged[TargetRecord]:
    """A page of targets, by agency, document and position: the page's ids first, sorted on the keys
    alone, then its rows by id (sorting whole rows, the texts with them, cost ten times as much)."""
    count, ordered = _listing(given)
    total = session.scalar(count) or 0
    ids = list(session.scalars(ordered.limit(limit).offset(offset)))
    return Paged[TargetRecord].model_construct(
        data=_lean_records(session, ids), total=total, limit=limit, offset=offset
    )


def target(session: Session, target_id: int) -> TargetRecord | None:
    found = _lean_records(session, [target_id])
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
