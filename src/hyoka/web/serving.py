"""Running the app under uvicorn: one process with the app object, or several workers (and
`--reload`) with an import string, whose processes each build their own settings from the
environment — so the choices of the command (a demo database) are handed down through it."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket

from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from hyoka.settings import Settings
from hyoka.web.app import create_app

FACTORY = "hyoka.web.serving:app_from_environment"
# uvloop's event loop where it is installed (not on Windows), asyncio's otherwise: the loop and
# httptools' parser (C, against h11's pure Python) took a third of the CPU of a short JSON answer
LOOP = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"


class NoDelayHTTP(HttpToolsProtocol):
    """uvicorn's httptools protocol with TCP_NODELAY set on each connection. For several workers
    uvicorn binds the socket itself, without naming TCP as its protocol, and asyncio then leaves
    Nagle's algorithm on: a response's body, written after its headers, waited for the client's
    delayed ACK, some 40 ms a request."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def app_from_environment() -> FastAPI:
    """The app for a worker process uvicorn started: settings from its environment."""
    return create_app(Settings.from_env())


def serve(settings: Settings, *, host: str, port: int, workers: int = 1, reload: bool = False) -> None:
    import uvicorn  # noqa: PLC0415  (only the serve command needs the server)

    if workers == 1 and not reload:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            http=NoDelayHTTP,
            loop=LOOP,
            log_level="info",
            server_header=False,
        )
        return
    os.environ["HYOKA_DATABASE_URL"] = settings.database_url
    if settings.policy_file is not None:
        os.environ["HYOKA_POLICY_FILE"] = str(settings.policy_file)
    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=None if reload else workers,
        reload=reload,
        http=NoDelayHTTP,
        loop=LOOP,
        log_level="info",
        server_header=False,
    )
