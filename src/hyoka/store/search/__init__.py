"""Full-text search over the stored documents (the `search_entries` table).

The query is split on whitespace into terms that must all match (AND); each term is compared in
the matching form (`hyoka.sources.normalize`), so full- and half-width letters and digits, and
spaces a PDF put between characters, do not matter. Latin letters match in either case. On both
databases, filters run in SQL, higher scores are better and ties are ordered by document, line
and entry.

The package, by concern:

- `query`: the API. `search` (a ranked page of `SearchHit`s with their item paths and
  snippets), `search_facets` (how all the matches divide up by agency, document kind, section,
  mark, entry kind and target scope), `search_terms`, the filters, and `backend_for`, which
  gives each database dialect its backend, made once.
- `backend`: the `Backend` protocol a database implements, `match(session, terms)`, and the
  `Match` it returns (SQL conditions and a score), which `query` filters, ranks and groups.
- `sqlite`: the FTS5 trigram backend (phrases ranked by bm25, short terms through the index's
  vocabulary, a row-by-row scan where a term begins too many trigrams).
- `postgres`: the pg_trgm backend (LIKE and ILIKE, short terms through `search_grams`, a score
  from the share of the entry the terms take up).
- `snippets`: `snippet` and `match_span`, which map a match in matching form back onto the
  original text.

Setting a name on this package (a test's `monkeypatch.setattr` of `MAX_SHORT_TRIGRAMS`, say)
sets it in the part that defines and reads it as well, so the package stays the one place to
change what the single module used to hold.
"""

from __future__ import annotations

import sys
from types import ModuleType

from hyoka.store.search import backend, postgres, query, snippets, sqlite
from hyoka.store.search.backend import FTS_MIN_CHARS, Backend, Match
from hyoka.store.search.postgres import PostgresBackend
from hyoka.store.search.query import (
    ENTRY_KINDS,
    SECTION_KINDS,
    TARGET_SCOPES,
    Facet,
    SearchFacets,
    SearchHit,
    SearchPage,
    backend_for,
    search,
    search_facets,
    search_terms,
)
from hyoka.store.search.snippets import CONTEXT_CHARS, DEFAULT_MARK, match_span, snippet
from hyoka.store.search.snippets import _bisected_span as _bisected_span  # a test replaces it
from hyoka.store.search.sqlite import MAX_SHORT_TRIGRAMS, SqliteBackend

__all__ = [
    "CONTEXT_CHARS",
    "DEFAULT_MARK",
    "ENTRY_KINDS",
    "FTS_MIN_CHARS",
    "MAX_SHORT_TRIGRAMS",
    "SECTION_KINDS",
    "TARGET_SCOPES",
    "Backend",
    "Facet",
    "Match",
    "PostgresBackend",
    "SearchFacets",
    "SearchHit",
    "SearchPage",
    "SqliteBackend",
    "backend_for",
    "match_span",
    "search",
    "search_facets",
    "search_terms",
    "snippet",
]

_PARTS = (backend, query, snippets, sqlite, postgres)


class _Package(ModuleType):
    """This package as a module whose names, when set, are set in its parts too: each part
    reads its own globals (`sqlite` its `MAX_SHORT_TRIGRAMS`, `snippets` its `_bisected_span`),
    which a copy here would not change."""

    def __setattr__(self, name: str, value: object) -> None:
        if not name.startswith("__"):
            for part in _PARTS:
                if name in vars(part):
                    setattr(part, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
