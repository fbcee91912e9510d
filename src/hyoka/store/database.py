"""Open the configured database, brought to the latest schema, for the length of one job."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hyoka.settings import Settings
from hyoka.store.engine import make_engine, make_sessions
from hyoka.store.migrate import upgrade


class DatabaseUnavailable(Exception):
    """The database cannot be opened or migrated; the message is one line, password hidden."""


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


@contextmanager
def open_database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured database; the engine is disposed of when the block ends."""
    try:
        engine = make_engine(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailable(f"cannot open the database: {_first_line(exc)}") from exc
    try:
        try:
            upgrade(engine)
        except (SQLAlchemyError, OSError) as exc:
            where = engine.url.render_as_string(hide_password=True)
            raise DatabaseUnavailable(f"cannot open the database {where}: {_first_line(exc)}") from exc
        yield make_sessions(engine)
    finally:
        engine.dispose()
