"""Engines for the two supported databases: SQLite (default, one file) and PostgreSQL.

SQLite gets WAL journaling (readers never block the writer), foreign keys on (off by default
in SQLite) and a busy timeout, set on every new connection. Transactions are begun by hyoka,
not by the driver: pysqlite would otherwise run DDL outside any transaction (two processes
migrating a new file at once then collide) and open a write transaction only at the first
write, where a reader turned writer cannot wait for the lock but fails at once. A connection
with the execution option `WRITE_OPTION` begins with `BEGIN IMMEDIATE`, which takes the write
lock up front and waits for it up to the busy timeout; every other transaction is a plain
`BEGIN` that never blocks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hyoka.settings import DEFAULT_LOCK_TIMEOUT_S

#: Execution option of connections that will write: on SQLite they begin with BEGIN IMMEDIATE.
WRITE_OPTION = "hyoka_write"
SQLITE_MMAP_BYTES = 256 * 2**20  # of the database file mapped, at most
SQLITE_CACHE_KIB = 16 * 1024  # page cache of each connection, at most


def _sqlite_pragmas(timeout_s: float) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        # hyoka emits BEGIN itself (see `_sqlite_begin`); the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Reads: the file mapped into memory (its pages read from the OS cache without a copy) and
        # a larger page cache than the default 2 MiB. A search that joins thousands of index
        # entries to their rows spent most of its time bringing pages back in (研究開発成果 on
        # the corpus x100: 98 ms -> 14 ms). Both only take memory as pages are read.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    return connect


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a file where a folder should be, a read-only place
                raise OSError(f"cannot create the folder {folder} for the database: {exc.strerror or exc}") from exc
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas(lock_timeout_s))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) with `WRITE_OPTION` set: what write transactions run on."""
    return engine.execution_options(**{WRITE_OPTION: True})


def reader(engine: Engine) -> Engine:
    """What read sessions run on. PostgreSQL: the same pool in autocommit, since a read
    transaction there (read committed) gives each statement its own snapshot anyway, and its
    BEGIN and ROLLBACK were two round trips to the server per read session (a 目標 page 4.6 →
    3.4 ms). SQLite: the engine itself, whose read transaction is a snapshot of the file."""
    if is_sqlite(engine):
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
