"""A PDF's pages read on two cores when the document is long enough.

pdfium extracts one page at a time and is not thread-safe, so a second thread cannot help; a
second process can (`hyoka.forking`). Extraction is most of what reading a PDF costs (and, for a
long PDF, the largest single part of an ingest), so where a fork is possible a document of
`PARALLEL_MIN_PAGES` pages or more is shared between two processes: the process forks, the
parent reads pages from the first one onwards and the child from the last one backwards, from
the document both already have open (copy-on-write; pdfium keeps no threads or locks of its
own), until they meet; the child sends what it read back through a pipe. Pages differ in cost (a
table costs more than a paragraph), so the split is not fixed: each process marks in a shared
counter how far it has come, and stops where the other has been. Each counter is written by one
process only and only ever moves towards the other, so a value read late can only make a process
read a page the other also read — a page never goes unread; the parent keeps its own reading of
such a page. What "reading a page" is, is the caller's: the PDF reader extracts the text and
also splits it into lines with their matching forms, so that work is shared between the cores
too.

If the child fails in any way, the parent reads the pages it did not get: the outcome, and any
error about a page, is the same as a serial read.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Callable
from typing import Any, TypeVar

from hyoka.forking import parallel_possible, start_helper

__all__ = ["PARALLEL_MIN_PAGES", "parallel_possible", "read_pages"]

T = TypeVar("T")

# Below this many pages a fork (a few milliseconds) costs about what it saves.
PARALLEL_MIN_PAGES = 16


def read_pages(document: Any, read_page: Callable[[Any, int], T]) -> list[T]:
    """Every page as `read_page(document, index)` reads it (a picklable value), in page order.

    Errors raised by `read_page` in this process propagate as they are.
    """
    count = len(document)
    if count < PARALLEL_MIN_PAGES or not parallel_possible():
        return [read_page(document, index) for index in range(count)]
    marks = _Marks(count)

    def from_the_back() -> dict[int, T]:  # runs in the child
        pages = {}
        while (index := marks.back - 1) >= marks.front:
            marks.back = index
            pages[index] = read_page(document, index)
        return pages

    helper = start_helper(from_the_back)
    if helper is None:
        marks.close()
        return [read_page(document, index) for index in range(count)]
    pages: dict[int, T] = {}
    try:
        while (index := marks.front) < marks.back:
            marks.front = index + 1
            pages[index] = read_page(document, index)
    finally:
        sent, theirs = helper.result()
        marks.close()
    if sent and isinstance(theirs, dict):
        for index, page in theirs.items():
            if isinstance(index, int) and 0 <= index < count:
                pages.setdefault(index, page)
    return [pages[index] if index in pages else read_page(document, index) for index in range(count)]


class _Marks:
    """Two counters in memory the child shares: the parent's next page from the front, and the
    lowest page the child has taken from the back (see the module notes)."""

    def __init__(self, count: int) -> None:
        self._memory = mmap.mmap(-1, 16)  # anonymous and shared: a forked child writes the same pages
        self.front = 0
        self.back = count

    @property
    def front(self) -> int:
        return int(struct.unpack_from("q", self._memory, 0)[0])

    @front.setter
    def front(self, value: int) -> None:
        struct.pack_into("q", self._memory, 0, value)

    @property
    def back(self) -> int:
        return int(struct.unpack_from("q", self._memory, 8)[0])

    @back.setter
    def back(self, value: int) -> None:
        struct.pack_into("q", self._memory, 8, value)

    def close(self) -> None:
        self._memory.close()
