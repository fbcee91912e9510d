"""The check policy (`hyoka.review.policy`) and baselines (`hyoka.review.baseline`) as a library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hyoka.model.findings import Category, Severity
from hyoka.review.baseline import BaselineError, load_baseline
from hyoka.review.policy import (
    CheckPolicyError,
    check_policy_from_mapping,
    check_policy_from_toml,
    default_check_policy,
    load_check_policy,
)
from hyoka.review.registry import Rule, get_rule


def _rule(rule_id: str) -> Rule:
    found = get_rule(rule_id)
    assert found is not None
    return found


def test_the_default_policy_is_the_registry() -> None:
    policy = default_check_policy()
    assert policy.name == "default"
    assert policy.fail_on is Severity.error
    assert policy.params(_rule("R-FLAG-01")) == {
        "min_reason_chars": 20,
        "boilerplate_min": 3,
        "separate_reasons": False,
    }
    assert policy.enabled(_rule("R-GOV-03")) is False
    assert policy.ref().sha256 == default_check_policy().ref().sha256


def test_a_policy_sets_parameters_severities_categories_and_waivers() -> None:
    policy = check_policy_from_toml(
        """
name = "架空省"
fail_on = "warning"
[rules.R-FLAG-01]
min_reason_chars = 30
severity = "warning"
[rules.R-GOV-03]
enabled = true
topics = ["情報セキュリティ", "人事|人材"]
[rules.R-PERIOD-01]
mid_term_years = [3, 6]
[categories]
"国立健康危機管理研究機構" = "R"
[[waivers]]
rule = "R-QNT-03"
fingerprint = "0123"
reason = "主務省と合意済み"
"""
    )
    assert policy.name == "架空省"
    assert policy.fail_on is Severity.warning
    assert policy.params(_rule("R-FLAG-01"))["min_reason_chars"] == 30
    assert policy.params(_rule("R-FLAG-01"))["boilerplate_min"] == 3  # untouched keys keep the default
    assert policy.severity(_rule("R-FLAG-01")) is Severity.warning
    assert policy.enabled(_rule("R-GOV-03")) is True
    assert policy.params(_rule("R-PERIOD-01"))["mid_term_years"] == [3, 6]
    assert policy.categories == {"国立健康危機管理研究機構": Category.research}
    waiver = policy.waiver("R-QNT-03", "0123")
    assert waiver is not None
    assert waiver.who is None
    assert policy.waiver("R-QNT-03", "9999") is None
    assert len(policy.sha256) == 64


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"rules": {"R-FLAG-01": {"enabled": "yes"}}}, "rules.R-FLAG-01.enabled"),
        ({"rules": {"R-FLAG-01": {"separate_reasons": 1}}}, "rules.R-FLAG-01.separate_reasons"),
        ({"rules": {"R-AXIS-01": {"max_axes_per_row": 2.5}}}, "rules.R-AXIS-01.max_axes_per_row"),
        ({"rules": {"R-TGT-03": {"completion_verbs": "完了する"}}}, "rules.R-TGT-03.completion_verbs"),
        ({"rules": "R-FLAG-01"}, "rules must be a table"),
        ({"waivers": {"rule": "R-QNT-03"}}, "waivers must be an array"),
        ({"waivers": [{"rule": "R-NONE-01", "fingerprint": "1", "reason": "x"}]}, "waivers[0].rule"),
        ({"waivers": [{"rule": "R-QNT-03", "fingerprint": "1", "reason": "x", "by": "me"}]}, "'by'"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_values_name_their_key(data: dict[str, object], named: str) -> None:
    with pytest.raises(CheckPolicyError, match=r"ministry\.toml") as raised:
        check_policy_from_mapping(data, source="ministry.toml")
    assert named in str(raised.value)


def test_an_unreadable_policy_file(tmp_path: Path) -> None:
    with pytest.raises(CheckPolicyError, match="cannot read"):
        load_check_policy(tmp_path / "missing.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CheckPolicyError, match="not UTF-8"):
        load_check_policy(binary)


def test_a_policy_file_is_named_after_itself_unless_it_says(tmp_path: Path) -> None:
    path = tmp_path / "monbu.toml"
    path.write_text('fail_on = "info"\n', encoding="utf-8")
    assert load_check_policy(path).name == "monbu"


def test_baselines_read_json_reports_lists_and_sarif(tmp_path: Path) -> None:
    report = {"documents": [{"findings": [{"fingerprint": "a"}, {"fingerprint": "b"}]}]}
    one = tmp_path / "one.json"
    one.write_text(json.dumps(report), encoding="utf-8")
    assert load_baseline(one) == {"a", "b"}
    several = tmp_path / "several.json"
    several.write_text(json.dumps([report, {"documents": [{"findings": [{"fingerprint": "c"}]}]}]), encoding="utf-8")
    assert load_baseline(several) == {"a", "b", "c"}
    sarif = tmp_path / "run.sarif"
    sarif.write_text(
        json.dumps({"runs": [{"results": [{"partialFingerprints": {"hyoka/v1": "d"}}]}]}), encoding="utf-8"
    )
    assert load_baseline(sarif) == {"d"}


@pytest.mark.parametrize("content", ["not json", '{"x": 1}', "[1, 2]"])
def test_a_bad_baseline_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "run.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=r"run\.json"):
        load_baseline(path)
