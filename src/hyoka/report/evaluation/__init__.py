"""評価書: the evaluation report of one stored document and fiscal year, and its Excel, Markdown and HTML forms.

`build_report` reads (and never writes) everything an evaluation sheet shows into a tree of plain
dataclasses: the document, each evaluation unit with its targets, their results and plan values by
fiscal year, their achievement in every year and the arithmetic behind it, the evaluation and
monitoring indicators with their results, the main results written, the proposed grade with its
trace, the recorded self and ministry evaluations with their history (in force, or replaced by
whom, when and why), the sheets' written fields (hyoka.store.sheets: who evaluated and whom they
heard, the overall account, the opinions, per item the policy, legal basis, review number, inputs
and issues for the future), the overall rating with its computation and past ratings, and the
項目別評定総括表 of every unit over every year and stage. The renderers lay the tree out like the
official sheets (総合評定, 項目別評定総括表, 項目別評定調書):

    write_xlsx       one workbook: 総合評定, 項目別評定総括表, then one 項目別評定調書 per unit
                     (A4, portrait but for the summary, fitted to the width, title rows repeated,
                     wrapped text in a Japanese font)
    render_markdown  one Markdown document
    render_html      one self-contained HTML page (inline CSS, every text escaped)

Targets that belong to no evaluation unit (a document may name units only for its first chapter)
are reported on their own, after the units, so that no imported result goes unseen.

The package: `model` (the report tree), `build` (reading the store), `tables` (the fields and tables
every renderer shows), `xlsx`, `markdown` and `html` (the renderers); `write_report` picks one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from hyoka.report.evaluation.build import JST, build_report
from hyoka.report.evaluation.html import TEMPLATE_NAME, render_html
from hyoka.report.evaluation.markdown import markdown_text, render_markdown
from hyoka.report.evaluation.model import (
    DocumentInfo,
    EvaluationReport,
    HistoryEntry,
    IndicatorReport,
    OverallItem,
    OverallReport,
    RecordedEvaluation,
    SheetText,
    SummaryColumn,
    SummaryRow,
    SummaryTable,
    TargetReport,
    UnitReport,
)
from hyoka.report.evaluation.tables import (
    BASIS_RATIO_LABEL,
    NONE_TEXT,
    OTHER_TARGETS_TITLE,
    OVERALL_ITEM_HEADERS,
    RECORDED_AT_LABEL,
    document_fields,
    evaluation_fields,
    overall_fields,
    overall_item_rows,
    proposal_fields,
    proposed_grade_text,
    table_years,
    target_headers,
    target_row,
    unit_fields,
)
from hyoka.report.evaluation.xlsx import (
    JAPANESE_FONT,
    MEAN_FORMAT,
    OTHER_TARGETS_SHEET,
    OVERALL_SHEET,
    PERCENT_FORMAT,
    SHEET_NAME_LIMIT,
    SUMMARY_SHEET,
    CellValue,
    sheet_name,
    write_xlsx,
)
from hyoka.report.labels import EVALUATOR_NAMES, STAGE_NAMES, STATUS_NAMES, year_label
from hyoka.report.output import replacing

__all__ = [
    "BASIS_RATIO_LABEL",
    "EVALUATOR_NAMES",
    "JAPANESE_FONT",
    "JST",
    "MEAN_FORMAT",
    "NONE_TEXT",
    "OTHER_TARGETS_SHEET",
    "OTHER_TARGETS_TITLE",
    "OVERALL_ITEM_HEADERS",
    "OVERALL_SHEET",
    "PERCENT_FORMAT",
    "RECORDED_AT_LABEL",
    "REPORT_FORMATS",
    "SHEET_NAME_LIMIT",
    "STAGE_NAMES",
    "STATUS_NAMES",
    "SUMMARY_SHEET",
    "TEMPLATE_NAME",
    "CellValue",
    "DocumentInfo",
    "EvaluationReport",
    "HistoryEntry",
    "IndicatorReport",
    "OverallItem",
    "OverallReport",
    "RecordedEvaluation",
    "ReportFormat",
    "SheetText",
    "SummaryColumn",
    "SummaryRow",
    "SummaryTable",
    "TargetReport",
    "UnitReport",
    "build_report",
    "document_fields",
    "evaluation_fields",
    "markdown_text",
    "overall_fields",
    "overall_item_rows",
    "proposal_fields",
    "proposed_grade_text",
    "render_html",
    "render_markdown",
    "sheet_name",
    "table_years",
    "target_headers",
    "target_row",
    "unit_fields",
    "write_report",
    "write_xlsx",
    "year_label",
]

ReportFormat = Literal["xlsx", "md", "html"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("xlsx", "md", "html")


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
    with replacing(path) as partial:
        partial.write_text(text, encoding="utf-8")
    return path
