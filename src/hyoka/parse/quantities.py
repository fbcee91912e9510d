"""Quantities in normalized text: a number, its unit, and the words that bound it.

    4,500件以上   130件/年   1.06%以上   3.2%以内   80%以上   6千本以上   10億ドルを超える
    1.9%を…確保   5ポイント以上   2倍   二十件

NFKC has already made digits ASCII and removed spaces, so 「4,500 件以上」 reads 4,500件以上.
Numbers that are dates, ordinals or references (令和7年, 第3条, 2025年度) are not quantities;
a number glued to Latin letters (Top1%, G7) is part of a name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hyoka.model import Comparator
from hyoka.parse.lexicon.measures import (
    COMPARATORS,
    NUMBER_GLUE,
    ORDINAL_BEFORE,
    PER_YEAR_SUFFIX,
    QUANTITY,
    REFERENCE_AFTER,
    TIME_UNITS,
    UNIT_ALIASES,
)
from hyoka.parse.lexicon.numbers import parse_number


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, where it stands in the text, and any bound written after it."""

    value: float
    unit: str
    start: int
    end: int  # end of the unit
    comparator: Comparator | None
    bound_end: int  # end of the comparator words, or `end`
    per_year: bool

    @property
    def is_time(self) -> bool:
        return self.unit in TIME_UNITS


def comparator_after(text: str, position: int) -> tuple[Comparator | None, int]:
    rest = text[position:]
    for pattern, comparator in COMPARATORS:
        match = pattern.match(rest)
        if match:
            return comparator, position + match.end()
    return None, position


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every number-with-unit in `text` that is not a date, ordinal, reference or name part."""
    for match in QUANTITY.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 4) : start]
        last = before[-1:]
        if ORDINAL_BEFORE.search(before) or (last.isascii() and last.isalpha()) or (last and last in NUMBER_GLUE):
            continue
        if REFERENCE_AFTER.match(text[end : end + 2]) and match.group("unit") not in ("%", "倍"):
            continue
        value = parse_number(match.group("num"))
        if value is None:
            continue
        unit = UNIT_ALIASES.get(match.group("unit"), match.group("unit"))
        suffix = PER_YEAR_SUFFIX.match(text[end:])
        comparator, bound_end = comparator_after(text, end + (suffix.end() if suffix else 0))
        yield Quantity(
            value=float(value),
            unit=unit,
            start=start,
            end=end,
            comparator=comparator,
            bound_end=bound_end,
            per_year=suffix is not None,
        )
