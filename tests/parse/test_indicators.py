"""Indicators named in the body without a number."""

from __future__ import annotations

from hyoka.parse import parse_text

DOC = """\
国立研究開発法人架空医療機構が達成すべき業務運営に関する目標
Ⅰ．政策体系における法人の位置付け及び役割
役割を述べる。
Ⅱ．研究開発の成果の最大化に関する事項
（１）実用化の推進
【アウトカム指標】
成果の社会実装を、以下の定量情報で観測する。
・ 薬事承認件数
・ 製品上市数
＜アウトプット指標＞
○ 企業導出件数
120件／年
※ 導出には共同研究を含む。
"""


def test_outcome_and_output_indicators_without_numbers() -> None:
    doc = parse_text(DOC).documents[0]
    assert [(i.kind.value, i.text, i.section_line) for i in doc.indicators] == [
        ("outcome", "薬事承認件数", 5),
        ("outcome", "製品上市数", 5),
    ]
    assert [(t.indicator, t.value, t.scope.value) for t in doc.targets] == [("企業導出件数", 120.0, "per_year")]
