"""Indicators named in the body without a numeric level, so the evaluation loses none of them.

【アウトカム指標】 … 以下の定量情報で観測する。 ・ 薬事承認 ・ ガイドライン等 ・ 製品上市数
＜アウトプット指標＞ ○ …件数                    (without a number: an output indicator)
【評価指標】 ・… / 【モニタリング指標】 ・…       (in the body rather than an annex table)
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model import Indicator, IndicatorKind, Target
from hyoka.parse.blocks import Block
from hyoka.parse.body import BULLET, BodyLine
from hyoka.parse.lexicon.labels import LEADING_BULLET, NOTE_MARK

_KINDS = {
    "outcome": IndicatorKind.outcome,
    "targets": IndicatorKind.output,
    "evaluation": IndicatorKind.evaluation,
    "monitoring": IndicatorKind.monitoring,
}


def _has_target(item: BodyLine, target_lines: set[int]) -> bool:
    return any(n in target_lines for n in item.line.lines)


def extract_indicators(body: Sequence[BodyLine], blocks: Sequence[Block], targets: Sequence[Target]) -> list[Indicator]:
    with_target = {t.line for t in targets}
    # items whose 評価軸 are written inline carry their indicators in evaluation_axes instead
    rows = {section.index for b in blocks if b.kind == "axes" and (section := body[b.header].section) is not None}
    found = []
    for block in blocks:
        kind = _KINDS.get(block.kind)
        section = body[block.header].section
        if kind is None or (section is not None and section.index in rows and block.kind != "outcome"):
            continue
        for position in block.members:
            item = body[position]
            norm = item.line.norm
            if not BULLET.match(norm) or norm.startswith(NOTE_MARK) or norm.endswith("。") or norm == "等":
                continue
            if _has_target(item, with_target) or (
                position + 1 < len(body)
                and body[position + 1].line.norm[:1].isdigit()
                and _has_target(body[position + 1], with_target)
            ):
                continue
            text = LEADING_BULLET.sub("", item.line.text.strip()).strip()
            if text:
                found.append(Indicator(kind=kind, text=text, section_line=item.section_line, line=item.line.line))
    return found
