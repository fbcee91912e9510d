"""Full-text search over the stored documents (the `search_entries` table).

The query is split on whitespace into terms that must all match (AND); each term is compared in
the matching form (`hyoka.sources.normalize`), so full- and half-width letters and digits, and
spaces a PDF put between characters, do not matter. Latin letters match in either case.

SQLite: the FTS5 trigram table `search_fts` holds each entry's `content_norm` followed by two
U+FFFF (migration 0004), so that every character of it begins a trigram. A term of three or
more characters is an FTS5 phrase, ranked by bm25. A shorter term is looked up in the index's
vocabulary (`search_fts_vocab`) as the trigrams that begin with it, and those are matched; only
a term that begins more than `MAX_SHORT_TRIGRAMS` trigrams (a single kana or punctuation mark)
is compared row by row instead. Matches of short terms alone all score 0.

PostgreSQL: a term of three or more characters is a LIKE on `content_norm` (ILIKE if it has
letters with case), served by the pg_trgm part of the GIN index `ix_search_entries_trgm`; a
shorter term is found in the index's other part, `search_grams(content_norm)`: the characters
and character pairs of the lower-cased text (beside longer terms, see `_postgres_match`). The
score is the share of the entry the terms take up (their length over the entry's, in bytes),
so shorter entries come first, much as pg_trgm similarity ranks them, without computing a
similarity for every match.

On both, filters run in SQL, higher scores are better and ties are ordered by document, line and
entry. One query finds the matches once (a CTE of ids, sort keys and scores, no text) and from
them both their number and the ids of the page; a second reads those entries. A separate count
runs only for an empty page.

Snippets are cut from the original text (`content`) around the first match, which is found
in one pass: the text translated character by character into matching form (same length, so
positions carry over), or, where characters fold together or apart, its matching form built a
character at a time with the position each character came from.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    Text,
    and_,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import AliasedClass

from hyoka.model import DocumentKind
from hyoka.model.fiscal import fiscal_year_end, fiscal_year_start
from hyoka.sources import fold_chars, normalize
from hyoka.sources.normalize import matching_forms
from hyoka.store import documents as d
from hyoka.store.search_table import SearchEntry

__all__ = [
    "DEFAULT_MARK",
    "FTS_MIN_CHARS",
    "MAX_SHORT_TRIGRAMS",
    "SECTION_KINDS",
    "SearchHit",
    "SearchPage",
    "match_span",
    "search",
    "search_terms",
    "snippet",
]

DEFAULT_MARK = ("【", "】")
# The FTS5 trigram tokenizer indexes runs of three characters: shorter terms cannot be a phrase.
FTS_MIN_CHARS = 3
# SQLite: a shorter term beginning more trigrams than this is compared row by row (matching
# hundreds of trigrams costs more than reading every entry).
MAX_SHORT_TRIGRAMS = 250
CONTEXT_CHARS = 40
FALLBACK_CHARS = 80
PATH_SEPARATOR = " > "
SECTION_KINDS = ("mission", "period", "quality", "efficiency", "finance", "other")

_LIKE_ESCAPE = "\\"
_WHITESPACE = re.compile(r"\s+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Hangul jamo and syllables compose with their neighbours under NFKC, as combining marks do.
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")
# Two of these end every text the SQLite trigram index holds (migration 0004).
_PAD = "\uffff"
_FTS = table("search_fts", column("rowid"))
_VOCAB = table("search_fts_vocab", column("term"))


# `normalize` is cached; the snippet search would fill its cache with throwaway substrings.
def _normalize_uncached(text: str) -> str:
    return matching_forms.__wrapped__(text)[0]


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    agency: str | None  # full name
    document_kind: str | None  # 中期目標, 中長期目標, 年度目標
    version: int
    kind: str  # item, target, flag, axis, indicator, annex
    ref_id: int | None  # id of the row in the table `kind` names
    item_id: int | None
    item_path: str  # "第３ … > １．… > （１）…": labels and titles, outermost first
    section_kind: str | None  # mission, period, quality, efficiency, finance, other
    marked: bool  # the item carries an importance or difficulty mark
    line: int
    page: int | None
    snippet: str  # original text around the first match, the match between the marks
    score: float  # higher is better; comparable within one search only


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # matching entries, whatever the limit and offset


def search_terms(query: str) -> list[str]:
    """The query's terms in matching form: split on whitespace, normalized one by one; blanks
    and repeats dropped."""
    terms: list[str] = []
    for word in query.split():
        term = normalize(word)
        if term and term not in terms:
            terms.append(term)
    return terms


def search(
    session: Session,
    query: str,
    *,
    agency: str | None = None,
    kind: str | None = None,
    period_year: int | None = None,
    section_kind: str | None = None,
    only_targets: bool = False,
    only_marked: bool = False,
    limit: int = 20,
    offset: int = 0,
    mark: tuple[str, str] = DEFAULT_MARK,
    context: int = CONTEXT_CHARS,
) -> SearchPage:
    """The entries matching every term of `query` and every filter given, best first.

    `agency` is part of the agency's full name (the short name works too); `kind` a document kind
    (中期目標, 中長期目標, 年度目標, or its name: mid_term, mid_long_term, annual); `period_year` a
    fiscal year the document's period covers, wholly or partly; `section_kind` one of
    `SECTION_KINDS`. A query without terms finds nothing.
    """
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must not be negative (limit={limit}, offset={offset})")
    if section_kind is not None and section_kind not in SECTION_KINDS:
        raise ValueError(f"unknown section kind {section_kind!r}; one of: {', '.join(SECTION_KINDS)}")
    terms = search_terms(query)
    if not terms:
        return SearchPage()
    sqlite = session.get_bind().dialect.name == "sqlite"
    match = _sqlite_match(session, terms) if sqlite else _postgres_match(terms)
    if match is None:
        return SearchPage()
    match.conditions.extend(
        _filters(
            agency=agency,
            kind=kind,
            period_year=period_year,
            section_kind=section_kind,
            only_targets=only_targets,
            only_marked=only_marked,
        )
    )
    match.documents = bool(agency or kind or period_year is not None)
    match.agencies = bool(agency)
    ids: list[int] = []
    scores: dict[int, float] = {}
    total: int | None = None
    if limit > 0:
        # The matches once, narrow (no text), then their number and the page from them: the
        # CTE is used twice, so both databases compute it once.
        matches = _matching(
            select(SearchEntry.id, SearchEntry.document_id, SearchEntry.line, match.score.label("score")), match
        ).cte("matches")
        ranked = (
            select(matches.c.id, matches.c.score, select(func.count()).select_from(matches).scalar_subquery())
            .order_by(matches.c.score.desc(), matches.c.document_id, matches.c.line, matches.c.id)
            .limit(limit)
            .offset(offset)
        )
        for entry_id, score, count in session.execute(ranked):
            ids.append(entry_id)
            scores[entry_id] = round(float(score or 0.0), 6)
            total = count
    if total is None:  # no page: the count comes on its own, if it can be more than none
        counted = _matching(select(SearchEntry.id), match).subquery()
        total = 0 if limit > 0 and offset == 0 else session.scalar(select(func.count()).select_from(counted)) or 0
    if not ids:
        return SearchPage([], total)
    rows = session.execute(
        select(SearchEntry, d.ObjectiveDocument.kind, d.ObjectiveDocument.version, d.Agency.full_name)
        .join(d.ObjectiveDocument, SearchEntry.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .where(SearchEntry.id.in_(ids))
    ).all()
    found = {row[0].id: row for row in rows}
    page = [found[entry_id] for entry_id in ids if entry_id in found]
    paths = _paths(session, [row[0] for row in page])
    hits = [
        SearchHit(
            document_id=entry.document_id,
            agency=agency_name,
            document_kind=document_kind,
            version=version,
            kind=entry.kind,
            ref_id=entry.ref_id,
            item_id=entry.item_id,
            item_path=paths.get(entry.id, ""),
            section_kind=entry.section_kind,
            marked=entry.marked,
            line=entry.line,
            page=entry.page,
            snippet=snippet(entry.content, terms, mark=mark, context=context),
            score=scores[entry.id],
        )
        for entry, document_kind, version, agency_name in page
    ]
    return SearchPage(hits, total)


# --- matching ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Match:
    conditions: list[ColumnElement[bool]]
    score: ColumnElement[Any]
    fts: Subquery | None = None  # SQLite: (rowid, rank) of the entries the FTS5 table finds
    documents: bool = False  # a filter reads the document
    agencies: bool = False  # a filter reads the agency


_Row = TypeVar("_Row")


def _matching(statement: Select[_Row], match: _Match) -> Select[_Row]:
    """`statement` restricted to the matching entries, joined to what the filters read."""
    if match.fts is not None:
        statement = statement.join(match.fts, match.fts.c.rowid == SearchEntry.id)
    if match.documents:
        statement = statement.join(d.ObjectiveDocument, SearchEntry.document_id == d.ObjectiveDocument.id)
    if match.agencies:
        statement = statement.outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
    return statement.where(*match.conditions)


def _like_pattern(term: str) -> str:
    """`%term%` with LIKE's own characters (and the escape character) taken literally."""
    escaped = term.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
    escaped = escaped.replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    """The term as one FTS5 string (a phrase): no operator or column filter inside is obeyed."""
    return '"' + term.replace('"', '""') + '"'


