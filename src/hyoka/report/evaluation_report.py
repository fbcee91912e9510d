"""評価書: the evaluation report of one stored document and fiscal year, and its Excel, Markdown and HTML forms.

`build_report` reads (and never writes) everything an evaluation sheet shows into a tree of plain
dataclasses: the document, each evaluation unit with its targets, their results by fiscal year,
their achievement and the arithmetic behind it, the proposed grade with its trace, the recorded
self and ministry evaluations, and the overall rating with its computation. The renderers lay the
tree out like the evaluation sheets ministries publish (項目別評定調書, then 総合評定):

    write_xlsx       one workbook: a 総合評定 sheet first, then one sheet per evaluation unit
    render_markdown  one Markdown document
    render_html      one self-contained HTML page (inline CSS, every text escaped)

Targets that belong to no evaluation unit (a document may name units only for its first chapter)
are reported on their own, after the units, so that no imported result goes unseen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import jinja2
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.evaluate.achievement import Achievement, compute_achievement
from hyoka.evaluate.formulas import fmt as format_number
from hyoka.evaluate.formulas import pct
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.proposal import Proposal
from hyoka.evaluate.service import (
    TargetAchievement,
    UnitProposal,
    compute_overall,
    period_years,
    recorded_ratings,
    target_spec,
)
from hyoka.model.fiscal import fiscal_year_label
from hyoka.report.export import EXCEL_CELL_LIMIT, TRUNCATED, display_width
from hyoka.report.targets_table import COMPARATOR_WORDS, SCOPE_NAMES
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.evaluations import Evaluation, Result
from hyoka.store.ratings import OVERALL
from hyoka.store.results import current_results

ReportFormat = Literal["xlsx", "md", "html"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("xlsx", "md", "html")

# Dates in the report are Japanese dates: stored times are UTC (SQLite stores them without a zone).
JST = timezone(timedelta(hours=9), "JST")

STAGE_NAMES = {"annual": "年度評価", "expected": "見込評価", "interim": "中間評価", "period_end": "期間実績評価"}
EVALUATOR_NAMES = {"self": "自己評価", "ministry": "主務大臣評価"}
STATUS_NAMES = {
    "computed": "算定済み",
    "missing": "実績の欠測",
    "not_applicable": "判定対象外",
    "manual": "評価者が判断",
}
OVERALL_SHEET = "総合評定"
OTHER_TARGETS_TITLE = "評価単位に含まれない定量目標"
OTHER_TARGETS_SHEET = "評価単位外の定量目標"
NONE_TEXT = "―"
RECORDED_AT_LABEL = "記録日"
BASIS_RATIO_LABEL = "達成度（集約）"

# Excel's rules for sheet names.
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({"[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"})
_RESERVED_SHEET_NAMES = frozenset({"history"})


# --- the report ---------------------------------------------------------------------------------


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


# --- building -----------------------------------------------------------------------------------


def build_report(
    session: Session,
    document_id: int,
    year: int,
    *,
    stage: str = "annual",
    policy: RatingPolicy,
    evaluator: str = "ministry",
) -> EvaluationReport:
    """The report of `document_id` for fiscal `year`; reads only. KeyError for an unknown document.

    `evaluator` says whose recorded item ratings the computed overall rating counts (the ministry's,
    which are final, unless told otherwise); units without one count with their proposed grade.
    """
    if stage not in STAGE_NAMES:
        raise ValueError(f"stage must be one of {', '.join(STAGE_NAMES)}, not {stage!r}")
    if evaluator not in EVALUATOR_NAMES:
        raise ValueError(f"evaluator must be self or ministry, not {evaluator!r}")
    document = session.get(d.ObjectiveDocument, document_id)
    if document is None:
        raise KeyError(document_id)
    computation, proposals = compute_overall(
        session, document_id, year, stage=stage, evaluator=evaluator, policy=policy
    )
    years = period_years(document)
    targets = {
        t.id: t
        for t in session.scalars(
            select(x.Target).where(x.Target.document_id == document_id).order_by(x.Target.position)
        )
    }
    items = {i.id: i for i in session.scalars(select(d.Item).where(d.Item.document_id == document_id))}
    flags = session.scalars(select(x.Flag).where(x.Flag.document_id == document_id).order_by(x.Flag.position)).all()
    recorded = _recorded(session, document_id, year, stage)

    def target(measured: TargetAchievement) -> TargetReport:
        return _target_report(session, targets[measured.target_id], measured.results, measured.achievement)

    units = tuple(
        _unit_report(number, unit, items=items, flags=flags, recorded=recorded, target=target)
        for number, unit in enumerate(proposals, start=1)
    )
    in_units = {t.target_id for unit in proposals for t in unit.targets}
    others = []
    for row in targets.values():
        if row.id not in in_units:
            results = current_results(session, row.id)
            achievement = compute_achievement(target_spec(row, years), results, year, policy)
            others.append(_target_report(session, row, results, achievement))
    every = [t for unit in units for t in unit.targets] + others
    base_year = years[0] - 1 if years and any(t.scope == "annual_rate" for t in every) else None
    if years:
        result_years = ((base_year,) if base_year is not None else ()) + years
    else:
        result_years = tuple(sorted({y for t in every for y in t.results}))
    chosen = recorded_ratings(session, document_id, year, stage, evaluator)
    overall = OverallReport(
        basis_evaluator=evaluator,
        grade=computation.grade,
        weighted_mean=computation.weighted_mean,
        trace=computation.trace,
        capped=computation.capped,
        items=tuple(_overall_item(unit, chosen, evaluator) for unit in proposals),
        self_evaluation=recorded.get((OVERALL, "self")),
        ministry_evaluation=recorded.get((OVERALL, "ministry")),
    )
    return EvaluationReport(
        document=_document_info(document, years),
        fiscal_year=year,
        stage=stage,
        policy_name=policy.name,
        threshold_summary=policy.threshold_summary(),
        result_years=result_years,
        base_year=base_year,
        units=units,
        other_targets=tuple(others),
        overall=overall,
    )


def _document_info(document: d.ObjectiveDocument, years: tuple[int, ...]) -> DocumentInfo:
    agency = document.agency
    if years:
        period = f"{year_label(years[0])}〜{year_label(years[-1])}（{len(years)}年間）"
    else:
        period = document.period_text or "不明"
    return DocumentInfo(
        document_id=document.id,
        agency=(agency.full_name or agency.name) if agency else "（法人名不明）",
        agency_type=agency.legal_type if agency else None,
        kind=document.kind,
        title=document.title,
        ministries=tuple(document.ministries or ()),
        version=document.version,
        draft=document.draft,
        period_start=document.period_start,
        period_end=document.period_end,
        period_years=years,
        period_label=period,
    )


def _in_jst(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(JST)


def _recorded_evaluation(row: Evaluation) -> RecordedEvaluation:
    return RecordedEvaluation(
        evaluation_id=row.id,
        evaluator=row.evaluator,
        rating=row.rating,
        reason=row.reason,
        improvement=row.improvement,
        departure_reason=row.departure_reason,
        uplift_reason=row.uplift_reason,
        qualitative_s=bool(row.qualitative_s),
        proposed_rating=row.proposed_rating,
        computed_rating=row.computed_rating,
        author=row.author,
        recorded_at=_in_jst(row.created_at),
        published=bool(row.published),
        published_at=_in_jst(row.published_at),
        supersedes_id=row.supersedes_id,
        supersede_reason=row.supersede_reason,
    )


def _recorded(session: Session, document_id: int, year: int, stage: str) -> dict[tuple[str, str], RecordedEvaluation]:
    """The newest evaluation not superseded, by (unit key, evaluator), items and overall alike."""
    superseded = set(
        session.scalars(
            select(Evaluation.supersedes_id).where(
                Evaluation.document_id == document_id, Evaluation.supersedes_id.is_not(None)
            )
        )
    )
    rows = session.scalars(
        select(Evaluation)
        .where(Evaluation.document_id == document_id, Evaluation.fiscal_year == year, Evaluation.stage == stage)
        .order_by(Evaluation.id)
    )
    return {(row.unit_key, row.evaluator): _recorded_evaluation(row) for row in rows if row.id not in superseded}


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def _level(target: x.Target) -> str:
    word = COMPARATOR_WORDS.get(target.comparator, target.comparator)
    return f"{_number_text(target.value)}{target.unit or ''}{word}"


def _baseline(target: x.Target) -> str | None:
    parts = [f"{b.label} {_number_text(b.value)}{b.unit or ''}".strip() for b in target.baselines]
    return "、".join(parts) or None


def _result_unit(session: Session, target: x.Target) -> str | None:
    query = select(Result.unit).where(Result.target_id == target.id).order_by(Result.id.desc()).limit(1)
    return session.scalar(query) or target.unit


def _target_report(
    session: Session, target: x.Target, results: Mapping[int, float], achievement: Achievement
) -> TargetReport:
    return TargetReport(
        target_id=target.id,
        indicator=target.indicator,
        level=_level(target),
        value=target.value,
        unit=target.unit,
        comparator=target.comparator,
        scope=target.scope,
        baseline=_baseline(target),
        result_unit=_result_unit(session, target),
        results=dict(sorted(results.items())),
        ratio=achievement.ratio if achievement.status == "computed" else None,
        status=achievement.status,
        explanation=achievement.explanation,
    )


def _item_label(item: d.Item, items: Mapping[int, d.Item]) -> str:
    labels = [item.label.strip()]
    parent = items.get(item.parent_id) if item.parent_id is not None else None
    while parent is not None:
        labels.insert(0, parent.label.strip())
        parent = items.get(parent.parent_id) if parent.parent_id is not None else None
    return f"{'の'.join(labels)} {item.title}"


def _unit_report(
    number: int,
    unit: UnitProposal,
    *,
    items: Mapping[int, d.Item],
    flags: Sequence[x.Flag],
    recorded: Mapping[tuple[str, str], RecordedEvaluation],
    target: Callable[[TargetAchievement], TargetReport],
) -> UnitReport:
    scope = unit.unit
    tops = sorted(
        (items[i] for i in scope.item_ids if i in items and items[i].parent_id not in scope.item_ids),
        key=lambda item: item.position,
    )

    def reasons(kind: str) -> tuple[str, ...]:
        found = (f.reason or f.text for f in flags if f.kind == kind and f.item_id in scope.item_ids)
        return tuple(dict.fromkeys(r.strip() for r in found if r and r.strip()))

    return UnitReport(
        number=number,
        key=scope.key,
        title=scope.title,
        unit_id=scope.unit_id,
        items=tuple(_item_label(item, items) for item in tops),
        derived=scope.derived,
        is_rd=unit.is_rd,
        rd_advisory=unit.proposal.advisory,
        importance_marked=unit.importance_marked,
        difficulty_marked=unit.difficulty_marked,
        importance_reasons=reasons("importance"),
        difficulty_reasons=reasons("difficulty"),
        targets=tuple(target(t) for t in unit.targets),
        proposal=unit.proposal,
        notes=unit.notes,
        self_evaluation=recorded.get((scope.key, "self")),
        ministry_evaluation=recorded.get((scope.key, "ministry")),
    )


def _overall_item(unit: UnitProposal, chosen: Mapping[str, Evaluation], evaluator: str) -> OverallItem:
    """The grade `compute_overall` counted for the unit: the recorded one, else the proposed one."""
    row = chosen.get(unit.unit.key)
    grade: str | None = row.rating if row is not None else unit.proposal.grade
    source = EVALUATOR_NAMES[evaluator] if row is not None else "提案" if grade else "算入せず"
    return OverallItem(unit.unit.key, unit.unit.title, unit.importance_marked, grade, source)


# --- wording shared by the renderers --------------------------------------------------------------


def year_label(fiscal_year: int) -> str:
    """令和8年度 for 2026; a plain 「N年度」 where no era label applies."""
    try:
        return fiscal_year_label(fiscal_year)
    except ValueError:
        return f"{fiscal_year}年度"


def _date_text(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else NONE_TEXT


def _text(value: str | None) -> str:
    return value.strip() if value and value.strip() else NONE_TEXT


def _ratio_text(ratio: float | None) -> str:
    return pct(ratio) if ratio is not None and math.isfinite(ratio) else NONE_TEXT


def _year_header(report: EvaluationReport, year: int) -> str:
    return f"{year_label(year)}（基準）" if year == report.base_year else year_label(year)


def _mark(marked: bool, reasons: Sequence[str]) -> str:
    if not marked:
        return NONE_TEXT
    return "高（" + "／".join(reasons) + "）" if reasons else "高"


def proposed_grade_text(unit: UnitReport) -> str:
    grade = unit.proposal.grade
    if grade is None:
        return "提案なし（評価者が判断）"
    extras = []
    if unit.rd_advisory:
        extras.append("参考")
    if unit.proposal.s_possible:
        extras.append("S の可能性あり")
    if unit.proposal.uplifted_grade and unit.proposal.uplifted_grade != grade:
        extras.append(f"困難度により {unit.proposal.uplifted_grade} まで引上げ可")
    return f"{grade}（{'、'.join(extras)}）" if extras else grade


def document_fields(report: EvaluationReport) -> list[tuple[str, str]]:
    doc = report.document
    target = doc.kind or "目標"
    version = f"第{doc.version}版" + ("（案）" if doc.draft else "")
    dates = f"（{doc.period_start}〜{doc.period_end}）" if doc.period_start and doc.period_end else ""
    return [
        ("法人名", doc.agency),
        ("法人の種別", _text(doc.agency_type)),
        ("主務省", "・".join(doc.ministries) or NONE_TEXT),
        ("目標", f"{target} {version}"),
        ("目標期間", f"{doc.period_label}{dates}"),
        ("評価対象年度", report.fiscal_year_label),
        ("評価の区分", report.stage_label),
        ("評定の方針", f"{report.policy_name}（{report.threshold_summary}）"),
    ]


def unit_fields(unit: UnitReport) -> list[tuple[str, str]]:
    fields = [
        ("評価項目", f"{unit.number}. {unit.title}"),
        ("対象の目標項目", "\n".join(unit.items) or NONE_TEXT),
        ("重要度", _mark(unit.importance_marked, unit.importance_reasons)),
        ("困難度", _mark(unit.difficulty_marked, unit.difficulty_reasons)),
    ]
    if unit.is_rd:
        fields.append(("研究開発", "研究開発成果の最大化に係る評価単位（数値による提案評定は参考）"))
    if unit.notes:
        fields.append(("注記", "\n".join(unit.notes)))
    return fields


def proposal_fields(unit: UnitReport) -> list[tuple[str, str]]:
    return [("提案評定", proposed_grade_text(unit)), (BASIS_RATIO_LABEL, _ratio_text(unit.proposal.basis_ratio))]


def evaluation_fields(evaluation: RecordedEvaluation, *, overall: bool = False) -> list[tuple[str, str]]:
    reference = "算出結果" if overall else "提案評定"
    fields = [("評定", evaluation.rating), ("評定の根拠", _text(evaluation.reason))]
    if evaluation.improvement:
        fields.append(("改善に向けた方策", evaluation.improvement.strip()))
    if evaluation.departure_reason:
        fields.append((f"{reference}と異なる理由", evaluation.departure_reason.strip()))
    if evaluation.uplift_reason:
        fields.append(("困難度による引上げの理由", evaluation.uplift_reason.strip()))
    if evaluation.qualitative_s:
        fields.append(("定性的判断", "特に顕著な成果と判断"))
    published = f"公表済み（{_date_text(evaluation.published_at)}）" if evaluation.published else "未公表"
    recorded = _date_text(evaluation.recorded_at)
    fields += [("評価者", evaluation.author), (RECORDED_AT_LABEL, recorded), ("公表", published)]
    if evaluation.supersedes_id is not None and evaluation.supersede_reason:
        fields.append(("訂正の理由", evaluation.supersede_reason.strip()))
    return fields


def overall_fields(report: EvaluationReport) -> list[tuple[str, str]]:
    overall = report.overall
    mean = f"{overall.weighted_mean:.3f}点" if overall.weighted_mean is not None else NONE_TEXT
    fields = [
        ("算出評定", overall.grade or "算出できない"),
        ("加重平均点", mean),
        ("算出の基礎", overall.basis_label),
    ]
    if overall.capped:
        fields.append(("上限", "研究開発の評定の規則により上限を適用"))
    return fields


OVERALL_ITEM_HEADERS = ("評価項目", "重要度", "困難度", "提案評定", "自己評価", "主務大臣評価", "算出に用いた評定")


def overall_item_rows(report: EvaluationReport) -> list[list[str]]:
    rows = []
    for unit, item in zip(report.units, report.overall.items, strict=True):
        rows.append(
            [
                f"{unit.number}. {unit.title}",
                "高" if unit.importance_marked else NONE_TEXT,
                "高" if unit.difficulty_marked else NONE_TEXT,
                proposed_grade_text(unit),
                unit.self_evaluation.rating if unit.self_evaluation else "未記録",
                unit.ministry_evaluation.rating if unit.ministry_evaluation else "未記録",
                f"{item.grade}（{item.source}）" if item.grade else item.source,
            ]
        )
    return rows


def table_years(report: EvaluationReport, targets: Sequence[TargetReport]) -> tuple[int, ...]:
    """The result columns of a table of `targets`: the base year only where a cost-efficiency rate needs it."""
    if report.base_year is None or any(t.scope == "annual_rate" for t in targets):
        return report.result_years
    return tuple(y for y in report.result_years if y != report.base_year)


def target_headers(report: EvaluationReport, targets: Sequence[TargetReport]) -> list[str]:
    years = [_year_header(report, y) for y in table_years(report, targets)]
    return ["指標", "目標", "基準値", "期間区分", "実績の単位", *years, "達成度", "状況"]


def target_row(years: Sequence[int], target: TargetReport) -> list[str]:
    results = [format_number(target.results[y]) if y in target.results else "" for y in years]
    return [
        target.indicator,
        target.level,
        target.baseline or NONE_TEXT,
        target.scope_label,
        target.result_unit or "",
        *results,
        _ratio_text(target.ratio),
        target.status_label,
    ]


# --- Excel --------------------------------------------------------------------------------------

CellValue = str | int | float | date | None

_TITLE_FONT = Font(bold=True, size=14)
_HEADING_FONT = Font(bold=True, size=12)
_BOLD = Font(bold=True)
_HEADING_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_LABEL_FILL = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
_THIN = Side(style="thin", color="FFA6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_LINE_HEIGHT = 16.0
PERCENT_FORMAT = "0.0%"
MEAN_FORMAT = "0.000"

# Columns of a unit sheet: 指標, 目標, 基準値, 期間区分, 実績の単位, one per year, 達成度, 状況, 達成度の算定.
_TARGET_WIDTHS = (36.0, 14.0, 20.0, 14.0, 10.0)
_YEAR_WIDTH = 12.0
_TAIL_WIDTHS = (10.0, 12.0, 60.0)


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique among `taken` (casefolded names, updated here).

    At most 31 characters, without []:*?/\\ (their full-width forms stand in), not starting or
    ending with an apostrophe; a repeated name gets （2）, （3）, ….
    """
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", " ".join(title.translate(_SHEET_NAME_FORBIDDEN).split()))
    base = cleaned[:SHEET_NAME_LIMIT].strip("' ") or "評価単位"
    name, number = base, 2
    while name.casefold() in taken or name.casefold() in _RESERVED_SHEET_NAMES:
        suffix = f"（{number}）"
        name = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip("' ") + suffix
        number += 1
    taken.add(name.casefold())
    return name


