"""Wording shared by the renderers of the evaluation report: label–value fields, table headers and rows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from hyoka.evaluate.formulas import fmt as format_number
from hyoka.evaluate.formulas import pct
from hyoka.report.evaluation.model import (
    EvaluationReport,
    HistoryEntry,
    IndicatorReport,
    RecordedEvaluation,
    SheetText,
    TargetReport,
    UnitReport,
)
from hyoka.report.labels import year_label
from hyoka.store.sheets import INPUT_FIELDS, SHEET_FIELDS

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


# --- the official sheets' fields (項目別評定調書, 総合評定, 項目別評定総括表) ----------------------------------

OVERVIEW_TITLE = "評価の概要"
SUMMARY_TITLE = "項目別評定総括表"
HISTORY_TITLE = "評定の履歴"
BASIC_INFO_TITLE = "1. 当事務及び事業に関する基本情報"
YEARLY_DATA_TITLE = "2. 主要な経年データ"
TARGETS_TITLE = "① 主な定量的指標"
YEARLY_RATIO_TITLE = "達成度の推移（年度評価による各年度の達成度）"
PLAN_TITLE = "計画値"
INDICATORS_TITLE = "② 評価指標・モニタリング指標"
INPUTS_TITLE = "③ 主要なインプット情報（財務情報及び人員に関する情報）"
COLUMNS_TITLE = "3. 目標・計画・評価軸・業務実績・評価"
OTHER_INFO_TITLE = "4. その他参考情報"
PLAN_KINDS = {"mid_term_plan": "中期計画", "annual_plan": "年度計画"}
SUMMARY_NOTE = "各欄は主務大臣評価の評定（適用中のもの）。主務大臣評価がなく自己評価のみの欄は（自己 X）。"


def _sheet_text(sheet: Mapping[str, SheetText], name: str) -> str:
    entry = sheet.get(name)
    return entry.text if entry is not None else NONE_TEXT


def _field_label(name: str) -> str:
    return SHEET_FIELDS[name].label


SELF_SUFFIX = "（自己評価）"


def sheet_fields(
    sheet: Mapping[str, SheetText], self_sheet: Mapping[str, SheetText], *names: str
) -> list[tuple[str, str]]:
    """Label–value rows of written fields: the ministry's text of each, and beside it (the next row,
    labelled （自己評価）) the agency's own text of the same field where one is entered."""
    fields = []
    for name in names:
        fields.append((_field_label(name), _sheet_text(sheet, name)))
        if name in self_sheet:
            fields.append((_field_label(name) + SELF_SUFFIX, self_sheet[name].text))
    return fields


def overview_fields(report: EvaluationReport) -> list[tuple[str, str]]:
    """評価の概要: the evaluation's subject, who evaluated and whom they heard."""
    overall = report.overall
    return [*document_fields(report), *sheet_fields(overall.sheet, overall.self_sheet, "evaluators", "hearings")]


def past_ratings_text(report: EvaluationReport) -> str:
    past = report.overall.past_ratings
    return "、".join(f"{column.label} {rating}" for column, rating in past) if past else NONE_TEXT


def overall_sheet_sections(report: EvaluationReport) -> list[tuple[str, list[tuple[str, str]]]]:
    """総合評定 as the official sheet carries it, section by section: the rating and why, past
    ratings; the account of the agency as a whole and the matters weighed; the main issues and
    improvements; the R&D council's and the auditor's opinions."""
    overall = report.overall
    ministry = overall.ministry_evaluation

    def fields(*names: str) -> list[tuple[str, str]]:
        return sheet_fields(overall.sheet, overall.self_sheet, *names)

    return [
        (
            "1. 全体の評定",
            [
                ("評定", ministry.rating if ministry else "未記録"),
                ("評定に至った理由", _text(ministry.reason) if ministry else NONE_TEXT),
                ("過去の評定", past_ratings_text(report)),
            ],
        ),
        ("2. 法人全体に対する評価", fields("overall_account", "matters_weighed")),
        ("3. 項目別評価の主な課題、改善事項等", fields("main_issues", "improvements")),
        ("4. その他事項", fields("rd_council_opinion", "auditor_opinion", "other_matters")),
    ]


def summary_headers(report: EvaluationReport) -> list[str]:
    return ["評価項目", *(column.label for column in report.summary.columns)]


def summary_rows(report: EvaluationReport) -> list[list[str]]:
    return [[row.title, *row.cells] for row in report.summary.rows]


def basic_info_fields(unit: UnitReport) -> list[tuple[str, str]]:
    """1. 当事務及び事業に関する基本情報: the unit, its items, policy, legal basis, marks, review number."""
    head, marks, rest = unit_fields(unit)[:2], unit_fields(unit)[2:4], unit_fields(unit)[4:]
    return [
        *head,
        *sheet_fields(unit.sheet, unit.self_sheet, "related_policy", "legal_basis"),
        *marks,
        *sheet_fields(unit.sheet, unit.self_sheet, "review_number"),
        *rest,
    ]


def period_years_shown(report: EvaluationReport) -> tuple[int, ...]:
    return report.document.period_years or (report.fiscal_year,)


def yearly_headers(report: EvaluationReport) -> list[str]:
    return ["指標", *(year_label(y) for y in period_years_shown(report)), f"{report.stage_label}の達成度"]


def yearly_row(report: EvaluationReport, target: TargetReport) -> list[str]:
    cells = [
        _ratio_text(target.yearly_ratios[y]) if y in target.yearly_ratios else "" for y in period_years_shown(report)
    ]
    return [target.indicator, *cells, _ratio_text(target.ratio)]


def has_plan_values(targets: Sequence[TargetReport]) -> bool:
    return any(t.plan_values for t in targets)


