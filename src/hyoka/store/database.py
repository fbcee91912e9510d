"""Open the configured database, brought to the latest schema, for the length of one job.

`Database` is what every job holds: read sessions that never block, and `write()`, the one way
to change anything. A write is one transaction that first takes the database's writer lock
(SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so writers queue
instead of failing halfway. A writer that waits longer than the lock timeout, a full disk and a
damaged file all end as a `StoreError` with a one-line message, and the transaction is rolled
back: nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hyoka.settings import DEFAULT_LOCK_TIMEOUT_S, Settings
from hyoka.store import generation
from hyoka.store.engine import is_sqlite, make_engine, make_sessions, reader, writer
from hyoka.store.migrate import upgrade

__all__ = [
    "WRITE_LOCK_KEY",
    "Database",
    "DatabaseUnavailable",
    "Session",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "classify",
    "first_line",
    "open_database",
]

#: Key of the advisory lock PostgreSQL writers take (any constant; "hyoka" in ASCII).
WRITE_LOCK_KEY = 0x68796F6B61


class StoreError(Exception):
    """The database cannot do what was asked; the message is one line, password hidden."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or migrated."""


class StoreBusy(StoreError):
    """Another writer held the database for longer than the lock timeout."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full."""


class StoreCorrupt(StoreError):
    """The database file is damaged or not a database at all."""


def first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def _code(exc: DBAPIError) -> str:
    """SQLite's error name (SQLITE_BUSY, …) or PostgreSQL's SQLSTATE, whichever the driver gives."""
    orig = exc.orig
    return str(getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None) or "")


_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED", "55P03")
_FULL = ("SQLITE_FULL", "53100")
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def classify(exc: DBAPIError, *, lock_timeout_s: float, where: str) -> StoreError | None:
    """The `StoreError` a driver error stands for, or None when it is not one of these."""
    code = _code(exc)
    if code.startswith(_BUSY):
        return StoreBusy(
            f"the database {where} is busy: another writer held it for more than {lock_timeout_s:g} s; "
            "nothing was written, try again (HYOKA_LOCK_TIMEOUT sets how long to wait)"
        )
    if code.startswith(_FULL):
        return StoreFull(f"the database {where} is full (no space left on its disk); nothing was written")
    if code.startswith(_CORRUPT):
        return StoreCorrupt(
            f"the database {where} is damaged or not a hyoka database ({first_line(exc)}); "
            "restore a backup with `hyoka restore`"
        )
    return None


class Database:
    """The configured database for one job, used like a sessionmaker.

    `database()` opens a session for reading (SQLite: a plain BEGIN, which never waits for a
    writer; PostgreSQL: autocommit, see `engine.reader`);
    `database.begin()` is a write transaction holding the writer lock, committed at the end of
    the block and rolled back on any error; `database.read()` a read session whose driver
    errors become `StoreError`s as the writes' do.
    """

    def __init__(self, engine: Engine, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> None:
        self.engine = engine
        self.lock_timeout_s = lock_timeout_s
        self.sessions: sessionmaker[Session] = make_sessions(reader(engine))
        self.writes: sessionmaker[Session] = make_sessions(writer(engine))

    @property
    def where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    def __call__(self) -> Session:
        return self.sessions()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session: the one of the `snapshot()` block around, if any, else its own."""
        shared = self._shared()
        if shared is not None:
            with self.translated():
                yield shared
            return
        with self.translated(), self.sessions() as session:
            yield session

    def _shared(self) -> Session | None:
        """The session of this database's `snapshot()` block the caller is in, if any."""
        shared = _shared_read.get()
        return shared[1] if shared is not None and shared[0] is self else None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in the block (in this thread or task) through one session: a page reads
        through half a dozen store calls, and each session of its own took a connection from the
        pool (on PostgreSQL a round trip to check it). On SQLite the block is one read
        transaction and sees one state of the data (a WAL read transaction is a snapshot); on
        PostgreSQL reads run in autocommit (`engine.reader`), each statement seeing the latest
        committed data. Writes go through `begin()` as always; a nested block uses the outer
        one's session."""
        if self._shared() is not None:
            yield
            return
        with self.read() as session:
            token = _shared_read.set((self, session))
            try:
                yield
            finally:
                _shared_read.reset(token)

    @contextmanager
    def begin(self, *, changes_data: bool = True) -> Iterator[Session]:
        """`changes_data=False` for a write that only keeps what was computed from the data (a
        rendering): the generation stays, so answers kept until the data changes stay valid."""
        with self.translated(), self.writes.begin() as session:
            if not self.is_sqlite:
                milliseconds = int(self.lock_timeout_s * 1000)
                session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
                session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
            if changes_data:
                generation.bump(session, sqlite=self.is_sqlite)
            yield session

    def generation(self) -> str:
        """A value that changes whenever anything is written (`hyoka.store.generation`); any
        failure to read it is a `StoreError`, so a caller that can do without it needs no driver
        exceptions of its own."""
        try:
            with self.read() as session:
                return generation.current(session, sqlite=self.is_sqlite)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the database's generation: {first_line(exc)}") from exc

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Driver errors that have a meaning for the user become `StoreError`s."""
        try:
            yield
        except DBAPIError as exc:
            error = classify(exc, lock_timeout_s=self.lock_timeout_s, where=self.where)
            if error is None:
                raise
            raise error from exc


#: The read session of the `Database.snapshot()` block the current thread or task is in.
_shared_read: ContextVar[tuple[Database, Session] | None] = ContextVar("hyoka_shared_read", default=None)


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """The configured database, migrated; the engine is disposed of when the block ends."""
    try:
        engine = make_engine(settings.database_url, lock_timeout_s=settings.lock_timeout_s)
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailable(f"cannot open the database: {first_line(exc)}") from exc
    database = Database(engine, lock_timeout_s=settings.lock_timeout_s)
    try:
        try:
            upgrade(engine)
        except DBAPIError as exc:
            known = classify(exc, lock_timeout_s=settings.lock_timeout_s, where=database.where)
            if known is not None:
                raise known from exc
            raise DatabaseUnavailable(f"cannot open the database {database.where}: {first_line(exc)}") from exc
        except (SQLAlchemyError, OSError) as exc:
            raise DatabaseUnavailable(f"cannot open the database {database.where}: {first_line(exc)}") from exc
        yield database
    finally:
        engine.dispose()