def _excel_text(value: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def _lines_needed(text: str, width: float) -> int:
    per_line = max(int(width) - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))


class _SheetWriter:
    """Writes blocks (title, headings, label–value rows, tables) down a sheet, one row after another."""

    def __init__(self, sheet: Worksheet, widths: Sequence[float]) -> None:
        self.sheet = sheet
        self.widths = list(widths)
        self.last = len(self.widths)
        self.row = 1
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]

    def put(
        self,
        column: int,
        value: CellValue,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment = _WRAP,
        number_format: str | None = None,
    ) -> None:
        written = _excel_text(value) if isinstance(value, str) else value
        cell = self.sheet.cell(row=self.row, column=column, value=written)
        if isinstance(value, str) and cell.data_type == "f":
            cell.data_type = "s"  # text such as 「=」 is never a formula
        cell.alignment = alignment
        cell.border = _BOX
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if number_format is not None:
            cell.number_format = number_format
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"

    def _merge_rest(self, first: int) -> None:
        if first < self.last:
            self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=self.last)

    def _height(self, lines: int) -> None:
        if lines > 1:
            self.sheet.row_dimensions[self.row].height = lines * _LINE_HEIGHT

    def title(self, text: str) -> None:
        cell = self.sheet.cell(row=self.row, column=1, value=_excel_text(text))
        cell.font = _TITLE_FONT
        cell.alignment = Alignment(vertical="center")
        self._merge_rest(1)
        self.sheet.row_dimensions[self.row].height = 24
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        for column in range(1, self.last + 1):
            self.put(column, text if column == 1 else None, font=_HEADING_FONT, fill=_HEADING_FILL)
        self._merge_rest(1)
        self.row += 1

    def field(self, label: str, value: CellValue, *, number_format: str | None = None) -> None:
        self.put(1, label, font=_BOLD, fill=_LABEL_FILL)
        for column in range(2, self.last + 1):
            self.put(column, value if column == 2 else None, number_format=number_format)
        self._merge_rest(2)
        if isinstance(value, str):
            self._height(max(_lines_needed(value, sum(self.widths[1:])), _lines_needed(label, self.widths[0])))
        self.row += 1

    def fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        for label, value in pairs:
            self.field(label, value)

    def line(self, text: str) -> None:
        for column in range(1, self.last + 1):
            self.put(column, text if column == 1 else None)
        self._merge_rest(1)
        self._height(_lines_needed(text, sum(self.widths)))
        self.row += 1

    def header_row(self, headers: Sequence[str]) -> None:
        for column, header in enumerate(headers, start=1):
            self.put(column, header, font=_BOLD, fill=_LABEL_FILL, alignment=_CENTER)
        self._height(max(_lines_needed(h, self.widths[i]) for i, h in enumerate(headers)))
        self.row += 1

    def values_row(self, values: Sequence[CellValue], formats: Mapping[int, str]) -> None:
        lines = 1
        for column, value in enumerate(values, start=1):
            self.put(column, value, number_format=formats.get(column))
            if isinstance(value, str):
                lines = max(lines, _lines_needed(value, self.widths[column - 1]))
        self._height(lines)
        self.row += 1


