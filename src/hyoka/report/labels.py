"""The Japanese words every rendering shows for the code names (glossary.md): one table each, so
the terminal, the pages, the API's CSV headers and the reports all say the same thing."""

from __future__ import annotations

from hyoka.model.fiscal import fiscal_year_label

COMPARATOR_WORDS = {">=": "以上", "<=": "以下", ">": "超", "<": "未満", "=": ""}
SCOPE_NAMES = {
    "per_year": "毎年度",
    "cumulative": "期間累計",
    "by_final_year": "最終年度までに",
    "in_final_year": "最終年度",
    "annual_rate": "年率（前年度比）",
    "period_average": "期間平均",
    "long_term": "長期",
    "other": "その他",
}
SECTION_NAMES = {
    "mission": "政策体系・ミッション",
    "period": "目標期間",
    "quality": "業務の質の向上・研究開発成果",
    "efficiency": "業務運営の効率化",
    "finance": "財務内容の改善",
    "other": "その他業務運営",
}
FLAG_NAMES = {"importance": "重要度", "difficulty": "困難度"}
ENTRY_KINDS = {
    "item": "本文",
    "target": "定量目標",
    "flag": "重要度・困難度",
    "axis": "評価軸・指標",
    "indicator": "指標",
    "annex": "別紙",
}
STAGE_NAMES = {"annual": "年度評価", "expected": "見込評価", "interim": "中間評価", "period_end": "期間実績評価"}
EVALUATOR_NAMES = {"self": "自己評価", "ministry": "主務大臣評価"}
STATUS_NAMES = {
    "computed": "算定済み",
    "missing": "実績の欠測",
    "not_applicable": "判定対象外",
    "manual": "評価者が判断",
}


def number_text(value: float) -> str:
    """1,234 for whole numbers, 1,234.5 otherwise: how the documents write figures."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def level_text(value: float, unit: str | None, comparator: str) -> str:
    """A target's level as the documents write it: 「80%以上」, 「3,000件以上」."""
    return f"{number_text(value)}{unit or ''}{COMPARATOR_WORDS.get(comparator, comparator)}"


def year_label(fiscal_year: int) -> str:
    """令和8年度 for 2026; a plain 「N年度」 where no era label applies."""
    try:
        return fiscal_year_label(fiscal_year)
    except ValueError:
        return f"{fiscal_year}年度"
