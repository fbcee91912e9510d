"""Targets of two versions paired by item and indicator, and what changed in each pair.

A drafter who raises 1.18 % to 1.20 % often rewrites the sentence around it too, so targets are
not paired by their text but by where they stand and what they measure: within a pair of items
(through the alignment's heading lines), first by the same indicator and value, then by the same
indicator, then by similar indicators (`indicator_min`); then, across items, by the same
indicator and value. Each pair is compared on value, comparator, unit and scope; the rest are
targets added or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hyoka.model.comparison import Change, ChangeKind
from hyoka.model.contract import Target
from hyoka.review.diff.nodes import Alignment
from hyoka.review.diff.rows import item_name, ref
from hyoka.review.diff.text import folded_key, similarity

COMPARATOR_WORDS = {">=": "以上", "<=": "以下", ">": "超", "<": "未満", "=": "（同値）"}
SCOPE_WORDS = {
    "per_year": "毎年度",
    "cumulative": "期間累計",
    "by_final_year": "最終年度までに",
    "in_final_year": "最終年度に",
    "annual_rate": "年平均率",
    "period_average": "期間平均",
    "long_term": "長期",
    "other": "その他",
}


@dataclass(frozen=True, slots=True)
class _Item:
    target: Target
    indicator: str


def value_text(target: Target) -> str:
    """A target's level as a reviewer reads it: 1.2％以上."""
    number = f"{target.value:g}"
    return f"{number}{target.unit or ''}{COMPARATOR_WORDS.get(target.comparator.value, '')}"


def _pairs(new: list[_Item], old: list[_Item], same: Callable[[_Item, _Item], bool]) -> list[tuple[_Item, _Item]]:
    found: list[tuple[_Item, _Item]] = []
    for item in list(new):
        match = next((o for o in old if same(item, o)), None)
        if match is not None:
            found.append((item, match))
            new.remove(item)
            old.remove(match)
    return found


def _same_value(a: _Item, b: _Item) -> bool:
    return a.indicator == b.indicator and a.target.value == b.target.value and a.target.unit == b.target.unit


def _same_indicator(a: _Item, b: _Item) -> bool:
    return a.indicator == b.indicator


def _similar_indicator(least: float) -> Callable[[_Item, _Item], bool]:
    def similar(a: _Item, b: _Item) -> bool:
        return similarity(a.indicator, b.indicator) >= least

    return similar


def pair_targets(
    new: Sequence[Target], old: Sequence[Target], lines: dict[int, int], indicator_min: float = 0.6
) -> tuple[list[tuple[Target, Target]], list[Target], list[Target]]:
    """(pairs, added, removed): pairs within paired items first, then across items."""
    new_items = [_Item(t, folded_key(t.indicator)) for t in new]
    old_items = [_Item(t, folded_key(t.indicator)) for t in old]
    pairs: list[tuple[_Item, _Item]] = []
    for line in dict.fromkeys(t.section_line for t in new):
        here = [i for i in new_items if i.target.section_line == line]
        there = [i for i in old_items if line is not None and i.target.section_line == lines.get(line)]
        for same in (_same_value, _same_indicator, _similar_indicator(indicator_min)):
            made = _pairs(here, there, same)
            pairs.extend(made)
            for a, b in made:
                new_items.remove(a)
                old_items.remove(b)
    pairs.extend(_pairs(new_items, old_items, _same_value))
    return [(a.target, b.target) for a, b in pairs], [i.target for i in new_items], [i.target for i in old_items]


@dataclass(frozen=True, slots=True)
class _Where:
    """Ref and item name of a target's item in each version."""

    new: dict[int, tuple[str | None, str]]
    old: dict[int, tuple[str | None, str]]

    @classmethod
    def of(cls, alignment: Alignment) -> _Where:
        new = {n.section.line: (ref(n), item_name(n)) for n in alignment.new}
        old = {n.section.line: (ref(n), item_name(n)) for n in alignment.old}
        return cls(new, old)


def _change(
    kind: ChangeKind, where: _Where, new: Target | None, old: Target | None, *, before: str | None, after: str | None
) -> Change:
    new_at = where.new.get(new.section_line or 0, (None, "")) if new else (None, "")
    old_at = where.old.get(old.section_line or 0, (None, "")) if old else (None, "")
    target = new or old
    assert target is not None
    return Change(
        kind=kind,
        new_ref=new_at[0],
        old_ref=old_at[0],
        item=f"{new_at[1] or old_at[1]}：{target.indicator}".lstrip("："),
        before=before,
        after=after,
        new_line=new.line if new else None,
        old_line=old.line if old else None,
    )


def _compared(new: Target, old: Target, where: _Where) -> list[Change]:
    changes: list[Change] = []
    if new.value != old.value:
        changes.append(_change(ChangeKind.target_value, where, new, old, before=value_text(old), after=value_text(new)))
    if new.comparator != old.comparator:
        before, after = COMPARATOR_WORDS[old.comparator.value], COMPARATOR_WORDS[new.comparator.value]
        changes.append(_change(ChangeKind.target_comparator, where, new, old, before=before, after=after))
    if (new.unit or "") != (old.unit or ""):
        changes.append(_change(ChangeKind.target_unit, where, new, old, before=old.unit, after=new.unit))
    if new.scope != old.scope:
        before, after = SCOPE_WORDS[old.scope.value], SCOPE_WORDS[new.scope.value]
        changes.append(_change(ChangeKind.target_scope, where, new, old, before=before, after=after))
    return changes


def target_changes(
    new: Sequence[Target], old: Sequence[Target], alignment: Alignment, indicator_min: float = 0.6
) -> list[Change]:
    """Value, comparator, unit and scope changes of paired targets; targets added and removed."""
    pairs, added, removed = pair_targets(new, old, alignment.section_lines(), indicator_min)
    where = _Where.of(alignment)
    changes = [change for a, b in pairs for change in _compared(a, b, where)]
    changes += [_change(ChangeKind.target_added, where, t, None, before=None, after=value_text(t)) for t in added]
    changes += [_change(ChangeKind.target_removed, where, None, t, before=value_text(t), after=None) for t in removed]
    return changes
