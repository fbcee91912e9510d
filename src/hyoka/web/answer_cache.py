"""Answers kept until the data changes: a page or an API answer is a function of its URL, the
reader's role and the database, so once rendered it is kept, per worker process, and handed out
again until the database's generation (`Store.generation`, bumped by every write) moves on.

What is kept: successful (200) answers to GET (and so HEAD) with a body of at most
`MAX_ANSWER_BYTES`, unless the answer says `Cache-Control: no-store`; keyed by the generation,
the role, the path, the query string and the Accept header. At most `MAX_CACHE_BYTES` of bodies
per process, the least recently used let go first. A kept answer keeps its ETag, and a request
whose If-None-Match names it gets 304 as from the route itself. The security headers are set
outside this layer, so they are on every answer, kept or not.

Why here and not in the views: the cost of a page shown again is then only the generation's one
statement and the copy to the socket (a document's page is a quarter of a megabyte of HTML and
costs tens of milliseconds to build), and every view, present or future, gains it without
knowing: a view cannot forget to invalidate, since nothing is invalidated, only outdated.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hyoka.store.database import StoreError
from hyoka.web.security import Role

MAX_ANSWER_BYTES = 4 * 1024 * 1024
MAX_CACHE_BYTES = 96 * 1024 * 1024
_BYPASS_PREFIXES = ("/static/",)  # files served as files, with their own validators

Key = tuple[str, int, str, bytes, bytes]


@dataclass(frozen=True, slots=True)
class _Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes | None


class _Kept:
    """An LRU of answers bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.generation: str | None = None
        self.answers: OrderedDict[Key, _Answer] = OrderedDict()

    def get(self, key: Key) -> _Answer | None:
        if key[0] != self.generation:  # the data changed: nothing kept can be handed out again
            self.answers.clear()
            self.size = 0
            self.generation = key[0]
            return None
        answer = self.answers.get(key)
        if answer is not None:
            self.answers.move_to_end(key)
        return answer

    def put(self, key: Key, answer: _Answer) -> None:
        if key[0] != self.generation or len(answer.body) > self.max_bytes:
            return
        previous = self.answers.pop(key, None)
        if previous is not None:
            self.size -= len(previous.body)
        self.answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes:
            _, dropped = self.answers.popitem(last=False)
            self.size -= len(dropped.body)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    tags = {part.strip().removeprefix(b"W/") for part in if_none_match.split(b",")}
    return etag in tags or b"*" in tags


class AnswerCache:
    """The ASGI layer that keeps answers (see the module notes)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.app = app
        self.kept = _Kept(max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        answer = self.kept.get(key)
        if answer is not None:
            await self._send_kept(scope, answer, send)
            return
        await self._answer_and_keep(scope, receive, send, key)

    def _key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(_BYPASS_PREFIXES):
            return None
        app = scope.get("app")
        store = getattr(getattr(app, "state", None), "store", None)
        if store is None:
            return None
        try:
            generation = store.generation()
        except StoreError:  # the route will say what is wrong with the database
            return None
        role = scope.get("state", {}).get("role", Role.public)
        accept = _header(scope.get("headers", []), b"accept") or b""
        return (generation, int(role), scope["path"], scope.get("query_string", b""), accept)

    async def _send_kept(self, scope: Scope, answer: _Answer, send: Send) -> None:
        wanted = _header(scope.get("headers", []), b"if-none-match")
        if answer.etag is not None and wanted is not None and _matches(wanted, answer.etag):
            headers = [(k, v) for k, v in answer.headers if k.lower() not in {b"content-length", b"content-type"}]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body})

    async def _answer_and_keep(self, scope: Scope, receive: Receive, send: Send, key: Key) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                headers = list(message.get("headers", []))
                no_store = b"no-store" in (_header(headers, b"cache-control") or b"").lower()
                keep = message.get("status") == 200 and not no_store
            elif message["type"] == "http.response.body" and keep:
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                keep = size <= MAX_ANSWER_BYTES
                chunks.append(chunk)
                if not message.get("more_body", False) and keep and start is not None:
                    headers = list(start.get("headers", []))
                    self.kept.put(key, _Answer(headers, b"".join(chunks), _header(headers, b"etag")))
            await send(message)

        await self.app(scope, receive, capture)
