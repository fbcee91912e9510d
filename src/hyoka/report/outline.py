"""The readable outline `hyoka parse` prints: one Rich tree per document, a branch per part."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from hyoka.model import Document, ParseResult, Section
from hyoka.report.targets_table import target_level

ANNEX_NAMES = {
    "policy_diagram": "政策体系図",
    "mission_relation": "使命等と目標との関係",
    "evaluation_axes": "評価軸",
    "evaluation_units": "一定の事業等のまとまり",
    "glossary": "用語集",
    "research_policy": "研究開発の方針",
    "target_table": "別表",
    "other": "その他",
}


def _dim_line(line: int | None) -> str:
    return f" [dim]L{line}[/dim]" if line is not None else ""


def _add_section(tree: Tree, section: Section) -> None:
    branch = tree.add(f"[bold]{escape(section.label)}[/bold] {escape(section.title)}{_dim_line(section.line)}")
    for child in section.children:
        _add_section(branch, child)


def _facts(tree: Tree, doc: Document) -> None:
    facts = tree.add("[green]概要[/green]")
    if doc.period:
        period = doc.period
        facts.add(f"期間: {period.start.isoformat()} – {period.end.isoformat()}（{period.years}年間）")
    if doc.ministries:
        facts.add("主務省: " + "・".join(doc.ministries))
    if doc.legal_basis:
        facts.add("根拠: " + escape(doc.legal_basis))


def _body(tree: Tree, doc: Document) -> None:
    body = tree.add("[green]本文[/green]")
    for section in doc.sections:
        _add_section(body, section)


def _targets(tree: Tree, doc: Document) -> None:
    if doc.targets:
        branch = tree.add(f"[green]定量目標[/green] {len(doc.targets)}件")
        for target in doc.targets:
            branch.add(f"{escape(target.indicator)}: {target_level(target)}{_dim_line(target.line)}")


def _flags(tree: Tree, doc: Document) -> None:
    if doc.flags:
        branch = tree.add("[green]重要度・困難度[/green]")
        for flag in doc.flags:
            name = "重要度" if flag.kind.value == "importance" else "困難度"
            branch.add(f"【{name}：{flag.level}】 → L{flag.applies_to}{_dim_line(flag.line)}")


def _axes(tree: Tree, doc: Document) -> None:
    if doc.evaluation_axes:
        branch = tree.add(f"[green]評価軸[/green] {len(doc.evaluation_axes)}項目")
        for row in doc.evaluation_axes:
            counts = (
                f"評価軸{len(row.axes)}・評価指標{len(row.evaluation_indicators)}"
                f"・モニタリング指標{len(row.monitoring_indicators)}"
            )
            label = escape(row.item.label or "")
            branch.add(f"{label} {escape(row.item.title)}: {counts}{_dim_line(row.line)}")


def _units(tree: Tree, doc: Document) -> None:
    if doc.evaluation_units:
        branch = tree.add("[green]評価単位（一定の事業等のまとまり）[/green]")
        for unit in doc.evaluation_units:
            branch.add(f"{escape(unit.title)}{_dim_line(unit.line)}")


def _annexes(tree: Tree, doc: Document) -> None:
    if doc.annexes:
        branch = tree.add("[green]別紙・別添[/green]")
        for annex in doc.annexes:
            label = f"{escape(annex.label)} " if annex.label else ""
            title = escape(annex.title or "")
            branch.add(f"{label}{ANNEX_NAMES[annex.kind.value]}: {title}{_dim_line(annex.line)}")


def _warnings(tree: Tree, doc: Document) -> None:
    if doc.warnings:
        branch = tree.add("[yellow]警告[/yellow]")
        for warning in doc.warnings:
            branch.add(f"{escape(warning.message)}{_dim_line(warning.line)}")


_PARTS: tuple[Callable[[Tree, Document], None], ...] = (
    _facts,
    _body,
    _targets,
    _flags,
    _axes,
    _units,
    _annexes,
    _warnings,
)


def document_tree(doc: Document) -> Tree:
    agency = doc.agency.full_name or "(法人名不明)"
    kind = doc.kind.value if doc.kind else "(種別不明)"
    draft = "（案）" if doc.draft else ""
    where = f"L{doc.span.start_line}–{doc.span.end_line}"
    tree = Tree(f"[bold cyan]{escape(agency)}[/bold cyan] {kind}{draft} [dim]{where}[/dim]")
    for part in _PARTS:
        part(tree, doc)
    return tree


def render_outline(result: ParseResult, console: Console) -> None:
    source = result.source
    console.print(f"[dim]{escape(source.path)} ({source.line_count} 行, {source.encoding})[/dim]")
    for warning in result.warnings:
        console.print(f"[yellow]警告[/yellow] {escape(warning.message)}{_dim_line(warning.line)}")
    for doc in result.documents:
        console.print(document_tree(doc))
