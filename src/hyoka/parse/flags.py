"""Importance and difficulty marks (重要度 / 困難度) with their reasons.

    【重要度：高】 / 【重要度 高】 / 【困難度：高】 / ＜重要度：高＞ / （重要度：高）
    重要度「高」 / 【重要度：高、困難度：高】 / 【難易度：高】 (the older word for 困難度)

A mark stands right after the heading it qualifies or after the text of the item it closes;
its reason follows in the same line or the next paragraph (「…ため。」). Prose that merely
says 「重要度が高いものとする」 is a reason, not a mark.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model import Flag, FlagKind, Target
from hyoka.parse.blocks import block_kind
from hyoka.parse.body import BodyLine
from hyoka.parse.lexicon.labels import MARK_BRACKETED, MARK_ONE, MARK_QUOTED

# 難易度 is the older guideline's word for 困難度 and still appears in documents
_MAX_REASON_LINES = 3
_KINDS = {"重要度": FlagKind.importance, "困難度": FlagKind.difficulty, "難易度": FlagKind.difficulty}


def _marks(norm: str) -> list[tuple[FlagKind, str, int, int]]:
    """(kind, level, start, end) of every mark in a line."""
    if "度" not in norm:  # 重要度, 困難度, 難易度: no mark without it
        return []
    found = []
    for match in MARK_BRACKETED.finditer(norm):
        for one in MARK_ONE.finditer(match.group("body")):
            found.append((_KINDS[one.group("kind")], one.group("level"), match.start(), match.end()))
    if not found:
        for match in MARK_QUOTED.finditer(norm):
            found.append((_KINDS[match.group("kind")], match.group("level"), match.start(), match.end()))
    return found


def starts_with_mark(norm: str) -> bool:
    """The line begins with a mark: 【重要度：高】…, ＜困難度：高＞…, 重要度「高」…"""
    return any(start == 0 for _, _, start, _ in _marks(norm))


def _reason(body: Sequence[BodyLine], position: int, after_mark: str) -> str | None:
    rest = after_mark.strip(" :：、")
    if len(rest) > 4:
        return rest
    parts = []
    for item in body[position + 1 : position + 1 + _MAX_REASON_LINES]:
        if item.is_heading or _marks(item.line.norm) or block_kind(item.line.norm):
            break
        if item.section is not body[position].section:
            break
        parts.append(item.line.text)
        if item.line.norm.endswith("。"):
            break
    return "".join(parts) or None


def extract_flags(body: Sequence[BodyLine], targets: Sequence[Target]) -> list[Flag]:
    """Marks qualify their item's heading, or the target they share a line with."""
    flags = []
    for position, item in enumerate(body):
        marks = _marks(item.line.norm)
        if not marks:
            continue
        span = range(item.line.line, item.line.last_line + 1)
        applies_to = next((t.line for t in targets if t.line in span), item.section_line)
        last_end = max(end for _, _, _, end in marks)
        reason = _reason(body, position, item.line.norm[last_end:])
        for kind, level, start, _ in marks:
            flags.append(
                Flag(
                    kind=kind,
                    level=level,
                    reason=reason,
                    text=item.line.text.strip(),
                    line=item.line.line_at(start),
                    applies_to=applies_to,
                )
            )
    return flags
