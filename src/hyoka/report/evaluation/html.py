"""The evaluation report as one self-contained HTML page, rendered from templates/evaluation.html.j2."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jinja2

from hyoka.report.evaluation.model import EvaluationReport, HistoryEntry, RecordedEvaluation, TargetReport, UnitReport
from hyoka.report.evaluation.tables import (
    BASIC_INFO_TITLE,
    COLUMNS_TITLE,
    HISTORY_HEADERS,
    HISTORY_TITLE,
    INDICATORS_TITLE,
    INPUTS_TITLE,
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


def _html_evaluation(
    heading: str,
    evaluation: RecordedEvaluation | None,
    *,
    overall: bool = False,
    extra: Sequence[tuple[str, str]] = (),
) -> _Block:
    if evaluation is None:
        return _block(heading, empty="未記録")
    return _block(heading, fields=[*evaluation_fields(evaluation, overall=overall), *extra])


def _html_history(history: Sequence[HistoryEntry]) -> _Block:
    return _block(HISTORY_TITLE, headers=HISTORY_HEADERS, rows=history_rows(history), empty="記録された評定なし")


def _html_unit(report: EvaluationReport, unit: UnitReport) -> list[_Block]:
    blocks = [
        _block(BASIC_INFO_TITLE, fields=basic_info_fields(unit)),
        _block(YEARLY_DATA_TITLE),
        _html_targets(report, unit.targets, explain=False),
    ]
    if unit.targets:
        rows = (yearly_row(report, t) for t in unit.targets)
        blocks.append(_block(YEARLY_RATIO_TITLE, headers=yearly_headers(report), rows=rows))
    if has_plan_values(unit.targets):
        rows = (plan_row(report, t) for t in unit.targets if t.plan_values)
        blocks.append(_block(PLAN_TITLE, headers=plan_headers(report), rows=rows))
    blocks += [
        _block(
            INDICATORS_TITLE,
            headers=indicator_headers(report),
            rows=(indicator_row(report, i) for i in unit.indicators),
            empty="評価指標・モニタリング指標なし",
        ),
        _block(INPUTS_TITLE, headers=input_headers(report), rows=input_rows(report, unit)),
        _block(COLUMNS_TITLE, headers=column_headers(report), rows=[column_cells(report, unit)]),
        _block("評定の根拠（提案）", fields=proposal_fields(unit), lines=unit.proposal.trace),
        _html_evaluation("自己評価", unit.self_evaluation),
        _html_evaluation(
            "主務大臣評価",
            unit.ministry_evaluation,
            extra=ministry_sheet_fields(unit),
        ),
        _html_history(unit.history),
        _block(OTHER_INFO_TITLE, fields=other_info_fields(unit)),
    ]
    return blocks


def _html_targets(report: EvaluationReport, targets: Sequence[TargetReport], *, explain: bool) -> _Block:
    years = table_years(report, targets)
    return _block(
        TARGETS_TITLE if not explain else "主な定量的指標",
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
        *(_block(heading, fields=fields) for heading, fields in overall_sheet_sections(report)),
        _block("総合評定の算出", fields=overall_fields(report)),
        _block("項目別評定の一覧", headers=OVERALL_ITEM_HEADERS, rows=overall_item_rows(report)),
        _block("算出の根拠", lines=overall.trace),
        _html_evaluation("自己評価（総合評定）", overall.self_evaluation, overall=True),
        _html_evaluation("主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True),
        _html_history(overall.history),
    ]
    summary = _block(SUMMARY_TITLE, headers=summary_headers(report), rows=summary_rows(report), lines=[SUMMARY_NOTE])
    units = [
        {"id": f"unit-{unit.number}", "heading": f"{unit.number}. {unit.title}", "blocks": _html_unit(report, unit)}
        for unit in report.units
    ]
    others = _html_targets(report, report.other_targets, explain=True) if report.other_targets else None
    template = _environment().get_template(TEMPLATE_NAME)
    return template.render(
        title=report.title,
        document=_block(OVERVIEW_TITLE, fields=overview_fields(report)),
        overall=overall_blocks,
        summary=summary,
        units=units,
        others=others,
        others_title=OTHER_TARGETS_TITLE,
    )
