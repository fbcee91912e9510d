"""What the browser tests need besides the demo: the app served for real by uvicorn in a thread,
the system's chromium driven by Playwright (no browser is ever downloaded), and a watch on each
page for console errors, uncaught exceptions and same-origin requests that fail.

Chromium is `HYOKA_CHROMIUM` or the `chromium` on PATH (Debian's package, which `.ci/run`
installs). When it is missing or does not start, the tests are skipped on a developer's machine
and fail under CI, where a skip would hide that nothing was tested.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NoReturn
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from hyoka.settings import Settings
from hyoka.web.app import create_app

CHROMIUM_ENV = "HYOKA_CHROMIUM"
SERVER_START_S = 30.0


def unavailable(reason: str) -> NoReturn:
    """Skip locally, fail under CI: there the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def chromium_executable() -> str:
    """The system chromium: `HYOKA_CHROMIUM`, else `chromium` on PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        if not os.access(named, os.X_OK):
            unavailable(f"{CHROMIUM_ENV}={named} is not an executable file")
        return named
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        unavailable(f"no chromium on PATH and {CHROMIUM_ENV} not set (Debian: apt-get install chromium)")
    return found


def chromium_args() -> list[str]:
    """Chromium refuses its sandbox as root (CI containers run as root)."""
    geteuid = getattr(os, "geteuid", None)
    return ["--no-sandbox"] if geteuid is not None and geteuid() == 0 else []


@contextmanager
def launched_browser() -> Iterator[Browser]:
    """The system chromium under Playwright, closed afterwards; `unavailable` if either fails."""
    executable = chromium_executable()
    try:
        playwright = sync_playwright().start()
    except Exception as exc:
        unavailable(f"Playwright does not start: {exc}")
    try:
        launched = playwright.chromium.launch(executable_path=executable, args=chromium_args())
    except Exception as exc:
        playwright.stop()
        unavailable(f"{executable} does not launch: {exc}")
    try:
        yield launched
    finally:
        launched.close()
        playwright.stop()


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings

    @property
    def on_sqlite(self) -> bool:
        return self.settings.database_url.startswith("sqlite")


@contextmanager
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The app on `settings`, served by uvicorn in a background thread on 127.0.0.1 and a free
    port (the socket is bound here and handed to uvicorn, so no other process can take it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on", server_header=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="hyoka-live-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not server.started:
            if not thread.is_alive():
                pytest.fail("the live server stopped while starting (see the log above)")
            if time.monotonic() > deadline:
                pytest.fail(f"the live server did not start within {SERVER_START_S:.0f} s")
            time.sleep(0.02)
        yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass
class Watch:
    """What went wrong on a page: console errors, uncaught exceptions, and requests to our own
    origin that failed or answered 4xx/5xx (a missing asset, a script the CSP blocked)."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{error.name}: {error.message}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _ours(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _failed(self, request: Request) -> None:
        # A download the browser took over ends as "net::ERR_ABORTED": not a failure of ours.
        if self._ours(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if self._ours(response.url) and response.status >= 400:
            self.failed_requests.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the page reported problems:\n" + "\n".join(problems)
