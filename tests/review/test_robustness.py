"""The checks on mangled documents: whatever the parser makes of a document cut, shuffled or
stuffed with noise, every rule runs without raising and every finding points inside its document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.review import check
from hyoka.review.policy import check_policy_from_mapping
from hyoka.review.registry import all_rules
from hyoka.sources import text_source_from_string
from tests.fuzz.strategies import mutated_text
from tests.review.documents import document_text

EVERY_RULE = check_policy_from_mapping({"rules": {rule.id: {"enabled": True} for rule in all_rules()}})


def _check_all(text: str) -> None:
    source = text_source_from_string(text, "mangled.txt")
    try:
        result = parse_source(source)
    except NoDocumentError:
        return
    report = check(result.documents, EVERY_RULE, path=source.path, lines=source.lines)
    spans = {d.id: d.span for d in result.documents}
    for finding in report.findings():
        span = spans[finding.document]
        assert span.start_line <= finding.location.line <= finding.location.end_line <= span.end_line, finding
        assert finding.message
        assert len(finding.fingerprint) == 32


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_text())
def test_mutated_objectives_never_break_a_rule(text: str) -> None:
    _check_all(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["M", "R", "E"]), st.data())
def test_fixture_documents_with_lines_cut_never_break_a_rule(category: str, data: st.DataObject) -> None:
    lines = document_text(category).splitlines()
    start = data.draw(st.integers(0, len(lines) - 1))
    stop = data.draw(st.integers(start, min(len(lines), start + 30)))
    _check_all("\n".join([*lines[:start], *lines[stop:]]) + "\n")
