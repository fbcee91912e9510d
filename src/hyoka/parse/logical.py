"""Rebuild logical lines (paragraphs, headings, cells) from PDF-extracted physical lines.

Text extracted from the PDFs of objective documents shows these artefacts, and this module
undoes them while remembering which physical lines every logical line came from:

- every text line is followed by an empty line (double spacing): empty lines carry no meaning
  where the trailing-space convention below is in use;
- a line that ends a paragraph, heading or table cell ends with a space, a soft wrap does not
  (`…目標（以下「中長期目標」と` / `いう。）を定める。 `): join lines without a trailing space;
- a page break shows only as one leading space on the first line of the next page, and a stray
  page number (` 12 `, `- 3 -`) may stand between pages: the number lines are dropped;
- a line holding only spaces separates blocks.

Text typed by hand has no trailing spaces at all; there every non-empty line is its own
logical line. Which of the two conventions holds is decided locally (a window of lines), so a
bundle may mix documents, and figures (never joined) may sit among joined body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.sources import SourceLine, fold_chars

PAGE_NUMBER = re.compile(r"^[-‐－—―]?\s*\d{1,4}\s*[-‐－—―]?$|^\d{1,4}\s*/\s*\d{1,4}$")
_WINDOW = 30
_MIN_TRAILING_SHARE = 0.12
_CLOSERS = ("。", ")", "）", "」", "】", ">", "＞", "：", ":")
_BLOCK_START = re.compile(
    r"^(?:[・○●◆◇■□※◎▪•]|\(\d+\)|[①-⑳]|第\d+\s|\d+(?:\.\d+)*\.\s?|[IVX]+\.|<|【|\([アイウエオカキクケコ]\)"
    r"|\(?別[紙添表])"
)


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """A paragraph, heading or cell rebuilt from one or more physical lines.

    `text` is the original text joined (for display); `norm` the matching form with all
    spaces removed; `spaced` the matching form that keeps single spaces (label separators
    such as `第１ 政策体系` need them). `lines` are the physical line numbers it came from,
    `offsets` where each of them starts in `norm`.
    """

    text: str
    norm: str
    spaced: str
    lines: tuple[int, ...]
    offsets: tuple[int, ...]
    closed: bool = True  # the last physical line ended with a space: a paragraph or cell end

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


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(fold_chars(text).strip()))


def _has_trailing_space(text: str) -> bool:
    return text != text.rstrip()


def trailing_share(lines: Sequence[SourceLine]) -> float:
    """Share of non-empty lines ending in a space: how strongly the text uses that convention."""
    content = [ln for ln in lines if ln.text.strip()]
    return sum(_has_trailing_space(ln.text) for ln in content) / len(content) if content else 0.0


def uses_trailing_spaces(lines: Sequence[SourceLine]) -> bool:
    return trailing_share(lines) >= _MIN_TRAILING_SHARE


def _trailing_share_around(lines: Sequence[SourceLine]) -> list[float]:
    """Share of non-empty lines ending in a space, over a window around each non-empty line."""
    content = [i for i, ln in enumerate(lines) if ln.text.strip()]
    flags = [1 if _has_trailing_space(lines[i].text) else 0 for i in content]
    prefix = [0]
    for flag in flags:
        prefix.append(prefix[-1] + flag)
    share = [0.0] * len(lines)
    for k, i in enumerate(content):
        lo, hi = max(0, k - _WINDOW), min(len(content), k + _WINDOW + 1)
        share[i] = (prefix[hi] - prefix[lo]) / (hi - lo)
    return share


def _spaced(text: str) -> str:
    return " ".join(fold_chars(text).split())


def _double_spaced_around(lines: Sequence[SourceLine]) -> list[bool]:
    """Whether the text around each line is double spaced (a text line, an empty line, …)."""
    content = [i for i, ln in enumerate(lines) if ln.text.strip()]
    gaps = [1 if i + 1 < len(lines) and lines[i + 1].text == "" else 0 for i in content]
    prefix = [0]
    for gap in gaps:
        prefix.append(prefix[-1] + gap)
    double = [False] * len(lines)
    for k, i in enumerate(content):
        lo, hi = max(0, k - _WINDOW), min(len(content), k + _WINDOW + 1)
        double[i] = (prefix[hi] - prefix[lo]) / (hi - lo) >= 0.5
    return double


def _should_join(current: SourceLine, nxt: SourceLine, *, share: float, double: bool, gap: int) -> bool:
    """A soft wrap: the line runs on (no trailing space) where the text marks paragraph ends.

    In double-spaced text a wrapped line is followed by an empty line, or by a page break (the
    next line starts with a space); lines packed together there are a figure's boxes.
    """
    if share < _MIN_TRAILING_SHARE or _has_trailing_space(current.text):
        return False
    if double and gap == 0 and not nxt.text[:1].isspace():
        return False
    if not double and gap > 0:
        return False
    return not (current.norm.endswith(_CLOSERS) and _BLOCK_START.match(_spaced(nxt.text)))


def build_logical_lines(lines: Sequence[SourceLine], breaks: frozenset[int] = frozenset()) -> list[LogicalLine]:
    """Join soft-wrapped physical lines; drop empty lines and page numbers.

    Physical lines numbered in `breaks` stand alone (annex titles found on their own line).
    """
    share = _trailing_share_around(lines)
    double = _double_spaced_around(lines)
    out: list[LogicalLine] = []
    group: list[SourceLine] = []
    gap = 0

    def flush() -> None:
        if group:
            out.append(_merge(group))
            group.clear()

    for i, line in enumerate(lines):
        if not line.text.strip():
            if line.text:  # a line of spaces separates blocks; an empty one is double spacing
                flush()
            gap += 1
            continue
        if PAGE_NUMBER.match(line.norm):
            continue
        if group and (
            line.number in breaks
            or group[-1].number in breaks
            or not _should_join(group[-1], line, share=share[i], double=double[i], gap=gap)
        ):
            flush()
        group.append(line)
        gap = 0
    flush()
    return out


def _merge(group: Sequence[SourceLine]) -> LogicalLine:
    texts: list[str] = []
    norms: list[str] = []
    offsets: list[int] = []
    position = 0
    for line in group:
        piece = line.text.strip()
        if texts and texts[-1][-1:].isascii() and texts[-1][-1:].isalnum() and piece[:1].isascii():
            piece = " " + piece
        texts.append(piece)
        offsets.append(position)
        norms.append(line.norm)
        position += len(line.norm)
    text = "".join(texts)
    return LogicalLine(
        text=text,
        norm="".join(norms),
        spaced=_spaced(text),
        lines=tuple(line.number for line in group),
        offsets=tuple(offsets),
        closed=_has_trailing_space(group[-1].text),
    )
