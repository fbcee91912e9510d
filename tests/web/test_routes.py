"""The routes, audited: each is in the OpenAPI document or is a page with its JSON twin (or one of
the few named utility routes), and every page and endpoint is documented in docs/web.md."""

from __future__ import annotations

import re
from pathlib import Path

from hyoka.settings import Settings
from hyoka.web.app import create_app
from tests.web.routes import app_routes, plain_path

WEB_DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"

# Routes that are neither API endpoints nor pages, each for a reason docs/web.md gives.
UTILITIES = {"/favicon.ico", "/api/v1/docs", "/api/v1/openapi.json"}


def _paths() -> tuple[set[str], set[str]]:
    """(paths in the OpenAPI document, paths of the app's other routes)."""
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    documented = set(app.openapi()["paths"])
    others = {plain_path(path) for path, route in app_routes(app) if not route.include_in_schema}
    return documented, others


def _twin(page: str) -> str:
    return "/index.json" if page == "/" else page + ".json"


def test_every_route_is_an_endpoint_a_page_with_its_twin_or_a_named_utility() -> None:
    documented, others = _paths()
    assert len(documented) >= 10
    pages = {path for path in others - UTILITIES if not path.endswith(".json")}
    twins = {path for path in others - UTILITIES if path.endswith(".json")}
    assert len(pages) >= 7
    assert {_twin(page) for page in pages} == twins, "each page has exactly its JSON twin"
    assert others >= UTILITIES


def test_the_api_is_documented_only_under_its_prefix() -> None:
    documented, _ = _paths()
    assert all(path.startswith("/api/v1/") for path in documented)


def test_every_page_and_endpoint_is_in_docs_web_md() -> None:
    text = WEB_DOC.read_text(encoding="utf-8")
    documented, others = _paths()
    missing = sorted(path for path in documented | others if f"`{path}`" not in text and f"GET {path}`" not in text)
    assert not missing, f"docs/web.md does not document: {missing}"


def test_docs_web_md_names_no_route_that_does_not_exist() -> None:
    """The reverse: a path documented in a table is a route of the app (the docs cannot drift)."""
    text = WEB_DOC.read_text(encoding="utf-8")
    documented, others = _paths()
    routes = documented | others | {"/static/…"}
    named = set(re.findall(r"^\| (?:[^|]*\| )?`(?:GET )?(/[^`?#]*)`", text, flags=re.MULTILINE))
    assert named, "the tables of docs/web.md were not found"
    assert not named - routes, f"docs/web.md documents routes that do not exist: {sorted(named - routes)}"
