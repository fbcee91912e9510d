"""トップ: agencies by ministry and category, with counts, and the latest documents."""

from __future__ import annotations

from pydantic import BaseModel

from hyoka.model.records import CATEGORY_LABELS, AgencyCategory, AgencyRecord, DocumentRecord
from hyoka.store.catalog import DocumentFilter
from hyoka.store.store import Store

LATEST = 10
_NO_MINISTRY = "主務省不明"
_NO_CATEGORY = "区分不明"
_ORDER = [AgencyCategory.medium_term, AgencyCategory.rd, AgencyCategory.executive, None]


class CategoryGroup(BaseModel):
    category: AgencyCategory | None
    label: str
    agencies: list[AgencyRecord]


class MinistryGroup(BaseModel):
    ministry: str
    agency_count: int
    categories: list[CategoryGroup]


class HomePage(BaseModel):
    agency_count: int
    document_count: int
    target_count: int
    ministries: list[MinistryGroup]
    latest_documents: list[DocumentRecord]


def _by_category(agencies: list[AgencyRecord]) -> list[CategoryGroup]:
    groups = []
    for category in _ORDER:
        members = [a for a in agencies if a.category == category]
        if members:
            label = CATEGORY_LABELS[category] if category else _NO_CATEGORY
            groups.append(CategoryGroup(category=category, label=label, agencies=members))
    return groups


def home_view(store: Store) -> HomePage:
    """An agency with several competent ministries (共管) is listed under each of them."""
    agencies = store.agencies()
    by_ministry: dict[str, list[AgencyRecord]] = {}
    for agency in agencies:
        for ministry in agency.ministries or [_NO_MINISTRY]:
            by_ministry.setdefault(ministry, []).append(agency)
    ministries = [
        MinistryGroup(ministry=name, agency_count=len(members), categories=_by_category(members))
        for name, members in sorted(by_ministry.items(), key=lambda item: (item[0] == _NO_MINISTRY, item[0]))
    ]
    documents = store.documents(DocumentFilter(), limit=1)
    latest = store.latest_documents(LATEST)
    return HomePage(
        agency_count=len(agencies),
        document_count=documents.total,
        target_count=sum(a.targets for a in agencies),
        ministries=ministries,
        latest_documents=latest,
    )
