"""The evaluation report as one Markdown document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hyoka.report.evaluation.model import EvaluationReport, RecordedEvaluation, TargetReport
from hyoka.report.evaluation.tables import (
    NONE_TEXT,
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
