"""Many `hyoka ingest` processes at once, on SQLite and PostgreSQL: every document is stored exactly
once and every process exits cleanly; a writer that waits too long says so and writes nothing.

Each case starts on a new, unmigrated database, so the processes also race to create the schema:
the migration runs under a lock, once.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import WRITE_LOCK_KEY
from hyoka.store.engine import make_engine
from hyoka.store.migrate import is_current, upgrade
from hyoka.store.search_table import SearchEntry

AGENCY = "日本架空技術振興機構"
PROCESSES = 8
DOCUMENTS_PER_FILE = 6  # enough rows that the writes of different processes overlap in time
TIMEOUT_S = 300


def bundle(path: Path, first: int) -> list[str]:
    """A file of distinct copies of the sample (the agency renamed); returns their full names."""
    sample = sample_path().read_text(encoding="utf-8")
    numbers = range(first, first + DOCUMENTS_PER_FILE)
    path.write_text("\n".join(sample.replace(AGENCY, f"{AGENCY}{n}") for n in numbers), encoding="utf-8")
    return [f"独立行政法人{AGENCY}{n}" for n in numbers]


def start(paths: Sequence[Path], settings: Settings, **env: str) -> list[subprocess.Popen[str]]:
    # Writers queue for the lock; on a loaded 2-core machine eight of them can wait past the default
    # 60 s. What is tested is that they serialise without loss, not how fast: wait long by default.
    environment = {
        **os.environ,
        "HYOKA_DATABASE_URL": settings.database_url,
        "NO_COLOR": "1",
        "COLUMNS": "400",
        "HYOKA_LOCK_TIMEOUT": "300",
        **env,
    }
    return [
        subprocess.Popen(
            [sys.executable, "-m", "hyoka", "ingest", str(path)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for path in paths
    ]


def finish(processes: Sequence[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    done = []
    for process in processes:
        out, err = process.communicate(timeout=TIMEOUT_S)
        done.append((process.returncode, out, err))
    return done


def assert_clean(done: Sequence[tuple[int, str, str]]) -> None:
    for code, out, err in done:
        assert code == 0, f"exit {code}\n{out}\n{err}"
        assert "Traceback" not in out + err, err


def stored_counts(settings: Settings) -> tuple[dict[str, int], int, int]:
    """Documents per agency, source files, and search entries whose document is missing."""
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            per_agency = dict(
                connection.execute(
                    select(d.Agency.full_name, func.count(d.ObjectiveDocument.id))
                    .join(d.ObjectiveDocument, d.ObjectiveDocument.agency_id == d.Agency.id)
                    .group_by(d.Agency.full_name)
                ).all()
            )
            files = connection.scalar(select(func.count()).select_from(d.SourceFile)) or 0
            orphans = connection.scalar(
                select(func.count())
                .select_from(SearchEntry)
                .outerjoin(d.ObjectiveDocument, d.ObjectiveDocument.id == SearchEntry.document_id)
                .where(d.ObjectiveDocument.id.is_(None))
            )
            return {str(k): int(v) for k, v in per_agency.items()}, files, orphans or 0
    finally:
        engine.dispose()


def test_eight_processes_eight_files_on_a_new_database(settings: Settings, tmp_path: Path) -> None:
    paths, names = [], []
    for k in range(PROCESSES):
        path = tmp_path / f"bundle-{k}.txt"
        names += bundle(path, 100 * (k + 1))
        paths.append(path)
    done = finish(start(paths, settings))
    assert_clean(done)
    per_agency, files, orphans = stored_counts(settings)
    assert per_agency == dict.fromkeys(names, 1)
    assert (files, orphans) == (PROCESSES, 0)
    engine = make_engine(settings.database_url)
    try:
        assert is_current(engine)
    finally:
        engine.dispose()


def test_eight_processes_one_file(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bundle.txt"
    names = bundle(path, 1)
    done = finish(start([path] * PROCESSES, settings))
    assert_clean(done)
    per_agency, files, orphans = stored_counts(settings)
    assert per_agency == dict.fromkeys(names, 1)
    assert (files, orphans) == (1, 0)
    registered = [out for _, out, _ in done if "登録" in out and "変更なし" not in out]
    assert len(registered) == 1, "exactly one process stores the file; the others find it stored"


def test_a_writer_that_waits_too_long_gives_up_cleanly(settings: Settings, tmp_path: Path) -> None:
    """Another writer holds the lock past HYOKA_LOCK_TIMEOUT: the ingest fails with one line, exit 1."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    path = tmp_path / "bundle.txt"
    bundle(path, 1)
    holder: sqlite3.Connection | None = None
    pg = None
    try:
        if settings.is_sqlite:
            database = make_url(settings.database_url).database
            assert database
            holder = sqlite3.connect(database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
        else:
            pg = engine.connect()
            pg.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK_KEY})
        ((code, out, err),) = finish(start([path], settings, HYOKA_LOCK_TIMEOUT="1"))
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
        if pg is not None:
            pg.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK_KEY})
            pg.close()
        engine.dispose()
    assert code == 1, f"{out}\n{err}"
    assert "Traceback" not in out + err
    assert "busy" in out, out
    assert "nothing was written" in out, out
    per_agency, files, _ = stored_counts(settings)
    assert (per_agency, files) == ({}, 0)


@pytest.mark.parametrize("value", ["soon", "-3", "0", "inf", "nan"])
def test_a_bad_lock_timeout_is_refused_by_name(value: str, tmp_path: Path) -> None:
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "HYOKA_LOCK_TIMEOUT": value}
    result = CliRunner().invoke(app, ["ingest", str(sample_path())], env=env)
    assert result.exit_code == 2, result.output
    assert "HYOKA_LOCK_TIMEOUT" in result.output
    assert not (tmp_path / "x.sqlite").exists()
