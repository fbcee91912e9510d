"""Assemble one `Document` from its line range: body tree, annexes, metadata, warnings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.model import Annex, AnnexKind, Document, DocumentKind, LineSpan, Period, Section, Warning
from hyoka.model.fiscal import fiscal_year_end, fiscal_year_start
from hyoka.parse.annexes import (
    END_MARKER,
    Segment,
    find_candidates,
    find_end_marker,
    read_candidate,
    segment_annexes,
)
from hyoka.parse.axes import parse_axes_table
from hyoka.parse.baselines import attach_context
from hyoka.parse.blocks import find_blocks
from hyoka.parse.body import body_lines
from hyoka.parse.dates import find_dates
from hyoka.parse.flags import extract_flags
from hyoka.parse.indicators import extract_indicators
from hyoka.parse.inline_axes import inline_axes
from hyoka.parse.labels import written_label
from hyoka.parse.links import link_axes
from hyoka.parse.logical import LogicalLine, build_logical_lines, uses_trailing_spaces
from hyoka.parse.metadata import (
    FrontMatter,
    find_agency,
    find_kind,
    find_legal_basis,
    find_ministries,
    is_draft,
)
from hyoka.parse.period import parse_period
from hyoka.parse.split import Opening
from hyoka.parse.targets import extract_targets
from hyoka.parse.tree import Node, build_tree, iter_nodes
from hyoka.parse.units import units_from_annex, units_from_body
from hyoka.sources import SourceLine

_FIGURE_LEAD_MAX = 12  # figure fragments printed above an annex title that still belong to it


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the body stops and the annexes begin, in logical-line indices."""

    body_stop: int
    segments: list[Segment]


def find_layout(lines: Sequence[LogicalLine], trailing_convention: bool) -> Layout:
    """Annexes start after the body's last top-level heading, at the first annex title or 以上."""
    roots, _ = build_tree(lines)
    search_from = roots[-1].index + 1 if roots else 0
    candidates = find_candidates(lines, search_from)
    segments = segment_annexes(lines, candidates)
    marker = find_end_marker(lines, search_from)
    stops = [x for x in (marker, segments[0].start if segments else None) if x is not None]
    body_stop = min(stops) if stops else len(lines)
    if segments and trailing_convention and not segments[0].opened_by_label and segments[0].start == body_stop:
        lead = _figure_lead(lines, body_stop, floor=search_from)
        segments[0].start = body_stop = lead
    return Layout(body_stop=body_stop, segments=segments)


def _figure_lead(lines: Sequence[LogicalLine], start: int, floor: int) -> int:
    """Move an annex start back over figure fragments printed above its title.

    Where paragraph ends carry a trailing space, the body's last paragraph is closed by one;
    the unterminated fragments right above a figure's title (`科学技術・イノベーション基本計画等の`)
    are the figure's own boxes.
    """
    index = start
    while index - 1 > floor and start - (index - 1) <= _FIGURE_LEAD_MAX and not lines[index - 1].closed:
        index -= 1
    return index


def _section(node: Node, lines: Sequence[LogicalLine]) -> Section:
    heading = lines[node.index]
    if node.label.whole_line:
        label = written_label(heading, node.label)
        title = node.label.title
    else:
        label = written_label(heading, node.label)
        title = heading.text.strip()[len(label) :].strip()
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


def _annexes(lines: Sequence[LogicalLine], segments: Sequence[Segment]) -> list[Annex]:
    annexes = []
    for position, segment in enumerate(segments):
        stop = segments[position + 1].start if position + 1 < len(segments) else len(lines)
        members = lines[segment.start : stop]
        annexes.append(
            Annex(
                kind=segment.kind,
                label=segment.label,
                title=segment.title,
                line=members[0].line,
                span=LineSpan(start_line=members[0].line, end_line=members[-1].last_line),
                text="\n".join(m.text for m in members),
            )
        )
    return annexes


_PERIOD_SENTENCE = re.compile(r"目標(?:の)?期間(?:は|について|を)")


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


