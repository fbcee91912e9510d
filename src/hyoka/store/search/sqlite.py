"""SQLite: the FTS5 trigram table `search_fts` (migrations 0002 and 0004).

The table holds each entry's `content_norm` followed by two U+FFFF, so that every character of
it begins a trigram. A term of three or more characters is an FTS5 phrase, ranked by bm25. A
shorter term is looked up in the index's vocabulary (`search_fts_vocab`) as the trigrams that
begin with it, and those are matched; only a term that begins more than `MAX_SHORT_TRIGRAMS`
trigrams (a single kana or punctuation mark) is compared row by row instead. Matches of short
terms alone all score 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal, literal_column, select, table, text
from sqlalchemy.orm import Session

from hyoka.store.search.backend import FTS_MIN_CHARS, LIKE_ESCAPE, Match, like_pattern
from hyoka.store.search_table import SearchEntry

__all__ = ["MAX_SHORT_TRIGRAMS", "SqliteBackend", "index_document"]

# A shorter term beginning more trigrams than this is compared row by row (matching hundreds of
# trigrams costs more than reading every entry).
MAX_SHORT_TRIGRAMS = 250

_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Two of these end every text the trigram index holds (migration 0004).
_PAD = "\uffff"
_FTS = table("search_fts", column("rowid"))
_VOCAB = table("search_fts_vocab", column("term"))


# One statement for all of a document's entries (migration 0010: no per-row trigger).
_INDEX_DOCUMENT = text(
    "INSERT INTO search_fts(rowid, content_norm) "
    "SELECT id, content_norm || char(65535, 65535) FROM search_entries WHERE document_id = :document_id"
)


def index_document(session: Session, document_id: int) -> None:
    """Put a newly written document's search entries into the trigram index, in the caller's
    transaction; call it once, after all of the document's entries are inserted."""
    session.execute(_INDEX_DOCUMENT, {"document_id": document_id})


class SqliteBackend:
    """FTS5 phrases for long terms, vocabulary trigrams for short ones, a scan where neither can."""

    def match(self, session: Session, terms: Sequence[str]) -> Match | None:
        """None if some short term begins no trigram of the index: nothing holds it."""
        long: list[str] = []
        groups: list[str] = []
        conditions: list[ColumnElement[bool]] = []
        for term in terms:
            if _PAD in term:  # the padding must not match it
                conditions.append(_scan(term))
            elif len(term) >= FTS_MIN_CHARS:
                long.append(term)
            elif (trigrams := _trigrams_beginning(session, term)) is None:
                conditions.append(_scan(term))
            elif not trigrams:
                return None
            else:
                groups.append("(" + " OR ".join(_fts_phrase(trigram) for trigram in trigrams) + ")")
        if groups:
            conditions.insert(0, SearchEntry.id.in_(_fts_rowids(" AND ".join(groups))))
        if not long:
            return Match(conditions, literal(0.0))
        fts = (
            select(_FTS.c.rowid.label("rowid"), (-func.bm25(_whole_row())).label("rank"))
            .where(_whole_row().op("MATCH")(" AND ".join(_fts_phrase(t) for t in long)))
            .subquery("fts")
        )
        return Match(conditions, fts.c.rank, fts)


def _whole_row() -> ColumnElement[Any]:
    """The FTS5 table's name, which stands for the whole row in MATCH and bm25."""
    return literal_column("search_fts")


def _fts_phrase(term: str) -> str:
    """The term as one FTS5 string (a phrase): no operator or column filter inside is obeyed."""
    return '"' + term.replace('"', '""') + '"'


def _fts_rowids(expression: str) -> Select[Any]:
    return select(_FTS.c.rowid).where(_whole_row().op("MATCH")(expression))


def _after_prefix(prefix: str) -> str | None:
    """The least string greater than every string beginning with `prefix` (code point order),
    or None if there is none to write."""
    code = ord(prefix[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates are no characters
        code = 0xE000
    return prefix[:-1] + chr(code) if code <= 0x10FFFF else None


def _trigrams_beginning(session: Session, term: str) -> list[str] | None:
    """The trigrams of the index that begin with `term` (one or two characters; the index holds
    them lower-cased), or None if there are more than `MAX_SHORT_TRIGRAMS`."""
    low = term.lower()
    high = _after_prefix(low)
    if high is None:
        return None
    found = list(
        session.scalars(
            select(_VOCAB.c.term)
            .where(_VOCAB.c.term >= low, _VOCAB.c.term < high)
            .order_by(_VOCAB.c.term)
            .limit(MAX_SHORT_TRIGRAMS + 1)
        )
    )
    return found if len(found) <= MAX_SHORT_TRIGRAMS else None


def _scan(term: str) -> ColumnElement[bool]:
    """The term compared row by row."""
    # SQLite's LIKE ignores the case of ASCII letters, as the trigram tokenizer does by default;
    # without such letters `instr` finds the same, faster.
    if _ASCII_LETTER.search(term):
        return SearchEntry.content_norm.like(like_pattern(term), escape=LIKE_ESCAPE)
    return func.instr(SearchEntry.content_norm, term) > 0
