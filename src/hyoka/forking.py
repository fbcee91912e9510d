"""A second core for CPU-bound work: one forked helper process that computes a value and sends
it back pickled, while this process goes on with its own share.

Python runs one thread at a time, and pdfium is not thread-safe, so where work can be split (the
pages of a PDF, `hyoka.sources.pdf_pages`), a second process is what can use a second core. A
fork is cheap (the child shares this process's memory, copy-on-write, with every module imported
and every input already in place) and needs nothing to be pickled on the way in.

A fork is used only where it is safe: on Linux (the default start method there, and no system
frameworks that refuse to run after a fork), when this process runs a single thread (forking a
threaded process can leave a lock held in the child; a web worker with a thread pool works
serially), and when the machine has a second core. The child touches nothing but its work and
the pipe, and leaves with `os._exit`, so no buffer, connection or exit handler of the parent runs
twice. Whatever goes wrong in the child — an exception, a crash, output that does not unpickle —
`Helper.result()` answers "no result", and the caller does the work itself: the outcome, and any
error, is then the same as without the helper.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Helper", "parallel_possible", "start_helper"]


def parallel_possible() -> bool:
    """Whether this process may fork a helper (see the module notes)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and (os.cpu_count() or 1) > 1
    )


@dataclass(slots=True)
class Helper:
    """A forked child computing one value; `result()` waits for it and reaps the child."""

    pid: int
    reader: int
    _done: bool = False

    def result(self) -> tuple[bool, Any]:
        """(True, value) when the child sent its value; (False, None) when it failed in any way.
        Call it once, also when the parent's own share failed, so that no child is left behind."""
        if self._done:
            raise RuntimeError("the helper's result was already collected")
        self._done = True
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                payload = pipe.read()
        except OSError:
            payload = b""
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = 1
        if status != 0 or not payload:
            return False, None
        try:
            return True, pickle.loads(payload)  # our own child's output, through our own pipe
        except (pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
            return False, None


def start_helper(work: Callable[[], Any]) -> Helper | None:
    """Fork a child that runs `work()` and sends its (picklable) value back; None when no child
    could be started, and the caller does the work itself."""
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
        # The child lives for one piece of work and leaves without cleaning up; a collection of
        # its inherited heap would only write to every object's header (a copy of every memory
        # page, copy-on-write) to free nothing that the exit does not.
        gc.disable()
        os.close(reader)
        status = 1
        try:
            payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return Helper(pid, reader)
