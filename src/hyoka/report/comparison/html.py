"""The 新旧対照表 as one self-contained HTML page (templates/comparison/comparison.html.j2).

The same rows as the workbook, from the same segments: new-side changes in <ins>, old-side ones
in <del>, both styled as an underline only (a 新旧対照表 never strikes through), a one-line
legend, and print CSS for A4 landscape with the header row repeated on each page. The template
is autoescaped: document text is never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from hyoka.model.comparison import Comparison
from hyoka.report.cells import CellValue
from hyoka.report.comparison.segments import Segment, cell_segments
from hyoka.report.comparison.words import CHANGE_HEADERS, CHANGES_SHEET, FINDING_HEADERS, FINDINGS_SHEET, LEGEND
from hyoka.report.comparison.xlsx import change_rows, finding_rows

TEMPLATE_NAME = "comparison/comparison.html.j2"


@dataclass(frozen=True, slots=True)
class PageRow:
    kind: str
    new: list[Segment]
    old: list[Segment]


@dataclass(frozen=True, slots=True)
class Page:
    """What the template shows: the table's words, its rows as segments, the two lists."""

    title: str
    note: str
    legend: str
    new_header: str
    old_header: str
    rows: list[PageRow]
    changes_title: str
    change_headers: tuple[str, ...]
    changes: list[list[CellValue]]
    findings_title: str
    finding_headers: tuple[str, ...]
    findings: list[list[CellValue]]


def comparison_page(comparison: Comparison) -> Page:
    labels = comparison.labels
    rows = [
        PageRow(row.kind.value, cell_segments(row, "new", labels), cell_segments(row, "old", labels))
        for row in comparison.rows
    ]
    return Page(
        title=comparison.title,
        note=labels.note,
        legend=LEGEND,
        new_header=labels.new,
        old_header=labels.old,
        rows=rows,
        changes_title=CHANGES_SHEET,
        change_headers=CHANGE_HEADERS,
        changes=change_rows(comparison),
        findings_title=FINDINGS_SHEET,
        finding_headers=FINDING_HEADERS,
        findings=finding_rows(comparison),
    )


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("hyoka.report", "templates"),
        autoescape=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )


def render_html(comparison: Comparison) -> str:
    """The page as a string (UTF-8 when written)."""
    return _environment().get_template(TEMPLATE_NAME).render(page=comparison_page(comparison))
