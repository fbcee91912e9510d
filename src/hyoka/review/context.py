"""What a rule sees: the parsed document with the indexes every rule needs, and the `Hit` a rule
returns for each thing it finds.

Rules read the parse result, never raw text, but they ask the same questions of it again and
again (which top-level section is the efficiency chapter, which item holds this line, what is the
path of labels down to it), so the context answers them once per document. A rule returns `Hit`s:
where (line, subject, the section it belongs to), what (message, data) and, when it is not the
rule's default, how severe. The engine turns hits into findings: severity after the policy, page,
section path, fingerprint, waivers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from hyoka.model import Document, Section
from hyoka.model.findings import Category, Severity, Subject
from hyoka.model.sections import SectionKind, section_kind
from hyoka.review.category import Resolution
from hyoka.review.text import normalise


class SourceLineLike(Protocol):
    """A physical line of the input: `hyoka.sources.SourceLine` or a stored line record."""

    @property
    def number(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def page(self) -> int | None: ...


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A section in the tree with where it sits: its ancestors' labels and titles, its chapter."""

    section: Section
    labels: tuple[str, ...]
    titles: tuple[str, ...]
    chapter: SectionKind | None
    parent: Node | None = field(default=None, repr=False)

    @property
    def is_leaf(self) -> bool:
        return not self.section.children

    @property
    def heading(self) -> str:
        return f"{self.section.label} {self.section.title}".strip()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def own_text(self) -> str:
        """Title and own body text, normalised (children excluded)."""
        return normalise(self.section.title + "\n" + self.section.text)

    def body_text(self) -> str:
        """Own body text only, normalised (no title, no children)."""
        return normalise(self.section.text)

    def subtree_text(self) -> str:
        """Title and body text of the section and all its descendants, normalised."""
        parts = [self.own_text()]
        stack = list(reversed(self.section.children))
        while stack:
            child = stack.pop()
            parts.append(normalise(child.title + "\n" + child.text))
            stack.extend(reversed(child.children))
        return "".join(parts)

    @property
    def own_end(self) -> int:
        """Last line of the section's own text (before its first child)."""
        if self.section.children:
            return max(self.section.line, self.section.children[0].line - 1)
        return self.section.lines[1]

    def contains(self, line: int) -> bool:
        return self.section.lines[0] <= line <= self.section.lines[1]


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a rule found. `line` is the thing itself (or, for something missing, the heading
    that should hold it or the title line); `subject_text` is what the fingerprint identifies it
    by, `key` tells apart several hits on one subject (a missing family, a missing chapter)."""

    line: int
    subject: Subject
    message: str
    end_line: int | None = None
    node: Node | None = None
    subject_text: str = ""
    key: str = ""
    severity: Severity | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


class RuleContext:
    """One document under one rule's parameters."""

    def __init__(
        self,
        document: Document,
        category: Category | None,
        lines: Mapping[int, SourceLineLike] | None = None,
    ) -> None:
        self.document = document
        self.category = category
        self.lines: Mapping[int, SourceLineLike] = lines or {}
        self.params: Mapping[str, Any] = {}
        self.resolution: Resolution = Resolution(category, None, None)
        self._joined: dict[tuple[int, int], tuple[str, list[int]]] = {}

    def with_params(self, params: Mapping[str, Any]) -> RuleContext:
        self.params = params
        return self

    # -- the tree --------------------------------------------------------------------------

    @cached_property
    def nodes(self) -> tuple[Node, ...]:
        """Every section, depth first in document order."""
        out: list[Node] = []

        def walk(section: Section, parent: Node | None) -> None:
            chapter = parent.chapter if parent is not None else section_kind(normalise(section.title))
            labels = (parent.labels if parent else ()) + (section.label,)
            titles = (parent.titles if parent else ()) + (section.title,)
            node = Node(section, labels, titles, chapter, parent)
            out.append(node)
            for child in section.children:
                walk(child, node)

        for top in self.document.sections:
            walk(top, None)
        return tuple(out)

    @cached_property
    def top(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes if node.parent is None)

    @cached_property
    def chapters(self) -> dict[SectionKind, Node]:
        """The first top-level section of each kind."""
        found: dict[SectionKind, Node] = {}
        for node in self.top:
            if node.chapter is not None:
                found.setdefault(node.chapter, node)
        return found

    def chapter(self, kind: SectionKind) -> Node | None:
        return self.chapters.get(kind)

    def in_chapter(self, kind: SectionKind) -> list[Node]:
        """Every section of the chapter `kind` (the chapter itself included)."""
        return [node for node in self.nodes if node.chapter == kind and _root(node) is self.chapters.get(kind)]

    @cached_property
    def by_heading_line(self) -> dict[int, Node]:
        return {node.section.line: node for node in self.nodes}

    @cached_property
    def _innermost(self) -> list[tuple[int, int, int, Node]]:
        return sorted(
            ((n.section.lines[0], n.section.lines[1], len(n.labels), n) for n in self.nodes),
            key=lambda entry: (entry[0], -entry[1]),
        )

    def node_at(self, line: int) -> Node | None:
        """The deepest section whose lines hold `line`."""
        best: Node | None = None
        depth = 0
        for start, end, level, node in self._innermost:
            if start > line:
                break
            if end >= line and level > depth:
                best, depth = node, level
        return best

    # -- lines -----------------------------------------------------------------------------

    @property
    def title_line(self) -> int:
        return self.document.span.start_line

    def page(self, line: int) -> int | None:
        source = self.lines.get(line)
        return source.page if source is not None else None

    def front_lines(self) -> list[SourceLineLike]:
        """The title block and preamble: the document's lines before its body (empty without lines)."""
        end = self.document.body.start_line if self.document.body else self.document.span.end_line
        return [self.lines[n] for n in range(self.document.span.start_line, end) if n in self.lines]

    def locate(self, start: int, end: int, needle: str) -> int | None:
        """The physical line between `start` and `end` where normalised `needle` begins (lines
        joined first, so a phrase broken by a soft wrap is found), or None without lines."""
        if not needle or not self.lines:
            return None
        cached = self._joined.get((start, end))
        if cached is None:
            parts: list[str] = []
            owners: list[int] = []
            for number in range(start, end + 1):
                line = self.lines.get(number)
                if line is not None:
                    text = normalise(line.text)
                    parts.append(text)
                    owners.extend([number] * len(text))
            cached = self._joined[(start, end)] = ("".join(parts), owners)
        at = cached[0].find(needle)
        return cached[1][at] if at >= 0 else None

    def locate_in(self, node: Node, needle: str) -> int:
        """`locate` within the section's own lines; its heading line when not found."""
        found = self.locate(node.section.line, node.own_end, needle)
        return found if found is not None else node.section.line

    @cached_property
    def body_text(self) -> str:
        """The whole body, normalised: its physical lines when given (lines between the last
        section and the annexes included), else the sections' titles and texts."""
        body = self.document.body
        if body is not None and self.lines:
            end = min((a.span.start_line - 1 for a in self.document.annexes), default=body.end_line)
            end = max(end, body.end_line)
            return "".join(normalise(self.lines[n].text) for n in range(body.start_line, end + 1) if n in self.lines)
        return "".join(node.own_text() for node in self.nodes)

    def last_body_line(self) -> int:
        body = self.document.body
        return body.end_line if body is not None else self.document.span.end_line


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def leaves(nodes: Sequence[Node]) -> list[Node]:
    return [node for node in nodes if node.is_leaf]
