"""Search facets, the entry kind and target scope filters, and the backend chosen per dialect.

The store holds the documents of test_search.py (the bundled sample and a synthetic 中長期目標),
on SQLite and, where a server is given, PostgreSQL. Facets are checked against what `search`
itself finds: the hits counted in Python, and each facet value run as a filter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.settings import Settings
from hyoka.store import search as search_module
from hyoka.store.database import Database
from hyoka.store.extracts import Target
from hyoka.store.search import (
    ENTRY_KINDS,
    TARGET_SCOPES,
    PostgresBackend,
    SearchFacets,
    SearchHit,
    SqliteBackend,
    backend_for,
    search,
    search_facets,
    snippets,
    sqlite,
)
from tests.store.test_search import OCEAN_AGENCY, SAMPLE_AGENCY, _ingest_both

ALL = 1000
# short, long and mixed terms; through the index and (の) a row-by-row scan on SQLite
QUERIES = ["件", "技術", "件数", "の", "観測 の", "一般管理費", "%", "技術相談 件"]


@pytest.fixture
def session(sessions: Database, settings: Settings, tmp_path: Path) -> Iterator[Session]:
    _ingest_both(sessions, settings, tmp_path)
    with sessions() as session:
        yield session


def hits(session: Session, query: str, **filters: Any) -> list[SearchHit]:
    page = search(session, query, limit=ALL, **filters)
    assert page.total == len(page.hits)
    return page.hits


def total(session: Session, query: str, **filters: Any) -> int:
    return search(session, query, limit=0, **filters).total


def ordered(counts: Counter[Any]) -> tuple[tuple[Any, int], ...]:
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0] is None, str(pair[0]))))


def counted(session: Session, query: str, **filters: Any) -> SearchFacets:
    """The facets as the hits of `search` give them, counted in Python."""
    found = hits(session, query, **filters)
    scopes = dict(session.execute(select(Target.id, Target.scope)).all())
    return SearchFacets(
        agency=ordered(Counter(hit.agency for hit in found)),
        document_kind=ordered(Counter(hit.document_kind for hit in found)),
        section_kind=ordered(Counter(hit.section_kind for hit in found)),
        marked=ordered(Counter(hit.marked for hit in found)),
        entry_kind=ordered(Counter(hit.kind for hit in found)),
        scope=ordered(Counter(scopes[hit.ref_id] for hit in found if hit.kind == "target" and hit.ref_id in scopes)),
    )


def facet_values(facets: SearchFacets) -> dict[str, tuple[tuple[Any, int], ...]]:
    return {
        "agency": facets.agency,
        "document_kind": facets.document_kind,
        "section_kind": facets.section_kind,
        "marked": facets.marked,
        "entry_kind": facets.entry_kind,
        "scope": facets.scope,
    }


# --- facets --------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES)
def test_facets_count_the_hits_of_the_search(session: Session, query: str) -> None:
    facets = search_facets(session, query)
    assert facets == counted(session, query)
    matches = total(session, query)
    assert matches > 0
    for name, pairs in facet_values(facets).items():
        if name != "scope":  # every match has one value of each facet but the scope
            assert sum(count for _, count in pairs) == matches, name


@pytest.mark.parametrize("query", QUERIES)
def test_each_facet_count_is_what_its_value_as_a_filter_finds(session: Session, query: str) -> None:
    facets = search_facets(session, query)
    filters: dict[str, str] = {"agency": "agency", "document_kind": "kind", "section_kind": "section_kind"}
    filters |= {"entry_kind": "entry_kind", "scope": "scope"}
    checked = 0
    for name, pairs in facet_values(facets).items():
        for value, count in pairs:
            if name == "marked":
                marked = total(session, query, only_marked=True)
                assert count == (marked if value else total(session, query) - marked)
            elif value is not None:  # no filter asks for an empty field
                assert count == total(session, query, **{filters[name]: value}), (name, value)
            checked += 1
    assert checked >= 7
    assert sum(count for _, count in facets.scope) == total(session, query, entry_kind="target")


def test_facets_are_ordered_by_count_then_value(session: Session) -> None:
    for query in QUERIES:
        for name, pairs in facet_values(search_facets(session, query)).items():
            keys = [(-count, value is None, str(value)) for value, count in pairs]
            assert keys == sorted(keys), (query, name)
            assert len({value for value, _ in pairs}) == len(pairs)
    facets = search_facets(session, "件")
    assert {value for value, _ in facets.agency} == {SAMPLE_AGENCY, OCEAN_AGENCY}
    assert {value for value, _ in facets.marked} == {True, False}
    assert len(facets.scope) >= 2  # the data has enough to tell the scopes apart


@pytest.mark.parametrize(
    "filters",
    [
        {"agency": "架空海洋"},
        {"kind": "中期目標"},
        {"kind": "mid_long_term", "period_year": 2022},
        {"section_kind": "quality"},
        {"only_marked": True},
        {"only_targets": True},
        {"entry_kind": "item"},
        {"entry_kind": "target", "scope": "cumulative"},
        {"scope": "per_year"},
        {"agency": "日本架空", "section_kind": "quality", "entry_kind": "target"},
        {"agency": "存在しない法人"},
    ],
)
def test_facets_with_filters(session: Session, filters: dict[str, Any]) -> None:
    for query in ("件", "技術", "件数"):
        facets = search_facets(session, query, **filters)
        assert facets == counted(session, query, **filters), query
        if filters.get("entry_kind") or filters.get("only_targets") or filters.get("scope"):
            assert {value for value, _ in facets.entry_kind} <= {filters.get("entry_kind", "target")}
        if filters.get("scope"):
            assert {value for value, _ in facets.scope} <= {filters["scope"]}


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "存在しない語句", "zz", "蛸", "技術相談 海洋"])
def test_a_query_without_terms_or_matches_has_empty_facets(session: Session, query: str) -> None:
    facets = search_facets(session, query)
    assert facets == SearchFacets()
    assert all(pairs == () for pairs in facet_values(facets).values())


def test_facets_check_their_filters(session: Session) -> None:
    with pytest.raises(ValueError, match="entry kind"):
        search_facets(session, "件", entry_kind="targets")
    with pytest.raises(ValueError, match="section kind"):
        search_facets(session, "件", section_kind="qualty")
    with pytest.raises(ValueError, match="target scope"):
        search_facets(session, "件", scope="yearly")


# --- the entry kind and scope filters ------------------------------------------------------------


def test_entry_kind_filter(session: Session) -> None:
    everything = hits(session, "件")
    by_kind = {kind: hits(session, "件", entry_kind=kind) for kind in ENTRY_KINDS}
    for kind, found in by_kind.items():
        assert {hit.kind for hit in found} <= {kind}
    assert sorted((hit.document_id, hit.line, hit.kind) for found in by_kind.values() for hit in found) == sorted(
        (hit.document_id, hit.line, hit.kind) for hit in everything
    )
    assert len([kind for kind, found in by_kind.items() if found]) >= 3
    assert by_kind["target"] == hits(session, "件", only_targets=True)
    assert hits(session, "件", entry_kind="item", only_targets=True) == []


def test_an_unknown_entry_kind_is_refused_with_the_choices(session: Session) -> None:
    with pytest.raises(ValueError, match="entry kind 'items'; one of: item, target, flag, axis, indicator, annex"):
        search(session, "件", entry_kind="items")


def test_scope_filter(session: Session) -> None:
    scopes = dict(session.execute(select(Target.id, Target.scope)).all())
    targets = hits(session, "件", entry_kind="target")
    assert len({scopes[hit.ref_id] for hit in targets if hit.ref_id is not None}) >= 2
    for scope in TARGET_SCOPES:
        found = hits(session, "件", scope=scope)
        assert {hit.kind for hit in found} <= {"target"}
        assert [hit for hit in targets if hit.ref_id is not None and scopes[hit.ref_id] == scope] == found
    per_year = hits(session, "件", scope="per_year")
    assert per_year
    assert hits(session, "件", scope="per_year", agency="日本架空") == [
        hit for hit in per_year if hit.agency == SAMPLE_AGENCY
    ]
    assert hits(session, "件", scope="per_year", entry_kind="item") == []
    with pytest.raises(ValueError, match="target scope"):
        search(session, "件", scope="yearly")


# --- the backend ---------------------------------------------------------------------------------


def test_the_backend_is_chosen_once_per_dialect() -> None:
    assert backend_for("sqlite") is backend_for("sqlite")
    assert backend_for("postgresql") is backend_for("postgresql")
    assert isinstance(backend_for("sqlite"), SqliteBackend)
    assert isinstance(backend_for("postgresql"), PostgresBackend)
    with pytest.raises(ValueError, match="mysql"):
        backend_for("mysql")


def test_search_and_facets_match_through_the_dialects_backend(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = backend_for(session.get_bind().dialect.name)
    calls: list[Hashable] = []
    match = backend.match

    def counting(session: Session, terms: Any) -> Any:
        calls.append(tuple(terms))
        return match(session, terms)

    monkeypatch.setattr(backend, "match", counting)
    assert search(session, "技術 件").total == total(session, "技術 件") > 0
    assert search_facets(session, "技術 件").entry_kind
    assert calls == [("技術", "件")] * 3


def test_the_package_keeps_the_old_modules_names() -> None:
    # what hyoka.store.search was as one module, tests and the command import from it still
    for name in ("search", "search_terms", "snippet", "match_span", "SearchHit", "SearchPage", "SECTION_KINDS"):
        assert hasattr(search_module, name), name
    assert (search_module.DEFAULT_MARK, search_module.FTS_MIN_CHARS) == (("【", "】"), 3)
    assert search_module.MAX_SHORT_TRIGRAMS == 250


def test_setting_a_name_on_the_package_sets_it_where_it_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # test_search.py replaces these on the package; the modules that read them must see it
    def bisect(content: str, term: str) -> tuple[int, int]:
        raise AssertionError(term)

    monkeypatch.setattr(search_module, "MAX_SHORT_TRIGRAMS", 0)
    monkeypatch.setattr(search_module, "_bisected_span", bisect)
    assert sqlite.MAX_SHORT_TRIGRAMS == 0
    assert snippets._bisected_span is bisect
    monkeypatch.undo()
    assert sqlite.MAX_SHORT_TRIGRAMS == 250
    assert snippets._bisected_span is not bisect
