"""Properties of the extractors: they never raise, and every target points at its number.

Texts are built from fragments in the shapes objectives use (targets, marks, rationale
blocks, axes-table cells, unit statements) mixed with arbitrary text, so the rules are
exercised where they almost match as much as where they match.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyoka.parse import parse_text
from hyoka.parse.axes import parse_axes_table
from hyoka.parse.bundle import NoDocumentError
from hyoka.parse.quantities import find_quantities
from hyoka.sources import normalize, text_source_from_string

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEAD = "独立行政法人架空振興機構が達成すべき業務運営に関する目標\n第１ 政策体系\n役割。\n第２ 業務の質の向上\n"
FRAGMENTS = [
    "１．相談",
    "（１）研究",
    "① 普及",
    "（定量目標）",
    "イ 相談件数を中期目標期間中に 4,500 件以上とする。",
    "ロ 満足度の割合を毎年度 80％以上と",
    "する。 ",
    "・ 原著論文数 1,200 件以上",
    "○ 導出件数 ",
    "130件／年 （令和８年度～令和12年度累計650件）",
    "一般管理費は毎年度平均で前年度比 1.",
    "06％以上の効率化を図る。",
    "人件費比率を3.2％以内に抑制する。",
    "＜目標水準の考え方＞",
    "（前中期目標期間実績：9,874 組合）",
    "【重要度：高】",
    "【困難度 高】 難しいため。",
    "重要度「高」",
    "第２の１～３をそれぞれ一定の事業等のまとまりとして評価する。",
    "【評価指標】",
    "（関連するモニタリング指標）",
    "〇達成できているか。",
    "・相談件数",
    "等",
    "別紙１",
    "架空機構に係る政策体系図",
    "",
    " 3 ",
]
LINES = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=40)


@SETTINGS
@given(LINES)
def test_extractors_never_raise_and_targets_point_at_their_number(lines: list[str]) -> None:
    text = HEAD + "\n".join(lines) + "\n"
    try:
        result = parse_text(text)
    except NoDocumentError:
        return
    physical = re.split(r"\r\n|\r|\n", text)
    for doc in result.documents:
        for target in doc.targets:
            start = normalize(physical[target.line - 1])
            following = "".join(normalize(line) for line in physical[target.line : target.line + 3])
            values = [q.value for q in find_quantities(start + following) if q.start < len(start)]
            assert target.value in values, (target.line, target.value, physical[target.line - 1])
        for flag in doc.flags:
            assert "重要度" in physical[flag.line - 1] or "困難度" in physical[flag.line - 1]


@SETTINGS
@given(LINES)
def test_axes_table_reader_never_raises(lines: list[str]) -> None:
    rows = parse_axes_table(text_source_from_string("\n".join(lines)).lines)
    for row in rows:
        assert row.axes or row.evaluation_indicators or row.monitoring_indicators
        assert row.lines[0] <= row.lines[1]
