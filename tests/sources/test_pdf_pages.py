"""Page texts on two cores: the same texts, in the same order, as a serial read, whatever the
child does; serial where a fork is not safe or not worth it."""

from __future__ import annotations

import os
import select
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from hyoka.sources import pdf_pages
from hyoka.sources.pdf import read_pdf_source
from hyoka.sources.pdf_pages import PARALLEL_MIN_PAGES, parallel_possible, read_pages
from tests.sources.pdf_maker import make_pdf

PAGES = [f"第{n}頁\r\n本文 {n} ‐ \ud800 {'長' * (n % 7)}" for n in range(40)]  # a lone surrogate too


def _recording(
    pids: list[int], fail_in_child: bool = False, child_delay: float = 0.0, parent_delay: float = 0.0
) -> Any:
    parent = os.getpid()

    def read_page(document: list[str], index: int) -> str:
        if os.getpid() != parent:
            if fail_in_child:
                raise RuntimeError("the child fails")
            time.sleep(child_delay)
            return document[index]
        time.sleep(parent_delay)
        pids.append(index)
        return document[index]

    return read_page


needs_fork = pytest.mark.skipif(not parallel_possible(), reason="a fork is not possible here")


@needs_fork
def test_the_parent_reads_from_the_front_the_child_the_rest_and_all_comes_back_in_order() -> None:
    parent = os.getpid()
    child_started, started = os.pipe()
    in_parent: list[int] = []

    def read_page(document: list[str], index: int) -> str:
        if os.getpid() != parent:
            os.write(started, b".")
            time.sleep(0.001)
        else:
            if not in_parent:  # the parent's first page waits for the child's first
                ready, _, _ = select.select([child_started], [], [], 10)
                assert ready, "the child never read a page"
            in_parent.append(index)
            time.sleep(0.001)
        return document[index]

    try:
        assert read_pages(PAGES, read_page) == PAGES
    finally:
        os.close(child_started)
        os.close(started)
    assert in_parent == list(range(len(in_parent)))  # a prefix, in order
    assert 0 < len(in_parent) < len(PAGES)  # the child took the rest (a page may be read twice)


@needs_fork
def test_the_faster_process_takes_more_pages() -> None:
    """Pages are not split in halves: where the child's pages cost more, the parent reads most."""
    slow_child: list[int] = []
    assert read_pages(PAGES, _recording(slow_child, child_delay=0.02)) == PAGES
    assert len(slow_child) > len(PAGES) * 3 // 4
    slow_parent: list[int] = []
    assert read_pages(PAGES, _recording(slow_parent, parent_delay=0.02)) == PAGES
    assert len(slow_parent) < len(PAGES) // 4


@needs_fork
def test_a_failing_child_leaves_its_pages_to_the_parent() -> None:
    in_parent: list[int] = []
    assert read_pages(PAGES, _recording(in_parent, fail_in_child=True)) == PAGES
    assert in_parent == list(range(len(PAGES)))


@needs_fork
def test_an_error_in_the_parent_propagates_and_the_child_is_reaped() -> None:
    def read_page(document: list[str], index: int) -> str:
        if index == 3:
            raise ValueError("page 4 cannot be read")
        return document[index]

    with pytest.raises(ValueError, match="page 4"):
        read_pages(PAGES, read_page)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_short_documents_are_read_serially() -> None:
    in_parent: list[int] = []
    short = PAGES[: PARALLEL_MIN_PAGES - 1]
    assert read_pages(short, _recording(in_parent)) == short
    assert in_parent == list(range(len(short)))


def test_a_process_with_threads_never_forks() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel_possible()
        in_parent: list[int] = []
        assert read_pages(PAGES, _recording(in_parent)) == PAGES
        assert in_parent == list(range(len(PAGES)))
    finally:
        stop.set()
        thread.join()


def test_a_long_pdf_reads_the_same_on_two_cores_as_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"第{n}　目標の項目 {n} について" for n in range(PARALLEL_MIN_PAGES * 12)]
    pdf = make_pdf(lines, tmp_path / "long.pdf", lines_per_page=10)
    both = read_pdf_source(pdf)
    monkeypatch.setattr(pdf_pages, "PARALLEL_MIN_PAGES", 10**9)
    one = read_pdf_source(pdf)
    assert both == one
    assert {line.page for line in one.lines} == set(range(1, -(-len(lines) // 10) + 1))
