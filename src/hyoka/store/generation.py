"""The database's generation: a value that changes whenever anything is written, so that what was
computed from the data (a rendered page, an answer of the API) can be kept until then.

Every write goes through `Database.begin()`, which bumps it in the same transaction; a reader
asks for it with one cheap statement and compares.

- SQLite: the file header's `user_version`, which nothing else in hyoka uses (Alembic keeps its
  own table). Setting it inside the write transaction is part of that transaction, so a rollback
  leaves it as it was and a reader never sees the new value before the rows. It wraps at 2**31.
- PostgreSQL: the current snapshot (`pg_current_snapshot()`), which changes whenever a
  transaction that wrote anything begins or ends (read-only transactions take no transaction id).
  Writes elsewhere on the same server change it too: that only makes kept answers expire early.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_WRAP = 2**31 - 1


def bump(session: Session, *, sqlite: bool) -> None:
    """Inside a write transaction: make the generation new (PostgreSQL's changes by itself)."""
    if not sqlite:
        return
    current = int(session.execute(text("PRAGMA user_version")).scalar_one())
    session.execute(text(f"PRAGMA user_version = {current % _WRAP + 1}"))


def current(session: Session, *, sqlite: bool) -> str:
    """The generation as a string, to be compared for equality only."""
    statement = "PRAGMA user_version" if sqlite else "SELECT pg_current_snapshot()::text"
    return str(session.execute(text(statement)).scalar_one())
