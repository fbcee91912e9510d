"""The generation changes with every write and with nothing else, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from hyoka.store import documents as d
from hyoka.store.database import Database


def test_a_write_moves_the_generation_and_a_read_does_not(sessions: Database) -> None:
    before = sessions.generation()
    with sessions() as session:
        session.scalars(select(d.Agency)).all()
    assert sessions.generation() == before
    with sessions.begin() as session:
        session.add(d.Agency(full_name="独立行政法人世代試験機構", name="世代試験機構", legal_type="独立行政法人"))
    after = sessions.generation()
    assert after != before
    assert sessions.generation() == after  # stable until the next write


def test_a_write_rolled_back_leaves_the_generation(sessions: Database) -> None:
    before = sessions.generation()
    try:
        with sessions.begin() as session:
            session.add(d.Agency(full_name="独立行政法人取消試験機構", name="取消試験機構", legal_type=None))
            session.flush()
            raise RuntimeError("abandoned")
    except RuntimeError:
        pass
    if sessions.is_sqlite:  # PostgreSQL's snapshot moves with any transaction that took an id
        assert sessions.generation() == before
    with sessions() as session:
        assert session.scalar(select(d.Agency).where(d.Agency.name == "取消試験機構")) is None
