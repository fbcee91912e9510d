"""Build the heading tree from labelled logical lines, deriving depth from how schemes nest.

No scheme has a fixed depth: 「（１）」 is the second level under Ⅳ of one document and the
fourth under Ⅲ．１．１ of another. A stack of open headings decides: a label whose scheme is
open on the stack must continue its numbering (１→２, ３．１→３．２) and closes everything
below it; a scheme not on the stack opens one level deeper, starting at its first ordinal (or
continuing a numbering that ran on across group headings, 【１．２】（４）…). A label that fits
neither is not a heading: a list item or a stray number inside a figure (「１．」 after 「６．」).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from hyoka.parse.labels import Label, Ordinal, Reading, match_label
from hyoka.parse.logical import LogicalLine


@dataclass(slots=True)
class Node:
    """A heading while the tree is being built; `body` holds indices of its own text lines."""

    index: int  # index of the heading's logical line
    label: Label
    reading: Reading
    level: int
    children: list[Node] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    end: int = -1  # index of the last logical line of the section, children included
    line: int = 0  # physical line of the heading, set once the tree is built


def _is_first(ordinal: Ordinal | None) -> bool:
    return ordinal is None or ordinal[-1] == 1


def _follows(previous: Ordinal | None, ordinal: Ordinal | None) -> bool:
    if previous is None or ordinal is None:
        return previous is None and ordinal is None
    return previous[:-1] == ordinal[:-1] and ordinal[-1] == previous[-1] + 1


# schemes that can open a document's body; list markers such as ① never do
ROOT_SCHEMES = frozenset({"roman", "dai", "dai_chapter", "dai_section", "decimal", "number_space", "kanji"})
_NUMERIC_FAMILY = ("decimal", "dotted", "bracket_number", "number_space")


def _prefix_fits(stack: Sequence[Node], ordinal: Ordinal | None) -> bool:
    """３．１ opens under ３．, not under ２．: a dotted ordinal must extend its parent's number."""
    if ordinal is None or len(ordinal) < 2 or not stack:
        return True
    parent = stack[-1].reading
    if parent.ordinal is None or not parent.scheme.startswith(_NUMERIC_FAMILY):
        return True
    if len(parent.ordinal) >= len(ordinal):
        return True
    return ordinal[: len(parent.ordinal)] == parent.ordinal


@dataclass(slots=True)
class _Builder:
    roots: list[Node] = field(default_factory=list)
    stack: list[Node] = field(default_factory=list)
    last_seen: dict[str, Ordinal | None] = field(default_factory=dict)
    preamble: list[int] = field(default_factory=list)

    def place(self, index: int, label: Label) -> Node | None:
        for reading in label.readings:
            depth = self._depth_for(reading)
            if depth is None:
                continue
            del self.stack[depth:]
            node = Node(index=index, label=label, reading=reading, level=depth + 1)
            (self.stack[-1].children if self.stack else self.roots).append(node)
            self.stack.append(node)
            self.last_seen[reading.scheme] = reading.ordinal
            return node
        return None

    def _depth_for(self, reading: Reading) -> int | None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].reading.scheme == reading.scheme:
                return depth if _follows(self.stack[depth].reading.ordinal, reading.ordinal) else None
        if not self.stack and reading.scheme not in ROOT_SCHEMES:
            return None
        opens = _is_first(reading.ordinal) or _follows(self.last_seen.get(reading.scheme), reading.ordinal)
        if opens and _prefix_fits(self.stack, reading.ordinal):
            return len(self.stack)
        return None

    def text(self, index: int) -> None:
        if self.stack:
            self.stack[-1].body.append(index)
        else:
            self.preamble.append(index)


def build_tree(lines: Sequence[LogicalLine], *, stop: int | None = None) -> tuple[list[Node], list[int]]:
    """Heading tree over `lines[:stop]`; returns the roots and the indices of text before them."""
    builder = _Builder()
    limit = len(lines) if stop is None else stop
    for index in range(limit):
        label = match_label(lines[index].spaced)
        if label is None:
            builder.text(index)
            continue
        if builder.place(index, label) is None:
            builder.text(index)
    _close(builder.roots, limit - 1)
    for node in iter_nodes(builder.roots):
        node.line = lines[node.index].line
    _fold_bare_lists(builder.roots)
    return builder.roots, builder.preamble


def _close(nodes: list[Node], end: int) -> None:
    for position, node in enumerate(nodes):
        node.end = nodes[position + 1].index - 1 if position + 1 < len(nodes) else end
        _close(node.children, node.end)


def _fold_bare_lists(nodes: list[Node]) -> None:
    """Children that are a bare run of one scheme, with no text of their own, are a list.

    「（１）…（２）…（３）…」 printed one under the other with nothing between them enumerate
    what the parent says; real headings carry text or sub-headings. The text after such a list
    (it falls to the last item) continues the parent; with that, three items make a list.
    """
    for node in nodes:
        _fold_bare_lists(node.children)
        kids = node.children
        if (
            len(kids) >= (3 if kids and kids[-1].body else 2)
            and len({kid.reading.scheme for kid in kids}) == 1
            and all(not kid.children for kid in kids)
            and all(not kid.body for kid in kids[:-1])
            and all(b.index == a.index + 1 for a, b in pairwise(kids))
        ):
            node.body = sorted([*node.body, *(kid.index for kid in kids), *kids[-1].body])
            node.children = []


def iter_nodes(nodes: Iterable[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)
