"""Heading label rules: one small function per numbering scheme, tried in table order.

Each rule looks at the start of a logical line in its spaced matching form (NFKC, single
spaces kept, circled numbers kept) and either declines or returns a `Label`: the scheme, the
ordinal(s) it may stand for, how long the label is and the title after it. The shapes:

    roman          Ⅰ．政策体系…   Ｉ．…   Ⅲ 研究開発…
    dai            第１ 政策体系…   第３章 …   第２節 …
    dotted         ３．１ 戦略的経営…   １．１．宇宙安全保障…
    decimal        １．法人の使命   10．情報発信…   ２. 国民から…
    number_space   １ 年金積立金の管理…
    paren_digit    （１）組織・人員体制の整備   ⑴ …
    circled        ① 医薬品プロジェクト
    paren_kana     （ア）…
    kana           ア 研究開発…   イ．…   (aiueo or iroha order: both readings are offered)
    paren_alpha    （ａ）…
    kanji          一 総則   二、…
    angle          ＜法人の使命＞            (whole line; no ordinal)
    bracket_number 【１．１ 世界最高水準の…】  (whole line)

Whether a matched label really is a heading (and not a list item, a cross-reference such as
「Ⅲ．１．２項において定める。」 or a sentence) is decided by `title_ok` here and by the
numbering order in `hyoka.parse.tree`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hyoka.parse.logical import LogicalLine
from hyoka.parse.numerals import parse_kanji_number
from hyoka.sources import fold_chars

Ordinal = tuple[int, ...]

MAX_TITLE = 100
# After a number with no period ("100 年間の…", "1.1項から…") a counter or unit says the number
# is a quantity or a reference, not a label; 「１ 年金積立金の…」「１ 人事に関する事項」 are labels.
_COUNTER_START = re.compile(
    r"^(?:[項条号章節款度期回件名%倍つ分時週歳円万億兆千百十・,.、)~/:\-]|\d"
    r"|か(?:所|月|年|国)|年(?:間|度|以|前|後|目|代|次|末|頃|ぶり|$)"
    r"|[月日](?:以|間|前|後|末|付|ま|か|、|。|$|\d)|人(?:以|程|を|の|が|に|で|と|、|。|$))"
)
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}


@dataclass(frozen=True, slots=True)
class Reading:
    scheme: str
    ordinal: Ordinal | None


@dataclass(frozen=True, slots=True)
class Label:
    readings: tuple[Reading, ...]
    length: int  # characters of the spaced form taken by the label (separator included)
    title: str
    whole_line: bool = False

    @property
    def scheme(self) -> str:
        return self.readings[0].scheme


Rule = Callable[[str], Label | None]


def title_ok(title: str, *, strict: bool = False) -> bool:
    """A heading title is a short phrase: not empty, not a sentence.

    `strict` is for labels without their own punctuation (「１ 」, 「１．１」 with nothing after):
    there the title must not start like a counter or unit.
    """
    title = title.strip()
    if not title or len(title) > MAX_TITLE or "。" in title:
        return False
    return not (strict and _COUNTER_START.match(title))


def _simple(
    scheme: str, pattern: str, ordinal: Callable[[re.Match[str]], Ordinal | None], *, strict: bool = False
) -> Rule:
    compiled = re.compile(pattern)

    def rule(text: str) -> Label | None:
        match = compiled.match(text)
        if not match:
            return None
        title = text[match.end() :].strip()
        if not title_ok(title, strict=strict):
            return None
        return Label((Reading(scheme, ordinal(match)),), match.end(), title)

    rule.__name__ = f"rule_{scheme}"
    return rule


def _int(group: str) -> Callable[[re.Match[str]], Ordinal | None]:
    def get(match: re.Match[str]) -> Ordinal | None:
        value = match.group(group)
        number = int(value) if value.isdigit() else parse_kanji_number(value)
        return None if number is None else (number,)

    return get


# ＜目標水準の考え方＞, ＜アウトプット指標＞: bracketed labels of blocks inside an item, not headings
BLOCK_LABEL = re.compile(r"(?:考え方|外部要因|指標|定量目標|数値目標|目標値|重要度|困難度)")


def rule_angle(text: str) -> Label | None:
    """＜法人の使命＞ alone on its line."""
    match = re.fullmatch(r"<([^<>。]{1,60})>", text)
    if not match or BLOCK_LABEL.search(match.group(1)):
        return None
    return Label((Reading("angle", None),), len(text), match.group(1).strip(), whole_line=True)


def rule_bracket_number(text: str) -> Label | None:
    """【１．１ 世界最高水準の研究開発成果の創出】 alone on its line."""
    match = re.fullmatch(r"【(\d+(?:\.\d+)*)\.?\s*([^【】。]{1,60})】", text)
    if not match:
        return None
    ordinal = tuple(int(part) for part in match.group(1).split("."))
    scheme = f"bracket_number{len(ordinal)}"
    return Label((Reading(scheme, ordinal),), len(text), match.group(2).strip(), whole_line=True)


def rule_roman(text: str) -> Label | None:
    """Ⅰ．… / Ｉ．… / Ⅲ …: Roman numerals fold to ASCII under NFKC, so a separator is required."""
    match = re.match(r"(XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)(?:\.\s*|\s+)", text)
    if not match:
        return None
    title = text[match.end() :].strip()
    if not title_ok(title):
        return None
    return Label((Reading("roman", (_ROMAN[match.group(1)],)),), match.end(), title)


def rule_dotted(text: str) -> Label | None:
    """３．１ 戦略的経営… / １．１．宇宙安全保障…: the scheme is named by its depth."""
    match = re.match(r"(\d{1,2}(?:\.\d{1,2})+)(\.?)(\s*)", text)
    if not match:
        return None
    title = text[match.end() :].strip()
    if not title_ok(title, strict=not (match.group(2) or match.group(3))):
        return None
    ordinal = tuple(int(part) for part in match.group(1).split("."))
    return Label((Reading(f"dotted{len(ordinal)}", ordinal),), match.end(), title)


def _kana_rule(scheme: str, pattern: str, *, strict: bool) -> Rule:
    """ア 研究… / （イ）…: イ is both the second of アイウ and the first of イロハ, so both are offered."""
    compiled = re.compile(pattern)

    def rule(text: str) -> Label | None:
        match = compiled.match(text)
        if not match:
            return None
        title = text[match.end() :].strip()
        if not title_ok(title, strict=strict) or (strict and title[0] in _AIUEO):
            return None
        char = match.group(1)
        readings = [Reading(f"{scheme}_aiueo", (_AIUEO.index(char) + 1,))]
        if char in _IROHA:
            readings.append(Reading(f"{scheme}_iroha", (_IROHA.index(char) + 1,)))
        return Label(tuple(readings), match.end(), title)

    rule.__name__ = f"rule_{scheme}"
    return rule


rule_kana = _kana_rule("kana", rf"([{_AIUEO}])(?:\.\s*|\s+)", strict=True)
rule_paren_kana = _kana_rule("paren_kana", rf"\(([{_AIUEO}])\)\s*", strict=False)


def _circled(match: re.Match[str]) -> Ordinal | None:
    char = match.group("c")
    code = ord(char)
    if 0x2460 <= code <= 0x2473:
        return (code - 0x2460 + 1,)
    if 0x3251 <= code <= 0x325F:
        return (code - 0x3251 + 21,)
    return (code - 0x32B1 + 36,)


RULES: tuple[Rule, ...] = (
    rule_angle,
    rule_bracket_number,
    _simple("dai", r"第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s+", _int("n")),
    _simple("dai_chapter", r"第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})章\s*", _int("n")),
    _simple("dai_section", r"第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})節\s*", _int("n")),
    rule_roman,
    rule_dotted,
    _simple("decimal", r"(?P<n>\d{1,2})\.(?!\d)\s*", _int("n")),
    _simple("number_space", r"(?P<n>\d{1,2})\s+", _int("n"), strict=True),
    _simple("paren_digit", r"\((?P<n>\d{1,2})\)\s*", _int("n")),
    _simple("circled", r"(?P<c>[①-⑳㉑-㉟㊱-㊿])\s*", _circled),
    rule_paren_kana,
    rule_kana,
    _simple("paren_alpha", r"\((?P<a>[a-z])\)\s*", lambda m: (ord(m.group("a")) - 96,)),
    _simple("kanji", r"(?P<n>[一二三四五六七八九十]{1,3})(?:\s+|、)", _int("n"), strict=True),
)


def match_label(spaced: str) -> Label | None:
    """The first rule of the table that matches the start of `spaced`, if any."""
    for rule in RULES:
        label = rule(spaced)
        if label is not None:
            return label
    return None


def written_label(line: LogicalLine, label: Label) -> str:
    """The label as printed on `line` (「第１」, 「（１）」, 「＜法人の使命＞」), not its matching form."""
    stripped = line.text.strip()
    if label.whole_line:
        return stripped
    wanted = len(line.spaced[: label.length].rstrip())
    for end in range(1, len(stripped) + 1):
        if len(" ".join(fold_chars(stripped[:end]).split())) >= wanted:
            return stripped[:end].strip()
    return stripped
