"""The one state a parse walks: the lines, a cursor, the blocks found so far, the open headings.

Block rules (`hyoka.parse.rules`) are tried in the ruler's order at the cursor; the first that
takes the lines there emits a `Block` carrying its logical line (text and physical line span)
and moves the cursor past them. An opening (a title or a legal preamble) starts a new document:
its blocks are counted from there and its headings go on a new stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hyoka.parse.lexicon.labels import Label
from hyoka.parse.lines import Line
from hyoka.parse.logical import LogicalLine, merge
from hyoka.parse.stack import HeadingStack, Node

if TYPE_CHECKING:
    from hyoka.parse.ruler import NamedRule, Ruler


@dataclass(slots=True)
class Block:
    """What a block rule found: its kind, its lines, and what it carries.

    Kinds: ``opening`` (a title or preamble that begins a document), ``front`` (cover lines: a
    date, the ministries), ``toc`` (a table-of-contents entry), ``annex`` (an annex title or
    label), ``end`` (以上), ``heading``, ``mark`` (【重要度：高】…), ``label`` (＜目標水準の考え方＞ …),
    ``item`` (a list item), ``paragraph``.
    """

    kind: str
    start: int  # index of the first line in `ParseState.lines`
    stop: int  # index after the last line
    logical: LogicalLine
    label: Label | None = None
    node: Node | None = None
    detail: str = ""  # opening: "title" or "preamble"; annex: the kind of title


@dataclass(slots=True)
class DocumentStart:
    block: int  # index of its first block
    kind: str  # "title", "preamble" or "fragment"
    title_lines: tuple[int, ...] = ()  # physical lines of the title
    stack: HeadingStack = field(default_factory=HeadingStack)


@dataclass(slots=True)
class ParseState:
    lines: Sequence[Line]
    ruler: Ruler
    line: int = 0  # the cursor: index of the next line to read
    blocks: list[Block] = field(default_factory=list)
    documents: list[DocumentStart] = field(default_factory=list)
    # the ruler's answers since the last block was emitted (a block may change them, see `Ruler.starter`)
    starters: dict[int, NamedRule | None] = field(default_factory=dict)
    starters_blocks: int = 0  # how many blocks there were when `starters` was begun

    @property
    def document(self) -> DocumentStart:
        if not self.documents:
            self.documents.append(DocumentStart(block=0, kind="fragment", stack=HeadingStack(fragment=True)))
        return self.documents[-1]

    @property
    def stack(self) -> HeadingStack:
        return self.document.stack

    def local(self, index: int) -> int:
        """Block index `index` counted from the current document's first block."""
        return index - self.document.block

    def next_content(self, index: int) -> int | None:
        """The first line at or after `index` that is neither blank nor page furniture."""
        while index < len(self.lines):
            line = self.lines[index]
            if not line.blank and not line.skip:
                return index
            index += 1
        return None

    def gap(self, after: int, before: int) -> int:
        """Blank lines between line `after` and line `before`."""
        return sum(1 for k in range(after + 1, before) if self.lines[k].blank)

    def previous_content(self, index: int) -> Line | None:
        k = index - 1
        while k >= 0:
            if not self.lines[k].blank and not self.lines[k].skip:
                return self.lines[k]
            k -= 1
        return None

    def emit(self, kind: str, start: int, stop: int, *, closed: bool, **extra: object) -> Block:
        """A block of the content lines in [start, stop); the cursor moves to `stop`."""
        group = [line for line in self.lines[start:stop] if not line.blank and not line.skip]
        block = Block(kind, start, stop, merge(group, closed=closed), **extra)  # type: ignore[arg-type]
        if kind != "heading":  # a heading's block is placed on the stack by the heading rule
            self.stack.text(self.local(len(self.blocks)))
        self.blocks.append(block)
        self.line = stop
        return block

    def open_document(self, kind: str, title_lines: tuple[int, ...] = ()) -> None:
        self.documents.append(DocumentStart(block=len(self.blocks), kind=kind, title_lines=title_lines))
