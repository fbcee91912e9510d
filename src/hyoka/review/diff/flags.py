"""重要度・困難度 marks of two versions compared per item: added, removed, switched, reason changed.

A mark belongs to an item: the heading it qualifies (`applies_to`, when that is a heading line),
else the innermost section whose lines hold the mark. Items are paired through the alignment, so
a mark of a renumbered or moved item is compared with the same item's mark. Within a pair of
items, marks of one kind are compared (their reasons, in matching form); a mark of one kind that
gave way to one of the other is a switch (重要度 → 困難度), the rest are added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model.comparison import Change, ChangeKind
from hyoka.model.contract import Flag, FlagKind
from hyoka.review.diff.nodes import Alignment, Node
from hyoka.review.diff.rows import excerpt, item_name, ref
from hyoka.review.diff.text import folded_key

FLAG_WORDS = {FlagKind.importance: "重要度", FlagKind.difficulty: "困難度"}


def mark_text(flag: Flag) -> str:
    return f"{FLAG_WORDS[flag.kind]}：{flag.level}"


def _owner(flag: Flag, nodes: Sequence[Node]) -> Node | None:
    """The item a mark belongs to (see the module docstring)."""
    by_line = {node.section.line: node for node in nodes}
    if flag.applies_to is not None and flag.applies_to in by_line:
        return by_line[flag.applies_to]
    holding = [n for n in nodes if n.section.lines[0] <= flag.line <= n.section.lines[1]]
    return max(holding, key=lambda n: n.section.line, default=None)


def _grouped(flags: Sequence[Flag], nodes: Sequence[Node]) -> dict[int | None, list[Flag]]:
    groups: dict[int | None, list[Flag]] = {}
    for flag in flags:
        owner = _owner(flag, nodes)
        groups.setdefault(None if owner is None else owner.index, []).append(flag)
    return groups


def _change(kind: ChangeKind, new: tuple[Node | None, Flag | None], old: tuple[Node | None, Flag | None],
            before: str | None, after: str | None) -> Change:  # fmt: skip
    node = new[0] or old[0]
    return Change(
        kind=kind,
        new_ref=ref(new[0]),
        old_ref=ref(old[0]),
        item=item_name(node) if node is not None else None,
        before=before,
        after=after,
        new_line=new[1].line if new[1] else None,
        old_line=old[1].line if old[1] else None,
    )


def _compare_item(node: Node | None, other: Node | None, new: list[Flag], old: list[Flag]) -> list[Change]:
    changes: list[Change] = []
    for flag in list(new):
        match = next((o for o in old if o.kind == flag.kind), None)
        if match is None:
            continue
        new.remove(flag)
        old.remove(match)
        if folded_key(flag.reason or "") != folded_key(match.reason or ""):
            before, after = excerpt(match.reason or "", [(0, len(match.reason or ""))]), flag.reason
            changes.append(_change(ChangeKind.flag_reason, (node, flag), (other, match), before, after))
        elif flag.level != match.level:
            changes.append(
                _change(ChangeKind.flag_reason, (node, flag), (other, match), mark_text(match), mark_text(flag))
            )
    while new and old:
        flag, match = new.pop(0), old.pop(0)
        changes.append(
            _change(ChangeKind.flag_switched, (node, flag), (other, match), mark_text(match), mark_text(flag))
        )
    changes += [_change(ChangeKind.flag_added, (node, f), (other, None), None, mark_text(f)) for f in new]
    changes += [_change(ChangeKind.flag_removed, (node, None), (other, f), mark_text(f), None) for f in old]
    return changes


def flag_changes(new: Sequence[Flag], old: Sequence[Flag], alignment: Alignment) -> list[Change]:
    """The marks' changes, item by item in the new version's order, then the removed items' marks."""
    new_groups, old_groups = _grouped(new, alignment.new), _grouped(old, alignment.old)
    changes: list[Change] = []
    for node in alignment.new:
        paired = alignment.pairs.get(node.index)
        other = alignment.old[paired] if paired is not None else None
        old_flags = old_groups.pop(paired, []) if paired is not None else []
        changes += _compare_item(node, other, new_groups.pop(node.index, []), old_flags)
    changes += _compare_item(None, None, new_groups.pop(None, []), old_groups.pop(None, []))
    for key, flags in old_groups.items():
        owner = alignment.old[key] if key is not None else None
        changes += [_change(ChangeKind.flag_removed, (None, None), (owner, f), mark_text(f), None) for f in flags]
    return changes
