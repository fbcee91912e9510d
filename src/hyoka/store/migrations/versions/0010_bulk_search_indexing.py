"""SQLite: new search entries are indexed by the writer in one statement, not row by row

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

Until now a trigger put each new `search_entries` row into the FTS5 trigram table as it was
inserted. Indexing a document's entries with one `INSERT … SELECT` after they are all in (the
writer does it, `hyoka.store.search.sqlite.index_document`) gives the same index in about half
the time, and the search index is most of what an ingest's write transaction costs. The trigger
for inserts goes; those for deletes and updates stay, since those are rare and row by row anyway.
PostgreSQL's GIN index is kept by the database itself: nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# as migration 0004 created it
_INSERT_TRIGGER = (
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, new.content_norm || char(65535, 65535)); END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_entries_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_entries_ai")
        op.execute(_INSERT_TRIGGER)
