"""The report tree of the evaluation report (評価書): frozen dataclasses, and the labels they show.

`build.py` fills it from the store; the renderers (`xlsx.py`, `markdown.py`, `html.py`) lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from hyoka.evaluate.proposal import Proposal
from hyoka.report.labels import EVALUATOR_NAMES, SCOPE_NAMES, STAGE_NAMES, STATUS_NAMES, year_label


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The objective document the report evaluates against."""

    document_id: int
    agency: str  # full name
    agency_type: str | None  # legal type: 独立行政法人, 国立研究開発法人, …
    kind: str | None  # 中期目標, 中長期目標, 年度目標
    title: str | None
    ministries: tuple[str, ...]
    version: int
    draft: bool
    period_start: date | None
    period_end: date | None
    period_years: tuple[int, ...]
    period_label: str  # 令和8年度〜令和12年度（5年間）


@dataclass(frozen=True, slots=True)
class RecordedEvaluation:
    """A recorded evaluation (自己評価 or 主務大臣評価): the newest one not superseded."""

    evaluation_id: int
    evaluator: str  # self or ministry
    rating: str
    reason: str
    improvement: str | None
    departure_reason: str | None  # why the rating departs from the proposed (or computed) one
    uplift_reason: str | None
    qualitative_s: bool
    proposed_rating: str | None
    computed_rating: str | None
    author: str
    recorded_at: datetime | None  # in JST
    published: bool
    published_at: datetime | None  # in JST
    supersedes_id: int | None
    supersede_reason: str | None

    @property
    def evaluator_label(self) -> str:
        return EVALUATOR_NAMES.get(self.evaluator, self.evaluator)


@dataclass(frozen=True, slots=True)
class TargetReport:
    """One quantitative target: its level, results by fiscal year and achievement in the year evaluated."""

    target_id: int
    indicator: str
    level: str  # 4,500件以上
    value: float
    unit: str | None
    comparator: str
    scope: str
    baseline: str | None  # 前中期目標期間実績 3,874件
    result_unit: str | None  # the unit results are entered in (money for a cost-efficiency rate)
    results: Mapping[int, float]  # fiscal year → current (newest) value
    ratio: float | None  # achievement ratio, 1.0 = 100 %; None unless status is computed
    status: str  # computed, missing, not_applicable, manual
    explanation: str

    @property
    def scope_label(self) -> str:
        return SCOPE_NAMES.get(self.scope, self.scope)

    @property
    def status_label(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class UnitReport:
    """One evaluation unit (評価項目): its marks, targets, proposal and recorded evaluations."""

    number: int  # 1, 2, … in the order of the document
    key: str  # the unit key evaluations are recorded under
    title: str
    unit_id: int | None
    items: tuple[str, ...]  # the objective items it covers: 第３の１． 技術相談・技術支援の充実
    derived: bool  # not stated by the document: one unit per chapter
    is_rd: bool  # in the R&D-results chapter of an R&D agency: the proposal is advisory
    rd_advisory: bool
    importance_marked: bool
    difficulty_marked: bool
    importance_reasons: tuple[str, ...]
    difficulty_reasons: tuple[str, ...]
    targets: tuple[TargetReport, ...]
    proposal: Proposal
    notes: tuple[str, ...]
    self_evaluation: RecordedEvaluation | None
    ministry_evaluation: RecordedEvaluation | None


@dataclass(frozen=True, slots=True)
class OverallItem:
    """A unit's grade as the overall computation counted it."""

    key: str
    title: str
    important: bool
    grade: str | None  # None: neither recorded nor proposed, left out of the computation
    source: str  # 主務大臣評価 / 自己評価 (recorded) or 提案 (proposed)


@dataclass(frozen=True, slots=True)
class OverallReport:
    """The overall rating (総合評定): computed from item grades, and as recorded."""

    basis_evaluator: str  # whose recorded item ratings the computation uses (proposals where none)
    grade: str | None
    weighted_mean: float | None
    trace: tuple[str, ...]
    capped: bool
    items: tuple[OverallItem, ...]
    self_evaluation: RecordedEvaluation | None
    ministry_evaluation: RecordedEvaluation | None

    @property
    def basis_label(self) -> str:
        name = EVALUATOR_NAMES.get(self.basis_evaluator, self.basis_evaluator)
        return f"{name}の項目別評定（記録のない評価単位は提案評定）"


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    document: DocumentInfo
    fiscal_year: int
    stage: str
    policy_name: str
    threshold_summary: str
    result_years: tuple[int, ...]  # the fiscal years results are shown for
    base_year: int | None  # the year before the period, shown where a cost-efficiency rate needs it
    units: tuple[UnitReport, ...]
    other_targets: tuple[TargetReport, ...]  # targets in no evaluation unit
    overall: OverallReport

    @property
    def fiscal_year_label(self) -> str:
        return year_label(self.fiscal_year)

    @property
    def stage_label(self) -> str:
        return STAGE_NAMES.get(self.stage, self.stage)

    @property
    def title(self) -> str:
        return f"{self.document.agency} {self.fiscal_year_label} {self.stage_label} 評価書"
