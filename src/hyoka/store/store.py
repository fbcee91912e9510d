"""`Store`: the one object that answers questions about the database, as datasette's `Database`.

Every query the CLI, the pages and the API ask goes through a method here; each opens its own
read session (plain BEGIN on SQLite, so a reader never waits for a writer) and returns plain
records (`hyoka.model.records`, the contract's `Document`, search pages), never ORM rows, so
nothing that leaves the store can reach back into the database. Which database it is (SQLite
or PostgreSQL) is decided once, when the store is opened.

The methods delegate to functions of the store's modules that take a session. Code that must
read inside a write transaction (the evaluation computing an overall rating it then records)
calls those functions with the transaction's session instead; the evaluations recorded but not
published (`hyoka.store.recorded`) are read only that way, never through a method here, so the
read side cannot serve them. No module outside `hyoka.store` imports SQLAlchemy
(`tests/test_layers.py`); `hyoka.store.database.Session` names the session for their type hints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from hyoka.model import Document
from hyoka.model.entries import AxesIndicatorRecord, MainResultRecord, PlanKind, PlanValueRecord
from hyoka.model.records import (
    AgencyRecord,
    DocumentRecord,
    EvaluationRecord,
    EvaluationUnitRecord,
    FlagRecord,
    IndicatorRecord,
    ItemRecord,
    Paged,
    ResultRecord,
    SourceLineRecord,
    StoreCounts,
    TargetRecord,
)
from hyoka.settings import Settings
from hyoka.store import (
    catalog,
    comparisons,
    extract_rows,
    main_results,
    plans,
    published,
    renderings,
    results,
    source_rows,
    target_rows,
)
from hyoka.store.catalog import DocumentFilter
from hyoka.store.database import Database, open_database
from hyoka.store.published import EvaluationFilter
from hyoka.store.reader import load_document, load_documents
from hyoka.store.search import SearchFacets, SearchPage, search, search_facets
from hyoka.store.target_rows import TargetFilter

__all__ = ["DocumentFilter", "EvaluationFilter", "Store", "TargetFilter"]


class Store:
    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    @contextmanager
    def open(cls, settings: Settings) -> Iterator[Store]:
        """The configured database, migrated, for the length of the block."""
        with open_database(settings) as database:
            yield cls(database)

    @property
    def is_sqlite(self) -> bool:
        return self.database.is_sqlite

    def generation(self) -> str:
        """Changes whenever anything is written: what was computed from the data can be kept
        until then (the web app's kept answers, `hyoka.web.answer_cache`)."""
        return self.database.generation()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """The store's reads in the block share one session (`Database.snapshot`): what a page
        that makes several calls opens around them."""
        with self.database.snapshot():
            yield

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session, for the evaluation code that computes over many rows at once."""
        with self.database.read() as session:
            yield session

    # --- agencies and documents ------------------------------------------------------------------

    def agencies(self) -> list[AgencyRecord]:
        with self.session() as session:
            return catalog.agencies(session)

    def agency(self, agency_id: int) -> AgencyRecord | None:
        with self.session() as session:
            return catalog.agency(session, agency_id)

    def agency_legal_type(self, agency_id: int) -> str | None:
        """The legal-type prefix alone (what a rating policy is chosen by): one small query."""
        with self.session() as session:
            return catalog.agency_legal_type(session, agency_id)

    def documents(
        self, given: DocumentFilter | None = None, *, limit: int | None = 50, offset: int = 0
    ) -> Paged[DocumentRecord]:
        """A page of the documents `given` leaves, by agency, period and version; `limit=None`
        for every one (from `offset`), read in one session."""
        with self.session() as session:
            return catalog.documents(session, given or DocumentFilter(), limit=limit, offset=offset)

    def document(self, document_id: int) -> DocumentRecord | None:
        with self.session() as session:
            return catalog.document(session, document_id)

    def latest_documents(self, count: int) -> list[DocumentRecord]:
        with self.session() as session:
            return catalog.latest_documents(session, count)

    def contract(self, document_id: int) -> Document | None:
        """The stored document in the `hyoka.parse/1` shape (its id is `doc-N`)."""
        with self.session() as session:
            try:
                return load_document(session, document_id)
            except KeyError:
                return None

    def contracts(self, ids: Sequence[int] | None = None) -> tuple[list[Document], list[int]]:
        """The stored documents `ids` in the `hyoka.parse/1` shape, in the order given (each once),
        or every one in listing order, read in one session; and the ids that are not stored."""
        with self.session() as session:
            return load_documents(session, ids)

    def versions(self, document_id: int) -> list[DocumentRecord]:
        with self.session() as session:
            return catalog.versions(session, document_id)

    def kept_rendering(self, document_id: int, renderer: str) -> str | None:
        """A rendering of the version kept by `renderer` (`hyoka.store.renderings`), if any."""
        with self.session() as session:
            return renderings.kept_rendering(session, document_id, renderer)

    def keep_rendering(self, document_id: int, renderer: str, content: str) -> None:
        """Keep a rendering of the version for every reader; the data's generation stays."""
        with self.database.begin(changes_data=False) as session:
            renderings.keep_rendering(session, document_id, renderer, content)

    def drop_other_renderings(self, renderer: str) -> int:
        """Delete the renderings no longer shown (kept by other code); the generation stays."""
        with self.database.begin(changes_data=False) as session:
            return renderings.drop_other_renderings(session, renderer)

    def versions_without_rendering(self, renderer: str) -> list[int]:
        with self.session() as session:
            return renderings.versions_without_rendering(session, renderer)

    def items(self, document_id: int) -> list[ItemRecord]:
        with self.session() as session:
            return catalog.items(session, document_id)

    def source_lines(self, document_id: int) -> list[SourceLineRecord] | None:
        with self.session() as session:
            return source_rows.source_lines(session, document_id)

    def flags(self, document_id: int) -> list[FlagRecord]:
        """The document's 重要度 / 困難度 marks in document order."""
        with self.session() as session:
            return extract_rows.flags(session, document_id)

    def evaluation_units(self, document_id: int) -> list[EvaluationUnitRecord]:
        """The evaluation units the document states, in document order."""
        with self.session() as session:
            return extract_rows.evaluation_units(session, document_id)

    def indicators(self, document_id: int) -> list[IndicatorRecord]:
        """The document's plain indicators (no numeric level) in document order."""
        with self.session() as session:
            return extract_rows.indicators(session, document_id)

    def has_documents(self) -> bool:
        with self.session() as session:
            return catalog.has_documents(session)

    def counts(self) -> StoreCounts:
        with self.session() as session:
            return catalog.counts(session)

    # --- targets and results ---------------------------------------------------------------------

    def targets(self, given: TargetFilter | None = None, *, limit: int = 50, offset: int = 0) -> Paged[TargetRecord]:
        with self.session() as session:
            return target_rows.targets(session, given or TargetFilter(), limit=limit, offset=offset)

    def document_targets(self, document_id: int) -> list[TargetRecord]:
        """The targets of one document (any version) in document order; empty for an unknown id."""
        with self.session() as session:
            return target_rows.document_targets(session, document_id)

    def target(self, target_id: int) -> TargetRecord | None:
        with self.session() as session:
            return target_rows.target(session, target_id)

    def target_results(self, target_id: int) -> list[ResultRecord]:
        with self.session() as session:
            return target_rows.result_records(session, target_id)

    def target_units(self, given: TargetFilter | None = None) -> list[str]:
        with self.session() as session:
            return target_rows.target_units(session, given or TargetFilter())

    # --- evaluations -----------------------------------------------------------------------------

    def published_evaluations(self, given: EvaluationFilter | None = None) -> list[EvaluationRecord]:
        with self.session() as session:
            return published.published_evaluations(session, given or EvaluationFilter())

    # --- comparisons -----------------------------------------------------------------------------

    def targets_by_scope_and_unit(self) -> list[comparisons.ScopeUnitCount]:
        with self.session() as session:
            return comparisons.targets_by_scope_and_unit(session)

    def marks_by_agency(self) -> list[comparisons.MarkCount]:
        with self.session() as session:
            return comparisons.marks_by_agency(session)

    def axes_coverage(self) -> list[comparisons.AxesCoverage]:
        with self.session() as session:
            return comparisons.axes_coverage(session)

    def scopes_by_document(self, agency_id: int) -> dict[int, dict[str, int]]:
        with self.session() as session:
            return comparisons.scopes_by_document(session, agency_id)

    # --- search ----------------------------------------------------------------------------------

    def search(self, query: str, **options: Any) -> SearchPage:
        """Full-text search (see `hyoka.store.search.search` for the filters)."""
        with self.session() as session:
            return search(session, query, **options)

    def search_facets(self, query: str, **filters: Any) -> SearchFacets:
        with self.session() as session:
            return search_facets(session, query, **filters)

    # --- plan values and main results (issue 11) ---------------------------------------------------

    def plan_values(self, target_id: int) -> dict[int, PlanValueRecord]:
        """The plan value in force per fiscal year of the target: the 年度計画's where entered,
        else the 中期計画's (`record.plan_kind` says which); years without one are absent."""
        with self.session() as session:
            return plans.current_plan_values(session, target_id)

    def plan_values_by_kind(self, target_id: int) -> dict[int, dict[PlanKind, PlanValueRecord]]:
        """Both plans' values in force for the target, by fiscal year and plan kind."""
        with self.session() as session:
            return plans.plan_values_by_kind(session, target_id)

    def document_plan_values(self, document_id: int) -> dict[int, dict[int, PlanValueRecord]]:
        """`plan_values` of every target of the document in one query: target id → year → value."""
        with self.session() as session:
            return plans.document_plan_values(session, document_id)

    def plan_value_history(
        self, target_id: int, fiscal_year: int, kind: PlanKind | None = None
    ) -> list[PlanValueRecord]:
        with self.session() as session:
            return plans.plan_value_history(session, target_id, fiscal_year, kind)

    def main_results(
        self, document_id: int, fiscal_year: int | None = None, stage: str | None = None
    ) -> dict[tuple[str, int, str], MainResultRecord]:
        """主な業務実績 in force per (unit key, fiscal year, stage) of the document, of one year
        and stage where given (the stage by its code or its Japanese name)."""
        with self.session() as session:
            return main_results.main_results(session, document_id, fiscal_year, stage)

    def main_result_history(
        self, document_id: int, unit_key: str, fiscal_year: int, stage: str
    ) -> list[MainResultRecord]:
        with self.session() as session:
            return main_results.main_result_history(session, document_id, unit_key, fiscal_year, stage)

    def axes_indicators(self, document_id: int) -> list[AxesIndicatorRecord]:
        """The evaluation and monitoring indicators of the document's axes table, in table order."""
        with self.session() as session:
            return results.axes_indicators(session, document_id)

    def axes_results(self, document_id: int) -> dict[int, dict[int, float]]:
        """The figures in force for the axes table's indicators: axes entry id → fiscal year → value."""
        with self.session() as session:
            return results.axes_results(session, document_id)

    def indicator_results(self, document_id: int) -> dict[int, dict[int, float]]:
        """The figures in force for the document's plain indicators: indicator id → fiscal year → value."""
        with self.session() as session:
            return results.document_indicator_results(session, document_id)
