"""The review side of the JSON API: a stored document's guideline findings and the 新旧対照表 of
two of its versions — the models `hyoka check --format json` and `hyoka diff --format json` print."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from hyoka.model.comparison import Comparison
from hyoka.model.findings import DocumentFindings
from hyoka.report.comparison.html import render_html
from hyoka.report.comparison.xlsx import comparison_workbook
from hyoka.report.views.review import check_view
from hyoka.web.deps import CheckPolicyDep, PublicRole, StoreDep
from hyoka.web.responses import HTML_TYPE, json_response, with_etag
from hyoka.web.review_pages import OldVersion, comparison_page, not_found

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ComparisonFormat = Annotated[
    Literal["json", "xlsx", "html"], Query(description="json（既定）、xlsx（Excel）またはhtml（印刷用の頁）")
]

router = APIRouter(tags=["api"], dependencies=[PublicRole])


@router.get(
    "/documents/{document_id}/findings", response_model=DocumentFindings, summary="文書のガイドライン点検の指摘"
)
def findings(request: Request, store: StoreDep, policy: CheckPolicyDep, document_id: int) -> Response:
    view = check_view(store, document_id, policy)
    if view is None:
        raise not_found("文書")
    return json_response(request, view.result)


@router.get(
    "/documents/{document_id}/comparison",
    response_model=Comparison,
    summary="新旧対照表（文書の二つの版の比較）",
    responses={404: {"description": "文書、または比べる版が見つかりません"}},
)
def comparison(
    request: Request,
    store: StoreDep,
    policy: CheckPolicyDep,
    document_id: int,
    *,
    old: OldVersion = None,
    format: ComparisonFormat = "json",
) -> Response:
    """The comparison as JSON (`hyoka.diff/1`), or as the files `hyoka diff` writes: the workbook
    (新旧対照表, 変更一覧, 指摘; A4 landscape) or the self-contained HTML page, as downloads."""
    view = comparison_page(store, policy, document_id, old)
    if view.comparison is None:
        raise not_found("比べる版")
    if format == "json":
        return json_response(request, view.comparison)
    filename = f"shinkyu-{view.new.id}-{view.old.id if view.old else 'none'}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "xlsx":
        out = io.BytesIO()
        comparison_workbook(view.comparison).save(out)
        return with_etag(request, out.getvalue(), XLSX_TYPE, headers=headers)
    return with_etag(request, render_html(view.comparison).encode("utf-8"), HTML_TYPE, headers=headers)
