"""Quantitative targets in the forms objectives use, and the numbers that are not targets."""

from __future__ import annotations

from hyoka.model import Comparator, Document, Target, TargetScope
from hyoka.parse import parse_text

HEAD = """\
独立行政法人架空振興機構が達成すべき業務運営に関する目標
（中期目標）
第１ 政策体系における法人の位置付け及び役割
機構は、前中期目標期間に 3,200 件の相談に対応し、論文６千本以上の成果が得られている。
第２ 中期目標の期間
中期目標の期間は、令和８年４月から令和13年３月までの５年間とする。
第３ 国民に対して提供するサービスその他の業務の質の向上に関する事項
"""


def parse_body(body: str) -> Document:
    return parse_text(HEAD + body).documents[0]


def summary(target: Target) -> tuple[float, str | None, str, str]:
    return (target.value, target.unit, target.comparator.value, target.scope.value)


def test_teiryo_mokuhyo_block_with_rationale_and_baseline() -> None:
    doc = parse_body(
        "１．組合支援の充実\n"
        "組合の経営基盤の強化を支援すること。\n"
        "（定量目標）\n"
        "イ 支援組合数を中期目標期間中に 10,000 組合以上とする。\n"
        "ロ 支援後の満足度の割合を毎年度 85％以上とする。\n"
        "＜目標水準の考え方＞\n"
        "・支援組合数は、前中期目標期間の実績を上回る水準として 10,000 組合とした。\n"
        "（前中期目標期間実績：9,874 組合）\n"
        "＜想定される外部要因＞\n"
        "・景気の急激な悪化\n"
    )
    assert [summary(t) for t in doc.targets] == [
        (10000.0, "組合", ">=", "cumulative"),
        (85.0, "%", ">=", "per_year"),
    ]
    first = doc.targets[0]
    assert first.indicator == "支援組合数"
    assert first.rationale is not None
    assert "前中期目標期間の実績を上回る" in first.rationale
    assert first.external_factors == "・景気の急激な悪化"
    assert [(b.value, b.unit, b.label) for b in first.baseline] == [(9874.0, "組合", "前中期目標期間実績")]
    assert first.section_line == 8
    assert first.line == 11


def test_bulleted_period_totals() -> None:
    doc = parse_body(
        "１．研究開発の推進\n"
        "中期目標期間中の主な成果の水準は、次のとおりとする。\n"
        "・ 原著論文数 4,500 件以上\n"
        "・ 特許出願件数 300 件以上\n"
        "・ 共同研究件数 毎年度 80 件以上\n"
    )
    assert [(t.indicator, *summary(t)) for t in doc.targets] == [
        ("原著論文数", 4500.0, "件", ">=", "cumulative"),
        ("特許出願件数", 300.0, "件", ">=", "cumulative"),
        ("共同研究件数", 80.0, "件", ">=", "per_year"),
    ]


def test_sentences_caps_and_yearly_forms() -> None:
    doc = parse_body(
        "１．相談\n"
        "講習会の開催回数を 570 回以上とする。\n"
        "相談のうち解決に至った割合を 30％以上とする。\n"
        "２．財務\n"
        "人件費比率を 3.2％以内に抑制する。\n"
        "３．成果\n"
        "○ 技術移転件数 40件／年 （令和８年度～令和12年度累計200件）\n"
    )
    assert [summary(t) for t in doc.targets] == [
        (570.0, "回", ">=", "other"),
        (30.0, "%", ">=", "other"),
        (3.2, "%", "<=", "other"),
        (40.0, "件", ">=", "per_year"),
    ]
    assert doc.targets[-1].alt_values == [200.0]
    assert doc.targets[-1].fiscal_years == [2026, 2027, 2028, 2029, 2030]
    assert doc.targets[2].indicator == "人件費比率"


def test_cost_efficiency_and_long_term_return() -> None:
    doc = parse_body(
        "１．業務の効率化\n"
        "運営費交付金を充当して行う事業は、新規に追加されるものを除外した上で、一般管理費（人件費を除く。）"
        "及び業務経費（人件費を除く。）の合計について、毎年度平均で前年度比 1.06％以上の効率化を図る。\n"
        "２．運用\n"
        "長期的に実質的な運用利回り 1.9％を最低限のリスクで確保することを目標とする。\n"
    )
    efficiency, returns = doc.targets
    assert summary(efficiency) == (1.06, "%", ">=", "annual_rate")
    assert efficiency.indicator == "一般管理費及び業務経費の合計"
    assert efficiency.covers is not None
    assert "一般管理費(人件費を除く。)" in efficiency.covers
    assert summary(returns) == (1.9, "%", ">=", "long_term")
    assert returns.indicator == "実質的な運用利回り"


