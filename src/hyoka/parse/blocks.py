"""Labelled blocks inside an item: the reasoning behind targets, external factors, target lists.

    ＜目標水準の考え方＞ / 【目標設定の考え方】 / （目標水準の考え方）     rationale
    ＜想定される外部要因＞ / 【想定される外部要因】                       external_factors
    （定量目標） / ＜アウトプット指標＞ / 【定量的指標】 / 数値目標        targets
    ＜アウトカム指標＞ / 【アウトカム指標】                               outcome
    【評価軸】 / 【評価指標】 / ＜モニタリング指標＞                       axes / evaluation / monitoring

A block runs from its label to the next heading, mark, or label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hyoka.parse.body import BodyLine
from hyoka.parse.lexicon.labels import CLOSE_BRACKETS, OPEN_BRACKETS
from hyoka.parse.lexicon.terms import BLOCK_NAMES, MARK_KINDS

_OPEN = rf"[{OPEN_BRACKETS}]?"
_CLOSE = rf"[{CLOSE_BRACKETS}]?[:：]?"
BLOCK_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"^{_OPEN}(?:{names}){_CLOSE}$")) for kind, names in BLOCK_NAMES.items()
)
# one pattern for all the names, to find out at once whether a line is a block label at all
_ANY_BLOCK = re.compile(rf"^{_OPEN}(?:{'|'.join(BLOCK_NAMES.values())}){_CLOSE}$")
_LONGEST_LABEL = 40
MARK = re.compile(MARK_KINDS)


@dataclass(slots=True)
class Block:
    kind: str
    header: int  # index into the body lines
    members: list[int] = field(default_factory=list)

    def text(self, body: Sequence[BodyLine]) -> str:
        return "\n".join(body[i].line.text for i in self.members)


def block_kind(norm: str) -> str | None:
    if len(norm) > _LONGEST_LABEL or _ANY_BLOCK.match(norm) is None:
        return None
    for kind, pattern in BLOCK_KINDS:
        if pattern.match(norm):
            return kind
    return None


def find_blocks(body: Sequence[BodyLine]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for position, item in enumerate(body):
        kind = block_kind(item.line.norm)
        if kind is not None:
            current = Block(kind, position)
            blocks.append(current)
            continue
        if current is None:
            continue
        opener = body[current.header]
        if item.is_heading or item.section is not opener.section or _is_mark_line(item.line.norm):
            current = None
            continue
        current.members.append(position)
    return blocks


def _is_mark_line(norm: str) -> bool:
    return len(norm) <= 20 and bool(MARK.search(norm)) and norm[:1] in "【<(「[〔"
