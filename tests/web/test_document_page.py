"""The 文書 page's body kept per stored version (`hyoka.web.document_page`), tried through HTTP on
SQLite and PostgreSQL: the kept body gives the very page a fresh rendering gives, it is read
back instead of built again (in another process too), a body kept by other code is never shown,
keeping one changes no data, and the record read fresh still says when a newer version exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import open_database
from hyoka.store.store import Store
from hyoka.web import document_page
from hyoka.web.app import create_app


@pytest.fixture
def fresh_client(web_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """A new app (nothing kept in its process) on a database with no kept bodies."""
    with open_database(web_settings) as database, database.begin() as session:
        session.execute(delete(d.KeptRendering))
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as client:
        yield client


def _document_ids(client: TestClient) -> list[int]:
    documents = client.get("/api/v1/documents?limit=100").json()["data"]
    return [document["id"] for document in documents]


def _kept(settings: Settings) -> dict[int, str]:
    with open_database(settings) as database, database.read() as session:
        rows = session.execute(select(d.KeptRendering.document_id, d.KeptRendering.renderer)).all()
    return {row.document_id: row.renderer for row in rows}


def test_the_kept_body_gives_the_same_page_and_is_read_back(
    fresh_client: TestClient, web_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _document_ids(fresh_client)
    first = {i: fresh_client.get(f"/documents/{i}") for i in ids}
    assert all(answer.status_code == 200 for answer in first.values())
    assert _kept(web_settings) == dict.fromkeys(ids, document_page.RENDERER)

    def never(*_args: object) -> None:
        raise AssertionError("the body was built again")

    monkeypatch.setattr(document_page, "document_body_view", never)
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as other:  # another worker
        again = {i: other.get(f"/documents/{i}") for i in ids}
    for i in ids:
        assert again[i].status_code == 200
        assert again[i].text == first[i].text
        assert again[i].headers["etag"] == first[i].headers["etag"]
    assert "原文" in first[ids[0]].text
    assert 'id="L1"' in first[ids[0]].text


def test_a_body_kept_by_other_code_is_never_shown(fresh_client: TestClient, web_settings: Settings) -> None:
    document_id = _document_ids(fresh_client)[0]
    with open_database(web_settings) as database, database.begin() as session:
        session.add(d.KeptRendering(document_id=document_id, renderer="document-body/older", content="{}"))
    page = fresh_client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert "構成" in page.text
    assert _kept(web_settings)[document_id] in {"document-body/older", document_page.RENDERER}
    with Store.open(web_settings) as store:  # as `hyoka serve` does before serving: one body per version
        document_page.render_missing(store)
    with open_database(web_settings) as database, database.read() as session:
        renderers = set(session.scalars(select(d.KeptRendering.renderer)))
    assert renderers == {document_page.RENDERER}


@pytest.mark.parametrize("content", ["{}", '{"title": null}\n<p>', "not json\n<p>"])
def test_a_kept_row_that_holds_no_body_is_rendered_again(
    fresh_client: TestClient, web_settings: Settings, content: str
) -> None:
    document_id = _document_ids(fresh_client)[0]
    expected = fresh_client.get(f"/documents/{document_id}").text
    with open_database(web_settings) as database, database.begin() as session:
        session.execute(delete(d.KeptRendering))
        session.add(d.KeptRendering(document_id=document_id, renderer=document_page.RENDERER, content=content))
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as other:  # nothing kept in process
        page = other.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert page.text == expected


def test_keeping_a_body_changes_no_data(fresh_client: TestClient, web_settings: Settings) -> None:
    with Store.open(web_settings) as store:
        before = store.generation()
        assert document_page.render_missing(store) == len(_document_ids(fresh_client))
        assert document_page.render_missing(store) == 0
        if store.database.is_sqlite:  # PostgreSQL's generation is its snapshot, which any commit moves
            assert store.generation() == before


def test_a_newer_version_shows_on_a_page_whose_body_was_kept(fresh_client: TestClient, web_settings: Settings) -> None:
    ids = _document_ids(fresh_client)
    current = {i: fresh_client.get(f"/documents/{i}.json").json()["document"]["superseded"] for i in ids}
    document_id = next(i for i in ids if not current[i])
    assert "（新しい版があります）" not in fresh_client.get(f"/documents/{document_id}").text
    with open_database(web_settings) as database, database.begin() as session:
        row = session.get(d.ObjectiveDocument, document_id)
        assert row is not None
        newer = d.ObjectiveDocument(
            source_file_id=row.source_file_id, position=row.position + 100, agency_id=row.agency_id,
            content_sha256="f" * 64, version=row.version + 1, previous_version_id=row.id, kind=row.kind,
            draft=row.draft, title=row.title, ministries=row.ministries, period_start=row.period_start,
            period_end=row.period_end, start_line=row.start_line, end_line=row.end_line,
        )  # fmt: skip
        session.add(newer)
    try:
        assert "（新しい版があります）" in fresh_client.get(f"/documents/{document_id}").text
    finally:
        with open_database(web_settings) as database, database.begin() as session:
            session.execute(delete(d.ObjectiveDocument).where(d.ObjectiveDocument.content_sha256 == "f" * 64))


def test_an_unknown_document_is_404(fresh_client: TestClient) -> None:
    answer = fresh_client.get("/documents/999999")
    assert answer.status_code == 404
    assert "文書が見つかりません" in answer.text