def _number_format(value: float) -> str:
    return "#,##0" if value.is_integer() else "#,##0.0##"


def _target_widths(report: EvaluationReport, targets: Sequence[TargetReport]) -> list[float]:
    return [*_TARGET_WIDTHS, *([_YEAR_WIDTH] * len(table_years(report, targets))), *_TAIL_WIDTHS]


def _target_table(writer: _SheetWriter, report: EvaluationReport, targets: Sequence[TargetReport]) -> None:
    """The 主な定量的指標 table: one row per target, results and achievement as numbers."""
    years = table_years(report, targets)
    writer.header_row([*target_headers(report, targets), "達成度の算定"])
    first_year = len(_TARGET_WIDTHS) + 1
    ratio_column = first_year + len(years)
    for target in targets:
        values: list[CellValue] = [
            target.indicator,
            target.level,
            target.baseline or NONE_TEXT,
            target.scope_label,
            target.result_unit or "",
        ]
        formats = {}
        for offset, year in enumerate(years):
            value = target.results.get(year)
            values.append(value)
            if value is not None:
                formats[first_year + offset] = _number_format(value)
        ratio = target.ratio if target.ratio is not None and math.isfinite(target.ratio) else None
        values += [ratio if ratio is not None else NONE_TEXT, target.status_label, target.explanation]
        formats[ratio_column] = PERCENT_FORMAT
        writer.values_row(values, formats)


