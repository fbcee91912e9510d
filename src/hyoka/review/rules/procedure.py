"""Procedure: R-PROC-01, the decision date against the period.

The decision date is printed in the title block (令和７年３月１日, or 令和７年 月 日 / 〇月〇日 while
the document is a draft, which is no date to check). The parse contract does not carry it, so the
rule reads the title block's lines when the caller passes them (`check(..., lines=…)`) and stays
silent otherwise. For a change (変更), the date it takes effect (…から適用 / 施行) is compared with
the decision as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from hyoka.model.findings import Basis, Severity, Subject
from hyoka.review.context import Hit, RuleContext, SourceLineLike
from hyoka.review.lexicon import fiscal_year
from hyoka.review.registry import rule
from hyoka.review.text import normalise

_DATE = re.compile(r"(令和|平成)(\d+|元)年(\d+)月(\d+)日|(\d{4})年(\d+)月(\d+)日")
_EFFECT = re.compile(r"から(?:適用|施行|実施|変更)")
_CHANGE = re.compile(r"変更")


def _dates(front: Sequence[SourceLineLike]) -> tuple[tuple[int, date, str] | None, date | None]:
    """The decision date (the title block's first date: line, day, text) and, for a change, the
    date it takes effect (a date followed by …から適用 / 施行)."""
    decided: tuple[int, date, str] | None = None
    effect: date | None = None
    for line in front:
        text = normalise(line.text)
        match = _DATE.search(text)
        day = _date(match) if match is not None else None
        if match is None or day is None:
            continue
        if _EFFECT.search(text[match.end() :]):
            effect = effect or day
        elif decided is None:
            decided = (line.number, day, line.text)
    return decided, effect


def _date(match: re.Match[str]) -> date | None:
    if match.group(5):
        year, month, day = int(match.group(5)), int(match.group(6)), int(match.group(7))
    else:
        year = fiscal_year(match.group(1), match.group(2), None)
        month, day = int(match.group(3)), int(match.group(4))
    try:
        return date(year, month, day)
    except ValueError:
        return None


@rule(
    "R-PROC-01",
    name="timetable",
    categories="M R E",
    severity=Severity.info,
    basis=Basis.text,
    params={"change_notice_days": 60},
    description="目標の決定日が、期間の始まりに十分先立っていること（２月末まで）。変更はその効力発生の２か月前までに。",
    explanation=(
        "指針は、評価制度委員会の点検を経て、目標期間の始まる前に十分な余裕をもって目標を定めるよう求めています。"
        "決定が３月以降になる場合や、期間の始まりより後になる場合は、日程を見直してください。"
        "目標の変更は、効力の生じる日の２か月程度前までに決定することが望まれます。"
    ),
)
def timetable(ctx: RuleContext) -> Iterator[Hit]:
    period = ctx.document.period
    front = ctx.front_lines()
    if period is None or not front:
        return
    decided, effect = _dates(front)
    if decided is None:
        return
    number, day, text = decided
    data = {"decided": day.isoformat(), "period_start": period.start.isoformat()}
    title = normalise(ctx.document.title or "") + "".join(normalise(line.text) for line in front[:6])
    if _CHANGE.search(title):  # a change is decided within its period: only its notice counts
        notice = (effect - day).days if effect is not None else None
        if notice is not None and 0 <= notice < int(ctx.params["change_notice_days"]):
            yield Hit(
                number,
                Subject.document,
                f"変更の決定から効力発生まで{notice}日しかありません。",
                subject_text=text,
                key="change",
                data={**data, "effective": str(effect), "days": str(notice)},
            )
        return
    if day >= period.start:
        yield Hit(
            number,
            Subject.document,
            "決定日が目標期間の始まりより後です。",
            subject_text=text,
            key="late",
            severity=Severity.warning,
            data=data,
        )
    elif day >= date(period.start.year, 3, 1):
        yield Hit(
            number,
            Subject.document,
            "決定日が目標期間の始まる年の２月末より後です。",
            subject_text=text,
            key="march",
            data=data,
        )
