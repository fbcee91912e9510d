"""The heading rule: a line whose label a scheme of the lexicon's table matches (`SCHEMES`, one
row per numbering scheme, the first row that matches wins) and the open heading stack accepts
(the numbering continues, or opens one level deeper).

A title that wraps comes along, and so does a title printed alone on the next line after a bare
label (「第１」 / 「政策体系…」). A label the stack refuses is left to the list-item rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hyoka.parse.lexicon.labels import Label, match_label, title_ok
from hyoka.parse.rules.flow import closed_at, extent

if TYPE_CHECKING:
    from hyoka.parse.state import ParseState


_TITLE_TAILS = ("について", "に向けて", "に関して", "における", "のために")


def _ends_as_a_title(title: str) -> bool:
    """A title ends in a noun (…に関する事項, …の推進, …プロジェクト) or a closing bracket; a line
    that ends in kana other than these tails (…を更新する, …資金の) breaks off a sentence."""
    last = title.rstrip()[-1:]
    return bool(last) and (not ("ぁ" <= last <= "ゟ") or title.rstrip().endswith(_TITLE_TAILS))


def _bare_title(state: ParseState, start: int) -> int | None:
    """The line that holds the title of a bare label at `start`, if the next line is one."""
    following = state.next_content(start + 1)
    if following is None:
        return None
    line = state.lines[following]
    if match_label(line.spaced) is not None or state.ruler.starter(state, following) is not None:
        return None
    return following if title_ok(line.spaced) else None


def _titled(state: ParseState, label: Label, start: int) -> tuple[Label, int] | None:
    """The label with its title, and the line after the heading's last line. A label whose text
    runs on into a sentence (「① 依頼試験…を計画的に更新する」 / 「とともに、…こと。」) is a list
    item, not a heading: None."""
    if label.whole_line:
        return label, start + 1
    if label.title:
        stop = extent(state, start, any_start=True)
        title = " ".join(state.lines[k].spaced for k in range(start, stop) if not state.lines[k].blank)
        if title_ok(title[label.length :]):
            return label, stop
        # the next line is a sentence: the heading stands alone if its line ends as a title does
        return (label, start + 1) if _ends_as_a_title(label.title) else None
    title_line = _bare_title(state, start)
    if title_line is None:
        return None
    stop = extent(state, title_line, any_start=True)
    title = " ".join(state.lines[k].spaced for k in range(title_line, stop) if not state.lines[k].blank)
    return Label(label.readings, label.length, title.strip(), label.whole_line, label.root), stop


def heading(state: ParseState, start: int, silent: bool) -> bool:
    line = state.lines[start]
    label = match_label(line.spaced)
    if label is None or state.stack.fits(label) is None:
        return False
    if silent:
        return bool(label.title or label.whole_line) or _bare_title(state, start) is not None
    titled = _titled(state, label, start)
    if titled is None:
        return False
    label, stop = titled
    index = len(state.blocks)
    block = state.emit("heading", start, stop, closed=closed_at(state, stop - 1), label=label)
    block.node = state.stack.place(state.local(index), label, line.number)
    return True
