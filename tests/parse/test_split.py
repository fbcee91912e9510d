"""Finding where each document of a bundle opens."""

from __future__ import annotations

import pytest

from hyoka.parse.logical import build_logical_lines
from hyoka.parse.split import document_ranges, find_openings
from hyoka.sources import text_source_from_string


def openings(text: str) -> list[tuple[int, str]]:
    lines = text_source_from_string(text).lines
    return [(o.line, o.kind) for o in find_openings(lines, build_logical_lines(lines))]


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


def test_ranges_run_to_the_next_opening_and_skip_trailing_blanks() -> None:
    text = (
        "独立行政法人甲機構が達成すべき業務運営に関する目標\n本文\n\n\n独立行政法人乙機構中期目標\n本文\n\n"
    )
    lines = text_source_from_string(text).lines
    found = find_openings(lines, build_logical_lines(lines))
    assert document_ranges(lines, found) == [(1, 2), (5, 6)]
