"""The matching forms the checks compare text in: one normalisation, and a loose form of titles.

Rules never compare text as written: PDF extraction mixes widths, Kangxi look-alikes (⽬ for 目),
three kinds of circle and spaces between every character. `normalise` is the parser's own
matching form (`hyoka.sources.normalize`: NFKC, look-alikes folded, spaces dropped, ○/〇/◯
unified), so a rule sees a line exactly as the parser did.

Titles also vary in wording between ministries for the same chapter (位置付け / 位置づけ,
役割 / 果たすべき役割, 中長期目標の期間 / 中長期目標期間 …). `title_key` maps those variants onto
one spelling, so that a title compares equal to the guideline's wording, or to its other version
in the 新旧対照表, whichever variant each uses. The list is the design's; it is deliberately short,
since every equivalence added here can also merge two titles that mean different things.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from hyoka.sources.normalize import normalize

__all__ = ["normalise", "title_key"]

# NFKC leaves these circles distinct; `normalize` already folds 〇 ◯ ⚪ to ○, this catches the rest.
_CIRCLES: Final = str.maketrans({"〇": "○", "◯": "○", "⚪": "○", "⭕": "○"})

# (pattern, replacement), applied in order to a normalised title. Longer variants come first so
# that 「業務運営の改善及び効率化」 is folded before 及び is.
_TITLE_VARIANTS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"業務運営の改善(?:及び|・)効率化"), "業務運営の効率化"),
    (re.compile(r"研究開発の成果"), "研究開発成果"),
    (re.compile(r"(中長期|中期)目標の期間"), r"\1目標期間"),
    (re.compile(r"果たすべき役割"), "役割"),
    (re.compile(r"位置づけ"), "位置付け"),
    (re.compile(r"及び"), "・"),
    (re.compile(r"機構"), "法人"),
)


def normalise(text: str) -> str:
    """The matching form of `text` (line breaks included): NFKC, look-alikes folded, spaces
    removed, every circle as ○. Idempotent."""
    if "\n" in text:
        return "".join(normalize(part) for part in text.splitlines()).translate(_CIRCLES)
    return normalize(text).translate(_CIRCLES)


@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """A loose key of a heading title: `normalise`d, with the design's wording variants folded
    (位置付け/位置づけ, 及び/・, 役割/果たすべき役割, 法人/機構, 業務運営の効率化/業務運営の改善及び
    効率化, 研究開発の成果/研究開発成果, 中長期目標の期間/中長期目標期間). Two titles that differ only
    by those variants have the same key."""
    key = normalise(title)
    for pattern, replacement in _TITLE_VARIANTS:
        key = pattern.sub(replacement, key)
    return key
