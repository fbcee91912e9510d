"""The migrations build exactly the schema the models describe, and run down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import Base
from hyoka.store import extracts as x
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.migrate import alembic_config, current_revision, described_by_models, is_current, upgrade
from hyoka.store.results import ResultRow, import_results


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": described_by_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_current(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == "0012"
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"objective_documents", "items", "targets", "axes_entries", "search_entries"} <= tables


def test_the_axes_results_migration_keeps_every_result_and_its_history(sessions: Database, settings: Settings) -> None:
    """0008 builds the results table anew on SQLite: the figures and their versions survive it,
    down and up again, with foreign keys enforced."""
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    with sessions.begin() as session:
        target = session.scalars(select(x.Target).order_by(x.Target.id)).first()
        assert target is not None
        import_results(session, [ResultRow(2, target.id, 2026, 10)], entered_by="planning", source="a.csv")
    with sessions.begin() as session:
        import_results(session, [ResultRow(2, target.id, 2026, 12)], entered_by="planning", source="b.csv")

    def stored() -> list[tuple[int, int, float, int | None]]:
        with sessions.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, version, value, supersedes_id FROM results ORDER BY id"))
            return [tuple(row) for row in rows]

    before = stored()
    assert [(version, value) for _, version, value, _ in before] == [(1, 10.0), (2, 12.0)]
    for _ in range(2):
        _downgrade(sessions.engine, "0007")
        assert stored() == before
        upgrade(sessions.engine)
        assert stored() == before
    test_migrated_schema_matches_the_models(sessions.engine)


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_one_in_force_migration_stops_on_a_database_that_breaks_it(sessions: Database, settings: Settings) -> None:
    """0009 adds the constraint only to a database that keeps it: two evaluations of one unit, year,
    stage and evaluator that replace none (as an older version could write) stop the upgrade, listed."""
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    _downgrade(sessions.engine, "0008")
    insert = text(
        "INSERT INTO evaluations (document_id, unit_key, level, stage, fiscal_year, evaluator, rating, reason, "
        "author, qualitative_s, published) VALUES (1, '総合', 'overall', 'annual', 2026, 'self', 'B', 'x', 'a', "
        ":false, :false)"
    )
    with sessions.engine.begin() as connection:
        for _ in range(2):
            connection.execute(insert, {"false": False})
    with pytest.raises(RuntimeError, match=r"document 1, 総合, FY2026 annual, self: 2 evaluations replace none"):
        upgrade(sessions.engine)
    assert current_revision(sessions.engine) == "0008"
