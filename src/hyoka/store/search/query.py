"""The search API: terms, filters, the ranked page of hits with their item paths, and facets.

The query is split on whitespace into terms that must all match (AND); each term is compared in
the matching form (`hyoka.sources.normalize`). The database's `Backend` (chosen once per dialect
by `backend_for`) turns the terms into a `Match`; the filters, the ranking and the facets are
built here, the same on both databases.

One query finds the matches once (a CTE of ids, sort keys and scores, no text) and from them
both their number and the ids of the page; a second reads those entries. A separate count runs
only for an empty page. Facets are one more query: the matches once (a CTE of the columns the
facets group by), grouped once per facet, all in one UNION ALL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Float,
    FromClause,
    Select,
    SQLColumnExpression,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from hyoka.model import DocumentKind, TargetScope
from hyoka.model.fiscal import fiscal_year_end, fiscal_year_start
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store.extracts import Target
from hyoka.store.search.backend import LIKE_ESCAPE, Backend, Match, like_pattern
from hyoka.store.search.postgres import PostgresBackend
from hyoka.store.search.snippets import CONTEXT_CHARS, DEFAULT_MARK, snippet
from hyoka.store.search.sqlite import SqliteBackend
from hyoka.store.search_table import SearchEntry

__all__ = [
    "ENTRY_KINDS",
    "SECTION_KINDS",
    "TARGET_SCOPES",
    "Facet",
    "SearchFacets",
    "SearchHit",
    "SearchPage",
    "backend_for",
    "search",
    "search_facets",
    "search_terms",
]

PATH_SEPARATOR = " > "
SECTION_KINDS = ("mission", "period", "quality", "efficiency", "finance", "other")
ENTRY_KINDS = ("item", "target", "flag", "axis", "indicator", "annex")
TARGET_SCOPES = tuple(scope.value for scope in TargetScope)

_BACKENDS: dict[str, Backend] = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}

_V = TypeVar("_V")
# (value, number of entries), most entries first, then by value
Facet = tuple[tuple[_V, int], ...]


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
    facets: SearchFacets | None = None  # asked for with `facets=True`: those of `search_facets`


@dataclass(frozen=True, slots=True)
class SearchFacets:
    """How all the entries a search finds (not a page of them) divide up, one facet per field a
    filter can narrow them by: (value, count) pairs, most entries first, then by value (None,
    where the field can be empty, last among equals). Each facet's counts add up to the number
    of matches, except `scope`, which counts target entries only."""

    agency: Facet[str | None] = ()  # full name; None: a document without an agency
    document_kind: Facet[str | None] = ()  # 中期目標, 中長期目標, 年度目標
    section_kind: Facet[str | None] = ()  # one of SECTION_KINDS
    marked: Facet[bool] = ()
    entry_kind: Facet[str] = ()  # one of ENTRY_KINDS
    scope: Facet[str] = ()  # the target's scope (TARGET_SCOPES), for entries of kind "target"


def backend_for(dialect_name: str) -> Backend:
    """The search backend of a SQLAlchemy dialect: made once, at import, and shared by every
    search on such a database, so no function decides again how to match."""
    try:
        return _BACKENDS[dialect_name]
    except KeyError:
        raise ValueError(f"no search backend for {dialect_name!r}; one of: {', '.join(_BACKENDS)}") from None


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
    entry_kind: str | None = None,
    scope: str | None = None,
    only_targets: bool = False,
    only_marked: bool = False,
    limit: int = 20,
    offset: int = 0,
    mark: tuple[str, str] = DEFAULT_MARK,
    context: int = CONTEXT_CHARS,
    facets: bool = False,
) -> SearchPage:
    """The entries matching every term of `query` and every filter given, best first; with
    `facets`, the page carries the facets of `search_facets` too, counted in the same statement
    as the page (the matches are found once, not once for the page and again for the counts).

    `agency` is part of the agency's full name (the short name works too); `kind` a document kind
    (中期目標, 中長期目標, 年度目標, or its name: mid_term, mid_long_term, annual); `period_year` a
    fiscal year the document's period covers, wholly or partly; `section_kind` one of
    `SECTION_KINDS`; `entry_kind` one of `ENTRY_KINDS`; `scope` one of `TARGET_SCOPES` (target
    entries only, whose target has it). A query without terms finds nothing.
    """
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must not be negative (limit={limit}, offset={offset})")
    filters = _Filters(agency, kind, period_year, section_kind, entry_kind, scope, only_targets, only_marked)
    terms = search_terms(query)
    match = _match(session, terms)
    if match is None:
        return SearchPage(facets=SearchFacets() if facets else None)
    found: SearchFacets | None = None
    if facets:
        ids, scores, total, found = _page_and_facets(session, match, filters, limit, offset)
    else:
        ids, scores, total = _ranked_page(session, match, filters, limit, offset)
    if not ids:
        return SearchPage([], total, found)
    return SearchPage(_hits(session, ids, scores, terms, mark=mark, context=context), total, found)


def search_facets(
    session: Session,
    query: str,
    *,
    agency: str | None = None,
    kind: str | None = None,
    period_year: int | None = None,
    section_kind: str | None = None,
    entry_kind: str | None = None,
    scope: str | None = None,
    only_targets: bool = False,
    only_marked: bool = False,
) -> SearchFacets:
    """The facets of what `search` finds with the same query and filters (see `search`): what a
    further filter would leave, before running it. A query without terms has none."""
    filters = _Filters(agency, kind, period_year, section_kind, entry_kind, scope, only_targets, only_marked)
    match = _match(session, search_terms(query))
    if match is None:
        return SearchFacets()
    return _facets(session.execute(_facet_counts(match, filters)))


# --- matching and filters ------------------------------------------------------------------------


def _check_choice(what: str, value: str | None, choices: Sequence[str]) -> None:
    if value is not None and value not in choices:
        raise ValueError(f"unknown {what} {value!r}; one of: {', '.join(choices)}")


def _document_kind(kind: str) -> str:
    return DocumentKind[kind].value if kind in DocumentKind.__members__ else normalize(kind)


@dataclass(frozen=True, slots=True)
class _Filters:
    """The filters of one search, checked when made, as SQL conditions on the entry and, for the
    first three, its document and agency (which the query then joins)."""

    agency: str | None = None
    kind: str | None = None
    period_year: int | None = None
    section_kind: str | None = None
    entry_kind: str | None = None
    scope: str | None = None
    only_targets: bool = False
    only_marked: bool = False

    def __post_init__(self) -> None:
        _check_choice("section kind", self.section_kind, SECTION_KINDS)
        _check_choice("entry kind", self.entry_kind, ENTRY_KINDS)
        _check_choice("target scope", self.scope, TARGET_SCOPES)

    @property
    def reads_documents(self) -> bool:
        return bool(self.agency or self.kind or self.period_year is not None)

    def conditions(self) -> list[ColumnElement[bool]]:
        return [*self._document_conditions(), *self._entry_conditions()]

    def _document_conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.agency:
            names = {self.agency.strip(), normalize(self.agency)}
            conditions.append(or_(*(d.Agency.full_name.like(like_pattern(n), escape=LIKE_ESCAPE) for n in names)))
        if self.kind:
            conditions.append(d.ObjectiveDocument.kind == _document_kind(self.kind))
        if self.period_year is not None:
            conditions.append(
                and_(
                    d.ObjectiveDocument.period_start <= fiscal_year_end(self.period_year),
                    d.ObjectiveDocument.period_end >= fiscal_year_start(self.period_year),
                )
            )
        return conditions

    def _entry_conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.section_kind:
            conditions.append(SearchEntry.section_kind == self.section_kind)
        if self.entry_kind:
            conditions.append(SearchEntry.kind == self.entry_kind)
        if self.only_targets or self.scope:
            conditions.append(SearchEntry.kind == "target")
        if self.scope:
            # a lookup by primary key for each match: the matches are fewer than the targets
            conditions.append(exists().where(Target.id == SearchEntry.ref_id, Target.scope == self.scope))
        if self.only_marked:
            conditions.append(SearchEntry.marked.is_(True))
        return conditions


def _match(session: Session, terms: Sequence[str]) -> Match | None:
    """The database's match of the terms; None if there are none or one cannot match."""
    if not terms:
        return None
    return backend_for(session.get_bind().dialect.name).match(session, terms)


