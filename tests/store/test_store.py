"""`Store`, the one object that answers questions about the database: every public method on
the demo database (`hyoka.web.demo.populate_demo`) plus a document with plain indicators, on
SQLite and on PostgreSQL.

The database is filled once per module and database, and the tests only read it. Expectations
are taken from the demo's own words (agency names, indicators, figures of its script) or from
another method of the store, so that each method is checked against the others as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hyoka.model.records import AgencyCategory, DocumentRecord
from hyoka.settings import Settings
from hyoka.store import catalog, recorded
from hyoka.store.catalog import DocumentFilter
from hyoka.store.database import open_database
from hyoka.store.engine import make_engine
from hyoka.store.ingest import ingest_file
from hyoka.store.published import EvaluationFilter
from hyoka.store.results import current_results
from hyoka.store.store import Store
from hyoka.store.target_rows import TargetFilter
from hyoka.web.demo import populate_demo
from tests.evaluate.test_results_file import DOC as INDICATOR_DOC
from tests.store.conftest import POSTGRES_ENV, _reset_postgres

TRAINING = "独立行政法人日本架空職業能力開発機構"  # a draft 中期目標 and its final text
OCEAN = "国立研究開発法人日本架空海洋環境研究機構"  # a 中長期目標 with evaluation axes
STATISTICS = "独立行政法人日本架空統計情報センター"  # a 年度目標
MEDICAL = "国立研究開発法人架空医療機構"  # the document with plain indicators
ALL = 100_000


def _reset(url: str) -> None:
    engine = make_engine(url)
    try:
        _reset_postgres(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("store")
    if request.param == "sqlite":
        settings = Settings(database_url=f"sqlite:///{folder / 'store.sqlite'}")
    else:
        url = os.environ.get(POSTGRES_ENV)
        if not url:
            if os.environ.get("CI"):
                pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the store tests on PostgreSQL too")
            pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL runs skipped")
        _reset(url)
        settings = Settings(database_url=url)
    populate_demo(settings)
    source = folder / "medical.txt"
    source.write_text(INDICATOR_DOC, encoding="utf-8")
    with open_database(settings) as database:
        assert ingest_file(database, source, settings).status == "stored"
    with Store.open(settings) as opened:
        yield opened
    if request.param == "postgresql":
        _reset(settings.database_url)


def _documents(store: Store, agency: str) -> list[DocumentRecord]:
    return [d for d in store.documents(limit=None).data if d.agency == agency]


def _document(store: Store, agency: str) -> DocumentRecord:
    """The current document of `agency` (the final text, for the agency with a draft)."""
    (current,) = [d for d in _documents(store, agency) if not d.superseded]
    return current


# --- opening ---------------------------------------------------------------------------------------


def test_the_store_knows_its_database_and_lends_sessions(store: Store, request: pytest.FixtureRequest) -> None:
    assert store.is_sqlite is ("sqlite" in request.node.callspec.id)
    document = _document(store, TRAINING)
    with store.session() as session:  # the evaluation's way in: the store's functions, one session
        assert catalog.items(session, document.id) == store.items(document.id)


def test_open_migrates_a_new_database(tmp_path: Path) -> None:
    with Store.open(Settings(database_url=f"sqlite:///{tmp_path / 'new.sqlite'}")) as empty:
        assert empty.is_sqlite
        assert not empty.has_documents()
        assert empty.documents().total == 0
        assert empty.agencies() == []
        assert empty.counts().model_dump() == dict.fromkeys(
            ("agencies", "documents", "targets", "results", "evaluations", "published"), 0
        )
        assert empty.search("一般管理費").total == 0


# --- agencies and documents -------------------------------------------------------------------------


def test_agencies_with_categories_and_counts(store: Store) -> None:
    agencies = store.agencies()
    assert [a.full_name for a in agencies] == sorted([TRAINING, OCEAN, STATISTICS, MEDICAL])
    by_name = {a.full_name: a for a in agencies}
    assert by_name[TRAINING].category == "medium_term"
    assert by_name[OCEAN].category == "rd"
    assert by_name[STATISTICS].category == "executive"
    assert by_name[OCEAN].category_label == "国立研究開発法人"
    assert by_name[OCEAN].ministries == ["文部科学省", "環境省"]
    assert by_name[TRAINING].documents == 2  # the draft and the final text
    current = _document(store, TRAINING)
    assert by_name[TRAINING].targets == current.targets  # the replaced draft's targets are not counted
    assert by_name[TRAINING].latest_document_id == current.id
    for agency in agencies:
        assert store.agency(agency.id) == agency
    assert store.agency(999_999) is None


def test_documents_in_listing_order_paged_and_whole(store: Store) -> None:
    every = store.documents(limit=None)
    assert every.total == len(every.data) == 5
    assert every.next_offset is None
    keys = [(d.agency or "", d.period_start, d.version, d.id) for d in every.data]
    assert keys == sorted(keys)
    first = store.documents(limit=2)
    assert (first.total, first.limit, first.offset, first.next_offset) == (5, 2, 0, 2)
    assert first.data == every.data[:2]
    assert store.documents(limit=2, offset=4).data == every.data[4:]
    assert store.documents(limit=None, offset=3).data == every.data[3:]


def test_document_filters(store: Store) -> None:
    every = store.documents(limit=None).data

    def ids(given: DocumentFilter) -> list[int]:
        return [d.id for d in store.documents(given, limit=ALL).data]

    assert ids(DocumentFilter(agency="職業能力")) == [d.id for d in every if d.agency == TRAINING]
    assert ids(DocumentFilter(kind="年度目標")) == [_document(store, STATISTICS).id]
    assert ids(DocumentFilter(ministry="環境")) == [_document(store, OCEAN).id]
    assert ids(DocumentFilter(draft=True)) == [d.id for d in every if d.draft]
    assert ids(DocumentFilter(current_only=True)) == [d.id for d in every if not d.superseded]
    covering = [d.id for d in every if (d.first_fiscal_year or 0) <= 2030 <= (d.last_fiscal_year or 0)]
    assert ids(DocumentFilter(fiscal_year=2030)) == covering != []
    rd = [d.id for d in every if d.agency in {OCEAN, MEDICAL}]
    assert ids(DocumentFilter(category=AgencyCategory.rd)) == rd
    assert ids(DocumentFilter(agency_id=_document(store, OCEAN).agency_id)) == [_document(store, OCEAN).id]
    assert ids(DocumentFilter(agency="どこにもない法人")) == []


def test_document_versions_and_latest(store: Store) -> None:
    draft, final = sorted(_documents(store, TRAINING), key=lambda d: d.version)
    assert (draft.draft, draft.superseded, draft.version) == (True, True, 1)
    assert (final.draft, final.superseded, final.version, final.previous_version_id) == (False, False, 2, draft.id)
    assert store.versions(draft.id) == store.versions(final.id) == [draft, final]
    assert store.versions(_document(store, OCEAN).id) == [_document(store, OCEAN)]
    assert store.versions(999_999) == []
    for record in store.documents(limit=None).data:
        assert store.document(record.id) == record
    assert store.document(999_999) is None
    newest = sorted(store.documents(limit=None).data, key=lambda d: d.id, reverse=True)
    assert store.latest_documents(2) == newest[:2]
    assert store.has_documents()


def test_contracts_in_the_order_asked(store: Store) -> None:
    ocean, statistics = _document(store, OCEAN), _document(store, STATISTICS)
    contract = store.contract(ocean.id)
    assert contract is not None
    assert contract.id == f"doc-{ocean.id}"
    assert contract.agency.full_name == OCEAN
    assert len(contract.targets) == ocean.targets
    assert store.contract(999_999) is None
    documents, missing = store.contracts([statistics.id, ocean.id, statistics.id, 999_999])
    assert [d.id for d in documents] == [f"doc-{statistics.id}", f"doc-{ocean.id}"]
    assert documents[1] == contract
    assert missing == [999_999]
    every, none_missing = store.contracts()
    assert [d.id for d in every] == [f"doc-{r.id}" for r in store.documents(limit=None).data]
    assert none_missing == []


def test_items_in_document_order(store: Store) -> None:
    document = _document(store, OCEAN)
    items = store.items(document.id)
    contract = store.contract(document.id)
    assert contract is not None
    seen: set[int] = set()
    for item in items:
        assert item.document_id == document.id
        assert item.parent_id is None or item.parent_id in seen  # pre-order: a parent comes first
        seen.add(item.id)
    assert [i.line for i in items] == sorted(i.line for i in items)
    assert [i.title for i in items if i.parent_id is None] == [s.title for s in contract.sections]
    assert store.items(999_999) == []


def test_source_lines_of_a_document(store: Store) -> None:
    document = _document(store, STATISTICS)
    lines = store.source_lines(document.id)
    assert lines is not None
    assert [line.number for line in lines] == list(range(lines[0].number, lines[-1].number + 1))
    assert any(STATISTICS in line.text for line in lines)
    assert store.source_lines(999_999) is None


def test_marks_units_and_indicators(store: Store) -> None:
    document = _document(store, TRAINING)
    flags = store.flags(document.id)
    assert len(flags) == document.flags
    assert {f.kind for f in flags} == {"importance", "difficulty"}
    assert [f.line for f in flags] == sorted(f.line for f in flags)
    assert all(f.reason for f in flags)
    contract = store.contract(document.id)
    assert contract is not None
    assert [(f.kind, f.line) for f in flags] == [(f.kind.value, f.line) for f in contract.flags]
    units = store.evaluation_units(document.id)
    assert len(units) == document.units
    assert [u.title for u in units] == [u.title for u in contract.evaluation_units]
    item_ids = {i.id for i in store.items(document.id)}
    assert all(u.item_ids and set(u.item_ids) <= item_ids for u in units)
    assert store.indicators(document.id) == []
    medical = _document(store, MEDICAL)
    (indicator,) = store.indicators(medical.id)
    assert indicator.text.startswith("薬事承認件数")
    assert indicator.item == "（１） 実用化の推進"
    for document_id in (999_999,):
        assert store.flags(document_id) == store.evaluation_units(document_id) == store.indicators(document_id) == []


def test_counts(store: Store) -> None:
    counts = store.counts()
    documents = store.documents(limit=None).data
    assert counts.agencies == len(store.agencies()) == 4
    assert counts.documents == len(documents)
    assert counts.targets == sum(d.targets for d in documents)
    assert counts.published == len(store.published_evaluations(EvaluationFilter(in_force_only=False)))
    assert counts.evaluations > counts.published > 0  # the FY2026 self-evaluations are not published
    assert counts.results > 0


# --- targets and results ----------------------------------------------------------------------------


def test_the_targets_of_a_document(store: Store) -> None:
    for document in store.documents(limit=None).data:
        targets = store.document_targets(document.id)
        assert len(targets) == document.targets
        assert all(t.document_id == document.id and t.agency == document.agency for t in targets)
        assert [t.line for t in targets] == sorted(t.line for t in targets)
        listed = store.targets(TargetFilter(document_id=document.id, current_only=False), limit=ALL).data
        assert targets == listed
        for target in targets:
            assert store.target(target.id) == target
    assert store.document_targets(999_999) == []
    assert store.target(999_999) is None


def test_target_records_carry_item_marks_and_baselines(store: Store) -> None:
    targets = {t.indicator: t for t in store.document_targets(_document(store, TRAINING).id)}
    rate = targets["離職者訓練修了者の訓練修了後3か月時点の就職率"]
    assert (rate.unit, rate.scope, rate.marks) == ("%", "per_year", ["importance"])
    assert rate.item
    assert rate.section_kind == "quality"
    cost = targets["一般管理費"]
    assert (cost.unit, cost.scope, cost.section_kind) == ("%", "annual_rate", "efficiency")


def test_target_filters_and_pages(store: Store) -> None:
    current = store.targets(limit=ALL)
    assert current.total == sum(d.targets for d in store.documents(DocumentFilter(current_only=True), limit=ALL).data)
    everything = store.targets(TargetFilter(current_only=False), limit=ALL)
    assert everything.total == store.counts().targets
    page = store.targets(limit=5, offset=5)
    assert page.data == current.data[5:10]
    assert page.next_offset == 10
    marked = store.targets(TargetFilter(marked=True), limit=ALL).data
    unmarked = store.targets(TargetFilter(marked=False), limit=ALL).data
    assert all(t.marks for t in marked)
    assert not any(t.marks for t in unmarked)
    assert len(marked) + len(unmarked) == current.total
    rates = store.targets(TargetFilter(scope="annual_rate", section_kind="efficiency"), limit=ALL).data
    assert rates
    assert {t.indicator for t in rates} >= {"一般管理費"}
    ocean = store.targets(TargetFilter(agency="海洋環境", unit="%"), limit=ALL).data
    assert ocean
    assert {(t.agency, t.unit) for t in ocean} == {(OCEAN, "%")}
    trainees = store.targets(TargetFilter(indicator="受講者数"), limit=ALL).data
    assert trainees == [t for t in current.data if "受講者数" in t.indicator] != []
    assert store.targets(TargetFilter(kind="年度目標"), limit=ALL).total == _document(store, STATISTICS).targets


def test_target_results_are_the_figures_in_force(store: Store) -> None:
    targets = {t.indicator: t for t in store.document_targets(_document(store, TRAINING).id)}
    cost = store.target_results(targets["一般管理費"].id)
    assert [(r.fiscal_year, r.value) for r in cost] == [(2024, 1850), (2025, 1790), (2026, 1735)]
    assert {r.entered_by for r in cost} == {"山田 花子（デモ利用者）"}
    assert {r.version for r in cost} == {1}
    assert cost[0].source_note == "令和７年度業務実績等報告書"
    with store.session() as session:  # the evaluation's reading agrees
        assert current_results(session, targets["一般管理費"].id) == {r.fiscal_year: r.value for r in cost}
    assert store.target_results(999_999) == []


def test_target_units_most_used_first(store: Store) -> None:
    units = store.target_units()
    counts = [store.targets(TargetFilter(unit=unit), limit=ALL).total for unit in units]
    assert counts == sorted(counts, reverse=True)
    assert all(counts)
    assert units[0] == "%"
    assert set(units) == {t.unit for t in store.targets(limit=ALL).data if t.unit}
    statistics = store.target_units(TargetFilter(agency=STATISTICS))
    assert set(statistics) == {t.unit for t in store.targets(TargetFilter(agency=STATISTICS), limit=ALL).data if t.unit}


# --- evaluations ------------------------------------------------------------------------------------


def test_only_published_ratings_are_served(store: Store) -> None:
    served = store.published_evaluations()
    assert served
    assert {e.fiscal_year for e in served} == {2025}  # FY2026 is recorded but not published
    assert {e.evaluator for e in served} == {"ministry"}
    assert all(e.in_force and e.published_at is not None and e.reason for e in served)
    assert {e.agency for e in served} == {TRAINING, OCEAN, STATISTICS}
    overall = store.published_evaluations(EvaluationFilter(level="overall"))
    assert len(overall) == 3
    assert {e.unit_key for e in overall} == {"総合"}
    ocean = _document(store, OCEAN)
    mine = store.published_evaluations(EvaluationFilter(agency_id=ocean.agency_id))
    assert mine == [e for e in served if e.agency == OCEAN]
    assert store.published_evaluations(EvaluationFilter(document_id=ocean.id)) == mine
    assert store.published_evaluations(EvaluationFilter(fiscal_year=2026)) == []
    assert store.published_evaluations(EvaluationFilter(evaluator="self")) == []


def test_recorded_ratings_stay_with_the_evaluation_code(store: Store) -> None:
    """Drafts and unpublished ratings are read through the store's functions with a session, for
    the evaluation and its internal report, and never through a `Store` method."""
    document = _document(store, TRAINING)
    published_ids = {e.id for e in store.published_evaluations(EvaluationFilter(document_id=document.id))}
    with store.session() as session:
        own = recorded.recorded_ratings(session, document.id, 2026, "annual", "self")
        standing = recorded.standing_ratings(session, document.id, 2025, "annual")
        first = recorded.evaluation(session, min(published_ids))
        assert recorded.evaluation(session, 999_999) is None
    assert own
    assert set(own) >= {u.title for u in store.evaluation_units(document.id)}  # and a unit per other chapter
    assert not any(r.published for r in own.values())
    assert not any(r.id in published_ids for r in own.values())
    assert {r.id for (_, evaluator), r in standing.items() if evaluator == "ministry"} == published_ids
    assert first is not None
    assert first.published
    assert first.id in published_ids
    assert not any(name in dir(store) for name in ("recorded_ratings", "standing_ratings", "evaluation"))


# --- comparisons ------------------------------------------------------------------------------------


def test_comparison_counts_agree_with_the_lists(store: Store) -> None:
    current = store.targets(limit=ALL).data
    by_scope = store.targets_by_scope_and_unit()
    assert sum(count for *_, count in by_scope) == len(current)
    for agency_id, agency, scope, unit, count in by_scope:
        assert count == sum(1 for t in current if (t.agency_id, t.scope, t.unit) == (agency_id, scope, unit))
        assert agency in {TRAINING, OCEAN, STATISTICS, MEDICAL}
    current_documents = store.documents(DocumentFilter(current_only=True), limit=ALL).data
    marks = store.marks_by_agency()
    assert sum(count for *_, count in marks) == sum(d.flags for d in current_documents)
    assert {kind for _, _, kind, _ in marks} == {"importance", "difficulty"}
    coverage = {row[0]: row for row in store.axes_coverage()}
    for document in current_documents:
        if document.units or document.axes_rows:
            _, agency_id, agency, units, rows, items = coverage[document.id]
            assert (agency_id, agency, units, rows) == (
                document.agency_id,
                document.agency,
                document.units,
                document.axes_rows,
            )
            assert items <= rows
        else:
            assert document.id not in coverage
    training = _documents(store, TRAINING)
    agency_id = training[0].agency_id
    assert agency_id is not None
    scopes = store.scopes_by_document(agency_id)
    assert set(scopes) == {d.id for d in training}  # every version, for the periods view
    for document in training:
        assert sum(scopes[document.id].values()) == document.targets
    assert store.scopes_by_document(999_999) == {}


# --- search -----------------------------------------------------------------------------------------


def test_search_and_its_facets(store: Store) -> None:
    page = store.search("一般管理費", limit=100)
    assert page.total == len(page.hits) > 0
    facets = store.search_facets("一般管理費")
    assert sum(count for _, count in facets.agency) == page.total
    assert sum(count for _, count in facets.entry_kind) == page.total
    assert {hit.agency for hit in page.hits} == {name for name, _ in facets.agency}
    targets = store.search("一般管理費", only_targets=True, limit=100)
    assert targets.total == dict(facets.entry_kind)["target"]
    assert {hit.kind for hit in targets.hits} == {"target"}
    one = store.search("一般管理費", agency="海洋環境", limit=100)
    assert {hit.agency for hit in one.hits} == {OCEAN}
    assert store.search_facets("一般管理費", agency="海洋環境").agency == ((OCEAN, one.total),)
    assert store.search("一般管理費", limit=1, offset=1).hits == page.hits[1:2]
    assert store.search("存在しない語句").total == 0
    with pytest.raises(ValueError, match="section"):
        store.search("一般管理費", section_kind="nowhere")
