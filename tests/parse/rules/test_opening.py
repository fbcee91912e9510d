"""Finding where each document of a bundle opens: titles in their shapes, preambles, cover lines."""

from __future__ import annotations

import pytest

from hyoka.parse import parse_text
from tests.parse.support import run


def openings(text: str) -> list[tuple[int, str]]:
    state = run(text)
    return [(state.blocks[d.block].logical.line, d.kind) for d in state.documents if d.kind != "fragment"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "国立研究開発法人架空研究所が達成すべき業務運営\n\nに関する目標 \n\n（中長期目標）\n",
            [(1, "title")],
        ),
        ("図の説明 \n 独立行政法人架空機構が \n\n達成すべき業務運営に関する目標 \n", [(2, "title")]),
        ("架空資金運用独立行政法人中期目標案 \n", [(1, "title")]),
        ("国立研究開発法人架空総合研究所 \n\n\n第３期中長期目標 \n", [(1, "title")]),
        ("国立研究開発法人架空総合研究所 \n\n\n第三期中長期目標 \n", [(1, "title")]),
        ("独立行政法人架空振興機構第五期中期目標 \n", [(1, "title")]),
        ("独立行政法人架空振興機構の第５期中期目標（案）の概要 \n", [(1, "title")]),
        ("【参考資料４】\n独立行政法人架空振興機構第五期中期目標 \n", [(2, "title")]),
        (
            " 独立行政法人通則法（平成 11 年法律第 103 号）第 35 条の４の規定により、国立研究開\n\n"
            "発法人架空医療機構が達成すべき業務運営に関する目標（以下「中長期目標」と\n\nいう。）を定める。 \n",
            [(1, "preamble")],
        ),
    ],
)
def test_openings(text: str, expected: list[tuple[int, str]]) -> None:
    assert openings(text) == expected


def test_a_preamble_after_a_title_is_the_same_document() -> None:
    text = (
        "独立行政法人架空機構が達成すべき業務運営に関する目標 \n\n（中期目標） \n\n令和８年〇月〇日 \n\n経済産業省 \n\n"
        "独立行政法人通則法第 29 条第１項の規定に基づき、独立行政法人架空機構が達成すべき業務運営に関する目標"
        "（以下「中期目標」という。）を次のとおり定める。 \n"
    )
    assert openings(text) == [(1, "title")]


@pytest.mark.parametrize(
    "text",
    [
        "（中長期目標） \n",  # a figure's box label, not a title
        "本中期目標は達成すべき業務運営に関する目標を定めたものである。 \n",
        "第１期中長期目標の成果を踏まえ \n",
        "架空研究所が達成すべき業務運営に関する目標（以下「中長期目標」と\n",  # a preamble's wrapped middle
    ],
)
def test_not_openings(text: str) -> None:
    assert openings(text) == []


def test_documents_run_to_the_next_opening_and_skip_trailing_blanks() -> None:
    text = (
        "独立行政法人甲機構が達成すべき業務運営に関する目標\n第１ 総則\n本文\n\n\n"
        "独立行政法人乙機構中期目標\n第１ 総則\n本文\n\n"
    )
    spans = [(d.span.start_line, d.span.end_line) for d in parse_text(text).documents]
    assert spans == [(1, 3), (6, 8)]


def test_a_title_with_a_kanji_edition_after_an_annex_opens_the_next_document() -> None:
    """「…第五期中期目標」 printed right after the previous document's annex is found."""
    first = (
        "独立行政法人甲振興機構が達成すべき業務運営に関する目標\n（中期目標）\n"
        "第１ 政策体系における法人の位置付け及び役割\n本文である。\n第２ 中期目標の期間\n"
        "中期目標の期間は、令和８年４月から令和13年３月までの５年間とする。\n"
        "別紙 独立行政法人甲振興機構に係る政策体系図\n国の政策\n機構の役割\n"
    )
    second = "独立行政法人乙振興機構第五期中期目標\n第１ 総則\n本文である。\n"
    result = parse_text(first + second)
    assert [d.agency.name for d in result.documents] == ["甲振興機構", "乙振興機構"]
    assert result.documents[1].sections[0].title == "総則"


def test_a_cover_line_is_not_part_of_the_agency_name() -> None:
    text = "【参考資料４】\n独立行政法人架空振興機構第五期中期目標（案）の概要\n第１ 総則\n本文である。\n"
    document = parse_text(text).documents[0]
    assert document.agency.full_name == "独立行政法人架空振興機構"
    assert document.draft
