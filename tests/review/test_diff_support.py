"""Small documents built as models for the diff tests: sections, targets and marks by hand.

Lines are assigned in document order (each heading and each paragraph one line), so the fixtures
say only what matters to a test: labels, titles, texts and the tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hyoka.model.contract import (
    Agency,
    Comparator,
    Document,
    DocumentKind,
    Flag,
    FlagKind,
    LineSpan,
    Period,
    Section,
    Target,
    TargetScope,
)


@dataclass
class S:
    """A section to build: label, title, own text, children."""

    label: str
    title: str
    text: str = ""
    children: Sequence[S] = field(default_factory=tuple)


def _build(spec: S, level: int, line: list[int]) -> Section:
    start = line[0]
    line[0] += 1 + max(1, spec.text.count("\n") + 1 if spec.text else 0)
    children = [_build(child, level + 1, line) for child in spec.children]
    scheme = "paren_digit" if spec.label.startswith("（") else "decimal"
    return Section(
        label=spec.label, scheme=scheme, title=spec.title, level=level, line=start,
        lines=(start, line[0] - 1), text=spec.text, children=children,
    )  # fmt: skip


def sections(*specs: S) -> list[Section]:
    line = [10]
    return [_build(spec, 1, line) for spec in specs]


def document(
    tops: Sequence[Section],
    *,
    targets: Sequence[Target] = (),
    flags: Sequence[Flag] = (),
    period: Period | None = None,
    title: str = "独立行政法人見本機構中期目標",
) -> Document:
    end = max((s.lines[1] for s in tops), default=10)
    return Document(
        id="doc-1", title=title, agency=Agency(name="見本機構", legal_type="独立行政法人", full_name="独立行政法人見本機構"),
        kind=DocumentKind.mid_term, draft=False, period=period, span=LineSpan(start_line=1, end_line=end),
        body=LineSpan(start_line=10, end_line=end), sections=list(tops), targets=list(targets), flags=list(flags),
    )  # fmt: skip


def target(section: Section, indicator: str, value: float, *, unit: str = "%", scope: TargetScope = TargetScope.per_year,
           comparator: Comparator = Comparator.ge, text: str = "") -> Target:  # fmt: skip
    line = section.line + 1
    return Target(
        indicator=indicator, value=value, unit=unit, comparator=comparator, scope=scope,
        text=text or f"{indicator}を{value:g}{unit}以上とする。", section_line=section.line, line=line, lines=(line, line),
    )  # fmt: skip


def flag(section: Section, kind: FlagKind, reason: str | None = "国の政策上特に重要であるため。") -> Flag:
    return Flag(
        kind=kind, level="高", reason=reason, text="【重要度：高】", line=section.line + 1, applies_to=section.line
    )


def period(start_year: int, years: int) -> Period:
    return Period(start=date(start_year, 4, 1), end=date(start_year + years, 3, 31), years=years)
