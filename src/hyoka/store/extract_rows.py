"""What the parse found in one document besides its targets, as records: the marks (重要度 /
困難度), the evaluation units it states and the plain indicators, each in document order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hyoka.model.records import EvaluationUnitRecord, FlagRecord, IndicatorRecord
from hyoka.store import documents as d
from hyoka.store import extracts as x


def flags(session: Session, document_id: int) -> list[FlagRecord]:
    rows = session.scalars(select(x.Flag).where(x.Flag.document_id == document_id).order_by(x.Flag.position))
    return [
        FlagRecord(
            id=row.id,
            document_id=row.document_id,
            item_id=row.item_id,
            kind=row.kind,
            level=row.level,
            reason=row.reason,
            text=row.text,
            line=row.line,
            applies_to=row.applies_to,
            page=row.page,
        )
        for row in rows
    ]


def evaluation_units(session: Session, document_id: int) -> list[EvaluationUnitRecord]:
    """The units the document states, each with its items' ids in document order."""
    query = (
        select(x.EvaluationUnit)
        .where(x.EvaluationUnit.document_id == document_id)
        .options(selectinload(x.EvaluationUnit.items))
        .order_by(x.EvaluationUnit.position)
    )
    return [
        EvaluationUnitRecord(
            id=row.id,
            document_id=row.document_id,
            title=row.title,
            item_ids=[item.id for item in sorted(row.items, key=lambda item: item.position)],
            section_lines=list(row.section_lines or []),
            text=row.text,
            line=row.line,
        )
        for row in session.scalars(query)
    ]


def indicators(session: Session, document_id: int) -> list[IndicatorRecord]:
    query = (
        select(x.Indicator, d.Item)
        .outerjoin(d.Item, x.Indicator.item_id == d.Item.id)
        .where(x.Indicator.document_id == document_id)
        .order_by(x.Indicator.position)
    )
    return [
        IndicatorRecord(
            id=row.id,
            document_id=row.document_id,
            item_id=row.item_id,
            item=f"{item.label} {item.title}".strip() if item is not None else None,
            kind=row.kind,
            text=row.text,
            section_line=row.section_line,
            line=row.line,
        )
        for row, item in session.execute(query)
    ]
