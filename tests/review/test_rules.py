"""Each rule of the catalogue on its own fixtures: a failing and a passing document of its own.

The fixtures (`fixtures/R-*.toml`) change one part of a small clean document; the clean documents
themselves must pass every rule, so a failing fixture fails for the reason it states.
"""

from __future__ import annotations

import pytest

from hyoka.model.findings import Finding
from hyoka.parse import parse_source
from hyoka.review import check
from hyoka.review.policy import check_policy_from_mapping
from hyoka.review.registry import all_rules
from hyoka.sources import SourceText, text_source_from_string
from tests.review.documents import document_text
from tests.review.rule_fixtures import Case, load_cases

CASES = load_cases()


def _run(case: Case) -> tuple[list[Finding], SourceText]:
    source = text_source_from_string(document_text(case.category, case.parts), "fixture.txt")
    result = parse_source(source)
    assert len(result.documents) == 1, "a fixture is one document"
    settings = {"enabled": True, **case.params}
    policy = check_policy_from_mapping({"rules": {case.rule: settings}, "categories": case.categories})
    report = check(result.documents, policy, path=source.path, lines=source.lines)
    return [f for f in report.findings() if f.rule_id == case.rule], source


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fixture(case: Case) -> None:
    findings, source = _run(case)
    if case.expect == "pass":
        assert findings == [], [f.message for f in findings]
        return
    assert findings, f"{case.rule} found nothing"
    if case.at is not None:
        texts = [source.line(f.location.line).text for f in findings]
        assert any(case.at in text for text in texts), texts
    if case.message is not None:
        assert case.message in [f.message for f in findings]
    if case.severity is not None:
        assert case.severity in [f.severity.value for f in findings]


@pytest.mark.parametrize("rule", [r.id for r in all_rules()])
def test_every_rule_has_a_failing_and_a_passing_fixture(rule: str) -> None:
    expects = {case.expect for case in CASES if case.rule == rule}
    assert expects == {"fail", "pass"}, f"{rule}: fixtures {sorted(expects)}"


@pytest.mark.parametrize("category", ["M", "R", "E"])
def test_clean_documents_pass_every_rule(category: str) -> None:
    source = text_source_from_string(document_text(category), "clean.txt")
    result = parse_source(source)
    report = check(result.documents, path=source.path, lines=source.lines)
    resolved = report.documents[0].category
    assert resolved is not None
    assert resolved.value == category
    assert [(f.rule_id, f.location.line, f.message) for f in report.findings()] == []
