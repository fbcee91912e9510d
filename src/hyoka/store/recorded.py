"""Evaluations as recorded, drafts and unpublished ones included, for the evaluation code and its
internal report (評価書). Nothing here is served by the pages or the API: `Store` has no method
over these, and the read side's ratings are `hyoka.store.published`'s, the published ones only.
Each function takes the caller's session, so a computation inside a write transaction (recording
an overall rating computed from the item ratings) reads what that transaction sees."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.records import RatingRecord
from hyoka.store.evaluations import Evaluation
from hyoka.store.extracts import AxesRow


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


class _HasSession(Protocol):
    def session(self) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True, slots=True)
class RatingHistoryEntry:
    """One evaluation of a unit, year and stage, and its fate: in force, or replaced (by whom, when, why)."""

    record: RatingRecord
    in_force: bool
    replaced_by: int | None  # the id of the evaluation that replaced it
    replaced_by_author: str | None
    replaced_at: datetime | None
    replaced_reason: str | None  # the supersede's reason; None for a re-record of an unpublished one

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def unit_key(self) -> str:
        return self.record.unit_key

    @property
    def evaluator(self) -> str:
        return self.record.evaluator

    @property
    def rating(self) -> str:
        return self.record.rating

    @property
    def published(self) -> bool:
        return self.record.published


@contextmanager
def _reading(source: Session | _HasSession) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
    else:
        with source.session() as session:
            yield session


def rating_history(
    session_or_store: Session | _HasSession, document_id: int, fiscal_year: int, stage: str
) -> list[RatingHistoryEntry]:
    """Every evaluation of the document's units and overall rating for the year and stage, oldest first,
    each with whether it is in force and, if not, which evaluation replaced it, by whom, when and why.
    Takes a session (inside a transaction) or a `Store` (a read session of its own)."""
    with _reading(session_or_store) as session:
        rows = list(
            session.scalars(
                select(Evaluation)
                .where(
                    Evaluation.document_id == document_id,
                    Evaluation.fiscal_year == fiscal_year,
                    Evaluation.stage == stage,
                )
                .order_by(Evaluation.id)
            )
        )
        by_old = {row.supersedes_id: row for row in rows if row.supersedes_id is not None}
        history = []
        for row in rows:
            newer = by_old.get(row.id)
            history.append(
                RatingHistoryEntry(
                    record=rating_record(row),
                    in_force=newer is None,
                    replaced_by=newer.id if newer else None,
                    replaced_by_author=newer.author if newer else None,
                    replaced_at=newer.created_at if newer else None,
                    replaced_reason=newer.supersede_reason if newer else None,
                )
            )
        return history


def axes_item_ids(session: Session, document_id: int) -> set[int]:
    """The items of the document that have an evaluation-axes row (評価軸): R&D work, judged by the R&D rules."""
    rows = session.scalars(
        select(AxesRow.item_id).where(AxesRow.document_id == document_id, AxesRow.item_id.is_not(None))
    )
    return {i for i in rows if i is not None}
