"""What each cell of the 新旧対照表 shows, as runs of text that are underlined or not.

Every export (xlsx, HTML, terminal) renders these segments, so they underline the same
characters and shorten the same text. The conventions are the drafters': a cell opens with the
item's own label and title (the label underlined when it was renumbered, the changed parts of
the title underlined); unchanged text is shortened to 「（略）」 under its kept heading, paragraph
by paragraph in a changed item, so only the amended paragraphs are printed in full; a new item's
text is underlined whole on the new side and its old cell carries the 「（新設）」 marker, a
removed item the reverse with 「（削除）」; a moved item's heading is underlined on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hyoka.model.comparison import ColumnLabels, Row, RowKind, Side, Span

Which = Literal["new", "old"]
WHOLE = (RowKind.added, RowKind.removed)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    changed: bool


def _runs(text: str, spans: Sequence[Span], offset: int = 0) -> list[Segment]:
    """`text` (which starts at `offset` of the side's text) cut into changed and unchanged runs."""
    segments: list[Segment] = []
    position = 0
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start - offset, position), min(span.end - offset, len(text))
        if end <= start:
            continue
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def _heading(side: Side, whole: bool, moved: bool) -> list[Segment]:
    label = [Segment(side.label, whole or moved or side.label_changed)] if side.label else []
    title_spans = [Span(start=0, end=len(side.title))] if whole or moved else side.title_spans
    gap = [Segment("　", False)] if side.label and side.title and not side.label.endswith((" ", "　")) else []
    return [*label, *gap, *_runs(side.title, title_spans)]


def _body(side: Side, whole: bool, labels: ColumnLabels) -> list[Segment]:
    """The text of a side: whole, or its changed paragraphs with the others shortened to （略）."""
    if not side.text.strip():
        return []
    if whole:
        return [Segment("\n", False), Segment(side.text, True)]
    segments: list[Segment] = []
    offset = 0
    omitted = False
    for paragraph in side.text.split("\n"):
        here = [s for s in side.spans if s.start < offset + len(paragraph) and s.end > offset]
        if here:
            segments += [Segment("\n", False), *_runs(paragraph, here, offset)]
            omitted = False
        elif not omitted and paragraph.strip():
            segments.append(Segment("\n" + labels.omitted, False))
            omitted = True
        offset += len(paragraph) + 1
    return segments


def cell_segments(row: Row, which: Which, labels: ColumnLabels) -> list[Segment]:
    """The segments of one cell: `which` side of `row`."""
    side = row.new if which == "new" else row.old
    if side is None:
        if row.kind is RowKind.added:
            return [Segment(labels.added, False)]
        if row.kind is RowKind.removed:
            return [Segment(labels.removed, False)]
        return []
    whole = row.kind in WHOLE
    segments = _heading(side, whole, row.kind is RowKind.moved) + _body(side, whole, labels)
    return _joined(segments)


def _joined(segments: Sequence[Segment]) -> list[Segment]:
    """Neighbouring segments of one kind joined (fewer runs, same text)."""
    out: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if out and out[-1].changed == segment.changed:
            out[-1] = Segment(out[-1].text + segment.text, segment.changed)
        else:
            out.append(segment)
    return out


def plain(segments: Sequence[Segment]) -> str:
    return "".join(segment.text for segment in segments)


def underlined(segments: Sequence[Segment]) -> list[str]:
    """The underlined runs, in order (what a test or a reader checks)."""
    return [segment.text for segment in segments if segment.changed]
