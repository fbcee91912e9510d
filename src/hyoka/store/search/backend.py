"""What a database's search backend gives the query built in `query`: a `Match`.

A backend turns the terms into SQL conditions on `search_entries` and a score; everything else
(filters, ranking, paging, facets) is the same on both databases and lives in `query`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Subquery
from sqlalchemy.orm import Session

__all__ = ["FTS_MIN_CHARS", "LIKE_ESCAPE", "Backend", "Match", "like_pattern"]

# A trigram index holds runs of three characters: shorter terms cannot be looked up as one.
FTS_MIN_CHARS = 3
LIKE_ESCAPE = "\\"


@dataclass(slots=True)
class Match:
    """The entries holding every term: `conditions` on `SearchEntry` (ANDed), the `score` of each
    (higher is better), and on SQLite the FTS5 subquery `fts` (rowid, rank) to join, which
    `score` may read."""

    conditions: list[ColumnElement[bool]]
    score: ColumnElement[Any]
    fts: Subquery | None = None


class Backend(Protocol):
    """How one database finds the entries holding every term (matching form, no blanks)."""

    def match(self, session: Session, terms: Sequence[str]) -> Match | None:
        """The match, or None when a term is known to match nothing (no query needs to run)."""
        ...


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's own characters (and the escape character) taken literally."""
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
    escaped = escaped.replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"
