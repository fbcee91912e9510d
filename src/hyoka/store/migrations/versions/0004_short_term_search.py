"""search index for terms of one or two characters; existing entries indexed again

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

A trigram index cannot hold a term shorter than three characters, so `hyoka.store.search` used
to scan every entry for such terms. Now both databases find them through an index:

SQLite: `search_fts` becomes contentless and holds `content_norm` followed by two U+FFFF
characters (a Unicode noncharacter, never part of a search term), so that every character of
the text, the last two included, starts a trigram of the index. A term of one or two characters
is then looked up as the trigrams that begin with it, which the new `fts5vocab` table
`search_fts_vocab` lists by range. The triggers pass the same padded text to insert and delete.
The table is contentless rather than external-content because what it indexes is no longer a
column of `search_entries`: an FTS5 'rebuild' from `content_norm` would silently lose the
padding (contentless refuses it).

PostgreSQL: the immutable function `search_grams(text)` returns the characters and character
pairs of the lower-cased text, and `ix_search_entries_trgm` becomes a two-column GIN index:
pg_trgm trigrams of `content_norm` (as before) and `search_grams(content_norm)`, which serves
`search_grams(content_norm) @> ARRAY[lower(term)]`. (GIN searches either column alone as well
as a single-column index would; the name stays so that the schema comparisons keep leaving
this index out.)

Upgrading indexes every existing entry again (on SQLite, then merges the index into one
segment); downgrading restores the revision 0002 structures.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# content_norm || U+FFFF U+FFFF: the text the SQLite trigram index holds for an entry
_PADDED = "{row}.content_norm || char(65535, 65535)"
_INSERT = f"INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, {_PADDED.format(row='new')});"
_DELETE = (
    f"INSERT INTO search_fts(search_fts, rowid, content_norm) VALUES ('delete', old.id, {_PADDED.format(row='old')});"
)

_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
)
SQLITE_UP = (
    *_SQLITE_DROP,
    "CREATE VIRTUAL TABLE search_fts USING fts5(content_norm, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, row)",
    f"CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN {_INSERT} END",
    f"CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN {_DELETE} END",
    f"CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN {_DELETE} {_INSERT} END",
    f"INSERT INTO search_fts(rowid, content_norm) SELECT id, {_PADDED.format(row='search_entries')} "
    "FROM search_entries",
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
)
# revision 0002 as it was: external content, unpadded, rebuilt from search_entries
SQLITE_DOWN = (
    *_SQLITE_DROP,
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "content_norm, content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, new.content_norm); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content_norm) VALUES ('delete', old.id, old.content_norm); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content_norm) VALUES ('delete', old.id, old.content_norm); "
    "INSERT INTO search_fts(rowid, content_norm) VALUES (new.id, new.content_norm); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)

# Characters and pairs of adjacent characters, lower-cased, repeats left in (GIN drops them).
# PL/pgSQL: a loop over the characters is linear, and the planner never inlines the function,
# so the index expression and the query's always match. A high cost keeps the planner from
# computing it row by row instead of using the index.
POSTGRES_UP = (
    "CREATE OR REPLACE FUNCTION search_grams(value text) RETURNS text[] "
    "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$\n"
    "DECLARE\n"
    "  chars text[] := string_to_array(lower(value), NULL);\n"
    "  grams text[] := chars;\n"
    "BEGIN\n"
    "  FOR i IN 1 .. cardinality(chars) - 1 LOOP\n"
    "    grams := grams || (chars[i] || chars[i + 1]);\n"
    "  END LOOP;\n"
    "  RETURN grams;\n"
    "END\n"
    "$$",
    "DROP INDEX IF EXISTS ix_search_entries_trgm",
    "CREATE INDEX ix_search_entries_trgm ON search_entries "
    "USING gin (content_norm gin_trgm_ops, search_grams(content_norm))",
)
POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_search_entries_trgm",
    "CREATE INDEX ix_search_entries_trgm ON search_entries USING gin (content_norm gin_trgm_ops)",
    "DROP FUNCTION IF EXISTS search_grams(text)",
)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN)
