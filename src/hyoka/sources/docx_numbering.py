"""Word's automatic numbering (ECMA-376 Part 1 §17.9): the label Word shows before a paragraph.

`Numbering` is built from the package's numbering part (word/numbering.xml) and styles part
(word/styles.xml), as lxml elements; either may be missing. Its `label` is called for every
paragraph in reading order, and gives the label Word would display ("第１", "（２）", "①",
"ア", "1.2", a bullet "・") followed by its separator, or "" for a paragraph that is not
numbered. Every numbered paragraph counts, whether or not its label is then used.

What is followed:

- A paragraph is numbered by its w:pPr/w:numPr (w:numId, w:ilvl) or through its paragraph
  style (w:style/w:pPr/w:numPr, along w:basedOn; the default paragraph style when it names
  none). The numId is the paragraph's, else the style's; the level is the paragraph's ilvl,
  else the style's, else (numbering from the style) the level whose w:pStyle names the
  paragraph's style, else 0. numId 0 means "not numbered", also against an inherited one.
- w:num points at a w:abstractNum, which may take its levels from a numbering style
  (w:numStyleLink to the style whose numId reaches the w:abstractNum with the matching
  w:styleLink). A w:num may override levels (w:lvlOverride with w:startOverride and/or a
  whole w:lvl).
- Counters belong to the abstract definition, as in Word: w:num elements that point at the
  same w:abstractNum continue one sequence, and a w:num that overrides a level restarts that
  level (at its w:startOverride, else at the overriding w:lvl's start) where it is first
  used. A level's first value is w:start, 0 when absent (§17.9.26). Using a level restarts
  the deeper levels, unless their w:lvlRestart says otherwise (0: never; k: only when level
  k or a shallower one, counted from 1, is used). A level used before the levels above it
  have been gives them their start values, and they count on from there (Word shows "1.1"
  for a first Heading 2, then "2" for the Heading 1 after it).
- w:lvlText's %1…%9 are the levels' current values, each in its own w:numFmt, or all in
  decimal where the level shown has w:isLgl. Symbol and Wingdings bullets (private-use
  characters U+F020–U+F0FF) read "・", as does a picture bullet.
- The separator is one ASCII space for w:suff tab (the default) and space, nothing for
  "nothing"; none after an empty label or one that already ends in a space.

Anything malformed (a num, abstractNum or level that is not defined, a bad integer, a level
out of range) gives that paragraph no label, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_LEVELS", "Numbering", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_VAL = f"{_W}val"
_PPR = f"{_W}pPr"
_PSTYLE = f"{_W}pStyle"
_NUMPR = f"{_W}numPr"
_NUM_ID = f"{_W}numId"
_ILVL = f"{_W}ilvl"
_NUM = f"{_W}num"
_ABSTRACT_NUM = f"{_W}abstractNum"
_ABSTRACT_NUM_ID = f"{_W}abstractNumId"
_NUM_STYLE_LINK = f"{_W}numStyleLink"
_STYLE_LINK = f"{_W}styleLink"
_LVL = f"{_W}lvl"
_LVL_OVERRIDE = f"{_W}lvlOverride"
_START_OVERRIDE = f"{_W}startOverride"
_START = f"{_W}start"
_NUM_FMT = f"{_W}numFmt"
_FORMAT = f"{_W}format"
_LVL_TEXT = f"{_W}lvlText"
_LVL_RESTART = f"{_W}lvlRestart"
_IS_LGL = f"{_W}isLgl"
_SUFF = f"{_W}suff"
_PIC_BULLET = f"{_W}lvlPicBulletId"
_STYLE = f"{_W}style"
_STYLE_ID = f"{_W}styleId"
_TYPE = f"{_W}type"
_DEFAULT = f"{_W}default"
_BASED_ON = f"{_W}basedOn"
_ALTERNATE = f"{_MC}AlternateContent"
_CHOICE = f"{_MC}Choice"
_FALLBACK = f"{_MC}Fallback"

MAX_LEVELS = 9  # w:ilvl 0..8
_MAX_INT = 2**31 - 1  # ST_DecimalNumber is a 32-bit integer
_MAX_LINK_DEPTH = 8  # numStyleLink and basedOn hops before a chain is taken as a loop
_INTEGER = re.compile(r"[+-]?[0-9]+")
_PLACEHOLDER = re.compile(r"%([1-9])")
_CUSTOM_ZERO_PADDED = re.compile(r"(0+)1\s*,")  # w14 custom format "001, 002, 003, ..."
_FALSE = frozenset({"0", "false", "off"})
_BULLET = "・"
_SEPARATOR = " "


class _Broken(Exception):
    """Malformed numbering: the paragraph gets no label."""


# --- number formats (w:numFmt) ------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_KANJI_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "〇壱弐参四伍六七八九"
_AIUEO = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ"
_AIUEO_FULL = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ"  # no half-width ヰ, ヱ exist
_IROHA_FULL = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_MAX_ROMAN = 32767  # Word's largest list number
_MAX_REPEATED = 780  # letters and kana repeat (AA, BB, …) up to Word's limit of 780 for letters


def _decimal(value: int) -> str:
    return str(value)


def _full_width(value: int) -> str:
    return str(value).translate(_FULL_WIDTH)


def _decimal_zero(value: int) -> str:
    return f"0{value}" if 0 <= value < 10 else str(value)


def _roman(value: int) -> str:
    if not 0 < value <= _MAX_ROMAN:
        return str(value)
    parts: list[str] = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)


def _repeating(alphabet: str) -> Callable[[int], str]:
    """A, B, … Z, AA, BB, … as Word writes letters (and, by the same rule, kana)."""

    def render(value: int) -> str:
        if not 0 < value <= _MAX_REPEATED:
            return str(value)
        times, index = divmod(value - 1, len(alphabet))
        return alphabet[index] * (times + 1)

    return render


def _cycling(alphabet: str) -> Callable[[int], str]:
    def render(value: int) -> str:
        return alphabet[(value - 1) % len(alphabet)] if value > 0 else str(value)

    return render


def _kanji(
    digits: str, units: tuple[str, str, str], myriads: tuple[str, ...], *, one_before_units: bool
) -> Callable[[int], str]:
    """Counting numerals: 一, 十, 十一, 二十三, 百, 千, 一万 (or 壱拾, 壱百 with `one_before_units`)."""

    def group(value: int) -> str:  # 1..9999
        parts: list[str] = []
        for power, unit in ((3, units[2]), (2, units[1]), (1, units[0])):
            digit = value // 10**power % 10
            if digit:
                parts.append(("" if digit == 1 and not one_before_units else digits[digit]) + unit)
        if value % 10:
            parts.append(digits[value % 10])
        return "".join(parts)

    def render(value: int) -> str:
        if value == 0:
            return digits[0]
        if value < 0:
            return str(value)
        parts: list[str] = []
        rest = value
        for myriad in myriads:
            rest, part = divmod(rest, 10000)
            if part:
                parts.append(group(part) + myriad)
            if not rest:
                break
        if rest:
            return str(value)
        return "".join(reversed(parts))

    return render


def _digital(digits: str) -> Callable[[int], str]:
    """Digit by digit: 一〇 for 10."""

    def render(value: int) -> str:
        return "".join(digits[int(c)] for c in str(value)) if value >= 0 else str(value)

    return render


def _enclosed(ranges: tuple[tuple[int, int, int], ...]) -> Callable[[int], str]:
    """Enclosed numbers from Unicode blocks: (first value, last value, code point of the first)."""

    def render(value: int) -> str:
        for first, last, code in ranges:
            if first <= value <= last:
                return chr(code + value - first)
        return str(value)

    return render


_CIRCLED = _enclosed(((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1)))
_KANJI_COUNTING = _kanji(_KANJI_DIGITS, ("十", "百", "千"), ("", "万", "億", "兆"), one_before_units=False)

_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": _decimal,
    "decimalHalfWidth": _decimal,
    "decimalFullWidth": _full_width,
    "decimalFullWidth2": _full_width,
    "decimalZero": _decimal_zero,
    "upperRoman": _roman,
    "lowerRoman": lambda value: _roman(value).lower(),
    "upperLetter": _repeating("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": _repeating("abcdefghijklmnopqrstuvwxyz"),
    "aiueo": _repeating(_AIUEO),
    "aiueoFullWidth": _repeating(_AIUEO_FULL),
    "iroha": _repeating(_IROHA),
    "irohaFullWidth": _repeating(_IROHA_FULL),
    "japaneseCounting": _KANJI_COUNTING,
    "chineseCounting": _KANJI_COUNTING,
    "chineseCountingThousand": _KANJI_COUNTING,
    "taiwaneseCounting": _KANJI_COUNTING,
    "taiwaneseCountingThousand": _KANJI_COUNTING,
    "japaneseLegal": _kanji(_LEGAL_DIGITS, ("拾", "百", "阡"), ("", "萬"), one_before_units=True),
    "japaneseDigitalTenThousand": _digital(_KANJI_DIGITS),
    "ideographDigital": _digital(_KANJI_DIGITS),
    "taiwaneseDigital": _digital(_KANJI_DIGITS),
    "decimalEnclosedCircle": _CIRCLED,
    "decimalEnclosedCircleChinese": _CIRCLED,
    "decimalEnclosedParen": _enclosed(((1, 20, 0x2474),)),
    "decimalEnclosedFullstop": _enclosed(((1, 20, 0x2488),)),
    "ideographEnclosedCircle": _enclosed(((1, 10, 0x3280),)),
    "ideographTraditional": _cycling(_HEAVENLY_STEMS),
    "ideographZodiac": _cycling(_EARTHLY_BRANCHES),
    "bullet": lambda _value: "",  # the bullet is the level text itself
    "none": lambda _value: "",
}


def format_number(value: int, fmt: str) -> str:
    """`value` written in the w:numFmt `fmt`; an unknown format is decimal."""
    return _FORMATS.get(fmt, _decimal)(value)


def _symbol_bullets(text: str) -> str:
    """Symbol/Wingdings private-use characters (U+F020–U+F0FF) as "・"."""
    if not any("\uf020" <= char <= "\uf0ff" for char in text):
        return text
    return "".join(_BULLET if "\uf020" <= char <= "\uf0ff" else char for char in text)


# --- the numbering definitions ------------------------------------------------------------------


def _int(text: str | None) -> int | None:
    """An ST_DecimalNumber attribute; None when absent. Raises `_Broken` when malformed."""
    if text is None:
        return None
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise _Broken
    value = int(text)
    if abs(value) > _MAX_INT:
        raise _Broken
    return value


def _child_int(element: Any, tag: str) -> int | None:
    """The w:val of `element`'s child `tag` as an integer; None when there is no such child."""
    child = element.find(tag)
    if child is None:
        return None
    value = _int(child.get(_VAL))
    if value is None:
        raise _Broken
    return value


