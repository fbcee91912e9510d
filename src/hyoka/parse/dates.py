"""Dates as objective documents write them, found in NFKC-normalized text.

Shapes recognized (normalized forms; kanji numerals and ○ as kanji zero are accepted too):

    令和7年4月1日    令和元年5月    平成31年3月31日    令和七年四月一日    同12年3月
    令和7年(2025年)4月1日    令和7(2025)年度    2025(令和7)年    2025年4月1日
    令和7年度    令和7年度(2025年度)    2025年度
    令和7年○月○日    令和7年月日    令和7年3月日    (draft placeholders: `blank`)

Drafts leave month and day to be filled in: "令和7年○月○日", or "令和7年　月　日", which
normalization squeezes to "令和7年月日". Such dates are reported with `blank=True` and the
unknown parts as None. "同12年" takes the era of the last era date before it in the same text.
Era years past an era's end ("平成32年") are kept, as drafts written before 2019 use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from hyoka.model.fiscal import (
    era_to_year,
    fiscal_year_end,
    fiscal_year_start,
    last_day_of_month,
)
from hyoka.parse.lexicon.calendar import DATE_HEAD, DAY, GLOSS_AFTER, GLOSS_BEFORE, MONTH, NEN
from hyoka.parse.lexicon.labels import PLACEHOLDER_CHARS
from hyoka.parse.lexicon.numbers import parse_kanji_number

WESTERN_YEARS = range(1868, 2200)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in text.

    `start`/`end` are offsets into the searched text (`text == searched[start:end]`), `year`
    is western (the fiscal year itself when `fiscal`), `month`/`day` are None when not written
    or left blank. `era` is the era it was written in ("令和"), None for western dates.
    """

    start: int
    end: int
    year: int
    month: int | None
    day: int | None
    fiscal: bool
    blank: bool
    text: str
    era: str | None = None

    def first_day(self) -> date | None:
        """Earliest day the date can mean, as a period start: 令和7年度 → 2025-04-01,
        令和7年4月 → 2025-04-01. None when a blank month leaves it unknown."""
        if self.fiscal:
            return fiscal_year_start(self.year)
        if self.month is None:
            return None if self.blank else date(self.year, 1, 1)
        return date(self.year, self.month, self.day or 1)

    def last_day(self) -> date | None:
        """Latest day the date can mean, as a period end: 令和11年度 → 2030-03-31,
        令和12年3月 → 2030-03-31. None when a blank month leaves it unknown."""
        if self.fiscal:
            return fiscal_year_end(self.year)
        if self.month is None:
            return None if self.blank else date(self.year, 12, 31)
        if self.day is None:
            return last_day_of_month(self.year, self.month)
        return date(self.year, self.month, self.day)


def _value(token: str) -> int | None:
    return int(token) if token.isascii() else parse_kanji_number(token)


def _is_placeholder(token: str | None) -> bool:
    """An empty or all-○ month/day token: a draft's blank."""
    return token is None or set(token) <= PLACEHOLDER_CHARS


def _year(head: re.Match[str], last_era: str | None) -> tuple[int, str | None] | None:
    """Western year and era of a date head, None if it names no valid year."""
    era = head["era"]
    if era is None:
        y = _value(head["wy"])
        return (y, None) if y is not None and y in WESTERN_YEARS else None
    token = head["en"]
    if era == "同":
        if last_era is None or token == "一":  # "同一年度" means "the same fiscal year"
            return None
        era = last_era
    n = 1 if token == "元" else _value(token)
    if n is None or not 1 <= n <= 99:
        return None
    return era_to_year(era, n), era


def _day(dd: re.Match[str] | None, year: int, month: int) -> tuple[int | None, bool] | None:
    """Day and blank flag of a day token after a known month; None if it is not a day."""
    if dd is None:
        return None
    if _is_placeholder(dd["d"]):
        return None, True
    day = _value(dd["d"])
    if day is None or not 1 <= day <= last_day_of_month(year, month).day:
        return None
    return day, False


def _month_day(text: str, pos: int, year: int) -> tuple[int | None, int | None, bool, int]:
    """Month, day, blank flag and end offset of what follows "年" at `pos`."""
    mm = MONTH.match(text, pos)
    if mm is None:
        return None, None, False, pos
    dd = DAY.match(text, mm.end())
    if _is_placeholder(mm["m"]):
        # "○月" alone is a blank; an empty month only with its day: "年月日".
        if mm["m"] is None and dd is None:
            return None, None, False, pos
        return None, None, True, dd.end() if dd is not None else mm.end()
    month = _value(mm["m"])
    if month is None or not 1 <= month <= 12:
        return None, None, False, pos
    day = _day(dd, year, month)
    if day is None or dd is None:
        return month, None, False, mm.end()
    return month, day[0], day[1], dd.end()


def _date_at(text: str, head: re.Match[str], last_era: str | None) -> DateMatch | None:
    found = _year(head, last_era)
    if found is None:
        return None
    year, era = found
    pos = head.end()
    if g := GLOSS_BEFORE.match(text, pos):
        pos = g.end()
    nen = NEN.match(text, pos)
    if nen is None:
        return None
    pos = nen.end()
    fiscal = nen["do"] is not None
    if g := GLOSS_AFTER.match(text, pos):
        pos = g.end()
    month: int | None = None
    day: int | None = None
    blank = False
    if not fiscal:
        month, day, blank, pos = _month_day(text, pos, year)
    start = head.start()
    return DateMatch(start, pos, year, month, day, fiscal, blank, text[start:pos], era)


def _scan(text: str) -> Iterator[DateMatch]:
    pos = 0
    last_era: str | None = None
    while (head := DATE_HEAD.search(text, pos)) is not None:
        found = _date_at(text, head, last_era)
        if found is None:
            pos = head.start() + 1
            continue
        yield found
        last_era = found.era or last_era
        pos = found.end


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`, in order, without overlaps."""
    return list(_scan(text))


def parse_date(text: str) -> DateMatch | None:
    """The first date in `text`, or None."""
    return next(_scan(text), None)


def find_blank_date(text: str) -> DateMatch | None:
    """The first draft placeholder date ("令和7年○月○日", "令和7年月日") in `text`, or None."""
    return next((d for d in _scan(text) if d.blank), None)
