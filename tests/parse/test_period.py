"""The objective period sentence: ranges, fiscal-year ranges, start plus length."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.parse.period import parse_period

_D = date


@pytest.mark.parametrize(
    ("text", "start", "end", "years"),
    [
        (
            "AMEDの中長期目標の期間は、令和7年4月から令和12年3月までの5年間とする。",
            _D(2025, 4, 1),
            _D(2030, 3, 31),
            5,
        ),
        (
            "理研の当期の中長期目標の期間は、令和7年(2025年)4月1日から令和14年(2032年)3月31日までの7年間とする。",
            _D(2025, 4, 1),
            _D(2032, 3, 31),
            7,
        ),
        (
            "...研究開発に注力するため、7年間(令和7年4月1日~令和14年3月31日)とする。",
            _D(2025, 4, 1),
            _D(2032, 3, 31),
            7,
        ),
        ("中期目標の期間は、令和7年度から令和11年度までの5年間とする。", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年度~令和11年度", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年度〜令和11年度", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年度-令和11年度", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年度ー令和11年度", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年度－令和11年度", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("2025年4月1日から2030年3月31日まで", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("平成27年4月から令和2年3月まで", _D(2015, 4, 1), _D(2020, 3, 31), 5),
        ("平成27年4月1日から平成32年3月31日までの5年間", _D(2015, 4, 1), _D(2020, 3, 31), 5),
        ("令和7年度から同11年度まで", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年4月から12年3月まで", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和七年四月一日から令和十四年三月三十一日まで", _D(2025, 4, 1), _D(2032, 3, 31), 7),
        ("2025年度から2026年度までの2か年", _D(2025, 4, 1), _D(2027, 3, 31), 2),
        # a start and a length
        ("令和7年4月から5年間", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和7年4月1日からの7年間とする。", _D(2025, 4, 1), _D(2032, 3, 31), 7),
        ("令和7年度から五年間", _D(2025, 4, 1), _D(2030, 3, 31), 5),
        ("令和2年2月29日から4年間", _D(2020, 2, 29), _D(2024, 2, 28), 4),
    ],
)
def test_parse_period(text: str, start: date, end: date, years: int) -> None:
    p = parse_period(text)
    assert p is not None
    assert (p.start, p.end, p.years) == (start, end, years)
    assert text[p.span[0] : p.span[1]] == p.text


def test_span_takes_in_the_stated_length() -> None:
    text = "AMEDの中長期目標の期間は、令和7年4月から令和12年3月までの5年間とする。"
    p = parse_period(text)
    assert p is not None
    assert p.text == "令和7年4月から令和12年3月までの5年間"


def test_stated_length_is_kept_when_it_disagrees() -> None:
    p = parse_period("令和7年4月から令和13年3月までの5年間とする。")
    assert p is not None
    assert (p.years, p.fiscal_years) == (5, 6)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "中期目標の期間は別に定める。",
        "5年間とする。",
        "令和7年4月1日",
        "令和7年○月○日から令和12年3月まで",  # a blank start
        "令和12年3月から令和7年4月まで",  # ends before it starts
        "令和7年4月から",
    ],
)
def test_no_period(text: str) -> None:
    assert parse_period(text) is None


_PERIOD_CHARS = "令和平成同元年度月日間か()~〜-ーからまでの0123456789○一二三四五十 "


@given(st.text() | st.text(alphabet=_PERIOD_CHARS))
def test_never_raises(text: str) -> None:
    p = parse_period(text)
    if p is not None:
        assert p.start <= p.end
        assert p.years >= 1
        assert text[p.span[0] : p.span[1]] == p.text
