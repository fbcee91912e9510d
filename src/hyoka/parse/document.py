"""Assemble one `Document` from its blocks: the core steps that run after the block pass.

The steps, in order (`CORE_STEPS`; each reads what the ones before it set on the `DocumentState`):

    layout      where the body stops and the annexes begin: the first annex title or 以上 after
                the body's last top-level heading (figure fragments above a title go with it)
    tree        the heading tree of the body: headings in the annexes dropped, bare lists folded
    front       the front matter: title, cover lines, preamble; the agency, kind, draft,
                ministries and legal basis read from it
    period      the objective period, from the period chapter or the sentence that states it
    body        each block of the body with the section that owns it
    blocks      labelled blocks inside items (＜目標水準の考え方＞, （定量目標）, 【評価軸】…)
    targets     quantitative targets, then their baselines, rationale and external factors
    marks       重要度 / 困難度 marks with their reasons
    annexes     annex segments with their kind, label, title and text
    axes        evaluation-axes rows: from the axes annex table, then those written in the body
    units       evaluation units, from the body's statement and the units annex
    indicators  indicators named without a numeric level
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hyoka.model import (
    Agency,
    Annex,
    AnnexKind,
    Document,
    DocumentKind,
    EvaluationAxesRow,
    EvaluationUnit,
    Flag,
    Indicator,
    LineSpan,
    Period,
    Section,
    Target,
    Warning,
)
from hyoka.model.fiscal import fiscal_year_end, fiscal_year_start
from hyoka.parse.annexes import END_MARKER, Segment, find_candidates, find_end_marker, segment_annexes
from hyoka.parse.axes import parse_axes_table
from hyoka.parse.baselines import attach_context
from hyoka.parse.blocks import Block as LabelledBlock
from hyoka.parse.blocks import find_blocks
from hyoka.parse.body import BodyLine, body_lines
from hyoka.parse.dates import find_dates
from hyoka.parse.flags import extract_flags
from hyoka.parse.indicators import extract_indicators
from hyoka.parse.inline_axes import inline_axes
from hyoka.parse.lexicon.terms import PERIOD_SENTENCE
from hyoka.parse.links import link_axes
from hyoka.parse.logical import LogicalLine
from hyoka.parse.metadata import (
    FrontMatter,
    find_agency,
    find_kind,
    find_legal_basis,
    find_ministries,
    is_draft,
)
from hyoka.parse.period import parse_period
from hyoka.parse.rules.opening import without_cover
from hyoka.parse.stack import Node, finish, iter_nodes
from hyoka.parse.state import Block, DocumentStart
from hyoka.parse.targets import extract_targets
from hyoka.parse.units import units_from_annex, units_from_body
from hyoka.parse.written import written_label
from hyoka.sources import SourceLine, normalize

_FIGURE_LEAD_MAX = 12  # figure fragments printed above an annex title that still belong to it


@dataclass(frozen=True, slots=True)
class DocumentInput:
    start: DocumentStart
    blocks: Sequence[Block]
    last_line: int  # the document's last printed line (a page number may follow its last block)


@dataclass(slots=True)
class DocumentState:
    """What the core steps read and write for one document."""

    number: int
    start: DocumentStart
    blocks: Sequence[Block]
    source: Sequence[SourceLine]
    lines: list[LogicalLine]
    span: tuple[int, int]
    body_stop: int = 0
    segments: list[Segment] = field(default_factory=list)
    roots: list[Node] = field(default_factory=list)
    front: FrontMatter = field(default_factory=FrontMatter)
    agency: Agency = field(default_factory=lambda: Agency(name=None, legal_type=None, full_name=None))
    kind: DocumentKind | None = None
    period: Period | None = None
    body: list[BodyLine] = field(default_factory=list)
    labelled: list[LabelledBlock] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    axes: list[EvaluationAxesRow] = field(default_factory=list)
    units: list[EvaluationUnit] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


def layout(doc: DocumentState) -> None:
    """Annexes start after the body's last top-level heading, at the first annex title or 以上;
    in a fragment (one chapter pasted alone) after its last heading, as it has no later chapter."""
    roots = doc.start.stack.roots
    lines = doc.lines
    headings = list(iter_nodes(roots)) if doc.start.kind == "fragment" else roots
    search_from = max((node.index for node in headings), default=-1) + 1
    segments = segment_annexes(lines, find_candidates(lines, search_from))
    marker = find_end_marker(lines, search_from)
    stops = [x for x in (marker, segments[0].start if segments else None) if x is not None]
    body_stop = min(stops) if stops else len(lines)
    trailing = any(lines[k].closed for k in range(search_from, min(body_stop, len(lines))))
    if segments and trailing and not segments[0].opened_by_label and segments[0].start == body_stop:
        segments[0].start = body_stop = _figure_lead(lines, body_stop, floor=search_from)
    doc.body_stop, doc.segments = body_stop, segments


def _figure_lead(lines: Sequence[LogicalLine], start: int, floor: int) -> int:
    """Move an annex start back over figure fragments printed above its title: the unterminated
    fragments right above a figure's title (`科学技術・イノベーション基本計画等の`) are its boxes."""
    index = start
    while index - 1 > floor and start - (index - 1) <= _FIGURE_LEAD_MAX and not lines[index - 1].closed:
        index -= 1
    return index


