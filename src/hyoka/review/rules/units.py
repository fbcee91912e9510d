"""Evaluation units: R-UNIT-01, units declared and covering the items.

Units come from an `evaluation_units` annex (１ …（第３の１～10））, a body sentence
(…を一定の事業等のまとまりと捉えて「評価単位」とし) or, for R, the evaluation-axes rows, which is
practice rather than the guideline's wording. Every item of the `unit_sections` chapters (default:
quality) must fall in exactly one unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model import AnnexKind
from hyoka.model.findings import Basis, Category, Severity, Subject
from hyoka.model.sections import SectionKind
from hyoka.review.context import Hit, Node, RuleContext
from hyoka.review.registry import rule
from hyoka.review.text import normalise
from hyoka.review.units import Unit, declared_units, evaluation_units


@rule(
    "R-UNIT-01",
    name="units declared and covering",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.text,
    params={"unit_sections": ["quality"]},
    description="評価単位（一定の事業等のまとまり）が示され、対象の章の各項目がちょうど一つの評価単位に含まれること。",
    explanation=(
        "評価は「一定の事業等のまとまり」ごとに行うため、目標は評価単位を明らかにする必要があります。"
        "別紙や本文で評価単位と、それが含む項目（例：第３の１～10）を示し、各項目がどれか一つの評価単位に入るようにしてください。"
        "国立研究開発法人で評価軸の行を評価単位とするのは各府省の通例です。"
    ),
)
def units_cover(ctx: RuleContext) -> Iterator[Hit]:
    declared = declared_units(ctx)
    units = declared or (evaluation_units(ctx) if ctx.category is Category.research else [])
    units = [u for u in units if u.source != "quality"]
    if not units:
        annex = next((a for a in ctx.document.annexes if a.kind == AnnexKind.evaluation_units), None)
        line = annex.line if annex is not None else ctx.title_line
        yield Hit(line, Subject.document, "評価単位（一定の事業等のまとまり）が示されていません。", key="none")
        return
    yield from _ranges(ctx)
    sections: list[SectionKind] = list(ctx.params["unit_sections"])
    for kind in sections:
        chapter = ctx.chapter(kind)
        if chapter is None:
            continue
        for child in chapter.section.children:
            node = ctx.by_heading_line[child.line]
            holders = [u for u in units if _holds(u, node)]
            whole = [u for u in holders if u.contains(node.section.line)]
            if not holders:
                yield Hit(
                    node.section.line,
                    Subject.item,
                    "この項目はどの評価単位にも含まれていません。",
                    node=node,
                    subject_text=node.section.title,
                    key="uncovered",
                )
            elif len(whole) > 1 and declared:
                names = "」「".join(u.title for u in whole)
                yield Hit(
                    node.section.line,
                    Subject.item,
                    f"この項目は二つ以上の評価単位（「{names}」）に含まれています。",
                    node=node,
                    subject_text=node.section.title,
                    key="twice",
                    data={"units": [u.title for u in whole]},
                )


_RANGE = re.compile(r"(\d+)[.．]?[~〜～](\d+)")


def _ranges(ctx: RuleContext) -> Iterator[Hit]:
    """A unit statement whose range (１．～４．, 第３の１～10) names more headings than were found."""
    statements: dict[tuple[int, str], int] = {}
    for unit in ctx.document.evaluation_units:
        found = sum(1 for line in unit.section_lines if line in ctx.by_heading_line)
        statements[(unit.line, unit.text)] = statements.get((unit.line, unit.text), 0) + found
    for (line, text), found in statements.items():
        match = _RANGE.search(normalise(text))
        if match is None:
            continue
        named = int(match.group(2)) - int(match.group(1)) + 1
        if 0 < found < named:
            yield Hit(
                line,
                Subject.evaluation_unit,
                f"評価単位の範囲（{match.group(0)}）の見出しの一部が見当たりません（{named}項目中{found}項目）。",
                subject_text=text,
                key="range",
                data={"named": named, "found": found},
            )


def _holds(unit: Unit, node: Node) -> bool:
    """The unit covers the item itself, an ancestor of it, or one of its descendants."""
    return any(u is node or node.contains(u.section.line) or u.contains(node.section.line) for u in unit.nodes)
