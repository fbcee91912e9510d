"""Logical lines: a paragraph, heading, list item or cell rebuilt from physical lines.

Block rules (`hyoka.parse.rules`) decide which physical lines form one block; `merge` joins
them into the text every later step reads, remembering which physical line each part came
from, so anything found in it points back to its source line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.parse.lines import Line


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """`text` is the original text joined (for display); `norm` the matching form without
    spaces; `spaced` the matching form that keeps single spaces (label separators such as
    `第１ 政策体系` need them). `lines` are the physical line numbers it came from, `offsets`
    where each of them starts in `norm`. `closed`: the block ended at a paragraph end of its own
    (a trailing space, a sentence end) rather than where the next block began."""

    text: str
    norm: str
    spaced: str
    lines: tuple[int, ...]
    offsets: tuple[int, ...]
    closed: bool = True

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def last_line(self) -> int:
        return self.lines[-1]

    def line_at(self, norm_offset: int) -> int:
        """Physical line holding the character at `norm_offset` of `norm`."""
        found = self.lines[0]
        for number, start in zip(self.lines, self.offsets, strict=True):
            if start > norm_offset:
                break
            found = number
        return found


def merge(group: Sequence[Line], *, closed: bool) -> LogicalLine:
    """One logical line from the physical lines a block rule took (`hyoka.parse.lines.Line`)."""
    if len(group) == 1:  # most blocks are one line: no joining to do
        line = group[0]
        return LogicalLine(line.text.strip(), line.norm, line.spaced, (line.number,), (0,), closed)
    texts: list[str] = []
    norms: list[str] = []
    numbers: list[int] = []
    offsets: list[int] = []
    position = 0
    for line in group:
        piece = line.text.strip()
        if texts and texts[-1][-1:].isascii() and texts[-1][-1:].isalnum() and piece[:1].isascii():
            piece = " " + piece
        texts.append(piece)
        norms.append(line.norm)
        if not numbers or numbers[-1] != line.number:  # pieces of a flattened line share its number
            numbers.append(line.number)
            offsets.append(position)
        position += len(line.norm)
    norm = "".join(norms)
    spaced = _joined_spaced(group)
    return LogicalLine(
        text="".join(texts),
        norm=norm,
        spaced=norm if spaced == norm else spaced,  # one string where they agree: most Japanese text
        lines=tuple(numbers),
        offsets=tuple(offsets),
        closed=closed,
    )


def _joined_spaced(group: Sequence[Line]) -> str:
    """The spaced form of lines joined as `merge` joins their text: a space only between two
    ASCII letters or digits (a wrapped English word), none where Japanese wraps."""
    out = group[0].spaced
    for line in group[1:]:
        piece = line.spaced
        if out[-1:].isascii() and out[-1:].isalnum() and piece[:1].isascii() and piece[:1].isalnum():
            out += " "
        out += piece
    return out
