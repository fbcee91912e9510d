"""A PDF's pages read on two cores when the document is long enough.

pdfium extracts one page at a time and is not thread-safe, so a second thread cannot help; a
second process can. Extraction is most of what reading a PDF costs (and, for a long PDF, the
largest single part of an ingest), so on Linux a document of `PARALLEL_MIN_PAGES` pages or more
is split in two: the process forks, the child reads the second half of the pages from the
document both already have open (copy-on-write; pdfium keeps no threads or locks of its own) and
sends what it read back through a pipe, while the parent reads the first half. What "reading a
page" is, is the caller's: the PDF reader extracts the text and also splits it into lines with
their matching forms, so that work is shared between the cores too.

The fork is used only where it is safe and cheap: on Linux (the default start method there, and
no system frameworks that refuse to run after a fork), when this process runs a single thread
(forking a threaded process can leave a lock held in the child; a web worker with a thread pool
reads serially), and when the machine has a second core. The child touches nothing but the
document and the pipe and leaves with `os._exit`, so no buffer, connection or exit handler of the
parent runs twice. If the child fails in any way, the parent extracts its pages itself: the
outcome, and any error about a page, is the same as a serial read.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["PARALLEL_MIN_PAGES", "parallel_possible", "read_pages"]

T = TypeVar("T")

# Below this many pages a fork (a few milliseconds) costs about what it saves.
PARALLEL_MIN_PAGES = 16


def parallel_possible() -> bool:
    """Whether this process may fork a helper to extract pages (see the module notes)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and (os.cpu_count() or 1) > 1
    )


def read_pages(document: Any, read_page: Callable[[Any, int], T]) -> list[T]:
    """Every page as `read_page(document, index)` reads it (a picklable value), in page order.

    Errors raised by `read_page` in this process propagate as they are.
    """
    count = len(document)

    def serially(indexes: range) -> list[T]:
        return [read_page(document, index) for index in indexes]

    half = count // 2
    child = _start_child(document, read_page, range(half, count)) if _worth_a_fork(count) else None
    if child is None:
        return serially(range(count))
    pid, reader = child
    try:
        first = serially(range(half))
    finally:
        second = _collect(pid, reader, count - half)
    return first + (second if second is not None else serially(range(half, count)))


def _worth_a_fork(count: int) -> bool:
    return count >= PARALLEL_MIN_PAGES and parallel_possible()


def _start_child(document: Any, read_page: Callable[[Any, int], T], indexes: Sequence[int]) -> tuple[int, int] | None:
    """Fork a child that sends the pickled pages `indexes`; (pid, read end), or None."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # pragma: no cover  (the child; coverage does not follow a fork)
        os.close(reader)
        status = 1
        try:
            payload = pickle.dumps([read_page(document, index) for index in indexes], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int, expected: int) -> list[Any] | None:
    """The child's pages, or None when it failed or sent something other than `expected` pages."""
    try:
        with os.fdopen(reader, "rb") as pipe:
            payload = pipe.read()
    except OSError:
        payload = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not payload:
        return None
    try:
        texts = pickle.loads(payload)  # our own child's output, through our own pipe
    except (pickle.UnpicklingError, EOFError, ValueError):
        return None
    if not isinstance(texts, list) or len(texts) != expected:
        return None
    return texts
