"""Safety on the read side, by interface: document text is escaped wherever it is shown, every
response carries the security headers, nothing unpublished is served, requests are bounded, and
every route declares the role it needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import Depends
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from hyoka.settings import Settings
from hyoka.store.database import open_database
from hyoka.store.evaluations import Evaluation
from hyoka.store.ingest import ingest_file
from hyoka.web.app import create_app
from hyoka.web.security import MAX_REQUEST_BYTES, MAX_URL_CHARS, Role, require
from tests.web.routes import app_routes

SCRIPT = '<script>alert("x")</script>'
IMAGE = "<img src=x onerror=alert(1)>"

# A 中期目標 whose agency name, headings, target and mark reason carry markup.
HOSTILE = f"""独立行政法人<b>架空</b>安全検証機構が
達成すべき業務運営に関する目標
（中期目標）

令和７年３月１日

総務省

独立行政法人通則法（平成11年法律第103号）第29条第１項の規定に基づき、独立行政法人<b>架空</b>安全検証機構が達成すべき業務運営に関する目標（以下「中期目標」という。）を次のとおり定める。


第１　政策体系における法人の位置付け及び役割{SCRIPT}

機構は、検証の業務を行う。{IMAGE}


第２　中期目標の期間

中期目標の期間は、令和７年４月から令和12年３月までの５年間とする。


第３　国民に対して提供するサービスその他の業務の質の向上に関する事項

１．{IMAGE}相談業務の充実

相談への回答を迅速に行うこと。

（定量目標）

・　毎年度、相談の件数を 1,000 件以上とする。{SCRIPT}

【重要度：高】{SCRIPT}相談は機構の中核的な業務であるため。


第４　業務運営の効率化に関する事項

１．一般管理費の削減

