"""PostgreSQL: the two-column GIN index `ix_search_entries_trgm` (migrations 0002 and 0004).

A term of three or more characters is a LIKE on `content_norm` (ILIKE if it has letters with
case), served by the index's pg_trgm column; a shorter term is found in its other column,
`search_grams(content_norm)`: the characters and character pairs of the lower-cased text (beside
longer terms, see `PostgresBackend.match`). The score is the share of the entry the terms take
up (their length over the entry's, in bytes), so shorter entries come first, much as pg_trgm
similarity ranks them, without computing a similarity for every match.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Float, Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import AliasedClass

from hyoka.store.search.backend import FTS_MIN_CHARS, LIKE_ESCAPE, Match, like_pattern
from hyoka.store.search_table import SearchEntry

__all__ = ["PostgresBackend"]


class PostgresBackend:
    """LIKE through pg_trgm for long terms, `search_grams` for short ones; never None."""

    def match(self, session: Session, terms: Sequence[str]) -> Match | None:
        """The index answers every term itself: `session` is not read."""
        long = [t for t in terms if len(t) >= FTS_MIN_CHARS]
        short = [t for t in terms if len(t) < FTS_MIN_CHARS]
        conditions = [_like(term) for term in long]
        if short and not long:
            conditions.append(_grams_contain(SearchEntry, short))
        elif short:
            conditions.extend(_short_beside_long(short))
        size = sum(len(term.encode("utf-8")) for term in terms)
        # octet_length reads the stored size: long entries are not decompressed for it
        share = cast(literal(size), Float) / func.greatest(func.octet_length(SearchEntry.content_norm), 1)
        return Match(conditions, share)


def _has_case(term: str) -> bool:
    return term.lower() != term.upper()


def _like(term: str) -> ColumnElement[bool]:
    # LIKE where case cannot matter: much cheaper to check than ILIKE, same index
    compare = SearchEntry.content_norm.ilike if _has_case(term) else SearchEntry.content_norm.like
    return compare(like_pattern(term), escape=LIKE_ESCAPE)


def _short_beside_long(short: Sequence[str]) -> list[ColumnElement[bool]]:
    """Conditions for the short terms of a query that has longer ones too.

    `search_grams` must not share a bitmap with the trigrams: their candidates are all checked
    again against the whole condition, computing it row by row. A short term without case is
    checked on the rows the longer ones leave, as cheap as LIKE gets; one with case (ILIKE
    lower-cases all the text) is looked up on its own, behind OFFSET 0, which keeps the planner
    from merging the lookup into the rest.
    """
    conditions: list[ColumnElement[bool]] = [
        func.strpos(SearchEntry.content_norm, t) > 0 for t in short if not _has_case(t)
    ]
    cased = [t for t in short if _has_case(t)]
    if cased:
        found = aliased(SearchEntry)
        conditions.append(SearchEntry.id.in_(select(found.id).where(_grams_contain(found, cased)).offset(0)))
    return conditions


def _grams_contain(entries: type[SearchEntry] | AliasedClass[SearchEntry], terms: Sequence[str]) -> ColumnElement[bool]:
    """The entry holds each term of one or two characters, whatever the case: the index column
    `search_grams(content_norm)` (lower-cased by the database, as the index is)."""
    grams = func.search_grams(entries.content_norm, type_=ARRAY(Text))
    return grams.contains(array([func.lower(literal(t, Text)) for t in terms], type_=Text))
