"""Faults: a full disk during an ingest or an import, a damaged database file, backups taken while
writers run, and restores — each leaves the database whole and says what happened in one line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.backup import BackupError, check_backup, known_revisions
from hyoka.store.database import Database, StoreFull
from hyoka.store.engine import make_engine
from hyoka.store.evaluations import Result
from hyoka.store.ingest import ingest_file
from hyoka.store.migrate import current_revision, upgrade
from hyoka.store.results import ResultRow, import_results

AGENCY = "日本架空技術振興機構"


def bundle(path: Path, numbers: range) -> Path:
    sample = sample_path().read_text(encoding="utf-8")
    path.write_text("\n".join(sample.replace(AGENCY, f"{AGENCY}{n}") for n in numbers), encoding="utf-8")
    return path


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    assert database
    return Path(database)


def documents(database: Database) -> int:
    with database() as session:
        return session.scalar(select(func.count()).select_from(d.ObjectiveDocument)) or 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Database, Settings, Engine]]:
    """A SQLite database that can grow by only a few pages more than it holds after one document:
    SQLite's max_page_count makes every write past it fail as a full disk does (SQLITE_FULL)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'small.sqlite'}")
    engine = make_engine(settings.database_url)
    upgrade(engine)
    database = Database(engine)
    assert ingest_file(database, sample_path(), settings).status == "stored"
    with engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")

    engine.dispose()
    event.listen(engine, "connect", limit)
    yield database, settings, engine
    engine.dispose()


def test_a_full_disk_during_an_ingest_leaves_the_database_as_it_was(
    small_disk: tuple[Database, Settings, Engine], tmp_path: Path
) -> None:
    database, settings, _ = small_disk
    outcome = ingest_file(database, bundle(tmp_path / "big.txt", range(1, 30)), settings)
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert "full" in outcome.error
    assert "nothing was written" in outcome.error
    assert documents(database) == 1
    with database() as session:
        assert session.scalar(select(func.count()).select_from(d.SourceFile)) == 1
        assert session.execute(select(func.count()).select_from(x.Target)).scalar() == 8


def test_a_full_disk_during_an_import_writes_no_result(small_disk: tuple[Database, Settings, Engine]) -> None:
    database, _, _ = small_disk
    with database() as session:
        target = session.scalars(select(x.Target).where(x.Target.scope == "per_year")).first()
        assert target is not None
    rows = [ResultRow(n, target.id, 2026 + n % 5, n, source_note="業務実績報告書" * 400) for n in range(2, 7)]

    def import_until_full() -> None:
        with database.begin() as session:
            for copy in range(80):  # the same rows again and again: corrections pile up
                import_results(session, rows, entered_by="企画課", source=f"r{copy}.csv")

    with pytest.raises(StoreFull, match="full"):
        import_until_full()
    with database() as session:
        assert session.scalar(select(func.count()).select_from(x.Target)) == 8
        assert session.scalar(select(func.count()).select_from(Result)) == 0