def tree(doc: DocumentState) -> None:
    doc.roots = finish(doc.start.stack.roots, doc.body_stop)


def front(doc: DocumentState) -> None:
    by_number = {line.number: line for line in doc.source[doc.span[0] - 1 : doc.span[1]]}
    title_lines = [n for n in doc.start.title_lines if n in by_number]
    title = _without_cover_text("".join(by_number[n].text.strip() for n in title_lines)) or None
    first = doc.roots[0].index if doc.roots else doc.body_stop
    front_lines = [doc.lines[k].norm for k in range(min(first, doc.body_stop)) if doc.blocks[k].kind != "toc"]
    doc.front = FrontMatter(
        title=title,
        title_norm=without_cover("".join(by_number[n].norm for n in title_lines)) or None,
        lines=front_lines,
        agency_line=without_cover(by_number[title_lines[0]].norm) if title_lines else None,
    )
    doc.agency = find_agency(doc.front)
    doc.kind = find_kind(doc.front)


_COVER_TEXT = re.compile(r"^\s*[【＜<（(［\[〔][^】＞>）)］\]〕]{1,12}[】＞>）)］\]〕]\s*")


def _without_cover_text(title: str) -> str:
    """The title as printed, without a cover label before it (【参考資料４】)."""
    return _COVER_TEXT.sub("", title) if without_cover(normalize(title)) != normalize(title) else title


def period(doc: DocumentState) -> None:
    doc.period = _find_period(doc.lines[: doc.body_stop], doc.roots)
    if doc.period is None and doc.kind == DocumentKind.annual:
        doc.period = _annual_period(doc.front)


_PERIOD_SENTENCE = re.compile(PERIOD_SENTENCE)


def _find_period(lines: Sequence[LogicalLine], roots: Sequence[Node]) -> Period | None:
    """The period sentence: in a section titled …期間, else one saying 目標の期間は…, else anywhere.

    The order matters: the mission chapter cites earlier periods (第１期中長期目標期間（平成
    27 年度～令和元年度）) before the period of this document is stated.
    """
    in_period_section = [lines[i] for node in iter_nodes(roots) if "期間" in node.label.title for i in node.body]
    stated = [ln for ln in lines if _PERIOD_SENTENCE.search(ln.norm)]
    for line in (*in_period_section, *stated, *lines):
        found = parse_period(line.norm)
        if found is not None:
            return Period(start=found.start, end=found.end, years=found.years, text=line.text, line=line.line)
    return None


def _annual_period(front: FrontMatter) -> Period | None:
    """A 年度目標 covers the one fiscal year its title or cover names (令和７年度)."""
    for text in (front.title_norm or "", *front.lines):
        fiscal = next((d for d in find_dates(text) if d.fiscal), None)
        if fiscal is not None:
            return Period(start=fiscal_year_start(fiscal.year), end=fiscal_year_end(fiscal.year), years=1, text=text)
    return None


def body(doc: DocumentState) -> None:
    doc.body = body_lines(doc.lines, doc.roots, doc.body_stop)


def blocks(doc: DocumentState) -> None:
    doc.labelled = find_blocks(doc.body)


def targets(doc: DocumentState) -> None:
    doc.targets = extract_targets(doc.body, doc.labelled)
    attach_context(doc.body, doc.labelled, doc.targets)


def marks(doc: DocumentState) -> None:
    doc.flags = extract_flags(doc.body, doc.targets)


