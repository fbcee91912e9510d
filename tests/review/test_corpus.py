"""The whole catalogue on the real corpus, against the list of findings reviewed by hand.

`corpus_findings.toml` holds every finding the default policy gives on objectives-2025-a.txt,
each with a note saying why it is right; a rule change that adds, drops or moves a finding fails
here until the list (and docs/review.md) is reviewed again. In CI a missing corpus fails.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from hyoka.model.findings import CheckReport
from hyoka.review import check
from hyoka.sources import read_source
from tests.corpus_support import parsed_corpus, require_corpus

EXPECTED = Path(__file__).parent / "corpus_findings.toml"


@functools.cache
def _report() -> CheckReport:
    path = require_corpus()
    source = read_source(path)
    return check(parsed_corpus().documents, path=str(path), sha256=source.sha256, lines=source.lines)


def _expected() -> set[tuple[str, str, int, str]]:
    data = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    return {(f["document"], f["rule"], f["line"], f["severity"]) for f in data["finding"]}


def test_corpus_findings_are_the_reviewed_list() -> None:
    found = {(f.document, f.rule_id, f.location.line, f.severity.value) for f in _report().findings()}
    expected = _expected()
    assert sorted(found - expected) == [], "findings not in the reviewed list"
    assert sorted(expected - found) == [], "reviewed findings no longer found"


def test_every_reviewed_finding_has_a_note() -> None:
    data = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    assert all(len(f["note"]) > 20 for f in data["finding"])


def test_corpus_findings_point_inside_their_document() -> None:
    report = _report()
    spans = {d.id: (d.span.start_line, d.span.end_line) for d in parsed_corpus().documents}
    for finding in report.findings():
        start, end = spans[finding.document]
        assert start <= finding.location.line <= finding.location.end_line <= end, finding


def test_corpus_categories() -> None:
    categories = {d.agency: d.category.value if d.category else None for d in _report().documents}
    assert categories == {
        "国立研究開発法人日本医療研究開発機構": "R",
        "国立研究開発法人理化学研究所": "R",
        "国立研究開発法人宇宙航空研究開発機構": "R",
        "年金積立金管理運用独立行政法人": "M",
        "国立研究開発法人産業技術総合研究所": "R",
    }


def test_fingerprints_are_unique_within_the_corpus_run() -> None:
    prints = [f.fingerprint for f in _report().findings()]
    assert len(prints) == len(set(prints))
