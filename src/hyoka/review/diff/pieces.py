"""Pass 4 of the alignment: an item split in two, or two items merged into one.

A split leaves the old item paired with one of its pieces (the one that kept the title) and the
other piece unpaired; a merge leaves one of the old items unpaired. Either is recognised from
containment: the unpaired piece's text is (mostly, `split_min`) found in order inside the whole,
and the whole is covered by the two pieces together clearly better (`split_gain`) than by the
piece it was paired with. When neither piece kept the title, two unpaired pieces contained in
one unpaired whole make the split. A cheap bound on the shared characters skips the pairs that
cannot reach the threshold before any alignment is computed.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from hyoka.review.diff.nodes import Alignment, AlignSettings, Node
from hyoka.review.diff.text import containment


@lru_cache(maxsize=4096)
def _counts(text: str) -> Counter[str]:
    return Counter(text)


def _bound(part: str, whole: str) -> float:
    """An upper bound of `containment(part, whole)` from character counts alone."""
    if not part:
        return 0.0
    mine, theirs = _counts(part), _counts(whole)
    return sum(min(count, theirs[char]) for char, count in mine.items()) / len(part)


def _contained(part: Node, whole: Node, least: float) -> float:
    if len(part.body.text) == 0 or _bound(part.body.text, whole.body.text) < least:
        return 0.0
    return containment(part.body.text, whole.body.text)


def _origin(piece: Node, wholes: list[Node], settings: AlignSettings) -> Node | None:
    """The whole that contains `piece` best, if any reaches `split_min`."""
    best: tuple[float, Node] | None = None
    for whole in wholes:
        score = _contained(piece, whole, settings.split_min)
        if score >= settings.split_min and (best is None or score > best[0]):
            best = (score, whole)
    return None if best is None else best[1]


def _gain(whole: str, kept: str, pieces: str, settings: AlignSettings) -> bool:
    """Whether `pieces` (kept and the other piece, in order) cover `whole` clearly better than `kept`."""
    return containment(whole, pieces) - containment(whole, kept) >= settings.split_gain


def find_splits(alignment: Alignment, settings: AlignSettings) -> None:
    """Record old items split into two new ones (`alignment.splits`, the paired piece first)."""
    owner = {old: new for new, old in alignment.pairs.items()}
    for piece in alignment.new:
        if piece.index in alignment.paired_new() or len(piece.body.text) < settings.min_chars:
            continue
        whole = _origin(piece, alignment.old, settings)
        if whole is None:
            continue
        kept = owner.get(whole.index)
        if kept is None:
            if whole.index in alignment.paired_old():
                continue
            alignment.pairs[piece.index] = whole.index
            owner[whole.index] = piece.index
            continue
        first, second = sorted((kept, piece.index))
        both = alignment.new[first].body.text + alignment.new[second].body.text
        if _gain(whole.body.text, alignment.new[kept].body.text, both, settings):
            alignment.splits.setdefault(whole.index, [kept]).append(piece.index)


def find_merges(alignment: Alignment, settings: AlignSettings) -> None:
    """Record two old items merged into one new one (`alignment.merges`, the paired item first)."""
    for piece in alignment.old:
        if piece.index in alignment.paired_old() or len(piece.body.text) < settings.min_chars:
            continue
        whole = _origin(piece, alignment.new, settings)
        if (
            whole is None
            or whole.index not in alignment.pairs
            or whole.index in alignment.paired_new() - set(alignment.pairs)
        ):
            continue
        kept = alignment.pairs[whole.index]
        first, second = sorted((kept, piece.index))
        both = alignment.old[first].body.text + alignment.old[second].body.text
        if _gain(whole.body.text, alignment.old[kept].body.text, both, settings):
            alignment.merges.setdefault(whole.index, [kept]).append(piece.index)
