"""The report tree of the evaluation report (評価書): frozen dataclasses, and the labels they show.

`build.py` fills it from the store; the renderers (`xlsx.py`, `markdown.py`, `html.py`) lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
class HistoryEntry:
    """One rating in the history of a unit (or of 総合) for the year and stage: in force or replaced."""

    evaluation_id: int
    evaluator: str
    rating: str
    author: str
    recorded_at: datetime | None  # in JST
    published: bool
    published_at: datetime | None
    in_force: bool
    replaced_by_id: int | None  # the rating that replaced it
    replaced_by: str | None  # who recorded that one
    replaced_at: datetime | None
    replace_reason: str | None  # why (the supersede's reason; a re-record before publishing gives none)

    @property
    def evaluator_label(self) -> str:
        return EVALUATOR_NAMES.get(self.evaluator, self.evaluator)


@dataclass(frozen=True, slots=True)
class SheetText:
    """A written field of the sheets (hyoka.store.sheets): its label, text and who wrote it."""

    field: str
    label: str
    text: str
    entered_by: str
    version: int


@dataclass(frozen=True, slots=True)
class IndicatorReport:
    """An evaluation indicator (評価指標) or monitoring indicator (モニタリング指標) and its results by year."""

    indicator_id: int | None
    kind: str  # evaluation or monitoring (or the body's outcome / output / other)
    text: str
    results: Mapping[int, float]

    @property
    def kind_label(self) -> str:
        return INDICATOR_KINDS.get(self.kind, self.kind)


INDICATOR_KINDS = {
    "evaluation": "評価指標",
    "monitoring": "モニタリング指標",
    "outcome": "アウトカム指標",
    "output": "アウトプット指標",
    "other": "指標",
}


@dataclass(frozen=True, slots=True)
class SummaryColumn:
    """A column of the 項目別評定総括表: one fiscal year and stage of the period."""

    fiscal_year: int
    stage: str

    @property
    def label(self) -> str:
        if self.stage == "annual":
            return year_label(self.fiscal_year)
        return f"{STAGE_NAMES.get(self.stage, self.stage)}（{year_label(self.fiscal_year)}）"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    key: str
    title: str
    cells: tuple[str, ...]  # one per column: the ministry's rating in force, （自己 X） where only the self one is


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """項目別評定総括表: every unit's rating (and the overall one) over every year and stage of the period."""

    columns: tuple[SummaryColumn, ...]
    rows: tuple[SummaryRow, ...]  # the overall rating first, then the units


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
    yearly_ratios: Mapping[int, float | None] = field(default_factory=dict)  # each year's annual achievement
    plan_values: Mapping[int, float] = field(default_factory=dict)  # the plan's value by year (計画値)
    plan_kind: str | None = None  # mid_term_plan or annual_plan
    measured_against: str | None = None  # what achievement was measured against (objective or the plan)

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
    objective_text: str = ""  # the objective's own words for the unit's items (中期目標)
    axes: tuple[str, ...] = ()  # 評価軸 (the questions asked) of the unit's items
    indicators: tuple[IndicatorReport, ...] = ()  # its evaluation and monitoring indicators
    main_results: str | None = None  # 主な業務実績 for the year and stage
    sheet: Mapping[str, SheetText] = field(default_factory=dict)  # the ministry's written fields by code name
    self_sheet: Mapping[str, SheetText] = field(default_factory=dict)  # the agency's
    inputs: Mapping[str, Mapping[int, SheetText]] = field(default_factory=dict)  # 予算額 … by year
    history: tuple[HistoryEntry, ...] = ()
    management_failure: str | None = None  # the finding that the rating failed for management (R&D cap)


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
    sheet: Mapping[str, SheetText] = field(default_factory=dict)  # the ministry's written fields of 総合
    self_sheet: Mapping[str, SheetText] = field(default_factory=dict)
    past_ratings: tuple[tuple[SummaryColumn, str], ...] = ()  # the overall rating of earlier years and stages
    history: tuple[HistoryEntry, ...] = ()

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
    summary: SummaryTable = SummaryTable((), ())

    @property
    def fiscal_year_label(self) -> str:
        return year_label(self.fiscal_year)

    @property
    def stage_label(self) -> str:
        return STAGE_NAMES.get(self.stage, self.stage)

    @property
    def title(self) -> str:
        return f"{self.document.agency} {self.fiscal_year_label} {self.stage_label} 評価書"
