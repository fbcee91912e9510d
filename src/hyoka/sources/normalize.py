"""The matching form of Japanese text extracted from PDFs and word processors.

Every `SourceLine` keeps two strings: `text`, exactly as read, for display and citation,
and `norm`, the form that patterns and comparisons run against. The same printed page
reaches us in many code point spellings: full-width digits and latin letters, U+3000
ideographic spaces, Kangxi radicals (⽇ for 日) and radical-supplement look-alikes
(⻑ for 長) that PDF fonts emit, three different "○" characters, and the wave dash /
minus / em dash that Shift_JIS decoders map to different code points (0x8160 is U+301C
in JIS tables and U+FF5E in CP932). Matching must not care about any of that, while
display must not lose any of it; hence two strings instead of one.

NFKC does most of the folding, but it would also turn circled numbers (①, ㉑) into plain
digits, and in objective documents "①" is a numbering scheme distinct from "1". They are
kept as they are by running NFKC only on the text between them.

Roman numerals fold through NFKC as well: "Ⅲ" becomes "III".

`normalize` also drops whitespace, because PDF extraction inserts spaces between CJK
characters at will ("内 閣 府"); a single space survives only between two ASCII letters or
digits, where it separates words ("JAPAN is BACK"). `fold_chars` is the same folding with
the spaces left in place, for code that needs word boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_chars", "matching_forms", "normalize"]

# ⓪, ①-⑳, ㉑-㉟, ㊱-㊿. The capturing group makes re.split keep them at odd indices.
_CIRCLED = re.compile("([\u24ea\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])")

# Invisible characters that only get in the way of matching. Dropped *before* NFKC so
# that a base character and a combining mark they separated are composed in the same pass.
_INVISIBLE = str.maketrans(dict.fromkeys(["\u00ad", "\u200b", "\u2060", "\ufeff"]))

# Applied *after* NFKC. Every target is itself NFKC-stable, so folding stays idempotent.
_FOLD = str.maketrans(
    {
        # CJK Radicals Supplement characters that NFKC leaves alone but that PDF fonts use
        # for the whole ideograph. Only look-alikes of a standalone ideograph are listed;
        # component forms (⺅ 亻, ⺡ 氵, ⺣ 灬 ...) are not words and stay as they are.
        "\u2e9c": "日",  # ⺜
        "\u2e9d": "月",  # ⺝
        "\u2e9f": "母",  # ⺟
        "\u2ea0": "民",  # ⺠
        "\u2ea9": "王",  # ⺩
        "\u2ec1": "虎",  # ⻁
        "\u2ec4": "西",  # ⻄
        "\u2ec6": "角",  # ⻆
        "\u2ed1": "長",  # ⻑
        "\u2ed8": "青",  # ⻘
        "\u2edd": "食",  # ⻝
        "\u2ee3": "骨",  # ⻣
        "\u2ee4": "鬼",  # ⻤
        "\u2ee8": "麦",  # ⻨
        "\u2ee9": "黄",  # ⻩
        "\u2eeb": "斉",  # ⻫
        "\u2eed": "歯",  # ⻭
        "\u2eef": "竜",  # ⻯
        "\u2ef2": "亀",  # ⻲
        # Circles used as marks ("○" for applicable) and 〇 used the same way.
        "\u3007": "\u25cb",  # 〇 IDEOGRAPHIC NUMBER ZERO
        "\u25ef": "\u25cb",  # ◯ LARGE CIRCLE
        "\u26aa": "\u25cb",  # ⚪ MEDIUM WHITE CIRCLE
        # Range tildes; NFKC already maps ～ U+FF5E to "~".
        "\u301c": "~",  # 〜 WAVE DASH
        "\u223c": "~",  # ∼ TILDE OPERATOR
        # Hyphens and minus signs; NFKC already maps － U+FF0D and ﹣ to "-" and ‑ to ‐.
        "\u2010": "-",  # ‐ HYPHEN
        "\u2012": "-",  # ‒ FIGURE DASH
        "\u2013": "-",  # – EN DASH
        "\u2212": "-",  # − MINUS SIGN
        # JIS 0x815C and 0x8161 decode differently in JIS and CP932 tables.
        "\u2015": "\u2014",  # ― HORIZONTAL BAR -> — EM DASH
        "\u2225": "\u2016",  # ∥ PARALLEL TO -> ‖ DOUBLE VERTICAL LINE
    }
)

_SPACE_BETWEEN_WORDS = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")
# After the step above, any whitespace left next to a non-alphanumeric (or an edge) goes.
_OTHER_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def _nfkc_keeping_circled(text: str) -> str:
    if _CIRCLED.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    parts = _CIRCLED.split(text)
    parts[::2] = [unicodedata.normalize("NFKC", part) for part in parts[::2]]
    return "".join(parts)


def fold_chars(text: str) -> str:
    """Fold code point variants for matching (NFKC without circled numbers, radicals,
    circles, tildes, dashes) but keep whitespace, so word boundaries survive."""
    if text.isascii():
        return text
    return _nfkc_keeping_circled(text.translate(_INVISIBLE)).translate(_FOLD)


def _squeeze(text: str) -> str:
    return _OTHER_SPACE.sub("", _SPACE_BETWEEN_WORDS.sub(" ", text))


@lru_cache(maxsize=65536)
def matching_forms(text: str) -> tuple[str, str]:
    """Both matching forms of one line, folded once: `normalize(text)`, and the form that keeps
    one space wherever the text had any (label separators such as 「第１ 政策体系」 need it)."""
    folded = fold_chars(text)
    spaced = " ".join(folded.split())
    norm = _squeezed(folded)
    return norm, norm if norm == spaced else spaced  # one string where they agree (no spaces)


def normalize(text: str) -> str:
    """The matching form of one line: `fold_chars`, then whitespace removed except a
    single space between two ASCII letters/digits. Idempotent."""
    return matching_forms(text)[0]


def _squeezed(folded: str) -> str:
    out = _squeeze(folded)
    # Dropping a space can put a combining mark (or a Hangul jamo) next to a base it
    # composes with; fold again until stable so normalize(normalize(s)) == normalize(s).
    # Each extra round only composes, so the string shrinks and the loop ends.
    while len(out) != len(folded) and not unicodedata.is_normalized("NFC", out):
        folded = fold_chars(out)
        out = _squeeze(folded)
    return out