def _annex_breaks(physical: Sequence[SourceLine]) -> frozenset[int]:
    """Physical lines after the body's last top-level heading that hold an annex title or label.

    They must stand alone: inside figures, joining wrapped lines would glue a title to the
    fragments around it.
    """
    first_pass = build_logical_lines(physical)
    roots, _ = build_tree(first_pass)
    if not roots:
        return frozenset()
    last_root = first_pass[roots[-1].index].last_line
    return frozenset(
        line.number
        for position, line in enumerate(physical)
        if line.number > last_root
        and line.norm
        and (line.norm == END_MARKER or read_candidate(line.norm, line.text, position) is not None)
    )


def _annual_period(front: FrontMatter) -> Period | None:
    """A 年度目標 covers the one fiscal year its title or cover names (令和７年度)."""
    for text in (front.title_norm or "", *front.lines):
        fiscal = next((d for d in find_dates(text) if d.fiscal), None)
        if fiscal is not None:
            return Period(start=fiscal_year_start(fiscal.year), end=fiscal_year_end(fiscal.year), years=1, text=text)
    return None


def build_document(
    number: int, opening: Opening, source_lines: Sequence[SourceLine], span: tuple[int, int]
) -> Document:
    physical = source_lines[span[0] - 1 : span[1]]
    lines = build_logical_lines(physical, _annex_breaks(physical))
    layout = find_layout(lines, uses_trailing_spaces(physical))
    roots, preamble = build_tree(lines, stop=layout.body_stop)
    by_number = {ln.number: ln for ln in physical}
    title_text = "".join(by_number[n].text.strip() for n in opening.title_lines) or None
    front = FrontMatter(
        title=title_text,
        title_norm="".join(by_number[n].norm for n in opening.title_lines) or None,
        lines=[lines[i].norm for i in preamble],
        agency_line=by_number[opening.title_lines[0]].norm if opening.title_lines else None,
    )
    warnings: list[Warning] = []
    sections = [_section(root, lines) for root in roots]
    if not sections:
        warnings.append(Warning(message="no numbered headings found in the body", line=span[0]))
    period = _find_period(lines[: layout.body_stop], roots)
    if period is None and find_kind(front) == DocumentKind.annual:
        period = _annual_period(front)
    if period is None:
        warnings.append(Warning(message="objective period not found", line=span[0]))
    agency = find_agency(front)
    if agency.full_name is None:
        warnings.append(Warning(message="agency name not found in title or preamble", line=span[0]))
    kind = find_kind(front)
    if kind is None:
        warnings.append(Warning(message="objective kind (中期目標/中長期目標/年度目標) not found", line=span[0]))
    body = None
    if roots and layout.body_stop > roots[0].index:
        body = LineSpan(start_line=lines[roots[0].index].line, end_line=lines[layout.body_stop - 1].last_line)
    body_view = body_lines(lines, roots, layout.body_stop)
    blocks = find_blocks(body_view)
    targets = extract_targets(body_view, blocks)
    attach_context(body_view, blocks, targets)
    flags = extract_flags(body_view, targets)
    annexes = _annexes(lines, layout.segments)
    evaluation_axes = [
        row
        for annex in annexes
        if annex.kind == AnnexKind.evaluation_axes
        for row in parse_axes_table(source_lines[annex.span.start_line - 1 : annex.span.end_line])
    ]
    link_axes(evaluation_axes, roots)
    evaluation_axes.extend(inline_axes(body_view, blocks))
    units = units_from_body(body_view, roots)
    for position, segment in enumerate(layout.segments):
        if segment.kind == AnnexKind.evaluation_units:
            stop = layout.segments[position + 1].start if position + 1 < len(layout.segments) else len(lines)
            units.extend(units_from_annex(lines[segment.start : stop], roots))
    if not units:
        warnings.append(Warning(message="no evaluation units stated (一定の事業等のまとまり / 評価単位)", line=span[0]))
    return Document(
        id=f"doc-{number}",
        title=title_text,
        agency=agency,
        kind=kind,
        draft=is_draft(front),
        ministries=find_ministries(front),
        legal_basis=find_legal_basis(front),
        period=period,
        span=LineSpan(start_line=span[0], end_line=span[1]),
        body=body,
        sections=sections,
        annexes=annexes,
        evaluation_axes=evaluation_axes,
        evaluation_units=units,
        indicators=extract_indicators(body_view, blocks, targets),
        targets=targets,
        flags=flags,
        warnings=warnings,
    )
