"""The 新旧対照表 in the terminal: a Rich table of two columns, changed runs underlined.

Rows without any change (変更なし) are left out unless asked for: a terminal is for reading what
was amended; the files (xlsx, HTML, JSON) keep every row.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from hyoka.model.comparison import Comparison, RowKind
from hyoka.report.comparison.segments import Segment, cell_segments
from hyoka.report.comparison.words import CHANGE_WORDS, NO_NEW_FINDINGS, NOT_CHECKED, ROW_WORDS


def _text(segments: list[Segment]) -> Text:
    text = Text()
    for segment in segments:
        text.append(segment.text, style="underline" if segment.changed else None)
    return text


def comparison_table(comparison: Comparison, *, all_rows: bool = False) -> Table:
    labels = comparison.labels
    table = Table(title=comparison.title, caption=labels.note, show_lines=True, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column(labels.new, ratio=1, overflow="fold")
    table.add_column(labels.old, ratio=1, overflow="fold")
    for row in comparison.rows:
        if row.kind is RowKind.same and not all_rows:
            continue
        new, old = cell_segments(row, "new", labels), cell_segments(row, "old", labels)
        table.add_row(ROW_WORDS[row.kind], _text(new), _text(old))
    return table


def summary_lines(comparison: Comparison) -> list[str]:
    """What follows the table: the count of rows by kind, of changes, and the new findings."""
    counts = "、".join(f"{ROW_WORDS[RowKind(kind)]} {count}" for kind, count in comparison.summary.rows.items())
    lines = [f"項目: {counts}; 変更 {comparison.summary.changes} 件"]
    lines += [
        f"・{CHANGE_WORDS[c.kind]}: {c.item or ''} {c.before or ''} → {c.after or ''}" for c in comparison.changes
    ]
    if not comparison.checked:
        lines.append(NOT_CHECKED)
    elif not comparison.findings:
        lines.append(NO_NEW_FINDINGS)
    else:
        lines.append(f"改正後に新たに生じた指摘 {len(comparison.findings)} 件")
        for finding in comparison.findings:
            lines.append(f"  {finding.location.line}行 {finding.severity.japanese} {finding.rule_id} {finding.message}")
    return lines
