"""The web tests serve the demo, on SQLite and — where a server is given — on PostgreSQL, as the
store tests do: `HYOKA_TEST_POSTGRES_URL` names a database the tests may clear (CI sets it, and
there a missing one is a failure). Each module gets its database filled once; tests only read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from hyoka.settings import Settings
from hyoka.store.engine import make_engine
from hyoka.web.app import create_app
from hyoka.web.demo import build_demo, populate_demo

POSTGRES_ENV = "HYOKA_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built once for the session; each module works on a copy."""
    return build_demo(tmp_path_factory.mktemp("demo")).path


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def web_settings(
    request: pytest.FixtureRequest, demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    if request.param == "sqlite":
        copy = tmp_path_factory.mktemp("web") / "demo.sqlite"
        shutil.copyfile(demo_file, copy)
        yield Settings(database_url=f"sqlite:///{copy}")
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the web tests on PostgreSQL too")
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL runs skipped")
    _reset_postgres(url)
    settings = Settings(database_url=url)
    populate_demo(settings)
    yield settings
    _reset_postgres(url)


@pytest.fixture(scope="module")
def client(web_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as test_client:
        yield test_client
