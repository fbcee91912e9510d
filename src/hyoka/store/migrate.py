"""Bring a database to the latest schema with the Alembic migrations shipped in the package.

Every job opens the database through `upgrade`, so several processes may do it at once on a new
file. The migration runs in one transaction holding the writer lock (SQLite: BEGIN IMMEDIATE,
transactional DDL; PostgreSQL: an advisory lock of its own), and Alembic reads the current
revision inside it: the first process migrates, the others wait and then find nothing to do.
A database already at the head is recognised without taking any lock.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select

from hyoka.store.engine import is_sqlite, writer

MIGRATIONS = Path(__file__).parent / "migrations"
#: Key of the advisory lock PostgreSQL migrations take ("hyokam" in ASCII).
MIGRATION_LOCK_KEY = 0x68796F6B616D


def described_by_models(name: str | None, kind: str, _parent: object) -> bool:
    """Whether the models describe a database object: the search migrations add FTS5 tables
    (SQLite) and a GIN index (PostgreSQL) outside them, which autogenerate and the parity
    test must leave alone."""
    if name is None:
        return True
    if kind == "table":
        return not (name.startswith("search_fts") or name == "alembic_version")
    return not (kind == "index" and name == "ix_search_entries_trgm")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    if revision == "head" and current_revision(engine) == head_revision(engine):
        return
    with writer(engine).begin() as connection:
        if not is_sqlite(engine):
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision(engine)
