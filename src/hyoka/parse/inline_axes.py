"""Evaluation axes written inside the body, item by item, instead of in an annex table.

    （２）研究開発の推進
    …
    【評価軸】
    ・世界最高水準の成果が創出されているか。
    【評価指標】
    ・研究成果の創出状況
    【モニタリング指標】
    ・論文数
    等

Each item that carries such blocks becomes one row, titled by its heading.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model import AxisItem, EvaluationAxesRow, EvaluationIndicator, TableEntry
from hyoka.parse.blocks import Block
from hyoka.parse.body import BodyLine
from hyoka.parse.lexicon.labels import BULLET, LEADING_BULLET
from hyoka.parse.stack import Node
from hyoka.parse.written import written_label

_KINDS = ("axes", "evaluation", "monitoring")


def _entries(body: Sequence[BodyLine], block: Block) -> list[TableEntry]:
    entries: list[TableEntry] = []
    for position in block.members:
        line = body[position].line
        if line.norm == "等":
            continue
        if BULLET.match(line.norm) or not entries:
            text = LEADING_BULLET.sub("", line.text.strip())
            entries.append(TableEntry(text=text, line=line.line, lines=(line.line, line.last_line)))
        else:  # a run-on of the entry above
            entries[-1].text += line.text.strip()
            entries[-1].lines = (entries[-1].lines[0], line.last_line)
    return entries


def inline_axes(body: Sequence[BodyLine], blocks: Sequence[Block]) -> list[EvaluationAxesRow]:
    by_section: dict[int, tuple[Node, list[Block]]] = {}
    for block in blocks:
        section = body[block.header].section
        if block.kind in _KINDS and section is not None:
            by_section.setdefault(section.index, (section, []))[1].append(block)
    rows = []
    for section, section_blocks in by_section.values():
        if not any(b.kind == "axes" for b in section_blocks):
            continue
        found: dict[str, list[TableEntry]] = {kind: [] for kind in _KINDS}
        for block in section_blocks:
            found[block.kind].extend(_entries(body, block))
        last = max(body[m].line.last_line for b in section_blocks for m in (b.header, *b.members))
        rows.append(
            EvaluationAxesRow(
                item=AxisItem(
                    label=written_label(body[section.index].line, section.label),
                    title=section.label.title,
                ),
                line=section.line,
                lines=(section.line, last),
                section_line=section.line,
                axes=found["axes"],
                evaluation_indicators=[EvaluationIndicator(**e.model_dump()) for e in found["evaluation"]],
                monitoring_indicators=found["monitoring"],
            )
        )
    return rows
