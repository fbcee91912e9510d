"""The glossary's kinds of top-level sections, recognised by title whatever the numbering.

Objective documents name their statutory chapters in a few recurring wordings (政策体系における
法人の位置付け及び役割, 中長期目標の期間, 研究開発の成果の最大化その他の業務の質の向上に関する事項,
業務運営の（改善及び）効率化に関する事項, 財務内容の改善に関する事項, その他業務運営に関する重要事項),
numbered Ⅰ., Ｉ., 第１ or １. as each ministry prefers. Both the store (which records each stored
item's section kind) and the guideline checks (which look for the chapters) need the same answer,
so the patterns live here, below both. They run on the matching form (`hyoka.sources.normalize`)
as well as on the title as written, since the patterns use no width-sensitive characters.
"""

from __future__ import annotations

import re
from typing import Final, Literal

SectionKind = Literal["mission", "period", "quality", "efficiency", "finance", "other"]

SECTION_KINDS: Final[tuple[SectionKind, ...]] = ("mission", "period", "quality", "efficiency", "finance", "other")

# Order matters: the first pattern that matches decides (その他の業務の質の向上 is quality, not other).
_SECTION_PATTERNS: Final[tuple[tuple[re.Pattern[str], SectionKind], ...]] = (
    (re.compile(r"位置付け|位置づけ|役割|ミッション"), "mission"),
    (re.compile(r"目標の期間|目標期間"), "period"),
    (re.compile(r"業務の質の向上|成果の最大化|サービス"), "quality"),
    (re.compile(r"効率化|業務運営の改善"), "efficiency"),
    (re.compile(r"財務内容|財務"), "finance"),
    (re.compile(r"その他"), "other"),
)


def section_kind(title: str) -> SectionKind | None:
    """The section kind of a top-level heading's title (mission, period, quality, efficiency,
    finance, other), or None for a title that names none of them."""
    return next((kind for pattern, kind in _SECTION_PATTERNS if pattern.search(title)), None)
