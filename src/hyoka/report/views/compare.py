"""比較: across agencies — every cost-efficiency target side by side (its rate, the cost lines it
covers, what it excludes), targets by scope and unit, marks per agency, evaluation-axes coverage —
each with a chart and the table of its numbers; and across the periods of one agency.

What a cost-efficiency rule leaves out is read from its own words: the parenthetical or clause
that ends in 「を除く」 (「人件費、公租公課等の所要額計上を必要とする経費…を除く。」).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from hyoka.model.records import DocumentRecord, TargetRecord
from hyoka.report.charts import bar_chart
from hyoka.report.labels import FLAG_NAMES, SCOPE_NAMES, level_text
from hyoka.report.views.agency import period_label
from hyoka.sources import normalize
from hyoka.store.catalog import DocumentFilter
from hyoka.store.store import Store
from hyoka.store.target_rows import TargetFilter

_ALL = 100_000
_EXCLUDED = re.compile(r"[(（]([^()（）]{2,120}?)を除(?:く|き)[。]?[)）]|([^、。()（）]{2,80})を除(?:く|き)")
_COST_WORDS = ("一般管理費", "業務経費", "事業費", "経費", "人件費", "運営費交付金")


class EfficiencyRow(BaseModel):
    target: TargetRecord
    level: str
    scope_label: str
    covers: str | None
    exclusions: list[str]


class ScopeUnitRow(BaseModel):
    agency_id: int | None
    agency: str | None
    counts: dict[str, int]  # scope -> targets
    units: dict[str, int]  # unit -> targets
    total: int


class MarkRow(BaseModel):
    agency_id: int | None
    agency: str | None
    importance: int
    difficulty: int


class AxesRow(BaseModel):
    document_id: int
    agency_id: int | None
    agency: str | None
    units: int
    axes_rows: int
    items_with_axes: int


class PeriodRow(BaseModel):
    document: DocumentRecord
    period: str
    scopes: dict[str, int]


class ComparePage(BaseModel):
    efficiency: list[EfficiencyRow]
    efficiency_chart: str
    scopes: list[str]
    scope_labels: dict[str, str]
    by_scope: list[ScopeUnitRow]
    marks: list[MarkRow]
    marks_chart: str
    axes: list[AxesRow]
    agency_id: int | None
    periods: list[PeriodRow]


def exclusions(text: str) -> list[str]:
    """The cost lines a rule excludes, as its text words them."""
    found = []
    for match in _EXCLUDED.finditer(text):
        phrase = (match.group(1) or match.group(2) or "").strip("、 　")
        if phrase and phrase not in found:
            found.append(phrase)
    return found


def _is_cost_rule(target: TargetRecord) -> bool:
    words = normalize(target.indicator + (target.covers or ""))
    return target.unit == "%" and any(word in words for word in _COST_WORDS)


def _efficiency(store: Store) -> list[EfficiencyRow]:
    rows = store.targets(TargetFilter(section_kind="efficiency"), limit=_ALL).data
    return [
        EfficiencyRow(
            target=t,
            level=level_text(t.value, t.unit, t.comparator),
            scope_label=SCOPE_NAMES.get(t.scope, t.scope),
            covers=t.covers,
            exclusions=exclusions(t.text + (t.covers or "")),
        )
        for t in rows
        if _is_cost_rule(t)
    ]


def _by_scope(store: Store) -> list[ScopeUnitRow]:
    scopes: dict[tuple[int | None, str | None], dict[str, int]] = {}
    units: dict[tuple[int | None, str | None], dict[str, int]] = {}
    for agency_id, agency, scope, unit, count in store.targets_by_scope_and_unit():
        key = (agency_id, agency)
        by_scope, by_unit = scopes.setdefault(key, {}), units.setdefault(key, {})
        by_scope[scope] = by_scope.get(scope, 0) + count
        by_unit[unit or "（単位なし）"] = by_unit.get(unit or "（単位なし）", 0) + count
    return [
        ScopeUnitRow(agency_id=k[0], agency=k[1], counts=v, units=units[k], total=sum(v.values()))
        for k, v in scopes.items()
    ]


def _marks(store: Store) -> list[MarkRow]:
    counts: dict[tuple[int | None, str | None], dict[str, int]] = {}
    for agency_id, agency, kind, count in store.marks_by_agency():
        counts.setdefault((agency_id, agency), {})[kind] = count
    return [
        MarkRow(agency_id=k[0], agency=k[1], importance=v.get("importance", 0), difficulty=v.get("difficulty", 0))
        for k, v in counts.items()
    ]


def _periods(store: Store, agency_id: int | None) -> list[PeriodRow]:
    if agency_id is None:
        return []
    documents = store.documents(DocumentFilter(agency_id=agency_id, current_only=True), limit=_ALL).data
    scopes = store.scopes_by_document(agency_id)
    return [
        PeriodRow(document=doc, period=period_label(doc), scopes=scopes.get(doc.id, {}))
        for doc in sorted(documents, key=lambda doc: (doc.first_fiscal_year or 0, doc.id))
    ]


def compare_view(store: Store, *, agency_id: int | None = None) -> ComparePage:
    efficiency = _efficiency(store)
    by_scope = _by_scope(store)
    marks = _marks(store)
    scopes = [s for s in SCOPE_NAMES if any(s in row.counts for row in by_scope)]
    bars = [(f"{row.target.agency or '?'}：{row.target.indicator}", row.target.value) for row in efficiency]
    mark_bars = [(row.agency or "?", float(row.importance + row.difficulty)) for row in marks]
    return ComparePage(
        efficiency=efficiency,
        efficiency_chart=bar_chart("業務運営の効率化：削減率の目標", bars, unit="%"),
        scopes=scopes,
        scope_labels={s: SCOPE_NAMES[s] for s in scopes},
        by_scope=by_scope,
        marks=marks,
        marks_chart=bar_chart(f"{FLAG_NAMES['importance']}・{FLAG_NAMES['difficulty']}の数", mark_bars),
        axes=[
            AxesRow(document_id=a, agency_id=b, agency=c, units=u, axes_rows=r, items_with_axes=i)
            for a, b, c, u, r, i in store.axes_coverage()
        ],
        agency_id=agency_id,
        periods=_periods(store, agency_id),
    )
