"""Commands that keep the database safe: backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from hyoka.cli.app import EXIT_FAILED, app, checked_output, console, database, fail, settings

if TYPE_CHECKING:
    from hyoka.store.backup import BackupInfo

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
POSTGRES_SUFFIXES = (".dump",)


def _describe(info: BackupInfo) -> str:
    from hyoka.sources.limits import format_size

    return f"{escape(str(info.path))}: {info.documents} 文書, schema {info.revision}, {format_size(info.size_bytes)}"


@app.command()
def backup(
    out: Annotated[Path, typer.Argument(help="File to write: .sqlite (SQLite) or .dump (PostgreSQL, pg_dump).")],
) -> None:
    """Write a consistent copy of the database while others go on using it, and check it.

    Example: hyoka backup hyoka-2026-12-01.sqlite
    """
    from hyoka.store.backup import BackupError, backup_postgres, backup_sqlite, sqlite_path

    config = settings()
    if config.is_sqlite:
        destination = checked_output(out, suffixes=SQLITE_SUFFIXES, what="SQLite backup")
        with database():  # the schema is current before it is copied
            pass
        try:
            info = backup_sqlite(sqlite_path(config.database_url), destination, lock_timeout_s=config.lock_timeout_s)
        except BackupError as exc:
            fail(str(exc), status=EXIT_FAILED)
        console.print(f"バックアップを書き出しました: {_describe(info)}")
        return
    destination = checked_output(out, suffixes=POSTGRES_SUFFIXES, what="pg_dump archive")
    try:
        backup_postgres(config.database_url, destination)
    except BackupError as exc:
        fail(str(exc), status=EXIT_FAILED)
    console.print(f"バックアップを書き出しました: {escape(str(destination))} (pg_dump custom format)")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `hyoka backup`.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a database that already holds documents.")
    ] = False,
) -> None:
    """Bring a backup back as the configured database, after checking that it is whole.

    Example: hyoka restore hyoka-2026-12-01.sqlite --replace
    """
    from hyoka.store.backup import (
        BackupError,
        check_backup,
        restore_postgres,
        restore_sqlite,
        sqlite_path,
        stored_documents,
    )

    config = settings()
    if config.is_sqlite:
        try:
            check_backup(file)
        except BackupError as exc:
            fail(str(exc))
    try:
        if config.is_sqlite:
            target = sqlite_path(config.database_url)
            held = stored_documents(target)
            if held != 0 and not replace:
                what = "is not a readable database" if held is None else f"holds {held} document(s)"
                fail(f"{target} {what}: add --replace to overwrite it with {file}")
            info = restore_sqlite(file, target, lock_timeout_s=config.lock_timeout_s)
        else:
            if not replace:
                fail("restoring into PostgreSQL replaces its tables: add --replace")
            restore_postgres(config.database_url, file)
            info = None
    except BackupError as exc:
        fail(str(exc), status=EXIT_FAILED)
    with database():  # an older backup is brought to the current schema
        pass
    console.print(f"復元しました: {_describe(info) if info else escape(str(file))}")
