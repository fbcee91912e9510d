"""Quantities in normalized text: a number, its unit, and the words that bound it.

    4,500件以上   130件/年   1.06%以上   3.2%以内   80%以上   6千本以上   10億ドルを超える
    1.9%を…確保   5ポイント以上   2倍   二十件

NFKC has already made digits ASCII and removed spaces, so 「4,500 件以上」 reads 4,500件以上.
Numbers that are dates, ordinals or references (令和7年, 第3条, 2025年度) are not quantities;
a number glued to Latin letters (Top1%, G7) is part of a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hyoka.model import Comparator
from hyoka.parse.lexicon.numbers import parse_number

# longest first: 億円 before 円, 営業日 before 日
UNITS = (
    "百万円", "億ドル", "万ドル", "兆円", "億円", "万円", "千円", "ドル", "円",
    "ポイント", "%", "倍", "割",
    "機関", "組合", "団体", "事業者", "企業", "課題", "拠点", "施設", "品目", "か所", "箇所", "地域", "か国",
    "件", "回", "人", "名", "社", "校", "機", "本", "編", "報", "種", "基", "台", "隻", "点", "者", "国",
    "営業日", "時間", "年間", "か月", "年", "月", "日", "分",
)  # fmt: skip
TIME_UNITS = frozenset({"営業日", "時間", "年間", "か月", "年", "月", "日", "分"})
_UNIT_ALIASES = {"ポイント": "pt"}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[千万億兆](?=[^\d円ド]))?|[一二三四五六七八九十百千]+"
QUANTITY = re.compile(rf"(?P<num>{_NUMBER})(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})")
_ORDINAL_BEFORE = re.compile(r"(?:第|令和|平成|昭和|西暦|No\.?|Top|TOP|top)$")
_REFERENCE_AFTER = re.compile(r"^(?:条|号|項|期|次|位|度|年度|月|日|段階|世代)")
COMPARATORS: tuple[tuple[re.Pattern[str], Comparator], ...] = (
    (re.compile(r"^(?:以上|を下回らない|を下回らず|を下回ることなく|超を維持)"), Comparator.ge),
    (re.compile(r"^(?:以下|以内|を超えない|を超えず|を上回らない|に抑制|に抑え|までに抑制)"), Comparator.le),
    (re.compile(r"^(?:超|を超える|を超え|を上回る|を上回り|より多く)"), Comparator.gt),
    (re.compile(r"^(?:未満|を下回る)"), Comparator.lt),
)
PER_YEAR_SUFFIX = re.compile(r"^/(?:年|年度)")


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
        if _ORDINAL_BEFORE.search(before) or (last.isascii() and last.isalpha()) or (last and last in "0123456789.,/"):
            continue
        if _REFERENCE_AFTER.match(text[end : end + 2]) and match.group("unit") not in ("%", "倍"):
            continue
        value = parse_number(match.group("num"))
        if value is None:
            continue
        unit = _UNIT_ALIASES.get(match.group("unit"), match.group("unit"))
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