def test_the_cli_says_the_disk_is_full(
    small_disk: tuple[Database, Settings, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _settings, engine = small_disk
    monkeypatch.setattr("hyoka.store.database.make_engine", lambda *_a, **_k: engine)
    result = CliRunner().invoke(
        app, ["ingest", str(bundle(tmp_path / "big.txt", range(1, 30)))], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 1, result.output
    assert "full" in result.output


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_named_at_open(damage: str, tmp_path: Path) -> None:
    path = tmp_path / "hyoka.sqlite"
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{path}"}
    assert CliRunner().invoke(app, ["ingest", str(sample_path())], env=env).exit_code == 0
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = path.read_bytes()
    path.write_bytes(b"not a database at all" * 50 if damage == "garbage" else data[: len(data) // 3])
    result = CliRunner().invoke(app, ["list"], env=env)
    assert result.exit_code == 1, result.output
    assert "damaged" in result.stderr
    assert "hyoka restore" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_backup_while_writers_run_is_consistent_and_restores(tmp_path: Path) -> None:
    path = tmp_path / "hyoka.sqlite"
    settings = Settings(database_url=f"sqlite:///{path}")
    env = {**os.environ, "HYOKA_DATABASE_URL": settings.database_url}
    runner_env = {"HYOKA_DATABASE_URL": settings.database_url}
    assert CliRunner().invoke(app, ["ingest", str(sample_path())], env=runner_env).exit_code == 0
    files = [bundle(tmp_path / f"b{k}.txt", range(100 * k, 100 * k + 8)) for k in range(1, 5)]
    writers = [
        subprocess.Popen([sys.executable, "-m", "hyoka", "ingest", str(f)], env=env, stdout=subprocess.DEVNULL)
        for f in files
    ]
    backups = []
    try:
        for k in range(6):
            out = tmp_path / f"backup-{k}.sqlite"
            result = CliRunner().invoke(app, ["backup", str(out)], env=runner_env)
            assert result.exit_code == 0, result.output
            backups.append(out)
    finally:
        for writer in writers:
            assert writer.wait(timeout=300) == 0
    for out in backups:
        info = check_backup(out)
        # a snapshot holds whole files: the sample, plus each bundle entirely or not at all
        assert (info.documents - 1) % 8 == 0, info
        connection = sqlite3.connect(out)
        counts = connection.execute(
            "SELECT f.document_count, count(o.id) FROM source_files f "
            "LEFT JOIN objective_documents o ON o.source_file_id = f.id GROUP BY f.id"
        ).fetchall()
        connection.close()
        assert all(expected == found for expected, found in counts), counts
    final = tmp_path / "final.sqlite"
    assert CliRunner().invoke(app, ["backup", str(final)], env=runner_env).exit_code == 0
    assert check_backup(final).documents == 33
    # restore an early snapshot over the full database
    early = backups[0]
    refused = CliRunner().invoke(app, ["restore", str(early)], env=runner_env)
    assert refused.exit_code == 2
    assert "--replace" in refused.stderr
    restored = CliRunner().invoke(app, ["restore", str(early), "--replace"], env=runner_env)
    assert restored.exit_code == 0, restored.output
    engine = make_engine(settings.database_url)
    try:
        assert documents(Database(engine)) == check_backup(early).documents
    finally:
        engine.dispose()


def test_restore_checks_the_file_and_migrates_an_old_backup(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{old}")
    upgrade(engine, "0004")
    engine.dispose()
    connection = sqlite3.connect(old)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    assert check_backup(old).revision == "0004"
    target = tmp_path / "hyoka.sqlite"
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{target}"}
    result = CliRunner().invoke(app, ["restore", str(old)], env=env)
    assert result.exit_code == 0, result.output
    engine = make_engine(f"sqlite:///{target}")
    try:
        assert current_revision(engine) == max(known_revisions())
    finally:
        engine.dispose()
    for bad, message in ((tmp_path / "none.sqlite", "cannot read"), (sample_path(), "not an SQLite database")):
        refused = CliRunner().invoke(app, ["restore", str(bad)], env=env)
        assert refused.exit_code == 2, refused.output
        assert message in refused.stderr, refused.output
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a hyoka database"):
        check_backup(empty)


def test_backup_and_restore_on_postgresql(settings: Settings, tmp_path: Path) -> None:
    if settings.is_sqlite:
        pytest.skip("the PostgreSQL route")
    if shutil.which("pg_dump") is None:
        if os.environ.get("CI"):
            pytest.fail("pg_dump is not installed: CI installs PostgreSQL with its client tools")
        pytest.skip("pg_dump not installed")
    env = {"HYOKA_DATABASE_URL": settings.database_url}
    assert CliRunner().invoke(app, ["ingest", str(sample_path())], env=env).exit_code == 0
    out = tmp_path / "hyoka.dump"
    result = CliRunner().invoke(app, ["backup", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(app, ["ingest", str(bundle(tmp_path / "b.txt", range(1, 3)))], env=env).exit_code == 0
    restored = CliRunner().invoke(app, ["restore", str(out), "--replace"], env=env)
    assert restored.exit_code == 0, restored.output
    engine = make_engine(settings.database_url)
    try:
        assert documents(Database(engine)) == 1
    finally:
        engine.dispose()
