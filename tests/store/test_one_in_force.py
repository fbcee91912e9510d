"""Exactly one evaluation in force per unit, year, stage and evaluator is a constraint of the
database (migration 0009), not only of `hyoka.store.ratings`: a row written past the code's checks
that would put a second one in force is refused by the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.evaluations import Evaluation
from hyoka.store.ingest import ingest_file

UNIT = "技術相談・技術支援の充実"


def _row(
    document_id: int, *, supersedes_id: int | None = None, evaluator: str = "self", stage: str = "annual"
) -> Evaluation:
    return Evaluation(
        document_id=document_id,
        unit_key=UNIT,
        level="item",
        stage=stage,
        fiscal_year=2026,
        evaluator=evaluator,
        rating="B",
        reason="目標を達成した。",
        author="評価担当",
        supersedes_id=supersedes_id,
    )


@pytest.fixture
def document_id(sessions: Database, settings: Settings) -> int:
    return ingest_file(sessions, sample_path(), settings).stored[0].id


def test_a_direct_double_insert_of_a_first_rating_is_refused(sessions: Database, document_id: int) -> None:
    with sessions.begin() as session:
        session.add(_row(document_id))
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.add(_row(document_id))  # refused when the transaction writes it
    with sessions.begin() as session:  # another evaluator or stage is another rating
        session.add_all([_row(document_id, evaluator="ministry"), _row(document_id, stage="expected")])


def test_two_rows_replacing_the_same_rating_are_refused(sessions: Database, document_id: int) -> None:
    with sessions.begin() as session:
        first = _row(document_id)
        session.add(first)
        session.flush()
        session.add(_row(document_id, supersedes_id=first.id))
        first_id = first.id
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.add(_row(document_id, supersedes_id=first_id))