_Ts = TypeVarTuple("_Ts")


def _matching(statement: Select[*_Ts], match: Match, filters: _Filters) -> Select[*_Ts]:
    """`statement` restricted to the matching entries, joined to what the filters read."""
    if match.fts is not None:
        statement = statement.join(match.fts, match.fts.c.rowid == SearchEntry.id)
    if filters.reads_documents:
        statement = statement.join(d.ObjectiveDocument, SearchEntry.document_id == d.ObjectiveDocument.id)
    if filters.agency:
        statement = statement.outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
    return statement.where(*match.conditions, *filters.conditions())


# --- the page ------------------------------------------------------------------------------------


def _ranked_page(
    session: Session, match: Match, filters: _Filters, limit: int, offset: int
) -> tuple[list[int], dict[int, float], int]:
    """The ids of the page, best first, their scores, and the number of all the matches."""
    ids: list[int] = []
    scores: dict[int, float] = {}
    total: int | None = None
    if limit > 0:
        # The matches once, narrow (no text), then their number and the page from them: the
        # CTE is used twice, so both databases compute it once.
        matches = _matching(
            select(SearchEntry.id, SearchEntry.document_id, SearchEntry.line, match.score.label("score")),
            match,
            filters,
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
        counted = _matching(select(SearchEntry.id), match, filters).subquery()
        total = 0 if limit > 0 and offset == 0 else session.scalar(select(func.count()).select_from(counted)) or 0
    return ids, scores, total


def _page_and_facets(
    session: Session, match: Match, filters: _Filters, limit: int, offset: int
) -> tuple[list[int], dict[int, float], int, SearchFacets]:
    """`_ranked_page` and the facets in one statement: the matches once (a CTE with the sort keys,
    the score and the facets' columns), the page's ids ranked by a window over them, and the
    facet counts grouped from them, all in one UNION ALL. The number of matches is the sum of the
    marked facet's counts (every match is marked or not)."""
    matches = _matching(
        select(
            SearchEntry.id,
            SearchEntry.document_id,
            SearchEntry.line,
            match.score.label("score"),
            SearchEntry.kind,
            SearchEntry.ref_id,
            SearchEntry.section_kind,
            SearchEntry.marked,
        ),
        match,
        filters,
    ).cte("matches")
    order = (matches.c.score.desc(), matches.c.document_id, matches.c.line, matches.c.id)
    ranked = select(matches.c.id, matches.c.score, func.row_number().over(order_by=order).label("place")).subquery(
        "ranked"
    )
    page = select(
        literal("page").label("facet"),
        cast(ranked.c.id, String).label("value"),
        ranked.c.place.label("n"),
        cast(ranked.c.score, Float).label("score"),
    ).where(ranked.c.place > offset, ranked.c.place <= offset + limit)
    rows = session.execute(union_all(page, *_facet_selects(matches, with_score=True))).all()
    placed = sorted((int(n), int(value), float(score or 0.0)) for facet, value, n, score in rows if facet == "page")
    facets = _facets((facet, value, n) for facet, value, n, _ in rows if facet != "page")
    total = sum(n for _, n in facets.marked)
    return [i for _, i, _ in placed], {i: round(score, 6) for _, i, score in placed}, total, facets


def _hits(
    session: Session,
    ids: Sequence[int],
    scores: Mapping[int, float],
    terms: Sequence[str],
    *,
    mark: tuple[str, str],
    context: int,
) -> list[SearchHit]:
    """The entries of the page, in its order, with their document, agency, path and snippet."""
    rows = session.execute(
        select(SearchEntry, d.ObjectiveDocument.kind, d.ObjectiveDocument.version, d.Agency.full_name)
        .join(d.ObjectiveDocument, SearchEntry.document_id == d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .where(SearchEntry.id.in_(ids))
    ).all()
    found = {row[0].id: row for row in rows}
    page = [found[entry_id] for entry_id in ids if entry_id in found]
    paths = _paths(session, [row[0] for row in page])
    return [
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


# --- facets --------------------------------------------------------------------------------------


def _facet_counts(match: Match, filters: _Filters) -> CompoundSelect[str, Any, int]:
    """(facet, value, count) rows for every facet: the matches found once (both databases
    compute a CTE used more than once only once), grouped per facet."""
    matches = _matching(
        select(
            SearchEntry.id,
            SearchEntry.document_id,
            SearchEntry.kind,
            SearchEntry.ref_id,
            SearchEntry.section_kind,
            SearchEntry.marked,
        ),
        match,
        filters,
    ).cte("matches")
    return union_all(*_facet_selects(matches))


def _facet_selects(matches: Any, *, with_score: bool = False) -> list[Select[Any]]:
    """One (facet, value, count) select per facet over the CTE of the matches (with a fourth,
    empty column where `with_score`, to stand beside the page's rows); the document facets from
    the matches counted per document, so each document is read once, not once per match."""
    per_document = (
        select(matches.c.document_id, func.count().label("n")).group_by(matches.c.document_id).cte("per_document")
    )
    documents = per_document.join(d.ObjectiveDocument, d.ObjectiveDocument.id == per_document.c.document_id)
    agencies = documents.outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
    targets = matches.join(Target, Target.id == matches.c.ref_id)
    in_documents, entries = func.sum(per_document.c.n), func.count()
    extra = (cast(null(), Float).label("score"),) if with_score else ()
    return [
        _facet("agency", d.Agency.full_name, in_documents, agencies, extra=extra),
        _facet("document_kind", d.ObjectiveDocument.kind, in_documents, documents, extra=extra),
        _facet("section_kind", matches.c.section_kind, entries, matches, extra=extra),
        _facet("marked", case((matches.c.marked, "true"), else_="false"), entries, matches, extra=extra),
        _facet("entry_kind", matches.c.kind, entries, matches, extra=extra),
        _facet("scope", Target.scope, entries, targets, matches.c.kind == "target", extra=extra),
    ]


def _facet(
    name: str,
    value: SQLColumnExpression[Any],
    count: ColumnElement[int],
    source: FromClause,
    *where: ColumnElement[bool],
    extra: Sequence[ColumnElement[Any]] = (),
) -> Select[Any]:
    """One facet's (name, value, count) rows: `count` over `source`, grouped by `value`."""
    return (
        select(literal(name).label("facet"), value.label("value"), count.label("n"), *extra)
        .select_from(source)
        .where(*where)
        .group_by(value)
    )


def _facets(rows: Iterable[Any]) -> SearchFacets:
    counts: dict[str, dict[str | None, int]] = {}
    for facet, value, number in rows:
        counts.setdefault(facet, {})[value] = int(number)

    def present(name: str) -> dict[str, int]:  # facets whose column is never empty
        return {value: n for value, n in counts.get(name, {}).items() if value is not None}

    return SearchFacets(
        agency=_ordered(counts.get("agency", {})),
        document_kind=_ordered(counts.get("document_kind", {})),
        section_kind=_ordered(counts.get("section_kind", {})),
        marked=_ordered({value == "true": n for value, n in counts.get("marked", {}).items()}),
        entry_kind=_ordered(present("entry_kind")),
        scope=_ordered(present("scope")),
    )


def _ordered(counts: Mapping[_V, int]) -> Facet[_V]:
    """Most entries first, then by value (False before True), None last among equals."""
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0] is None, str(pair[0]))))


