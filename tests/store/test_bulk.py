"""Bulk inserts below the statement layer store what an ORM insert stores: JSON, dates and
booleans as the column types bind them, Python-side defaults, ids taken ahead that never clash
with the database's own (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.store import documents as d
from hyoka.store.bulk import insert_rows, insert_with_new_ids, table_of
from hyoka.store.database import Database


def _source(session: Session, sha: str = "a" * 64) -> int:
    row = {"sha256": sha, "path": "x.txt", "format": "text", "encoding": "utf-8", "line_count": 1, "size_bytes": 1}
    (file_id,) = insert_with_new_ids(session, table_of(d.SourceFile), [row])
    return file_id


def _document(file_id: int, position: int, **extra: object) -> dict[str, object]:
    return {
        "source_file_id": file_id,
        "position": position,
        "content_sha256": f"{position:064d}",
        "version": 1,
        "draft": False,
        "title": "架空機構中期目標",
        "start_line": 1,
        "end_line": 2,
        **extra,
    }


def test_values_are_bound_by_their_column_types_and_defaults_applied(sessions: Database) -> None:
    with sessions.begin() as session:
        file_id = _source(session)
        rows = [
            _document(file_id, 0, ministries=["文部科学省", "経済産業省"], period_start=datetime.date(2025, 4, 1)),
            _document(file_id, 1, draft=True),  # no ministries: the Python default (an empty list)
        ]
        insert_rows(session, table_of(d.ObjectiveDocument), rows)
    with sessions.read() as session:
        stored = session.scalars(select(d.ObjectiveDocument).order_by(d.ObjectiveDocument.position)).all()
        assert [doc.ministries for doc in stored] == [["文部科学省", "経済産業省"], []]
        assert [doc.period_start for doc in stored] == [datetime.date(2025, 4, 1), None]
        assert [doc.draft for doc in stored] == [False, True]
        assert stored[0].created_at is not None  # a server default, left to the database


def test_ids_taken_ahead_do_not_clash_with_later_inserts_of_the_database(sessions: Database) -> None:
    with sessions.begin() as session:
        first = _source(session, "a" * 64)
    with sessions.begin() as session:  # the ORM's insert takes the database's own next id
        row = d.SourceFile(sha256="b" * 64, path="y.txt", format="text", encoding="utf-8", line_count=1, size_bytes=1)
        session.add(row)
        session.flush()
        orm_id = row.id
    with sessions.begin() as session:
        third = _source(session, "c" * 64)
    assert first < orm_id < third


def test_no_rows_insert_nothing_and_an_unknown_column_is_refused(sessions: Database) -> None:
    with sessions.begin() as session:
        insert_rows(session, table_of(d.SourceFile), [])
        assert session.scalar(select(d.SourceFile.id)) is None
        with pytest.raises(KeyError, match="no column colour"):
            insert_rows(session, table_of(d.SourceFile), [{"colour": "red"}])
