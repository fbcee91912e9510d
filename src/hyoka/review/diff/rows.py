"""The rows of the table from an alignment: one per item, in the new version's order.

Each pair is diffed once; the spans of both sides, the label and title changes and the row kind
come from that one diff, and so do the structured section changes, so the table and the list
of changes cannot disagree. A removed item is placed just before the row of the old item that
followed it (or last), where a reader of the old version would look for it. A split compares
the old item with its two pieces read as one text, a merge the two old items with the new one,
so what moved from one piece to the other is no change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hyoka.model.comparison import Change, ChangeKind, Row, RowKind, Side, Span
from hyoka.review.diff.nodes import Alignment, Node
from hyoka.review.diff.text import Run, diff_parts, diff_texts, fold

SEPARATOR = " › "
EXCERPT = 120


@dataclass
class _Entry:
    kind: RowKind
    new: Node | None
    old: Node | None
    group: int | None = None
    new_runs: Sequence[Run] = ()
    old_runs: Sequence[Run] = ()
    ratio: float = 1.0
    new_title_runs: Sequence[Run] = ()
    old_title_runs: Sequence[Run] = ()


@dataclass
class RowsResult:
    rows: list[Row] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def ref(node: Node | None) -> str | None:
    """Where an item is: its parents' labels and its own (第３ › １． › （２））."""
    if node is None:
        return None
    return SEPARATOR.join((*node.path, node.section.label))


def item_name(node: Node) -> str:
    return f"{node.section.label} {node.section.title}".strip()


def excerpt(text: str, runs: Sequence[Run]) -> str | None:
    """The changed phrases of a side, joined by 「／」 and cut for a list of changes."""
    if not runs:
        return None
    joined = "／".join(text[start:end] for start, end in runs)
    return joined if len(joined) <= EXCERPT else joined[: EXCERPT - 1] + "…"


def _side(node: Node, runs: Sequence[Run], title_runs: Sequence[Run], other: Node | None) -> Side:
    section = node.section
    return Side(
        label=section.label,
        title=section.title,
        line=section.line,
        text=section.text,
        label_changed=other is not None and other.label != node.label,
        title_spans=[Span(start=s, end=e) for s, e in title_runs],
        spans=[Span(start=s, end=e) for s, e in runs],
        path=list(node.path),
    )


def _pair_entry(alignment: Alignment, node: Node, old: Node, gap: int) -> _Entry:
    """A plain pair, its heading and text diffed as one text: where a PDF's wrap ended the title
    (a line of text drawn into the heading, or left out of it) is then no change."""
    found = diff_parts([fold(old.section.title), old.body], [fold(node.section.title), node.body], gap=gap)
    changed = any(found.old) or any(found.new)
    kind = _pair_kind(alignment, node, old, changed)
    return _Entry(kind, node, old, None, found.new[1], found.old[1], found.ratio, found.new[0], found.old[0])


def _titles(entry: _Entry) -> _Entry:
    """The title runs of a split or merged pair, whose titles are diffed on their own."""
    if entry.new is not None and entry.old is not None and entry.new.title != entry.old.title:
        found = diff_texts(entry.old.section.title, entry.new.section.title)
        entry.new_title_runs, entry.old_title_runs = found.new, found.old
    return entry


def _pair_kind(alignment: Alignment, new: Node, old: Node, changed: bool) -> RowKind:
    if new.index in alignment.moved:
        return RowKind.moved
    if changed:
        return RowKind.changed
    if new.label != old.label:
        return RowKind.renumbered
    return RowKind.same


def _pieces(alignment: Alignment, gap: int) -> tuple[dict[tuple[int | None, int | None], _Entry], int]:
    """Entries of splits and merges, keyed by (new, old) index, each group numbered."""
    entries: dict[tuple[int | None, int | None], _Entry] = {}
    group = 0
    for old, news in alignment.splits.items():
        group += 1
        found = diff_parts([alignment.old[old].body], [alignment.new[n].body for n in news], gap=gap)
        for position, n in enumerate(news):
            whole = alignment.old[old] if position == 0 else None
            runs = found.old[0] if position == 0 else ()
            entries[(n, old if position == 0 else None)] = _Entry(
                RowKind.split_item, alignment.new[n], whole, group, found.new[position], runs, found.ratio
            )
    for new, olds in alignment.merges.items():
        group += 1
        found = diff_parts([alignment.old[o].body for o in olds], [alignment.new[new].body], gap=gap)
        for position, o in enumerate(olds):
            whole = alignment.new[new] if position == 0 else None
            runs = found.new[0] if position == 0 else ()
            entries[(new if position == 0 else None, o)] = _Entry(
                RowKind.merged, whole, alignment.old[o], group, runs, found.old[position], found.ratio
            )
    return entries, group


