"""Errors as users see them: `application/problem+json` with a Japanese `detail` for the API and
the JSON twins, a page for the rest. Never a traceback: an unexpected error is logged on the
server and answered with a plain 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from hyoka.store.database import StoreError
from hyoka.web.responses import problem
from hyoka.web.security import Forbidden
from hyoka.web.templating import page

log = logging.getLogger("hyoka.web")

TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
DETAILS = {
    403: "この操作を行う権限がありません。",
    404: "ページが見つかりません。",
    405: "この方法ではアクセスできません。",
    500: "サーバーで予期しないエラーが起きました。",
    503: "データベースを利用できません。しばらくしてからやり直してください。",
}


def wants_problem(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api/")
        or path.endswith((".json", ".csv"))
        or request.query_params.get("format")
        in {
            "json",
            "csv",
        }
    )


def respond(request: Request, status: int, detail: str) -> Response:
    if wants_problem(request):
        return problem(status, TITLES.get(status, "Error"), detail, instance=request.url.path)
    return page(request, "error.html.j2", status=status, status_code=status, detail=detail)


def _field(location: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in location if part not in {"query", "path", "body"})


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return respond(request, exc.status_code, detail or DETAILS.get(exc.status_code, "リクエストを処理できません。"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({_field(tuple(error.get("loc", ()))) for error in exc.errors()})
        return respond(request, 422, f"パラメータの値が正しくありません: {', '.join(fields)}")

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return respond(request, 403, DETAILS[403])

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return respond(request, 503, DETAILS[503])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, DETAILS[500])
