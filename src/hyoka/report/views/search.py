"""検索: full-text search with facet counts, highlighted snippets, and every hit linked to its line.

The snippet comes from the store with the match between two private-use characters; the view
splits it into plain text and the matched part, so a template can mark the match without ever
trusting document text as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from hyoka.report.labels import ENTRY_KINDS, SCOPE_NAMES, SECTION_NAMES
from hyoka.store.search import SearchFacets, SearchHit
from hyoka.store.store import Store

HIT_MARK = ("\ue000", "\ue001")
PAGE_SIZE = 20
AGENCY_VALUES = 20  # the agencies a search's facet lists, most hits first; the rest only counted


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search as the page and the API take it: the words and every filter."""

    q: str = ""
    agency: str | None = None
    kind: str | None = None
    section_kind: str | None = None
    entry_kind: str | None = None
    scope: str | None = None
    marked: bool = False
    fiscal_year: int | None = None
    offset: int = 0
    limit: int = PAGE_SIZE

    def filters(self) -> dict[str, object]:
        return {
            "agency": self.agency or None,
            "kind": self.kind or None,
            "period_year": self.fiscal_year,
            "section_kind": self.section_kind or None,
            "entry_kind": self.entry_kind or None,
            "scope": self.scope or None,
            "only_marked": self.marked,
        }


class SnippetPart(BaseModel):
    text: str
    match: bool


class HitView(BaseModel):
    document_id: int
    agency: str | None
    document_kind: str | None
    version: int
    kind: str
    kind_label: str
    ref_id: int | None
    item_path: str
    section_kind: str | None
    marked: bool
    line: int
    page: int | None
    snippet: list[SnippetPart]
    target_id: int | None


class FacetValue(BaseModel):
    value: str | None
    label: str
    count: int
    selected: bool


class FacetView(BaseModel):
    name: str  # the query parameter it sets
    label: str
    values: list[FacetValue]
    more_values: int = 0  # values left out of a long facet (the agencies after the first AGENCY_VALUES)
    more_count: int = 0  # the entries they hold between them


class SearchResults(BaseModel):
    q: str
    total: int
    offset: int
    limit: int
    hits: list[HitView]
    facets: list[FacetView]
    next_offset: int | None
    previous_offset: int | None


def snippet_parts(snippet: str) -> list[SnippetPart]:
    parts: list[SnippetPart] = []
    rest = snippet
    while HIT_MARK[0] in rest:
        before, _, tail = rest.partition(HIT_MARK[0])
        inside, _, rest = tail.partition(HIT_MARK[1])
        parts.extend(p for p in (SnippetPart(text=before, match=False), SnippetPart(text=inside, match=True)) if p.text)
    if rest:
        parts.append(SnippetPart(text=rest, match=False))
    return parts


def _hit(hit: SearchHit) -> HitView:
    return HitView(
        document_id=hit.document_id,
        agency=hit.agency,
        document_kind=hit.document_kind,
        version=hit.version,
        kind=hit.kind,
        kind_label=ENTRY_KINDS.get(hit.kind, hit.kind),
        ref_id=hit.ref_id,
        item_path=hit.item_path,
        section_kind=hit.section_kind,
        marked=hit.marked,
        line=hit.line,
        page=hit.page,
        snippet=snippet_parts(hit.snippet),
        target_id=hit.ref_id if hit.kind == "target" else None,
    )


def _facet(
    name: str,
    label: str,
    pairs: Sequence[tuple[object, int]],
    selected: str | None,
    names: Mapping[str, str] = {},
    *,
    top: int | None = None,
) -> FacetView:
    """One facet's values; a value is the query parameter's value (1 / 0 for the marked flag).
    An empty value (an entry without a section kind, say) is counted but cannot be chosen: no
    filter selects "none", so it is never shown as selected either. With `top`, only the first
    `top` values are listed (and the selected one, wherever it stands); the others are counted."""
    values = []
    more_values = more_count = 0
    for place, (value, count) in enumerate(pairs):
        if top is not None and place >= top and (selected is None or str(value) != selected):
            more_values += 1
            more_count += count
            continue
        shown = "重要度・困難度あり" if value is True else "なし" if value is False else str(value or "（不明）")
        key = "1" if value is True else "0" if value is False else (None if value is None else str(value))
        values.append(
            FacetValue(
                value=key, label=names.get(str(value), shown), count=count, selected=key is not None and key == selected
            )
        )
    return FacetView(name=name, label=label, values=values, more_values=more_values, more_count=more_count)


def _facets(facets: SearchFacets, query: SearchQuery) -> list[FacetView]:
    return [
        _facet("agency", "法人", facets.agency, query.agency, top=AGENCY_VALUES),
        _facet("kind", "文書の種類", facets.document_kind, query.kind),
        _facet("section_kind", "章", facets.section_kind, query.section_kind, SECTION_NAMES),
        _facet("entry_kind", "種別", facets.entry_kind, query.entry_kind, ENTRY_KINDS),
        _facet("scope", "期間区分", facets.scope, query.scope, SCOPE_NAMES),
        _facet("marked", "重要度・困難度", [(v, c) for v, c in facets.marked if v], "1" if query.marked else None),
    ]


def search_view(store: Store, query: SearchQuery) -> SearchResults:
    if not query.q.strip():
        return SearchResults(
            q=query.q, total=0, offset=0, limit=query.limit, hits=[], facets=[], next_offset=None, previous_offset=None
        )
    filters = query.filters()
    # the page and the facets in one statement: the matches found once
    page = store.search(query.q, limit=query.limit, offset=query.offset, mark=HIT_MARK, facets=True, **filters)
    facets = page.facets or SearchFacets()
    following = query.offset + query.limit
    return SearchResults(
        q=query.q,
        total=page.total,
        offset=query.offset,
        limit=query.limit,
        hits=[_hit(hit) for hit in page.hits],
        facets=[facet for facet in _facets(facets, query) if facet.values],
        next_offset=following if following < page.total else None,
        previous_offset=max(0, query.offset - query.limit) if query.offset > 0 else None,
    )
