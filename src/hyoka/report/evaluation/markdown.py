"""The evaluation report as one Markdown document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hyoka.report.evaluation.model import EvaluationReport, HistoryEntry, RecordedEvaluation, TargetReport, UnitReport
from hyoka.report.evaluation.tables import (
    BASIC_INFO_TITLE,
    COLUMNS_TITLE,
    HISTORY_HEADERS,
    HISTORY_TITLE,
    INDICATORS_TITLE,
    INPUTS_TITLE,
    NONE_TEXT,
    OTHER_INFO_TITLE,
    OTHER_TARGETS_TITLE,
    OVERALL_ITEM_HEADERS,
    OVERVIEW_TITLE,
    PLAN_TITLE,
    SUMMARY_NOTE,
    SUMMARY_TITLE,
    TARGETS_TITLE,
    YEARLY_DATA_TITLE,
    YEARLY_RATIO_TITLE,
    basic_info_fields,
    column_cells,
    column_headers,
    evaluation_fields,
    has_plan_values,
    history_rows,
    indicator_headers,
    indicator_row,
    input_headers,
    input_rows,
    ministry_sheet_fields,
    other_info_fields,
    overall_fields,
    overall_item_rows,
    overall_sheet_sections,
    overview_fields,
    plan_headers,
    plan_row,
    proposal_fields,
    summary_headers,
    summary_rows,
    table_years,
    target_headers,
    target_row,
    yearly_headers,
    yearly_row,
)

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


def _md_evaluation(
    heading: str,
    evaluation: RecordedEvaluation | None,
    *,
    overall: bool = False,
    extra: Sequence[tuple[str, str]] = (),
) -> list[str]:
    lines = [heading, ""]
    if evaluation is None:
        return [*lines, "未記録", ""]
    return lines + _md_fields([*evaluation_fields(evaluation, overall=overall), *extra])


def _md_history(heading: str, history: Sequence[HistoryEntry]) -> list[str]:
    if not history:
        return [heading, "", "記録された評定なし", ""]
    return [heading, "", *_md_table(HISTORY_HEADERS, history_rows(history))]


def _md_unit(report: EvaluationReport, unit: UnitReport) -> list[str]:
    lines = [f"### {unit.number}. {markdown_text(unit.title)}", ""]
    lines += [f"#### {BASIC_INFO_TITLE}", ""]
    lines += _md_fields(basic_info_fields(unit))
    lines += [f"#### {YEARLY_DATA_TITLE}", "", f"##### {TARGETS_TITLE}", ""]
    if unit.targets:
        lines += _md_targets(report, unit.targets, explain=False)
        lines += [f"##### {YEARLY_RATIO_TITLE}", ""]
        lines += _md_table(yearly_headers(report), (yearly_row(report, t) for t in unit.targets))
    else:
        lines += ["定量的指標なし", ""]
    if has_plan_values(unit.targets):
        lines += [f"##### {PLAN_TITLE}", ""]
        lines += _md_table(plan_headers(report), (plan_row(report, t) for t in unit.targets if t.plan_values))
    lines += [f"##### {INDICATORS_TITLE}", ""]
    if unit.indicators:
        lines += _md_table(indicator_headers(report), (indicator_row(report, i) for i in unit.indicators))
    else:
        lines += ["評価指標・モニタリング指標なし", ""]
    lines += [f"##### {INPUTS_TITLE}", ""]
    lines += _md_table(input_headers(report), input_rows(report, unit))
    lines += [f"#### {COLUMNS_TITLE}", ""]
    lines += _md_table(column_headers(report), [column_cells(report, unit)])
    lines += ["#### 評定の根拠（提案）", ""]
    lines += _md_fields(proposal_fields(unit))
    lines += _md_list(unit.proposal.trace)
    lines += _md_evaluation("#### 自己評価", unit.self_evaluation)
    lines += _md_evaluation("#### 主務大臣評価", unit.ministry_evaluation, extra=ministry_sheet_fields(unit))
    lines += _md_history(f"#### {HISTORY_TITLE}", unit.history)
    lines += [f"#### {OTHER_INFO_TITLE}", ""]
    return lines + _md_fields(other_info_fields(unit))


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
    lines += [f"## {OVERVIEW_TITLE}", ""]
    lines += _md_fields(overview_fields(report))
    lines += ["## 総合評定", ""]
    for heading, fields in overall_sheet_sections(report):
        lines += [f"### {markdown_text(heading)}", ""]
        lines += _md_fields(fields)
    lines += ["### 総合評定の算出", ""]
    lines += _md_fields(overall_fields(report))
    lines += ["### 項目別評定の一覧", ""]
    lines += _md_table(OVERALL_ITEM_HEADERS, overall_item_rows(report))
    lines += ["### 算出の根拠", ""]
    lines += _md_list(overall.trace)
    lines += _md_evaluation("### 自己評価（総合評定）", overall.self_evaluation, overall=True)
    lines += _md_evaluation("### 主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True)
    lines += _md_history(f"### {HISTORY_TITLE}", overall.history)
    lines += [f"## {SUMMARY_TITLE}", "", markdown_text(SUMMARY_NOTE), ""]
    lines += _md_table(summary_headers(report), summary_rows(report))
    lines += ["## 項目別評定調書", ""]
    for unit in report.units:
        lines += _md_unit(report, unit)
    if report.other_targets:
        lines += [f"## {OTHER_TARGETS_TITLE}", ""]
        lines += _md_targets(report, report.other_targets, explain=True)
    return "\n".join(lines).rstrip("\n") + "\n"
