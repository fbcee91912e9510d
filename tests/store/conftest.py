"""Every store test runs on SQLite and, where a server is given, on PostgreSQL.

`HYOKA_TEST_POSTGRES_URL` names an empty database the tests may fill and clear (CI starts a
local server and sets it). Without it the PostgreSQL runs skip, except under CI, where a
missing server is a failure: the store must be proven on both databases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.engine import make_engine
from hyoka.store.migrate import upgrade

POSTGRES_ENV = "HYOKA_TEST_POSTGRES_URL"


def _reset_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        yield Settings(database_url=f"sqlite:///{tmp_path / 'hyoka.sqlite'}")
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the store tests on PostgreSQL too")
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL runs skipped")
    engine = make_engine(url)
    _reset_postgres(engine)
    engine.dispose()
    yield Settings(database_url=url)
    engine = make_engine(url)
    _reset_postgres(engine)
    engine.dispose()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> Database:
    """The database as jobs hold it: `sessions()` reads, `sessions.begin()` writes."""
    return Database(engine)
