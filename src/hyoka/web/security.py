"""What every response and request goes through: security headers, a bound on request size, and
the role check that every route declares.

The read side is public (accounts come later), but every route already depends on
`require(Role.public)`, so a route that forgets its role cannot be written: `tests/web` checks
that each route carries the dependency. Pages ship no inline script or style (the policy below
forbids both); only the API's interactive docs need inline styles, which Swagger UI sets.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from enum import IntEnum

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_REQUEST_BYTES = 64 * 1024  # the read side takes queries, not uploads
MAX_URL_CHARS = 4096

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
DOCS_PATH = "/api/v1/docs"


class Role(IntEnum):
    """Who may see what, in increasing order; a route names the least role it needs."""

    public = 0
    agency = 1
    evaluator = 2
    secretariat = 3
    admin = 4


def current_role(request: Request) -> Role:
    """The role of the request's user: everyone is public until accounts exist."""
    role = getattr(request.state, "role", Role.public)
    return role if isinstance(role, Role) else Role.public


class Forbidden(Exception):
    def __init__(self, needed: Role) -> None:
        super().__init__(needed)
        self.needed = needed


def require(needed: Role) -> Callable[[Request], Awaitable[Role]]:
    """A dependency that refuses a request whose role is below `needed` (403). A coroutine, as
    the other dependencies are: FastAPI runs a plain function in its thread pool, a hop through
    another thread (and the GIL) for a check that only reads the request."""

    async def check(request: Request) -> Role:
        role = current_role(request)
        if role < needed:
            raise Forbidden(needed)
        return role

    check.required_role = needed  # type: ignore[attr-defined]  # read by the route audit test
    return check


_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_SET = {b"content-security-policy", *(name for name, _ in _HEADERS)}


class SecurityHeaders:
    """The security headers on every response, errors included: set on the response's start
    message as it passes (a plain ASGI middleware; Starlette's BaseHTTPMiddleware streamed every
    body through a task group and memory streams, a millisecond and more a request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope.get("path") == DOCS_PATH else CSP).encode("latin-1")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _SET]
                message["headers"] = [*kept, (b"content-security-policy", csp), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestLimits:
    """Refuses a request whose URL or body is larger than the read side ever needs (414 / 413),
    counting the body as it arrives, so a client cannot stream an endless one."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_REQUEST_BYTES, max_url: int = MAX_URL_CHARS) -> None:
        self.app, self.max_body, self.max_url = app, max_body, max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("path", "")) + len(scope.get("query_string", b""))
        if url > self.max_url:
            await _refuse(send, 414, "URLが長すぎます。")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _refuse(send, 413, "リクエストが大きすぎます。")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _refuse(send, 413, "リクエストが大きすぎます。")


class HeadAsGet:
    """HEAD answered as GET without the body (HTTP requires it of every GET resource; link
    checkers and download managers send it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class _TooLarge(Exception):
    pass


async def _refuse(send: Send, status: int, detail: str) -> None:
    problem = {"type": "about:blank", "title": "Request refused", "status": status, "detail": detail}
    body = json.dumps(problem, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
