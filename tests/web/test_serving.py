"""`hyoka serve` as a user runs it: a process with several workers on SQLite and on PostgreSQL,
whose workers share the connections (each listens on its own socket of a SO_REUSEPORT group),
and a port already taken refused with a clear message before anything starts."""

from __future__ import annotations

import contextlib
import http.client
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from hyoka.settings import Settings
from hyoka.web.serving import CannotListen, OwnListener, balancing_possible, check_port_free, reuse_port_socket

HOST = "127.0.0.1"
START_TIMEOUT_S = 90.0
LINUX = pytest.mark.skipif(not balancing_possible(1), reason="the kernel balances SO_REUSEPORT groups on Linux only")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(settings: Settings) -> dict[str, str]:
    return {**os.environ, "HYOKA_DATABASE_URL": settings.database_url, "NO_COLOR": "1", "COLUMNS": "400"}


def _serve(settings: Settings, port: int, workers: int, log: IO[str] | None = None) -> subprocess.Popen[str]:
    """`hyoka serve`; its output to `log`, or to a pipe for `communicate` (a server that runs on
    writes its access log to a file: a pipe no one reads would fill and stop it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "hyoka", "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)],
        env=_environment(settings),
        stdout=log if log is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )


# --- what /proc says about the server's sockets --------------------------------------------------


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    found.append(int(entry.name))
    return found


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def _tcp_sockets(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets whose local port is `port`, in `state` (0A listen, 01 established)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                    inodes.add(fields[9])
    return inodes


def _held_by_worker(server: int, port: int, state: str) -> dict[int, set[str]]:
    """The port's sockets in `state` that each child process of `server` holds (those holding
    none, multiprocessing's resource tracker among them, are left out)."""
    wanted = _tcp_sockets(port, state)
    held = {pid: _socket_inodes(pid) & wanted for pid in _children(server)}
    return {pid: inodes for pid, inodes in held.items() if inodes}


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@dataclass
class Running:
    process: subprocess.Popen[str]
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def _running(settings: Settings, workers: int, log: Path) -> Iterator[Running]:
    port = free_port()
    with log.open("w", encoding="utf-8") as out:
        process = _serve(settings, port, workers, out)
    server = Running(process, port, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, f"hyoka serve exited {process.returncode}:\n{server.output()}"
            with contextlib.suppress(OSError):
                listening = len(_held_by_worker(process.pid, port, "0A")) if workers > 1 else 1
                if listening >= workers and _get(port, "/api/v1/agencies") == 200:
                    break
            assert time.monotonic() < deadline, "hyoka serve did not start listening in time"
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # as Ctrl+C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- the tests -----------------------------------------------------------------------------------


@LINUX
def test_several_workers_each_listen_and_share_the_connections(web_settings: Settings, tmp_path: Path) -> None:
    with _running(web_settings, 2, tmp_path / "serve.log") as running:
        server, port = running.process, running.port
        listening = _held_by_worker(server.pid, port, "0A")
        # one socket of its own in each worker (uvicorn's shared socket: the same one in both)
        assert [len(inodes) for inodes in listening.values()] == [1, 1], listening
        assert len(set.union(*listening.values())) == 2, listening
        connections = [http.client.HTTPConnection(HOST, port, timeout=30) for _ in range(24)]
        try:
            for connection in connections:  # all open at once, as 24 browsers would be
                connection.connect()
            for connection in connections:
                connection.request("GET", "/api/v1/agencies")
                response = connection.getresponse()
                assert response.status == 200
                response.read()
            held = Counter({pid: len(inodes) for pid, inodes in _held_by_worker(server.pid, port, "01").items()})
        finally:
            for connection in connections:
                connection.close()
        # the kernel hashes each connection to one of the two sockets: all 24 on one worker
        # would happen once in eight million runs (with one shared socket, in most of them)
        assert len(held) == 2, held
        assert sum(held.values()) == 24, held
    assert server.returncode == 0, running.output()
    assert "Traceback" not in running.output()


def test_a_port_in_use_is_refused_before_anything_starts(web_settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        for workers in (1, 2):
            process = _serve(web_settings, port, workers)
            out, _ = process.communicate(timeout=START_TIMEOUT_S)
            assert process.returncode == 1, out
            assert f"error: cannot listen on {HOST}:{port}" in out
            assert "choose another port with --port" in out
            assert "Traceback" not in out
            assert "rendered the pages" not in out
            assert "http://" not in out


@LINUX
def test_a_second_server_cannot_join_the_first_ones_group(web_settings: Settings, tmp_path: Path) -> None:
    with _running(web_settings, 2, tmp_path / "serve.log") as first:
        port = first.port
        second = _serve(web_settings, port, 2)
        out, _ = second.communicate(timeout=START_TIMEOUT_S)
        assert second.returncode == 1, out
        assert f"cannot listen on {HOST}:{port}" in out


# --- the pieces ----------------------------------------------------------------------------------


def _listener_in_a_child(listener: OwnListener, answer: multiprocessing.connection.Connection) -> None:
    sock: socket.socket = listener  # type: ignore[assignment]  # unpickled as the worker's own socket
    answer.send((type(sock).__name__, sock.getsockname(), sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)))
    sock.close()


@LINUX
def test_the_listener_becomes_a_socket_of_the_group_in_the_worker() -> None:
    port = free_port()
    first = reuse_port_socket(HOST, port)  # the group exists: the child's socket joins it
    try:
        first.listen()
        ours, theirs = multiprocessing.get_context("spawn").Pipe()
        child = multiprocessing.get_context("spawn").Process(
            target=_listener_in_a_child, args=(OwnListener(HOST, port), theirs)
        )
        child.start()
        assert ours.poll(60), "the child did not answer"
        kind, name, reuse = ours.recv()
        child.join(30)
        assert (kind, tuple(name), bool(reuse)) == ("socket", (HOST, port), True)
        assert child.exitcode == 0
    finally:
        first.close()


def test_check_port_free_names_the_address_and_whether_it_is_taken() -> None:
    port = free_port()
    check_port_free(HOST, port)  # free: nothing raised, nothing left bound
    check_port_free(HOST, port)
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind((HOST, port))
        taken.listen()
        with pytest.raises(CannotListen, match=f"cannot listen on {HOST}:{port}") as caught:
            check_port_free(HOST, port)
        assert caught.value.in_use
    with pytest.raises(CannotListen) as unknown:
        check_port_free("host.invalid", port)
    assert not unknown.value.in_use
    assert "host.invalid" in str(unknown.value)