def _entries(alignment: Alignment, gap: int) -> list[_Entry]:
    """Entries for the new version's items in order, the removed ones placed among them."""
    pieces, _ = _pieces(alignment, gap)
    entries: list[_Entry] = []
    for node in alignment.new:
        old = alignment.pairs.get(node.index)
        piece = pieces.get((node.index, old))
        if piece is not None:
            entries.append(_titles(piece))
            entries.extend(e for (n, _), e in pieces.items() if n is None and e.group == piece.group)
        elif old is not None:
            entries.append(_pair_entry(alignment, node, alignment.old[old], gap))
        else:
            entries.append(_Entry(RowKind.added, node, None, ratio=0.0))
    return _with_removed(alignment, entries)


def _with_removed(alignment: Alignment, entries: list[_Entry]) -> list[_Entry]:
    placed = {entry.old.index for entry in entries if entry.old is not None}
    position = {entry.old.index: i for i, entry in enumerate(entries) if entry.old is not None}
    inserts: list[tuple[int, int, _Entry]] = []
    for node in alignment.old:
        if node.index in placed:
            continue
        following = next((position[o.index] for o in alignment.old[node.index + 1 :] if o.index in position), None)
        at = len(entries) if following is None else following
        inserts.append((at, node.index, _Entry(RowKind.removed, None, node, ratio=0.0)))
    for at, _, entry in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        entries.insert(at, entry)
    return entries


def _row(entry: _Entry) -> Row:
    new = None if entry.new is None else _side(entry.new, entry.new_runs, entry.new_title_runs, entry.old)
    old = None if entry.old is None else _side(entry.old, entry.old_runs, entry.old_title_runs, entry.new)
    node = entry.new or entry.old
    assert node is not None  # an entry has at least one side
    return Row(kind=entry.kind, new=new, old=old, level=node.section.level, group=entry.group, similarity=entry.ratio)


def _change(kind: ChangeKind, entry: _Entry, before: str | None, after: str | None) -> Change:
    node = entry.new or entry.old
    assert node is not None
    return Change(
        kind=kind,
        new_ref=ref(entry.new),
        old_ref=ref(entry.old),
        item=item_name(node),
        before=before,
        after=after,
        new_line=entry.new.section.line if entry.new else None,
        old_line=entry.old.section.line if entry.old else None,
    )


def _changes(entry: _Entry) -> list[Change]:
    new, old = entry.new, entry.old
    if old is None:
        kind = ChangeKind.section_split if entry.kind is RowKind.split_item else ChangeKind.section_added
        return [_change(kind, entry, None, item_name(new) if new else None)]
    if new is None:
        kind = ChangeKind.section_merged if entry.kind is RowKind.merged else ChangeKind.section_removed
        return [_change(kind, entry, item_name(old), None)]
    changes: list[Change] = []
    if entry.kind is RowKind.moved:
        changes.append(_change(ChangeKind.section_moved, entry, SEPARATOR.join(old.path), SEPARATOR.join(new.path)))
    if new.label != old.label:
        changes.append(_change(ChangeKind.section_renumbered, entry, old.section.label, new.section.label))
    if entry.new_title_runs or entry.old_title_runs:
        changes.append(_change(ChangeKind.title_changed, entry, old.section.title, new.section.title))
    if entry.new_runs or entry.old_runs:
        before, after = excerpt(old.section.text, entry.old_runs), excerpt(new.section.text, entry.new_runs)
        changes.append(_change(ChangeKind.text_changed, entry, before, after))
    return changes


def build_rows(alignment: Alignment, *, gap: int = 2) -> RowsResult:
    """The section rows of the table and the structured changes they show."""
    result = RowsResult()
    for entry in _entries(alignment, gap):
        result.rows.append(_row(entry))
        result.changes.extend(_changes(entry))
    return result