def _child_val(element: Any, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None else child.get(_VAL)


@dataclass(frozen=True, slots=True)
class _Level:
    """One w:lvl: how its number starts, restarts and is shown."""

    start: int
    fmt: str
    zero_pad: int  # w14 custom formats "01, 02, …": digits to pad to (0: not padded)
    text: str
    restart: int | None
    legal: bool
    separator: str
    picture: bool
    style: str | None

    def number(self, value: int, *, legal: bool) -> str:
        if self.fmt in ("bullet", "none"):
            return ""
        if legal:
            return str(value)
        if self.zero_pad and value >= 0:
            return str(value).zfill(self.zero_pad)
        return format_number(value, self.fmt)


def _number_format(level: Any) -> tuple[str, int]:
    """The level's w:numFmt (looking into mc:AlternateContent as Word 2010 writes custom ones)."""
    direct = level.find(_NUM_FMT)
    if direct is not None:
        return direct.get(_VAL) or "decimal", 0
    alternate = level.find(_ALTERNATE)
    if alternate is not None:
        for branch in (*alternate.findall(_CHOICE), *alternate.findall(_FALLBACK)):
            fmt = branch.find(_NUM_FMT)
            if fmt is None:
                continue
            val = fmt.get(_VAL) or "decimal"
            if val == "custom":
                padded = _CUSTOM_ZERO_PADDED.match(fmt.get(_FORMAT) or "")
                if padded:
                    return "decimal", len(padded.group(1)) + 1
                continue  # take the fallback
            return val, 0
    return "decimal", 0


def _parse_level(level: Any) -> _Level:
    start = _child_int(level, _START)
    fmt, zero_pad = _number_format(level)
    try:
        restart = _child_int(level, _LVL_RESTART)
    except _Broken:
        restart = None
    legal_el = level.find(_IS_LGL)
    suffix = _child_val(level, _SUFF)
    return _Level(
        start=0 if start is None else start,
        fmt=fmt,
        zero_pad=zero_pad,
        text=_child_val(level, _LVL_TEXT) or "",
        restart=restart,
        legal=legal_el is not None and (legal_el.get(_VAL) or "true").strip().lower() not in _FALSE,
        separator="" if suffix == "nothing" else _SEPARATOR,
        picture=level.find(_PIC_BULLET) is not None,
        style=_child_val(level, _PSTYLE),
    )


def _levels(container: Any) -> dict[int, _Level | None]:
    """The w:lvl children by ilvl (the first of each); None for a malformed level."""
    levels: dict[int, _Level | None] = {}
    for element in container.findall(_LVL):
        try:
            ilvl = _int(element.get(_ILVL))
        except _Broken:
            continue
        if ilvl is None or not 0 <= ilvl < MAX_LEVELS or ilvl in levels:
            continue
        try:
            levels[ilvl] = _parse_level(element)
        except _Broken:
            levels[ilvl] = None
    return levels


@dataclass(frozen=True, slots=True)
class _List:
    """A w:num resolved: its levels, the counters it shares, the levels it restarts."""

    counters: int  # the abstractNumId whose counters it uses
    levels: tuple[_Level | None, ...]
    restart_at: tuple[int | None, ...]  # per level: where a level override restarts it

    def level_of_style(self, style: str | None) -> int | None:
        for ilvl, level in enumerate(self.levels):
            if level is not None and style is not None and level.style == style:
                return ilvl
        return None


def _restarts(restart: int | None, deeper: int, used: int) -> bool:
    """Whether using level `used` restarts level `deeper` (> used) under its w:lvlRestart."""
    if restart is None or restart < 0 or restart - 1 >= deeper:
        return True  # absent, or naming this level or a deeper one: ignored (§17.9.10)
    if restart == 0:
        return False
    return used <= restart - 1


class Numbering:
    """The numbering definitions of one document, and the counters as it is read in order."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self._nums: dict[int, Any] = {}
        self._abstracts: dict[int, Any] = {}
        self._style_links: dict[str, int] = {}  # numbering style id -> abstractNumId defining it
        self._paragraph_styles: dict[str, Any] = {}
        self._numbering_styles: dict[str, Any] = {}
        self._default_style: str | None = None
        self._lists: dict[int, _List | None] = {}
        self._style_numbering: dict[str, tuple[int | None, int | None] | None] = {}
        self._counters: dict[int, list[int | None]] = {}
        self._used: set[tuple[int, int]] = set()  # (numId, ilvl) already shown once
        if numbering is not None:
            self._index_numbering(numbering)
        if styles is not None:
            self._index_styles(styles)

    def _index_numbering(self, root: Any) -> None:
        for element in root.findall(_ABSTRACT_NUM):
            try:
                abstract_id = _int(element.get(_ABSTRACT_NUM_ID))
            except _Broken:
                continue
            if abstract_id is None or abstract_id in self._abstracts:
                continue
            self._abstracts[abstract_id] = element
            link = _child_val(element, _STYLE_LINK)
            if link is not None:
                self._style_links.setdefault(link, abstract_id)
        for element in root.findall(_NUM):
            try:
                num_id = _int(element.get(_NUM_ID))
            except _Broken:
                continue
            if num_id is not None:
                self._nums.setdefault(num_id, element)

    def _index_styles(self, root: Any) -> None:
        for element in root.findall(_STYLE):
            style_id = element.get(_STYLE_ID)
            if style_id is None:
                continue
            kind = element.get(_TYPE) or "paragraph"
            if kind == "paragraph":
                self._paragraph_styles.setdefault(style_id, element)
                default = (element.get(_DEFAULT) or "").strip().lower()
                if self._default_style is None and default in ("1", "true", "on"):
                    self._default_style = style_id
            elif kind == "numbering":
                self._numbering_styles.setdefault(style_id, element)

    # --- resolving --------------------------------------------------------------------------

    def _abstract_of_num(self, num_id: int) -> int | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        return _child_int(num, _ABSTRACT_NUM_ID)

    def _definition(self, abstract_id: int) -> tuple[int, Any] | None:
        """The abstractNum holding the levels: `abstract_id`'s own, or its numStyleLink's."""
        seen: set[int] = set()
        current = abstract_id
        while len(seen) < _MAX_LINK_DEPTH:
            seen.add(current)
            element = self._abstracts.get(current)
            if element is None:
                return None
            link = _child_val(element, _NUM_STYLE_LINK)
            if link is None:
                return current, element
            candidates: list[int | None] = [self._style_links.get(link)]
            style = self._numbering_styles.get(link)
            if style is not None:
                numpr = style.find(f"{_PPR}/{_NUMPR}")
                num_id = None if numpr is None else _child_int(numpr, _NUM_ID)
                if num_id is not None:
                    candidates.insert(0, self._abstract_of_num(num_id))
            target = next((c for c in candidates if c is not None and c not in seen), None)
            if target is None:
                # An unresolvable link: the definition's own levels, if it has any.
                return (current, element) if element.find(_LVL) is not None else None
            current = target
        return None

    def _resolve(self, num_id: int) -> _List | None:
        abstract_id = self._abstract_of_num(num_id)
        if abstract_id is None:
            return None
        definition = self._definition(abstract_id)
        if definition is None:
            return None
        key, abstract = definition
        levels = _levels(abstract)
        restart_at: dict[int, int] = {}
        for override in self._nums[num_id].findall(_LVL_OVERRIDE):
            try:
                ilvl = _int(override.get(_ILVL))
            except _Broken:
                continue
            if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                continue
            try:
                start = _child_int(override, _START_OVERRIDE)
                replaced = override.find(_LVL)
                if replaced is not None:
                    level = _parse_level(replaced)
                    levels[ilvl] = level
                    start = level.start if start is None else start
            except _Broken:
                levels[ilvl] = None
                continue
            if start is not None:
                restart_at[ilvl] = start
        return _List(
            counters=key,
            levels=tuple(levels.get(ilvl) for ilvl in range(MAX_LEVELS)),
            restart_at=tuple(restart_at.get(ilvl) for ilvl in range(MAX_LEVELS)),
        )

    def _list(self, num_id: int) -> _List | None:
        if num_id not in self._lists:
            try:
                self._lists[num_id] = self._resolve(num_id)
            except _Broken:
                self._lists[num_id] = None
        return self._lists[num_id]

    def _style_numpr(self, style_id: str | None) -> tuple[int | None, int | None]:
        """(numId, ilvl) a paragraph style gives, along its basedOn chain; each may be None."""
        if style_id is None:
            return None, None
        if style_id not in self._style_numbering:
            try:
                self._style_numbering[style_id] = self._walk_style(style_id)
            except _Broken:
                self._style_numbering[style_id] = None
        found = self._style_numbering[style_id]
        if found is None:
            raise _Broken
        return found

    def _walk_style(self, style_id: str) -> tuple[int | None, int | None]:
        num_id: int | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and len(seen) < 4 * _MAX_LINK_DEPTH:
            seen.add(current)
            style = self._paragraph_styles.get(current)
            if style is None:
                break
            numpr = style.find(f"{_PPR}/{_NUMPR}")
            if numpr is not None:
                if num_id is None:
                    num_id = _child_int(numpr, _NUM_ID)
                if ilvl is None:
                    ilvl = _child_int(numpr, _ILVL)
            current = _child_val(style, _BASED_ON)
        return num_id, ilvl

    # --- counting and showing ---------------------------------------------------------------

    def label(self, paragraph: Any) -> str:
        """Count `paragraph` (a w:p) if it is numbered; its label and separator, or ""."""
        try:
            return self._label(paragraph)
        except _Broken:
            return ""

    def _label(self, paragraph: Any) -> str:
        num_id: int | None = None
        ilvl: int | None = None
        style_id: str | None = None
        ppr = paragraph.find(_PPR)
        if ppr is not None:
            style_id = _child_val(ppr, _PSTYLE)
            numpr = ppr.find(_NUMPR)
            if numpr is not None:
                num_id = _child_int(numpr, _NUM_ID)
                ilvl = _child_int(numpr, _ILVL)
        if style_id is None or style_id not in self._paragraph_styles:
            style_id = self._default_style
        from_style = num_id is None
        if num_id is None or ilvl is None:
            try:
                style_num, style_ilvl = self._style_numpr(style_id)
            except _Broken:
                if num_id is None:
                    raise
                style_num, style_ilvl = None, None  # the paragraph's own numbering still holds
            num_id = style_num if num_id is None else num_id
            ilvl = style_ilvl if ilvl is None else ilvl
        if not num_id:  # None, or 0: not numbered
            return ""
        numbered = self._list(num_id)
        if numbered is None:
            return ""
        if ilvl is None:
            ilvl = (numbered.level_of_style(style_id) if from_style else None) or 0
        if not 0 <= ilvl < MAX_LEVELS:
            return ""
        level = numbered.levels[ilvl]
        if level is None:
            return ""
        self._count(num_id, ilvl, numbered, level)
        return self._show(numbered, level)

    def _count(self, num_id: int, ilvl: int, numbered: _List, level: _Level) -> None:
        counters = self._counters.setdefault(numbered.counters, [None] * MAX_LEVELS)
        restart = numbered.restart_at[ilvl] if (num_id, ilvl) not in self._used else None
        self._used.add((num_id, ilvl))
        current = counters[ilvl]
        if restart is not None:
            counters[ilvl] = restart
        elif current is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] = current + 1
        for shallower in range(ilvl):
            above = numbered.levels[shallower]
            if counters[shallower] is None and above is not None:
                counters[shallower] = above.start
        for deeper in range(ilvl + 1, MAX_LEVELS):
            below = numbered.levels[deeper]
            if _restarts(None if below is None else below.restart, deeper, ilvl):
                counters[deeper] = None

    def _show(self, numbered: _List, level: _Level) -> str:
        counters = self._counters[numbered.counters]

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            referenced = numbered.levels[index]
            if referenced is None:
                raise _Broken
            current = counters[index]
            return referenced.number(referenced.start if current is None else current, legal=level.legal)

        text = _symbol_bullets(_PLACEHOLDER.sub(value, level.text))
        if not text and level.picture:
            text = _BULLET
        if not text or text[-1].isspace():
            return text
        return text + level.separator
