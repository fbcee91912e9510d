"""The character diff: layout is no change, changes merge into phrases, spans point at the original."""

from __future__ import annotations

from hyoka.review.diff.text import diff_parts, diff_texts, fold

SENTENCE = "中期目標期間中、一般管理費について毎年度平均で前年度比１．１８％以上の効率化を図ること。"


def _runs(text: str, runs: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in runs]


def test_a_reflowed_and_respaced_text_is_no_change() -> None:
    reflowed = "中期目標期間中、一般管理費について毎年度平\n均で前年度比 1.18% 以上の効率化を図る\nこと。"
    found = diff_texts(SENTENCE, reflowed)
    assert found.equal
    assert found.ratio == 1.0


def test_circles_widths_and_kangxi_look_alikes_are_no_change() -> None:
    assert diff_texts("〇 評価指標：論文数", "○ 評価指標:論文数").equal
    assert diff_texts("⽬標の達成", "目標の達成").equal  # ⽬ is the Kangxi radical that PDF fonts emit


def test_page_number_lines_are_dropped() -> None:
    assert diff_texts("前段の文章。\n後段の文章。", "前段の文章。\n- 12 -\n後段の文章。").equal
    assert diff_texts("前段の文章。\n後段の文章。", "前段の文章。\n１２\n後段の文章。").equal


def test_running_headers_given_as_noise_are_dropped() -> None:
    noise = frozenset({fold("見本機構中期目標").text})
    assert diff_texts("前段。\n後段。", "前段。\n見本機構中期目標\n後段。", noise=noise).equal
    assert not diff_texts("前段。\n後段。", "前段。\n見本機構中期目標\n後段。").equal


def test_a_changed_value_is_underlined_on_both_sides_in_original_characters() -> None:
    new = SENTENCE.replace("１．１８", "１．２０")
    found = diff_texts(SENTENCE, new)
    assert _runs(SENTENCE, found.old) == ["１８"]
    assert _runs(new, found.new) == ["２０"]


def test_changes_split_by_one_or_two_equal_characters_merge_into_one_phrase() -> None:
    old = "業務の効率化を図ること。"
    new = "業務の合理化を進めること。"
    found = diff_texts(old, new)
    assert _runs(new, found.new) == ["合理化を進め"]
    assert _runs(old, found.old) == ["効率化を図"]
    assert len(diff_texts(old, new, gap=0).new) == 2
    farther = diff_texts("研究成果の普及を図ること。", "研究開発の成果の社会実装を図ること。")
    assert len(farther.new) == 2  # three equal characters (成果の) keep two changes apart


def test_an_insertion_is_slid_to_read_as_a_phrase() -> None:
    old = "最低限のリスクで確保すること。"
    new = "最低限のリスクで確実に確保すること。"
    found = diff_texts(old, new)
    assert _runs(new, found.new) == ["確実に"]
    assert found.old == ()


def test_a_deletion_is_underlined_only_on_the_old_side() -> None:
    old = "関係機関と密接に連携すること。"
    new = "関係機関と連携すること。"
    found = diff_texts(old, new)
    assert _runs(old, found.old) == ["密接に"]
    assert found.new == ()


def test_spans_map_back_across_spaces_and_line_breaks() -> None:
    old = "目標値は\n 1 . 1 8 ％とする。"
    new = "目標値は\n 1 . 2 0 ％とする。"
    found = diff_texts(old, new)
    assert "".join(_runs(new, found.new)).replace(" ", "") == "20"
    assert all(new[start] != " " for start, _ in found.new)


def test_parts_report_each_change_in_the_part_it_falls_in() -> None:
    whole = fold("前半の文章である。後半の文章である。")
    first, second = fold("前半の文章である。"), fold("後半の新しい文章である。")
    found = diff_parts([whole], [first, second])
    assert found.new[0] == ()
    assert _runs("後半の新しい文章である。", found.new[1]) == ["新しい"]
