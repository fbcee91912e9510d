"""Numbers as written in normalized text: ASCII, kanji, and the two mixed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.parse.lexicon.numbers import parse_kanji_number, parse_number

_DIGITS = "〇一二三四五六七八九"


def _below_man(n: int) -> str:
    """1..9999 in the usual style: 一 is left out before 十百千 ("千百十一" = 1111)."""
    out = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            out += ("" if q == 1 else _DIGITS[q]) + name
    return out + (_DIGITS[n] if n else "")


def to_kanji(n: int) -> str:
    """0..99999999 as kanji with multipliers: 12000 → "一万二千"."""
    if n == 0:
        return "〇"
    out = ""
    for unit, name in ((10**8, "億"), (10**4, "万")):
        q, n = divmod(n, unit)
        if q:
            out += _below_man(q) + name
    return out + (_below_man(n) if n else "")


def to_positional(n: int) -> str:
    """Digit by digit, as years are written: 2025 → "二〇二五"."""
    return "".join(_DIGITS[int(c)] for c in str(n))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("〇", 0),
        ("○", 0),
        ("零", 0),
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("百", 100),
        ("百二十三", 123),
        ("千", 1000),
        ("三千五百", 3500),
        ("二千〇五", 2005),
        ("百〇五", 105),
        ("一万二千", 12000),
        ("十万", 100000),
        ("一億", 10**8),
        ("一〇〇万", 1000000),
        ("二〇二五", 2025),
        ("二○二五", 2025),
        ("6千", 6000),
        ("1兆2000億", 1_200_000_000_000),
        ("3億5千万", 350_000_000),
        ("2025", 2025),
    ],
)
def test_parse_kanji_number(text: str, value: int) -> None:
    assert parse_kanji_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "万",
        "億",
        "〇万",
        "十十",
        "百千",
        "二二十",
        "十12",
        "一万二万",
        "1万20000",
        "二 十",
        "1,000",
        "円",
        "三つ",
    ],
)
def test_parse_kanji_number_rejects(text: str) -> None:
    assert parse_kanji_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,500", Decimal(4500)),
        ("1.06", Decimal("1.06")),
        ("1,234.5", Decimal("1234.5")),
        ("1,234,567", Decimal(1234567)),
        ("3", Decimal(3)),
        (" 3 ", Decimal(3)),
        ("0.5", Decimal("0.5")),
        ("三千五百", Decimal(3500)),
        ("6千", Decimal(6000)),
        ("1,000万", Decimal(10_000_000)),
        ("1.5億", Decimal(150_000_000)),
        ("246兆", Decimal(246 * 10**12)),
        ("-3", Decimal(-3)),
        ("△3", Decimal(-3)),
        ("▲1,200", Decimal(-1200)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


def test_parse_number_scaled_is_plain() -> None:
    assert str(parse_number("1.5億")) == "150000000"
    assert str(parse_number("1.23456万")) == "12345.6"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "-",
        "△",
        "abc",
        "4,50",
        "1,00万",
        "12,34",
        "1.",
        ".5",
        "1.2.3",
        "5%",
        "100円",
        "246兆円",
        "1.5千",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=99_999_999))
def test_kanji_round_trip(n: int) -> None:
    assert parse_kanji_number(to_kanji(n)) == n
    assert parse_kanji_number(to_positional(n)) == n
    assert parse_number(to_kanji(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


_NUMERAL_CHARS = "0123456789,.-△〇○零一二三四五六七八九十百千万億兆 円%"


@given(st.text() | st.text(alphabet=_NUMERAL_CHARS))
def test_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, Decimal)
    n = parse_kanji_number(text)
    assert n is None or n >= 0
