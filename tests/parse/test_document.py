"""Whole documents: the bundled sample and hand-made bundles in other layouts."""

from __future__ import annotations

from datetime import date

import pytest

from hyoka.model import AnnexKind, Document, DocumentKind, Section
from hyoka.parse import parse_source, parse_text
from hyoka.parse.bundle import NoDocumentError
from hyoka.samples import sample_path
from hyoka.sources import read_source


def labels(sections: list[Section]) -> list[str]:
    return [s.label for s in sections]


@pytest.fixture(scope="module")
def sample() -> Document:
    result = parse_source(read_source(sample_path()))
    assert len(result.documents) == 1
    return result.documents[0]


def test_sample_metadata(sample: Document) -> None:
    assert sample.agency.legal_type == "独立行政法人"
    assert sample.agency.name
    assert sample.agency.name.endswith("機構")
    assert sample.kind == DocumentKind.mid_term
    assert sample.draft is True
    assert sample.ministries == ["経済産業省"]
    assert sample.period is not None
    assert (sample.period.start, sample.period.end, sample.period.years) == (
        date(2026, 4, 1),
        date(2031, 3, 31),
        5,
    )
    assert sample.legal_basis
    assert sample.legal_basis.startswith("独立行政法人通則法")


def test_sample_tree(sample: Document) -> None:
    assert labels(sample.sections) == ["第１", "第２", "第３", "第４", "第５", "第６"]
    third = sample.sections[2]
    assert third.level == 1
    assert labels(third.children) == ["１．", "２．", "３．"]
    assert all(child.level == 2 for child in third.children)
    assert labels(third.children[0].children)[:2] == ["（１）", "（２）"]
    assert sample.sections[1].text.startswith("中期目標の期間は")


def test_sample_annexes(sample: Document) -> None:
    kinds = [a.kind for a in sample.annexes]
    assert kinds == [AnnexKind.policy_diagram, AnnexKind.evaluation_axes, AnnexKind.mission_relation]
    assert sample.body is not None
    assert all(a.line > sample.body.end_line for a in sample.annexes)


BUNDLE = """\
独立行政法人甲研究機構が達成すべき業務運営に関する目標
（中期目標）
令和９年 月 日
農林水産省
独立行政法人通則法第29条第１項の規定に基づき、独立行政法人甲研究機構が達成すべき業務運営に関する目標（以下「中期目標」という。）を次のとおり定める。
第１ 政策体系における法人の位置付け及び役割
機構は、農業技術の研究を行う。
第２ 中期目標の期間
中期目標の期間は、令和９年度から令和13年度までの５年間とする。
第３ 業務の質の向上に関する事項
１ 研究開発の推進
研究開発を推進する。
２ 成果の普及
成果を普及する。
国立研究開発法人乙技術センター
第２期中長期目標
Ⅰ．位置付け及び役割
センターは技術開発を行う。
Ⅱ．中長期目標の期間
中長期目標の期間は、令和８年４月から令和15年３月までの７年間とする。
Ⅲ．研究開発の成果の最大化
（１）基盤技術
基盤技術を開発する。
（２）応用技術
応用技術を開発する。
"""


def test_hand_typed_bundle_of_two_layouts() -> None:
    result = parse_text(BUNDLE)
    first, second = result.documents
    assert (first.agency.name, first.kind, first.draft) == ("甲研究機構", DocumentKind.mid_term, True)
    assert first.period is not None
    assert first.period.end == date(2032, 3, 31)
    assert labels(first.sections) == ["第１", "第２", "第３"]
    assert labels(first.sections[2].children) == ["１", "２"]
    assert (second.agency.name, second.kind, second.draft) == (
        "乙技術センター",
        DocumentKind.mid_long_term,
        False,
    )
    assert second.span.start_line == 15
    assert first.span.end_line == 14
    assert labels(second.sections) == ["Ⅰ．", "Ⅱ．", "Ⅲ．"]
    assert labels(second.sections[2].children) == ["（１）", "（２）"]
    assert second.period is not None
    assert second.period.years == 7


def test_headings_only_text_is_one_document_with_a_warning() -> None:
    result = parse_text("第１ 総則\n本文\n第２ 期間\n本文\n")
    assert len(result.documents) == 1
    assert result.warnings
    assert "fragment" in result.warnings[0].message
    assert any("period" in w.message for w in result.documents[0].warnings)


def test_no_document_at_all() -> None:
    with pytest.raises(NoDocumentError):
        parse_text("りんご\nみかん\nぶどう\n")


PAGE = """\
 12
（２）住宅の省エネルギー性能の向上
【重要度：高】
住宅分野の脱炭素化は政府全体の目標の達成に不可欠であるため。
【困難度：高】
市場の動向に左右され、機構の取組のみでは達成が容易でないため。
イ 省エネルギー基準を満たす住宅に係るものの割合を中期目標期間の最終年度までに65％以上とする。
（３）情報提供の充実
利用者への情報提供を充実する。
"""


def test_a_page_without_title_or_preamble_is_read_as_a_fragment() -> None:
    result = parse_text(PAGE)
    assert [w.message for w in result.warnings if "fragment" in w.message]
    (doc,) = result.documents
    assert [s.label for s in doc.sections] == ["（２）", "（３）"]
    assert [(t.value, t.unit, t.indicator) for t in doc.targets] == [
        (65.0, "%", "省エネルギー基準を満たす住宅に係るものの割合")
    ]
    assert [(f.kind.value, f.applies_to) for f in doc.flags] == [("importance", 2), ("difficulty", 2)]
    assert all(f.reason and f.reason.endswith("ため。") for f in doc.flags)


def test_text_with_nothing_of_an_objective_is_refused() -> None:
    with pytest.raises(NoDocumentError):
        parse_text("会議の議事録である。\n出席者は五名であった。\n")


def test_a_table_of_contents_is_not_read_as_headings() -> None:
    text = (
        "独立行政法人架空振興機構が達成すべき業務運営に関する目標\n目次\n"
        "第１ 政策体系における法人の位置付け及び役割 ……………… 1\n"
        "第２ 中期目標の期間 ……………………………………… 3\n"
        "第３ 業務の質の向上に関する事項 ・・・・・・・・ 4\n"
        "第１ 政策体系における法人の位置付け及び役割\n機構は業務を行う。\n"
        "第２ 中期目標の期間\n中期目標の期間は、令和８年４月から令和13年３月までの５年間とする。\n"
        "第３ 業務の質の向上に関する事項\n機構は業務を行う。\n"
    )
    doc = parse_text(text).documents[0]
    assert [(s.label, s.title, s.line) for s in doc.sections] == [
        ("第１", "政策体系における法人の位置付け及び役割", 6),
        ("第２", "中期目標の期間", 8),
        ("第３", "業務の質の向上に関する事項", 10),
    ]
    assert doc.period is not None
