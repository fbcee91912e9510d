"""Japanese eras and fiscal years: the calendar arithmetic objective periods are written in.

Objective periods are stated in era years ("令和7年4月1日") and fiscal years ("令和7年度"), and
a Japanese fiscal year runs from 1 April to 31 March, so FY2025 (令和7年度) is
2025-04-01 .. 2026-03-31. Everything here is pure and works on `datetime.date` and `int`.
"""

from __future__ import annotations

import calendar
from datetime import date

# First western year of each era; era year N is base + N - 1 (元年 = 1).
ERAS: dict[str, int] = {
    "明治": 1868,
    "大正": 1912,
    "昭和": 1926,
    "平成": 1989,
    "令和": 2019,
}

# Fiscal years start in this month.
FISCAL_START_MONTH = 4


def era_to_year(era: str, n: int) -> int:
    """Western year of era year `n` ("令和7年" → 2025, "平成31年" → 2019, "令和元年" → 2019).

    Era years past the era's real end are accepted on purpose: documents drafted before
    2019 still say "平成32年3月31日" for 2020. Raises ValueError for an unknown era or n < 1.
    """
    try:
        base = ERAS[era]
    except KeyError:
        raise ValueError(f"unknown era: {era!r}") from None
    if n < 1:
        raise ValueError(f"era year must be at least 1: {n}")
    return base + n - 1


def fiscal_year_of(d: date) -> int:
    """Fiscal year a day belongs to: 2025-04-01 .. 2026-03-31 are all FY2025."""
    return d.year if d.month >= FISCAL_START_MONTH else d.year - 1


def fiscal_year_start(fy: int) -> date:
    """First day of fiscal year `fy` (1 April of `fy`)."""
    return date(fy, FISCAL_START_MONTH, 1)


def fiscal_year_end(fy: int) -> date:
    """Last day of fiscal year `fy` (31 March of `fy + 1`)."""
    return date(fy + 1, FISCAL_START_MONTH - 1, 31)


def last_day_of_month(year: int, month: int) -> date:
    """Last day of a month: a period "まで令和12年3月" ends on this day."""
    return date(year, month, calendar.monthrange(year, month)[1])


def fiscal_year_label(fy: int) -> str:
    """Era label of fiscal year `fy` as documents write it: 2025 → "令和7年度".

    A fiscal year is labelled with the era year of the calendar year it starts in, counting an
    era from the whole calendar year it began in, which is how documents label them: FY2019
    (April 2019 was still 平成31年) is "令和元年度", FY2018 is "平成30年度", FY1989 "平成元年度".
    Raises ValueError before 明治 (1868).
    """
    for era, base in sorted(ERAS.items(), key=lambda item: item[1], reverse=True):
        if fy >= base:
            n = fy - base + 1
            return f"{era}{'元' if n == 1 else n}年度"
    raise ValueError(f"fiscal year before the Meiji era: {fy}")
