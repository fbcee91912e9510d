"""The evaluation report as one self-contained HTML page, rendered from templates/evaluation.html.j2."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jinja2

from hyoka.report.evaluation.model import EvaluationReport, RecordedEvaluation, TargetReport
from hyoka.report.evaluation.tables import (
    OTHER_TARGETS_TITLE,
    OVERALL_ITEM_HEADERS,
    document_fields,
    evaluation_fields,
    overall_fields,
    overall_item_rows,
    proposal_fields,
    table_years,
    target_headers,
    target_row,
    unit_fields,
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
