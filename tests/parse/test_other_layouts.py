"""Layouts the corpus does not show: older wording, kanji numbering, annual objectives."""

from __future__ import annotations

from datetime import date

from hyoka.model import DocumentKind
from hyoka.parse import parse_text

OLDER_STYLE = """\
独立行政法人架空福祉機構の中期目標

独立行政法人通則法（平成十一年法律第百三号）第二十九条第一項の規定に基づき、独立行政法人架空福祉機構が達成すべき業務運営に関する目標（以下「中期目標」という。）を次のように定める。

第一　政策体系における法人の位置付け及び役割
機構は、福祉の増進に寄与する。
第二　中期目標の期間
中期目標の期間は、令和５年４月１日から令和10年３月31日までの５年間とする。
第三　国民に対して提供するサービスその他の業務の質の向上に関する事項
一　研修事業
研修を実施すること。
【指標】
・研修受講者数を中期目標期間中に延べ 12,000 人以上とする。（前中期目標期間実績：11,200 人）
・受講者の満足度を毎年度 90％以上とする。
【目標の設定及び水準の考え方】
前中期目標期間の実績を踏まえて設定した。
【重要度：高】【難易度：高】
人材育成は機構の中核業務であり、受講者層の拡大が難しいため。
二　調査研究事業
調査研究を行うこと。
第四　業務運営の効率化に関する事項
一般管理費については、前年度比３％以上、業務経費については前年度比１％以上の効率化を行う。
"""


def test_older_wording_and_kanji_numbering() -> None:
    result = parse_text(OLDER_STYLE)
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert doc.agency.name == "架空福祉機構"
    assert doc.kind == DocumentKind.mid_term
    assert [s.label for s in doc.sections] == ["第一", "第二", "第三", "第四"]
    assert [c.label for c in doc.sections[2].children] == ["一", "二"]
    assert doc.period is not None
    assert (doc.period.start, doc.period.end) == (date(2023, 4, 1), date(2028, 3, 31))
    assert [(t.indicator, t.value, t.scope.value) for t in doc.targets] == [
        ("研修受講者数", 12000.0, "cumulative"),
        ("受講者の満足度", 90.0, "per_year"),
        ("一般管理費", 3.0, "annual_rate"),
        ("業務経費", 1.0, "annual_rate"),
    ]
    first = doc.targets[0]
    assert [(b.value, b.label) for b in first.baseline] == [(11200.0, "前中期目標期間実績")]
    assert first.rationale == "前中期目標期間の実績を踏まえて設定した。"
    assert [(f.kind.value, f.applies_to) for f in doc.flags] == [("importance", 10), ("difficulty", 10)]


ANNUAL = """\
独立行政法人架空印刷局令和８年度目標
第１ 政策体系における法人の位置付け及び役割
印刷局は、公的な印刷物を製造する。
第２ 国民に対して提供するサービスその他の業務の質の向上に関する事項
１ 製造
年間の製造数量を 30 億枚以上とする。
"""


def test_annual_objective_covers_its_fiscal_year() -> None:
    doc = parse_text(ANNUAL).documents[0]
    assert doc.kind == DocumentKind.annual
    assert doc.agency.name == "架空印刷局"
    assert doc.period is not None
    assert (doc.period.start, doc.period.end, doc.period.years) == (date(2026, 4, 1), date(2027, 3, 31), 1)


def test_reason_headers_are_not_marks() -> None:
    text = OLDER_STYLE.replace("【重要度：高】【難易度：高】", "【重要度：高】\n【重要度「高」の理由】")
    doc = parse_text(text).documents[0]
    assert [f.kind.value for f in doc.flags] == ["importance"]


INLINE_AXES = """\
国立研究開発法人架空科学研究所が達成すべき業務運営に関する目標
Ⅰ．政策体系における法人の位置付け及び役割
研究所は、科学の振興に寄与する。
Ⅱ．研究開発の成果の最大化その他の業務の質の向上に関する事項
１．基礎研究の推進
基礎研究を推進する。
【評価軸】
・世界最高水準の研究成果が創出されているか。
・成果の社会還元に向けた取組が
  行われているか。
【評価指標】
・研究成果の創出状況
【モニタリング指標】
・論文数
・特許出願件数
等
２．研究基盤の整備
研究基盤を整備する。
"""


def test_axes_written_inside_the_body_become_rows() -> None:
    doc = parse_text(INLINE_AXES).documents[0]
    assert [(r.item.label, r.item.title, r.section_line) for r in doc.evaluation_axes] == [
        ("１．", "基礎研究の推進", 5)
    ]
    row = doc.evaluation_axes[0]
    assert [a.text for a in row.axes] == [
        "世界最高水準の研究成果が創出されているか。",
        "成果の社会還元に向けた取組が行われているか。",
    ]
    assert [e.text for e in row.evaluation_indicators] == ["研究成果の創出状況"]
    assert [m.text for m in row.monitoring_indicators] == ["論文数", "特許出願件数"]
    assert doc.indicators == []
