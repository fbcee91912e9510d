"""Which evaluation-axes row evaluates which body item.

The parser links a row to the heading it evaluates (`EvaluationAxesRow.section_line`) when the
row's label and title match one; a row it could not link is matched here by its loose title key
(`title_key`), so 「研究開発の成果」 in the table still finds 「研究開発成果」 in the body.
"""

from __future__ import annotations

from hyoka.model import EvaluationAxesRow
from hyoka.review.context import Node, RuleContext
from hyoka.review.text import title_key


def row_for(ctx: RuleContext, node: Node) -> EvaluationAxesRow | None:
    """The axes row of `node` itself (not of an ancestor), or None."""
    line = node.section.line
    for row in ctx.document.evaluation_axes:
        if row.section_line == line:
            return row
    key = title_key(node.section.title)
    for row in ctx.document.evaluation_axes:
        if row.section_line is None and title_key(row.item.title) == key:
            return row
    return None


def row_in_ancestry(ctx: RuleContext, node: Node) -> EvaluationAxesRow | None:
    """The row of `node` or of its nearest ancestor that has one."""
    for candidate in (node, *node.ancestors()):
        row = row_for(ctx, candidate)
        if row is not None:
            return row
    return None
