"""The parser's view of each physical line, built once per file: its forms and what surrounds it.

Every line keeps its original text and its matching forms (`norm` without spaces, `spaced` with
single spaces where they separate a label from its title), its physical number and page, and
the facts a block rule needs to tell a soft wrap from a paragraph end, measured where the line
stands, so a bundle may mix documents of different conventions:

- `trailing`: the line ends with a space. PDF-to-text tools that keep it mark every paragraph,
  heading and cell end so; `trailing_region` says whether the lines around use the convention.
- `double`: the text around is double spaced (a text line, an empty line, …), where an empty
  line carries no meaning; elsewhere an empty line ends a paragraph.
- `full`: the line reaches the width the lines around wrap at (`wrapped_region`: the lines
  around do wrap at a common width, as a PDF page does; typed text does not), so a sentence on
  it may run on to the next line.
- `indent`: the line starts with a space — a new paragraph, or the first line of a new page.
- `skip`: a stray page number, or a running header or footer (a short line repeated on many
  pages next to a page break): text that belongs to no paragraph.

A physical line that holds a whole page flattened into one line is cut where a sentence end is
followed by a label (「…とする。第２ …」); the pieces share the physical line's number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from hyoka.parse.lexicon.labels import MARK_BRACKETED, PAGE_NUMBER, match_label
from hyoka.sources import SourceLine, fold_chars, normalize

_WINDOW = 30  # content lines on each side over which a line's surroundings are measured
MIN_TRAILING_SHARE = 0.12
_FULL_RATIO = 0.85  # a line this close to the wrap width may run on
_MIN_WRAP_WIDTH = 30  # narrower "wrap widths" are figure boxes or table cells, not pages
_WRAPPED_SHARE = 0.25  # share of the lines around at the wrap width that says the text is wrapped
_WRAPPED_MIN_LINES = 8  # fewer lines around than this show no page width
_FLAT_LENGTH = 160  # a line longer than this may be a flattened page (a PDF line holds some 45)
_RUNNING_REPEATS = 3
_RUNNING_MAX = 30  # running heads are short: a line of 40 characters is a line of text
_RUNNING_MIN = 3  # 「等」 closes many lists in a table: a repeated line that short is not a running head
# where a flattened page is cut: after a sentence end, before what a label rule would take
_CUT = re.compile(r"(?<=[。)）」])\s*(?=\S)")


@dataclass(slots=True)
class Line:
    number: int  # physical line number (1-based)
    text: str
    norm: str
    spaced: str
    page: int | None
    blank: bool
    trailing: bool
    indent: bool
    width: int
    skip: bool = False
    trailing_region: bool = False
    double: bool = False
    full: bool = False
    wrapped_region: bool = False

    @property
    def closes(self) -> bool:
        """The line ends a sentence or a parenthetical: what may end a paragraph."""
        return self.norm.endswith(("。", ")", "」", "】", ">", ":", "：")) and not self.norm.endswith("(")


def display_width(text: str) -> int:
    """Columns `text` takes in print, near enough for telling wrapped lines: a character of one
    UTF-8 byte (ASCII) counts one, of three (kana, kanji, full-width forms) two. Measured in C,
    as every line of a file is measured."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


def spaced_form(text: str) -> str:
    """The matching form with single spaces: NFKC (circled numbers kept), spaces squeezed."""
    return " ".join(fold_chars(text).split())


def _line(number: int, text: str, norm: str, page: int | None, spaced: str = "") -> Line:
    stripped = text.strip()
    if not stripped:
        return Line(number, text, norm, "", page, True, False, False, 0)
    return Line(
        number=number,
        text=text,
        norm=norm,
        spaced=(spaced or spaced_form(text)) if stripped else "",
        page=page,
        blank=not stripped,
        trailing=bool(stripped) and text != text.rstrip(),
        indent=bool(stripped) and text[:1].isspace(),
        width=display_width(stripped),
    )


_HEADS = (re.compile(r"\s*\S+"), re.compile(r"\s*\S+\s+\S+"))


def _title_end(text: str) -> int | None:
    """Where the title of a heading that runs into its own text ends: 「第２ 中期目標の期間 中期…」,
    「（１）技術相談 技術相談件数…」 (a label and a title, then a space), None when it begins otherwise."""
    for pattern in _HEADS:
        head = pattern.match(text)
        if head is None or head.end() >= len(text) or not text[head.end()].isspace():
            continue
        label = match_label(spaced_form(text[: head.end()]))
        if label is not None and label.title and not label.whole_line:
            return head.end()
    return None


