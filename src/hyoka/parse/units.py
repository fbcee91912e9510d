"""Evaluation units (一定の事業等のまとまり / 評価単位): what gets one item rating.

Statements read, in the body or in an annex:

    第３の１．～３．をそれぞれ一定の事業等のまとまりとして評価する。   three units, 第３の１, ２, ３
    １．～３．を一定の事業等のまとまりと捉えて「評価単位」とし            under the section it stands in
    １  年金積立金の管理及び運用（第３の１～10）                      an annex line: one unit, 第３ １–10
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hyoka.model import EvaluationUnit
from hyoka.parse.body import BodyLine
from hyoka.parse.lexicon.measures import UNIT_ANNEX_LINE, UNIT_LIST, UNIT_LIST_ITEM, UNIT_RANGE
from hyoka.parse.lexicon.ordinals import ordinal
from hyoka.parse.logical import LogicalLine
from hyoka.parse.stack import Node
from hyoka.sources import normalize

_STATEMENT = re.compile(r"一定の事業等のまとまり|評価単位")


def _number(token: str | None) -> int:
    value = ordinal(token or "")
    return -1 if value is None else value


def _children_in_range(parent: Node | None, first: int, last: int) -> list[Node]:
    if parent is None:
        return []
    return [c for c in parent.children if c.reading.ordinal and first <= c.reading.ordinal[-1] <= last]


def _top(roots: Sequence[Node], ordinal: int) -> Node | None:
    return next((r for r in roots if r.reading.ordinal and r.reading.ordinal[-1] == ordinal), None)


def _enclosing(roots: Sequence[Node], line: BodyLine) -> Node | None:
    """The section a statement stands in, or its parent when it stands in a leaf's text."""
    return line.section if line.section is not None and line.section.children else line.top


def _referenced(norm: str) -> tuple[str | None, set[int]] | None:
    """The chapter and the item numbers a unit statement names: a range (１．～３．) or a list
    (１．及び２．)."""
    found = UNIT_RANGE.search(norm)
    if found:
        return found.group("top"), set(range(_number(found.group("first")), _number(found.group("last")) + 1))
    listed = UNIT_LIST.search(norm)
    if listed:
        items = listed.group("items")
        if listed.group("top"):
            items = items.replace(f"第{listed.group('top')}の", "").replace(f"第{listed.group('top')}", "")
        return listed.group("top"), {_number(m.group("n")) for m in UNIT_LIST_ITEM.finditer(items)}
    return None


def units_from_body(body: Sequence[BodyLine], roots: Sequence[Node]) -> list[EvaluationUnit]:
    units: list[EvaluationUnit] = []
    for item in body:
        norm = item.line.norm
        if item.is_heading or not _STATEMENT.search(norm):
            continue
        found = _referenced(norm)
        if found is None:
            continue
        top, numbers = found
        parent = _top(roots, _number(top)) if top else _enclosing(roots, item)
        sections = [c for c in _children_in_range(parent, 1, 10**6) if c.reading.ordinal[-1] in numbers]  # type: ignore[index]
        units.extend(
            EvaluationUnit(
                title=node.label.title,
                section_lines=[node.line],
                text=item.line.text,
                line=item.line.line,
            )
            for node in sections
        )
    return units


def units_from_annex(lines: Sequence[LogicalLine], roots: Sequence[Node]) -> list[EvaluationUnit]:
    """Units listed in an evaluation-units annex, one per numbered line."""
    units = []
    for line in lines:
        match = UNIT_ANNEX_LINE.match(line.spaced) or UNIT_ANNEX_LINE.match(line.norm)
        if not match:
            continue
        ref = UNIT_RANGE.search(normalize(match.group("ref")))
        sections: list[Node] = []
        if ref and ref.group("top"):
            parent = _top(roots, _number(ref.group("top")))
            sections = _children_in_range(parent, _number(ref.group("first")), _number(ref.group("last")))
        units.append(
            EvaluationUnit(
                title=match.group("title").strip(),
                section_lines=[n.line for n in sections],
                text=line.text,
                line=line.line,
            )
        )
    return units
