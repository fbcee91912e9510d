"""The review pages of a stored document, with their JSON twins: 点検 (its guideline findings
under the server's check policy) and 新旧対照 (the table of two of its versions, with the xlsx and
HTML downloads that `hyoka diff` writes, served under /api/v1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

from hyoka.report.comparison.html import comparison_page as table_page
from hyoka.report.views.review import ComparisonPage, UnknownVersion, check_view, comparison_view
from hyoka.web.deps import CheckPolicyDep, PublicRole, StoreDep
from hyoka.web.responses import json_response
from hyoka.web.templating import page

router = APIRouter(include_in_schema=False, dependencies=[PublicRole])

OldVersion = Annotated[int | None, Query(alias="old", ge=1, description="比べる旧版の文書ID（既定：直前の版）")]


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what}が見つかりません。")


@router.get("/documents/{document_id:int}/check")
@router.get("/documents/{document_id:int}/check.json")
def check(request: Request, store: StoreDep, policy: CheckPolicyDep, document_id: int) -> Response:
    view = check_view(store, document_id, policy)
    if view is None:
        raise not_found("文書")
    if request.url.path.endswith(".json"):
        return json_response(request, view)
    return page(request, "check.html.j2", view=view)


def comparison_page(store: StoreDep, policy: CheckPolicyDep, document_id: int, old: int | None) -> ComparisonPage:
    """The view, or 404 for a document not stored or a version that is not one of its own."""
    try:
        view = comparison_view(store, document_id, policy, old)
    except UnknownVersion:
        raise not_found("比べる版") from None
    if view is None:
        raise not_found("文書")
    return view


@router.get("/documents/{document_id:int}/comparison")
@router.get("/documents/{document_id:int}/comparison.json")
def comparison(
    request: Request, store: StoreDep, policy: CheckPolicyDep, document_id: int, old: OldVersion = None
) -> Response:
    view = comparison_page(store, policy, document_id, old)
    if request.url.path.endswith(".json"):
        return json_response(request, view)
    table = table_page(view.comparison) if view.comparison is not None else None
    return page(request, "comparison.html.j2", view=view, table=table)
