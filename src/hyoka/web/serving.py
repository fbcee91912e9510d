"""Running the app under uvicorn: one process with the app object, or several workers (and
`--reload`) with an import string, whose processes each build their own settings from the
environment — so the choices of the command (a demo database) are handed down through it.

Several workers on Linux each listen on a socket of their own, in one SO_REUSEPORT group, and
the kernel spreads new connections over them by the hash of their addresses. uvicorn's own way,
one socket bound by the parent and shared, lets whichever worker wakes first accept every
connection waiting: 20 clients connecting at once all went to one of two workers in most runs of
`benchmarks/web_benchmarks.py`, which then served them on one core while the other idled (the
文書 page's p95 51–57 ms with all 20 on one worker, 26–37 ms spread). Only this process's user can
join the group (Linux's rule), and the parent first checks that nothing listens on the port, so a
second server started there fails instead of sharing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import importlib.util
import os
import socket
import sys
from typing import Any

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


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _bound(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # connections in TIME_WAIT do not count
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) in a SO_REUSEPORT group: one per worker."""
    return _bound(host, port, reuse_port=True)


class OwnListener:
    """What the parent puts in the socket list uvicorn hands each worker it starts: uvicorn
    starts its workers with multiprocessing's spawn, which pickles the list, and this entry is
    unpickled in the worker as a socket of the worker's own (`reuse_port_socket`), also in a
    worker that replaces one that died."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return reuse_port_socket, (self.host, self.port)


def balancing_possible(port: int) -> bool:
    """The kernel balances a SO_REUSEPORT group's connections on Linux only (elsewhere one
    socket of the group takes them all); a port of 0 would give each worker a port of its own."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT") and port != 0


class CannotListen(Exception):
    """The address cannot be listened on: something listens there already (`in_use`), or the
    host is not one of this machine's."""

    def __init__(self, message: str, *, in_use: bool) -> None:
        super().__init__(message)
        self.in_use = in_use


def check_port_free(host: str, port: int) -> None:
    """Bind a plain socket (no SO_REUSEPORT) and let it go: refused while anything listens
    there, a SO_REUSEPORT group of this user included."""
    try:
        _bound(host, port, reuse_port=False).close()
    except OSError as exc:
        in_use = exc.errno == errno.EADDRINUSE
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror}", in_use=in_use) from exc


def app_from_environment() -> FastAPI:
    """The app for a worker process uvicorn started: settings from its environment."""
    return create_app(Settings.from_env())


def serve(settings: Settings, *, host: str, port: int, workers: int = 1, reload: bool = False) -> None:
    """Serve until interrupted; `CannotListen` before anything starts when the port is taken."""
    import uvicorn  # noqa: PLC0415  (only the serve command needs the server)

    options: dict[str, Any] = {"http": NoDelayHTTP, "loop": LOOP, "log_level": "info", "server_header": False}
    if port != 0:
        check_port_free(host, port)  # uvicorn would log the error and exit, with no word of which port
    if workers == 1 and not reload:
        uvicorn.run(create_app(settings), host=host, port=port, **options)
        return
    os.environ["HYOKA_DATABASE_URL"] = settings.database_url
    if settings.policy_file is not None:
        os.environ["HYOKA_POLICY_FILE"] = str(settings.policy_file)
    if reload or not balancing_possible(port):
        uvicorn.run(
            FACTORY, factory=True, host=host, port=port, workers=None if reload else workers, reload=reload, **options
        )
        return
    from uvicorn.supervisors import Multiprocess  # noqa: PLC0415

    config = uvicorn.Config(FACTORY, factory=True, host=host, port=port, workers=workers, **options)
    with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl+C is how a server is stopped
        Multiprocess(config, sockets=[OwnListener(host, port)]).run()  # type: ignore[list-item]
