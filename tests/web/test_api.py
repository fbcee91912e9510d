"""The JSON API under /api/v1, by interface: lists, filters, pages, CSV, ETags and errors, on the
demo (both databases)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

API = "/api/v1"


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def every_row(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """All rows of a list, following `next` links."""
    page = get(client, path, **params)
    rows = list(page["data"])
    while page["next"]:
        response = client.get(page["next"])
        assert response.status_code == 200
        page = response.json()
        rows.extend(page["data"])
    return rows


def csv_rows(client: TestClient, path: str, **params: Any) -> list[dict[str, str]]:
    response = client.get(API + path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_agencies_list_the_three_categories(client: TestClient) -> None:
    page = get(client, "/agencies")
    assert page["total"] == 3
    assert page["next"] is None
    assert {a["category"] for a in page["data"]} == {"medium_term", "rd", "executive"}
    labels = {a["category"]: a["category_label"] for a in page["data"]}
    assert labels == {"medium_term": "中期目標管理法人", "rd": "国立研究開発法人", "executive": "行政執行法人"}


def test_pages_follow_next_links_to_every_row(client: TestClient) -> None:
    first = get(client, "/agencies", limit=1)
    assert first["total"] == 3
    assert len(first["data"]) == 1
    assert "offset=1" in first["next"]
    rows = every_row(client, "/agencies", limit=1)
    assert len(rows) == 3
    assert len({row["id"] for row in rows}) == 3


def test_document_filters(client: TestClient) -> None:
    mid_term = get(client, "/documents", kind="中期目標")["data"]
    assert [(d["draft"], d["version"]) for d in mid_term] == [(True, 1), (False, 2)]
    assert get(client, "/documents", draft=True)["total"] == 1
    current = get(client, "/documents", current=True)["data"]
    assert all(not d["superseded"] for d in current)
    assert len(current) == get(client, "/documents")["total"] - 1
    [rd] = get(client, "/documents", category="rd")["data"]
    assert rd["kind"] == "中長期目標"
    assert [d["id"] for d in get(client, "/documents", ministry="環境")["data"]] == [rd["id"]]
    assert [d["id"] for d in get(client, "/documents", fiscal_year=2031)["data"]] == [rd["id"]]
    assert get(client, "/documents", agency="ＮＯＮＥ")["total"] == 0


def test_a_document_is_the_contract_with_its_stored_ids(client: TestClient) -> None:
    final = get(client, "/documents", kind="中期目標", draft=False)["data"][0]
    stored = get(client, f"/documents/{final['id']}")
    assert stored["record"]["id"] == final["id"]
    assert stored["document"]["id"] == f"doc-{final['id']}"
    assert len(stored["target_ids"]) == len(stored["document"]["targets"]) == final["targets"]
    assert [v["version"] for v in stored["versions"]] == [1, 2]
    items = every_row(client, f"/documents/{final['id']}/items", limit=5)
    assert items[0]["parent_id"] is None
    assert {i["id"] for i in items} >= {i["parent_id"] for i in items if i["parent_id"] is not None}


def test_target_filters_narrow_the_list(client: TestClient) -> None:
    every = every_row(client, "/targets", limit=500)
    assert every, "the demo has targets"
    marked = every_row(client, "/targets", marked=True)
    assert marked
    assert all(t["marks"] for t in marked)
    unmarked = every_row(client, "/targets", marked=False)
    assert len(marked) + len(unmarked) == len(every)
    percent = every_row(client, "/targets", unit="%")
    assert percent
    assert all(t["unit"] == "%" for t in percent)
    efficiency = every_row(client, "/targets", section_kind="efficiency")
    assert efficiency
    assert all(t["section_kind"] == "efficiency" for t in efficiency)
    for scope in {t["scope"] for t in every}:
        assert {t["id"] for t in every_row(client, "/targets", scope=scope)} == {
            t["id"] for t in every if t["scope"] == scope
        }


def test_current_targets_leave_out_replaced_versions(client: TestClient) -> None:
    documents = {d["id"]: d for d in get(client, "/documents")["data"]}
    targets = every_row(client, "/targets", limit=500)
    assert all(not documents[t["document_id"]]["superseded"] for t in targets)


def test_lists_download_whole_as_csv_with_japanese_headers(client: TestClient) -> None:
    rows = csv_rows(client, "/targets", limit=1)
    assert len(rows) == get(client, "/targets")["total"]  # the whole list, not the page
    assert {"目標ID", "法人名", "指標", "目標値", "期間区分"} <= set(rows[0])
    agencies = csv_rows(client, "/agencies")
    assert [row["法人名"] for row in agencies] == [a["full_name"] for a in get(client, "/agencies")["data"]]
    documents = csv_rows(client, "/documents")
    assert len(documents) == get(client, "/documents")["total"]
    assert csv_rows(client, "/evaluations")


def test_a_target_with_its_results_and_achievement(client: TestClient) -> None:
    measured = [t for t in every_row(client, "/targets", limit=500) if t["scope"] == "cumulative"]
    target = measured[0]
    view = get(client, f"/targets/{target['id']}")
    assert view["target"]["id"] == target["id"]
    years = [row["fiscal_year"] for row in view["years"]]
    assert years == sorted(years)
    with_results = [row for row in view["years"] if row["result"] is not None]
    assert with_results, "the demo has results for this target"
    assert all(row["explanation"] for row in view["years"])
    assert view["chart_svg"].startswith("<svg")
    results = get(client, f"/targets/{target['id']}/results")
    assert results["years"] == view["years"]
    assert [r["年度"] for r in csv_rows(client, f"/targets/{target['id']}/results")] == [str(y) for y in years]


def test_only_published_evaluations_are_served(client: TestClient) -> None:
    served = every_row(client, "/evaluations")
    assert served
    assert {e["fiscal_year"] for e in served} == {2025}  # FY2026 self-evaluations are not published
    assert {e["evaluator"] for e in served} == {"ministry"}
    assert all(e["in_force"] for e in served)
    overall = get(client, "/evaluations", level="overall")["data"]
    assert overall
    assert all(e["unit_key"] == "総合" for e in overall)
    assert get(client, "/evaluations", evaluator="self")["total"] == 0


def test_search_with_facets_that_count_what_a_filter_leaves(client: TestClient) -> None:
    found = get(client, "/search", q="経費")
    assert found["total"] > 0
    assert all(any(part["match"] for part in hit["snippet"]) for hit in found["hits"])
    for facet in found["facets"]:
        if facet["name"] in {"marked", "scope"}:
            continue
        assert sum(v["count"] for v in facet["values"]) == found["total"], facet["name"]
        for value in facet["values"]:
            if value["value"]:
                narrowed = get(client, "/search", q="経費", **{facet["name"]: value["value"]})
                assert narrowed["total"] == value["count"], (facet["name"], value)
    hits = csv_rows(client, "/search", q="経費")
    assert len(hits) == found["total"]


def test_search_refuses_an_unknown_kind_in_japanese(client: TestClient) -> None:
    response = client.get(f"{API}/search", params={"q": "経費", "entry_kind": "nosuch"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "検索条件" in response.json()["detail"]


def test_etags_answer_304_when_unchanged(client: TestClient) -> None:
    first = client.get(f"{API}/targets")
    tag = first.headers["etag"]
    again = client.get(f"{API}/targets", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(f"{API}/targets", params={"limit": 1}, headers={"If-None-Match": tag})
    assert other.status_code == 200


def test_errors_are_problem_json_in_japanese(client: TestClient) -> None:
    missing = client.get(f"{API}/targets/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert body["status"] == 404
    assert body["detail"] == "定量目標が見つかりません。"
    invalid = client.get(f"{API}/targets", params={"limit": 0})
    assert invalid.status_code == 422
    assert "limit" in invalid.json()["detail"]
    assert not invalid.json()["detail"].isascii()
    unknown = client.get(f"{API}/nosuch")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"


def test_comparisons(client: TestClient) -> None:
    view = get(client, "/comparisons")
    assert view["efficiency"]
    assert all(row["target"]["unit"] == "%" for row in view["efficiency"])
    assert any(row["exclusions"] for row in view["efficiency"])
    assert view["efficiency_chart"].startswith("<svg")
    assert sum(row["total"] for row in view["by_scope"]) == get(client, "/targets")["total"]
    agency = get(client, "/agencies")["data"][0]
    periods = get(client, "/comparisons", agency_id=agency["id"])["periods"]
    assert periods
    assert all(p["document"]["agency_id"] == agency["id"] for p in periods)
