"""Period: R-PERIOD-01, the length of the objective period in fiscal years.

The parser reads the period from the 期間 chapter (…から…までのN年間; N年間（…～…）; months only,
令和７年４月から令和12年３月まで; 和暦 with 西暦 in parentheses) into `Document.period`. Fiscal years
run 1 April – 31 March, so the count is taken from the dates, not from the parser's `years`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from hyoka.model.findings import Basis, Category, Severity, Subject
from hyoka.review.context import Hit, RuleContext
from hyoka.review.lexicon import YEAR, fiscal_year, zenkaku
from hyoka.review.registry import rule
from hyoka.review.text import normalise

_STATED = re.compile(r"(\d+)(?:事業)?年間")
_KIND_NAMES = {Category.mid_term: "中期目標", Category.research: "中長期目標", Category.executive: "年度目標"}


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


@rule(
    "R-PERIOD-01",
    name="period length",
    categories="M R E",
    severity=Severity.error,
    basis=Basis.text,
    params={"mid_term_years": [3, 5], "research_years": [5, 7]},
    description="目標期間が法定の長さ（中期目標３～５年、中長期目標５～７年、年度目標１年）で、年度の初めから終わりまでであること。",
    explanation=(
        "独立行政法人通則法は、中期目標の期間を３年以上５年以下、中長期目標の期間を５年以上７年以下、"
        "年度目標を一事業年度と定めています。期間は４月１日に始まり３月31日に終わる事業年度で数えます。"
        "期間の記載（始期・終期と「N年間」）を法定の範囲で一致させてください。"
    ),
)
def period_length(ctx: RuleContext) -> Iterator[Hit]:
    period = ctx.document.period
    if period is None or ctx.category is None:
        return
    chapter = ctx.chapter("period")
    line = period.line or (chapter.section.line if chapter is not None else ctx.title_line)
    text = period.text or ""
    years = fiscal_year_of(period.end) - fiscal_year_of(period.start) + 1
    data = {"computed_years": years, "start": period.start.isoformat(), "end": period.end.isoformat()}
    bounds = _bounds(ctx)
    kind = _KIND_NAMES[ctx.category]
    if bounds is not None and not bounds[0] <= years <= bounds[1]:
        low, high = bounds
        yield Hit(
            line,
            Subject.period,
            f"目標期間が{zenkaku(years)}事業年度になっています。{kind}の期間は"
            f"{zenkaku(low)}年以上{zenkaku(high)}年以下です。",
            subject_text=text,
            key="range",
            data=data,
        )
    if ctx.category is Category.executive:
        yield from _annual(ctx, line, text, years, data)
    stated = _STATED.search(normalise(text))
    if stated is not None and int(stated.group(1)) != years:
        yield Hit(
            line,
            Subject.period,
            f"「{zenkaku(int(stated.group(1)))}年間」と書かれていますが、始期と終期からは"
            f"{zenkaku(years)}事業年度です。",
            subject_text=text,
            key="stated",
            data={**data, "stated_years": int(stated.group(1))},
        )
    if (period.start.month, period.start.day) != (4, 1) or (period.end.month, period.end.day) != (3, 31):
        yield Hit(
            line,
            Subject.period,
            "目標期間が４月１日に始まり３月31日に終わる事業年度の区切りになっていません。",
            subject_text=text,
            key="boundary",
            severity=Severity.warning,
            data=data,
        )


def _bounds(ctx: RuleContext) -> tuple[int, int] | None:
    if ctx.category is Category.mid_term:
        low, high = ctx.params["mid_term_years"]
    elif ctx.category is Category.research:
        low, high = ctx.params["research_years"]
    else:
        return (1, 1)
    return int(low), int(high)


def _annual(ctx: RuleContext, line: int, text: str, years: int, data: dict[str, object]) -> Iterator[Hit]:
    """A 年度目標 covers the one fiscal year its title names."""
    match = YEAR.search(normalise(ctx.document.title or ""))
    period = ctx.document.period
    if match is None or period is None or years != 1:
        return
    named = fiscal_year(match.group(1), match.group(2), match.group(4))
    if named != fiscal_year_of(period.start):
        yield Hit(
            line,
            Subject.period,
            f"表題の年度（{zenkaku(named)}年度）と目標期間の年度が一致しません。",
            subject_text=text,
            key="title_year",
            data={**data, "title_year": named},
        )
