"""The objective period, read from the one sentence that states it.

Shapes (normalized; "~" is what NFKC makes of "～"; 〜, -, ー, － and から…まで work alike):

    中長期目標の期間は、令和7年4月から令和12年3月までの5年間とする。
    令和7年(2025年)4月1日から令和14年(2032年)3月31日までの7年間とする。
    7年間(令和7年4月1日~令和14年3月31日)とする。
    中期目標の期間は、令和7年度から令和11年度までの5年間とする。
    令和7年度~令和11年度    2025年4月1日から2030年3月31日まで    平成27年4月から令和2年3月まで
    令和7年4月から12年3月まで    (the era carries over to a second date written without it)
    令和7年4月から5年間    (a start and a length)

A range starts on the first day its first date can mean and ends on the last day its second
date can mean: a month means its 1st / its last day, a fiscal year 1 April / 31 March of the
next calendar year (see `DateMatch.first_day`, `DateMatch.last_day`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hyoka.model.fiscal import fiscal_year_of
from hyoka.parse.dates import DateMatch, find_dates, parse_date
from hyoka.parse.lexicon.calendar import ERALESS_YEAR, FROM_FOR, PERIOD_LENGTH, RANGE_CONNECTOR, UNTIL
from hyoka.parse.lexicon.numbers import parse_kanji_number

_NEAR = 3  # a length this close to the range ("までの", "(") belongs to the matched span


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    """An objective period: first and last day, its length in years, and where it was read.

    `years` is the length as stated ("5年間") when the sentence states one, otherwise the
    number of fiscal years the range covers. `span` is the (start, end) offset of `text`.
    """

    start: date
    end: date
    years: int
    span: tuple[int, int]
    text: str

    @property
    def fiscal_years(self) -> int:
        """Number of fiscal years the period touches, whatever length the text states."""
        return fiscal_year_of(self.end) - fiscal_year_of(self.start) + 1


@dataclass(frozen=True, slots=True)
class _Length:
    start: int
    end: int
    years: int


def _lengths(text: str, dates: list[DateMatch]) -> list[_Length]:
    found = []
    for m in PERIOD_LENGTH.finditer(text):
        n = int(m["n"]) if m["n"].isascii() else parse_kanji_number(m["n"])
        inside_date = any(d.start < m.end() and m.start() < d.end for d in dates)
        if n is not None and 1 <= n <= 99 and not inside_date:
            found.append(_Length(m.start(), m.end(), n))
    return found


def _second_date(text: str, first: DateMatch, at: int, dates: list[DateMatch]) -> DateMatch | None:
    """The date starting at offset `at`, borrowing `first`'s era if it is written without one."""
    for d in dates:
        if d.start == at:
            return d
    if first.era is not None and ERALESS_YEAR.match(text, at):
        borrowed = parse_date(first.era + text[at:])
        if borrowed is not None and borrowed.start == 0:
            end = at + borrowed.end - len(first.era)
            return replace(borrowed, start=at, end=end, text=text[at:end])
    return None


def _add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February in a year that has none
        return date(d.year + n, 3, 1)


def _distance(a: _Length, start: int, end: int) -> int:
    return max(a.start - end, start - a.end, 0)


def _build(text: str, start: date, end: date, span: tuple[int, int], lengths: list[_Length]) -> PeriodMatch:
    stated = min(lengths, key=lambda n: _distance(n, *span), default=None)
    if stated is None:
        years = fiscal_year_of(end) - fiscal_year_of(start) + 1
    else:
        years = stated.years
        if _distance(stated, *span) <= _NEAR:
            span = (min(span[0], stated.start), max(span[1], stated.end))
    return PeriodMatch(start, end, years, span, text[span[0] : span[1]])


def parse_period(text: str) -> PeriodMatch | None:
    """The objective period stated in `text`, None if it states no range and no start + length.

    A range (two dates joined by から/~/…) wins over a start with a length. The length is
    the N年間 nearest to the range when one is written, else the fiscal years it covers.
    """
    dates = find_dates(text)
    lengths = _lengths(text, dates)
    for first in dates:
        conn = RANGE_CONNECTOR.match(text, first.end)
        if conn is None:
            continue
        second = _second_date(text, first, conn.end(), dates)
        if second is None:
            continue
        start, end = first.first_day(), second.last_day()
        if start is None or end is None or end < start:
            continue
        until = UNTIL.match(text, second.end)
        return _build(text, start, end, (first.start, until.end() if until else second.end), lengths)
    for first in dates:
        conn = FROM_FOR.match(text, first.end)
        start = first.first_day()
        if conn is None or start is None:
            continue
        length = next((n for n in lengths if n.start == conn.end()), None)
        if length is not None:
            end = _add_years(start, length.years) - timedelta(days=1)
            return PeriodMatch(start, end, length.years, (first.start, length.end), text[first.start : length.end])
    return None
