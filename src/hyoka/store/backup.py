"""Backups of the database and bringing one back.

SQLite: `backup_sqlite` uses SQLite's online backup API, which copies the database as one
consistent snapshot while other processes go on writing (in WAL mode a reader never blocks a
writer); the copy is written beside its destination and renamed into place only once it has
been checked. `check_backup` opens a file read-only and proves it is a whole hyoka database:
SQLite's integrity check, the schema revision (one this hyoka knows), the tables. `restore_sqlite`
checks first, then copies the backup into the configured database with the same API (taking its
write lock, so no writer sees half of it) and migrates it if it is older than this hyoka.

PostgreSQL has its own tools, which hyoka calls when they are installed: `pg_dump --format=custom`
and `pg_restore --clean --if-exists` (see docs/store.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from hyoka.store.migrate import MIGRATIONS

_REQUIRED_TABLES = frozenset({"alembic_version", "source_files", "objective_documents", "items", "targets"})
_SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or a restore cannot be done; the message says why, and nothing was changed."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    revision: str
    documents: int
    size_bytes: int


def known_revisions() -> frozenset[str]:
    return frozenset(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


def check_backup(path: Path) -> BackupInfo:
    """Prove that `path` is a whole hyoka SQLite database; raises BackupError saying what is wrong."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if header != _SQLITE_HEADER:
        raise BackupError(f"{path}: not an SQLite database")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot open the database: {exc}") from None
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchall()
        if verdict != [("ok",)]:
            raise BackupError(f"{path}: the database is damaged ({verdict[0][0]})")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= _REQUIRED_TABLES:
            missing = ", ".join(sorted(_REQUIRED_TABLES - tables))
            raise BackupError(f"{path}: not a hyoka database (no table {missing})")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else ""
        if revision not in known_revisions():
            raise BackupError(f"{path}: schema revision {revision!r} is unknown to this hyoka (a newer version?)")
        documents = connection.execute("SELECT count(*) FROM objective_documents").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: the database cannot be read: {exc}") from None
    finally:
        connection.close()
    return BackupInfo(path, revision, int(documents), path.stat().st_size)


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    """The snapshot into a new file that stands alone: rollback journal, no -wal beside it."""
    target = sqlite3.connect(target_path, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def backup_sqlite(database: Path, out: Path, *, lock_timeout_s: float) -> BackupInfo:
    """A consistent copy of `database` at `out`, checked before it replaces anything there."""
    if not database.is_file():
        raise BackupError(f"{database}: no database to back up")
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    partial = Path(name)
    try:
        source = sqlite3.connect(database, timeout=lock_timeout_s)
        try:
            _copy(source, partial)
        finally:
            source.close()
        check_backup(partial)
        os.chmod(partial, 0o644)
        os.replace(partial, out)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {database}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return check_backup(out)


def stored_documents(database: Path) -> int | None:
    """Documents in the database at `database`: 0 when there is none or no schema yet, None when
    the file cannot be read as a database (damaged, or some other file)."""
    if not database.is_file() or database.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(database)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "objective_documents" not in tables:
            return 0
        return int(connection.execute("SELECT count(*) FROM objective_documents").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _remove_database(database: Path) -> None:
    for path in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        path.unlink(missing_ok=True)


def restore_sqlite(backup: Path, database: Path, *, lock_timeout_s: float) -> BackupInfo:
    """Replace the contents of `database` by the checked backup (the caller migrates it after).

    The copy goes into the database through the backup API, which takes its write lock, so
    processes that have it open see the old contents or the new, never a mix. A damaged file
    (one that cannot even be locked as a database) is removed first.
    """
    info = check_backup(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    if stored_documents(database) is None:
        _remove_database(database)
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(database, timeout=lock_timeout_s)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore into {database}: {exc}; it was left as it was") from None
    return info


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: on PostgreSQL back up with `pg_dump --format=custom --file OUT URL` "
            "and restore with `pg_restore --clean --if-exists --dbname URL FILE` (see docs/store.md)"
        )
    return found


def _libpq_url(url: str) -> str:
    """The URL as libpq tools take it: no SQLAlchemy driver suffix."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {lines[0] if lines else f'exit {done.returncode}'}")


def backup_postgres(url: str, out: Path) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    partial = Path(name)
    try:
        _run([_tool("pg_dump"), "--format=custom", "--file", str(partial), _libpq_url(url)], "pg_dump")
        os.chmod(partial, 0o644)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def restore_postgres(url: str, backup: Path) -> None:
    if not backup.is_file():
        raise BackupError(f"{backup}: no such file")
    _run([_tool("pg_restore"), "--list", str(backup)], f"pg_restore --list {backup} (is it a pg_dump archive?)")
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner"]
    _run([*command, "--dbname", _libpq_url(url), str(backup)], "pg_restore")
