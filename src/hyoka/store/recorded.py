"""Evaluations as recorded, drafts and unpublished ones included, for the evaluation code and its
internal report (評価書). Nothing here is served by the pages or the API: `Store` has no method
over these, and the read side's ratings are `hyoka.store.published`'s, the published ones only.
Each function takes the caller's session, so a computation inside a write transaction (recording
an overall rating computed from the item ratings) reads what that transaction sees."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.records import RatingRecord
from hyoka.store.evaluations import Evaluation


def rating_record(row: Evaluation) -> RatingRecord:
    return RatingRecord(
        id=row.id,
        document_id=row.document_id,
        unit_id=row.unit_id,
        unit_key=row.unit_key,
        level=row.level,
        stage=row.stage,
        fiscal_year=row.fiscal_year,
        evaluator=row.evaluator,
        rating=row.rating,
        proposed_rating=row.proposed_rating,
        computed_rating=row.computed_rating,
        reason=row.reason,
        improvement=row.improvement,
        departure_reason=row.departure_reason,
        qualitative_s=bool(row.qualitative_s),
        uplift_reason=row.uplift_reason,
        author=row.author,
        created_at=row.created_at,
        published=bool(row.published),
        published_at=row.published_at,
        supersedes_id=row.supersedes_id,
        supersede_reason=row.supersede_reason,
    )


def evaluation(session: Session, evaluation_id: int) -> RatingRecord | None:
    row = session.get(Evaluation, evaluation_id)
    return rating_record(row) if row is not None else None


def recorded_ratings(
    session: Session, document_id: int, year: int, stage: str, evaluator: str
) -> dict[str, RatingRecord]:
    """The newest recorded item evaluation of each unit, by unit key (older ones left out)."""
    rows = session.scalars(
        select(Evaluation)
        .where(
            Evaluation.document_id == document_id,
            Evaluation.fiscal_year == year,
            Evaluation.stage == stage,
            Evaluation.evaluator == evaluator,
            Evaluation.level == "item",
        )
        .order_by(Evaluation.id)
    )
    return {row.unit_key: rating_record(row) for row in rows}


def standing_ratings(session: Session, document_id: int, year: int, stage: str) -> dict[tuple[str, str], RatingRecord]:
    """The newest evaluation that nothing supersedes, by (unit key, evaluator), items and overall alike."""
    superseded = set(
        session.scalars(
            select(Evaluation.supersedes_id).where(
                Evaluation.document_id == document_id, Evaluation.supersedes_id.is_not(None)
            )
        )
    )
    rows = session.scalars(
        select(Evaluation)
        .where(Evaluation.document_id == document_id, Evaluation.fiscal_year == year, Evaluation.stage == stage)
        .order_by(Evaluation.id)
    )
    return {(row.unit_key, row.evaluator): rating_record(row) for row in rows if row.id not in superseded}
