"""Link extracted rows back to the body items they speak of.

An evaluation-axes row names its item by label and title (「３.１ 戦略的経営の高度化」); the
body heading is 「３．１ 戦略的経営の高度化」. Titles are compared in matching form, a truncated
one as a prefix; the label decides between equal titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hyoka.model import EvaluationAxesRow
from hyoka.parse.stack import Node, iter_nodes
from hyoka.sources import normalize

_MIN_PREFIX = 6


def _key(text: str | None) -> str:
    return normalize(text or "").strip("()（）【】<>＜＞.．")


def find_section(roots: Sequence[Node], label: str | None, title: str) -> int | None:
    wanted = _key(title)
    if not wanted:
        return None
    nodes: Iterable[Node] = iter_nodes(roots)
    exact, prefix = [], []
    for node in nodes:
        have = _key(node.label.title)
        if have == wanted:
            exact.append(node)
        elif len(wanted) >= _MIN_PREFIX and (
            have.startswith(wanted) or (wanted.startswith(have) and len(have) >= _MIN_PREFIX)
        ):
            prefix.append(node)
    for group in (exact, prefix):
        if len(group) > 1 and label:
            same_label = [n for n in group if _ordinal_text(n) == _key(label).rstrip(".")]
            if same_label:
                return same_label[0].line
        if group:
            return group[0].line
    return None


def _ordinal_text(node: Node) -> str:
    ordinal = node.reading.ordinal
    return ".".join(str(part) for part in ordinal) if ordinal else ""


def link_axes(rows: Sequence[EvaluationAxesRow], roots: Sequence[Node]) -> None:
    for row in rows:
        row.section_line = find_section(roots, row.item.label, row.item.title)