def _evaluation_block(
    writer: _SheetWriter, heading: str, evaluation: RecordedEvaluation | None, *, overall: bool = False
) -> None:
    writer.heading(heading)
    if evaluation is None:
        writer.field("評定", "未記録")
        return
    for label, text in evaluation_fields(evaluation, overall=overall):
        if label == RECORDED_AT_LABEL and evaluation.recorded_at is not None:
            writer.field(label, evaluation.recorded_at.date())  # a date Excel can sort and filter on
        else:
            writer.field(label, text)


def _write_overall_sheet(sheet: Worksheet, report: EvaluationReport) -> None:
    writer = _SheetWriter(sheet, [36.0, 10.0, 10.0, 24.0, 12.0, 14.0, 22.0])
    writer.title(f"総合評定　{report.fiscal_year_label} {report.stage_label}")
    writer.fields(document_fields(report))
    writer.heading("項目別評定の一覧")
    writer.header_row(OVERALL_ITEM_HEADERS)
    for row in overall_item_rows(report):
        writer.values_row(row, {})
    writer.heading("総合評定の算出")
    overall = report.overall
    writer.field("算出評定", overall.grade or "算出できない")
    writer.field("加重平均点", overall.weighted_mean, number_format=MEAN_FORMAT)
    writer.field("算出の基礎", overall.basis_label)
    if overall.capped:
        writer.field("上限", "研究開発の評定の規則により上限を適用")
    writer.heading("算出の根拠")
    for line in overall.trace:
        writer.line(line)
    _evaluation_block(writer, "自己評価（総合評定）", overall.self_evaluation, overall=True)
    _evaluation_block(writer, "主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True)
    sheet.freeze_panes = "A2"


def _write_unit_sheet(sheet: Worksheet, report: EvaluationReport, unit: UnitReport) -> None:
    writer = _SheetWriter(sheet, _target_widths(report, unit.targets))
    writer.title(f"項目別評定調書　{unit.number}. {unit.title}")
    writer.field("法人名", report.document.agency)
    writer.field("評価対象年度", f"{report.fiscal_year_label} {report.stage_label}")
    writer.fields(unit_fields(unit))
    writer.heading("主な定量的指標")
    if unit.targets:
        _target_table(writer, report, unit.targets)
    else:
        writer.line("定量的指標なし")
    writer.heading("評定の根拠（提案）")
    for label, text in proposal_fields(unit):
        ratio = unit.proposal.basis_ratio
        if label == BASIS_RATIO_LABEL and ratio is not None and math.isfinite(ratio):
            writer.field(label, ratio, number_format=PERCENT_FORMAT)
        else:
            writer.field(label, text)
    for line in unit.proposal.trace:
        writer.line(line)
    _evaluation_block(writer, "自己評価", unit.self_evaluation)
    _evaluation_block(writer, "主務大臣評価", unit.ministry_evaluation)
    sheet.freeze_panes = "A2"


def _write_other_targets_sheet(sheet: Worksheet, report: EvaluationReport) -> None:
    writer = _SheetWriter(sheet, _target_widths(report, report.other_targets))
    writer.title(f"{OTHER_TARGETS_TITLE}　{report.fiscal_year_label}")
    header_row = writer.row
    _target_table(writer, report, report.other_targets)
    sheet.freeze_panes = f"B{header_row + 1}"


def write_xlsx(report: EvaluationReport, path: Path) -> Path:
    """The workbook: 総合評定 first, then one sheet per evaluation unit (and one for targets in none)."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    taken: set[str] = set()
    _write_overall_sheet(workbook.create_sheet(sheet_name(OVERALL_SHEET, taken)), report)
    for unit in report.units:
        _write_unit_sheet(workbook.create_sheet(sheet_name(unit.key, taken)), report, unit)
    if report.other_targets:
        _write_other_targets_sheet(workbook.create_sheet(sheet_name(OTHER_TARGETS_SHEET, taken)), report)
    workbook.properties.title = _excel_text(report.title)
    workbook.properties.creator = "hyoka"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# --- Markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|#~")


def markdown_text(value: str) -> str:
    """`value` as literal Markdown text: special characters escaped, line breaks as <br>."""
    escaped = "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in value.strip())
    return "<br>".join(line.strip() for line in escaped.splitlines()) or NONE_TEXT


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(markdown_text(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(markdown_text(c) if c else " " for c in row) + " |" for row in rows]
    return [*lines, ""]


def _md_fields(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return _md_table(("項目", "内容"), pairs)


def _md_list(lines: Iterable[str]) -> list[str]:
    return [*(f"- {markdown_text(line.lstrip('・'))}" for line in lines), ""]


def _md_evaluation(heading: str, evaluation: RecordedEvaluation | None, *, overall: bool = False) -> list[str]:
    lines = [heading, ""]
    if evaluation is None:
        return [*lines, "未記録", ""]
    return lines + _md_fields(evaluation_fields(evaluation, overall=overall))


def _md_targets(report: EvaluationReport, targets: Sequence[TargetReport], *, explain: bool) -> list[str]:
    """The targets table; with `explain`, the arithmetic of each achievement below it (a unit's trace has it)."""
    years = table_years(report, targets)
    lines = _md_table(target_headers(report, targets), (target_row(years, t) for t in targets))
    if not explain:
        return lines
    lines += ["達成度の算定:", ""]
    return [*lines, *(f"- {markdown_text(t.indicator)}: {markdown_text(t.explanation)}" for t in targets), ""]


def render_markdown(report: EvaluationReport) -> str:
    """The report as one Markdown document, laid out like the published evaluation sheets."""
    overall = report.overall
    lines = [f"# {markdown_text(report.title)}", ""]
    lines += _md_fields(document_fields(report))
    lines += ["## 総合評定", ""]
    lines += _md_fields(overall_fields(report))
    lines += ["### 項目別評定の一覧", ""]
    lines += _md_table(OVERALL_ITEM_HEADERS, overall_item_rows(report))
    lines += ["### 算出の根拠", ""]
    lines += _md_list(overall.trace)
    lines += _md_evaluation("### 自己評価（総合評定）", overall.self_evaluation, overall=True)
    lines += _md_evaluation("### 主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True)
    lines += ["## 項目別評定調書", ""]
    for unit in report.units:
        lines += [f"### {unit.number}. {markdown_text(unit.title)}", ""]
        lines += _md_fields(unit_fields(unit))
        lines += ["#### 主な定量的指標", ""]
        lines += _md_targets(report, unit.targets, explain=False) if unit.targets else ["定量的指標なし", ""]
        lines += ["#### 評定の根拠（提案）", ""]
        lines += _md_fields(proposal_fields(unit))
        lines += _md_list(unit.proposal.trace)
        lines += _md_evaluation("#### 自己評価", unit.self_evaluation)
        lines += _md_evaluation("#### 主務大臣評価", unit.ministry_evaluation)
    if report.other_targets:
        lines += [f"## {OTHER_TARGETS_TITLE}", ""]
        lines += _md_targets(report, report.other_targets, explain=True)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML ---------------------------------------------------------------------------------------

TEMPLATE_NAME = "evaluation.html.j2"


@dataclass(frozen=True, slots=True)
class _Block:
    """A titled part of the page: label–value rows, a table, and lines of text, any of them empty."""

    heading: str
    fields: list[tuple[str, str]]
    headers: list[str]
    rows: list[list[str]]
    lines: list[str]
    empty: str = ""


def _block(
    heading: str,
    *,
    fields: Sequence[tuple[str, str]] = (),
    headers: Sequence[str] = (),
    rows: Iterable[Sequence[str]] = (),
    lines: Iterable[str] = (),
    empty: str = "",
) -> _Block:
    return _Block(heading, list(fields), list(headers), [list(r) for r in rows], list(lines), empty)


def _html_evaluation(heading: str, evaluation: RecordedEvaluation | None, *, overall: bool = False) -> _Block:
    if evaluation is None:
        return _block(heading, empty="未記録")
    return _block(heading, fields=evaluation_fields(evaluation, overall=overall))


def _html_targets(report: EvaluationReport, targets: Sequence[TargetReport], *, explain: bool) -> _Block:
    years = table_years(report, targets)
    return _block(
        "主な定量的指標",
        headers=target_headers(report, targets),
        rows=(target_row(years, t) for t in targets),
        lines=(f"{t.indicator}: {t.explanation}" for t in targets) if explain else (),
        empty="定量的指標なし",
    )


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("hyoka.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_html(report: EvaluationReport) -> str:
    """The report as one self-contained HTML page (inline CSS, lang="ja"); every text is escaped."""
    overall = report.overall
    overall_blocks = [
        _block("総合評定の算出", fields=overall_fields(report)),
        _block("項目別評定の一覧", headers=OVERALL_ITEM_HEADERS, rows=overall_item_rows(report)),
        _block("算出の根拠", lines=overall.trace),
        _html_evaluation("自己評価（総合評定）", overall.self_evaluation, overall=True),
        _html_evaluation("主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True),
    ]
    units = [
        {
            "id": f"unit-{unit.number}",
            "heading": f"{unit.number}. {unit.title}",
            "blocks": [
                _block("評価項目", fields=unit_fields(unit)),
                _html_targets(report, unit.targets, explain=False),
                _block("評定の根拠（提案）", fields=proposal_fields(unit), lines=unit.proposal.trace),
                _html_evaluation("自己評価", unit.self_evaluation),
                _html_evaluation("主務大臣評価", unit.ministry_evaluation),
            ],
        }
        for unit in report.units
    ]
    others = _html_targets(report, report.other_targets, explain=True) if report.other_targets else None
    template = _environment().get_template(TEMPLATE_NAME)
    return template.render(
        title=report.title,
        document=_block("評価の対象", fields=document_fields(report)),
        overall=overall_blocks,
        units=units,
        others=others,
        others_title=OTHER_TARGETS_TITLE,
    )


# --- any format ---------------------------------------------------------------------------------


def write_report(report: EvaluationReport, fmt: ReportFormat, path: Path) -> Path:
    """Write `report` as xlsx, md or html to `path` (parent folders created); returns `path`."""
    path = Path(path)
    if fmt == "xlsx":
        return write_xlsx(report, path)
    if fmt == "md":
        text = render_markdown(report)
    elif fmt == "html":
        text = render_html(report)
    else:
        raise ValueError(f"format must be one of {', '.join(REPORT_FORMATS)}, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
