"""The terminal table of a check report: a block per document (agency, kind, category, period),
one row per finding by line — 行 | 重大度 | ルール | 箇所 | 指摘 — and a closing count line.

Rich measures cell widths in terminal columns (a full-width character takes two), so Japanese
columns line up; the 箇所 column (the section path) is capped so the message keeps the room.
`--explain` adds each rule's explanation under its message.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hyoka.model.findings import CheckReport, DocumentFindings, Finding, Severity, summarise
from hyoka.review.category import CATEGORY_NAMES

_STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def severity_label(finding: Finding) -> Text:
    text = Text(finding.severity.japanese, style=_STYLES[finding.severity])
    if finding.waived:
        text = Text(f"{finding.severity.japanese}（免除）", style="dim")
    elif finding.existing:
        text = Text(f"{finding.severity.japanese}（既存）", style="dim")
    return text


def document_heading(document: DocumentFindings, path: str) -> Text:
    category = CATEGORY_NAMES[document.category] if document.category else "区分未確定"
    period = (
        f"{document.period.start}〜{document.period.end}（{document.period.years}年度）"
        if document.period
        else "期間不明"
    )
    draft = "（案）" if document.draft else ""
    return Text.assemble(
        (f"{document.agency or '法人名不明'}", "bold"),
        f"  {document.kind or '種類不明'}{draft}  {category}  {period}  ",
        (f"{path} {document.id}", "dim"),
    )


def document_table(document: DocumentFindings, *, explain: bool) -> Table:
    table = Table(show_edge=False, header_style="bold", pad_edge=False, expand=False)
    table.add_column("行", justify="right", no_wrap=True)
    table.add_column("重大度", no_wrap=True)
    table.add_column("ルール", no_wrap=True)
    table.add_column("箇所", max_width=20, overflow="fold")
    table.add_column("指摘", ratio=1, overflow="fold")
    for finding in sorted(document.findings, key=lambda f: (f.location.line, f.rule_id)):
        where = "›".join(finding.location.section_path) or "—"
        line = str(finding.location.line)
        if finding.location.page is not None:
            line += f" (p.{finding.location.page})"
        message: RenderableType = Text(finding.message)
        if explain:
            message = Group(Text(finding.message), Text(finding.explanation, style="dim"))
            if finding.waived and finding.waiver_reason:
                message = Group(message, Text(f"免除の理由: {finding.waiver_reason}", style="dim italic"))
        table.add_row(line, severity_label(finding), finding.rule_id, where, message)
    return table


def count_line(findings: Sequence[Finding]) -> str:
    summary = summarise(list(findings))
    existing = sum(1 for f in findings if f.existing and not f.waived)
    tail = f"、既存 {existing} 件" if existing else ""
    counts = f"エラー {summary.error} 件、警告 {summary.warning} 件、情報 {summary.info} 件"
    return f"{counts}（免除 {summary.waived} 件{tail}）"


def report_renderables(reports: Sequence[CheckReport], *, explain: bool = False) -> list[RenderableType]:
    """What `hyoka check --format table` prints, as Rich renderables."""
    out: list[RenderableType] = []
    every: list[Finding] = []
    for report in reports:
        for document in report.documents:
            out.append(document_heading(document, report.input.path))
            if document.findings:
                out.append(document_table(document, explain=explain))
            else:
                out.append(Text("指摘はありません。", style="green"))
            out.append(Text(""))
            every.extend(document.findings)
    out.append(Text(count_line(every), style="bold"))
    return out
