"""Targets, marks, annexes, units, period, decision date and findings of two versions compared."""

from __future__ import annotations

from hyoka.model.comparison import ChangeKind, Comparison, RowKind
from hyoka.model.contract import (
    Annex,
    AnnexKind,
    AxisItem,
    Comparator,
    EvaluationAxesRow,
    EvaluationIndicator,
    EvaluationUnit,
    FlagKind,
    LineSpan,
    TableEntry,
    TargetScope,
)
from hyoka.parse import parse_source
from hyoka.review.diff import DiffSettings, Version, compare
from hyoka.review.diff.findings import new_findings
from hyoka.samples import sample_path
from hyoka.sources import read_source, text_source_from_string
from tests.review.test_diff_support import S, document, flag, period, sections, target

B = "人材の確保と育成のため、若手研究者の登用を進め、研究環境を整備すること。"
C = "情報セキュリティ対策を徹底し、職員への研修を毎年度実施すること。"


def _tree(first: str = "人材", second: str = "情報") -> list:  # type: ignore[type-arg]
    return sections(S("１．", "業務", "", [S("（１）", first, B), S("（２）", second, C)]))


def _compare(old, new) -> Comparison:  # type: ignore[no-untyped-def]
    return compare(Version(old, "old"), Version(new, "new"), DiffSettings(check=False))


def _kinds(result: Comparison) -> list[str]:
    return sorted(change.kind.value for change in result.changes)


def test_target_value_comparator_unit_and_scope_changes() -> None:
    old_tree, new_tree = _tree(), _tree()
    old = document(old_tree, targets=[target(old_tree[0].children[0], "研修受講者数", 1500, unit="人")])
    changed = target(new_tree[0].children[0], "研修受講者数", 1800, unit="名", scope=TargetScope.cumulative,
                     comparator=Comparator.gt, text="研修の内容を見直し、受講者数を期間中に累計で1,800名超とする。")  # fmt: skip
    result = _compare(old, document(new_tree, targets=[changed]))
    assert _kinds(result) == ["target_comparator", "target_scope", "target_unit", "target_value"]
    value = next(c for c in result.changes if c.kind is ChangeKind.target_value)
    assert (value.before, value.after) == ("1500人以上", "1800名超")
    assert value.item is not None
    assert "人材" in value.item


def test_targets_added_and_removed_and_paired_through_a_renumbering() -> None:
    old_tree = _tree()
    new_tree = sections(S("１．", "業務", "", [S("（１）", "新しい項目", "施設の更新を計画的に行うこと。"),
                                           S("（２）", "人材", B), S("（３）", "情報", C)]))  # fmt: skip
    old = document(old_tree, targets=[target(old_tree[0].children[0], "研修受講者数", 1500),
                                     target(old_tree[0].children[1], "研修実施回数", 12)])  # fmt: skip
    new = document(new_tree, targets=[target(new_tree[0].children[1], "研修受講者数", 1500),
                                     target(new_tree[0].children[0], "施設更新件数", 3)])  # fmt: skip
    kinds = [k for k in _kinds(_compare(old, new)) if k.startswith("target")]
    assert kinds == ["target_added", "target_removed"]


def test_marks_added_removed_switched_and_reasons_changed_per_item() -> None:
    old_tree, new_tree = _tree(), _tree()
    old = document(old_tree, flags=[flag(old_tree[0].children[0], FlagKind.importance),
                                   flag(old_tree[0].children[1], FlagKind.importance)])  # fmt: skip
    new = document(new_tree, flags=[flag(new_tree[0].children[0], FlagKind.difficulty),
                                   flag(new_tree[0].children[1], FlagKind.importance, "理由を改めたため。"),
                                   flag(new_tree[0], FlagKind.importance)])  # fmt: skip
    result = _compare(old, new)
    assert _kinds(result) == ["flag_added", "flag_reason", "flag_switched"]
    switched = next(c for c in result.changes if c.kind is ChangeKind.flag_switched)
    assert (switched.before, switched.after) == ("重要度：高", "困難度：高")
    removed = _compare(new, old)
    assert "flag_removed" in _kinds(removed)


def _annex(kind: AnnexKind, text: str, label: str = "別紙１", title: str = "政策体系図") -> Annex:
    return Annex(kind=kind, label=label, title=title, line=90, span=LineSpan(start_line=90, end_line=95), text=text)


def test_a_figure_scrambled_differently_is_no_change_and_a_changed_one_is_underlined_whole() -> None:
    figure = "内閣府\n経済産業省\n機構の使命"
    old = document(_tree()).model_copy(update={"annexes": [_annex(AnnexKind.policy_diagram, figure)]})
    scrambled = old.model_copy(update={"annexes": [_annex(AnnexKind.policy_diagram, "機構の使命\n内閣府\n経済産業省")]})
    same = _compare(old, scrambled)
    assert [row.kind for row in same.rows if row.annex] == [RowKind.same]
    assert same.changes == []
    changed = old.model_copy(update={"annexes": [_annex(AnnexKind.policy_diagram, figure + "\n文部科学省")]})
    result = _compare(old, changed)
    row = next(row for row in result.rows if row.annex)
    assert row.kind is RowKind.changed
    assert row.new is not None
    assert [(s.start, s.end) for s in row.new.spans] == [(0, len(row.new.text))]
    assert _kinds(result) == ["figure_changed"]


