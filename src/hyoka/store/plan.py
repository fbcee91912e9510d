"""Rows of one parsed document, planned before the write transaction begins.

An ingest holds the database's writer lock only while it inserts, so everything that takes
time and needs no database is done here first: every row as a plain dict, the search entries
with their matching form (NFKC), pages, section kinds. Rows that point at other rows of the
same document (an item's parent, a target's item, a search entry's row) name them by position
in this plan; `hyoka.store.writer` turns positions into ids as it inserts, table by table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hyoka.model import Document, EvaluationAxesRow, Section
from hyoka.model.sections import section_kind
from hyoka.sources import SourceText, normalize

Row = dict[str, Any]


def document_hash(source: SourceText, doc: Document) -> str:
    """Hash of the document's own text (matching form), so a copy inside another file is known."""
    text = "\n".join(line.norm for line in source.lines[doc.span.start_line - 1 : doc.span.end_line])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PlannedItem:
    row: Row
    parent: int | None  # position of the parent in `DocumentPlan.items`
    line: int


@dataclass(frozen=True, slots=True)
class PlannedEntry:
    """An axes entry; `parent` is the position of the evaluation indicator it is listed under."""

    row: Row
    parent: int | None
    search: int  # position of its search entry in `DocumentPlan.search`


@dataclass(frozen=True, slots=True)
class PlannedSearch:
    """A search entry; `table` and `position` name the planned row it refers to (axes entries
    set theirs through `PlannedEntry.search`)."""

    row: Row
    table: str
    position: int
    item_line: int | None


@dataclass(slots=True)
class DocumentPlan:
    """Everything `write_plan` inserts for one document, with cross-references by position."""

    document: Document
    content_sha256: str
    position: int
    header: Row
    items: list[PlannedItem] = field(default_factory=list)
    annexes: list[Row] = field(default_factory=list)
    targets: list[tuple[Row, list[Row]]] = field(default_factory=list)  # a target and its baselines
    flags: list[Row] = field(default_factory=list)
    axes_rows: list[tuple[Row, int | None, list[PlannedEntry]]] = field(default_factory=list)
    units: list[tuple[Row, list[int]]] = field(default_factory=list)  # a unit and its items' lines
    indicators: list[Row] = field(default_factory=list)
    warnings: list[Row] = field(default_factory=list)
    search: list[PlannedSearch] = field(default_factory=list)
    item_kinds: dict[int, str | None] = field(default_factory=dict)

    @property
    def item_lines(self) -> list[int]:
        return [item.line for item in self.items]


