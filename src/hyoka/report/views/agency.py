"""法人: an agency's documents by period and version, its targets at a glance, its latest
published ratings."""

from __future__ import annotations

from pydantic import BaseModel

from hyoka.model.records import AgencyRecord, DocumentRecord, EvaluationRecord, TargetRecord
from hyoka.report.labels import year_label
from hyoka.store.catalog import DocumentFilter
from hyoka.store.published import EvaluationFilter
from hyoka.store.store import Store
from hyoka.store.target_rows import TargetFilter

TARGETS_SHOWN = 30
_ALL = 1000  # an agency has a handful of documents; this bounds a damaged store's listing


class PeriodGroup(BaseModel):
    """The versions of one objective period (a draft, the final text, amendments), oldest first."""

    label: str
    kind: str | None
    documents: list[DocumentRecord]


class AgencyPage(BaseModel):
    agency: AgencyRecord
    periods: list[PeriodGroup]
    targets: list[TargetRecord]
    targets_total: int
    ratings_year: int | None
    ratings_year_label: str | None
    ratings: list[EvaluationRecord]


def period_label(document: DocumentRecord) -> str:
    if document.first_fiscal_year is None or document.last_fiscal_year is None:
        return "期間不明"
    first, last = year_label(document.first_fiscal_year), year_label(document.last_fiscal_year)
    return first if first == last else f"{first}〜{last}"


def _periods(documents: list[DocumentRecord]) -> list[PeriodGroup]:
    groups: dict[tuple[str, str | None], list[DocumentRecord]] = {}
    for document in documents:
        groups.setdefault((period_label(document), document.kind), []).append(document)
    ordered = sorted(groups.items(), key=lambda item: item[1][0].first_fiscal_year or 0, reverse=True)
    return [
        PeriodGroup(label=label, kind=kind, documents=sorted(members, key=lambda m: (m.version, m.id)))
        for (label, kind), members in ordered
    ]


def agency_view(store: Store, agency_id: int) -> AgencyPage | None:
    agency = store.agency(agency_id)
    if agency is None:
        return None
    documents = store.documents(DocumentFilter(agency_id=agency_id), limit=_ALL).data
    targets = store.targets(TargetFilter(agency_id=agency_id), limit=TARGETS_SHOWN)
    ratings = store.published_evaluations(EvaluationFilter(agency_id=agency_id))
    year = max((r.fiscal_year for r in ratings), default=None)
    latest = [r for r in ratings if r.fiscal_year == year]
    latest.sort(key=lambda r: (r.level != "overall", r.stage, r.evaluator, r.id))
    return AgencyPage(
        agency=agency,
        periods=_periods(documents),
        targets=targets.data,
        targets_total=targets.total,
        ratings_year=year,
        ratings_year_label=year_label(year) if year is not None else None,
        ratings=latest,
    )
