"""Annexes of two versions: one row each in the table, and what changed in their parsed content.

Annexes pair by kind and loose title (labels float in PDF text and are renumbered), then by kind
alone in order. A figure (政策体系図, 使命等と目標との関係) reaches us scrambled by the PDF's text
order, so it is only changed or unchanged: the same characters in any order are no change, and a
changed figure is underlined whole, as a replaced annex is. Other annexes are diffed as text.
The evaluation-axes rows are compared row by row (axes, evaluation and monitoring indicators),
the evaluation units by title and by the items their ranges cover, read through the alignment,
so a unit whose range was not renumbered with its items shows as a changed range.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hyoka.model.comparison import Change, ChangeKind, Row, RowKind, Side, Span
from hyoka.model.contract import Annex, AnnexKind, EvaluationAxesRow, EvaluationUnit, TableEntry
from hyoka.review.diff.nodes import Alignment
from hyoka.review.diff.rows import excerpt, ref
from hyoka.review.diff.text import diff_texts, folded_key
from hyoka.review.diff.titles import title_key

FIGURES = frozenset({AnnexKind.policy_diagram, AnnexKind.mission_relation})
ANNEX_WORDS = {
    AnnexKind.policy_diagram: "政策体系図",
    AnnexKind.mission_relation: "使命等と目標との関係",
    AnnexKind.evaluation_axes: "評価軸",
    AnnexKind.evaluation_units: "一定の事業等のまとまり",
    AnnexKind.glossary: "用語集",
    AnnexKind.research_policy: "研究開発の方針",
    AnnexKind.target_table: "別表",
    AnnexKind.other: "別紙",
}


def annex_name(annex: Annex) -> str:
    return " ".join(part for part in (annex.label, annex.title or ANNEX_WORDS[annex.kind]) if part)


def pair_annexes(new: Sequence[Annex], old: Sequence[Annex]) -> list[tuple[Annex | None, Annex | None]]:
    """Pairs in the new version's order, the removed annexes last."""
    free = list(old)
    pairs: list[tuple[Annex | None, Annex | None]] = []
    for annex in new:
        key = title_key(annex.title or "")
        match = next((o for o in free if o.kind == annex.kind and title_key(o.title or "") == key), None)
        match = match or next((o for o in free if o.kind == annex.kind), None)
        if match is not None:
            free.remove(match)
        pairs.append((annex, match))
    return pairs + [(None, o) for o in free]


def _title(annex: Annex) -> str:
    return annex.title or ANNEX_WORDS[annex.kind]


def _side(annex: Annex, spans: Sequence[tuple[int, int]], other: Annex | None, *, new: bool = True) -> Side:
    """One side of an annex row; the title's changed runs against the other side's title."""
    label_changed = other is not None and folded_key(annex.label or "") != folded_key(other.label or "")
    title_runs: Sequence[tuple[int, int]] = ()
    if other is not None:
        found = diff_texts(_title(other), _title(annex)) if new else diff_texts(_title(annex), _title(other))
        title_runs = found.new if new else found.old
    return Side(
        label=annex.label or "",
        title=_title(annex),
        line=annex.line,
        text=annex.text,
        label_changed=label_changed,
        title_spans=[Span(start=s, end=e) for s, e in title_runs],
        spans=[Span(start=s, end=e) for s, e in spans],
    )


def _change(kind: ChangeKind, new: Annex | None, old: Annex | None, before: str | None, after: str | None) -> Change:
    annex = new or old
    assert annex is not None
    return Change(
        kind=kind,
        new_ref=annex_name(new) if new else None,
        old_ref=annex_name(old) if old else None,
        item=annex_name(annex),
        before=before,
        after=after,
        new_line=new.line if new else None,
        old_line=old.line if old else None,
    )


def _pair_row(new: Annex, old: Annex) -> tuple[Row, list[Change]]:
    if new.kind in FIGURES:
        same = Counter(folded_key(new.text)) == Counter(folded_key(old.text))
        new_runs = [] if same else [(0, len(new.text))]
        old_runs = [] if same else [(0, len(old.text))]
        ratio = 1.0 if same else 0.0
        changes = [] if same else [_change(ChangeKind.figure_changed, new, old, None, None)]
    else:
        found = diff_texts(old.text, new.text)
        new_runs, old_runs, ratio = list(found.new), list(found.old), found.ratio
        before, after = excerpt(old.text, old_runs), excerpt(new.text, new_runs)
        changes = [] if found.equal else [_change(ChangeKind.annex_changed, new, old, before, after)]
    new_side, old_side = _side(new, new_runs, old), _side(old, old_runs, new, new=False)
    if new_side.title_spans or old_side.title_spans:
        changes.append(_change(ChangeKind.annex_title, new, old, old_side.title, new_side.title))
    if new_side.label_changed:
        changes.append(_change(ChangeKind.annex_renumbered, new, old, old.label, new.label))
    changed = bool(new_runs or old_runs or new_side.title_spans or old_side.title_spans)
    kind = RowKind.changed if changed else RowKind.renumbered if new_side.label_changed else RowKind.same
    return Row(kind=kind, new=new_side, old=old_side, level=1, annex=True, similarity=ratio), changes


