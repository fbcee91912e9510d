"""Web benchmarks: latency of the pages and the JSON API under concurrent clients, and hyoka's
JSON list of targets beside datasette's JSON of the same rows.

On the corpus ingested COPIES times (100) as distinct documents (in copy n every agency name
gets the prefix n, as in store_benchmarks.py), `hyoka serve` runs as a subprocess with WORKERS
worker processes on loopback and CLIENTS (20) clients, each on its own keep-alive connection,
send requests as fast as the answers come back (a closed loop). Four scenarios, each bounded by
REQUESTS (2000) and SECONDS (20 s), whichever comes first, after WARMUP untimed requests:

  文書     /documents/{id}    every document of the database in a shuffled order (HTML page)
  目標     /targets/{id}      a sample of the targets (HTML page)
  検索     /search?q=...      the 27 queries of store_benchmarks.py, filters as page parameters (HTML)
  API      /api/v1/targets    pages of 50 at offsets spread over the list, some filtered (JSON)

For each: requests, errors (any status but 200, any broken or timed-out exchange), p50 / p95 /
max latency in ms, requests per second, the servers' CPU per request (the processes of its
group, from /proc) and the load generator's own CPU share, so that a saturated machine shows.

In the same run datasette (a dev dependency) serves the same SQLite file (`-i`, immutable), and
both are read whole, 100 rows a page, by the same clients: hyoka's `/api/v1/targets?limit=100
&offset=...` and datasette's `/<db>/targets.json?_size=100&_shape=objects&_nosuggest=1&_next=...`
(its own keyset pages; `_nosuggest` spares it the facet suggestions that hyoka does not make).
Both walks are checked first to hold the same target ids. Reported: rows per second and the
ratio hyoka / datasette, with hyoka at WORKERS workers and, when that is more than one, at one
worker too (datasette is one process).

With --postgres URL the same four scenarios run a second time, hyoka with WORKERS workers on
that PostgreSQL database (filled with the same copies when they are missing; a database holding
anything else is refused; nothing is ever deleted).

The load generator is a small asyncio HTTP/1.1 client in this file (raw streams, no parsing of
the bodies during the timed runs): on a 2-core machine it costs a few per cent of one core, which
the report shows. The requirements (p95 under 100 ms for every scenario, no errors, hyoka's rows
per second at least datasette's) are reported, never asserted; the exit status is 1 when any
request failed, 0 otherwise.

The 100-copy SQLite file is built once (about a minute and a half) into the cache folder
(default <tempdir>/hyoka-web-bench), keyed by the corpus hash, the number of copies, the hyoka
version and the schema head, and reused (--rebuild builds it again). Progress goes to stderr,
the report (Markdown) to stdout.

Run:  uv run python benchmarks/web_benchmarks.py [--postgres URL] [--workers N] [--clients N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import http.client
import json
import math
import os
import platform
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.store_benchmarks import Query, default_input, fill, percentile, queries, schema_head  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from hyoka import __version__  # noqa: E402
from hyoka.parse import parse_source  # noqa: E402
from hyoka.settings import Settings  # noqa: E402
from hyoka.sources import read_source  # noqa: E402
from hyoka.store.database import open_database  # noqa: E402
from hyoka.store.engine import make_engine  # noqa: E402

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "hyoka-web-bench"
HOST = "127.0.0.1"
P95_BUDGET_MS = 100.0  # reported, never asserted
REQUEST_TIMEOUT_S = 30.0
READY_TIMEOUT_S = 120.0
ROWS_PAGE = 100
API_PAGE = 50  # the API's default page size
SEED = 20261202


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the databases -------------------------------------------------------------------------------


def cached_sqlite(corpus: Path, copies: int, cache: Path, rebuild: bool) -> tuple[Path, float]:
    """The SQLite file of `copies` corpus copies, built now or reused; seconds spent building."""
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()[:16]
    version = __version__.replace(".", "_")  # no dots: datasette names the database by the file's stem
    database = cache / f"web-{digest}-x{copies}-hyoka{version}-schema{schema_head()}.sqlite"
    partial = database.with_name(f"{database.stem}-partial.sqlite")
    if rebuild:
        for stale in (database, partial):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{stale}{suffix}").unlink(missing_ok=True)
    if database.exists():
        progress(f"SQLite: reusing {database}")
        return database, 0.0
    cache.mkdir(parents=True, exist_ok=True)
    settings = Settings(database_url=f"sqlite:///{partial}")
    with open_database(settings) as sessions:  # copies already in a partial file are kept
        built = fill(sessions, settings, corpus, copies, "SQLite")
    with sqlite3.connect(partial) as connection:  # the whole file in the main database, for `-i`
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(database)
    progress(f"SQLite: built {database} in {built:.0f} s")
    return database, built


def filled_postgres(url: str, corpus: Path, copies: int) -> float:
    settings = Settings(database_url=url)
    with open_database(settings) as sessions:
        built = fill(sessions, settings, corpus, copies, "PostgreSQL")
        with sessions.begin() as session:
            session.execute(text("ANALYZE"))
    return built


@dataclass(frozen=True)
class Catalogue:
    """What the URLs are made of: ids as stored, and the facts the report gives."""

    documents: list[int]
    targets: list[int]
    listed_targets: int  # the length of /api/v1/targets (current versions only)
    search_entries: int


def catalogue(url: str) -> Catalogue:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            documents = list(connection.scalars(text("SELECT id FROM objective_documents ORDER BY id")))
            targets = list(connection.scalars(text("SELECT id FROM targets ORDER BY id")))
            listed = connection.scalar(
                text(
                    "SELECT count(*) FROM targets WHERE document_id NOT IN (SELECT previous_version_id "
                    "FROM objective_documents WHERE previous_version_id IS NOT NULL)"
                )
            )
            entries = connection.scalar(text("SELECT count(*) FROM search_entries"))
    finally:
        engine.dispose()
    return Catalogue(documents, targets, int(listed or 0), int(entries or 0))


# --- the URLs of each scenario ---------------------------------------------------------------------

SEARCH_PARAMETERS: dict[str, tuple[str, Callable[[Any], str]]] = {  # store_benchmarks' filters as page parameters
    "only_targets": ("entry_kind", lambda _v: "target"),
    "only_marked": ("marked", lambda _v: "true"),
    "section_kind": ("section_kind", str),
    "agency": ("agency", str),
    "period_year": ("fiscal_year", str),
    "kind": ("kind", str),
}


def search_path(query: Query) -> str:
    parameters = [("q", query.text)]
    for name, value in query.filters.items():
        key, shown = SEARCH_PARAMETERS[name]
        parameters.append((key, shown(value)))
    return "/search?" + urlencode(parameters, quote_via=quote)


def scenario_paths(known: Catalogue, corpus: Path, count: int) -> dict[str, list[str]]:
    """Each scenario's URLs, in the order they are sent (cycled when there are fewer than the
    requests); fixed by a seed, so two runs send the same requests."""
    rng = random.Random(SEED)
    parsed = parse_source(read_source(corpus))
    first = parsed.documents[0]
    agency = f"1{first.agency.name}" if first.agency.name else "機構"  # copy 1's name
    year = first.period.start.year if first.period and first.period.start else 2025
    documents = known.documents[:]
    rng.shuffle(documents)
    targets = rng.sample(known.targets, min(count, len(known.targets)))
    searches = [search_path(q) for q in queries(agency, year)]
    filters = [
        {"unit": "%"},
        {"section_kind": "efficiency"},
        {"marked": "true"},
        {"agency": agency},
        {"kind": "中長期目標"},
    ]
    api = []
    for k in range(count):
        if k % 4 == 3:  # a quarter filtered, the rest plain pages anywhere in the list
            api.append("/api/v1/targets?" + urlencode(filters[(k // 4) % len(filters)], quote_via=quote))
        else:
            offset = rng.randrange(0, max(known.listed_targets, 1), API_PAGE) // API_PAGE * API_PAGE
            api.append(f"/api/v1/targets?offset={offset}")
    return {
        "文書 /documents/{id}": [f"/documents/{i}" for i in documents],
        "目標 /targets/{id}": [f"/targets/{i}" for i in targets],
        "検索 /search?q=…": searches,
        "API /api/v1/targets": api,
    }


def chosen(paths: dict[str, list[str]], only: str | None) -> dict[str, list[str]]:
    """The scenarios whose name holds `only` (all of them without it)."""
    return {name: urls for name, urls in paths.items() if only is None or only in name}


# --- the servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str, timeout: float = REQUEST_TIMEOUT_S) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def group_cpu_seconds(group: int) -> float:
    """User + system CPU seconds of the live processes of a process group (a server and its workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # fields 14, 15: utime, stime
    return total / ticks


@dataclass
class Server:
    name: str
    command: list[str]
    shown: str  # the command as a user would type it
    port: int
    ready: str  # a path that answers 200 once the server is up
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        progress(f"{self.name}: {self.shown}")
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO_ROOT,
                env={**os.environ, **self.env},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: the workers are stopped with it
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if get(self.port, self.ready, timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise SystemExit(f"{self.name} did not answer {self.ready} within {READY_TIMEOUT_S:g} s:\n{self.tail()}")

    def cpu_seconds(self) -> float:
        return group_cpu_seconds(self.process.pid) if self.process else 0.0

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)  # as Ctrl+C: uvicorn stops its workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


def hyoka_server(url: str, workers: int, log_dir: Path) -> Server:
    port = free_port()
    where = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    return Server(
        name=f"hyoka ({where}, {workers} worker{'s' if workers > 1 else ''})",
        command=[
            sys.executable,
            "-m",
            "hyoka",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        shown=f"HYOKA_DATABASE_URL=… uv run hyoka serve --host {HOST} --port {port} --workers {workers}",
        port=port,
        ready="/api/v1/targets?limit=1",
        log=log_dir / f"hyoka-{where.lower()}-{workers}w.log",
        env={"HYOKA_DATABASE_URL": url},
    )


def datasette_server(database: Path, log_dir: Path) -> Server:
    port = free_port()
    return Server(
        name="datasette",
        command=[sys.executable, "-m", "datasette", "serve", "-i", str(database), "--host", HOST, "--port", str(port)],
        shown=f"uv run datasette serve -i {database.name} --host {HOST} --port {port}",
        port=port,
        ready="/-/versions.json",
        log=log_dir / "datasette.log",
    )


# --- the load generator ----------------------------------------------------------------------------


@dataclass
class Load:
    """One bounded run: what came back, and what it cost."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    failures: list[str] = field(default_factory=list)  # the first few, for the report
    issued: int = 0
    rows: int = 0
    seconds: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def failed(self, what: str) -> None:
        self.errors += 1
        if len(self.failures) < 5:
            self.failures.append(what)


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bool]:
    """Send one GET and read its whole answer; its status and whether the server closes."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    version, status_text = lines[0].split(b" ", 2)[:2]
    status = int(status_text)
    length, chunked, closing = None, False, version == b"HTTP/1.0"  # 1.0 closes unless it says keep-alive
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            closing = b"close" in value or (closing and b"keep-alive" not in value)
    if chunked:
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")  # no trailers are sent
    elif length is not None:
        await reader.readexactly(length)
    elif status not in {204, 304}:
        await reader.read()
        closing = True
    return status, closing


async def _client(
    port: int, requests: list[bytes], rows: list[int], load: Load, *, limit: int, deadline: float
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while load.issued < limit and time.perf_counter() < deadline:
        k = load.issued % len(requests)
        load.issued += 1
        for attempt in (1, 2):  # a kept-alive connection the server closed unanswered: once more, anew
            reused = writer is not None
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                started = time.perf_counter()
                status, closing = await asyncio.wait_for(_exchange(reader, writer, requests[k]), REQUEST_TIMEOUT_S)
                load.latencies_ms.append((time.perf_counter() - started) * 1000)
                break
            except (OSError, EOFError, ValueError, IndexError, TimeoutError, asyncio.IncompleteReadError) as exc:
                if writer is not None:
                    writer.close()
                reader = writer = None
                unanswered = isinstance(exc, (ConnectionResetError, asyncio.IncompleteReadError)) and not getattr(
                    exc, "partial", b""
                )
                if attempt == 1 and reused and unanswered:
                    continue
                load.failed(f"{requests[k].split(b' ')[1].decode()}: {type(exc).__name__} {exc}")
                break
        if writer is None:  # failed: counted above
            continue
        if status == 200:
            load.rows += rows[k]
        else:
            load.failed(f"{requests[k].split(b' ')[1].decode()}: HTTP {status}")
        if closing:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _load(port: int, requests: list[bytes], rows: list[int], *, clients: int, limit: int, seconds: float) -> Load:
    load = Load()
    started = time.perf_counter()
    cpu = time.process_time()
    deadline = started + seconds
    await asyncio.gather(*(_client(port, requests, rows, load, limit=limit, deadline=deadline) for _ in range(clients)))
    load.seconds = time.perf_counter() - started
    load.client_cpu_s = time.process_time() - cpu
    return load


def run_load(
    server: Server, paths: Sequence[str], *, clients: int, requests: int, seconds: float, rows: Sequence[int] = ()
) -> Load:
    """`requests` GETs of `paths` in turn (or fewer, when `seconds` run out) from `clients` clients."""
    head = f"Host: {HOST}:{server.port}\r\nUser-Agent: hyoka-web-bench\r\n\r\n"
    wire = [f"GET {p} HTTP/1.1\r\n{head}".encode() for p in paths]
    counts = list(rows) or [0] * len(wire)
    before = server.cpu_seconds()
    load = asyncio.run(_load(server.port, wire, counts, clients=clients, limit=requests, seconds=seconds))
    load.server_cpu_s = server.cpu_seconds() - before
    return load


# --- the scenarios ---------------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    load: Load

    def cells(self) -> str:
        lat, n = self.load.latencies_ms, self.load.requests
        p50 = f"{percentile(lat, 50):.1f}" if lat else "—"
        p95 = f"{percentile(lat, 95):.1f}" if lat else "—"
        top = f"{max(lat):.1f}" if lat else "—"
        rate = n / self.load.seconds if self.load.seconds else 0.0
        server_ms = self.load.server_cpu_s * 1000 / n if n else 0.0
        client = self.load.client_cpu_s / self.load.seconds * 100 if self.load.seconds else 0.0
        return (
            f"| {self.scenario} | {n:,} | {self.load.errors} | {p50} | {p95} | {top} | {rate:,.1f} | "
            f"{server_ms:.1f} | {client:.0f} % |"
        )


TABLE_HEAD = [
    "| scenario | requests | errors | p50 ms | p95 ms | max ms | req/s | server CPU ms/req | client CPU |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def run_scenarios(server: Server, paths: dict[str, list[str]], args: argparse.Namespace) -> list[Row]:
    rows = []
    for scenario, urls in paths.items():
        if args.warmup:
            progress(f"  {scenario}: warm-up, {args.warmup} requests")
            warm = run_load(server, urls, clients=args.clients, requests=args.warmup, seconds=args.seconds)
            if warm.errors:
                rows.append(Row(f"{scenario} (warm-up)", warm))
        progress(f"  {scenario}: {args.requests} requests or {args.seconds:g} s, {args.clients} clients")
        rows.append(
            Row(scenario, run_load(server, urls, clients=args.clients, requests=args.requests, seconds=args.seconds))
        )
        progress("  " + rows[-1].cells())
    return rows


def pages_section(title: str, server: Server, rows: list[Row], facts: list[str], before: str) -> list[str]:
    worst = max((percentile(r.load.latencies_ms, 95) for r in rows if r.load.latencies_ms), default=math.inf)
    errors = sum(r.load.errors for r in rows)
    failures = [f for r in rows for f in r.load.failures]
    slow = [r.scenario for r in rows if not r.load.latencies_ms or percentile(r.load.latencies_ms, 95) >= P95_BUDGET_MS]
    met = errors == 0 and not slow
    lines = [
        f"### {title}",
        "",
        f"- server: `{server.shown}`",
        *facts,
        f"- load average (1, 5, 15 min) before: {before}; after: {load_average()}",
        "",
        *TABLE_HEAD,
        *(r.cells() for r in rows),
        "",
        f"requirement p95 under {P95_BUDGET_MS:g} ms and no errors: worst p95 {worst:.1f} ms, {errors} errors -> "
        + ("**met**" if met else "**not met**" + (f" (p95 ≥ {P95_BUDGET_MS:g} ms: {', '.join(slow)})" if slow else "")),
    ]
    if failures:
        lines += ["", "first failures: " + "; ".join(failures)]
    return lines


# --- hyoka's JSON list beside datasette's ----------------------------------------------------------


def hyoka_pages(server: Server, total: int) -> tuple[list[str], list[int], set[int]]:
    """hyoka's pages of ROWS_PAGE targets, the rows of each, and the ids they hold (read once)."""
    paths: list[str] = []
    counts: list[int] = []
    ids: set[int] = set()
    for offset in range(0, total, ROWS_PAGE):
        path = f"/api/v1/targets?limit={ROWS_PAGE}&offset={offset}"
        status, body = get(server.port, path)
        if status != 200:
            raise SystemExit(f"hyoka {path}: HTTP {status}")
        data = json.loads(body)["data"]
        paths.append(path)
        counts.append(len(data))
        ids.update(row["id"] for row in data)
    return paths, counts, ids


def datasette_pages(server: Server, database: str) -> tuple[list[str], list[int], set[int]]:
    """datasette's keyset pages of the targets table (following `next`), the rows of each, the ids."""
    base = f"/{database}/targets.json?_size={ROWS_PAGE}&_shape=objects&_nosuggest=1"
    paths: list[str] = []
    counts: list[int] = []
    ids: set[int] = set()
    token: str | None = None
    while True:
        path = base + (f"&_next={quote(token)}" if token else "")
        status, body = get(server.port, path)
        if status != 200:
            raise SystemExit(f"datasette {path}: HTTP {status}: {body[:200]!r}")
        page = json.loads(body)
        paths.append(path)
        counts.append(len(page["rows"]))
        ids.update(row["id"] for row in page["rows"])
        token = page.get("next")
        if not token:
            return paths, counts, ids


@dataclass
class RowsRun:
    who: str
    server: Server
    load: Load

    @property
    def rate(self) -> float:
        return self.load.rows / self.load.seconds if self.load.seconds else 0.0


def rows_section(runs: list[RowsRun], pages: dict[str, int], total: int, database: str) -> list[str]:
    data = next(r for r in runs if r.who.startswith("datasette"))
    lines = [
        "### hyoka's JSON list of targets beside datasette's, the same SQLite file",
        "",
        f"- the {total:,} targets read whole, {ROWS_PAGE} rows a page, the pages in turn by the same clients; "
        f"hyoka `/api/v1/targets?limit={ROWS_PAGE}&offset=…` ({pages['hyoka']} pages: the list's query, "
        "joins to document, agency and item, marks and baselines), datasette "
        f"`/{database}/targets.json?_size={ROWS_PAGE}&_shape=objects&_nosuggest=1&_next=…` ({pages['datasette']} "
        "keyset pages of the table); both walks hold the same target ids",
        "",
        "| server | pages fetched | errors | rows | p50 ms | p95 ms | req/s | rows/s | × datasette |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lat = run.load.latencies_ms
        lines.append(
            f"| {run.who} | {run.load.requests:,} | "
            f"{run.load.errors} | {run.load.rows:,} | {percentile(lat, 50):.1f} | {percentile(lat, 95):.1f} | "
            f"{run.load.requests / run.load.seconds:,.1f} | {run.rate:,.0f} | {run.rate / data.rate:.2f} |"
        )
    verdicts = [
        f"{r.who}: {r.rate / data.rate:.2f}× datasette -> {'**met**' if r.rate >= data.rate else '**not met**'}"
        for r in runs
        if r is not data
    ]
    return [*lines, "", "requirement hyoka at least as fast as datasette (rows/s): " + "; ".join(verdicts)]


def compare_with_datasette(
    *, database: Path, url: str, hyoka: Server, known: Catalogue, args: argparse.Namespace, log_dir: Path
) -> tuple[list[str], int]:
    with running(datasette_server(database, log_dir)) as data:
        status, body = get(data.port, "/-/databases.json")
        names = [entry["name"] for entry in json.loads(body) if Path(entry.get("path") or "").name == database.name]
        if status != 200 or not names:
            raise SystemExit(f"datasette does not list {database.name}: {body[:200]!r}")
        name = names[0]
        h_paths, h_rows, h_ids = hyoka_pages(hyoka, known.listed_targets)
        d_paths, d_rows, d_ids = datasette_pages(data, name)
        if h_ids != d_ids:
            raise SystemExit(
                f"not the same rows: hyoka lists {len(h_ids)} targets, datasette {len(d_ids)} "
                f"({len(h_ids ^ d_ids)} differ)"
            )
        bound = {"clients": args.clients, "requests": args.requests, "seconds": args.seconds}
        warm = {"clients": args.clients, "requests": args.warmup, "seconds": args.seconds}

        def measure(who: str, server: Server, paths: list[str], rows: list[int]) -> RowsRun:
            if args.warmup:
                run_load(server, paths, rows=rows, **warm)
            progress(f"  rows: {who}")
            return RowsRun(who, server, run_load(server, paths, rows=rows, **bound))

        runs = [
            measure(f"hyoka (`hyoka serve --workers {args.workers}`)", hyoka, h_paths, h_rows),
            measure("datasette (`datasette serve -i`, one process)", data, d_paths, d_rows),
        ]
        if args.workers > 1:
            with running(hyoka_server(url, 1, log_dir)) as single:
                runs.append(measure("hyoka (`hyoka serve --workers 1`)", single, h_paths, h_rows))
    pages = {"hyoka": len(h_paths), "datasette": len(d_paths)}
    return rows_section(runs, pages, len(h_ids), name), sum(r.load.errors for r in runs)


def postgres_section(args: argparse.Namespace, corpus: Path, log_dir: Path) -> tuple[list[str], int]:
    """The four scenarios on PostgreSQL, and the number of errors."""
    filled = filled_postgres(args.postgres, corpus, args.copies)
    known = catalogue(args.postgres)
    paths = chosen(scenario_paths(known, corpus, args.requests), args.only)
    before = load_average()
    with running(hyoka_server(args.postgres, args.workers, log_dir)) as server:
        rows = run_scenarios(server, paths, args)
    shown = make_url(args.postgres).render_as_string(hide_password=True)
    facts = [
        f"- database: {shown} ({len(known.documents):,} documents, {len(known.targets):,} targets, "
        f"{known.search_entries:,} search entries; "
        + (f"filled in this run in {filled:.0f} s)" if filled else "all copies already stored)"),
    ]
    return pages_section("PostgreSQL", server, rows, facts, before), sum(r.load.errors for r in rows)


# --- report ----------------------------------------------------------------------------------------


def header(corpus: Path, args: argparse.Namespace) -> list[str]:
    return [
        f"# hyoka web benchmarks ({datetime.date.today().isoformat()})",
        "",
        f"- corpus: {corpus} ({corpus.stat().st_size:,} bytes) × {args.copies} distinct copies",
        f"- python: {platform.python_implementation()} {platform.python_version()}; SQLite {sqlite3.sqlite_version}",
        f"- machine: {platform.system()} {platform.release()} {platform.machine()}, cpu count {os.cpu_count()}",
        f"- hyoka: {__version__}; {args.clients} clients on loopback, keep-alive, closed loop; each scenario "
        f"{args.requests:,} requests or {args.seconds:g} s, whichever first, after {args.warmup} untimed requests",
        f"- load average (1, 5, 15 min) at the start: {load_average()} (other work on the machine shows here)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, help=f"corpus file (default: {default_input()})")
    parser.add_argument("--copies", type=int, default=100, metavar="N", help="corpus copies in the database (100)")
    parser.add_argument("--clients", type=int, default=20, metavar="N", help="concurrent clients (20)")
    parser.add_argument("--requests", type=int, default=2000, metavar="N", help="requests per scenario at most (2000)")
    parser.add_argument("--seconds", type=float, default=20.0, metavar="S", help="seconds per scenario at most (20)")
    parser.add_argument("--warmup", type=int, default=200, metavar="N", help="untimed requests first (200)")
    parser.add_argument("--workers", type=int, default=2, metavar="N", help="hyoka serve --workers (2)")
    parser.add_argument("--postgres", metavar="URL", help="also serve hyoka on this PostgreSQL database")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help=f"(default: {DEFAULT_CACHE})")
    parser.add_argument("--rebuild", action="store_true", help="build the cached SQLite database again")
    parser.add_argument(
        "--only", metavar="TEXT", help="run only the scenarios whose name holds TEXT (and not the datasette walk)"
    )
    args = parser.parse_args(argv)
    corpus: Path = args.file or default_input()
    if min(args.copies, args.clients, args.requests, args.workers) < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--copies, --clients, --requests and --workers must be at least 1, --seconds above 0")
    if not corpus.is_file():
        parser.error(f"no such file: {corpus} (give one with --file, or set HYOKA_CORPUS_DIR)")

    sections = [header(corpus, args)]
    errors = 0
    database, built = cached_sqlite(corpus, args.copies, args.cache_dir, args.rebuild)
    url = f"sqlite:///{database}"
    with tempfile.TemporaryDirectory(prefix="hyoka-web-bench-logs-") as logs:
        log_dir = Path(logs)
        known = catalogue(url)
        paths = chosen(scenario_paths(known, corpus, args.requests), args.only)
        if not paths:
            parser.error(f"--only {args.only}: no scenario's name holds it")
        before = load_average()
        with running(hyoka_server(url, args.workers, log_dir)) as hyoka:
            rows = run_scenarios(hyoka, paths, args)
            errors += sum(r.load.errors for r in rows)
            size = database.stat().st_size / 2**20
            facts = [
                f"- database: {database} ({size:,.0f} MiB; {len(known.documents):,} documents, "
                f"{len(known.targets):,} targets, {known.search_entries:,} search entries; "
                + (f"built in this run in {built:.0f} s)" if built else "reused from an earlier run)"),
            ]
            sections.append(pages_section("SQLite", hyoka, rows, facts, before))
            if not args.only:
                compared, failed = compare_with_datasette(
                    database=database, url=url, hyoka=hyoka, known=known, args=args, log_dir=log_dir
                )
                sections.append(compared)
                errors += failed
        if args.postgres:
            section, failed = postgres_section(args, corpus, log_dir)
            sections.append(section)
            errors += failed
    sections.append([f"errors in all: {errors}; load average at the end: {load_average()}"])
    print("\n\n".join("\n".join(section) for section in sections))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
