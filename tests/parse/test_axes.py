"""Evaluation-axes tables flattened column by column, in the layouts ministries use."""

from __future__ import annotations

from hyoka.model import EvaluationAxesRow
from hyoka.parse.axes import parse_axes_table
from hyoka.sources import text_source_from_string


def rows(text: str) -> list[EvaluationAxesRow]:
    return parse_axes_table(text_source_from_string(text).lines)


def counts(found: list[EvaluationAxesRow]) -> list[tuple[str | None, int, int, int]]:
    return [(r.item.label, len(r.axes), len(r.evaluation_indicators), len(r.monitoring_indicators)) for r in found]


MERGED = """\
（別添２） 
架空機構の評価に関する評価軸等 
項目 評価軸 備考（関連する評価指標、モニタリング指標等） 
２.１相談体制の強化 窓口の整備 〇相談者の需要に応じた体制を整備し、迅速に対応でき
たか。 
〇関係機関との連携を図ることができているか。 
（評価指標） 
・相談体制の整備状況 
・関係機関との連携状況、これによる
相談対応の改善状況 
等 
（モニタリング指標） 
・相談件数 
・相談者の満足度 
等 
地域拠点の整備 
 12 
項目 評価軸 備考（関連する評価指標、モニタリング指標等） 
２.２人材の育成 〇研修を通じて人材を育成できたか。 
（評価指標） 
・研修の実施状況 
（モニタリング指標） 
・研修受講者数 
"""


def test_rows_with_merged_cells_page_headers_and_sub_items() -> None:
    found = rows(MERGED)
    assert counts(found) == [("２.１", 2, 2, 2), ("２.２", 1, 1, 1)]
    first = found[0]
    assert first.item.title == "相談体制の強化"
    assert first.axes[0].text == "相談者の需要に応じた体制を整備し、迅速に対応できたか。"
    assert first.axes[0].lines == (4, 5)
    assert first.evaluation_indicators[1].text == "関係機関との連携状況、これによる相談対応の改善状況"
    assert first.sub_items == ["窓口の整備", "地域拠点の整備"]


NESTED = """\
別添２：評価軸及び関連指標 

中長期目標の項目 評価軸 備考（関連する評価指標、モニタリング指標） 

１．１．宇宙

輸送の推進 

〇基幹ロケットの打上げを着

実に行えているか。 

【評価指標】 

〇打上げ計画の達成状況 

（関連するモニタリング指標） 

・打上げ成功率 

・打上げ計画の達成 

状況 

 等 

〇輸送技術の研究開発成果 

１．２．航空 

〇航空技術の研究開発成果が創出されているか。 

【評価指標】 

〇研究開発成果の社会還元状況 

（関連するモニタリング指標） 

・共同研究件数 

注） 「評価指標」とは、評価の基準として取り扱う指標。 
"""


def test_monitoring_nested_under_an_indicator_and_run_on_cells() -> None:
    found = rows(NESTED)
    assert counts(found) == [("１．１．", 1, 2, 2), ("１．２．", 1, 1, 1)]
    first = found[0]
    assert first.item.title == "宇宙輸送の推進"
    assert [m.text for m in first.evaluation_indicators[0].monitoring_indicators] == [
        "打上げ成功率",
        "打上げ計画の達成状況",
    ]
    assert first.evaluation_indicators[1].monitoring_indicators == []


PAGED = """\
項目 評価軸 関連する評価指標、モニタリング指標 
１．研究成果の
創出 
【１．１ 世界最高
水準の成果】 
（１）融合研究の
強化 
○融合研究を推進で
きているか 
【評価指標】 
・融合研究の実績 
 項目 評価軸 関連する評価指標、モニタリング指標 
１．研究成果の
創出 
【１．１ 世界最高
水準の成果】 
・新分野の創成実績 
等 
【モニタリング指標】 
・論文数 
等 
（２）拠点の強化 
○拠点を強化できているか 
【評価指標】 
・拠点の整備状況 
"""


def test_item_cells_repeated_on_a_new_page_continue_the_open_row() -> None:
    found = rows(PAGED)
    assert counts(found) == [("（１）", 1, 2, 1), ("（２）", 1, 1, 0)]
    assert found[0].item.title == "融合研究の強化"
