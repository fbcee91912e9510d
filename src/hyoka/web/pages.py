"""The pages, in Japanese, and their JSON twins: the same URL with `.json` answers the view the
page renders, as datasette's pages do. Each route builds one view and hands it to `_render`,
which picks the template or the JSON by the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from starlette.responses import RedirectResponse, Response

from hyoka.report.views.agency import agency_view
from hyoka.report.views.compare import compare_view
from hyoka.report.views.document import document_header, document_view
from hyoka.report.views.evaluations import evaluations_view
from hyoka.report.views.home import home_view
from hyoka.report.views.search import SearchQuery
from hyoka.report.views.target import target_view
from hyoka.web.api import run_search, search_query
from hyoka.web.deps import PublicRole, RegistryDep, StoreDep, target_policy
from hyoka.web.document_page import document_body
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
def document(request: Request, store: StoreDep, document_id: int) -> Response:
    """The record and versions read fresh, the body kept per version (`hyoka.web.document_page`)."""
    header = document_header(store, document_id)
    body = document_body(store, document_id) if header is not None else None
    if header is None or body is None:
        raise HTTPException(status_code=404, detail="文書が見つかりません。")
    return page(request, "document.html.j2", view=header, body=body)


@router.get("/targets/{target_id:int}")
@router.get("/targets/{target_id:int}.json")
def target(request: Request, store: StoreDep, registry: RegistryDep, target_id: int) -> Response:
    record = store.target(target_id)
    if record is None:
        raise HTTPException(status_code=404, detail="定量目標が見つかりません。")
    policy = target_policy(store, registry, record)
    return _render(request, target_view(store, target_id, policy, record=record), "target.html.j2", "定量目標")


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
