"""The API's OpenAPI document and its interactive documentation, Swagger UI served from the
package (no CDN: ministries' networks are closed), started by a script file, since the pages
allow no inline script. The document is served here rather than by FastAPI's own route so that
it passes the same role check as every other route."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, JSONResponse

from hyoka.web.deps import PublicRole

router = APIRouter(include_in_schema=False, dependencies=[PublicRole])

_PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>hyoka API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>"""


OPENAPI_PATH = "/openapi.json"


@router.get(OPENAPI_PATH)
def openapi_document(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(openapi=request.url_for("openapi_document").path))
