"""The review pages and API of a stored document: 点検 (findings under the server's check policy,
each linking to its line, waived ones marked) and 新旧対照 (two versions, with the xlsx and HTML
downloads), checked against the library calls `hyoka check` and `hyoka diff` make."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from hyoka.report.comparison.stored import compare_stored
from hyoka.review import check_document
from hyoka.settings import Settings
from hyoka.store.store import Store
from hyoka.web.app import create_app
from tests.web.test_pages import html, twin


@pytest.fixture(scope="module")
def revised(client: TestClient) -> dict[str, int]:
    """The demo's document stored in two versions (a draft, then its final text)."""
    documents = client.get("/api/v1/documents").json()["data"]
    new = next(d for d in documents if d["previous_version_id"] is not None)
    single = next(d for d in documents if d["previous_version_id"] is None and d["id"] != new["previous_version_id"])
    return {"new": new["id"], "old": new["previous_version_id"], "single": single["id"]}


def test_the_check_page_lists_the_findings_of_hyoka_check_by_severity_each_linking_to_its_line(
    client: TestClient, web_settings: Settings, revised: dict[str, int]
) -> None:
    document_id = revised["new"]
    with Store.open(web_settings) as store:
        contract = store.contract(document_id)
        assert contract is not None
        lines = {line.number: line for line in store.source_lines(document_id) or []}
        expected = check_document(contract, lines=lines)
    assert expected.findings, "the demo's documents are written to leave findings to show"
    view = twin(client, f"/documents/{document_id}/check.json")
    assert view["result"] == client.get(f"/api/v1/documents/{document_id}/findings").json()
    got = [(f["rule_id"], f["location"]["line"], f["fingerprint"]) for f in view["result"]["findings"]]
    assert got == [(f.rule_id, f.location.line, f.fingerprint) for f in expected.findings]
    assert view["summary"]["error"] + view["summary"]["warning"] + view["summary"]["info"] == len(got)
    text, parsed = html(client, f"/documents/{document_id}/check")
    for finding in expected.findings:
        assert f"/documents/{document_id}#L{finding.location.line}" in parsed.links
        assert finding.rule_id in text
    order = [label for label in ("エラー（", "警告（", "情報（") if label in text]
    assert order == sorted(order, key=text.index)


def test_the_document_page_has_a_findings_panel_loaded_from_the_check_page_with_a_plain_link(
    client: TestClient, revised: dict[str, int]
) -> None:
    document_id = revised["new"]
    text, parsed = html(client, f"/documents/{document_id}")
    assert f'hx-get="/documents/{document_id}/check"' in text
    assert 'hx-select="#findings-panel"' in text
    assert f"/documents/{document_id}/check" in parsed.links  # readable without JavaScript
    assert f"/documents/{document_id}/comparison" in parsed.links
    check_page, _ = html(client, f"/documents/{document_id}/check")
    assert 'id="findings-panel"' in check_page


def test_waived_findings_are_marked_and_counted_apart(
    web_settings: Settings, revised: dict[str, int], tmp_path: Path
) -> None:
    document_id = revised["new"]
    with TestClient(create_app(web_settings)) as plain:
        first = plain.get(f"/api/v1/documents/{document_id}/findings").json()["findings"][0]
    policy = tmp_path / "check.toml"
    policy.write_text(
        'name = "試験方針"\n'
        f'waivers = [{{ rule = "{first["rule_id"]}", fingerprint = "{first["fingerprint"]}", '
        'reason = "主務省と合意済み", who = "評価課" }]\n',
        encoding="utf-8",
    )
    settings = Settings(database_url=web_settings.database_url, check_policy_file=policy)
    with TestClient(create_app(settings)) as waived:
        view = waived.get(f"/documents/{document_id}/check.json").json()
        page = waived.get(f"/documents/{document_id}/check").text
    marked = [f for f in view["result"]["findings"] if f["waived"]]
    assert [(f["rule_id"], f["fingerprint"]) for f in marked] == [(first["rule_id"], first["fingerprint"])]
    assert view["summary"]["waived"] == 1
    assert view["policy"]["name"] == "試験方針"
    assert "適用除外：主務省と合意済み" in page
    assert "試験方針" in page


def test_the_comparison_page_shows_the_table_of_hyoka_diff_underlined_on_both_sides(
    client: TestClient, web_settings: Settings, revised: dict[str, int]
) -> None:
    new, old = revised["new"], revised["old"]
    with Store.open(web_settings) as store:
        expected = compare_stored(store, old, new)
    assert expected is not None
    assert expected.changes, "the demo's draft and final text differ"
    view = twin(client, f"/documents/{new}/comparison.json")  # the previous version by default
    assert view["old"]["id"] == old
    assert view["comparison"]["changes"] == expected.model_dump(mode="json")["changes"]
    assert client.get(f"/api/v1/documents/{new}/comparison", params={"old": old}).json() == view["comparison"]
    text, parsed = html(client, f"/documents/{new}/comparison")
    assert "<ins>" in text
    assert "<del>" in text
    assert "改正後" in text
    assert "改正前" in text
    assert f"/api/v1/documents/{new}/comparison?old={old}&format=xlsx" in parsed.links


def test_the_comparison_downloads_are_the_workbook_and_page_of_hyoka_diff(
    client: TestClient, revised: dict[str, int]
) -> None:
    new, old = revised["new"], revised["old"]
    response = client.get(f"/api/v1/documents/{new}/comparison", params={"old": old, "format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["新旧対照表", "変更一覧", "指摘"]
    page = client.get(f"/api/v1/documents/{new}/comparison", params={"old": old, "format": "html"})
    assert page.status_code == 200
    assert page.headers["content-disposition"].startswith("attachment")
    assert "<ins>" in page.text


def test_a_document_with_one_version_says_so_and_the_api_answers_404(
    client: TestClient, revised: dict[str, int]
) -> None:
    single = revised["single"]
    text, _ = html(client, f"/documents/{single}/comparison")
    assert "比べる版がありません" in text
    assert client.get(f"/documents/{single}/comparison.json").json()["comparison"] is None
    missing = client.get(f"/api/v1/documents/{single}/comparison")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path",
    [
        "/documents/999999/check",
        "/documents/999999/comparison",
        "/api/v1/documents/999999/findings",
        "/api/v1/documents/999999/comparison",
    ],
)
def test_unknown_documents_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_version_of_another_document_or_the_document_itself_is_404(
    client: TestClient, revised: dict[str, int]
) -> None:
    new = revised["new"]
    for other in (new, revised["single"]):
        for path, extra in (
            (f"/documents/{new}/comparison", {}),
            (f"/api/v1/documents/{new}/comparison", {}),
            (f"/api/v1/documents/{new}/comparison", {"format": "xlsx"}),
        ):
            response = client.get(path, params={"old": other, **extra})
            assert response.status_code == 404, (path, other)