def annex_rows(new: Sequence[Annex], old: Sequence[Annex]) -> tuple[list[Row], list[Change]]:
    """One row per annex (paired, added or removed) and the annex changes."""
    rows: list[Row] = []
    changes: list[Change] = []
    for a, b in pair_annexes(new, old):
        if a is not None and b is not None:
            row, found = _pair_row(a, b)
            rows.append(row)
            changes += found
        elif a is not None:
            rows.append(Row(kind=RowKind.added, new=_side(a, [], None), old=None, level=1, annex=True, similarity=0.0))
            changes.append(_change(ChangeKind.annex_added, a, None, None, annex_name(a)))
        elif b is not None:
            rows.append(
                Row(kind=RowKind.removed, new=None, old=_side(b, [], None), level=1, annex=True, similarity=0.0)
            )
            changes.append(_change(ChangeKind.annex_removed, None, b, annex_name(b), None))
    return rows, changes


def _entries(entries: Sequence[TableEntry]) -> dict[str, str]:
    return {folded_key(entry.text): entry.text for entry in entries}


def _row_name(row: EvaluationAxesRow) -> str:
    return " ".join(part for part in (row.item.label, row.item.title) if part)


def _axes_change(kind: ChangeKind, new: EvaluationAxesRow | None, old: EvaluationAxesRow | None,
                 before: str | None, after: str | None) -> Change:  # fmt: skip
    row = new or old
    assert row is not None
    return Change(
        kind=kind,
        new_ref=_row_name(new) if new else None,
        old_ref=_row_name(old) if old else None,
        item=f"評価軸：{_row_name(row)}",
        before=before,
        after=after,
        new_line=new.line if new else None,
        old_line=old.line if old else None,
    )


def _compare_axes_row(new: EvaluationAxesRow, old: EvaluationAxesRow) -> list[Change]:
    changes: list[Change] = []
    groups = (
        (new.axes, old.axes, ChangeKind.axis_added, ChangeKind.axis_removed),
        (
            new.evaluation_indicators,
            old.evaluation_indicators,
            ChangeKind.indicator_added,
            ChangeKind.indicator_removed,
        ),
        (
            new.monitoring_indicators,
            old.monitoring_indicators,
            ChangeKind.indicator_added,
            ChangeKind.indicator_removed,
        ),
    )
    for new_entries, old_entries, added, removed in groups:
        mine, theirs = _entries(new_entries), _entries(old_entries)
        changes += [_axes_change(added, new, old, None, text) for key, text in mine.items() if key not in theirs]
        changes += [_axes_change(removed, new, old, text, None) for key, text in theirs.items() if key not in mine]
    return changes


def axes_changes(
    new: Sequence[EvaluationAxesRow], old: Sequence[EvaluationAxesRow], alignment: Alignment
) -> list[Change]:
    """Axes rows paired by the item they evaluate (through the alignment), else by loose title."""
    lines = alignment.section_lines()
    free = list(old)
    changes: list[Change] = []
    for row in new:
        at = lines.get(row.section_line) if row.section_line is not None else None
        match = next((o for o in free if at is not None and o.section_line == at), None)
        match = match or next((o for o in free if title_key(o.item.title) == title_key(row.item.title)), None)
        if match is None:
            changes.append(_axes_change(ChangeKind.axes_row_added, row, None, None, _row_name(row)))
            continue
        free.remove(match)
        changes += _compare_axes_row(row, match)
    changes += [_axes_change(ChangeKind.axes_row_removed, None, o, _row_name(o), None) for o in free]
    return changes


def _covered(unit: EvaluationUnit, names: dict[int, str]) -> str:
    return "、".join(names.get(line, f"{line}行") for line in unit.section_lines)


def unit_changes(new: Sequence[EvaluationUnit], old: Sequence[EvaluationUnit], alignment: Alignment) -> list[Change]:
    """Units paired by loose title; a paired unit whose items (in the new numbering) differ is a range change."""
    to_new = {o: n for n, o in alignment.section_lines().items()}
    new_names = {n.section.line: ref(n) or "" for n in alignment.new}
    old_names = {n.section.line: ref(n) or "" for n in alignment.old}
    free = list(old)
    changes: list[Change] = []
    for unit in new:
        match = next((o for o in free if title_key(o.title) == title_key(unit.title)), None)
        if match is None:
            changes.append(_unit_change(ChangeKind.unit_added, unit, None, None, unit.text))
            continue
        free.remove(match)
        followed = [to_new.get(line) for line in match.section_lines]
        if None in followed or set(followed) != set(unit.section_lines):
            before = "、".join(new_names[n] if n is not None else old_names.get(o, "") + "（削除）"
                              for n, o in zip(followed, match.section_lines, strict=True))  # fmt: skip
            changes.append(_unit_change(ChangeKind.unit_range, unit, match, before, _covered(unit, new_names)))
    changes += [_unit_change(ChangeKind.unit_removed, None, o, o.text, None) for o in free]
    return changes


def _unit_change(kind: ChangeKind, new: EvaluationUnit | None, old: EvaluationUnit | None,
                 before: str | None, after: str | None) -> Change:  # fmt: skip
    unit = new or old
    assert unit is not None
    return Change(
        kind=kind,
        new_ref=new.title if new else None,
        old_ref=old.title if old else None,
        item=f"評価単位：{unit.title}",
        before=before,
        after=after,
        new_line=new.line if new else None,
        old_line=old.line if old else None,
    )