def plan_headers(report: EvaluationReport) -> list[str]:
    return ["指標", "計画の種類", *(year_label(y) for y in period_years_shown(report)), "達成度の基準"]


def plan_row(report: EvaluationReport, target: TargetReport) -> list[str]:
    values = [
        format_number(target.plan_values[y]) if y in target.plan_values else "" for y in period_years_shown(report)
    ]
    kind = PLAN_KINDS.get(target.plan_kind or "", target.plan_kind or NONE_TEXT)
    return [target.indicator, kind, *values, target.measured_against or NONE_TEXT]


def indicator_headers(report: EvaluationReport) -> list[str]:
    return ["指標", "区分", *(year_label(y) for y in period_years_shown(report))]


def indicator_row(report: EvaluationReport, indicator: IndicatorReport) -> list[str]:
    values = [format_number(indicator.results[y]) if y in indicator.results else "" for y in period_years_shown(report)]
    return [indicator.text, indicator.kind_label, *values]


def input_headers(report: EvaluationReport) -> list[str]:
    return ["区分", *(year_label(y) for y in period_years_shown(report))]


def input_rows(report: EvaluationReport, unit: UnitReport) -> list[list[str]]:
    """予算額・決算額・経常費用・従事人員数 by year; a row for each, blank where nothing is entered."""
    rows = []
    for name in INPUT_FIELDS:
        by_year = unit.inputs.get(name, {})
        rows.append(
            [_field_label(name), *(by_year[y].text if y in by_year else "" for y in period_years_shown(report))]
        )
    return rows


def _evaluation_summary(evaluation: RecordedEvaluation | None) -> str:
    if evaluation is None:
        return "未記録"
    return f"評定 {evaluation.rating}\n{_text(evaluation.reason)}"


def _plan_name(report: EvaluationReport) -> str:
    kind = report.document.kind or "目標"
    return "中長期計画" if kind == "中長期目標" else "年度計画" if kind == "年度目標" else "中期計画"


def column_headers(report: EvaluationReport) -> list[str]:
    """The headers of part 3 of the 項目別評定調書, side by side as the official form has them."""
    kind = report.document.kind or "目標"
    return [
        kind,
        _plan_name(report),
        "主な評価軸（評価の視点）、指標等",
        "主な業務実績等",
        "自己評価",
        "主務大臣による評価",
    ]


def _with_texts(head: str, texts: Sequence[tuple[str, str | None]]) -> str:
    parts = [head, *(f"＜{label}＞\n{text.strip()}" for label, text in texts if text and text.strip())]
    return "\n".join(parts)


def column_cells(report: EvaluationReport, unit: UnitReport) -> list[str]:
    """Part 3 of the 項目別評定調書, one text per column: the objective, the plan, the axes and indicators,
    the main results, the self-evaluation (with the agency's own issues and other matters) and the
    ministry's evaluation (with its issues for the future, other matters and a management-failure finding)."""
    planned = [
        f"{t.indicator}: " + "、".join(f"{year_label(y)} {format_number(v)}" for y, v in sorted(t.plan_values.items()))
        for t in unit.targets
        if t.plan_values
    ]
    indicators = [f"評価軸: {axis}" for axis in unit.axes]
    indicators += [f"{t.indicator}（{t.level}）" for t in unit.targets]
    indicators += [f"{i.kind_label}: {i.text}" for i in unit.indicators]

    def written(sheet: Mapping[str, SheetText]) -> list[tuple[str, str | None]]:
        return [(_field_label(name), sheet[name].text if name in sheet else None) for name in _COLUMN_FIELDS]

    failure = [("法人の業務運営に起因する事由", unit.management_failure)]
    return [
        unit.objective_text or NONE_TEXT,
        "\n".join(planned) or NONE_TEXT,
        "\n".join(indicators) or NONE_TEXT,
        _text(unit.main_results),
        _with_texts(_evaluation_summary(unit.self_evaluation), written(unit.self_sheet)),
        _with_texts(_evaluation_summary(unit.ministry_evaluation), [*written(unit.sheet), *failure]),
    ]


_COLUMN_FIELDS = ("future_issues", "other_matters")


def other_info_fields(unit: UnitReport) -> list[tuple[str, str]]:
    return sheet_fields(unit.sheet, unit.self_sheet, "rd_council_opinion", "auditor_opinion")


def ministry_sheet_fields(unit: UnitReport) -> list[tuple[str, str]]:
    """The ministry's own written fields shown with its evaluation: the issues for the future and other
    matters, where entered."""
    return [
        (_field_label(name), unit.sheet[name].text) for name in ("future_issues", "other_matters") if name in unit.sheet
    ]


HISTORY_HEADERS = ("評価者", "評定", "状態", "記録者", "記録日", "公表", "置き換えた評定", "置換者", "置換日", "理由")


def history_rows(history: Sequence[HistoryEntry]) -> list[list[str]]:
    """Every rating of the year and stage: the one in force, and each replaced one with who replaced
    it, when and why."""
    rows = []
    for entry in history:
        rows.append(
            [
                entry.evaluator_label,
                entry.rating,
                "適用中" if entry.in_force else "置換済み",
                entry.author,
                _date_text(entry.recorded_at),
                f"公表済み（{_date_text(entry.published_at)}）" if entry.published else "未公表",
                f"id {entry.replaced_by_id}" if entry.replaced_by_id is not None else NONE_TEXT,
                entry.replaced_by or NONE_TEXT,
                _date_text(entry.replaced_at) if entry.replaced_by_id is not None else NONE_TEXT,
                _text(entry.replace_reason) if entry.replaced_by_id is not None else NONE_TEXT,
            ]
        )
    return rows
