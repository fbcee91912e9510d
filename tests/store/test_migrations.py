"""The migrations build exactly the schema the models describe, and run down and up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from hyoka.store import Base
from hyoka.store.migrate import current_revision, described_by_models, is_current, upgrade


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": described_by_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_current(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == "0007"
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"objective_documents", "items", "targets", "axes_entries", "search_entries"} <= tables