def _pieces(source: SourceLine) -> list[Line]:
    """A flattened page cut before each label that follows a sentence end, and after the title
    of each heading found so; any other line whole."""
    text = source.text
    if len(text) < _FLAT_LENGTH:
        return [_line(source.number, text, source.norm, source.page, source.spaced)]
    starts = [0]
    for match in _CUT.finditer(text):
        rest = text[match.end() : match.end() + 30].split("。")[0]
        begins = match_label(spaced_form(rest)) is not None or MARK_BRACKETED.match(normalize(rest))
        if begins and match.end() - starts[-1] > 10:
            starts.append(match.end())
    if len(starts) == 1:
        return [_line(source.number, text, source.norm, source.page)]
    cuts: list[int] = []
    for start, stop in pairwise([*starts, len(text)]):
        at = start
        cuts.append(at)
        # a heading that runs into its text, maybe into a sub-heading: 「第３ 業務… （１）技術相談 技術…」
        while (end := _title_end(text[at:stop])) is not None and "。" in text[at + end : stop]:
            at += end
            cuts.append(at)
    cuts.append(len(text))
    pieces = [text[a:b] for a, b in pairwise(cuts)]
    # every piece but the last ends a paragraph: give it the trailing space that says so
    return [
        _line(source.number, piece.rstrip() + (" " if k + 1 < len(pieces) else ""), normalize(piece), source.page)
        for k, piece in enumerate(pieces)
    ]


def _windowed(values: Sequence[float], size: int) -> list[float]:
    """Mean of `values` over a window of `size` entries on each side of each entry (fewer at the
    ends). Every line of a file is measured three times: the full windows are one subtraction each."""
    n = len(values)
    prefix = [0.0, *accumulate(values)]
    width = 2 * size + 1
    if n <= width:
        return [
            (prefix[min(n, k + size + 1)] - prefix[max(0, k - size)]) / (min(n, k + size + 1) - max(0, k - size))
            for k in range(n)
        ]
    head = [prefix[k + size + 1] / (k + size + 1) for k in range(size)]
    middle = [(high - low) / width for low, high in zip(prefix[: n - width + 1], prefix[width:], strict=True)]
    tail = [(prefix[n] - prefix[k - size]) / (n - k + size) for k in range(n - size, n)]
    return head + middle + tail


_CHUNK = 10  # lines that share one measure of the wrap width


def _wrap_widths(widths: Sequence[int]) -> list[int]:
    """The width the lines around each line wrap at: the high end (90th percentile) of the widths
    of the lines around, measured once for each run of `_CHUNK` lines."""
    out: list[int] = []
    for chunk in range(0, len(widths), _CHUNK):
        middle = chunk + _CHUNK // 2
        window = sorted(widths[max(0, middle - _WINDOW) : middle + _WINDOW + 1])
        wrap = window[int(0.9 * (len(window) - 1))] if window else 0
        out += [wrap] * min(_CHUNK, len(widths) - chunk)
    return out


def _mark_surroundings(lines: list[Line]) -> None:
    content = [k for k, line in enumerate(lines) if not line.blank and not line.skip]
    if not content:
        return
    trailing = _windowed([1.0 if lines[k].trailing else 0.0 for k in content], _WINDOW)
    gaps = [1.0 if k + 1 < len(lines) and lines[k + 1].blank else 0.0 for k in content]
    double = _windowed(gaps, _WINDOW)
    widths = [lines[k].width for k in content]
    wraps = _wrap_widths(widths)
    at_wrap = [
        1.0 if wrap >= _MIN_WRAP_WIDTH and width >= _FULL_RATIO * wrap else 0.0
        for width, wrap in zip(widths, wraps, strict=True)
    ]
    wrapped = _windowed(at_wrap, _WINDOW)
    enough = len(content) >= _WRAPPED_MIN_LINES
    for i, k in enumerate(content):
        line = lines[k]
        line.trailing_region = trailing[i] >= MIN_TRAILING_SHARE
        line.double = double[i] >= 0.5
        line.full = at_wrap[i] == 1.0
        line.wrapped_region = enough and wrapped[i] >= _WRAPPED_SHARE


def _mark_page_furniture(lines: list[Line]) -> None:
    """Page numbers, and running heads and feet: short lines that stand next to page breaks, again
    and again, and seldom anywhere else (「する。」 ends many a page, but is a sentence's end)."""
    for line in lines:
        if not line.blank and PAGE_NUMBER.match(line.norm):
            line.skip = True
    counts = Counter(line.norm for line in lines if not line.blank and len(line.norm) <= _RUNNING_MAX)
    near_break: set[int] = set()
    content = [k for k, line in enumerate(lines) if not line.blank]
    for position, k in enumerate(content):
        new_page = position > 0 and lines[k].page != lines[content[position - 1]].page
        if lines[k].skip or new_page:
            near_break.update(content[max(0, position - 2) : position + 3])
    at_breaks = Counter(lines[k].norm for k in near_break if not lines[k].skip)
    for k in near_break:
        line = lines[k]
        repeated = at_breaks[line.norm] >= _RUNNING_REPEATS and 2 * at_breaks[line.norm] >= counts[line.norm]
        if (
            not line.skip
            and repeated
            and _RUNNING_MIN <= len(line.norm) <= _RUNNING_MAX
            and not line.norm.endswith(("。", "、"))
            and match_label(line.spaced) is None
        ):
            line.skip = True


def prepare_lines(source: Sequence[SourceLine], *, paragraphs: bool = False) -> list[Line]:
    """The parser's lines for `source` (see the module notes). `paragraphs`: every line is a
    paragraph of its own (a word processor's), none is a soft wrap to join."""
    lines = [piece for line in source for piece in _pieces(line)]
    _mark_page_furniture(lines)
    _mark_surroundings(lines)
    if paragraphs:
        for line in lines:
            line.trailing = line.trailing_region = not line.blank
    return lines
