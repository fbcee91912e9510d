"""The readable outline `hyoka parse` prints: one Rich tree per document."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from hyoka.model import Document, ParseResult, Section

_KIND_NAMES = {
    "policy_diagram": "政策体系図",
    "mission_relation": "使命等と目標との関係",
    "evaluation_axes": "評価軸",
    "evaluation_units": "一定の事業等のまとまり",
    "glossary": "用語集",
    "research_policy": "研究開発の方針",
    "target_table": "別表",
    "other": "その他",
}


def _add_section(tree: Tree, section: Section) -> None:
    branch = tree.add(f"[bold]{escape(section.label)}[/bold] {escape(section.title)} [dim]L{section.line}[/dim]")
    for child in section.children:
        _add_section(branch, child)


def document_tree(doc: Document) -> Tree:
    agency = doc.agency.full_name or "(法人名不明)"
    kind = doc.kind.value if doc.kind else "(種別不明)"
    draft = "（案）" if doc.draft else ""
    where = f"L{doc.span.start_line}–{doc.span.end_line}"
    tree = Tree(f"[bold cyan]{escape(agency)}[/bold cyan] {kind}{draft} [dim]{where}[/dim]")
    facts = tree.add("[green]概要[/green]")
    if doc.period:
        facts.add(f"期間: {doc.period.start.isoformat()} – {doc.period.end.isoformat()}（{doc.period.years}年間）")
    if doc.ministries:
        facts.add("主務省: " + "・".join(doc.ministries))
    if doc.legal_basis:
        facts.add("根拠: " + escape(doc.legal_basis))
    body = tree.add("[green]本文[/green]")
    for section in doc.sections:
        _add_section(body, section)
    if doc.annexes:
        annexes = tree.add("[green]別紙・別添[/green]")
        for annex in doc.annexes:
            label = f"{escape(annex.label)} " if annex.label else ""
            title = escape(annex.title or "")
            annexes.add(f"{label}{_KIND_NAMES[annex.kind.value]}: {title} [dim]L{annex.line}[/dim]")
    if doc.warnings:
        notes = tree.add("[yellow]警告[/yellow]")
        for warning in doc.warnings:
            notes.add(f"{escape(warning.message)} [dim]L{warning.line}[/dim]")
    return tree


def render_outline(result: ParseResult, console: Console) -> None:
    console.print(f"[dim]{escape(result.source.path)} ({result.source.line_count} 行, {result.source.encoding})[/dim]")
    for warning in result.warnings:
        console.print(f"[yellow]警告[/yellow] {escape(warning.message)} [dim]L{warning.line}[/dim]")
    for doc in result.documents:
        console.print(document_tree(doc))
