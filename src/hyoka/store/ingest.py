"""Ingest files: read, parse and store each in one transaction, so a failure leaves nothing.

The work is ordered so that the writer lock is held as briefly as possible and processes that
ingest at the same time never fail for it: the file is read and its hash looked up (a file
already stored is not even parsed); the parse and every row are prepared with no transaction
open; only then does the write transaction begin, checks again what another process may have
stored meanwhile, and inserts in bulk.

Outcomes per file: `stored` (new documents or versions written), `unchanged` (the same bytes,
or the same documents, were stored before — by this run or by another process at the same
time), `failed` (with the reason and the line if known: bad input, or a database that stayed
busy, is full or damaged).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hyoka.model import SourceInfo, Warning
from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.settings import Settings
from hyoka.sources import SourceError, SourceText, read_source
from hyoka.store.bulk import insert_rows, table_of
from hyoka.store.database import Database, StoreError
from hyoka.store.documents import ParseWarning, SourceTextRow
from hyoka.store.plan import DocumentPlan, plan_document
from hyoka.store.writer import find_or_add_source, find_source, is_stored, write_plan

INGESTIBLE = frozenset({".txt", ".text", ".pdf", ".docx"})


@dataclass(slots=True)
class StoredDocument:
    id: int
    agency: str | None
    kind: str | None
    version: int


@dataclass(slots=True)
class FileOutcome:
    path: str
    status: str  # stored, unchanged or failed
    stored: list[StoredDocument] = field(default_factory=list)
    unchanged: int = 0
    error: str | None = None
    line: int | None = None
    seconds: float = 0.0
    by_another_process: bool = False  # unchanged because another process stored it meanwhile


def input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and the ingestible files found under folders named (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE)
        else:
            yield path


def ingest_file(database: Database, path: Path, settings: Settings) -> FileOutcome:
    started = time.perf_counter()
    try:
        with _collector_paused():
            outcome = _ingest(database, path, settings)
    except SourceError as exc:
        outcome = FileOutcome(str(path), "failed", error=exc.message, line=exc.line)
    except NoDocumentError as exc:
        outcome = FileOutcome(str(path), "failed", error=str(exc))
    except StoreError as exc:
        outcome = FileOutcome(str(path), "failed", error=str(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one file is read, parsed and stored.

    A parse allocates objects by the hundred thousand, which sets off full collections of the
    whole heap (the ORM's metadata, the models, every imported module): each one cost some 50 ms,
    a fifth of a PDF ingest of the corpus, and found nothing to free, since what a parse drops is
    freed by reference counting (about 350 objects in cycles per ingest of the corpus, collected
    as soon as the collector runs again). Left as it was if the caller had it off already.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _already_stored(database: Database, sha256: str) -> int | None:
    """How many documents the file held when it was stored, or None when it was not."""
    with database.read() as session:
        row = find_source(session, sha256)
        return None if row is None else row.document_count or 0


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A parsed file with every row planned: all an ingest does before it takes the lock."""

    info: SourceInfo
    plans: list[DocumentPlan]
    warnings: list[Warning]
    size: int
    text: str
    page_starts: list[list[int]]


def _prepare(source: SourceText, path: Path) -> _Prepared:
    result = parse_source(source)
    plans = [plan_document(source, doc, position) for position, doc in enumerate(result.documents)]
    text, page_starts = source_text(source)
    return _Prepared(result.source, plans, result.warnings, path.stat().st_size, text, page_starts)


def source_text(source: SourceText) -> tuple[str, list[list[int]]]:
    """The file's lines joined as read, and [line, page] where each page begins."""
    starts: list[list[int]] = []
    for line in source.lines:
        if line.page is not None and (not starts or starts[-1][1] != line.page):
            starts.append([line.number, line.page])
    return "\n".join(line.text for line in source.lines), starts


def _ingest(database: Database, path: Path, settings: Settings) -> FileOutcome:
    source = read_source(path, max_bytes=settings.max_input_bytes)
    outcome = FileOutcome(str(path), "unchanged")
    known = _already_stored(database, source.sha256)
    if known is not None:
        outcome.unchanged = known
        return outcome
    prepared = _prepare(source, path)
    try:
        _write(database, prepared, outcome)
    except IntegrityError:
        # Only a writer that bypassed the lock (an older hyoka) can race us to the same file.
        if _already_stored(database, source.sha256) is None:
            raise
        outcome.stored.clear()
        outcome.unchanged, outcome.by_another_process = len(prepared.plans), True
    if outcome.stored:
        outcome.status = "stored"
        _merge_search_index(database)
    return outcome


def _write(database: Database, prepared: _Prepared, outcome: FileOutcome) -> None:
    with database.begin() as session:
        file_id, created = find_or_add_source(session, prepared.info, prepared.size, len(prepared.plans))
        if not created:  # another process stored the same bytes between our look-up and our lock
            outcome.unchanged, outcome.by_another_process = len(prepared.plans), True
            return
        for plan in prepared.plans:
            if is_stored(session, plan.content_sha256):
                outcome.unchanged += 1
                continue
            row = write_plan(session, file_id=file_id, plan=plan)
            outcome.stored.append(StoredDocument(row.id, plan.document.agency.full_name, row.kind, row.version))
        text_row = {"source_file_id": file_id, "text": prepared.text, "page_starts": prepared.page_starts}
        insert_rows(session, table_of(SourceTextRow), [text_row])
        warnings = [{"source_file_id": file_id, "message": w.message, "line": w.line} for w in prepared.warnings]
        insert_rows(session, table_of(ParseWarning), warnings)


def _merge_search_index(database: Database) -> None:
    """PostgreSQL keeps new GIN entries in a pending list every search must read until autovacuum
    merges it; merging right after an ingest keeps searches fast at once."""
    if database.is_sqlite:
        return
    with database.read() as session, session.begin():
        session.execute(text("SELECT gin_clean_pending_list('ix_search_entries_trgm')"))
