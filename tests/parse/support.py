"""Running the block pass on a snippet, for the tests of single rules."""

from __future__ import annotations

from hyoka.parse.lines import prepare_lines
from hyoka.parse.logical import LogicalLine
from hyoka.parse.rules import default_ruler
from hyoka.parse.state import Block, ParseState
from hyoka.sources import text_source_from_string


def run(text: str, *, disabled: tuple[str, ...] = ()) -> ParseState:
    """The state after one pass of the block rules over `text`."""
    state = ParseState(lines=prepare_lines(text_source_from_string(text).lines), ruler=default_ruler())
    state.ruler.disable(disabled)
    state.ruler.run(state)
    return state


def blocks(text: str, **options: tuple[str, ...]) -> list[Block]:
    return run(text, **options).blocks


def logical(text: str) -> list[LogicalLine]:
    return [block.logical for block in blocks(text)]


def kinds(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every block."""
    return [(block.kind, block.logical.text) for block in blocks(text)]
