"""Snippets: the original text (`content`) around the first match of a term.

The match is found in one pass: the text translated character by character into matching form
(same length, so positions carry over), or, where characters fold together or apart, its
matching form built a character at a time with the position each character came from
(`_Form`). Only where folding joins characters across a cut is the match narrowed down by
normalizing pieces of the text (`_bisected_span`), which is exact but slow on long texts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from hyoka.sources import fold_chars
from hyoka.sources.normalize import matching_forms

__all__ = ["CONTEXT_CHARS", "DEFAULT_MARK", "FALLBACK_CHARS", "match_span", "snippet"]

DEFAULT_MARK = ("【", "】")
CONTEXT_CHARS = 40
FALLBACK_CHARS = 80

_WHITESPACE = re.compile(r"\s+")
# Hangul jamo and syllables compose with their neighbours under NFKC, as combining marks do.
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")


# `normalize` is cached; the snippet search would fill its cache with throwaway substrings.
def _normalize_uncached(text: str) -> str:
    return matching_forms.__wrapped__(text)[0]


def _contains(text: str, term: str) -> bool:
    return term in _normalize_uncached(text).lower()


def _bisected_span(content: str, term: str) -> tuple[int, int]:
    """The shortest stretch of `content` whose matching form holds `term` (which the whole of it
    does), by normalizing prefixes and suffixes: slow on long texts, but exact."""
    # The smallest end whose prefix holds the term, then the largest start before it.
    low, high = 1, len(content)
    while low < high:
        middle = (low + high) // 2
        if _contains(content[:middle], term):
            high = middle
        else:
            low = middle + 1
    end = high
    # Both searches keep a bound that holds the term, so the span found always does.
    low, high = 0, end - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _contains(content[middle:end], term):
            low = middle
        else:
            high = middle - 1
    return low, end


@lru_cache(maxsize=8192)
def _joins_previous(char: str) -> bool:
    """A combining mark, or a character folding to one, after white space or not (the
    half-width and the spacing voiced sound marks: ﾞ, ゛)."""
    return bool(unicodedata.combining(char) or unicodedata.combining(fold_chars(char).lstrip()[:1] or " "))


@lru_cache(maxsize=8192)
def _folded(cluster: str) -> tuple[tuple[str, bool, str], ...]:
    """A character with the marks that join it, in matching form (one character alone is only
    folded, its white space kept for the caller to judge): for each resulting character,
    itself, whether it is white space, and its lower case."""
    folded = fold_chars(cluster) if len(cluster) == 1 else _normalize_uncached(cluster)
    return tuple((char, char.isspace(), char.lower()) for char in folded)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, slots=True)
class _Form:
    """A text's matching form, lower-cased, built as `normalize` builds it but a character (with
    its combining marks) at a time: `starts[k]`:`ends[k]` is the stretch of the original that
    character k of `text` came from."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, content: str) -> _Form:
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        space = -1  # where the white space before the next character began, if any
        last = ""  # the last character kept, before lower-casing
        position, length = 0, len(content)
        while position < length:
            following = position + 1
            while following < length and _joins_previous(content[following]):
                following += 1
            for char, blank, lower in _folded(content[position:following]):
                if blank:
                    space = position if space < 0 else space
                    continue
                # white space survives as one space between two ASCII letters or digits only
                if space >= 0 and _is_word_char(last) and _is_word_char(char):
                    chars.append(" ")
                    starts.append(space)
                    ends.append(position)
                space = -1
                last = char
                for lowered in lower:
                    chars.append(lowered)
                    starts.append(position)
                    ends.append(following)
            position = following
        return cls("".join(chars), starts, ends)

    def span(self, term: str) -> tuple[int, int] | None:
        found = self.text.find(term)
        return None if found < 0 else (self.starts[found], self.ends[found + len(term) - 1])


