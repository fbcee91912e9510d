"""`Database.snapshot()`: the reads of a block share one session, on both databases, and only
the reads of that database in that thread or task."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, select

from hyoka.store import documents as d
from hyoka.store.database import Database


def _agency(name: str) -> d.Agency:
    return d.Agency(full_name=f"独立行政法人{name}", name=name, legal_type="独立行政法人")


def test_reads_in_a_snapshot_share_one_session_and_only_there(sessions: Database) -> None:
    with sessions.read() as one, sessions.read() as two:
        assert one is not two
    with sessions.snapshot():
        with sessions.read() as one:
            pass
        with sessions.read() as two, sessions.snapshot(), sessions.read() as nested:
            assert one is two is nested  # a nested block reuses the outer one's session
        shared = one
    with sessions.read() as after:
        assert after is not shared
    assert not shared.in_transaction()  # closed with the block


def test_another_database_and_another_thread_get_their_own_sessions(sessions: Database, engine: Engine) -> None:
    other = Database(engine)
    seen: list[object] = []
    with sessions.snapshot(), sessions.read() as mine:
        with other.read() as theirs:
            assert theirs is not mine

        def read_elsewhere() -> None:
            with sessions.read() as session:
                seen.append(session)

        thread = threading.Thread(target=read_elsewhere)
        thread.start()
        thread.join()
    assert seen
    assert seen[0] is not mine


def test_a_snapshot_reads_and_a_write_beside_it_commits(sessions: Database) -> None:
    with sessions.begin() as session:
        session.add(_agency("前からある機構"))
    with sessions.snapshot():
        with sessions.read() as session:
            assert session.scalar(select(d.Agency.name).where(d.Agency.name == "前からある機構"))
        with sessions.begin() as session:  # a write inside the block is its own transaction
            session.add(_agency("途中で増えた機構"))
        with sessions.read() as session:
            seen = session.scalar(select(d.Agency.name).where(d.Agency.name == "途中で増えた機構"))
        # SQLite's read transaction is a snapshot: the block goes on seeing the state it began
        # with; PostgreSQL (read committed) sees each statement's latest committed state
        assert seen == (None if sessions.is_sqlite else "途中で増えた機構")
    with sessions.read() as session:
        assert session.scalar(select(d.Agency.name).where(d.Agency.name == "途中で増えた機構"))


def test_an_error_in_the_block_leaves_no_session_behind(sessions: Database) -> None:
    try:
        with sessions.snapshot(), sessions.read() as inside:
            raise LookupError("stop")
    except LookupError:
        pass
    with sessions.read() as after:
        assert after is not inside
