"""Dates in normalized text: era and western years, fiscal years, draft placeholders."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.model.fiscal import fiscal_year_label
from hyoka.parse.dates import DateMatch, find_blank_date, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月1日", (2025, 4, 1, False, False, "令和7年4月1日")),
        ("令和7年4月", (2025, 4, None, False, False, "令和7年4月")),
        ("令和7年", (2025, None, None, False, False, "令和7年")),
        ("令和元年5月1日", (2019, 5, 1, False, False, "令和元年5月1日")),
        ("平成31年3月31日", (2019, 3, 31, False, False, "平成31年3月31日")),
        ("平成32年3月31日", (2020, 3, 31, False, False, "平成32年3月31日")),
        ("昭和64年1月7日", (1989, 1, 7, False, False, "昭和64年1月7日")),
        ("令和七年四月一日", (2025, 4, 1, False, False, "令和七年四月一日")),
        ("令和十二年三月三十一日", (2030, 3, 31, False, False, "令和十二年三月三十一日")),
        ("昭和六十四年一月七日", (1989, 1, 7, False, False, "昭和六十四年一月七日")),
        ("令和7年(2025年)4月1日から", (2025, 4, 1, False, False, "令和7年(2025年)4月1日")),
        ("令和7(2025)年4月", (2025, 4, None, False, False, "令和7(2025)年4月")),
        ("2025(令和7)年4月1日", (2025, 4, 1, False, False, "2025(令和7)年4月1日")),
        ("令和7年度", (2025, None, None, True, False, "令和7年度")),
        ("令和元年度", (2019, None, None, True, False, "令和元年度")),
        ("令和7年度(2025年度)", (2025, None, None, True, False, "令和7年度(2025年度)")),
        ("令和7(2025)年度", (2025, None, None, True, False, "令和7(2025)年度")),
        ("2025年度", (2025, None, None, True, False, "2025年度")),
        ("2025年4月1日", (2025, 4, 1, False, False, "2025年4月1日")),
        ("2024年2月29日", (2024, 2, 29, False, False, "2024年2月29日")),
        ("二○二五年十二月", (2025, 12, None, False, False, "二○二五年十二月")),
        ("令和 7 年 4 月 1 日", (2025, 4, 1, False, False, "令和 7 年 4 月 1 日")),
        # draft placeholders
        ("令和7年○月○日", (2025, None, None, False, True, "令和7年○月○日")),
        ("令和7年○○月○○日", (2025, None, None, False, True, "令和7年○○月○○日")),
        ("令和7年月日", (2025, None, None, False, True, "令和7年月日")),
        ("令和7年○月", (2025, None, None, False, True, "令和7年○月")),
        ("令和7年3月日", (2025, 3, None, False, True, "令和7年3月日")),
        ("令和7年3月○日", (2025, 3, None, False, True, "令和7年3月○日")),
        ("令和7年 月 日", (2025, None, None, False, True, "令和7年 月 日")),
        # what follows is not part of the date
        ("令和7年3月日本の", (2025, 3, None, False, False, "令和7年3月")),
        ("2025年2月30日", (2025, 2, None, False, False, "2025年2月")),
        ("2025年13月", (2025, None, None, False, False, "2025年")),
        ("令和7年月末", (2025, None, None, False, False, "令和7年")),
    ],
)
def test_parse_date(text: str, expected: tuple[int, int | None, int | None, bool, bool, str]) -> None:
    """expected: year, month, day, fiscal, blank, matched text."""
    d = parse_date(text)
    assert d is not None
    assert (d.year, d.month, d.day, d.fiscal, d.blank, d.text) == expected
    assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "中長期目標",
        "5年間",
        "令和7",
        "令和○年",  # a blank year gives no year
        "2020年代",
        "100年",
        "12025年",
        "同12年",  # no era to carry over
        "同一年度内に",
        "令和123年",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_sentence() -> None:
    text = "中期目標の期間は、令和7年度から同11年度までの5年間とする。"
    dates = find_dates(text)
    assert [(d.text, d.year, d.fiscal, d.era) for d in dates] == [
        ("令和7年度", 2025, True, "令和"),
        ("同11年度", 2029, True, "令和"),
    ]


def test_find_blank_date() -> None:
    text = "令和6年4月1日施行、令和7年○月○日改正"
    blank = find_blank_date(text)
    assert blank is not None
    assert (blank.text, blank.year) == ("令和7年○月○日", 2025)
    assert find_blank_date("令和7年4月1日") is None


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("令和7年度", date(2025, 4, 1), date(2026, 3, 31)),
        ("令和7年4月", date(2025, 4, 1), date(2025, 4, 30)),
        ("令和8年2月", date(2026, 2, 1), date(2026, 2, 28)),
        ("令和7年4月15日", date(2025, 4, 15), date(2025, 4, 15)),
        ("令和7年", date(2025, 1, 1), date(2025, 12, 31)),
        ("令和7年3月○日", date(2025, 3, 1), date(2025, 3, 31)),
        ("令和7年○月○日", None, None),
    ],
)
def test_first_and_last_day(text: str, first: date | None, last: date | None) -> None:
    d = parse_date(text)
    assert d is not None
    assert (d.first_day(), d.last_day()) == (first, last)


@given(st.integers(min_value=1868, max_value=2117))  # era years run to 99: 令和99年度 = 2117
def test_fiscal_label_reads_back(fy: int) -> None:
    d = parse_date(fiscal_year_label(fy))
    assert d is not None
    assert (d.year, d.fiscal) == (fy, True)


def _check(text: str, dates: list[DateMatch]) -> None:
    end = 0
    for d in dates:
        assert end <= d.start < d.end
        assert text[d.start : d.end] == d.text
        first, last = d.first_day(), d.last_day()
        assert (first is None) == (last is None)
        if first is not None and last is not None:
            assert first <= last
        end = d.end


_DATE_CHARS = "令和平成昭和元同年度月日()~0123456789○〇一二三四五六七八九十 間代本"


@given(st.text() | st.text(alphabet=_DATE_CHARS))
def test_find_dates_never_raises(text: str) -> None:
    _check(text, find_dates(text))
    find_blank_date(text)
