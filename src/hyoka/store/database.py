"""Open the configured database, brought to the latest schema, for one command or app."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from hyoka.settings import Settings
from hyoka.store.engine import make_engine, make_sessions
from hyoka.store.migrate import upgrade


def open_database(settings: Settings) -> sessionmaker[Session]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessions(engine)