def annexes(doc: DocumentState) -> None:
    lines = doc.lines
    for position, segment in enumerate(doc.segments):
        stop = doc.segments[position + 1].start if position + 1 < len(doc.segments) else len(lines)
        members = lines[segment.start : stop]
        doc.annexes.append(
            Annex(
                kind=segment.kind,
                label=segment.label,
                title=segment.title,
                line=members[0].line,
                span=LineSpan(start_line=members[0].line, end_line=members[-1].last_line),
                text="\n".join(m.text for m in members),
            )
        )


def axes(doc: DocumentState) -> None:
    for annex in doc.annexes:
        if annex.kind == AnnexKind.evaluation_axes:
            doc.axes.extend(parse_axes_table(doc.source[annex.span.start_line - 1 : annex.span.end_line]))
    link_axes(doc.axes, doc.roots)
    doc.axes.extend(inline_axes(doc.body, doc.labelled))


def units(doc: DocumentState) -> None:
    doc.units = units_from_body(doc.body, doc.roots)
    for position, segment in enumerate(doc.segments):
        if segment.kind == AnnexKind.evaluation_units:
            stop = doc.segments[position + 1].start if position + 1 < len(doc.segments) else len(doc.lines)
            doc.units.extend(units_from_annex(doc.lines[segment.start : stop], doc.roots))


def indicators(doc: DocumentState) -> None:
    doc.indicators = extract_indicators(doc.body, doc.labelled, doc.targets)


Step = Callable[[DocumentState], None]
CORE_STEPS: tuple[tuple[str, Step], ...] = (
    ("layout", layout),
    ("tree", tree),
    ("front", front),
    ("period", period),
    ("body", body),
    ("blocks", blocks),
    ("targets", targets),
    ("marks", marks),
    ("annexes", annexes),
    ("axes", axes),
    ("units", units),
    ("indicators", indicators),
)


def _section(node: Node, lines: Sequence[LogicalLine]) -> Section:
    heading = lines[node.index]
    label = written_label(heading, node.label)
    title = node.label.title if node.label.whole_line else heading.text.strip()[len(label) :].strip()
    last = lines[node.end].last_line if node.end >= node.index else heading.last_line
    return Section(
        label=label,
        scheme=node.reading.scheme,
        title=title,
        level=node.level,
        line=heading.line,
        lines=(heading.line, last),
        text="\n".join(lines[i].text for i in node.body),
        children=[_section(child, lines) for child in node.children],
    )


def _warnings(doc: DocumentState) -> list[Warning]:
    first = doc.span[0]
    found = []
    if not doc.roots:
        found.append(Warning(message="no numbered headings found in the body", line=first))
    if doc.period is None:
        found.append(Warning(message="objective period not found", line=first))
    if doc.agency.full_name is None:
        found.append(Warning(message="agency name not found in title or preamble", line=first))
    if doc.kind is None:
        found.append(Warning(message="objective kind (中期目標/中長期目標/年度目標) not found", line=first))
    if not doc.units:
        found.append(Warning(message="no evaluation units stated (一定の事業等のまとまり / 評価単位)", line=first))
    return found


def build_document(number: int, given: DocumentInput, source: Sequence[SourceLine]) -> Document:
    lines = [block.logical for block in given.blocks]
    span = (given.blocks[0].logical.line, max(given.last_line, *(b.logical.last_line for b in given.blocks)))
    doc = DocumentState(number, given.start, given.blocks, source, lines, span)
    for _, step in CORE_STEPS:
        step(doc)
    roots = doc.roots
    body_span = None
    if roots and doc.body_stop > roots[0].index:
        body_span = LineSpan(start_line=lines[roots[0].index].line, end_line=lines[doc.body_stop - 1].last_line)
    return Document(
        id=f"doc-{number}",
        title=doc.front.title,
        agency=doc.agency,
        kind=doc.kind,
        draft=is_draft(doc.front),
        ministries=find_ministries(doc.front),
        legal_basis=find_legal_basis(doc.front),
        period=doc.period,
        span=LineSpan(start_line=doc.span[0], end_line=doc.span[1]),
        body=body_span,
        sections=[_section(root, lines) for root in roots],
        annexes=doc.annexes,
        evaluation_axes=doc.axes,
        evaluation_units=doc.units,
        indicators=doc.indicators,
        targets=doc.targets,
        flags=doc.flags,
        warnings=_warnings(doc),
    )


__all__ = ["CORE_STEPS", "END_MARKER", "DocumentInput", "DocumentState", "build_document"]
