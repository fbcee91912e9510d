"""What is entered beside the results: plan values (計画値) per target and year, and the written
main results (主な業務実績) per evaluation unit, year and stage — as the store answers with them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PlanKind(StrEnum):
    """Which plan a value comes from: the agency's plan for the whole period (中期計画, for an R&D
    agency 中長期計画) or its plan for one year (年度計画; 事業計画 of an executive agency)."""

    mid_term_plan = "mid_term_plan"
    annual_plan = "annual_plan"

    @property
    def label(self) -> str:
        return PLAN_KIND_LABELS[self]


PLAN_KIND_LABELS = {PlanKind.mid_term_plan: "中期計画", PlanKind.annual_plan: "年度計画"}
#: How a file may name each plan kind (besides its code).
PLAN_KIND_NAMES = {
    PlanKind.mid_term_plan: ("中期計画", "中長期計画", "mid_term_plan"),
    PlanKind.annual_plan: ("年度計画", "事業計画", "annual_plan"),
}


class PlanValueRecord(BaseModel):
    """The value in force of one plan for one target and fiscal year (its newest version)."""

    model_config = ConfigDict(frozen=True)

    id: int
    target_id: int
    fiscal_year: int
    plan_kind: PlanKind
    value: float
    unit: str | None
    source_note: str | None
    entered_by: str
    entered_at: datetime | None
    version: int
    supersedes_id: int | None


class MainResultRecord(BaseModel):
    """主な業務実績 of one unit (or 総合) for one fiscal year and stage, in one version."""

    model_config = ConfigDict(frozen=True)

    id: int
    document_id: int
    unit_key: str
    fiscal_year: int
    stage: str
    text: str
    entered_by: str
    entered_at: datetime | None
    version: int
    supersedes_id: int | None


class AxesIndicatorRecord(BaseModel):
    """An evaluation indicator (評価指標) or monitoring indicator (モニタリング指標) of a document's
    evaluation-axes table: what R&D results are entered against, beside the targets."""

    model_config = ConfigDict(frozen=True)

    id: int  # the axes entry's id: the results template's 評価軸指標ID
    document_id: int
    row_id: int
    row_label: str | None
    row_title: str
    item_id: int | None
    kind: str  # evaluation or monitoring
    text: str
    parent_id: int | None  # the evaluation indicator a monitoring indicator is listed under
    line: int
