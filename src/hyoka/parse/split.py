"""Split a bundle of objective documents into one line range per document.

Documents are bound together back to back with no separator, so each is found by what opens
it, in the shapes the guideline's documents use:

- a title: 「国立研究開発法人○○が達成すべき業務運営に関する目標」 (often wrapped over two
  lines, then 「（中長期目標）」「（案）」), 「○○独立行政法人中期目標案」, or an agency line
  followed by 「第６期中長期目標」;
- with no title, the legal preamble itself: 「独立行政法人通則法…第 35 条の４の規定により、
  ○○が達成すべき業務運営に関する目標（以下「中長期目標」という。）を定める。」

A preamble right after a title belongs to that title's document. Everything up to the next
document's opening, figures and annexes included, belongs to the document before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.parse.logical import LogicalLine
from hyoka.sources import SourceLine

LEGAL_TYPES = (
    "国立研究開発法人",
    "地方独立行政法人",
    "独立行政法人",
    "国立大学法人",
    "大学共同利用機関法人",
    "特殊法人",
    "認可法人",
)
# how agency names end: 機構, 研究所, センター, 基金, 振興会, 印刷局, 公文書館, のぞみの園, …
_ORG_SUFFIX = r"(?:法人|機構|研究所|機関|センター|基金|協会|大学校|公庫|事業団|金庫|振興会|局|館|園|会|所|院)"
KIND = r"(?:中長期|中期|年度)目標"
_DRAFT = r"(?:\(?案\)?)?"
TITLE_ACHIEVE = re.compile(r"^(?P<agency>[^、。]{2,50}?)が?達成すべき業務運営(?:に関する目標)?")
_EDITION = r"(?:第\d+期|(?:令和|平成)(?:\d+|元)|\d{4})?"  # 第６期中長期目標, 令和８年度目標
TITLE_NAMED_KIND = re.compile(rf"^(?P<agency>[^、。()]{{2,50}}?{_ORG_SUFFIX})の?{_EDITION}{KIND}{_DRAFT}$")
TITLE_KIND_ONLY = re.compile(rf"^{_EDITION}{KIND}{_DRAFT}$")
AGENCY_LINE = re.compile(rf"^(?:{'|'.join(LEGAL_TYPES)})?[^、。()]{{1,40}}{_ORG_SUFFIX}が?$")
PREAMBLE = re.compile(
    r"通則法.{0,160}?(?:規定|基づ).{0,120}?目標(?:\(以下「[^」]{1,12}」という。?\))?を(?:次のとおり|次のように|以下のとおり)?定める"
)
_MAX_TITLE = 60
_TITLE_TO_PREAMBLE = 40  # physical non-empty lines a cover page may hold between title and preamble


@dataclass(frozen=True, slots=True)
class Opening:
    """Where a document starts, and what showed it."""

    line: int  # first physical line of the document
    kind: str  # "title" or "preamble"
    title_lines: tuple[int, ...] = ()


def _content(lines: Sequence[SourceLine]) -> list[SourceLine]:
    return [ln for ln in lines if ln.norm]


def find_title_openings(lines: Sequence[SourceLine]) -> list[Opening]:
    content = _content(lines)
    openings: list[Opening] = []
    skip_until = 0
    for k, line in enumerate(content):
        if line.number < skip_until or len(line.norm) > _MAX_TITLE or _is_sentence(line.norm):
            continue
        title = _title_at(content, k)
        if title:
            openings.append(Opening(line=title[0], kind="title", title_lines=title))
            skip_until = title[-1] + 1
    return openings


def _is_sentence(norm: str) -> bool:
    """Titles are bare phrases; a definition 「（以下「…」という。）」 or a full stop means prose."""
    return "。" in norm or "(以下" in norm or "「" in norm


def _title_at(content: Sequence[SourceLine], k: int) -> tuple[int, ...] | None:
    line = content[k]
    nxt = content[k + 1] if k + 1 < len(content) else None
    if TITLE_ACHIEVE.match(line.norm) and _agency_part_ok(line.norm):
        extra = (nxt.number,) if nxt is not None and nxt.norm.startswith("に関する目標") else ()
        return (line.number, *extra)
    if nxt is not None and AGENCY_LINE.match(line.norm) and nxt.norm.startswith("達成すべき業務運営"):
        return (line.number, nxt.number)
    if TITLE_NAMED_KIND.match(line.norm):
        return (line.number,)
    if TITLE_KIND_ONLY.match(line.norm):
        for back in (1, 2):
            if k - back >= 0 and AGENCY_LINE.match(content[k - back].norm):
                return (content[k - back].number, line.number)
    return None


def _agency_part_ok(norm: str) -> bool:
    match = TITLE_ACHIEVE.match(norm)
    return bool(match) and bool(re.search(_ORG_SUFFIX, match.group("agency") if match else ""))


def find_preamble_openings(logical: Sequence[LogicalLine]) -> list[Opening]:
    openings = []
    for line in logical:
        match = PREAMBLE.search(line.norm)
        if match:
            start = line.norm.rfind("独立行政法人通則法", 0, match.start() + 1)
            openings.append(Opening(line=line.line_at(start if start >= 0 else match.start()), kind="preamble"))
    return openings


def find_openings(lines: Sequence[SourceLine], logical: Sequence[LogicalLine]) -> list[Opening]:
    """Openings in line order; a preamble closely after a title is that title's, not a new one."""
    titles = find_title_openings(lines)
    preambles = find_preamble_openings(logical)
    content_numbers = [ln.number for ln in lines if ln.norm]
    position = {number: k for k, number in enumerate(content_numbers)}
    merged: list[Opening] = []
    for opening in sorted([*titles, *preambles], key=lambda o: o.line):
        if opening.kind == "preamble" and merged:
            previous = merged[-1]
            gap = position.get(opening.line, 0) - position.get(previous.line, 0)
            if previous.kind == "title" and 0 <= gap <= _TITLE_TO_PREAMBLE:
                continue
        merged.append(opening)
    return merged


def document_ranges(lines: Sequence[SourceLine], openings: Sequence[Opening]) -> list[tuple[int, int]]:
    """First and last physical line of each document: up to the line before the next opening."""
    last_content = {}
    latest = 0
    for line in lines:
        if line.norm:
            latest = line.number
        last_content[line.number] = latest
    ranges = []
    for position, opening in enumerate(openings):
        stop = openings[position + 1].line - 1 if position + 1 < len(openings) else len(lines)
        ranges.append((opening.line, max(opening.line, last_content.get(stop, stop))))
    return ranges