def _after_prefix(prefix: str) -> str | None:
    """The least string greater than every string beginning with `prefix` (code point order),
    or None if there is none to write."""
    code = ord(prefix[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates are no characters
        code = 0xE000
    return prefix[:-1] + chr(code) if code <= 0x10FFFF else None


def _trigrams_beginning(session: Session, term: str) -> list[str] | None:
    """SQLite: the trigrams of the index that begin with `term` (one or two characters; the index
    holds them lower-cased), or None if there are more than `MAX_SHORT_TRIGRAMS`."""
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


def _sqlite_scan(term: str) -> ColumnElement[bool]:
    # SQLite's LIKE ignores the case of ASCII letters, as the trigram tokenizer does by default;
    # without such letters `instr` finds the same, faster.
    if _ASCII_LETTER.search(term):
        return SearchEntry.content_norm.like(_like_pattern(term), escape=_LIKE_ESCAPE)
    return func.instr(SearchEntry.content_norm, term) > 0


def _fts_match(expression: str) -> Select[Any]:
    whole: ColumnElement[Any] = literal_column("search_fts")  # the table's name stands for the row
    return select(_FTS.c.rowid).where(whole.op("MATCH")(expression))


def _sqlite_match(session: Session, terms: Sequence[str]) -> _Match | None:
    """None if some term cannot match anything."""
    long: list[str] = []
    groups: list[str] = []
    conditions: list[ColumnElement[bool]] = []
    for term in terms:
        if _PAD in term:  # the padding must not match it
            conditions.append(_sqlite_scan(term))
        elif len(term) >= FTS_MIN_CHARS:
            long.append(term)
        elif (trigrams := _trigrams_beginning(session, term)) is None:
            conditions.append(_sqlite_scan(term))
        elif not trigrams:
            return None
        else:
            groups.append("(" + " OR ".join(_fts_phrase(trigram) for trigram in trigrams) + ")")
    if groups:
        conditions.insert(0, SearchEntry.id.in_(_fts_match(" AND ".join(groups))))
    if not long:
        return _Match(conditions, literal(0.0))
    whole: ColumnElement[Any] = literal_column("search_fts")
    fts = (
        select(_FTS.c.rowid.label("rowid"), (-func.bm25(whole)).label("rank"))
        .where(whole.op("MATCH")(" AND ".join(_fts_phrase(t) for t in long)))
        .subquery("fts")
    )
    return _Match(conditions, fts.c.rank, fts)


def _has_case(term: str) -> bool:
    return term.lower() != term.upper()


def _postgres_match(terms: Sequence[str]) -> _Match:
    conditions: list[ColumnElement[bool]] = []
    long = [t for t in terms if len(t) >= FTS_MIN_CHARS]
    short = [t for t in terms if len(t) < FTS_MIN_CHARS]
    for term in long:
        # LIKE where case cannot matter: much cheaper to check than ILIKE, same index
        compare = SearchEntry.content_norm.ilike if _has_case(term) else SearchEntry.content_norm.like
        conditions.append(compare(_like_pattern(term), escape=_LIKE_ESCAPE))
    if short and not long:
        conditions.append(_grams_contain(SearchEntry, short))
    elif short:
        # Beside longer terms, `search_grams` must not share a bitmap with the trigrams: their
        # candidates are all checked again against the whole condition, computing it row by
        # row. A short term without case is checked on the rows the longer ones leave, as
        # cheap as LIKE gets; one with case (ILIKE lower-cases all the text) is looked up on its
        # own, behind OFFSET 0, which keeps the planner from merging the lookup into the rest.
        uncased = [t for t in short if not _has_case(t)]
        conditions.extend(func.strpos(SearchEntry.content_norm, t) > 0 for t in uncased)
        cased = [t for t in short if _has_case(t)]
        if cased:
            found = aliased(SearchEntry)
            conditions.append(SearchEntry.id.in_(select(found.id).where(_grams_contain(found, cased)).offset(0)))
    size = sum(len(term.encode("utf-8")) for term in terms)
    # octet_length reads the stored size: long entries are not decompressed for it
    share = cast(literal(size), Float) / func.greatest(func.octet_length(SearchEntry.content_norm), 1)
    return _Match(conditions, share)


def _grams_contain(entries: type[SearchEntry] | AliasedClass[SearchEntry], terms: Sequence[str]) -> ColumnElement[bool]:
    """PostgreSQL: the entry holds each term of one or two characters, whatever the case: the
    index column `search_grams(content_norm)` (lower-cased by the database, as the index is)."""
    grams = func.search_grams(entries.content_norm, type_=ARRAY(Text))
    return grams.contains(array([func.lower(literal(t, Text)) for t in terms], type_=Text))


def _document_kind(kind: str) -> str:
    return DocumentKind[kind].value if kind in DocumentKind.__members__ else normalize(kind)


def _filters(
    *,
    agency: str | None,
    kind: str | None,
    period_year: int | None,
    section_kind: str | None,
    only_targets: bool,
    only_marked: bool,
) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    if agency:
        names = {agency.strip(), normalize(agency)}
        filters.append(or_(*(d.Agency.full_name.like(_like_pattern(n), escape=_LIKE_ESCAPE) for n in names)))
    if kind:
        filters.append(d.ObjectiveDocument.kind == _document_kind(kind))
    if period_year is not None:
        filters.append(
            and_(
                d.ObjectiveDocument.period_start <= fiscal_year_end(period_year),
                d.ObjectiveDocument.period_end >= fiscal_year_start(period_year),
            )
        )
    if section_kind:
        filters.append(SearchEntry.section_kind == section_kind)
    if only_targets:
        filters.append(SearchEntry.kind == "target")
    if only_marked:
        filters.append(SearchEntry.marked.is_(True))
    return filters


# --- item paths ----------------------------------------------------------------------------------


def _heading(label: str | None, title: str | None) -> str:
    return " ".join(part for part in (label, title) if part)


def _paths(session: Session, entries: Iterable[SearchEntry]) -> dict[int, str]:
    """Entry id -> the path of its item (an annex: its label and title)."""
    entries = list(entries)
    items: dict[int, tuple[int | None, str]] = {}
    wanted = {e.item_id for e in entries if e.item_id is not None}
    while wanted:
        rows = session.execute(
            select(d.Item.id, d.Item.parent_id, d.Item.label, d.Item.title).where(d.Item.id.in_(wanted))
        ).all()
        for item_id, parent_id, label, title in rows:
            items[item_id] = (parent_id, _heading(label, title))
        wanted = {parent for parent, _ in items.values() if parent is not None and parent not in items}
    annex_ids = {e.ref_id for e in entries if e.kind == "annex" and e.ref_id is not None}
    annexes = (
        {
            annex_id: _heading(label, title)
            for annex_id, label, title in session.execute(
                select(d.Annex.id, d.Annex.label, d.Annex.title).where(d.Annex.id.in_(annex_ids))
            )
        }
        if annex_ids
        else {}
    )
    paths: dict[int, str] = {}
    for entry in entries:
        if entry.item_id is not None:
            paths[entry.id] = PATH_SEPARATOR.join(_ancestry(items, entry.item_id))
        elif entry.kind == "annex" and entry.ref_id in annexes:
            paths[entry.id] = annexes[entry.ref_id]
    return paths


def _ancestry(items: dict[int, tuple[int | None, str]], item_id: int) -> list[str]:
    headings: list[str] = []
    current: int | None = item_id
    while current is not None and current in items and len(headings) <= len(items):
        parent, heading = items[current]
        headings.append(heading)
        current = parent
    return headings[::-1]


# --- snippets ------------------------------------------------------------------------------------


def _contains(text: str, term: str) -> bool:
    return term in _normalize_uncached(text).lower()


def _bisected_span(content: str, term: str) -> tuple[int, int]:
    """The shortest stretch of `content` whose matching form holds `term` (which the whole of it
    does), by normalizing prefixes and suffixes: slow on long texts, but exact."""
    # The smallest end whose prefix holds the term, then the largest start before it.
    low, high = 1, len(content)
    while low < high:
        middle = (low + high) // 2
        if _contains(content[:middle], term):
            high = middle
        else:
            low = middle + 1
    end = high
    # Both searches keep a bound that holds the term, so the span found always does.
    low, high = 0, end - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _contains(content[middle:end], term):
            low = middle
        else:
            high = middle - 1
    return low, end


@lru_cache(maxsize=8192)
def _joins_previous(char: str) -> bool:
    """A combining mark, or a character folding to one, after white space or not (the
    half-width and the spacing voiced sound marks: ﾞ, ゛)."""
    return bool(unicodedata.combining(char) or unicodedata.combining(fold_chars(char).lstrip()[:1] or " "))


@lru_cache(maxsize=8192)
def _folded(cluster: str) -> tuple[tuple[str, bool, str], ...]:
    """A character with the marks that join it, in matching form (one character alone is only
    folded, its white space kept for the caller to judge): for each resulting character,
    itself, whether it is white space, and its lower case."""
    folded = fold_chars(cluster) if len(cluster) == 1 else _normalize_uncached(cluster)
    return tuple((char, char.isspace(), char.lower()) for char in folded)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, slots=True)
class _Form:
    """A text's matching form, lower-cased, built as `normalize` builds it but a character (with
    its combining marks) at a time: `starts[k]`:`ends[k]` is the stretch of the original that
    character k of `text` came from."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, content: str) -> _Form:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        space = -1  # where the white space before the next character began, if any
        last = ""  # the last character kept, before lower-casing
        position, length = 0, len(content)
        while position < length:
            following = position + 1
            while following < length and _joins_previous(content[following]):
                following += 1
            for char, blank, lower in _folded(content[position:following]):
                if blank:
                    space = position if space < 0 else space
                    continue
                # white space survives as one space between two ASCII letters or digits only
                if space >= 0 and _is_word_char(last) and _is_word_char(char):
                    chars.append(" ")
                    starts.append(space)
                    ends.append(position)
                space = -1
                last = char
                for lowered in lower:
                    chars.append(lowered)
                    starts.append(position)
                    ends.append(following)
            position = following
        return cls("".join(chars), starts, ends)

    def span(self, term: str) -> tuple[int, int] | None:
        found = self.text.find(term)
        return None if found < 0 else (self.starts[found], self.ends[found + len(term) - 1])


class _OneToOne(dict[int, str]):
    """`str.translate` table: each character to its folded, lower-cased self where that is one
    character and folding it alone is folding it in place; to VANISHING where it folds to
    nothing (an invisible character); to IRREGULAR otherwise (folds to several characters,
    a combining mark, a Hangul jamo). Filled as characters are met."""

    VANISHING = "\x01"
    IRREGULAR = "\x00"
    LIMIT = 65536  # characters remembered

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = fold_chars(char)
        if not folded and code > 1:
            value = self.VANISHING
        elif (
            len(folded) == 1
            and len(folded.lower()) == 1
            and code > 1
            and not _joins_previous(char)
            and not _HANGUL.match(char)
        ):
            value = folded.lower()
        else:
            value = self.IRREGULAR
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_ONE_TO_ONE = _OneToOne()
# an irregular character after (only) white space or invisible ones: `normalize` may join it
# to the character before
_IRREGULAR_NEXT = re.compile(r"[\s\x01]*\x00")


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """`term` (matching form, lower case) as it can appear in a text translated with
    `_ONE_TO_ONE`: white space may come between two characters unless both are ASCII letters or
    digits (`normalize` keeps a space there), invisible characters anywhere."""
    parts = [re.escape(term[0])]
    for before, char in itertools.pairwise(term):
        parts.append(r"\x01*" if _is_word_char(before) and _is_word_char(char) else r"[\s\x01]*")
        parts.append(re.escape(char))
    return re.compile("".join(parts))


def _tightened(content: str, span: tuple[int, int], term: str) -> tuple[int, int]:
    """`span` without the characters at its ends that its matching form can do without (a
    combining mark that joined the last character but is not part of the term, say)."""
    start, end = span
    if not _contains(content[start:end], term):  # folding joined across the cut after all
        return _bisected_span(content, term)
    while end - start > 1 and _contains(content[start : end - 1], term):
        end -= 1
    while end - start > 1 and _contains(content[start + 1 : end], term):
        start += 1
    return start, end


def _spans(content: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """For each term found in `content`, its first match (see `match_span`)."""
    # The fast way: translate character by character (same length, so positions are the
    # original's) and look for the term with the white space `normalize` would drop. It cannot
    # see a match that involves an irregular character, so one before the match found, or next
    # to its end (it may combine with it), sends the term the slow way, as does a match that
    # turns out wrong or none at all.
    translated = content.translate(_ONE_TO_ONE)
    form: _Form | None = None
    spans = []
    for lowered in (term.lower() for term in terms):
        if not lowered:
            continue
        found = _term_pattern(lowered).search(translated)
        if (
            found is not None
            and _OneToOne.IRREGULAR not in translated[: found.end()]
            and not _IRREGULAR_NEXT.match(translated, found.end())
            and _contains(content[found.start() : found.end()], lowered)
        ):
            spans.append(found.span())
            continue
        if not _contains(content, lowered):
            continue
        form = form or _Form.of(content)
        # The character-wise form differs from the whole text's only where folding joins
        # characters across a cut (a combining mark after white space, say).
        span = form.span(lowered)
        spans.append(_tightened(content, span, lowered) if span else _bisected_span(content, lowered))
    return spans


def match_span(content: str, term: str) -> tuple[int, int] | None:
    """Where the first match of `term` (matching form) lies in the original `content`: the
    shortest stretch `content[start:end]` whose matching form contains it, or None."""
    spans = _spans(content, [term])
    return spans[0] if spans else None


def _flat(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def snippet(
    content: str, terms: Sequence[str], *, mark: tuple[str, str] = DEFAULT_MARK, context: int = CONTEXT_CHARS
) -> str:
    """`content` around the earliest match of any term, about `context` characters each side,
    the match between `mark`s, line breaks as spaces; the first 80 characters if none is found."""
    spans = _spans(content, terms)
    if not spans:
        head = _flat(content[:FALLBACK_CHARS]).strip()
        return head + ("…" if len(content) > FALLBACK_CHARS else "")
    start, end = min(spans)
    before_start, after_end = max(0, start - context), min(len(content), end + context)
    before = _flat(content[before_start:start]).lstrip()
    after = _flat(content[end:after_end]).rstrip()
    return (
        ("…" if before_start > 0 else "")
        + before
        + mark[0]
        + _flat(content[start:end])
        + mark[1]
        + after
        + ("…" if after_end < len(content) else "")
    )
