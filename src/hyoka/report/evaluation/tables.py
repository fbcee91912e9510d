"""Wording shared by the renderers of the evaluation report: label–value fields, table headers and rows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from hyoka.evaluate.formulas import fmt as format_number
from hyoka.evaluate.formulas import pct
from hyoka.report.evaluation.model import (
    EvaluationReport,
    RecordedEvaluation,
    TargetReport,
    UnitReport,
)
from hyoka.report.labels import year_label

OTHER_TARGETS_TITLE = "評価単位に含まれない定量目標"
NONE_TEXT = "―"
RECORDED_AT_LABEL = "記録日"
BASIS_RATIO_LABEL = "達成度（集約）"


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
