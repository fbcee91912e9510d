"""Ordinals as labels write them, and the pattern fragments every other pattern is built from.

A label's number comes in many forms, all after NFKC (`hyoka.sources.normalize`), which makes
full-width digits ASCII and Roman numerals Latin letters, and keeps circled numbers:

    ASCII           1 12            第１ → 第1, １． → 1.
    kanji           一 十二 二十三   第六期, 一．, （三）, 第十二
    era year        元              令和元年 (1 of an era)
    circled         ① ⑳ ㉑ ㊿
    Roman           I IV XII        Ⅳ → IV; lower case i ii (ⅰ → i)
    kana            ア イ ウ …       aiueo order, and イ ロ ハ … iroha order (イ is both)
    Latin           a b c           (ａ) → (a)

`ordinal` reads the first five; kana and Latin letters have readers of their own because one
letter may mean two positions (イ: 2nd of アイウ, 1st of イロハ; i: 9th letter, Roman one).
Quantities (targets, baselines, periods) are read with `hyoka.parse.lexicon.numbers`, whose
numeral parser is the same one `ordinal` uses for kanji.
"""

from __future__ import annotations

from hyoka.parse.lexicon.numbers import DIGITS, SMALL_UNITS, parse_kanji_number

# --- characters ---------------------------------------------------------------------------------

#: Kanji digits (〇 as ○ after folding) and the multipliers a label's ordinal may use.
KANJI_DIGIT_CHARS = "〇○零一二三四五六七八九"
KANJI_NUMERAL_CHARS = KANJI_DIGIT_CHARS + "十百千"
#: Circled numbers ① … ⑳, ㉑ … ㉟, ㊱ … ㊿ (NFKC leaves them alone in hyoka's matching form).
CIRCLED_CHARS = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"
AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"

# --- pattern fragments (strings, to be put into regular expressions) ----------------------------

#: An ASCII number of one to three digits (a label's ordinal, a day, a month).
ARABIC = r"[0-9]{1,3}"
#: A kanji numeral of one to four characters (六, 十二, 二十三).
KANJI = f"[{KANJI_NUMERAL_CHARS}]{{1,4}}"
#: A number as a label or an edition writes it: ASCII or kanji.
NUMBER = f"(?:{ARABIC}|{KANJI})"
#: A number inside an era year: 元 as well (令和元年).
ERA_NUMBER = f"(?:元|{ARABIC}|{KANJI})"
#: One circled number.
CIRCLED = f"[{CIRCLED_CHARS}]"
#: Roman numerals up to 20 (after NFKC: Ⅲ → III), longest alternatives first.
ROMAN_UPPER = "XVIII|XVII|XIII|XVI|XIV|XII|XIX|XX|XV|XI|IX|VIII|VII|VI|IV|X|V|III|II|I"
ROMAN_LOWER = ROMAN_UPPER.lower()
KANA_AIUEO = f"[{AIUEO}]"
LATIN_LOWER = "[a-z]"

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman(token: str) -> int | None:
    """Value of a Roman numeral in either case ("IV" → 4, "xii" → 12), None if it is not one."""
    text = token.upper()
    if not text or any(ch not in _ROMAN_VALUES for ch in text) or text not in ROMAN_UPPER.split("|"):
        return None
    total = 0
    for position, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[text[position + 1]] if position + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def circled(char: str) -> int | None:
    """① → 1, ⑳ → 20, ㉑ → 21, ㊿ → 50; None for anything else."""
    if len(char) != 1:
        return None
    code = ord(char)
    if 0x2460 <= code <= 0x2473:
        return code - 0x2460 + 1
    if 0x3251 <= code <= 0x325F:
        return code - 0x3251 + 21
    if 0x32B1 <= code <= 0x32BF:
        return code - 0x32B1 + 36
    return None


def ordinal(token: str) -> int | None:
    """The value of a label's number in any of its one-valued forms: "12", "十二", "二〇", "元",
    "①", "IV", "iv"; None when `token` is none of them (an empty string included)."""
    if not token:
        return None
    if token.isascii() and token.isdigit():
        return int(token)
    if token == "元":
        return 1
    if len(token) == 1 and (value := circled(token)) is not None:
        return value
    if all(ch in DIGITS or ch in SMALL_UNITS for ch in token):
        return parse_kanji_number(token)
    return roman(token)


def kana(char: str) -> list[tuple[str, int]]:
    """The positions a kana label may stand for: ("aiueo", n) and, where it is one, ("iroha", n)."""
    readings = []
    if char in AIUEO:
        readings.append(("aiueo", AIUEO.index(char) + 1))
    if char in IROHA:
        readings.append(("iroha", IROHA.index(char) + 1))
    return readings


def latin(char: str) -> list[tuple[str, int]]:
    """A lower-case letter label: its place in the alphabet and, for i v x, the Roman value first."""
    readings = []
    if (value := roman(char)) is not None:
        readings.append(("roman", value))
    if len(char) == 1 and "a" <= char <= "z":
        readings.append(("alpha", ord(char) - ord("a") + 1))
    return readings


def kanji_numeral(number: int) -> str:
    """1 … 99 as a kanji numeral (6 → 六, 12 → 十二, 23 → 二十三); other numbers in ASCII."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    digits = KANJI_DIGIT_CHARS[3:]  # 一 … 九 after 〇 ○ 零
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")
