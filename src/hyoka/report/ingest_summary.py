"""The per-file summary `hyoka ingest` prints after a run."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from hyoka.store.ingest import FileOutcome

STATUS = {"stored": "[green]登録[/green]", "unchanged": "[dim]変更なし[/dim]", "failed": "[red]失敗[/red]"}


def _detail(outcome: FileOutcome) -> str:
    if outcome.status == "failed":
        where = f" (line {outcome.line})" if outcome.line else ""
        return f"{outcome.error}{where}"
    parts = [f"{d.agency or '?'} {d.kind or ''} 第{d.version}版" for d in outcome.stored]
    if outcome.by_another_process:
        parts.append(f"他のプロセスが同時に登録済み {outcome.unchanged}件")
    elif outcome.unchanged:
        parts.append(f"既登録 {outcome.unchanged}件")
    return "; ".join(parts)


def ingest_table(outcomes: Sequence[FileOutcome]) -> Table:
    table = Table(title="取込結果")
    table.add_column("ファイル", overflow="fold")
    table.add_column("結果", no_wrap=True)
    table.add_column("文書", justify="right", no_wrap=True)
    table.add_column("内容", overflow="fold")
    table.add_column("秒", justify="right", no_wrap=True)
    for outcome in outcomes:
        table.add_row(
            Text(outcome.path),
            STATUS[outcome.status],
            str(len(outcome.stored)),
            Text(_detail(outcome)),
            f"{outcome.seconds:.2f}",
        )
    return table
