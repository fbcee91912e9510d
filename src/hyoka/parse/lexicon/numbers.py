"""Numbers as written in normalized objective text: "4,500", "1.06", "二〇二五", "三千五百", "6千".

NFKC turns full-width digits into ASCII but leaves kanji numerals alone, so both reach the
parsers, often mixed ("1兆2000億", "6千"). Both functions return None for anything that is
not a well-formed numeral and never raise.

Units stay out: "246兆円" is not a number here, "246兆" is (246 * 10**12). The multipliers
十百千 and 万億兆 are part of the numeral itself, as Japanese writes them; what the number
counts (円, 人, %, 件) is the caller's business.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Digits: ASCII after NFKC, kanji, and ○ (U+25CB), the unified form of 〇/◯, as zero.
DIGITS: dict[str, int] = {
    **{str(i): i for i in range(10)},
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "億": 10**8, "兆": 10**12}

_NO_UNIT = 10**4  # larger than any small unit: "no small unit seen yet"

# "4,500", "1,234.5", "1.06", "12": commas only as thousands separators.
_DECIMAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)
# "1.5億", "1,000万" with a fraction: a decimal mantissa and one big unit.
_SCALED = re.compile(r"(?P<m>(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(?P<u>[万億兆])", re.ASCII)
_GROUPED = re.compile(r"(?<!\d)\d{1,3}(?:,\d{3})+(?!\d)", re.ASCII)
# Signs: ASCII minus, and △/▲ which Japanese tables use for negatives ("△3").
_SIGNS = frozenset("-△▲")


def _positional(digits: list[int]) -> int:
    value = 0
    for d in digits:
        value = value * 10 + d
    return value


def _below_man(s: str) -> int | None:
    """A numeral with no 万億兆: "三千五百", "二〇二五", "百〇五", "6千", "千25"."""
    if not s:
        return None
    total = 0
    run: list[int] = []
    last = _NO_UNIT
    for ch in s:
        if ch in DIGITS:
            run.append(DIGITS[ch])
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last:  # units must strictly decrease: "十百", "百百" are not numbers
                return None
            if run and (len(run) != 1 or run[0] == 0):  # one nonzero digit per unit: not "二二十"
                return None
            total += (run[0] if run else 1) * unit
            last = unit
            run = []
        else:
            return None
    if run:
        tail = _positional(run)
        if last != _NO_UNIT and tail >= last:  # "十12" is not a number
            return None
        total += tail
    return total


def parse_kanji_number(s: str) -> int | None:
    """Integer value of a kanji (or kanji/ASCII mixed) numeral, None if `s` is not one.

    Accepts positional digits ("二〇二五" = 2025, "二○二五" with ○ as zero), the multipliers
    十百千 ("十二" = 12, "百二十三" = 123, "三千五百" = 3500) and 万億兆 ("一万二千" = 12000),
    with ASCII digits in any place a kanji digit can stand ("6千", "1兆2000億"). Plain ASCII
    digits ("2025") are accepted too. No signs, separators or spaces.
    """
    total = 0
    section = ""
    last: int | None = None
    for ch in s:
        if ch in BIG_UNITS:
            unit = BIG_UNITS[ch]
            if last is not None and unit >= last:
                return None
            value = _below_man(section)
            if not value:  # "万" alone or "〇万" is not a number
                return None
            total += value * unit
            last = unit
            section = ""
        else:
            section += ch
    if section:
        value = _below_man(section)
        if value is None or (last is not None and value >= last):
            return None
        total += value
    elif last is None:
        return None
    return total


def _shift(mantissa: str, places: int) -> Decimal:
    """Exact `mantissa * 10**places` for a plain decimal string, without context rounding."""
    whole, _, frac = mantissa.partition(".")
    if len(frac) <= places:
        return Decimal(whole + frac + "0" * (places - len(frac)))
    return Decimal(f"{whole}{frac[:places]}.{frac[places:]}")


def parse_number(s: str) -> Decimal | None:
    """Value of a number as written after NFKC, None if `s` is not a number.

    Shapes: "4,500" → 4500, "1.06", "1,234.5", "二〇二五", "三千五百", "6千" → 6000,
    "1,000万" → 10000000, "1.5億" → 150000000, "246兆" → 246 * 10**12; with an optional sign
    "-", "△" or "▲" ("△3" = -3, the accounting style). Surrounding whitespace is ignored.
    Units that are not multipliers ("円", "%", "人") make the text a non-number.
    """
    text = s.strip()
    negative = False
    if text[:1] in _SIGNS:
        negative = True
        text = text[1:]
    if not text:
        return None
    value: Decimal | None
    try:
        if _DECIMAL.fullmatch(text):
            value = Decimal(text.replace(",", ""))
        elif m := _SCALED.fullmatch(text):
            value = _shift(m["m"].replace(",", ""), len(str(BIG_UNITS[m["u"]])) - 1)
        else:
            plain = _GROUPED.sub(lambda g: g[0].replace(",", ""), text)
            n = None if "," in plain else parse_kanji_number(plain)
            value = None if n is None else Decimal(n)
    except (InvalidOperation, ValueError):  # pragma: no cover - the shapes above are valid decimals
        return None
    if value is None:
        return None
    return -value if negative else value