def test_unit_ranges_follow_a_renumbering() -> None:
    old_tree = _tree()
    new_tree = sections(S("１．", "業務", "", [S("（１）", "新しい項目", "施設の更新を計画的に行うこと。"),
                                           S("（２）", "人材", B), S("（３）", "情報", C)]))  # fmt: skip
    old_unit = EvaluationUnit(
        title="業務", section_lines=[c.line for c in old_tree[0].children], text="業務（１の（１）～（２））", line=80
    )
    followed = EvaluationUnit(
        title="業務",
        section_lines=[c.line for c in new_tree[0].children[1:]],
        text="業務（１の（２）～（３））",
        line=80,
    )
    stale = EvaluationUnit(
        title="業務",
        section_lines=[c.line for c in new_tree[0].children[:2]],
        text="業務（１の（１）～（２））",
        line=80,
    )
    old = document(old_tree).model_copy(update={"evaluation_units": [old_unit]})
    assert "unit_range" not in _kinds(
        _compare(old, document(new_tree).model_copy(update={"evaluation_units": [followed]}))
    )
    result = _compare(old, document(new_tree).model_copy(update={"evaluation_units": [stale]}))
    assert "unit_range" in _kinds(result)


def test_period_change() -> None:
    result = _compare(document(_tree(), period=period(2025, 5)), document(_tree(), period=period(2025, 7)))
    assert _kinds(result) == ["period"]


def _sample_text() -> str:
    return sample_path().read_text(encoding="utf-8")


def test_decision_date_change_read_from_the_title_block() -> None:
    text = _sample_text()
    old_source = text_source_from_string(text, "old.txt")
    new_source = text_source_from_string(text.replace("令和８年〇月〇日", "令和８年３月１日", 1), "new.txt")
    old, new = parse_source(old_source).documents[0], parse_source(new_source).documents[0]
    result = compare(
        Version(old, "o", old_source.lines), Version(new, "n", new_source.lines), DiffSettings(check=False)
    )
    change = next(c for c in result.changes if c.kind is ChangeKind.decision_date)
    assert (change.before, change.after) == ("令和８年〇月〇日", "令和８年３月１日")


def test_new_findings_are_those_whose_fingerprint_is_new() -> None:
    source = read_source(sample_path())
    old = parse_source(source).documents[0]
    lines = [line.text for line in source.lines]
    start = next(i for i, line in enumerate(lines) if line.startswith("第５"))
    end = next(i for i, line in enumerate(lines) if line.startswith("第６"))
    following = [lines[end].replace("第６", "第５", 1), *lines[end + 1 :]]  # the next chapter renumbered
    revised = text_source_from_string("\n".join(lines[:start] + following) + "\n", "new.txt")
    new = parse_source(revised).documents[0]
    found = new_findings(new, old, new_lines=revised.lines, old_lines=source.lines)
    assert [f.rule_id for f in found] == ["R-STRUCT-03"]
    assert "財務内容の改善" in found[0].message
    assert new_findings(old, old, new_lines=source.lines, old_lines=source.lines) == []


def _axes_row(section_line: int, title: str, axes: list[str], indicators: list[str]) -> EvaluationAxesRow:
    entry = lambda text: TableEntry(text=text, line=section_line, lines=(section_line, section_line))  # noqa: E731
    return EvaluationAxesRow(
        item=AxisItem(label="（１）", title=title), line=section_line, lines=(section_line, section_line),
        section_line=section_line, axes=[entry(a) for a in axes],
        evaluation_indicators=[EvaluationIndicator(text=i, line=section_line, lines=(section_line, section_line)) for i in indicators],
    )  # fmt: skip


def test_axes_rows_compared_by_the_item_they_evaluate_through_a_renumbering() -> None:
    old_tree = _tree()
    new_tree = sections(S("１．", "業務", "", [S("（１）", "新しい項目", "施設の更新を計画的に行うこと。"),
                                           S("（２）", "人材", B), S("（３）", "情報", C)]))  # fmt: skip
    old_row = _axes_row(
        old_tree[0].children[0].line, "人材", ["○人材を確保できているか。"], ["・採用者数", "・研修受講者数"]
    )
    new_row = _axes_row(new_tree[0].children[1].line, "人材", ["○人材を確保できているか。", "○人材を育成できているか。"],
                        ["・採用者数"])  # fmt: skip
    extra = _axes_row(new_tree[0].children[0].line, "新しい項目", ["○施設を更新できているか。"], [])
    old = document(old_tree).model_copy(update={"evaluation_axes": [old_row]})
    new = document(new_tree).model_copy(update={"evaluation_axes": [new_row, extra]})
    changes = [c for c in _compare(old, new).changes if c.item and c.item.startswith("評価軸")]
    assert sorted((c.kind.value, c.before, c.after) for c in changes) == [
        ("axes_row_added", None, "（１） 新しい項目"),
        ("axis_added", None, "○人材を育成できているか。"),
        ("indicator_removed", "・研修受講者数", None),
    ]


def test_an_annex_whose_title_changed_has_its_title_underlined() -> None:
    old = document(_tree()).model_copy(update={"annexes": [_annex(AnnexKind.glossary, "用語の説明", title="用語集")]})
    new = old.model_copy(
        update={"annexes": [_annex(AnnexKind.glossary, "用語の説明", label="別紙２", title="用語の解説集")]}
    )
    row = next(row for row in _compare(old, new).rows if row.annex)
    assert row.kind is RowKind.changed
    assert row.new is not None
    assert row.old is not None
    assert row.new.label_changed
    assert [row.new.title[s.start : s.end] for s in row.new.title_spans] == ["の解説"]
    assert [row.old.title[s.start : s.end] for s in row.old.title_spans] == []
    assert _kinds(_compare(old, new)) == ["annex_renumbered", "annex_title"]
