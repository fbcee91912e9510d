"""Ingest files: read, parse and store each in one transaction, so a failure leaves nothing.

Outcomes per file: `stored` (new documents or versions written), `unchanged` (the same bytes,
or the same documents, were stored before), `failed` (with the reason and the line if known).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.settings import Settings
from hyoka.sources import SourceError, read_source
from hyoka.store.documents import ParseWarning
from hyoka.store.writer import document_hash, find_or_add_source, is_stored, write_document

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


def input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and the ingestible files found under folders named (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE)
        else:
            yield path


def ingest_file(sessions: sessionmaker[Session], path: Path, settings: Settings) -> FileOutcome:
    started = time.perf_counter()
    try:
        outcome = _ingest(sessions, path, settings)
    except SourceError as exc:
        outcome = FileOutcome(str(path), "failed", error=exc.message, line=exc.line)
    except NoDocumentError as exc:
        outcome = FileOutcome(str(path), "failed", error=str(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _ingest(sessions: sessionmaker[Session], path: Path, settings: Settings) -> FileOutcome:
    source = read_source(path, max_bytes=settings.max_input_bytes)
    result = parse_source(source)
    outcome = FileOutcome(str(path), "unchanged")
    with sessions.begin() as session:
        file_row, created = find_or_add_source(session, result.source, path.stat().st_size)
        if not created:
            outcome.unchanged = len(result.documents)
            return outcome
        for position, doc in enumerate(result.documents):
            content = document_hash(source, doc)
            if is_stored(session, content):
                outcome.unchanged += 1
                continue
            row = write_document(
                session, source=source, file_row=file_row, position=position, doc=doc, content_sha256=content
            )
            outcome.stored.append(StoredDocument(row.id, doc.agency.full_name, row.kind, row.version))
        for warning in result.warnings:
            session.add(ParseWarning(source_file_id=file_row.id, message=warning.message, line=warning.line))
    if outcome.stored:
        outcome.status = "stored"
        _merge_search_index(sessions)
    return outcome


def _merge_search_index(sessions: sessionmaker[Session]) -> None:
    """PostgreSQL keeps new GIN entries in a pending list every search must read until autovacuum
    merges it; merging right after an ingest keeps searches fast at once."""
    with sessions.begin() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT gin_clean_pending_list('ix_search_entries_trgm')"))
