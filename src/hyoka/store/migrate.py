"""Bring a database to the latest schema with the Alembic migrations shipped in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


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


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    return current_revision(engine) == head
