"""Document openings: a title, or the legal preamble itself; each begins a document of a bundle.

Documents are bound back to back with no separator, so each is found by what opens it, in the
shapes the guideline's documents use:

    国立研究開発法人○○が達成すべき業務運営に関する目標          a title (often over two lines,
    （中長期目標）（案）                                          then its kind and 案)
    ○○独立行政法人中期目標案   ○○機構第五期中期目標   ○○研究所 / 第６期中長期目標
    独立行政法人通則法…第35条の４の規定により、○○が達成すべき業務運営に関する目標
        （以下「中長期目標」という。）を定める。                   a preamble with no title

A preamble that follows a title within a cover page belongs to the title's document. A cover
line printed above the title (【参考資料４】) is not part of the agency's name. Everything up to
the next opening, figures and annexes included, belongs to the document before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hyoka.parse.lexicon.labels import COVER_LABEL
from hyoka.parse.lexicon.terms import ACHIEVE, DRAFT, EDITION, KIND, LEGAL_TYPES, ORG_SUFFIX, ORG_SUFFIXES, TITLE_TAIL

if TYPE_CHECKING:
    from hyoka.parse.lines import Line
    from hyoka.parse.state import ParseState

TITLE_ACHIEVE = re.compile(rf"^(?P<agency>[^、。]{{2,50}}?)が?{ACHIEVE}(?:に関する目標)?")
TITLE_NAMED_KIND = re.compile(
    rf"^(?P<agency>[^、。()]{{2,50}}?{ORG_SUFFIX})の?{EDITION}{KIND}{DRAFT}{TITLE_TAIL}{DRAFT}$"
)
TITLE_KIND_ONLY = re.compile(rf"^{EDITION}{KIND}{DRAFT}{TITLE_TAIL}{DRAFT}$")
AGENCY_LINE = re.compile(rf"^(?:{'|'.join(LEGAL_TYPES)})?[^、。()]{{1,40}}{ORG_SUFFIX}が?$")
PREAMBLE = re.compile(
    r"通則法.{0,160}?(?:規定|基づ).{0,120}?目標(?:\(以下「[^」]{1,12}」という。?\))?を(?:次のとおり|次のように|以下のとおり)?定める"
)
MAX_TITLE = 60
COVER_PAGE = 40  # content lines a cover page may hold between a title and its preamble
_PREAMBLE_LINES = 8  # physical lines a preamble sentence may wrap over


def without_cover(norm: str) -> str:
    """A title line without the cover label printed before it (【参考資料４】…)."""
    found = COVER_LABEL.match(norm)
    return norm[found.end() :] if found else norm


def _is_sentence(norm: str) -> bool:
    """Titles are bare phrases; a definition 「（以下「…」という。）」 or a full stop means prose."""
    return "。" in norm or "(以下" in norm or "「" in norm


def _agency_part_ok(norm: str) -> bool:
    match = TITLE_ACHIEVE.match(norm)
    return bool(match) and bool(re.search(ORG_SUFFIX, match.group("agency") if match else ""))


def _content(state: ParseState, start: int, count: int) -> list[int]:
    """Indices of up to `count` content lines from `start` on."""
    found: list[int] = []
    index: int | None = start
    while len(found) < count and index is not None and (index := state.next_content(index)) is not None:
        found.append(index)
        index += 1
    return found


def _may_be_title(norm: str) -> bool:
    """A short phrase that names objectives or ends like an agency's name."""
    if not norm or len(norm) > MAX_TITLE or _is_sentence(norm):
        return False
    if "目標" in norm or ACHIEVE in norm:
        return True
    # the cheap test first: every line is asked, few end as an organisation's name does
    return norm.removesuffix("が").endswith(ORG_SUFFIXES) and AGENCY_LINE.match(norm) is not None


def title_at(state: ParseState, start: int) -> list[int] | None:
    """The content lines of a title that begins at line `start`, if one does."""
    line = state.lines[start]
    norm = without_cover(line.norm)
    if not _may_be_title(norm):
        return None
    ahead = _content(state, start, 3)
    following: Line | None = state.lines[ahead[1]] if len(ahead) > 1 else None
    if TITLE_ACHIEVE.match(norm) and _agency_part_ok(norm):
        return ahead[:2] if following is not None and following.norm.startswith("に関する目標") else ahead[:1]
    if following is not None and AGENCY_LINE.match(norm) and following.norm.startswith(ACHIEVE):
        return ahead[:2]
    if TITLE_NAMED_KIND.match(norm):
        return ahead[:1]
    if AGENCY_LINE.match(norm):
        for position in (1, 2):
            if position < len(ahead) and TITLE_KIND_ONLY.match(state.lines[ahead[position]].norm):
                return ahead[: position + 1]
    return None


def preamble_at(state: ParseState, start: int) -> int | None:
    """The line after a preamble sentence that begins at line `start`, if one does."""
    if "通則法" not in state.lines[start].norm:
        return None
    text = ""
    for index in _content(state, start, _PREAMBLE_LINES):
        text += state.lines[index].norm
        if PREAMBLE.search(text):
            return index + 1
        if text.endswith("。"):
            return None
    return None


def _covered_by_title(state: ParseState) -> bool:
    """The current document was opened by a title a few lines up and has no heading yet."""
    if not state.documents or state.document.kind != "title" or state.stack.roots:
        return False
    content = sum(len(block.logical.lines) for block in state.blocks[state.document.block :])
    return content <= COVER_PAGE


def opening(state: ParseState, start: int, silent: bool) -> bool:
    title = title_at(state, start)
    if title is not None:
        if silent:
            return True
        numbers = tuple(state.lines[k].number for k in title)
        state.open_document("title", numbers)
        state.emit("opening", start, title[-1] + 1, closed=True, detail="title")
        return True
    stop = preamble_at(state, start)
    if stop is None:
        return False
    if silent:
        return True
    if _covered_by_title(state):
        state.emit("front", start, stop, closed=True, detail="preamble")
    else:
        state.open_document("preamble")
        state.emit("opening", start, stop, closed=True, detail="preamble")
    return True


def cover(state: ParseState, start: int, silent: bool) -> bool:
    """A cover label alone on its line (【参考資料４】): front matter, never part of a title."""
    line = state.lines[start]
    found = COVER_LABEL.match(line.norm)
    if found is None or found.end() != len(line.norm):
        return False
    if not silent:
        state.emit("front", start, start + 1, closed=True, detail="cover")
    return True
