"""Patterns the rules share: time expressions, sentence ends, term lists turned into patterns.

Term lists are check-policy parameters (a ministry may extend them), so rules pass them in and
`terms` compiles each list once. Every pattern here runs on the matching form (`normalise`):
digits are ASCII, spaces gone, circles unified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from hyoka.model.fiscal import ERAS
from hyoka.parse.lexicon.ordinals import ERA_NUMBER, NUMBER, ordinal

_ERA = "|".join(ERAS)  # 令和, 平成, … (the model's table of eras)

# A time a target or a completion is tied to: a year or date, or a period-wide scope.
TIME = re.compile(
    rf"(?:{_ERA}){ERA_NUMBER}年|\d{{4}}年|年度末|毎年度?|各年度|年度ごと|期間中|期間内|期間終了|期間の終了|最終年度"
    rf"|目標期間(?:に|の|を|まで)|当期|{NUMBER}年(?:間|以内|後)|{NUMBER}(?:か|カ|ヶ|ケ|ヵ|箇)月|早期に|速やかに"
)

# A year written as 令和N年 / 平成N年 / 2030年 (年度 or not), with 年代 marking a decade.
YEAR = re.compile(rf"({_ERA})({ERA_NUMBER})年(度)?|(\d{{4}})年(代)?(度)?")

# A sentence: up to a 。 (list items and headings without one are not sentences).
_SENTENCE = re.compile(r"[^。]+。")
# Endings that only soften a verb: …すること。 …するものとする。 …していく。
_SOFT_ENDINGS = re.compile(r"(?:ものとする|こととする|ことを目指す|こと|ていく|ていきます|ます)?。$")


def sentences(text: str) -> list[str]:
    """The sentences of normalised `text` that end in 。."""
    return [s for s in _SENTENCE.findall(text) if len(s) > 1]


def sentence_end(sentence: str) -> str:
    """The sentence without its softening ending: 「…に努めること。」 → 「…に努める」."""
    return _SOFT_ENDINGS.sub("", sentence)


@lru_cache(maxsize=256)
def _compiled(words: tuple[str, ...], anchor: str) -> re.Pattern[str]:
    body = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(f"(?:{body}){anchor}")


def terms(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of `words` anywhere."""
    return _compiled(tuple(words), "")


def ending(words: Sequence[str]) -> re.Pattern[str]:
    """A pattern matching text that ends with one of `words`."""
    return _compiled(tuple(words), "$")


def fiscal_year(era: str | None, number: str | None, western: str | None) -> int:
    """The year of a YEAR match as a western year (令和N = 2018+N, 平成N = 1988+N), its number in
    any form the lexicon reads (7, 七, 元)."""
    if western:
        return int(western)
    return ERAS.get(era or "", ERAS["令和"]) + (ordinal(number or "") or 1) - 1


def zenkaku(number: int) -> str:
    """A number in full-width digits, as the messages print them (５年, ８事業年度)."""
    return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
