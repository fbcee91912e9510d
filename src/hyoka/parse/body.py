"""The body as extraction rules see it: each logical line with the section that owns it.

Targets, marks, blocks and unit statements all need to know which item a line belongs to
(`section_line`) and whether it is prose, a heading, or part of an explanatory block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.parse.lexicon.labels import BULLET as BULLET_PATTERN
from hyoka.parse.lexicon.terms import DESCRIPTIVE_CHAPTER
from hyoka.parse.logical import LogicalLine
from hyoka.parse.stack import Node, iter_nodes

# The mission chapter and the period chapter describe; they set no targets.
_DESCRIPTIVE_CHAPTER = re.compile(DESCRIPTIVE_CHAPTER)
BULLET = BULLET_PATTERN


@dataclass(frozen=True, slots=True)
class BodyLine:
    index: int
    line: LogicalLine
    section: Node | None  # innermost heading owning the line
    top: Node | None  # its top-level heading
    is_heading: bool

    @property
    def section_line(self) -> int | None:
        return None if self.section is None else self.section.line

    @property
    def descriptive(self) -> bool:
        return self.top is not None and bool(_DESCRIPTIVE_CHAPTER.search(self.top.label.title))


def body_lines(lines: Sequence[LogicalLine], roots: Sequence[Node], stop: int) -> list[BodyLine]:
    owner: dict[int, tuple[Node, Node, bool]] = {}
    for top in roots:
        for node in iter_nodes([top]):
            owner[node.index] = (node, top, True)
            for index in node.body:
                owner[index] = (node, top, False)
    out = []
    for index in range(stop):
        if index in owner:
            section, top, heading = owner[index]
            out.append(BodyLine(index, lines[index], section, top, heading))
        else:
            out.append(BodyLine(index, lines[index], None, None, False))
    return out
