"""The ordered table of block rules, as markdown-it-py keeps its block rules.

A rule is `rule(state, start, silent) -> bool`: at line `start` it either declines (False) or
takes the lines there, emits their block and moves the cursor (True). With `silent` it only
answers whether it would start a block at `start`, and changes nothing: that is how a paragraph
learns where it ends — from the shape of the next line. Which rules run is configuration:
`Ruler.disable` and `Ruler.enable` by name (the names are listed in `hyoka.parse.rules.RULES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hyoka.parse.state import ParseState

Rule = Callable[["ParseState", int, bool], bool]


@dataclass(frozen=True, slots=True)
class NamedRule:
    name: str
    rule: Rule
    starts_block: bool = True  # asked by a paragraph whether the next line begins something else
    strong: bool = False  # begins a block even right after a line that runs on (a bullet, a mark)


@dataclass(slots=True)
class Ruler:
    rules: list[NamedRule]
    disabled: set[str] = field(default_factory=set)

    _active: list[NamedRule] | None = None
    _starters: list[NamedRule] | None = None

    def active(self) -> list[NamedRule]:
        if self._active is None:
            self._active = [named for named in self.rules if named.name not in self.disabled]
        return self._active

    def disable(self, names: Iterable[str]) -> Ruler:
        self.disabled |= set(self._known(names))
        self._active = self._starters = None
        return self

    def enable(self, names: Iterable[str]) -> Ruler:
        self.disabled -= set(self._known(names))
        self._active = self._starters = None
        return self

    def _known(self, names: Iterable[str]) -> list[str]:
        wanted = list(names)
        known = {named.name for named in self.rules}
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise ValueError(f"no block rule named {', '.join(unknown)}; rules: {', '.join(sorted(known))}")
        return wanted

    def starter(self, state: ParseState, index: int) -> NamedRule | None:
        """The first rule (other than the fallbacks) that would begin a block at line `index`.

        The answer is kept until a block is emitted (which may change it: a heading placed moves
        the numbering on), as a paragraph and its heading may ask about the same line. Only the
        answers since the last block are kept, so the memo stays a few lines long."""
        if state.starters_blocks != len(state.blocks):
            state.starters.clear()
            state.starters_blocks = len(state.blocks)
        elif index in state.starters:
            return state.starters[index]
        if self._starters is None:
            self._starters = [named for named in self.active() if named.starts_block]
        found = next((named for named in self._starters if named.rule(state, index, True)), None)
        state.starters[index] = found
        return found

    def run(self, state: ParseState) -> None:
        """Walk the lines once: at each, the first rule that takes them."""
        rules: Sequence[NamedRule] = self.active()
        while state.line < len(state.lines):
            start = state.line
            for named in rules:
                if named.rule(state, start, False):
                    break
            if state.line == start:  # no rule took the line: the fallback must always take one
                state.line += 1
