"""The JSON API under /api/v1: thin routes over the store and the views.

Lists are pages — `data`, `total`, `limit`, `offset` and a `next` link — and every list also
downloads whole as CSV with `?format=csv` (UTF-8 with BOM, Japanese headers). Only published
evaluations are served. Errors are problem+json (see `errors.py`); responses carry ETags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from hyoka.model import Document
from hyoka.model.records import (
    AgencyCategory,
    AgencyRecord,
    DocumentRecord,
    EvaluationRecord,
    ItemRecord,
    Paged,
    TargetRecord,
)
from hyoka.report.views.agency import AgencyPage, agency_view
from hyoka.report.views.compare import ComparePage, compare_view
from hyoka.report.views.search import SearchQuery, SearchResults, search_view
from hyoka.report.views.target import TargetPage, YearRow
from hyoka.store.catalog import DocumentFilter
from hyoka.store.published import EvaluationFilter
from hyoka.store.target_rows import TargetFilter
from hyoka.web import columns
from hyoka.web.deps import PublicRole, RegistryDep, StoreDep, target_page
from hyoka.web.responses import Column, csv_response, json_response

router = APIRouter(tags=["api"], dependencies=[PublicRole])

CSV_MAX = 100_000
SEARCH_CSV_MAX = 1_000  # a search's CSV: its best thousand hits
RowT = TypeVar("RowT")

Limit = Annotated[int, Query(ge=1, le=500, description="1ページの件数")]
Offset = Annotated[int, Query(ge=0, description="先頭から飛ばす件数")]
Format = Annotated[Literal["json", "csv"], Query(description="json（既定）またはcsv（全件）")]


class ListPage(BaseModel, Generic[RowT]):
    data: list[RowT]
    total: int
    limit: int
    offset: int
    next: str | None


class StoredDocument(BaseModel):
    """A stored document: its record (ids, version, counts), the `hyoka.parse/1` document, and the
    ids of its targets in document order."""

    record: DocumentRecord
    document: Document
    target_ids: list[int]
    versions: list[DocumentRecord]


class TargetResults(BaseModel):
    target_id: int
    policy: str
    years: list[YearRow]


def _not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what}が見つかりません。")


def _page(request: Request, paged: Paged[Any]) -> ListPage[Any]:
    following = paged.next_offset
    link = str(request.url.include_query_params(offset=following)) if following is not None else None
    # the rows are records the store made: not checked again
    return ListPage.model_construct(
        data=paged.data, total=paged.total, limit=paged.limit, offset=paged.offset, next=link
    )


def _listing(
    request: Request,
    fmt: str,
    fetch: Callable[[int, int], Paged[Any]],
    page: tuple[int, int],
    csv: tuple[Sequence[Column], str],
) -> Response:
    """A page as JSON, or every row as CSV."""
    if fmt == "csv":
        return csv_response(request, fetch(CSV_MAX, 0).data, csv[0], filename=csv[1])
    return json_response(request, _page(request, fetch(*page)))


@router.get("/agencies", response_model=ListPage[AgencyRecord], summary="法人の一覧")
def list_agencies(
    request: Request, store: StoreDep, limit: Limit = 100, offset: Offset = 0, format: Format = "json"
) -> Response:
    every = store.agencies()

    def fetch(size: int, start: int) -> Paged[AgencyRecord]:
        return Paged(data=every[start : start + size], total=len(every), limit=size, offset=start)

    return _listing(request, format, fetch, (limit, offset), (columns.AGENCIES, "agencies.csv"))


@router.get("/agencies/{agency_id}", response_model=AgencyPage, summary="法人：文書、定量目標、最新の評定")
def get_agency(request: Request, store: StoreDep, agency_id: int) -> Response:
    view = agency_view(store, agency_id)
    if view is None:
        raise _not_found("法人")
    return json_response(request, view)


@router.get("/documents", response_model=ListPage[DocumentRecord], summary="文書の一覧")
def list_documents(
    request: Request,
    store: StoreDep,
    *,
    agency_id: int | None = None,
    agency: Annotated[str | None, Query(description="法人名の一部")] = None,
    ministry: Annotated[str | None, Query(description="主務省名の一部")] = None,
    category: AgencyCategory | None = None,
    kind: Annotated[str | None, Query(description="中期目標・中長期目標・年度目標")] = None,
    fiscal_year: Annotated[int | None, Query(description="期間に含まれる年度（西暦）")] = None,
    draft: bool | None = None,
    current: Annotated[bool, Query(description="新しい版に置き換えられた版を除く")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    given = DocumentFilter(
        agency_id=agency_id, agency=agency, ministry=ministry, category=category, kind=kind,
        fiscal_year=fiscal_year, draft=draft, current_only=current,
    )  # fmt: skip
    return _listing(
        request,
        format,
        lambda size, start: store.documents(given, limit=size, offset=start),
        (limit, offset),
        (columns.DOCUMENTS, "documents.csv"),
    )


@router.get("/documents/{document_id}", response_model=StoredDocument, summary="文書（hyoka.parse/1 と保存ID）")
def get_document(request: Request, store: StoreDep, document_id: int) -> Response:
    record, contract = store.document(document_id), store.contract(document_id)
    if record is None or contract is None:
        raise _not_found("文書")
    targets = store.targets(TargetFilter(document_id=document_id, current_only=False), limit=CSV_MAX).data
    stored = StoredDocument(
        record=record, document=contract, target_ids=[t.id for t in targets], versions=store.versions(document_id)
    )
    return json_response(request, stored)


@router.get("/documents/{document_id}/items", response_model=ListPage[ItemRecord], summary="文書の目標項目")
def list_items(
    request: Request,
    store: StoreDep,
    *,
    document_id: int,
    limit: Limit = 500,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    if store.document(document_id) is None:
        raise _not_found("文書")
    every = store.items(document_id)

    def fetch(size: int, start: int) -> Paged[ItemRecord]:
        return Paged(data=every[start : start + size], total=len(every), limit=size, offset=start)

    return _listing(request, format, fetch, (limit, offset), (columns.ITEMS, f"items-{document_id}.csv"))


@router.get("/targets", response_model=ListPage[TargetRecord], summary="定量目標の一覧")
def list_targets(
    request: Request,
    store: StoreDep,
    *,
    document_id: int | None = None,
    agency_id: int | None = None,
    agency: Annotated[str | None, Query(description="法人名の一部")] = None,
    kind: Annotated[str | None, Query(description="中期目標・中長期目標・年度目標")] = None,
    scope: Annotated[str | None, Query(description="期間区分: per_year, cumulative, by_final_year, …")] = None,
    unit: Annotated[str | None, Query(description="単位: %, 件, 人, …")] = None,
    section_kind: Annotated[str | None, Query(description="章: quality, efficiency, finance, other, …")] = None,
    marked: Annotated[
        bool | None, Query(description="重要度・困難度のある項目の目標だけ（true）／除く（false）")
    ] = None,
    indicator: Annotated[str | None, Query(description="指標名の一部")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    given = TargetFilter(
        document_id=document_id, agency_id=agency_id, agency=agency, kind=kind, scope=scope, unit=unit,
        section_kind=section_kind, marked=marked, indicator=indicator, current_only=document_id is None,
    )  # fmt: skip
    return _listing(
        request,
        format,
        lambda size, start: store.targets(given, limit=size, offset=start),
        (limit, offset),
        (columns.TARGETS, "targets.csv"),
    )


@router.get("/targets/{target_id}", response_model=TargetPage, summary="定量目標：実績、達成度、グラフ")
def get_target(request: Request, store: StoreDep, registry: RegistryDep, target_id: int) -> Response:
    view = target_page(store, registry, target_id)
    if view is None:
        raise _not_found("定量目標")
    return json_response(request, view)


@router.get("/targets/{target_id}/results", response_model=TargetResults, summary="定量目標の年度別実績と達成度")
def get_target_results(
    request: Request,
    store: StoreDep,
    registry: RegistryDep,
    target_id: int,
    format: Format = "json",
) -> Response:
    view = target_page(store, registry, target_id)
    if view is None:
        raise _not_found("定量目標")
    if format == "csv":
        return csv_response(request, view.years, columns.YEARS, filename=f"results-{target_id}.csv")
    return json_response(request, TargetResults(target_id=target_id, policy=view.policy, years=view.years))


@router.get("/evaluations", response_model=ListPage[EvaluationRecord], summary="公表された評定")
def list_evaluations(
    request: Request,
    store: StoreDep,
    *,
    agency_id: int | None = None,
    document_id: int | None = None,
    fiscal_year: int | None = None,
    evaluator: Annotated[
        Literal["self", "ministry"] | None, Query(description="self（自己評価）／ministry（主務大臣評価）")
    ] = None,
    level: Annotated[Literal["item", "overall"] | None, Query(description="item（項目別）／overall（総合）")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    given = EvaluationFilter(
        agency_id=agency_id, document_id=document_id, fiscal_year=fiscal_year, evaluator=evaluator, level=level
    )
    every = store.published_evaluations(given)

    def fetch(size: int, start: int) -> Paged[EvaluationRecord]:
        return Paged(data=every[start : start + size], total=len(every), limit=size, offset=start)

    return _listing(request, format, fetch, (limit, offset), (columns.EVALUATIONS, "evaluations.csv"))


async def search_query(
    *,
    q: Annotated[str, Query(max_length=200, description="検索語（空白で区切った語はすべて含む）")] = "",
    agency: Annotated[str | None, Query(max_length=200, description="法人名の一部")] = None,
    kind: Annotated[str | None, Query(description="文書の種類")] = None,
    section_kind: Annotated[str | None, Query(description="章")] = None,
    entry_kind: Annotated[str | None, Query(description="種別: item, target, flag, axis, indicator, annex")] = None,
    scope: Annotated[str | None, Query(description="定量目標の期間区分")] = None,
    marked: Annotated[bool, Query(description="重要度・困難度のある項目だけ")] = False,
    fiscal_year: Annotated[int | None, Query(description="期間に含まれる年度（西暦）")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> SearchQuery:
    return SearchQuery(
        q=q, agency=agency, kind=kind, section_kind=section_kind, entry_kind=entry_kind, scope=scope,
        marked=marked, fiscal_year=fiscal_year, limit=limit, offset=offset,
    )  # fmt: skip


def run_search(store: StoreDep, query: SearchQuery) -> SearchResults:
    try:
        return search_view(store, query)
    except ValueError as exc:  # an unknown section or entry kind: the store names the choices
        raise HTTPException(status_code=422, detail=f"検索条件が正しくありません（{exc}）") from exc


@router.get("/search", response_model=SearchResults, summary="全文検索（ファセット件数つき）")
def search(
    request: Request,
    store: StoreDep,
    query: Annotated[SearchQuery, Depends(search_query)],
    format: Format = "json",
) -> Response:
    if format == "csv":
        every = run_search(store, replace(query, limit=SEARCH_CSV_MAX, offset=0))
        return csv_response(request, every.hits, columns.HITS, filename="search.csv")
    return json_response(request, run_search(store, query))


@router.get("/comparisons", response_model=ComparePage, summary="法人間・期間の比較")
def comparisons(request: Request, store: StoreDep, agency_id: int | None = None) -> Response:
    return json_response(request, compare_view(store, agency_id=agency_id))
