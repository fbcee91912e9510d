"""The rating policy a target is judged by is chosen the same way on the 目標 page, its JSON twin,
the API's target and the API's results: by the agency's name and legal type (a registry that
assigns a whole legal type must reach all four)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from hyoka.settings import Settings
from hyoka.web.app import create_app


def test_a_legal_types_policy_reaches_the_page_its_twin_and_both_endpoints(
    web_settings: Settings, tmp_path: Path
) -> None:
    registry = tmp_path / "policies.toml"
    registry.write_text(
        '[policies.strict]\nthresholds = { A = 1.3, B = 1.05, C = 0.85 }\n\n[legal_types]\n"国立研究開発法人" = "strict"\n',
        encoding="utf-8",
    )
    settings = Settings(database_url=web_settings.database_url, policy_file=registry)
    with TestClient(create_app(settings)) as client:
        agencies = client.get("/api/v1/agencies").json()["data"]
        rd = next(a for a in agencies if a["legal_type"] == "国立研究開発法人")
        targets = client.get("/api/v1/targets", params={"agency_id": rd["id"]}).json()["data"]
        target_id = targets[0]["id"]
        policies = {
            "page": client.get(f"/targets/{target_id}.json").json()["policy"],
            "api": client.get(f"/api/v1/targets/{target_id}").json()["policy"],
            "results": client.get(f"/api/v1/targets/{target_id}/results").json()["policy"],
        }
    assert set(policies.values()) == {"strict"}, policies
