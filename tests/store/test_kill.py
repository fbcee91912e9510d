"""A `hyoka ingest` killed with SIGKILL in the middle of its write transaction leaves the database
consistent and without a trace of the file; ingesting the file again afterwards stores all of it.

How the kill is aimed (no test hook in the package):

1. Calibration: a bundle of distinct documents is ingested in this process into the same
   database, timing its transaction (session events `after_begin` → `after_commit`). It stays
   in the database, so the kill happens with data already stored.
2. `python -m hyoka ingest BUNDLE` runs as a subprocess on another bundle of as many documents.
   The test polls until the subprocess is provably inside its write transaction: on SQLite
   another connection cannot take the write lock (`BEGIN IMMEDIATE` fails: database is
   locked); on PostgreSQL a backend other than ours holds a transaction id (`backend_xid`),
   which a transaction gets at its first write. The schema is migrated beforehand, so the
   subprocess's own migration step writes nothing and cannot be mistaken for the ingest.
3. It sleeps about half the calibrated transaction time, checks the subprocess is still alive
   and still inside the transaction, and kills it with SIGKILL.

If the subprocess commits before the kill (a fast machine), the attempt is repeated with a new
bundle of twice as many documents, up to three attempts in all.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.search import search

AGENCY = "日本架空技術振興機構"
DOCUMENTS = 40  # first attempt; doubled on each retry
ATTEMPTS = 3
POLL_S = 0.005
TIMEOUT_S = 60.0


def write_bundle(path: Path, numbers: range) -> list[str]:
    """A bundle file of the sample document once per number, the agency renamed to AGENCY{number}
    (so each copy is a distinct document); returns the agency full names in order."""
    sample = sample_path().read_text(encoding="utf-8")
    path.write_text("\n".join(sample.replace(AGENCY, f"{AGENCY}{n}") for n in numbers), encoding="utf-8")
    return [f"独立行政法人{AGENCY}{n}" for n in numbers]


def timed_ingest(sessions: Database, path: Path, settings: Settings) -> tuple[int, float]:
    """Ingest in this process; the number of documents stored and the seconds its transaction took."""
    marks: dict[str, float] = {}

    def began(*_args: object) -> None:
        marks.setdefault("begin", time.perf_counter())

    def committed(*_args: object) -> None:
        marks["commit"] = time.perf_counter()

    event.listen(sessions.writes, "after_begin", began)
    event.listen(sessions.writes, "after_commit", committed)
    try:
        outcome = ingest_file(sessions, path, settings)
    finally:
        event.remove(sessions.writes, "after_begin", began)
        event.remove(sessions.writes, "after_commit", committed)
    assert outcome.status == "stored", outcome.error
    return len(outcome.stored), marks["commit"] - marks["begin"]


def sqlite_file(settings: Settings) -> str:
    database = make_url(settings.database_url).database
    assert database
    return database


def writing(settings: Settings, engine: Engine) -> bool:
    """Is a connection other than ours inside a transaction that has written?"""
    if settings.is_sqlite:
        probe = sqlite3.connect(sqlite_file(settings), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                return True
            raise
        finally:
            probe.close()
        return False
    with engine.connect() as connection:
        others = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND datname = current_database() AND backend_xid IS NOT NULL"
            )
        )
    return bool(others)


@dataclass
class Kill:
    killed: bool  # False: the subprocess had committed before it could be killed
    after_s: float  # seconds from the start of the write transaction to the kill
    returncode: int
    log: str


def ingest_and_kill(path: Path, settings: Settings, engine: Engine, delay_s: float, log_path: Path) -> Kill:
    env = {**os.environ, "HYOKA_DATABASE_URL": settings.database_url}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hyoka", "ingest", str(path)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while proc.poll() is None and not writing(settings, engine):
            assert time.monotonic() < deadline, "the ingest never began its write transaction"
            time.sleep(POLL_S)
        began = time.perf_counter()
        if proc.poll() is not None:
            return Kill(False, 0.0, proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"))
        time.sleep(delay_s)
        inside = writing(settings, engine)
        if proc.poll() is None and inside:
            proc.send_signal(signal.SIGKILL)
            after = time.perf_counter() - began
            proc.wait(timeout=TIMEOUT_S)
            assert proc.returncode == -signal.SIGKILL
            return Kill(True, after, proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"))
        proc.wait(timeout=TIMEOUT_S)
        return Kill(False, 0.0, proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def wait_until_rolled_back(settings: Settings, engine: Engine) -> None:
    """PostgreSQL rolls the dead client's transaction back when it sees the socket closed."""
    deadline = time.monotonic() + TIMEOUT_S
    while writing(settings, engine):
        assert time.monotonic() < deadline, "the killed transaction was never rolled back"
        time.sleep(0.05)


