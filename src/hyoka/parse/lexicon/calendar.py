"""How dates, fiscal years and period lengths are written, as patterns over the matching form:

    令和7年4月1日   令和元年5月   平成31年3月31日   令和七年四月一日   同12年3月
    令和7年(2025年)4月1日   令和7(2025)年度   2025(令和7)年   2025年4月1日   二〇二五年
    令和7年度   令和7年度(2025年度)   2025年度
    令和7年○月○日   令和7年月日   (draft placeholders)
    5年間   五年間   5か年   5ヶ年間   (a period's stated length)

The era names come from `hyoka.model.fiscal.ERAS`; the numerals from the ordinals lexicon.
`hyoka.parse.dates` and `hyoka.parse.period` read dates and periods with these patterns.
"""

from __future__ import annotations

import re

from hyoka.model.fiscal import ERAS
from hyoka.parse.lexicon.ordinals import KANJI_NUMERAL_CHARS

ERA = "|".join(ERAS)
_KANJI = KANJI_NUMERAL_CHARS.replace("零", "").replace("百", "").replace("千", "")  # 〇○一…九十
_KANJI_DIGITS = _KANJI.replace("十", "")
SP = " *"  # tolerate spaces the normalization may have kept
ERA_YEAR = rf"(?:元|[0-9]{{1,2}}(?![0-9])|[{_KANJI}]{{1,4}})"
_WESTERN = "[0-9]{4}"

#: Where a date can begin: an era (or 同) and its year, or a four-digit western year.
DATE_HEAD = re.compile(
    rf"(?P<era>{ERA}|同){SP}(?P<en>{ERA_YEAR})"
    rf"|(?<![0-9{_KANJI}])(?P<wy>{_WESTERN}|[{_KANJI_DIGITS}]{{4}})(?![0-9])"
)
#: The other calendar in parentheses before 年: "令和7(2025)年", "2025(令和7)年".
GLOSS_BEFORE = re.compile(rf"{SP}\({SP}(?:{_WESTERN}|(?:{ERA}){SP}{ERA_YEAR}){SP}\)")
#: 年, or 年度; "年代" (decade) and "年間" (a length) are not dates.
NEN = re.compile(rf"{SP}年(?:(?P<do>{SP}度)|(?!{SP}[代間]))")
#: ... or after it: "令和7年(2025年)", "令和7年度(2025年度)", "2025年度(令和7年度)".
GLOSS_AFTER = re.compile(rf"{SP}\({SP}(?:{_WESTERN}|(?:{ERA}){SP}{ERA_YEAR}){SP}年(?:{SP}度)?{SP}\)")
MONTH = re.compile(rf"{SP}(?P<m>[0-9]{{1,2}}(?![0-9])|[{_KANJI}]{{1,3}})?{SP}月")
#: An empty day must not be the first character of a word: "4月日本" is no date.
DAY = re.compile(rf"{SP}(?P<d>[0-9]{{1,2}}(?![0-9])|[{_KANJI}]{{1,3}})?{SP}日(?![本常程々曜時])")

#: "5年間", "五年間", "5か年", "5ヶ年間": a period's stated length.
PERIOD_LENGTH = re.compile(
    rf"(?<![0-9{_KANJI}])(?P<n>[0-9]{{1,2}}(?![0-9])|[{_KANJI.replace('〇', '').replace('○', '')}]{{1,3}})"
    r" *(?:年間|(?:か|カ|ヶ|ケ|ヵ|箇|個) *年(?: *間)?)"
)
#: A second date with its era left out: "令和7年4月から12年3月まで".
ERALESS_YEAR = re.compile(rf"(?:元|[0-9]{{1,2}}(?![0-9])|[{_KANJI}]{{1,3}}) *年(?! *間)")
#: The range between two dates: から, より, ~ and the dashes.
RANGE_CONNECTOR = re.compile(r" *(?:から|より|[~〜\-ー－―‐–—]) *[、,]? *")
UNTIL = re.compile(r" *まで")
#: A length right after a start: "令和7年4月から5年間", "令和7年度からの5か年".
FROM_FOR = re.compile(r" *(?:から|より)(?:の)? *")
