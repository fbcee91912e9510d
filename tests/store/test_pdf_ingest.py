"""A PDF typeset from a document's text ingests to the same structure as the text itself.

The PDF has other physical lines (no blank lines, pages instead), so line numbers differ; what
must not differ is what a user of the data sees: the heading tree, annexes, targets, marks,
evaluation-axes counts and units, and every stored row carries the page it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from hyoka.model import Document, Section
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.reader import load_document
from tests.corpus_support import corpus_dir, require_corpus
from tests.sources.pdf_maker import make_pdf


def _tree(sections: list[Section]) -> list[Any]:
    return [(s.label, s.title, s.level, _tree(s.children)) for s in sections]


def shape(doc: Document) -> dict[str, Any]:
    return {
        "agency": doc.agency.full_name,
        "kind": doc.kind,
        "draft": doc.draft,
        "period": (doc.period.start, doc.period.end) if doc.period else None,
        "sections": _tree(doc.sections),
        "annexes": [(a.kind, a.label, a.title) for a in doc.annexes],
        "targets": [(t.indicator, t.value, t.unit, t.comparator, t.scope, t.alt_values) for t in doc.targets],
        "flags": [(f.kind, f.level) for f in doc.flags],
        "axes": [
            (r.item.label, len(r.axes), len(r.evaluation_indicators), len(r.monitoring_indicators))
            for r in doc.evaluation_axes
        ],
        "units": [u.title for u in doc.evaluation_units],
    }


def ingest_both(sessions: Database, settings: Settings, text_path: Path, pdf_path: Path) -> None:
    lines = text_path.read_text(encoding="utf-8").split("\n")
    make_pdf(lines, pdf_path, lines_per_page=50)
    from_text = ingest_file(sessions, text_path, settings)
    from_pdf = ingest_file(sessions, pdf_path, settings)
    # the same documents: the PDF's copies are recognised by content only if the text matched,
    # which it need not (page breaks), so both are stored and compared
    assert from_text.status == "stored", from_text.error
    assert from_pdf.status in ("stored", "unchanged"), from_pdf.error
    with sessions() as session:
        text_docs = [load_document(session, s.id) for s in from_text.stored]
        pdf_ids = [s.id for s in from_pdf.stored]
        pdf_docs = [load_document(session, i) for i in pdf_ids]
        assert [shape(doc) for doc in pdf_docs] == [shape(doc) for doc in text_docs]
        pages = session.scalars(select(d.Item.page).where(d.Item.document_id.in_(pdf_ids))).all()
        assert pages
        assert all(page is not None and page >= 1 for page in pages)


def test_sample_pdf_ingests_like_its_text(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    text = tmp_path / "sample.txt"
    text.write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    ingest_both(sessions, settings, text, tmp_path / "sample.pdf")


def test_corpus_pdf_ingests_like_its_text(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    require_corpus()
    ingest_both(sessions, settings, corpus_dir() / "objectives-2025-a.txt", tmp_path / "corpus.pdf")