def test_numbers_that_are_not_targets() -> None:
    doc = parse_body(
        "１．運用\n"
        "年金積立金は令和６年３月末で約 246 兆円であり、前年度の収益率は 4.55％であった。\n"
        "研究開発には 10 年を超える長期間を要する。\n"
        "中期目標の期間は５年間である。\n"
        "独立行政法人通則法第 29 条に基づき実施する。\n"
    )
    assert doc.targets == []


def test_mission_chapter_numbers_are_not_targets() -> None:
    assert parse_body("１．相談\n相談に対応すること。\n").targets == []


def test_a_target_restated_in_its_rationale_is_one_target() -> None:
    doc = parse_body(
        "１．相談\n"
        "相談件数を毎年度 500 件以上とする。\n"
        "＜目標水準の考え方＞\n"
        "相談件数を 500 件以上とすることは、過去の実績を踏まえたものである。\n"
    )
    assert [summary(t) for t in doc.targets] == [(500.0, "件", ">=", "per_year")]
    assert doc.targets[0].comparator == Comparator.ge
    assert doc.targets[0].scope == TargetScope.per_year


def test_indicator_skips_clauses_that_only_look_measured() -> None:
    doc = parse_body(
        "１．経費の効率化\n"
        "一般管理費（人件費を除く。）及び業務経費（人件費を除く。）の合計について、令和７年度を基準として、"
        "高度で専門的な人材の確保等に基づき新規に追加されるものや拡充される分を除き、毎年度平均で前年度比 1.2％以上の効率化を行うこと。\n"
        "２．満足度\n"
        "利用者の満足度を毎年度 90％以上とする。\n"
    )
    assert [t.indicator for t in doc.targets] == ["一般管理費及び業務経費の合計", "利用者の満足度"]


# --- wordings beyond 以上 / 以内, and names whole ------------------------------------------------


def test_a_reduction_rate_with_at_least() -> None:
    (target,) = parse_body("１．効率化\n一般管理費について、毎年少なくとも1%相当を削減する。\n").targets
    assert (target.indicator, *summary(target)) == ("一般管理費", 1.0, "%", ">=", "annual_rate")


def test_a_share_to_reach_without_ijo() -> None:
    (target,) = parse_body("１．審査\n申込みのうち80%について、受付から30日以内に審査を終えることとする。\n").targets
    assert summary(target)[:3] == (80.0, "%", ">=")
    assert target.indicator == "申込みのうち受付から30日以内に審査を終えるものの割合"


def test_a_time_limit_as_the_level() -> None:
    (target,) = parse_body("１．審査\n審査期間について、中期目標期間の最終年度までに平均で9月を達成する。\n").targets
    assert (target.indicator, *summary(target)) == ("審査期間", 9.0, "月", "<=", "by_final_year")


def test_a_month_of_a_date_is_no_level() -> None:
    doc = parse_body("１．計画\n令和９年９月を達成時期として計画を策定する。\n")
    assert doc.targets == []


def test_an_indicator_keeps_the_object_of_its_modifier() -> None:
    (target,) = parse_body(
        "１．住宅\nイ 省エネルギー基準を満たす住宅に係るものの割合を中期目標期間中に65％以上とする。\n"
    ).targets
    assert target.indicator == "省エネルギー基準を満たす住宅に係るものの割合"


def test_an_indicator_loses_its_list_label_and_scope_words() -> None:
    doc = parse_body(
        "１．相談\n（定量目標）\nハ中期目標期間における累計の技術相談件数を4,500件以上とする。\n"
        "ニ最終年度までに研修の満足度を90％以上とする。\n"
    )
    assert [t.indicator for t in doc.targets] == ["技術相談件数", "研修の満足度"]


def test_an_indicator_is_never_empty() -> None:
    doc = parse_body("１．拠点の整備\n（定量目標）\n・ 35地域以上\n・ 毎年度 120 件以上\n")
    assert [t.value for t in doc.targets] == [35.0, 120.0]
    assert all(t.indicator for t in doc.targets)
    assert doc.targets[0].indicator == "拠点の整備"


def test_an_indicator_wrapped_over_lines_without_trailing_spaces_is_whole() -> None:
    wide = "機構は、研究開発成果の最大化に向けて、関係機関と連携しつつ、" * 3 + "成果を社会に還元する。"
    item = "・ 省エネルギー基準を満たす住宅に係るものの割合を中期目標期間の最終年度までに65％以上とする。"
    lines = [wide[k : k + 30] for k in range(0, len(wide), 30)] * 3 + [item[:30], item[30:]]
    doc = parse_body("１．住宅\n" + "\n".join(lines) + "\n")
    assert [t.indicator for t in doc.targets] == ["省エネルギー基準を満たす住宅に係るものの割合"]
