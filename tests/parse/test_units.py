"""Evaluation units stated in the body or listed in an annex."""

from __future__ import annotations

from hyoka.model import Document
from hyoka.parse import parse_text

DOC = """\
独立行政法人架空振興機構が達成すべき業務運営に関する目標
第１ 政策体系における法人の位置付け及び役割
役割を述べる。
第２ 業務の質の向上に関する事項
{statement}
１ 相談事業
相談を行う。
２ 研究事業
研究を行う。
３ 普及事業
普及を行う。
第３ 業務運営の効率化に関する事項
効率化する。
{annex}"""


def parse(statement: str = "", annex: str = "") -> Document:
    return parse_text(DOC.format(statement=statement, annex=annex)).documents[0]


def test_each_section_of_a_range_is_a_unit() -> None:
    doc = parse(statement="第２の１～３をそれぞれ一定の事業等のまとまりとして評価する。")
    assert [(u.title, u.section_lines) for u in doc.evaluation_units] == [
        ("相談事業", [6]),
        ("研究事業", [8]),
        ("普及事業", [10]),
    ]
    assert all(u.line == 5 for u in doc.evaluation_units)


def test_a_range_inside_the_section_it_stands_in() -> None:
    doc = parse(statement="１．～２．を一定の事業等のまとまりと捉えて「評価単位」とする。")
    assert [u.title for u in doc.evaluation_units] == ["相談事業", "研究事業"]


def test_units_listed_in_an_annex() -> None:
    doc = parse(annex="一定の事業等のまとまり\n１ 振興事業（第２の１～３）\n")
    assert [(u.title, u.section_lines) for u in doc.evaluation_units] == [("振興事業", [6, 8, 10])]


def test_no_units_is_a_warning() -> None:
    doc = parse()
    assert doc.evaluation_units == []
    assert any("evaluation units" in w.message for w in doc.warnings)
