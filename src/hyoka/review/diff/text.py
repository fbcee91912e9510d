"""Character diff of two texts that ignores layout, with the changes mapped back to the original.

A 新旧対照表 underlines what was amended, not what moved on the page. The same sentence reaches
us wrapped at another width, with PDF spacing between the characters (「内 閣 府」), in full- or
half-width digits, with ○ or 〇, or with a page number printed in the middle. So both texts are
brought to a matching form first: every character folded as `hyoka.sources.fold_chars` folds it
(NFKC except circled numbers, Kangxi radicals, circles, dashes), white space and line breaks
dropped (a soft wrap joined), lines that are only a page number (「- 12 -」, 「１２」) dropped.
Each character of that form remembers the offset of the original character it came from.

Japanese has no spaces between words, so the diff is by character (`difflib.SequenceMatcher`
without its junk heuristic, which would discard の and を). A character diff of a rewritten
phrase comes out as several small changes split by one or two characters that happen to agree
(の, 、); those are merged so that one underline covers the phrase, as a drafter would draw it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from hyoka.sources import fold_chars

_PAGE_NUMBER = re.compile(r"[-－―‐—–]?\s*[0-9０-９]{1,3}\s*[-－―‐—–]?(?:\s*/\s*[0-9０-９]{1,3})?")


@dataclass(frozen=True, slots=True)
class Folded:
    """The matching form of a text and, for each of its characters, the original offset."""

    text: str
    origin: tuple[int, ...]
    length: int  # length of the original text

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the matching-form run [start, end); end > start."""
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True, slots=True)
class TextDiff:
    """Changed runs of both texts as original offsets, and their similarity (0..1)."""

    old: tuple[tuple[int, int], ...]
    new: tuple[tuple[int, int], ...]
    ratio: float

    @property
    def equal(self) -> bool:
        return not self.old and not self.new


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace():
        return ""
    return "".join(c for c in fold_chars(char) if not c.isspace())


