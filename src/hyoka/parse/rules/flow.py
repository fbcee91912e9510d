"""Where a block of running text ends: the next line's shape, and the page layout around it.

A paragraph, list item or heading title runs on to the next line unless one of these says it
ended (measured by `hyoka.parse.lines` where the line stands):

- where paragraph ends carry a trailing space (PDF-to-text tools that keep it): the space; and
  in double-spaced text, lines packed without an empty line between are a figure's boxes;
- elsewhere, where the text wraps at a page width: a line short of that width ends its block,
  and so does a sentence end followed by an indented line; text that does not wrap (typed) has
  one block per line;
- an empty line in single-spaced text;
- the next line begins a block of its own, by the silent answer of the other rules: at once for
  a strong start (a bullet, a mark, a block label, a title), after a sentence end for the rest
  (a label such as 「１．」 at the start of a wrapped line is a cross-reference, not a heading).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hyoka.parse.lines import Line
    from hyoka.parse.state import ParseState


def _layout_ends(current: Line, nxt: Line, gap: int) -> bool:
    """Whether the page layout says the block ends after `current` (`gap`: blank lines between)."""
    if current.trailing_region:
        packed = current.double and gap == 0 and not nxt.indent  # a figure's boxes
        return current.trailing or packed or (not current.double and gap > 0)
    if gap > 0 and not current.double:
        return True
    if not (current.wrapped_region and current.full):
        return True
    return current.norm.endswith("。") and nxt.indent


def runs_on(state: ParseState, last: int, following: int, *, any_start: bool = False) -> bool:
    """Whether content line `following` continues the block whose last line is `last`;
    `any_start`: any block that would begin there ends this one (a heading's title)."""
    current, nxt = state.lines[last], state.lines[following]
    if _layout_ends(current, nxt, state.gap(last, following)):
        return False
    starter = state.ruler.starter(state, following)
    return not (starter is not None and (any_start or starter.strong or current.closes))


def closed_at(state: ParseState, last: int) -> bool:
    """Whether a block that ends at line `last` ends at a paragraph end of its own."""
    line = state.lines[last]
    return line.trailing if line.trailing_region else line.closes


def extent(state: ParseState, start: int, *, any_start: bool = False) -> int:
    """The line after the last line of the block that begins at content line `start`."""
    last = start
    while (following := state.next_content(last + 1)) is not None and runs_on(
        state, last, following, any_start=any_start
    ):
        last = following
    return last + 1


def emit_running(state: ParseState, kind: str, start: int, **extra: object) -> None:
    """Emit a block of running text from `start` to wherever it ends."""
    stop = extent(state, start)
    state.emit(kind, start, stop, closed=closed_at(state, stop - 1), **extra)
