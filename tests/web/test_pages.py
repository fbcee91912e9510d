"""The pages, by interface: each answers in Japanese HTML, readable without JavaScript, and its
JSON twin (the same URL with `.json`) answers the view the page renders. Run on the demo, on
both databases."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient


class _Page(HTMLParser):
    """What the tests read from a page: links, ids, scripts, inline styles, the title."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_styles = 0
        self.inline_handlers = 0
        self.style_elements = 0
        self.svgs = 0
        self.forms: list[dict[str, str | None]] = []
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "script":
            self.scripts.append(values)
        if tag == "style":
            self.style_elements += 1
        if tag == "svg":
            self.svgs += 1
        if tag == "form":
            self.forms.append(values)
        if tag == "title" and not self.title:
            self._in_title = True  # the page's title, not a chart's
        self.inline_styles += "style" in values
        self.inline_handlers += any(name.startswith("on") for name in values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def html(client: TestClient, path: str, **params: Any) -> tuple[str, _Page]:
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(response.text)
    return response.text, parsed


def twin(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, int]:
    """One of each thing the pages show, found through the API as a user's links would."""
    agencies = client.get("/api/v1/agencies").json()["data"]
    documents = client.get("/api/v1/documents", params={"current": True}).json()["data"]
    rd = next(d for d in documents if d["kind"] == "中長期目標")
    targets = client.get("/api/v1/targets", params={"document": rd["id"]}).json()["data"]
    with_results = next(
        t["id"]
        for t in targets
        if any(
            year["status"] == "computed" for year in client.get(f"/api/v1/targets/{t['id']}/results").json()["years"]
        )
    )
    revised = next(d["id"] for d in documents if d["previous_version_id"] is not None)
    return {"agency": agencies[0]["id"], "document": rd["id"], "target": with_results, "revised": revised}


def page_paths(ids: dict[str, int]) -> list[str]:
    return [
        "/",
        f"/agencies/{ids['agency']}",
        f"/documents/{ids['document']}",
        f"/targets/{ids['target']}",
        "/search?q=観測",
        "/compare",
        f"/compare?agency_id={ids['agency']}",
        "/evaluations",
        f"/documents/{ids['document']}/check",
        f"/documents/{ids['revised']}/comparison",
    ]


def test_every_page_is_japanese_html_without_inline_script_or_style(client: TestClient, ids: dict[str, int]) -> None:
    for path in page_paths(ids):
        text, parsed = html(client, path)
        assert '<html lang="ja">' in text
        assert parsed.title.endswith("hyoka 評価"), (path, parsed.title)
        assert parsed.scripts, path
        assert all(script.get("src", "").startswith("/static/") for script in parsed.scripts), path
        assert (parsed.inline_styles, parsed.style_elements, parsed.inline_handlers) == (0, 0, 0), path
        assert "https://" not in " ".join(s.get("src") or "" for s in parsed.scripts)
        assert "main" in parsed.ids


def test_every_page_has_its_json_twin_announced_and_served(client: TestClient, ids: dict[str, int]) -> None:
    for path in page_paths(ids):
        base, _, query = path.partition("?")
        json_path = "/index.json" if base == "/" else base + ".json"
        text, _ = html(client, path)
        assert f'rel="alternate" type="application/json" href="{json_path}' in text, path
        view = client.get(json_path + ("?" + query if query else ""))
        assert view.status_code == 200
        assert view.headers["content-type"].startswith("application/json")
        assert isinstance(view.json(), dict)


def test_every_local_link_on_every_page_answers(client: TestClient, ids: dict[str, int]) -> None:
    """No broken link: every same-site link of every page opens (fragments aside)."""
    seen: set[str] = set()
    for path in page_paths(ids):
        _, parsed = html(client, path)
        for link in parsed.links:
            target = link.split("#", 1)[0]
            if not target.startswith("/") or target in seen:
                continue
            seen.add(target)
            response = client.get(target)
            assert response.status_code == 200, (path, link, response.status_code)
    assert len(seen) > 20


def test_home_groups_agencies_by_ministry_with_counts(client: TestClient) -> None:
    view = twin(client, "/index.json")
    assert (view["agency_count"], view["document_count"]) == (3, 4)
    text, parsed = html(client, "/")
    for ministry in view["ministries"]:
        assert ministry["ministry"] in text
        for group in ministry["categories"]:
            assert group["label"] in text
            for agency in group["agencies"]:
                assert f"/agencies/{agency['id']}" in parsed.links
    assert any(form.get("action") == "/search" for form in parsed.forms)
    assert [d["id"] for d in view["latest_documents"]] == sorted(
        (d["id"] for d in view["latest_documents"]), reverse=True
    )


def test_agency_page_lists_documents_by_period_and_version(client: TestClient) -> None:
    documents = client.get("/api/v1/documents", params={"kind": "中期目標"}).json()["data"]
    agency_id = documents[0]["agency_id"]
    view = twin(client, f"/agencies/{agency_id}.json")
    versions = [d["version"] for period in view["periods"] for d in period["documents"]]
    assert sorted(versions) == [1, 2]
    _, parsed = html(client, f"/agencies/{agency_id}")
    for document in documents:
        assert f"/documents/{document['id']}" in parsed.links


def test_document_page_puts_targets_marks_and_source_lines_in_place(client: TestClient, ids: dict[str, int]) -> None:
    view = twin(client, f"/documents/{ids['document']}.json")
    text, parsed = html(client, f"/documents/{ids['document']}")
    source_lines = view["source"]
    assert source_lines, "the source text is shown beside the tree"
    assert {f"L{line['number']}" for line in source_lines} <= parsed.ids

    def nodes(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [n for node in tree for n in [node, *nodes(node["children"])]]

    every = nodes(view["tree"])
    targets = [t for node in every for t in node["targets"]]
    marks = [m for node in every for m in node["marks"]]
    axes = [row for node in every for row in node["axes_rows"]]
    assert all((targets, marks, axes)), "the R&D document has targets, marks and axes rows"
    for target in targets:
        assert f"#L{target['line']}" in parsed.links
        assert f"/targets/{target['id']}" in parsed.links
    for mark in marks:
        assert mark["label"] in text
    assert "評価軸" in text


def test_document_page_links_its_other_versions(client: TestClient) -> None:
    documents = client.get("/api/v1/documents", params={"kind": "中期目標"}).json()["data"]
    draft, final = sorted(documents, key=lambda d: d["version"])
    view = twin(client, f"/documents/{final['id']}.json")
    assert {v["id"] for v in view["versions"]} >= {draft["id"], final["id"]}
    _, parsed = html(client, f"/documents/{final['id']}")
    assert f"/documents/{draft['id']}" in parsed.links


def test_target_page_has_results_achievement_and_a_chart_with_its_numbers(
    client: TestClient, ids: dict[str, int]
) -> None:
    view = twin(client, f"/targets/{ids['target']}.json")
    assert view["results"]
    text, parsed = html(client, f"/targets/{ids['target']}")
    assert parsed.svgs >= 1, "the chart is drawn on the server"
    assert "<table" in text
    for year in view["years"]:
        assert year["label"] in text
        assert year["status_label"] in text
    assert f"/documents/{view['target']['document_id']}" in " ".join(parsed.links)


def test_search_page_highlights_hits_and_links_each_to_its_line(client: TestClient) -> None:
    view = twin(client, "/search.json", q="観測")
    assert view["total"] > 0
    text, parsed = html(client, "/search", q="観測")
    assert "<mark>観測</mark>" in text
    hit_links = [link for link in parsed.links if re.fullmatch(r"/documents/\d+#L\d+", link)]
    assert len(hit_links) == len(view["hits"])
    for hit, link in zip(view["hits"], hit_links, strict=True):
        assert link == f"/documents/{hit['document_id']}#L{hit['line']}"


def test_search_facets_narrow_the_hits_without_javascript(client: TestClient) -> None:
    everything = twin(client, "/search.json", q="観測")
    facets = {facet["name"]: facet["values"] for facet in everything["facets"]}
    value = next(v for v in facets["entry_kind"] if v["count"] < everything["total"])
    assert not any(v["selected"] for values in facets.values() for v in values)
    narrowed = twin(client, "/search.json", q="観測", entry_kind=value["value"])
    assert narrowed["total"] == value["count"]
    [chosen] = [v for f in narrowed["facets"] if f["name"] == "entry_kind" for v in f["values"] if v["selected"]]
    assert chosen["value"] == value["value"]
    _, parsed = html(client, "/search", q="観測")
    assert any(f"entry_kind={value['value']}" in link for link in parsed.links), "each facet value is a plain link"


def test_search_pages_through_many_hits(client: TestClient) -> None:
    first = twin(client, "/search.json", q="目標", limit=5)
    assert first["total"] > 5
    assert first["next_offset"] == 5
    second = twin(client, "/search.json", q="目標", limit=5, offset=5)
    assert {(h["document_id"], h["line"]) for h in first["hits"]}.isdisjoint(
        {(h["document_id"], h["line"]) for h in second["hits"]}
    )


def test_empty_search_shows_the_form_not_an_error(client: TestClient) -> None:
    text, parsed = html(client, "/search")
    assert any(form.get("action") == "/search" for form in parsed.forms)
    assert "Traceback" not in text


def test_compare_page_shows_charts_with_their_tables(client: TestClient, ids: dict[str, int]) -> None:
    text, parsed = html(client, "/compare")
    assert parsed.svgs >= 1
    assert text.count("<table") >= parsed.svgs
    one = twin(client, f"/compare.json?agency_id={ids['agency']}")
    assert one


def test_evaluations_page_shows_only_published_ratings(client: TestClient) -> None:
    view = twin(client, "/evaluations.json")
    published = client.get("/api/v1/evaluations").json()
    text, _ = html(client, "/evaluations")
    assert published["total"] > 0
    for row in published["data"]:
        assert row["rating"] in text
    assert view


@pytest.mark.parametrize(
    "path",
    ["/agencies/999999", "/documents/999999", "/targets/999999", "/agencies/999999.json", "/no/such/page"],
)
def test_a_missing_thing_is_a_japanese_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    if path.endswith(".json"):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "見つかりません" in response.json()["detail"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "見つかりません" in response.text
        assert "Traceback" not in response.text


def test_a_bad_parameter_is_a_4xx_page_not_a_traceback(client: TestClient) -> None:
    response = client.get("/search", params={"q": "観測", "offset": "たくさん"})
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
    assert response.headers["content-type"].startswith("text/html")
