"""The text of every ingested file is kept, so a stored document can be shown beside its source."""

from __future__ import annotations

from pathlib import Path

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.sources import read_source
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.source_rows import source_lines


def test_the_lines_of_a_stored_document_are_its_source_lines(sessions: Database, settings: Settings) -> None:
    outcome = ingest_file(sessions, sample_path(), settings)
    [stored] = outcome.stored
    source = read_source(sample_path())
    with sessions.read() as session:
        lines = source_lines(session, stored.id)
    assert lines is not None
    assert lines[0].number >= 1
    for line in lines:
        assert line.text == source.line(line.number).text
        assert line.page is None  # a text file without form feeds has no pages


def test_pages_follow_form_feeds(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    text = sample_path().read_text(encoding="utf-8")
    cut = text.index("第２")
    paged = tmp_path / "paged.txt"
    paged.write_text(text[:cut] + "\f" + text[cut:], encoding="utf-8")
    [stored] = ingest_file(sessions, paged, settings).stored
    with sessions.read() as session:
        lines = source_lines(session, stored.id)
    assert lines is not None
    pages = {line.page for line in lines}
    assert pages == {1, 2}
    second = next(line for line in lines if line.page == 2)
    assert second.text.lstrip("\f").startswith("第２")


def test_no_text_for_an_unknown_document(sessions: Database) -> None:
    with sessions.read() as session:
        assert source_lines(session, 999) is None
