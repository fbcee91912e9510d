"""Era and fiscal-year arithmetic: the calendar every objective period is written in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.model.fiscal import (
    era_to_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_year_start,
    last_day_of_month,
)


@pytest.mark.parametrize(
    ("era", "n", "year"),
    [
        ("令和", 7, 2025),
        ("令和", 1, 2019),  # 令和元年
        ("平成", 31, 2019),
        ("平成", 32, 2020),  # drafts written before 2019 still count on in 平成
        ("平成", 1, 1989),
        ("昭和", 64, 1989),
        ("昭和", 1, 1926),
        ("大正", 1, 1912),
        ("明治", 1, 1868),
    ],
)
def test_era_to_year(era: str, n: int, year: int) -> None:
    assert era_to_year(era, n) == year


@pytest.mark.parametrize(("era", "n"), [("令和", 0), ("令和", -1), ("慶応", 3), ("", 1)])
def test_era_to_year_rejects(era: str, n: int) -> None:
    with pytest.raises(ValueError, match="era"):
        era_to_year(era, n)


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2025, 4, 1), 2025),
        (date(2025, 3, 31), 2024),
        (date(2026, 3, 31), 2025),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
        (date(2019, 4, 30), 2019),  # still 平成31年, already FY2019
    ],
)
def test_fiscal_year_of(day: date, fy: int) -> None:
    assert fiscal_year_of(day) == fy


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_start(2025) == date(2025, 4, 1)
    assert fiscal_year_end(2025) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2025, 3, date(2025, 3, 31)),
        (2024, 2, date(2024, 2, 29)),
        (2025, 2, date(2025, 2, 28)),
        (1900, 2, date(1900, 2, 28)),
        (2000, 2, date(2000, 2, 29)),
        (2025, 4, date(2025, 4, 30)),
        (2025, 12, date(2025, 12, 31)),
    ],
)
def test_last_day_of_month(year: int, month: int, last: date) -> None:
    assert last_day_of_month(year, month) == last


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2025, "令和7年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1868, "明治元年度"),
    ],
)
def test_fiscal_year_label(fy: int, label: str) -> None:
    assert fiscal_year_label(fy) == label


def test_fiscal_year_label_rule() -> None:
    # 令和N年度 = FY 2018 + N
    for n in range(2, 30):
        assert fiscal_year_label(2018 + n) == f"令和{n}年度"


def test_fiscal_year_label_before_meiji() -> None:
    with pytest.raises(ValueError, match="Meiji"):
        fiscal_year_label(1867)


@given(st.integers(min_value=1, max_value=9998))
def test_fiscal_year_round_trip(fy: int) -> None:
    assert fiscal_year_of(fiscal_year_start(fy)) == fy
    assert fiscal_year_of(fiscal_year_end(fy)) == fy
    assert (fiscal_year_end(fy) - fiscal_year_start(fy)).days in (364, 365)


@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)))
def test_every_day_in_its_fiscal_year(day: date) -> None:
    fy = fiscal_year_of(day)
    assert fiscal_year_start(fy) <= day <= fiscal_year_end(fy)
