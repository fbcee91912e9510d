"""Pairing the items of two versions: by title within a parent, by content, across parents.

A drafter who inserts an item renumbers every item after it, so labels say nothing about which
item is which. Items are paired as a reader would pair them, in passes that go from the surest
evidence to the weakest:

1. within a pair of parents, children with the same normalised title, in order;
2. within a pair of parents, the children left, by the similarity of their content (title, own
   text and the titles of their children) above `text_min`;
3. anywhere, an item left with one of the same title or of very similar content (`moved_min`):
   an item *moved* under another parent;
4. a split (one old item into two new ones) or a merge (two into one) where the pieces'
   text is contained in the whole (`split_min`) and the pair covers it better than the one
   item does (`split_gain`).

What is left is added or removed. A pair's children are paired in turn (passes 1–2), so a
renamed chapter still has its items paired by title.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model.contract import Section
from hyoka.review.diff.nodes import Alignment, AlignSettings, Node, flatten
from hyoka.review.diff.pieces import find_merges, find_splits
from hyoka.review.diff.text import similarity


def _children(nodes: Sequence[Node], parent: int | None) -> list[Node]:
    return [node for node in nodes if node.parent == parent]


def _by_title(new: Sequence[Node], old: Sequence[Node], alignment: Alignment) -> None:
    taken = alignment.paired_old()
    for node in new:
        if node.index in alignment.pairs:
            continue
        match = next((o for o in old if o.index not in taken and o.title == node.title), None)
        if match is not None:
            alignment.pairs[node.index] = match.index
            taken.add(match.index)


def _by_content(new: Sequence[Node], old: Sequence[Node], alignment: Alignment, least: float) -> list[int]:
    """Pair what is left of `new` and `old` by content similarity, best first; returns the new pairs."""
    paired_old, paired_new = alignment.paired_old(), alignment.paired_new()
    free_new = [n for n in new if n.index not in paired_new]
    free_old = [o for o in old if o.index not in paired_old]
    scored = [(similarity(o.content, n.content, least), n.index, o.index) for n in free_new for o in free_old]
    made: list[int] = []
    for score, n, o in sorted(scored, reverse=True):
        if score < least or n in alignment.pairs or o in paired_old:
            continue
        alignment.pairs[n] = o
        paired_old.add(o)
        made.append(n)
    return made


def _pair_within(new_parent: int | None, old_parent: int | None, alignment: Alignment, settings: AlignSettings) -> None:
    """Passes 1 and 2 on the children of a pair of parents, then on each pair of children."""
    new, old = _children(alignment.new, new_parent), _children(alignment.old, old_parent)
    _by_title(new, old, alignment)
    _by_content(new, old, alignment, settings.text_min)
    for child in new:
        if child.index in alignment.pairs:
            _pair_within(child.index, alignment.pairs[child.index], alignment, settings)


def _best_move(node: Node, alignment: Alignment, settings: AlignSettings) -> int | None:
    """Pass 3 for one unpaired item: the free old item of the same title (with some content in
    common) or of very similar content, anywhere in the old version."""
    paired_old = alignment.paired_old()
    best: tuple[float, int] | None = None
    for candidate in alignment.old:
        if candidate.index in paired_old:
            continue
        least = settings.moved_title_min if candidate.title == node.title else settings.moved_min
        score = similarity(candidate.content, node.content, least)
        same_title = candidate.title == node.title and score >= settings.moved_title_min
        if (same_title or score >= settings.moved_min) and (best is None or score > best[0]):
            best = (score, candidate.index)
    return None if best is None else best[1]


def _pair_moves(alignment: Alignment, settings: AlignSettings) -> None:
    for node in alignment.new:
        if node.index in alignment.paired_new():
            continue
        old = _best_move(node, alignment, settings)
        if old is not None:
            alignment.pairs[node.index] = old
            _pair_within(node.index, old, alignment, settings)


def _parent_pair(alignment: Alignment, new: int, old: int) -> bool:
    new_parent, old_parent = alignment.new[new].parent, alignment.old[old].parent
    if new_parent is None or old_parent is None:
        return new_parent is None and old_parent is None
    return alignment.pairs.get(new_parent) == old_parent


def align(
    new_sections: Sequence[Section],
    old_sections: Sequence[Section],
    settings: AlignSettings | None = None,
    noise: frozenset[str] = frozenset(),
) -> Alignment:
    """Pair the sections of two versions (see the module docstring for the passes)."""
    settings = settings or AlignSettings()
    alignment = Alignment(flatten(new_sections, noise), flatten(old_sections, noise))
    _pair_within(None, None, alignment, settings)
    _pair_moves(alignment, settings)
    find_splits(alignment, settings)
    find_merges(alignment, settings)
    alignment.moved = {n for n, o in alignment.pairs.items() if not _parent_pair(alignment, n, o)}
    return alignment


__all__ = ["AlignSettings", "Alignment", "Node", "align", "flatten"]
