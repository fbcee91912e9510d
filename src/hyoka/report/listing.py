"""The table `hyoka list` prints, and the same listing as JSON: one row per stored document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from hyoka.store.reader import DocumentSummary

EMPTY_STORE = "No documents are stored yet. Add some with: hyoka ingest FILE (PDF, Word or text; folders too)"


def _period(summary: DocumentSummary) -> str:
    if summary.period_start is None or summary.period_end is None:
        return ""
    return f"{summary.period_start:%Y-%m}–{summary.period_end:%Y-%m}"


def summaries_table(summaries: Sequence[DocumentSummary]) -> Table:
    # the agency name gets the room; the file name is in --json, and in wide terminals
    table = Table(title="登録文書", expand=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("法人", overflow="fold", min_width=16, ratio=3)
    table.add_column("種別", no_wrap=True)
    table.add_column("案", no_wrap=True)
    table.add_column("期間", no_wrap=True)
    table.add_column("版", justify="right", no_wrap=True)
    table.add_column("目標", justify="right", no_wrap=True)
    table.add_column("重要度\n困難度", justify="right", no_wrap=True)
    table.add_column("評価軸", justify="right", no_wrap=True)
    table.add_column("file", overflow="ellipsis", max_width=24, ratio=1)
    for summary in summaries:
        table.add_row(
            str(summary.id),
            escape(summary.agency or "(法人名不明)"),
            escape(summary.kind or ""),
            "案" if summary.draft else "",
            _period(summary),
            str(summary.version),
            str(summary.targets),
            str(summary.flags),
            str(summary.axes_rows),
            escape(Path(summary.source_path).name),
        )
    return table


def summary_dict(summary: DocumentSummary) -> dict[str, Any]:
    """A summary as JSON-ready values: dates in ISO form, the file path as stored."""
    return {
        "id": summary.id,
        "agency": summary.agency,
        "kind": summary.kind,
        "draft": summary.draft,
        "period_start": summary.period_start.isoformat() if summary.period_start else None,
        "period_end": summary.period_end.isoformat() if summary.period_end else None,
        "version": summary.version,
        "targets": summary.targets,
        "flags": summary.flags,
        "axes_rows": summary.axes_rows,
        "source_path": summary.source_path,
    }
