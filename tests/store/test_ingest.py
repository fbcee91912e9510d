"""Ingestion: what is stored equals what is parsed; repeats change nothing; revisions become
versions; a file that fails leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hyoka.parse import parse_source
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.sources import read_source
from hyoka.store import Base, catalog, writer
from hyoka.store import documents as d
from hyoka.store.catalog import DocumentFilter
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file, input_files
from hyoka.store.reader import load_document
from tests.corpus_support import corpus_dir, require_corpus


def count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_corpus_stored_equals_parsed_and_second_ingest_is_a_no_op(sessions: Database, settings: Settings) -> None:
    require_corpus()
    path = corpus_dir() / "objectives-2025-a.txt"
    first = ingest_file(sessions, path, settings)
    assert first.status == "stored", first.error
    assert len(first.stored) == 5
    parsed = parse_source(read_source(path))
    with sessions() as session:
        for stored, doc in zip(first.stored, parsed.documents, strict=True):
            back = load_document(session, stored.id)
            assert back.model_dump(exclude={"id"}) == doc.model_dump(exclude={"id"}), doc.agency.full_name
    again = ingest_file(sessions, path, settings)
    assert (again.status, again.stored, again.unchanged) == ("unchanged", [], 5)
    with sessions() as session:
        assert count(session, d.ObjectiveDocument) == 5


def test_the_same_document_inside_another_file_is_not_stored_twice(
    sessions: Database, settings: Settings, tmp_path: Path
) -> None:
    text = sample_path().read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(text + "\n\n", encoding="utf-8")  # other bytes, same document
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    outcome = ingest_file(sessions, copy, settings)
    assert (outcome.status, outcome.unchanged) == ("unchanged", 1)


def test_a_revision_becomes_the_next_version(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    draft = sample_path().read_text(encoding="utf-8")
    final = tmp_path / "final.txt"
    final.write_text(draft.replace("（案）", "").replace("4,500", "4,800"), encoding="utf-8")
    first = ingest_file(sessions, sample_path(), settings)
    second = ingest_file(sessions, final, settings)
    assert [s.version for s in second.stored] == [2]
    with sessions() as session:
        newest = session.get(d.ObjectiveDocument, second.stored[0].id)
        assert newest is not None
        assert newest.previous_version_id == first.stored[0].id
        assert [r.version for r in catalog.documents(session, DocumentFilter(), limit=None, offset=0).data] == [1, 2]
        old = load_document(session, first.stored[0].id)
        assert any(t.value == 4500 for t in old.targets)


def test_a_file_that_fails_midway_leaves_nothing(
    sessions: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = writer._Inserter.units

    def broken(self: writer._Inserter) -> None:
        real(self)  # the items, targets and marks are inserted by now
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer._Inserter, "units", broken)
    with pytest.raises(RuntimeError):
        ingest_file(sessions, sample_path(), settings)
    with sessions() as session:
        for model in (d.SourceFile, d.ObjectiveDocument, d.Item, d.Agency):
            assert count(session, model) == 0, model.__tablename__
    monkeypatch.undo()
    assert ingest_file(sessions, sample_path(), settings).status == "stored"


def test_bad_files_fail_alone(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "a" / "empty.txt").write_bytes(b"")
    (tmp_path / "a" / "notes.md").write_text("ignored: not an ingestible suffix", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "b" / "sample.txt").write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    files = list(input_files([tmp_path / "a"]))
    assert sorted(f.name for f in files) == ["broken.txt", "empty.txt", "sample.txt"]
    outcomes = {f.name: ingest_file(sessions, f, settings) for f in files}
    assert {name: o.status for name, o in outcomes.items()} == {
        "broken.txt": "failed",
        "empty.txt": "failed",
        "sample.txt": "stored",
    }
    assert outcomes["broken.txt"].error
    with sessions() as session:
        assert count(session, d.SourceFile) == 1


def test_a_document_with_nothing_to_index_is_stored(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    """A title line alone parses to a document without items, targets or marks: no search entry
    at all, where an executemany of no rows used to insert one row of defaults and fail."""
    bare = tmp_path / "title-only.txt"
    bare.write_text("国立研究開発法人理化学研究所が達成すべき業務運営に関する目標\n", encoding="utf-8")
    outcome = ingest_file(sessions, bare, settings)
    assert outcome.status == "stored", outcome.error
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    with sessions() as session:
        assert count(session, d.ObjectiveDocument) == 2


def test_a_stored_file_is_not_parsed_again(
    sessions: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ingest_file(sessions, sample_path(), settings)
    assert first.status == "stored"

    def no_parse(*_args: object) -> None:
        raise AssertionError("a file known by its hash was parsed again")

    monkeypatch.setattr("hyoka.store.ingest.parse_source", no_parse)
    again = ingest_file(sessions, sample_path(), settings)
    assert (again.status, again.unchanged, again.by_another_process) == ("unchanged", 1, False)
