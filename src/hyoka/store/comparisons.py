"""Counts across agencies and periods for the comparison page: targets by scope and unit, marks,
evaluation-axes coverage. Each is one grouped query over the current versions of the documents
(a draft replaced by its final text is not counted twice)."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.catalog import superseded_ids

ScopeUnitCount = tuple[int | None, str | None, str, str | None, int]  # agency id, agency, scope, unit, targets
MarkCount = tuple[int | None, str | None, str, int]  # agency id, agency, kind, marks
AxesCoverage = tuple[int, int | None, str | None, int, int, int]  # document, agency id, agency, units, rows, items


def targets_by_scope_and_unit(session: Session) -> list[ScopeUnitCount]:
    rows = session.execute(
        select(d.Agency.id, d.Agency.full_name, x.Target.scope, x.Target.unit, func.count(x.Target.id))
        .join(d.ObjectiveDocument, x.Target.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .where(d.ObjectiveDocument.id.not_in(superseded_ids()))
        .group_by(d.Agency.id, d.Agency.full_name, x.Target.scope, x.Target.unit)
        .order_by(d.Agency.full_name, x.Target.scope, x.Target.unit)
    )
    return [(agency_id, agency, scope, unit, count) for agency_id, agency, scope, unit, count in rows]


def marks_by_agency(session: Session) -> list[MarkCount]:
    rows = session.execute(
        select(d.Agency.id, d.Agency.full_name, x.Flag.kind, func.count(x.Flag.id))
        .join(d.ObjectiveDocument, x.Flag.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .where(d.ObjectiveDocument.id.not_in(superseded_ids()))
        .group_by(d.Agency.id, d.Agency.full_name, x.Flag.kind)
        .order_by(d.Agency.full_name, x.Flag.kind)
    )
    return [(agency_id, agency, kind, count) for agency_id, agency, kind, count in rows]


def axes_coverage(session: Session) -> list[AxesCoverage]:
    """Per current document with evaluation units or axes rows: how many units it states, how many
    axes rows it has, and how many of its items an axes row evaluates."""
    doc = d.ObjectiveDocument
    units = (
        select(x.EvaluationUnit.document_id, func.count(x.EvaluationUnit.id).label("n"))
        .group_by(x.EvaluationUnit.document_id)
        .subquery()
    )
    rows = (
        select(
            x.AxesRow.document_id,
            func.count(x.AxesRow.id).label("n"),
            func.count(distinct(x.AxesRow.item_id)).label("n_items"),
        )
        .group_by(x.AxesRow.document_id)
        .subquery()
    )
    query = (
        select(doc.id, doc.agency_id, d.Agency.full_name, units.c.n, rows.c.n, rows.c.n_items)
        .outerjoin(d.Agency, doc.agency_id == d.Agency.id)
        .outerjoin(units, units.c.document_id == doc.id)
        .outerjoin(rows, rows.c.document_id == doc.id)
        .where(doc.id.not_in(superseded_ids()), (units.c.n.is_not(None)) | (rows.c.n.is_not(None)))
        .order_by(d.Agency.full_name, doc.period_start)
    )
    return [
        (doc_id, agency_id, agency, n_units or 0, n_rows or 0, n_items or 0)
        for doc_id, agency_id, agency, n_units, n_rows, n_items in session.execute(query)
    ]


def scopes_by_document(session: Session, agency_id: int) -> dict[int, dict[str, int]]:
    """For one agency: each document's targets counted by scope (every version, for the periods view)."""
    rows = session.execute(
        select(x.Target.document_id, x.Target.scope, func.count(x.Target.id))
        .join(d.ObjectiveDocument, x.Target.document_id == d.ObjectiveDocument.id)
        .where(d.ObjectiveDocument.agency_id == agency_id)
        .group_by(x.Target.document_id, x.Target.scope)
    )
    counts: dict[int, dict[str, int]] = {}
    for document_id, scope, count in rows:
        counts.setdefault(document_id, {})[scope] = count
    return counts
