"""Full-text search over the stored documents (the `search_entries` table).

The query is split on whitespace into terms that must all match (AND); each term is compared in
the matching form (`hyoka.sources.normalize`), so full- and half-width letters and digits, and
spaces a PDF put between characters, do not matter. Latin letters match in either case.

SQLite: terms of three or more characters go through the FTS5 trigram table `search_fts` (each
as a quoted phrase, ranked by bm25); shorter terms, which a trigram index cannot hold, scan
`content_norm` with LIKE. PostgreSQL: every term is an ILIKE on `content_norm` (served by the
pg_trgm GIN index from three characters on), ranked by pg_trgm `similarity`. On both, filters
run in SQL, higher scores are better and ties are ordered by document, line and entry.

Snippets are cut from the original text (`content`) around the first match, found as the
shortest stretch of the original whose matching form contains a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, Subquery, and_, column, func, literal, literal_column, or_, select, table
from sqlalchemy.orm import Session

from hyoka.model import DocumentKind
from hyoka.model.fiscal import fiscal_year_end, fiscal_year_start
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store.search_table import SearchEntry

__all__ = [
    "DEFAULT_MARK",
    "FTS_MIN_CHARS",
    "SECTION_KINDS",
    "SearchHit",
    "SearchPage",
    "match_span",
    "search",
    "search_terms",
    "snippet",
]

DEFAULT_MARK = ("【", "】")
# The FTS5 trigram tokenizer indexes runs of three characters: shorter terms cannot use it.
FTS_MIN_CHARS = 3
CONTEXT_CHARS = 40
FALLBACK_CHARS = 80
PATH_SEPARATOR = " > "
SECTION_KINDS = ("mission", "period", "quality", "efficiency", "finance", "other")

_LIKE_ESCAPE = "\\"
_WHITESPACE = re.compile(r"\s+")
# `normalize` is cached; the snippet search would fill its cache with throwaway substrings.
_normalize_uncached = normalize.__wrapped__


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
    match = _sqlite_match(terms) if session.get_bind().dialect.name == "sqlite" else _postgres_match(terms)
    conditions = [
        *match.conditions,
        *_filters(
            agency=agency,
            kind=kind,
            period_year=period_year,
            section_kind=section_kind,
            only_targets=only_targets,
            only_marked=only_marked,
        ),
    ]
    counted = _joined(select(SearchEntry.id), match).where(*conditions)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    if total == 0 or limit == 0 or offset >= total:
        return SearchPage([], total)
    columns = select(
        SearchEntry,
        d.ObjectiveDocument.kind,
        d.ObjectiveDocument.version,
        d.Agency.full_name,
        match.score.label("score"),
    )
    statement = (
        _joined(columns, match)
        .where(*conditions)
        .order_by(match.score.desc(), SearchEntry.document_id, SearchEntry.line, SearchEntry.id)
        .limit(limit)
        .offset(offset)
    )
    rows = session.execute(statement).all()
    paths = _paths(session, [row[0] for row in rows])
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
            score=round(float(score or 0.0), 6),
        )
        for entry, document_kind, version, agency_name, score in rows
    ]
    return SearchPage(hits, total)


# --- matching ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Match:
    conditions: Sequence[ColumnElement[bool]]
    score: ColumnElement[Any]
    fts: Subquery | None = None  # SQLite: (rowid, rank) of the entries the FTS5 table finds


_Row = TypeVar("_Row")


def _joined(statement: Select[_Row], match: _Match) -> Select[_Row]:
    statement = statement.join(d.ObjectiveDocument, SearchEntry.document_id == d.ObjectiveDocument.id).outerjoin(
        d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id
    )
    if match.fts is not None:
        statement = statement.join(match.fts, match.fts.c.rowid == SearchEntry.id)
    return statement


def _like_pattern(term: str) -> str:
    """`%term%` with LIKE's own characters (and the escape character) taken literally."""
    escaped = term.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
    escaped = escaped.replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    """The term as one FTS5 string (a phrase): no operator or column filter inside is obeyed."""
    return '"' + term.replace('"', '""') + '"'


def _sqlite_match(terms: Sequence[str]) -> _Match:
    # SQLite's LIKE ignores the case of ASCII letters, as the trigram tokenizer does by default.
    short = [
        SearchEntry.content_norm.like(_like_pattern(t), escape=_LIKE_ESCAPE) for t in terms if len(t) < FTS_MIN_CHARS
    ]
    long = [t for t in terms if len(t) >= FTS_MIN_CHARS]
    if not long:
        return _Match(short, literal(0.0))
    fts_table = table("search_fts", column("rowid"))
    # The FTS5 table's own name stands for the whole row in MATCH and in its rank functions.
    whole: ColumnElement[Any] = literal_column("search_fts")
    fts = (
        select(fts_table.c.rowid.label("rowid"), (-func.bm25(whole)).label("rank"))
        .where(whole.op("MATCH")(" AND ".join(_fts_phrase(t) for t in long)))
        .subquery("fts")
    )
    return _Match(short, fts.c.rank, fts)


def _postgres_match(terms: Sequence[str]) -> _Match:
    # ILIKE rather than LIKE: case-blind like SQLite; pg_trgm's GIN index serves both.
    conditions = [SearchEntry.content_norm.ilike(_like_pattern(t), escape=_LIKE_ESCAPE) for t in terms]
    similarity: ColumnElement[Any] = func.similarity(SearchEntry.content_norm, terms[0])
    for term in terms[1:]:
        similarity = similarity + func.similarity(SearchEntry.content_norm, term)
    return _Match(conditions, similarity / len(terms) if len(terms) > 1 else similarity)


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


def match_span(content: str, term: str) -> tuple[int, int] | None:
    """Where the first match of `term` (matching form) lies in the original `content`: the
    shortest stretch `content[start:end]` whose matching form contains it, or None."""
    term = term.lower()
    if not term or not _contains(content, term):
        return None
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


def _flat(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def snippet(
    content: str, terms: Sequence[str], *, mark: tuple[str, str] = DEFAULT_MARK, context: int = CONTEXT_CHARS
) -> str:
    """`content` around the earliest match of any term, about `context` characters each side,
    the match between `mark`s, line breaks as spaces; the first 80 characters if none is found."""
    spans = [span for span in (match_span(content, term) for term in terms) if span is not None]
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