class _Planner:
    def __init__(self, source: SourceText, doc: Document, position: int) -> None:
        self.pages = [line.page for line in source.lines]
        self.doc = doc
        self.marked = {f.applies_to for f in doc.flags if f.applies_to is not None}
        self.plan = DocumentPlan(doc, document_hash(source, doc), position, _header(doc))

    def page(self, line: int) -> int | None:
        return self.pages[line - 1] if 0 < line <= len(self.pages) else None

    def index(self, table: str, position: int, text: str, line: int, item_line: int | None) -> int:
        kind = self.plan.item_kinds.get(item_line) if item_line is not None else None
        self.plan.search.append(
            PlannedSearch(
                {
                    "kind": table,
                    "section_kind": kind,
                    "marked": item_line in self.marked,
                    "line": line,
                    "page": self.page(line),
                    "content": text,
                    "content_norm": normalize(text),
                },
                table,
                position,
                item_line,
            )
        )
        return len(self.plan.search) - 1

    def build(self) -> DocumentPlan:
        doc = self.doc
        self.items(doc.sections, None, None)
        for position, item in enumerate(self.plan.items):
            row = item.row
            self.index("item", position, f"{row['label']} {row['title']}\n{row['text']}".strip(), item.line, item.line)
        for position, annex in enumerate(doc.annexes):
            self.plan.annexes.append(
                {
                    "position": position,
                    "kind": annex.kind.value,
                    "label": annex.label,
                    "title": annex.title,
                    "line": annex.line,
                    "end_line": annex.span.end_line,
                    "page": self.page(annex.line),
                    "text": annex.text,
                }
            )
            self.index("annex", position, annex.text, annex.line, None)
        self.targets()
        self.flags()
        for position, axes in enumerate(doc.evaluation_axes):
            self.axes(position, axes)
        self.plan.units = [
            (
                {
                    "position": position,
                    "title": unit.title,
                    "section_lines": list(unit.section_lines),
                    "text": unit.text,
                    "line": unit.line,
                },
                list(unit.section_lines),
            )
            for position, unit in enumerate(doc.evaluation_units)
        ]
        for position, indicator in enumerate(doc.indicators):
            self.plan.indicators.append(
                {
                    "position": position,
                    "kind": indicator.kind.value,
                    "text": indicator.text,
                    "section_line": indicator.section_line,
                    "line": indicator.line,
                    "_item_line": indicator.section_line,
                }
            )
            self.index("indicator", position, indicator.text, indicator.line, indicator.section_line)
        self.plan.warnings = [{"message": w.message, "line": w.line} for w in doc.warnings]
        return self.plan

    def items(self, sections: Sequence[Section], parent: int | None, kind: str | None) -> None:
        for section in sections:
            own_kind = kind if parent is not None else section_kind(section.title)
            self.plan.items.append(
                PlannedItem(
                    {
                        "position": len(self.plan.items),
                        "label": section.label,
                        "scheme": section.scheme,
                        "title": section.title,
                        "level": section.level,
                        "section_kind": own_kind,
                        "line": section.line,
                        "end_line": section.lines[1],
                        "page": self.page(section.line),
                        "text": section.text,
                    },
                    parent,
                    section.line,
                )
            )
            self.plan.item_kinds[section.line] = own_kind
            self.items(section.children, len(self.plan.items) - 1, own_kind)

    def targets(self) -> None:
        for position, target in enumerate(self.doc.targets):
            row = target.model_dump(
                include={
                    "indicator",
                    "value",
                    "unit",
                    "rationale",
                    "external_factors",
                    "covers",
                    "text",
                    "section_line",
                    "line",
                }
            )
            row.update(
                position=position,
                comparator=target.comparator.value,
                scope=target.scope.value,
                fiscal_years=list(target.fiscal_years),
                alt_values=list(target.alt_values),
                first_line=target.lines[0],
                end_line=target.lines[1],
                page=self.page(target.line),
                _item_line=target.section_line,
            )
            baselines = [
                {"position": k, "fiscal_years": list(b.fiscal_years), **b.model_dump(exclude={"fiscal_years"})}
                for k, b in enumerate(target.baseline)
            ]
            self.plan.targets.append((row, baselines))
            self.index("target", position, f"{target.indicator}: {target.text}", target.line, target.section_line)

    def flags(self) -> None:
        for position, flag in enumerate(self.doc.flags):
            self.plan.flags.append(
                {
                    "position": position,
                    "kind": flag.kind.value,
                    "level": flag.level,
                    "reason": flag.reason,
                    "text": flag.text,
                    "line": flag.line,
                    "applies_to": flag.applies_to,
                    "page": self.page(flag.line),
                    "_item_line": flag.applies_to,
                }
            )
            text = f"{flag.text} {flag.reason or ''}".strip()
            self.index("flag", position, text, flag.line, flag.applies_to)

    def axes(self, position: int, axes: EvaluationAxesRow) -> None:
        entries: list[PlannedEntry] = []
        item_line = axes.section_line

        def add(kind: str, text: str, lines: tuple[int, int], parent: int | None = None) -> int:
            at = len(entries)
            search = self.index("axis", -1, text, lines[0], item_line)  # its id is set as it is inserted
            row = {"position": at, "kind": kind, "text": text, "line": lines[0], "end_line": lines[1]}
            entries.append(PlannedEntry(row, parent, search))
            return at

        nested = {(m.lines, m.text) for e in axes.evaluation_indicators for m in e.monitoring_indicators}
        for question in axes.axes:
            add("axis", question.text, question.lines)
        for indicator in axes.evaluation_indicators:
            parent = add("evaluation", indicator.text, indicator.lines)
            for monitor in indicator.monitoring_indicators:
                add("monitoring", monitor.text, monitor.lines, parent)
        for monitor in axes.monitoring_indicators:
            if (monitor.lines, monitor.text) not in nested:
                add("monitoring", monitor.text, monitor.lines)
        row = {
            "position": position,
            "label": axes.item.label,
            "title": axes.item.title,
            "line": axes.line,
            "end_line": axes.lines[1],
            "section_line": axes.section_line,
            "sub_items": list(axes.sub_items),
        }
        self.plan.axes_rows.append((row, item_line, entries))


def _header(doc: Document) -> Row:
    period = doc.period
    return {
        "kind": doc.kind.value if doc.kind else None,
        "draft": doc.draft,
        "title": doc.title,
        "ministries": list(doc.ministries),
        "legal_basis": doc.legal_basis,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "period_years": period.years if period else None,
        "period_text": period.text if period else None,
        "period_line": period.line if period else None,
        "start_line": doc.span.start_line,
        "end_line": doc.span.end_line,
        "body_start_line": doc.body.start_line if doc.body else None,
        "body_end_line": doc.body.end_line if doc.body else None,
    }


def plan_document(source: SourceText, doc: Document, position: int) -> DocumentPlan:
    """Every row of `doc` (the `position`-th document of `source`), ready to insert."""
    return _Planner(source, doc, position).build()
