"""What the store answers with: plain typed records of stored rows, shared by the CLI, the pages
and the JSON API. They carry ids (so every record links to its page) and nothing of the database
layer, so a view built from them can be printed, rendered or serialized as it is."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from hyoka.model.contract import DocumentKind


class AgencyCategory(StrEnum):
    """The three categories of 独立行政法人 (glossary: `agency.category`)."""

    medium_term = "medium_term"
    rd = "rd"
    executive = "executive"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    AgencyCategory.medium_term: "中期目標管理法人",
    AgencyCategory.rd: "国立研究開発法人",
    AgencyCategory.executive: "行政執行法人",
}

_CATEGORY_OF_KIND = {
    DocumentKind.mid_term.value: AgencyCategory.medium_term,
    DocumentKind.mid_long_term.value: AgencyCategory.rd,
    DocumentKind.annual.value: AgencyCategory.executive,
}


#: The code stored in agencies.category for each category.
CATEGORY_CODES = {AgencyCategory.medium_term: "M", AgencyCategory.rd: "R", AgencyCategory.executive: "E"}
_CATEGORY_OF_CODE = {code: category for category, code in CATEGORY_CODES.items()}
_CATEGORY_OF_TYPE = {label: category for category, label in CATEGORY_LABELS.items()}
#: The article of 独立行政法人通則法 under which each kind of objectives is given.
_CATEGORY_OF_ARTICLE = (
    ("第35条の4", AgencyCategory.rd),
    ("第35条の9", AgencyCategory.executive),
    ("第35条の10", AgencyCategory.executive),
    ("第29条", AgencyCategory.medium_term),
)
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI_NUMBERS = (("二十九", "29"), ("三十五", "35"), ("十", "10"), ("九", "9"), ("四", "4"))


def category_of_code(code: str | None) -> AgencyCategory | None:
    return _CATEGORY_OF_CODE.get(code or "")


def category_of_legal_basis(legal_basis: str | None) -> AgencyCategory | None:
    """The category from the article the objectives are given under (第29条 → 中期目標,
    第35条の4 → 中長期目標, 第35条の9・第35条の10 → 年度目標), in any digits the text uses."""
    if not legal_basis:
        return None
    text = re.sub(r"\s", "", legal_basis.translate(_DIGITS))
    for kanji, digits in _KANJI_NUMBERS:
        text = text.replace(f"第{kanji}条", f"第{digits}条").replace(f"条の{kanji}", f"条の{digits}")
    for article, category in _CATEGORY_OF_ARTICLE:
        if re.search(r"(?<![0-9])" + re.escape(article) + r"(?![0-9の])", text):
            return category
    return None


def agency_category(
    legal_type: str | None, kinds: list[str | None], legal_bases: list[str | None] | None = None
) -> AgencyCategory | None:
    """The category from the legal type where the name says it (国立研究開発法人 is always R&D),
    else from the kind of objectives the agency is given: the law ties each category to one
    kind (中期目標 → 中期目標管理法人, 中長期目標 → 国立研究開発法人, 年度目標 → 行政執行法人),
    else from the article of 独立行政法人通則法 its documents cite."""
    if legal_type in _CATEGORY_OF_TYPE:
        return _CATEGORY_OF_TYPE[legal_type]
    for kind in kinds:
        if kind in _CATEGORY_OF_KIND:
            return _CATEGORY_OF_KIND[kind]
    for basis in legal_bases or []:
        if (category := category_of_legal_basis(basis)) is not None:
            return category
    return None


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class AgencyRecord(Record):
    id: int
    full_name: str
    name: str
    legal_type: str | None
    category: AgencyCategory | None
    category_label: str | None
    ministries: list[str]
    documents: int
    targets: int
    latest_document_id: int | None


class DocumentRecord(Record):
    id: int
    agency_id: int | None
    agency: str | None
    title: str | None
    kind: str | None
    draft: bool
    version: int
    previous_version_id: int | None
    superseded: bool = Field(description="a newer version of this document is stored")
    period_start: date | None
    period_end: date | None
    first_fiscal_year: int | None
    last_fiscal_year: int | None
    ministries: list[str]
    source_file: str = Field(
        description="the name of the file it was read from (where it lay on the server is not published)"
    )
    source_format: str
    targets: int
    flags: int
    axes_rows: int
    units: int
    created_at: datetime | None


class ItemRecord(Record):
    id: int
    document_id: int
    parent_id: int | None
    label: str
    title: str
    level: int
    section_kind: str | None
    line: int
    end_line: int
    page: int | None


class BaselineRecord(Record):
    value: float
    unit: str | None
    label: str
    fiscal_years: list[int]
    text: str
    line: int


class TargetRecord(Record):
    id: int
    document_id: int
    agency_id: int | None
    agency: str | None
    document_kind: str | None
    item_id: int | None
    item: str | None = Field(description="the item's label and title")
    section_kind: str | None
    indicator: str
    value: float
    unit: str | None
    comparator: str
    scope: str
    fiscal_years: list[int]
    rationale: str | None
    external_factors: str | None
    covers: str | None
    text: str
    line: int
    page: int | None
    marks: list[str] = Field(description="importance / difficulty marks on the target's item")
    baselines: list[BaselineRecord]


class ResultRecord(Record):
    fiscal_year: int
    value: float
    unit: str | None
    entered_by: str
    entered_at: datetime | None
    version: int
    source_note: str | None


class EvaluationRecord(Record):
    """A published rating (評定): the only evaluations the read side ever serves."""

    id: int
    document_id: int
    agency_id: int | None
    agency: str | None
    unit_key: str
    level: str
    stage: str
    fiscal_year: int
    evaluator: str
    rating: str
    reason: str
    improvement: str | None
    published_at: datetime | None
    supersedes_id: int | None
    in_force: bool = Field(description="no later published rating replaces it")


class FlagRecord(Record):
    """A 重要度 / 困難度 mark, with the item it qualifies."""

    id: int
    document_id: int
    item_id: int | None
    kind: str
    level: str
    reason: str | None
    text: str
    line: int
    applies_to: int | None = Field(description="the line of the heading or target the mark qualifies")
    page: int | None


class EvaluationUnitRecord(Record):
    """An evaluation unit (評価単位) the document states, with the items it covers (document order)."""

    id: int
    document_id: int
    title: str
    item_ids: list[int]
    section_lines: list[int]
    text: str
    line: int


class IndicatorRecord(Record):
    """A plain indicator (モニタリング指標 and the like): measured, with no numeric level."""

    id: int
    document_id: int
    item_id: int | None
    item: str | None = Field(description="the item's label and title")
    kind: str
    text: str
    section_line: int | None
    line: int


class RatingRecord(Record):
    """An evaluation as recorded, published or not: for the evaluation code and its internal report.
    The read side (pages, API) serves only `EvaluationRecord`s, the published ones."""

    id: int
    document_id: int
    unit_id: int | None
    unit_key: str
    level: str
    stage: str
    fiscal_year: int
    evaluator: str
    rating: str
    proposed_rating: str | None
    computed_rating: str | None
    reason: str
    improvement: str | None
    departure_reason: str | None
    qualitative_s: bool
    uplift_reason: str | None
    author: str
    created_at: datetime | None
    published: bool
    published_at: datetime | None
    supersedes_id: int | None
    supersede_reason: str | None


class StoreCounts(Record):
    """How many rows of each kind the database holds."""

    agencies: int
    documents: int
    targets: int
    results: int
    evaluations: int
    published: int = Field(description="evaluations published")


class SourceLineRecord(Record):
    number: int
    text: str
    page: int | None


RowT = TypeVar("RowT")


class Paged(BaseModel, Generic[RowT]):
    """One page of a list: its rows, how many there are in all, and where the page starts."""

    model_config = ConfigDict(frozen=True)

    data: list[RowT]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        return following if following < self.total else None
