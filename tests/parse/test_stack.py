"""Depth from nesting order, numbering continuity, and lists that are not headings."""

from __future__ import annotations

from hyoka.parse.stack import Node, finish
from tests.parse.support import run


def outline(text: str) -> list[str]:
    state = run(text)
    lines = [block.logical for block in state.blocks]
    roots = finish(state.document.stack.roots, len(lines))

    def walk(nodes: list[Node], depth: int) -> list[str]:
        out = []
        for node in nodes:
            out.append("  " * depth + lines[node.index].text.split()[0][:6])
            out.extend(walk(node.children, depth + 1))
        return out

    return walk(roots, 0)


def test_depth_follows_nesting_order_per_branch() -> None:
    headings = [
        "Ⅰ．位置付け",
        "１．使命",
        "２．環境",
        "Ⅱ．研究開発",
        "１．宇宙",
        "１．１．安全保障",
        "（１）衛星",
        "１．２．観測",
        "Ⅲ．効率化",
        "（１）組織",
        "（２）人件費",
    ]
    text = "\n".join(f"{heading}\n本文がある。" for heading in headings)
    assert outline(text) == [
        "Ⅰ．位置付け",
        "  １．使命",
        "  ２．環境",
        "Ⅱ．研究開発",
        "  １．宇宙",
        "    １．１．安全",
        "      （１）衛星",
        "    １．２．観測",
        "Ⅲ．効率化",
        "  （１）組織",
        "  （２）人件費",
    ]


def test_out_of_sequence_numbers_are_not_headings() -> None:
    text = "１．総則\n本文\n２．期間\n本文\n３．業務\n本文\n図\n１．戦略\n２．国際\n"
    assert outline(text) == ["１．総則", "２．期間", "３．業務"]


def test_dotted_numbers_must_extend_their_parent() -> None:
    text = "１．総則\n本文\n２．期間\n本文\n３．業務\n３．１ 戦略\n本文\n２．１ 誤り\n３．２ 国際\n本文\n"
    assert outline(text) == ["１．総則", "２．期間", "３．業務", "  ３．１", "  ３．２"]


def test_numbering_runs_on_across_group_headings() -> None:
    text = "１．成果\n【１．１ 創出】\n（１）融合\n本文\n（２）戦略\n本文\n【１．２ 実装】\n（３）連携\n本文\n"
    assert outline(text) == [
        "１．成果",
        "  【１．１",
        "    （１）融合",
        "    （２）戦略",
        "  【１．２",
        "    （３）連携",
    ]


def test_iroha_and_aiueo_are_told_apart_by_order() -> None:
    text = "第１ 総則\n（１）目標\nイ 相談件数\n本文\nロ 論文数\n本文\n（２）次\nア 甲\n本文\nイ 乙\n本文\n"
    assert outline(text) == ["第１", "  （１）目標", "    イ", "    ロ", "  （２）次", "    ア", "    イ"]


def test_a_bare_run_of_items_is_a_list() -> None:
    text = "１．方針\n取組は次のとおり。\n（１）成果の創出\n（２）基盤の強化\n（３）人材の育成\n以上を推進する。\n２．期間\n"
    assert outline(text) == ["１．方針", "２．期間"]


def test_list_markers_do_not_open_a_body() -> None:
    text = "独立行政法人架空機構が達成すべき業務運営に関する目標\n① 前文の項目\n第１ 総則\n本文\n"
    assert outline(text) == ["第１"]


def test_in_a_fragment_a_chapter_after_list_headings_is_a_root() -> None:
    text = "① 前文の項目\n本文\n第１ 総則\n本文\n（１）目的\n本文\n"
    assert outline(text) == ["①", "第１", "  （１）目的"]


def test_kanji_ordinals_number_like_digits() -> None:
    text = "第一 総則\n本文\n第二 期間\n一．使命\n本文\n二．環境\n（一）組織\n本文\n（二）人員\n本文\n第三 業務\n本文\n"
    assert outline(text) == ["第一", "第二", "  一．使命", "  二．環境", "    （一）組織", "    （二）人員", "第三"]


def test_a_fragment_opens_with_whatever_heading_it_starts_with() -> None:
    text = "（３）研究開発の推進\n本文である。\n（４）成果の普及\n本文である。\n"
    assert outline(text) == ["（３）研究開", "（４）成果の"]


def test_roman_and_alphabet_readings_of_i() -> None:
    text = "１．総則\n（ⅰ）第一の事項\n本文\n（ⅱ）第二の事項\n本文\n２．期間\n（ａ）甲\n本文\n（ｂ）乙\n本文\n"
    assert outline(text) == ["１．総則", "  （ⅰ）第一の", "  （ⅱ）第二の", "２．期間", "  （ａ）甲", "  （ｂ）乙"]
