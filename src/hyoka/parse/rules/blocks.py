"""The block rules that take one line, or a line and its run-on, each by the shape it begins with.

blank           an empty line, a page number, a running head or foot: no block
toc             目次 / 第１ 政策体系……………１ (a table-of-contents entry: its page number)
annex           政策体系図 / 別添２：評価軸等について / 別紙１ (an annex title or label,
                standing alone after a finished paragraph)
end             以上 (closing the body)
mark            【重要度：高】 / 【重要度：高、困難度：高】 / 重要度「高」 at the start of a line,
                with the reason that may follow on the same line
label           ＜目標水準の考え方＞ / （定量目標） / 【評価指標】 (the header of a labelled block)
bullet          ・ 論文数 1,200 件以上 / ○ … (a list item)
listed          a label that is no heading here (（１）… in a list): a list item
paragraph       anything else: the fallback, which always takes at least its first line
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hyoka.parse.annexes import END_MARKER, read_candidate
from hyoka.parse.blocks import block_kind
from hyoka.parse.flags import starts_with_mark
from hyoka.parse.lexicon.labels import BULLET, ITEM_LABEL, TOC_LEADER, match_label
from hyoka.parse.rules.flow import emit_running

if TYPE_CHECKING:
    from hyoka.parse.state import ParseState

_TOC_TITLE = re.compile(r"^目次$|^目\s*次$")


def blank(state: ParseState, start: int, silent: bool) -> bool:
    line = state.lines[start]
    if not (line.blank or line.skip):
        return False
    if not silent:
        state.line = start + 1
    return True


def toc(state: ParseState, start: int, silent: bool) -> bool:
    """A table of contents: 目次, and entries that end in a page number (after dot leaders)."""
    line = state.lines[start]
    # an entry ends in its page number: most lines do not, and need no search for the leader
    entry = (
        line.spaced[-1:].isdigit()
        and TOC_LEADER.search(line.spaced) is not None
        and match_label(line.spaced) is not None
    )
    if not (_TOC_TITLE.match(line.norm) or entry):
        return False
    if not silent:
        state.emit("toc", start, start + 1, closed=True)
    return True


def annex(state: ParseState, start: int, silent: bool) -> bool:
    """An annex title or label on a line of its own, after a line that ended its paragraph."""
    line = state.lines[start]
    candidate = read_candidate(line.norm, line.text, start)
    if candidate is None:
        return False
    previous = state.previous_content(start)
    if previous is not None and previous.full and not previous.closes and not previous.trailing:
        return False  # a line wrapped at the page width that happens to end in 「…政策体系」
    if not silent:
        state.emit("annex", start, start + 1, closed=True, detail=candidate.kind.value if candidate.kind else "")
    return True


def end(state: ParseState, start: int, silent: bool) -> bool:
    if state.lines[start].norm != END_MARKER:
        return False
    if not silent:
        state.emit("end", start, start + 1, closed=True)
    return True


def mark(state: ParseState, start: int, silent: bool) -> bool:
    if not starts_with_mark(state.lines[start].norm):
        return False
    if not silent:
        emit_running(state, "mark", start)
    return True


def label(state: ParseState, start: int, silent: bool) -> bool:
    if block_kind(state.lines[start].norm) is None:
        return False
    if not silent:
        state.emit("label", start, start + 1, closed=True)
    return True


def bullet(state: ParseState, start: int, silent: bool) -> bool:
    """A list item that begins with a bullet: ・ ○ ● ◆ ※ …"""
    if BULLET.match(state.lines[start].norm) is None:
        return False
    if not silent:
        emit_running(state, "item", start)
    return True


def listed(state: ParseState, start: int, silent: bool) -> bool:
    """A numbered label that is no heading here (the heading rules declined it): a list item."""
    line = state.lines[start]
    labelled = match_label(line.spaced)
    if labelled is None and ITEM_LABEL.match(line.spaced) is None:
        return False
    if not silent:
        emit_running(state, "item", start, label=labelled)
    return True


def paragraph(state: ParseState, start: int, silent: bool) -> bool:
    if silent:
        return False  # asked whether it would start a block: a paragraph is what runs on
    emit_running(state, "paragraph", start)
    return True
