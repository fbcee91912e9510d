"""The helper process: its value comes back; any failure of the child is "no result", never an
error or a child left behind; no fork where it is not safe."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from hyoka.forking import parallel_possible, start_helper

needs_fork = pytest.mark.skipif(not parallel_possible(), reason="a fork is not possible here")


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@needs_fork
def test_the_value_comes_back_from_another_process() -> None:
    parent = os.getpid()
    helper = start_helper(lambda: {"pid": os.getpid(), "text": "評価" * 10_000})
    assert helper is not None
    sent, value = helper.result()
    assert sent
    assert value["pid"] != parent
    assert value["text"] == "評価" * 10_000
    _no_child_left()


@needs_fork
def test_an_exception_in_the_child_is_no_result() -> None:
    def fails() -> None:
        raise RuntimeError("the child fails")

    helper = start_helper(fails)
    assert helper is not None
    assert helper.result() == (False, None)
    _no_child_left()


@needs_fork
def test_a_value_that_cannot_be_pickled_is_no_result() -> None:
    helper = start_helper(threading.Lock)
    assert helper is not None
    assert helper.result() == (False, None)
    _no_child_left()


@needs_fork
def test_a_child_killed_by_a_signal_is_no_result() -> None:
    helper = start_helper(lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert helper is not None
    assert helper.result() == (False, None)
    _no_child_left()


@needs_fork
def test_a_result_is_collected_once() -> None:
    helper = start_helper(lambda: 1)
    assert helper is not None
    assert helper.result() == (True, 1)
    with pytest.raises(RuntimeError, match="already collected"):
        helper.result()


def test_a_process_with_threads_may_not_fork() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel_possible()
    finally:
        stop.set()
        thread.join()


def test_one_core_or_another_system_may_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not parallel_possible()
    monkeypatch.undo()
    monkeypatch.setattr("sys.platform", "darwin")
    assert not parallel_possible()
