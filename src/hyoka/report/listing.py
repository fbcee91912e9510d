"""The table `hyoka list` prints: one row per stored document, from the store's document records
(the same records `/api/v1/documents` serves, which `hyoka list --json` prints)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.table import Table

from hyoka.model.records import DocumentRecord

EMPTY_STORE = "No documents are stored yet. Add some with: hyoka ingest FILE (PDF, Word or text; folders too)"


def _period(document: DocumentRecord) -> str:
    if document.period_start is None or document.period_end is None:
        return ""
    return f"{document.period_start:%Y-%m}–{document.period_end:%Y-%m}"


def documents_table(documents: Sequence[DocumentRecord], *, title: str = "登録文書") -> Table:
    # the agency name gets the room; the file name is in --json, and in wide terminals
    table = Table(title=title, expand=False)
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
    for document in documents:
        table.add_row(
            str(document.id),
            escape(document.agency or "(法人名不明)"),
            escape(document.kind or ""),
            "案" if document.draft else "",
            _period(document),
            str(document.version),
            str(document.targets),
            str(document.flags),
            str(document.axes_rows),
            escape(document.source_file),
        )
    return table