class _OneToOne(dict[int, str]):
    """`str.translate` table: each character to its folded, lower-cased self where that is one
    character and folding it alone is folding it in place; to VANISHING where it folds to
    nothing (an invisible character); to IRREGULAR otherwise (folds to several characters,
    a combining mark, a Hangul jamo). Filled as characters are met."""

    VANISHING = "\x01"
    IRREGULAR = "\x00"
    LIMIT = 65536  # characters remembered

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = fold_chars(char)
        if not folded and code > 1:
            value = self.VANISHING
        elif (
            len(folded) == 1
            and len(folded.lower()) == 1
            and code > 1
            and not _joins_previous(char)
            and not _HANGUL.match(char)
        ):
            value = folded.lower()
        else:
            value = self.IRREGULAR
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_ONE_TO_ONE = _OneToOne()
# an irregular character after (only) white space or invisible ones: `normalize` may join it
# to the character before
_IRREGULAR_NEXT = re.compile(r"[\s\x01]*\x00")


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """`term` (matching form, lower case) as it can appear in a text translated with
    `_ONE_TO_ONE`: white space may come between two characters unless both are ASCII letters or
    digits (`normalize` keeps a space there), invisible characters anywhere."""
    parts = [re.escape(term[0])]
    for before, char in itertools.pairwise(term):
        parts.append(r"\x01*" if _is_word_char(before) and _is_word_char(char) else r"[\s\x01]*")
        parts.append(re.escape(char))
    return re.compile("".join(parts))


def _tightened(content: str, span: tuple[int, int], term: str) -> tuple[int, int]:
    """`span` without the characters at its ends that its matching form can do without (a
    combining mark that joined the last character but is not part of the term, say)."""
    start, end = span
    if not _contains(content[start:end], term):  # folding joined across the cut after all
        return _bisected_span(content, term)
    while end - start > 1 and _contains(content[start : end - 1], term):
        end -= 1
    while end - start > 1 and _contains(content[start + 1 : end], term):
        start += 1
    return start, end


def _spans(content: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """For each term found in `content`, its first match (see `match_span`)."""
    # The fast way: translate character by character (same length, so positions are the
    # original's) and look for the term with the white space `normalize` would drop. It cannot
    # see a match that involves an irregular character, so one before the match found, or next
    # to its end (it may combine with it), sends the term the slow way, as does a match that
    # turns out wrong or none at all.
    translated = content.translate(_ONE_TO_ONE)
    form: _Form | None = None
    spans = []
    for lowered in (term.lower() for term in terms):
        if not lowered:
            continue
        found = _term_pattern(lowered).search(translated)
        if (
            found is not None
            and _OneToOne.IRREGULAR not in translated[: found.end()]
            and not _IRREGULAR_NEXT.match(translated, found.end())
            and _contains(content[found.start() : found.end()], lowered)
        ):
            spans.append(found.span())
            continue
        if not _contains(content, lowered):
            continue
        form = form or _Form.of(content)
        # The character-wise form differs from the whole text's only where folding joins
        # characters across a cut (a combining mark after white space, say).
        span = form.span(lowered)
        spans.append(_tightened(content, span, lowered) if span else _bisected_span(content, lowered))
    return spans


def match_span(content: str, term: str) -> tuple[int, int] | None:
    """Where the first match of `term` (matching form) lies in the original `content`: the
    shortest stretch `content[start:end]` whose matching form contains it, or None."""
    spans = _spans(content, [term])
    return spans[0] if spans else None


def _flat(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def snippet(
    content: str, terms: Sequence[str], *, mark: tuple[str, str] = DEFAULT_MARK, context: int = CONTEXT_CHARS
) -> str:
    """`content` around the earliest match of any term, about `context` characters each side,
    the match between `mark`s, line breaks as spaces; the first 80 characters if none is found."""
    spans = _spans(content, terms)
    if not spans:
        head = _flat(content[:FALLBACK_CHARS]).strip()
        return head + ("…" if len(content) > FALLBACK_CHARS else "")
    start, end = min(spans)
    before_start, after_end = max(0, start - context), min(len(content), end + context)
    before = _flat(content[before_start:start]).lstrip()
    after = _flat(content[end:after_end]).rstrip()
    return (
        ("…" if before_start > 0 else "")
        + before
        + mark[0]
        + _flat(content[start:end])
        + mark[1]
        + after
        + ("…" if after_end < len(content) else "")
    )
