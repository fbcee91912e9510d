"""What the alignment works on: the settings, the flattened sections, and the pairs found.

Each section becomes a `Node` holding the forms the passes compare, computed once: its title
key, its label key, its folded text, and its content (title, text and children's titles), so a
heading that only holds children is still recognised by what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hyoka.model.contract import Section
from hyoka.review.diff.text import Folded, fold
from hyoka.review.diff.titles import label_key, title_key


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Thresholds of the alignment (0..1 similarities); the defaults suit objective documents."""

    text_min: float = 0.55
    moved_min: float = 0.8
    moved_title_min: float = 0.3
    split_min: float = 0.8
    split_gain: float = 0.15
    min_chars: int = 12
    merge_gap: int = 2


@dataclass(frozen=True, slots=True)
class Node:
    """One section of a version, flattened: its index, parent index, labels path and folded forms."""

    index: int
    section: Section
    parent: int | None
    path: tuple[str, ...]
    title: str
    label: str
    body: Folded
    content: str


@dataclass
class Alignment:
    """The pairs (new index -> old index) and the kinds of pairing beyond a plain pair."""

    new: list[Node]
    old: list[Node]
    pairs: dict[int, int] = field(default_factory=dict)
    moved: set[int] = field(default_factory=set)
    splits: dict[int, list[int]] = field(default_factory=dict)  # old index -> new indexes (first is paired)
    merges: dict[int, list[int]] = field(default_factory=dict)  # new index -> old indexes (first is paired)

    def paired_old(self) -> set[int]:
        return set(self.pairs.values()) | {o for olds in self.merges.values() for o in olds}

    def paired_new(self) -> set[int]:
        return set(self.pairs) | {n for news in self.splits.values() for n in news}

    def section_lines(self) -> dict[int, int]:
        """Heading line in the old version of each paired new heading line (split pieces included)."""
        lines = {self.new[n].section.line: self.old[o].section.line for n, o in self.pairs.items()}
        for o, news in self.splits.items():
            for n in news:
                lines.setdefault(self.new[n].section.line, self.old[o].section.line)
        return lines


def flatten(sections: Sequence[Section], noise: frozenset[str] = frozenset()) -> list[Node]:
    """Every section in document order, with what the passes compare."""
    nodes: list[Node] = []

    def visit(section: Section, parent: int | None, path: tuple[str, ...]) -> None:
        index = len(nodes)
        body = fold(section.text, noise=noise)
        children = "".join(title_key(child.title) for child in section.children)
        key = title_key(section.title)
        nodes.append(
            Node(index, section, parent, path, key, label_key(section.label), body, key + body.text + children)
        )
        for child in section.children:
            visit(child, index, (*path, section.label))

    for top in sections:
        visit(top, None, ())
    return nodes
