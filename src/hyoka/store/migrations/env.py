"""Alembic environment: runs on the connection hyoka hands over, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from hyoka.store import Base

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, kind: str, _parent: object) -> bool:
    """Autogenerate leaves alone what the search migration made outside the models."""
    if name is None:
        return True
    if kind == "table":
        return not name.startswith("search_fts")
    return not (kind == "index" and name == "ix_search_entries_trgm")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as fresh:
        _run(fresh)


run_migrations_online()