def _is_page_number(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and _PAGE_NUMBER.fullmatch(stripped) is not None


def fold(text: str, *, noise: frozenset[str] = frozenset()) -> Folded:
    """`text` in its matching form with the offset map; lines in `noise` (running headers, as
    their folded form) and page-number lines dropped."""
    chars: list[str] = []
    origin: list[int] = []
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        if _is_page_number(line):
            continue
        if noise and "".join(_fold_char(c) for c in line) in noise:
            continue
        for index, char in enumerate(line, start):
            for folded in _fold_char(char):
                chars.append(folded)
                origin.append(index)
    return Folded("".join(chars), tuple(origin), len(text))


def folded_key(text: str) -> str:
    """The matching form alone, for equality tests."""
    return fold(text).text


def _script(char: str) -> int:
    """A coarse writing-system class: hiragana, katakana, ideograph, latin/digit, punctuation."""
    code = ord(char)
    if 0x3041 <= code <= 0x309F:
        return 1
    if 0x30A0 <= code <= 0x30FF:
        return 2
    if 0x4E00 <= code <= 0x9FFF or char in "々〆":
        return 3
    if char.isalnum():
        return 4
    return 5


def _boundary(text: str, position: int) -> int:
    """How natural a break between text[position - 1] and text[position] is: string edges and
    punctuation best, a change of script next, two characters of one script worst."""
    if position <= 0 or position >= len(text):
        return 3
    left, right = _script(text[position - 1]), _script(text[position])
    if 5 in (left, right):
        return 2
    return 1 if left != right else 0


def _slid(region: tuple[int, int, int, int], text: str, room: tuple[int, int]) -> tuple[int, int, int, int]:
    """A pure insertion (or deletion) moved within the equal text around it to where it reads as a
    phrase: 「確［実に確］保」 becomes 「［確実に］確保」. `text` is the side that holds the characters."""
    i1, i2, j1, j2 = region
    start, end = (j1, j2) if i1 == i2 else (i1, i2)
    best, best_score = 0, _boundary(text, start) + _boundary(text, end)
    shift = 0
    while shift < room[0] and text[start - shift - 1] == text[end - shift - 1]:
        shift += 1
        score = _boundary(text, start - shift) + _boundary(text, end - shift)
        if score > best_score:
            best, best_score = -shift, score
    shift = 0
    while shift < room[1] and end + shift < len(text) and text[start + shift] == text[end + shift]:
        shift += 1
        score = _boundary(text, start + shift) + _boundary(text, end + shift)
        if score > best_score:
            best, best_score = shift, score
    return i1 + best, i2 + best, j1 + best, j2 + best


def _regions(opcodes: Sequence[tuple[str, int, int, int, int]], old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The changed regions of `opcodes`, pure insertions and deletions slid to phrase boundaries."""
    regions = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    for index, region in enumerate(regions):
        i1, i2, j1, j2 = region
        if (i1 == i2) == (j1 == j2):
            continue
        before = i1 - regions[index - 1][1] if index else i1
        after = (regions[index + 1][0] if index + 1 < len(regions) else len(old)) - i2
        regions[index] = _slid(region, new if i1 == i2 else old, (before, after))
    return regions


def _merged(regions: Sequence[tuple[int, int, int, int]], gap: int) -> list[tuple[int, int, int, int]]:
    """Changed regions (i1, i2, j1, j2); regions split by at most `gap` equal characters merged."""
    merged: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in regions:
        if merged:
            p1, p2, q1, q2 = merged[-1]
            if i1 - p2 <= gap and j1 - q2 <= gap:
                merged[-1] = (p1, i2, q1, j2)
                continue
        merged.append((i1, i2, j1, j2))
    return merged


def matcher(old: str, new: str) -> SequenceMatcher[str]:
    return SequenceMatcher(None, old, new, autojunk=False)


def similarity(old: str, new: str, least: float = 0.0) -> float:
    """Similarity of two matching forms (1.0 for two empty texts); 0.0 as soon as the cheap upper
    bounds (lengths, then character counts) show it cannot reach `least`."""
    if old == new:
        return 1.0
    if not old or not new:
        return 0.0
    pair = matcher(old, new)
    if pair.real_quick_ratio() < least or pair.quick_ratio() < least:
        return 0.0
    return pair.ratio()


def containment(part: str, whole: str) -> float:
    """The share of `part`'s characters found, in order, in `whole` (how much of it came from there)."""
    if not part:
        return 0.0
    found = sum(block.size for block in matcher(part, whole).get_matching_blocks())
    return found / len(part)


Run = tuple[int, int]


def _runs_in_parts(start: int, end: int, parts: Sequence[Folded], bounds: Sequence[int]) -> list[tuple[int, Run]]:
    """The matching-form run [start, end) of concatenated parts, cut at part boundaries and
    mapped to (part index, original offsets)."""
    runs: list[tuple[int, Run]] = []
    for index, part in enumerate(parts):
        lo, hi = max(start, bounds[index]), min(end, bounds[index + 1])
        if hi > lo:
            runs.append((index, part.original(lo - bounds[index], hi - bounds[index])))
    return runs


def _bounds(parts: Sequence[Folded]) -> list[int]:
    bounds = [0]
    for part in parts:
        bounds.append(bounds[-1] + len(part.text))
    return bounds


@dataclass(frozen=True, slots=True)
class PartsDiff:
    """Changed runs per part of each side (original offsets) and the similarity of the wholes."""

    old: tuple[tuple[Run, ...], ...]
    new: tuple[tuple[Run, ...], ...]
    ratio: float


def diff_parts(old: Sequence[Folded], new: Sequence[Folded], *, gap: int = 2) -> PartsDiff:
    """The diff of the old parts read as one text against the new parts read as one (a split or a
    merge compares one item with two), each change reported in the part it falls in."""
    old_text, new_text = "".join(p.text for p in old), "".join(p.text for p in new)
    if old_text == new_text:
        return PartsDiff(tuple(() for _ in old), tuple(() for _ in new), 1.0)
    pair = matcher(old_text, new_text)
    regions = _merged(_regions(pair.get_opcodes(), old_text, new_text), gap)
    old_bounds, new_bounds = _bounds(old), _bounds(new)
    old_runs: list[list[Run]] = [[] for _ in old]
    new_runs: list[list[Run]] = [[] for _ in new]
    for i1, i2, j1, j2 in regions:
        for index, run in _runs_in_parts(i1, i2, old, old_bounds):
            old_runs[index].append(run)
        for index, run in _runs_in_parts(j1, j2, new, new_bounds):
            new_runs[index].append(run)
    return PartsDiff(tuple(map(tuple, old_runs)), tuple(map(tuple, new_runs)), pair.ratio())


def diff_folded(old: Folded, new: Folded, *, gap: int = 2) -> TextDiff:
    """The changed runs of two folded texts, merged across `gap` equal characters, as original offsets."""
    parts = diff_parts([old], [new], gap=gap)
    return TextDiff(parts.old[0], parts.new[0], parts.ratio)


def diff_texts(old: str, new: str, *, gap: int = 2, noise: frozenset[str] = frozenset()) -> TextDiff:
    """The changed runs of `old` and `new` in original offsets; a reflow or re-spacing is no change."""
    return diff_folded(fold(old, noise=noise), fold(new, noise=noise), gap=gap)
