"""search index: FTS5 trigram table on SQLite, pg_trgm GIN index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Japanese has no spaces between words, so both databases index character trigrams of the
matching form (`content_norm`): any substring of three or more characters is found through the
index; shorter queries fall back to a scan in `hyoka.store.search`.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "content_norm, content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, new.content_norm); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content_norm) VALUES ('delete', old.id, old.content_norm); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content_norm) VALUES ('delete', old.id, old.content_norm); "
    "INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, new.content_norm); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)
POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_search_entries_trgm ON search_entries USING gin (content_norm gin_trgm_ops)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_search_entries_trgm",)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN)
