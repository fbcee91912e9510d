"""Published ratings (評定), the only evaluations the read side serves: a draft or an unpublished
rating never leaves the database through these queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.records import EvaluationRecord
from hyoka.store import documents as d
from hyoka.store.evaluations import Evaluation


@dataclass(frozen=True, slots=True)
class EvaluationFilter:
    agency_id: int | None = None
    document_id: int | None = None
    fiscal_year: int | None = None
    evaluator: str | None = None  # self or ministry
    level: str | None = None  # item or overall
    in_force_only: bool = True  # leave out published ratings a later published one replaced


def _conditions(given: EvaluationFilter) -> list[Any]:
    conditions: list[Any] = [Evaluation.published.is_(True)]
    if given.agency_id is not None:
        conditions.append(d.ObjectiveDocument.agency_id == given.agency_id)
    if given.document_id is not None:
        conditions.append(Evaluation.document_id == given.document_id)
    if given.fiscal_year is not None:
        conditions.append(Evaluation.fiscal_year == given.fiscal_year)
    if given.evaluator:
        conditions.append(Evaluation.evaluator == given.evaluator)
    if given.level:
        conditions.append(Evaluation.level == given.level)
    return conditions


def published_evaluations(session: Session, given: EvaluationFilter) -> list[EvaluationRecord]:
    """Published ratings by agency, year, stage, evaluator and unit; a rating is in force unless a
    later published rating supersedes it."""
    rows = session.execute(
        select(Evaluation, d.ObjectiveDocument.agency_id, d.Agency.full_name)
        .join(d.ObjectiveDocument, Evaluation.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .where(*_conditions(given))
        .order_by(d.Agency.full_name, Evaluation.fiscal_year, Evaluation.stage, Evaluation.evaluator, Evaluation.id)
    ).all()
    replaced = {row.supersedes_id for row, _, _ in rows if row.supersedes_id is not None}
    records = [
        EvaluationRecord(
            id=row.id,
            document_id=row.document_id,
            agency_id=agency_id,
            agency=agency,
            unit_key=row.unit_key,
            level=row.level,
            stage=row.stage,
            fiscal_year=row.fiscal_year,
            evaluator=row.evaluator,
            rating=row.rating,
            reason=row.reason,
            improvement=row.improvement,
            published_at=row.published_at,
            supersedes_id=row.supersedes_id,
            in_force=row.id not in replaced,
        )
        for row, agency_id, agency in rows
    ]
    return [r for r in records if r.in_force] if given.in_force_only else records
