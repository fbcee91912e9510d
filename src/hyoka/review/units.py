"""The evaluation units a document is rated by, whatever declares them.

Units come from an `evaluation_units` annex or a body sentence (the parser reads both into
`Document.evaluation_units`, each with the heading lines it covers); an R&D document without
them is in practice rated per evaluation-axes row; and a document with neither is taken per top
item of the quality chapter, which is what the rules that check "each unit" then check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hyoka.model.findings import Category
from hyoka.review.context import Node, RuleContext

UnitSource = Literal["declared", "axes", "quality"]


@dataclass(frozen=True, slots=True)
class Unit:
    title: str
    line: int
    nodes: tuple[Node, ...]
    source: UnitSource

    @property
    def heading(self) -> Node | None:
        return self.nodes[0] if self.nodes else None

    def contains(self, line: int) -> bool:
        return any(node.contains(line) for node in self.nodes)

    def text(self) -> str:
        return "".join(node.subtree_text() for node in self.nodes)


def declared_units(ctx: RuleContext) -> list[Unit]:
    out = []
    for unit in ctx.document.evaluation_units:
        nodes = tuple(ctx.by_heading_line[n] for n in unit.section_lines if n in ctx.by_heading_line)
        out.append(Unit(unit.title, nodes[0].section.line if nodes else unit.line, nodes, "declared"))
    return out


def evaluation_units(ctx: RuleContext) -> list[Unit]:
    """Declared units; else (R) one per axes row linked to a heading; else the quality chapter's
    top items."""
    declared = declared_units(ctx)
    if declared:
        return declared
    if ctx.category is Category.research:
        rows = [ctx.by_heading_line[r.section_line] for r in ctx.document.evaluation_axes if r.section_line]
        nodes = [n for n in dict.fromkeys(rows) if n.chapter == "quality"]
        if nodes:
            return [Unit(n.section.title, n.section.line, (n,), "axes") for n in nodes]
    quality = ctx.chapter("quality")
    if quality is None:
        return []
    children = [ctx.by_heading_line[c.line] for c in quality.section.children]
    return [Unit(n.section.title, n.section.line, (n,), "quality") for n in children]
