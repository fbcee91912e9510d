"""Importance and difficulty marks, their reasons and what they qualify."""

from __future__ import annotations

import pytest

from hyoka.model import Flag
from hyoka.parse import parse_text

HEAD = """\
独立行政法人架空振興機構が達成すべき業務運営に関する目標
第１ 政策体系における法人の位置付け及び役割
機構の役割を述べる。
第２ 業務の質の向上に関する事項
"""


def flags(body: str) -> list[Flag]:
    return parse_text(HEAD + body).documents[0].flags


@pytest.mark.parametrize(
    "mark",
    ["【重要度：高】", "【重要度 高】", "＜重要度：高＞", "（重要度：高）", "重要度「高」", "【重要度:高】"],
)
def test_importance_shapes(mark: str) -> None:
    found = flags(f"１．相談\n相談に対応する。\n{mark}\n中核業務であるため。\n")
    assert [(f.kind.value, f.level, f.line) for f in found] == [("importance", "高", 7)]
    assert found[0].reason == "中核業務であるため。"
    assert found[0].applies_to == 5


def test_both_marks_in_one_bracket_with_reason_on_the_line() -> None:
    found = flags("１．研究\n【重要度：高、困難度：高】 世界初の技術であり、実現が難しいため。\n研究を行う。\n")
    assert [(f.kind.value, f.line) for f in found] == [("importance", 6), ("difficulty", 6)]
    assert all(f.reason == "世界初の技術であり、実現が難しいため。" for f in found)


def test_mark_right_after_the_heading_qualifies_it() -> None:
    found = flags("１．研究\n【困難度：高】\n技術的に困難であるため。\n研究を行う。\n")
    assert found[0].applies_to == 5


def test_mark_on_a_target_line_qualifies_the_target() -> None:
    found = flags("１．研究\n論文数を毎年度 100 件以上とする。【困難度：高】\n")
    assert found[0].applies_to == 6


def test_prose_about_importance_is_not_a_mark() -> None:
    assert flags("１．相談\n上記の事項は、重要度が高いものとする。\n【目標設定の考え方】\n説明。\n") == []
