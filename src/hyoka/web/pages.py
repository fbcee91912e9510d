"""The pages, in Japanese, and their JSON twins: the same URL with `.json` answers the view the
page renders, as datasette's pages do. Each route builds one view and hands it to `_render`,
which picks the template or the JSON by the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from hyoka.report.views.agency import agency_view
from hyoka.report.views.compare import compare_view
from hyoka.report.views.document import document_header, document_view
from hyoka.report.views.evaluations import evaluations_view
from hyoka.report.views.home import home_view
from hyoka.report.views.search import SearchQuery
from hyoka.web.api import run_search, search_query
from hyoka.web.deps import PublicRole, RegistryDep, StoreDep, target_page
from hyoka.web.document_page import kept_body, render_body
from hyoka.web.responses import json_response
from hyoka.web.templating import page

router = APIRouter(include_in_schema=False, dependencies=[PublicRole])


def _render(request: Request, view: BaseModel | None, template: str, what: str) -> Response:
    if view is None:
        raise HTTPException(status_code=404, detail=f"{what}が見つかりません。")
    if request.url.path.endswith(".json"):
        return json_response(request, view)
    return page(request, template, view=view)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page says; the icon is the packaged SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/")
@router.get("/index.json")
def home(request: Request, store: StoreDep) -> Response:
    return _render(request, home_view(store), "home.html.j2", "ページ")


@router.get("/agencies/{agency_id:int}")
@router.get("/agencies/{agency_id:int}.json")
def agency(request: Request, store: StoreDep, agency_id: int) -> Response:
    return _render(request, agency_view(store, agency_id), "agency.html.j2", "法人")


@router.get("/documents/{document_id:int}.json")
def document_json(request: Request, store: StoreDep, document_id: int) -> Response:
    return _render(request, document_view(store, document_id), "document.html.j2", "文書")


@router.get("/documents/{document_id:int}")
async def document(request: Request, store: StoreDep, document_id: int) -> Response:
    """The record and versions read fresh, the body kept per version (`hyoka.web.document_page`).

    A coroutine, unlike the other routes: the page is two short indexed reads and a join, less
    than the hop through the thread pool costs under load, where the pool's requests take turns
    on the GIL and each wait grows with every read a request makes (p95 at 20 clients 112 → 60 ms
    in `benchmarks/web_benchmarks.py`). Only a body not kept yet, tens of milliseconds to render,
    is built in the pool."""
    with store.snapshot():
        header = document_header(store, document_id)
        body = kept_body(store, document_id) if header is not None else None
    if header is None:
        raise HTTPException(status_code=404, detail="文書が見つかりません。")
    body = body or await run_in_threadpool(render_body, store, document_id)
    if body is None:
        raise HTTPException(status_code=404, detail="文書が見つかりません。")
    return page(request, "document.html.j2", view=header, body=body)


@router.get("/targets/{target_id:int}")
@router.get("/targets/{target_id:int}.json")
def target(request: Request, store: StoreDep, registry: RegistryDep, target_id: int) -> Response:
    return _render(request, target_page(store, registry, target_id), "target.html.j2", "定量目標")


@router.get("/search")
@router.get("/search.json")
def search(request: Request, store: StoreDep, query: Annotated[SearchQuery, Depends(search_query)]) -> Response:
    return _render(request, run_search(store, query), "search.html.j2", "検索結果")


@router.get("/compare")
@router.get("/compare.json")
def compare(request: Request, store: StoreDep, agency_id: Annotated[int | None, Query()] = None) -> Response:
    return _render(request, compare_view(store, agency_id=agency_id), "compare.html.j2", "比較")


@router.get("/evaluations")
@router.get("/evaluations.json")
def evaluations(
    request: Request,
    store: StoreDep,
    agency_id: Annotated[int | None, Query()] = None,
    fiscal_year: Annotated[int | None, Query()] = None,
) -> Response:
    view = evaluations_view(store, agency_id=agency_id, fiscal_year=fiscal_year)
    return _render(request, view, "evaluations.html.j2", "評定")
