"""Heading label schemes, as one table of data, and the marks that open list items and blocks.

A scheme is a row: its name, the pattern of its label at the start of a line (in the spaced
matching form: NFKC, single spaces kept, circled numbers kept), how to read the ordinal(s) the
label may stand for, whether it may open a document's body, and how strict the title after it
must be. The shapes, in table order (the first row that matches wins):

    angle            ＜法人の使命＞                   the whole line; no ordinal
    bracket_number   【１．１ 世界最高水準の…】        the whole line
    dai_chapter      第３章 …
    dai_section      第２節 …
    dai              第１ 政策体系…  第六 …  第１．…  第一、…
    roman            Ⅰ．政策体系…  Ｉ．…  Ⅲ 研究開発…
    dotted           ３．１ 戦略的経営…  １．１．宇宙…  3.1 教育…
    decimal          １．法人の使命  一．…  10．…
    number_space     １ 年金積立金の管理…           (digits and a space: the title is checked)
    kanji            一 総則  三、経費の削減
    paren_digit      （１）組織…  （一）…  ⑴ …
    half_paren       3) …
    square           [1] …
    circled          ① 医薬品プロジェクト
    paren_kana       （ア）…  （イ）…                (aiueo and iroha readings)
    kana             ア 研究開発…  イ．…  ウ、…
    paren_latin      （ａ）…  （ⅰ）…                 (alphabet and lower-case Roman readings)

Adding a scheme is adding a row (and a fixture in tests/parse/test_labels.py). Whether a
matched label really is a heading — and not a list item, a cross-reference such as 「Ⅲ．１．２項
において定める。」 or a sentence — is decided by `title_ok` here and by the numbering order
the heading stack keeps (`hyoka.parse.tree`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from hyoka.parse.lexicon import ordinals as o
from hyoka.parse.lexicon.terms import MARK_KINDS, MARK_LEVELS

Ordinal = tuple[int, ...]

MAX_TITLE = 100

# After a number with no punctuation ("100 年間の…", "1.1項から…") a counter or unit says the
# number is a quantity or a reference, not a label; 「１ 年金積立金の…」「１ 人事に関する事項」 are labels.
COUNTER_START = re.compile(
    r"^(?:[項条号章節款度期回件名%倍つ分時週歳円万億兆千百十・,.、)~/:\-]|[0-9]"
    r"|か(?:所|月|年|国)|年(?:間|度|以|前|後|目|代|次|末|頃|ぶり|$)"
    r"|[月日](?:以|間|前|後|末|付|ま|か|、|。|$|[0-9])|人(?:以|程|を|の|が|に|で|と|、|。|$))"
)

#: Words that make a bracketed label a block inside an item (＜目標水準の考え方＞), not a heading.
BLOCK_LABEL_WORDS = re.compile(r"(?:考え方|外部要因|指標|定量目標|数値目標|目標値|重要度|困難度|難易度|評価軸)")


@dataclass(frozen=True, slots=True)
class Reading:
    scheme: str
    ordinal: Ordinal | None


@dataclass(frozen=True, slots=True)
class Label:
    readings: tuple[Reading, ...]
    length: int  # characters of the spaced form the label takes (separator included)
    title: str
    whole_line: bool = False
    root: bool = False  # its scheme may open a document's body

    @property
    def scheme(self) -> str:
        return self.readings[0].scheme


Reader = Callable[[re.Match[str]], list[Reading]]


@dataclass(frozen=True, slots=True)
class Scheme:
    """One numbering scheme of headings (see the module notes)."""

    name: str
    pattern: re.Pattern[str]
    read: Reader
    root: bool = False  # may open a document's body (Ⅰ, 第１, １．); list markers (①) never do
    strict: bool = False  # no punctuation of its own: the title must not start like a counter
    whole_line: bool = False  # the label is the whole line (＜…＞, 【…】)
    bare: bool = True  # may stand alone on its line, its title on the next
    title_not_after: str = ""  # characters a title may not start with (ア アイ… is a word, not a label)

    def match(self, spaced: str) -> Label | None:
        found = self.pattern.match(spaced)
        if not found:
            return None
        readings = tuple(self.read(found))
        if not readings:
            return None
        if self.whole_line:
            return Label(readings, len(spaced), found.group("title").strip(), whole_line=True, root=self.root)
        title = spaced[found.end() :].strip()
        refused = title and (not title_ok(title, strict=self.strict) or title[0] in self.title_not_after)
        if refused or (not title and not self.bare):
            return None
        return Label(readings, found.end(), title, root=self.root)


def title_ok(title: str, *, strict: bool = False) -> bool:
    """A heading title is a short phrase: not a sentence, and (strict) not a counter or unit."""
    title = title.strip()
    if not title or len(title) > MAX_TITLE or "。" in title:
        return False
    return not (strict and COUNTER_START.match(title))


def _one(scheme: str, group: str = "n") -> Reader:
    def read(match: re.Match[str]) -> list[Reading]:
        value = o.ordinal(match.group(group))
        return [] if value is None else [Reading(scheme, (value,))]

    return read


def _path(prefix: str) -> Reader:
    """３．１．２ → (3, 1, 2), named by depth: dotted2, dotted3 (bracket_number2 …)."""

    def read(match: re.Match[str]) -> list[Reading]:
        parts = [o.ordinal(part) for part in match.group("n").split(".")]
        if any(part is None for part in parts):
            return []
        ordinal = tuple(part for part in parts if part is not None)
        return [Reading(f"{prefix}{len(ordinal)}", ordinal)]

    return read


def _kana(scheme: str) -> Reader:
    def read(match: re.Match[str]) -> list[Reading]:
        return [Reading(f"{scheme}_{order}", (value,)) for order, value in o.kana(match.group("k"))]

    return read


def _latin(match: re.Match[str]) -> list[Reading]:
    token = match.group("a")
    readings = []
    if (value := o.roman(token)) is not None:
        readings.append(Reading("paren_roman", (value,)))
    if len(token) == 1:
        readings.append(Reading("paren_alpha", (ord(token) - ord("a") + 1,)))
    return readings


def _angle(match: re.Match[str]) -> list[Reading]:
    return [] if BLOCK_LABEL_WORDS.search(match.group("title")) else [Reading("angle", None)]


_END = r"(?=\s|$)"
_PATH = r"[0-9]{1,2}(?:\.[0-9]{1,2})+"

SCHEMES: tuple[Scheme, ...] = (
    Scheme("angle", re.compile(r"<(?P<title>[^<>。]{1,60})>$"), _angle, whole_line=True, bare=False),
    Scheme(
        "bracket_number",
        re.compile(rf"【(?P<n>{_PATH}|[0-9]{{1,2}})\.?\s*(?P<title>[^【】。]{{1,60}})】$"),
        _path("bracket_number"),
        whole_line=True,
        bare=False,
    ),
    Scheme("dai_chapter", re.compile(rf"第(?P<n>{o.NUMBER})章\s*"), _one("dai_chapter"), root=True),
    Scheme("dai_section", re.compile(rf"第(?P<n>{o.NUMBER})節\s*"), _one("dai_section"), root=True),
    Scheme("dai", re.compile(rf"第(?P<n>{o.NUMBER})(?:\s+|[.、]\s*|$)"), _one("dai"), root=True),
    Scheme("roman", re.compile(rf"(?P<n>{o.ROMAN_UPPER})(?:\.\s*|\s+|$)"), _one("roman"), root=True),
    Scheme("dotted", re.compile(rf"(?P<n>{_PATH})(?:\.\s*|\s+|$)"), _path("dotted")),
    Scheme("dotted", re.compile(rf"(?P<n>{_PATH})(?=[^\s0-9.])"), _path("dotted"), strict=True),
    Scheme("decimal", re.compile(rf"(?P<n>{o.NUMBER})\.(?![0-9])\s*"), _one("decimal"), root=True),
    Scheme("number_space", re.compile(r"(?P<n>[0-9]{1,2})\s+"), _one("number_space"), root=True, strict=True),
    Scheme("kanji", re.compile(rf"(?P<n>{o.KANJI})(?:\s+|、)"), _one("kanji"), root=True, strict=True),
    Scheme("paren_digit", re.compile(rf"\((?P<n>{o.NUMBER})\)\s*"), _one("paren_digit")),
    Scheme("half_paren", re.compile(r"(?P<n>[0-9]{1,2})\)\s*"), _one("half_paren")),
    Scheme("square", re.compile(r"\[(?P<n>[0-9]{1,2})\]\s*"), _one("square")),
    Scheme("circled", re.compile(rf"(?P<n>{o.CIRCLED})\s*"), _one("circled")),
    Scheme("paren_kana", re.compile(rf"\((?P<k>{o.KANA_AIUEO})\)\s*"), _kana("paren_kana")),
    Scheme(
        "kana",
        re.compile(rf"(?P<k>{o.KANA_AIUEO})(?:\.\s*|、\s*|\s+)"),
        _kana("kana"),
        strict=True,
        title_not_after=o.AIUEO,
    ),
    Scheme("paren_latin", re.compile(r"\((?P<a>[a-z]{1,4})\)\s*"), _latin),
)


# what every label of the table begins with: a quick refusal for the lines that begin otherwise
_LABEL_START = re.compile(
    rf"^(?:[<【\[(第]|{o.ROMAN_UPPER}|[0-9]|[{o.KANJI_NUMERAL_CHARS}]|{o.CIRCLED}|{o.KANA_AIUEO})"
)


@lru_cache(maxsize=8192)
def match_label(spaced: str) -> Label | None:
    """The label at the start of `spaced` by the first scheme that matches, if any.

    Kept per text (labels are immutable): several rules ask about the same line, and a paragraph
    asks again about the line after it."""
    if _LABEL_START.match(spaced) is None:
        return None
    for scheme in SCHEMES:
        label = scheme.match(spaced)
        if label is not None:
            return label
    return None


# --- list items, blocks, annexes ----------------------------------------------------------------

#: Characters that open a list item (after folding: 〇/◯ are ○).
BULLET_CHARS = "・･○●◎◇◆□■▪•※\\-*"
BULLET = re.compile(f"^[{BULLET_CHARS}]")
#: The mark of a note (※…), which is no list item of its own.
NOTE_MARK = "※"
#: The mark a draft leaves for a number not yet written (令和７年○月○日), after folding.
PLACEHOLDER_CHARS = frozenset("○〇")
#: The question mark of an evaluation axis (○理事長のリーダーシップの下、…できたか。).
AXIS_MARK = "○"
#: Bullets of an indicator entry in an evaluation-axes table.
DOT_BULLETS = ("・", "･", "-")
#: The bullet an entry of an axes table or a list item begins with, to strip from its text.
LEADING_BULLET = re.compile(f"^[{BULLET_CHARS}○〇◯]\\s*")
#: Where an item cell merged with the first axis of its row splits: 「３.１戦略… 〇理事長の…」.
AXIS_AFTER_SPACE = re.compile(r"\s[○〇◯]")
#: A note under a table: 注） 注1）.
NOTE_LABEL = re.compile(r"^注[0-9]*[)）]")
#: Opening and closing brackets of a labelled block after folding: 【】 ＜＞→<> （）→() 〔〕 []
OPEN_BRACKETS = "【<(\\[〔"
CLOSE_BRACKETS = "】>)\\]〕"
#: A lone label inside a list (イ, (1), ①) glued to its text after normalization: 「イ技術相談件数」.
LIST_LABEL = re.compile(
    rf"^(?:\((?:{o.NUMBER}|{o.KANA_AIUEO}|[a-z])\)|{o.NUMBER}\.(?![0-9])|{o.CIRCLED}|{o.KANA_AIUEO}(?=[^ァ-ヺー])"
    rf"|[{BULLET_CHARS}])\s*"
)

#: A list item's label before a sentence of its own (no heading then): 「イ 技術相談件数を…とする。」
ITEM_LABEL = re.compile(
    rf"^(?:\((?:{o.NUMBER}|{o.KANA_AIUEO}|[a-z]{{1,4}})\)|{o.NUMBER}[.)](?![0-9])|{o.CIRCLED}"
    rf"|{o.KANA_AIUEO}(?:[.、]|\s)|\[{o.NUMBER}\])\s*\S"
)

#: Annex labels: 別紙１, 別添２, 別表, 参考資料４, （別紙２）, 別紙一.
ANNEX_WORDS = "別紙|別添|別表|参考資料|参考"
ANNEX_LABEL = re.compile(rf"^\(?(?P<label>(?:{ANNEX_WORDS})\s*(?:{o.NUMBER})?)\)?")
#: The same in the original text (full-width digits), to show the label as printed.
ANNEX_LABEL_WRITTEN = re.compile(rf"(?:{ANNEX_WORDS})[\s　]*[0-9０-９{o.KANJI_NUMERAL_CHARS}]*")
ANNEX_LABEL_PREFIX = re.compile(rf"^[(（]?(?:別紙|別添|別表)\s*[0-9０-９{o.KANJI_NUMERAL_CHARS}]*[)）]?[:：\s]*")
#: A cover line printed above a document: 【参考資料4】, ＜別添＞.
COVER_LABEL = re.compile(rf"^[【<(\[〔](?:{ANNEX_WORDS}|資料)\s*{o.NUMBER}?[】>)\]〕]")

#: A page number printed alone: 12, - 3 -, ‐ 3 ‐, 3/10.
PAGE_NUMBER = re.compile(r"^[-‐－—―]?\s*[0-9]{1,4}\s*[-‐－—―]?$|^[0-9]{1,4}\s*/\s*[0-9]{1,4}$")
#: A table-of-contents entry ends in a page number, often after dot leaders: …… 12, ・・・3.
TOC_LEADER = re.compile(r"(?:[.・･…‥]{2,}|\s)\s*[0-9]{1,3}$")

#: Importance and difficulty marks: 【重要度：高】, 【重要度 高】, ＜困難度：高＞, 【重要度：高、困難度：高】,
#: and 重要度「高」 in running text (not 「重要度「高」とする理由」, which names one).
MARK_BRACKETED = re.compile(
    rf"[{OPEN_BRACKETS}]\s*(?P<body>(?:{MARK_KINDS}\s*[:：]?\s*「?{MARK_LEVELS}」?[、,・\s]*){{1,2}})[{CLOSE_BRACKETS}]"
)
MARK_QUOTED = re.compile(
    rf"(?P<kind>{MARK_KINDS})「(?P<level>{MARK_LEVELS})」(?!の理由|とする理由|とした理由|と(?:する|した)理由)"
)
MARK_ONE = re.compile(rf"(?P<kind>{MARK_KINDS})\s*[:：]?\s*「?(?P<level>{MARK_LEVELS})」?")