一般管理費について、毎年度平均で前年度比３％以上の効率化を図る。{IMAGE}
"""


@pytest.fixture(scope="module")
def hostile(web_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The hostile document ingested next to the demo; what the API says was stored of it."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    with open_database(web_settings) as database:
        outcome = ingest_file(database, path, web_settings)
    assert outcome.status == "stored", outcome
    [stored] = outcome.stored
    return {"document_id": stored.id}


@pytest.fixture(scope="module")
def hostile_client(web_settings: Settings, hostile: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _hostile_pages(client: TestClient, document_id: int) -> list[str]:
    stored = client.get(f"/api/v1/documents/{document_id}").json()
    record = stored["record"]
    paths = ["/", f"/documents/{document_id}", "/search?q=alert", "/search?q=相談", "/compare"]
    if record["agency_id"] is not None:
        paths += [f"/agencies/{record['agency_id']}", f"/compare?agency_id={record['agency_id']}"]
    paths += [f"/targets/{target_id}" for target_id in stored["target_ids"]]
    return paths


def test_the_markup_really_was_stored(hostile_client: TestClient, hostile: dict[str, Any]) -> None:
    """Otherwise the escaping tests below would prove nothing."""
    stored = hostile_client.get(f"/api/v1/documents/{hostile['document_id']}").json()
    contract = str(stored["document"])
    assert SCRIPT in contract
    assert IMAGE in contract
    assert any(SCRIPT in target["text"] for target in stored["document"]["targets"])
    assert len(stored["target_ids"]) >= 2


def test_document_text_is_escaped_on_every_page(hostile_client: TestClient, hostile: dict[str, Any]) -> None:
    paths = _hostile_pages(hostile_client, hostile["document_id"])
    for path in paths:
        response = hostile_client.get(path)
        assert response.status_code == 200, path
        body = response.text
        assert "<script>alert" not in body, path
        assert "<img src=x" not in body, path
        assert "<b>架空</b>" not in body, path
    document_page = hostile_client.get(f"/documents/{hostile['document_id']}").text
    assert "&lt;script&gt;alert(" in document_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in document_page


def test_search_snippets_escape_the_text_around_the_highlight(
    hostile_client: TestClient, hostile: dict[str, Any]
) -> None:
    body = hostile_client.get("/search", params={"q": "alert"}).text
    assert "<mark>alert</mark>" in body
    assert "&lt;script&gt;<mark>alert</mark>" in body or "&lt;img src=x onerror=<mark>alert</mark>" in body


def test_json_and_csv_carry_the_text_unchanged_and_never_as_html(
    hostile_client: TestClient, hostile: dict[str, Any]
) -> None:
    response = hostile_client.get("/api/v1/targets", params={"document": hostile["document_id"]})
    assert response.headers["content-type"].startswith("application/json")
    assert any(SCRIPT in row["text"] for row in response.json()["data"])
    csv = hostile_client.get("/api/v1/targets", params={"document": hostile["document_id"], "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path", ["/", "/search?q=観測", "/api/v1/agencies", "/index.json", "/api/v1/openapi.json", "/static/app.css"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_errors_carry_the_security_headers_too(client: TestClient) -> None:
    response = client.get("/documents/999999")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_only_the_api_docs_page_allows_inline_styles(client: TestClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy
    assert "cdn" not in response.text.lower()


def _unpublished(settings: Settings) -> list[Evaluation]:
    with open_database(settings) as database, database.read() as session:
        return list(session.scalars(select(Evaluation).where(Evaluation.published.is_(False))))


def test_nothing_unpublished_is_served(client: TestClient, web_settings: Settings) -> None:
    hidden = _unpublished(web_settings)
    assert hidden, "the demo keeps draft evaluations, or this test proves nothing"
    hidden_ids = {row.id for row in hidden}
    hidden_reasons = {row.reason for row in hidden}
    served = client.get("/api/v1/evaluations", params={"limit": 500}).json()
    assert served["total"] > 0
    assert not hidden_ids & {row["id"] for row in served["data"]}
    csv = client.get("/api/v1/evaluations", params={"format": "csv"}).text
    agencies = [a["id"] for a in client.get("/api/v1/agencies").json()["data"]]
    bodies = [csv, client.get("/evaluations").text, client.get("/evaluations.json").text]
    bodies += [client.get(f"/agencies/{a}").text for a in agencies]
    bodies += [client.get(f"/agencies/{a}.json").text for a in agencies]
    bodies += [client.get(f"/api/v1/agencies/{a}").text for a in agencies]
    bodies.append(client.get("/api/v1/search", params={"q": "評定"}).text)
    for body in bodies:
        for reason in hidden_reasons:
            assert reason not in body


def test_a_year_with_only_unpublished_ratings_is_not_offered(client: TestClient, web_settings: Settings) -> None:
    published_years = {row["fiscal_year"] for row in client.get("/api/v1/evaluations").json()["data"]}
    hidden_years = {row.fiscal_year for row in _unpublished(web_settings)} - published_years
    years = client.get("/evaluations.json").json()["years"]
    assert not hidden_years & set(years)
    for year in hidden_years:
        assert client.get("/api/v1/evaluations", params={"fiscal_year": year}).json()["total"] == 0


def test_a_long_url_is_refused_with_414(client: TestClient) -> None:
    response = client.get("/search", params={"q": "あ" * MAX_URL_CHARS})
    assert response.status_code == 414
    assert response.headers["content-type"] == "application/problem+json"
    assert "長すぎます" in response.json()["detail"]


def test_a_large_body_is_refused_with_413(client: TestClient) -> None:
    response = client.post("/search", content=b"x" * (MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413
    assert "大きすぎます" in response.json()["detail"]


def test_a_write_method_on_the_read_side_is_refused(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/api/v1/agencies")
        assert response.status_code == 405, method
        assert "Traceback" not in response.text


def _app_routes() -> list[APIRoute]:
    return [route for _, route in app_routes(create_app(Settings(database_url="sqlite:///:memory:")))]


def _roles(route: APIRoute) -> list[Role]:
    found: list[Role] = []
    stack = list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        role = getattr(dependency.call, "required_role", None)
        if isinstance(role, Role):
            found.append(role)
        stack.extend(dependency.dependencies)
    return found


def test_every_route_declares_the_role_it_needs() -> None:
    routes = _app_routes()
    assert len(routes) > 20
    missing = [route.path for route in routes if not _roles(route)]
    assert not missing, f"routes without a role check: {missing}"


def test_a_role_above_public_is_refused_with_403(web_settings: Settings) -> None:
    """The check really runs: a route raised above public refuses the anonymous user."""

    app = create_app(web_settings)

    @app.get("/secretariat-only", dependencies=[Depends(require(Role.secretariat))])
    def secret() -> dict[str, str]:
        return {"ok": "yes"}

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/secretariat-only")
    assert response.status_code == 403
    assert "Traceback" not in response.text


def test_the_document_json_does_not_reveal_server_paths(client: TestClient) -> None:
    documents = client.get("/api/v1/documents").json()["data"]
    assert documents
    for document in documents:
        assert "source_path" not in document
        assert document["source_file"].endswith(".txt")
        assert "/" not in document["source_file"]
        assert "\\" not in document["source_file"]
