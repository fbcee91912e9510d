"""The open heading stack: which labels are headings, and how deep each one sits.

No scheme has a fixed depth: 「（１）」 is the second level under Ⅳ of one document and the fourth
under Ⅲ．１．１ of another. The stack decides as the lines go by: a label whose scheme is open on
the stack must continue its numbering (１→２, ３．１→３．２) and closes everything below it; a
scheme not on the stack opens one level deeper, starting at its first ordinal (or continuing a
numbering that ran on across group headings, 【１．２】（４）…). A label that fits neither is not a
heading: a list item, or a stray number inside a figure (「１．」 after 「６．」). A document's
body opens only with a scheme that may be a root (第１, Ⅰ, １．); a fragment — a page or a
chapter pasted without its title — opens with whatever heading it starts with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from hyoka.parse.lexicon.labels import Label, Ordinal, Reading


@dataclass(slots=True)
class Node:
    """A heading; `index` is its block in the document, `body` the blocks of its own text."""

    index: int
    label: Label
    reading: Reading
    level: int
    children: list[Node] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    end: int = -1  # index of the document's last block of the section, children included
    line: int = 0  # physical line of the heading


def _is_first(ordinal: Ordinal | None) -> bool:
    return ordinal is None or ordinal[-1] == 1


def _follows(previous: Ordinal | None, ordinal: Ordinal | None) -> bool:
    if previous is None or ordinal is None:
        return previous is None and ordinal is None
    return previous[:-1] == ordinal[:-1] and ordinal[-1] == previous[-1] + 1


_PATH_SCHEMES = ("decimal", "dotted", "bracket_number", "number_space")


def _prefix_fits(stack: Sequence[Node], ordinal: Ordinal | None) -> bool:
    """３．１ opens under ３．, not under ２．: a dotted ordinal must extend its parent's number."""
    if ordinal is None or len(ordinal) < 2 or not stack:
        return True
    parent = stack[-1].reading
    if parent.ordinal is None or not parent.scheme.startswith(_PATH_SCHEMES):
        return True
    if len(parent.ordinal) >= len(ordinal):
        return True
    return ordinal[: len(parent.ordinal)] == parent.ordinal


@dataclass(slots=True)
class HeadingStack:
    """The headings of one document as they are placed; `fragment`: any scheme may be a root."""

    fragment: bool = False
    roots: list[Node] = field(default_factory=list)
    stack: list[Node] = field(default_factory=list)
    last_seen: dict[str, Ordinal | None] = field(default_factory=dict)
    front: list[int] = field(default_factory=list)  # blocks before the first heading

    def fits(self, label: Label) -> Reading | None:
        """The reading under which `label` would be placed now, or None if it is no heading here."""
        for reading in label.readings:
            if self._depth_for(reading, label.root) is not None:
                return reading
        return None

    def place(self, index: int, label: Label, line: int) -> Node | None:
        for reading in label.readings:
            depth = self._depth_for(reading, label.root)
            if depth is None:
                continue
            del self.stack[depth:]
            node = Node(index=index, label=label, reading=reading, level=depth + 1, line=line)
            (self.stack[-1].children if self.stack else self.roots).append(node)
            self.stack.append(node)
            self.last_seen[reading.scheme] = reading.ordinal
            return node
        return None

    def _depth_for(self, reading: Reading, root: bool) -> int | None:
        if self.fragment and root and self.stack and not self.stack[0].label.root:
            # a fragment that began with list-level headings reaches a chapter: it is a new root
            opens = _is_first(reading.ordinal) or _follows(self.last_seen.get(reading.scheme), reading.ordinal)
            return 0 if opens and all(node.reading.scheme != reading.scheme for node in self.stack) else None
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].reading.scheme == reading.scheme:
                return depth if _follows(self.stack[depth].reading.ordinal, reading.ordinal) else None
        if not self.stack and not (root or self.fragment):
            return None
        opens = _is_first(reading.ordinal) or _follows(self.last_seen.get(reading.scheme), reading.ordinal)
        if not opens and self.fragment and not self.roots:
            opens = True  # a fragment may start in the middle of a numbering
        if opens and _prefix_fits(self.stack, reading.ordinal):
            return len(self.stack)
        return None

    def text(self, index: int) -> None:
        if self.stack:
            self.stack[-1].body.append(index)
        else:
            self.front.append(index)


def iter_nodes(nodes: Iterable[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)


def finish(roots: list[Node], stop: int) -> list[Node]:
    """The tree of the body that ends before block `stop`: headings and text at or after it (in
    the annexes) are dropped, every section's end set, bare runs of labels folded into lists."""
    kept = _prune(roots, stop)
    _close(kept, stop - 1)
    _fold_bare_lists(kept)
    return kept


def _prune(nodes: list[Node], stop: int) -> list[Node]:
    kept = [node for node in nodes if node.index < stop]
    for node in kept:
        node.body = [index for index in node.body if index < stop]
        node.children = _prune(node.children, stop)
    return kept


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
