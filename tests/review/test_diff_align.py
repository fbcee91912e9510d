"""Alignment of two versions' items: by title in one parent, by content, across parents, split, merged."""

from __future__ import annotations

from hyoka.model.comparison import RowKind
from hyoka.review.diff import DiffSettings, Version, compare
from hyoka.review.diff.align import AlignSettings, align
from tests.review.test_diff_support import S, document, sections

A = "研究開発成果の社会実装を進めるため、企業との共同研究を拡大し、成果の橋渡しを行うこと。"
B = "人材の確保と育成のため、若手研究者の登用を進め、研究環境を整備すること。"
C = "情報セキュリティ対策を徹底し、職員への研修を毎年度実施すること。"
D = "施設及び設備の老朽化に対応するため、計画的な更新を行うこと。"


def _kinds(old: list[S], new: list[S]) -> dict[str, str]:
    """Title (new side, else old) -> row kind of a comparison of the two trees."""
    result = compare(
        Version(document(sections(*old)), "old"), Version(document(sections(*new)), "new"), DiffSettings(check=False)
    )
    return {(row.new or row.old).title: row.kind.value for row in result.rows}  # type: ignore[union-attr]


def test_same_tree_is_all_same() -> None:
    tree = [S("１．", "研究開発", A, [S("（１）", "人材", B), S("（２）", "情報", C)])]
    assert set(_kinds(tree, tree).values()) == {"same"}


def test_renumbered_items_keep_their_title_and_only_the_label_changes() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材", B), S("（２）", "情報", C)])]
    new = [S("１．", "業務", "", [S("（１）", "施設", D), S("（２）", "人材", B), S("（３）", "情報", C)])]
    assert _kinds(old, new) == {"業務": "same", "施設": "added", "人材": "renumbered", "情報": "renumbered"}


def test_an_item_under_another_parent_is_moved() -> None:
    old = [
        S("１．", "研究", "", [S("（１）", "人材", B), S("（２）", "情報", C)]),
        S("２．", "管理", "", [S("（１）", "施設", D)]),
    ]
    new = [
        S("１．", "研究", "", [S("（１）", "人材", B)]),
        S("２．", "管理", "", [S("（１）", "施設", D), S("（２）", "情報", C)]),
    ]
    kinds = _kinds(old, new)
    assert kinds["情報"] == "moved"
    assert kinds["人材"] == kinds["施設"] == "same"


def test_a_retitled_item_pairs_by_its_text() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材の確保", B), S("（２）", "情報", C)])]
    new = [S("１．", "業務", "", [S("（１）", "人材の確保及び育成", B), S("（２）", "情報", C)])]
    assert _kinds(old, new) == {"業務": "same", "人材の確保及び育成": "changed", "情報": "same"}


def test_loose_titles_match_despite_wording_variants() -> None:
    old = [S("Ⅰ．", "政策体系における法人の位置づけ及び役割", A)]
    new = [S("第１", "政策体系における法人の位置付け・果たすべき役割", A)]
    # paired (not added and removed), the wording of the title underlined as the change it is
    assert _kinds(old, new) == {"政策体系における法人の位置付け・果たすべき役割": "changed"}


def test_one_item_split_in_two() -> None:
    old = [S("１．", "業務", "", [S("（１）", "研究と人材", A + B), S("（２）", "情報", C)])]
    new = [S("１．", "業務", "", [S("（１）", "研究と人材", A), S("（２）", "人材育成", B), S("（３）", "情報", C)])]
    alignment = align(sections(*new), sections(*old))
    assert len(alignment.splits) == 1
    kinds = _kinds(old, new)
    assert kinds["研究と人材"] == kinds["人材育成"] == "split"
    assert kinds["情報"] == "renumbered"


def test_split_rows_share_a_group_and_underline_nothing_that_moved_between_pieces() -> None:
    old = [S("１．", "業務", "", [S("（１）", "研究と人材", A + B)])]
    new = [S("１．", "業務", "", [S("（１）", "研究と人材", A), S("（２）", "人材育成", B)])]
    result = compare(
        Version(document(sections(*old)), "o"), Version(document(sections(*new)), "n"), DiffSettings(check=False)
    )
    split = [row for row in result.rows if row.kind is RowKind.split_item]
    assert len(split) == 2
    assert split[0].group == split[1].group is not None
    assert all(not row.new.spans for row in split if row.new)  # the text is the same, only divided
    assert split[1].old is None


def test_two_items_merged_into_one() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材確保", B), S("（２）", "研修", C)])]
    new = [S("１．", "業務", "", [S("（１）", "人材確保", B + C)])]
    kinds = _kinds(old, new)
    assert kinds == {"業務": "same", "人材確保": "merged", "研修": "merged"}


def test_dissimilar_items_are_added_and_removed_not_paired() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材", B)])]
    new = [S("１．", "業務", "", [S("（１）", "施設", D)])]
    assert _kinds(old, new) == {"業務": "same", "施設": "added", "人材": "removed"}


def test_thresholds_are_settings() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材", B)])]
    new = [S("１．", "業務", "", [S("（１）", "人材の登用", B.replace("若手研究者", "多様な人材"))])]
    assert align(sections(*new), sections(*old)).pairs.get(1) == 1
    strict = AlignSettings(text_min=0.99, moved_min=0.99, split_min=0.99)
    assert 1 not in align(sections(*new), sections(*old), strict).pairs


def test_a_removed_item_is_placed_where_it_stood() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材", B), S("（２）", "情報", C), S("（３）", "施設", D)])]
    new = [S("１．", "業務", "", [S("（１）", "人材", B), S("（２）", "施設", D)])]
    result = compare(
        Version(document(sections(*old)), "o"), Version(document(sections(*new)), "n"), DiffSettings(check=False)
    )
    order = [((row.new or row.old).title, row.kind.value) for row in result.rows]  # type: ignore[union-attr]
    assert order == [("業務", "same"), ("人材", "same"), ("情報", "removed"), ("施設", "renumbered")]


def test_where_a_wrap_ended_the_title_is_no_change() -> None:
    old = [S("１．", "業務", "", [S("（１）", "人材の確保", "及び育成。" + B)])]
    new = [S("１．", "業務", "", [S("（１）", "人材の確保及び育成。", B)])]
    assert _kinds(old, new) == {"業務": "same", "人材の確保及び育成。": "same"}