# --- item paths ----------------------------------------------------------------------------------


def _heading(label: str | None, title: str | None) -> str:
    return " ".join(part for part in (label, title) if part)


def _paths(session: Session, entries: Iterable[SearchEntry]) -> dict[int, str]:
    """Entry id -> the path of its item (an annex: its label and title)."""
    entries = list(entries)
    items = _items_with_ancestors(session, {e.item_id for e in entries if e.item_id is not None})
    annexes = _annex_headings(session, {e.ref_id for e in entries if e.kind == "annex" and e.ref_id is not None})
    paths: dict[int, str] = {}
    for entry in entries:
        if entry.item_id is not None:
            paths[entry.id] = PATH_SEPARATOR.join(_ancestry(items, entry.item_id))
        elif entry.kind == "annex" and entry.ref_id in annexes:
            paths[entry.id] = annexes[entry.ref_id]
    return paths


def _items_with_ancestors(session: Session, wanted: set[int]) -> dict[int, tuple[int | None, str]]:
    """Item id -> (parent id, heading) for the items wanted and all their ancestors, a
    generation a query."""
    items: dict[int, tuple[int | None, str]] = {}
    while wanted:
        rows = session.execute(
            select(d.Item.id, d.Item.parent_id, d.Item.label, d.Item.title).where(d.Item.id.in_(wanted))
        ).all()
        for item_id, parent_id, label, title in rows:
            items[item_id] = (parent_id, _heading(label, title))
        wanted = {parent for parent, _ in items.values() if parent is not None and parent not in items}
    return items


def _annex_headings(session: Session, annex_ids: set[int]) -> dict[int, str]:
    if not annex_ids:
        return {}
    rows = session.execute(select(d.Annex.id, d.Annex.label, d.Annex.title).where(d.Annex.id.in_(annex_ids)))
    return {annex_id: _heading(label, title) for annex_id, label, title in rows}


def _ancestry(items: dict[int, tuple[int | None, str]], item_id: int) -> list[str]:
    headings: list[str] = []
    current: int | None = item_id
    while current is not None and current in items and len(headings) <= len(items):
        parent, heading = items[current]
        headings.append(heading)
        current = parent
    return headings[::-1]
