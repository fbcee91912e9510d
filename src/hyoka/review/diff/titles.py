"""Keys that decide whether two headings are the same heading: its title, loosely; its label.

Titles match as the checks match them (`hyoka.review.text.title_key`: folded, and the wording
variants of one heading made equal: 位置付け/位置づけ, 及び/・, 研究開発の成果/研究開発成果 …), so
the 新旧対照表 pairs 「３．業務運営の効率化」 with 「４．業務運営の改善及び効率化」. Labels match
after folding, with the dot or space that ends them ignored, so 「３．」 and 「３.」 are one label
and 「４．」 is a renumbering.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hyoka.review.diff.text import folded_key
from hyoka.review.text import title_key

__all__ = ["label_key", "title_key"]

_LABEL_END = re.compile(r"[.．、,\s]+$")


@lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """The form in which two spellings of the same label are equal (「３．」, 「３.」, 「 ３ 」)."""
    return _LABEL_END.sub("", folded_key(label))