def orphans(session: Session) -> dict[str, int]:
    """Rows whose parent is missing, per child table (foreign keys say this cannot happen)."""
    checks = {
        "objective_documents without source file": "SELECT count(*) FROM objective_documents o "
        "LEFT JOIN source_files f ON f.id = o.source_file_id WHERE f.id IS NULL",
        "items without document": "SELECT count(*) FROM items i "
        "LEFT JOIN objective_documents o ON o.id = i.document_id WHERE o.id IS NULL",
        "targets without document": "SELECT count(*) FROM targets t "
        "LEFT JOIN objective_documents o ON o.id = t.document_id WHERE o.id IS NULL",
        "search entries without document": "SELECT count(*) FROM search_entries s "
        "LEFT JOIN objective_documents o ON o.id = s.document_id WHERE o.id IS NULL",
        "warnings without source file": "SELECT count(*) FROM parse_warnings w "
        "LEFT JOIN source_files f ON f.id = w.source_file_id WHERE f.id IS NULL",
    }
    return {name: session.scalar(text(sql)) or 0 for name, sql in checks.items()}


def sqlite_checks(settings: Settings) -> None:
    connection = sqlite3.connect(sqlite_file(settings), isolation_level=None)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # the trigram index agrees with its content table (raises SQLITE_CORRUPT_VTAB if not)
        connection.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        entries = connection.execute("SELECT count(*) FROM search_entries").fetchone()
        indexed = connection.execute("SELECT count(*) FROM search_fts").fetchone()
        assert entries == indexed
    finally:
        connection.close()


def test_ingest_killed_mid_transaction_leaves_nothing_and_can_be_redone(
    settings: Settings, engine: Engine, sessions: Database, tmp_path: Path
) -> None:
    calibration = tmp_path / "calibration.txt"
    write_bundle(calibration, range(9001, 9001 + DOCUMENTS))
    stored_before, transaction_s = timed_ingest(sessions, calibration, settings)
    assert stored_before == DOCUMENTS

    documents = DOCUMENTS
    history: list[str] = []
    for attempt in range(ATTEMPTS):
        bundle = tmp_path / f"bundle-{attempt}.txt"
        start = 1000 * (attempt + 1)
        names = write_bundle(bundle, range(start, start + documents))
        with sessions() as session:
            stored_before = session.scalar(select(func.count()).select_from(d.ObjectiveDocument)) or 0
        # about half way through its transaction, scaled by the bundle's size
        delay = 0.5 * transaction_s * documents / DOCUMENTS
        kill = ingest_and_kill(bundle, settings, engine, delay, tmp_path / f"ingest-{attempt}.log")
        history.append(f"{documents} documents, killed={kill.killed}, {kill.after_s:.2f} s into the transaction")
        if kill.killed:
            break
        assert kill.returncode == 0, kill.log
        documents *= 2
    else:
        pytest.fail(f"the ingest committed before every kill ({'; '.join(history)})")
    print(f"calibrated transaction {transaction_s:.2f} s for {DOCUMENTS} documents; " + "; ".join(history))

    wait_until_rolled_back(settings, engine)
    if settings.is_sqlite:
        sqlite_checks(settings)
    sha256 = hashlib.sha256(bundle.read_bytes()).hexdigest()
    with sessions() as session:
        found = orphans(session)
        assert found == dict.fromkeys(found, 0)
        assert session.scalar(select(func.count()).select_from(d.ObjectiveDocument)) == stored_before
        assert session.scalar(select(func.count()).where(d.SourceFile.sha256 == sha256)) == 0
        assert session.scalar(select(func.count()).where(d.Agency.full_name.in_(names))) == 0

    again = ingest_file(sessions, bundle, settings)
    assert again.status == "stored", again.error
    assert [s.agency for s in again.stored] == names
    if settings.is_sqlite:
        sqlite_checks(settings)
    with sessions() as session:
        found = orphans(session)
        assert found == dict.fromkeys(found, 0)
        in_file = (
            select(func.count())
            .select_from(d.ObjectiveDocument)
            .join(d.SourceFile)
            .where(d.SourceFile.sha256 == sha256)
        )
        assert session.scalar(in_file) == documents
        assert session.scalar(select(func.count()).select_from(d.ObjectiveDocument)) == stored_before + documents
        assert search(session, f"{AGENCY}{start}").total > 0
