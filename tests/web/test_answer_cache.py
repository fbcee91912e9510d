"""Answers kept until the data changes (`hyoka.web.answer_cache`), tried through HTTP: a page
shown again is the kept answer, a write through the store outdates every kept answer, 304 for a
kept ETag, errors never kept, and the security headers on kept answers too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import open_database
from hyoka.web.answer_cache import _Answer, _Kept
from hyoka.web.app import create_app


@pytest.fixture
def kept_client(web_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _agency(client: TestClient) -> tuple[int, str]:
    agency = client.get("/index.json").json()["ministries"][0]["categories"][0]["agencies"][0]
    return agency["id"], agency["name"]


def test_a_write_through_the_store_outdates_what_was_kept(kept_client: TestClient, web_settings: Settings) -> None:
    agency_id, name = _agency(kept_client)
    first = kept_client.get(f"/agencies/{agency_id}.json")
    first_page = kept_client.get(f"/agencies/{agency_id}")
    assert first.json()["agency"]["name"] == name
    with open_database(web_settings) as database, database.begin() as session:
        row = session.get(d.Agency, agency_id)
        assert row is not None
        row.name, row.full_name = name + "（改称）", (row.full_name or name) + "（改称）"
    again = kept_client.get(f"/agencies/{agency_id}.json")
    assert again.json()["agency"]["name"] == name + "（改称）"
    assert again.headers["etag"] != first.headers["etag"]
    page = kept_client.get(f"/agencies/{agency_id}")
    assert page.headers["etag"] != first_page.headers["etag"]
    assert "（改称）" in page.text


def test_a_page_shown_again_is_the_kept_answer(kept_client: TestClient, web_settings: Settings) -> None:
    """Proven by changing a row behind the store's back (no write transaction, so no new
    generation): the kept answer is handed out until the next write through the store."""
    if not web_settings.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's generation moves with any writing transaction, even one that bypasses the store")
    agency_id, _ = _agency(kept_client)
    first = kept_client.get(f"/agencies/{agency_id}.json")
    path = make_url(web_settings.database_url).database
    assert path is not None
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE agencies SET name = ? WHERE id = ?", ("裏口改称", agency_id))
    kept = kept_client.get(f"/agencies/{agency_id}.json")
    assert kept.content == first.content
    assert kept.headers["etag"] == first.headers["etag"]
    with open_database(web_settings) as database, database.begin() as session:
        session.get(d.Agency, agency_id)  # an empty write transaction is still a write
    assert kept_client.get(f"/agencies/{agency_id}.json").json()["agency"]["name"] == "裏口改称"


def test_a_kept_answer_answers_304_to_its_etag_and_keeps_the_security_headers(kept_client: TestClient) -> None:
    agency_id, _ = _agency(kept_client)
    first = kept_client.get(f"/agencies/{agency_id}")
    second = kept_client.get(f"/agencies/{agency_id}")
    assert second.content == first.content
    for response in (first, second):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    unchanged = kept_client.get(f"/agencies/{agency_id}", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]
    assert "content-security-policy" in unchanged.headers


def test_errors_are_never_kept_and_pages_differ_by_query(kept_client: TestClient) -> None:
    assert kept_client.get("/documents/999999").status_code == 404
    assert kept_client.get("/documents/999999").status_code == 404
    a = kept_client.get("/search.json", params={"q": "目標"}).json()
    b = kept_client.get("/search.json", params={"q": "研究"}).json()
    assert a != b


def test_the_kept_answers_are_bounded_by_their_bytes_and_let_go_oldest_first() -> None:
    kept = _Kept(max_bytes=10)
    answer = _Answer([], b"12345", None)
    keys = [("g1", 0, f"/p{n}", b"", b"") for n in range(3)]
    assert kept.get(keys[0]) is None  # learns the generation
    for key in keys:
        kept.put(key, answer)
    assert kept.get(keys[0]) is None
    assert kept.get(keys[1]) is answer
    assert kept.get(keys[2]) is answer
    assert kept.size == 10
    kept.put(("g1", 0, "/big", b"", b""), _Answer([], b"x" * 11, None))  # larger than the whole: not kept
    assert kept.size == 10
    assert kept.get(("g2", 0, "/p1", b"", b"")) is None
    assert kept.size == 0
