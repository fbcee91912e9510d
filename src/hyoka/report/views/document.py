"""文書: the heading tree with everything the parse found placed where it stands (targets, marks
and their reasons, evaluation-axes rows, units), the source text beside it line by line, and the
parser's warnings.

Everything is placed by the line numbers the parse recorded: a target, an axes row or a unit
names the heading line of its item, a mark the line of the heading or target it qualifies. What
names no heading of the tree is listed apart ("unplaced"), never dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from pydantic import BaseModel

from hyoka.model import Document, EvaluationAxesRow, Flag, Section
from hyoka.model.records import DocumentRecord, SourceLineRecord, TargetRecord
from hyoka.model.sections import section_kind
from hyoka.report.labels import FLAG_NAMES, SCOPE_NAMES, SECTION_NAMES, level_text
from hyoka.store.database import Database
from hyoka.store.store import Store, TargetFilter

TARGETS_MAX = 100_000  # every target of a document: far more than one ever states


class MarkView(BaseModel):
    kind: str
    label: str  # 重要度 / 困難度
    level: str
    reason: str | None
    line: int


class TargetView(BaseModel):
    id: int | None
    indicator: str
    level: str  # 80%以上
    scope: str
    scope_label: str
    line: int
    page: int | None
    marks: list[MarkView]


class AxesRowView(BaseModel):
    title: str
    line: int
    axes: list[str]
    evaluation_indicators: list[str]
    monitoring_indicators: list[str]


class NodeView(BaseModel):
    label: str
    title: str
    level: int
    line: int
    end_line: int
    section_kind: str | None
    section_label: str | None
    text: str
    targets: list[TargetView]
    marks: list[MarkView]
    axes_rows: list[AxesRowView]
    units: list[str]
    children: list[NodeView]


class AnnexView(BaseModel):
    kind: str
    label: str | None
    title: str | None
    line: int
    end_line: int


class WarningView(BaseModel):
    message: str
    line: int | None


class DocumentPage(BaseModel):
    document: DocumentRecord
    contract_id: str
    title: str | None
    versions: list[DocumentRecord]
    tree: list[NodeView]
    unplaced_targets: list[TargetView]
    unplaced_marks: list[MarkView]
    annexes: list[AnnexView]
    units: list[str]
    warnings: list[WarningView]
    source: list[SourceLineRecord] | None
    pages: int | None


def _mark(flag: Flag) -> MarkView:
    return MarkView(
        kind=flag.kind.value, label=FLAG_NAMES.get(flag.kind.value, flag.kind.value), level=flag.level,
        reason=flag.reason, line=flag.line,
    )  # fmt: skip


def _axes_row(row: EvaluationAxesRow) -> AxesRowView:
    return AxesRowView(
        title=f"{row.item.label or ''} {row.item.title}".strip(),
        line=row.line,
        axes=[entry.text for entry in row.axes],
        evaluation_indicators=[entry.text for entry in row.evaluation_indicators],
        monitoring_indicators=[entry.text for entry in row.monitoring_indicators],
    )


class _Placer:
    """What belongs under each heading line, gathered once from the contract."""

    def __init__(self, contract: Document, records: list[TargetRecord]) -> None:
        ids = {(r.line, r.indicator): r for r in records}
        marks_by_line: dict[int | None, list[MarkView]] = {}
        for flag in contract.flags:
            marks_by_line.setdefault(flag.applies_to, []).append(_mark(flag))
        self.targets: dict[int | None, list[TargetView]] = {}
        target_lines = set()
        for target in contract.targets:
            record = ids.get((target.line, target.indicator))
            view = TargetView(
                id=record.id if record else None,
                indicator=target.indicator,
                level=level_text(target.value, target.unit, target.comparator.value),
                scope=target.scope.value,
                scope_label=SCOPE_NAMES.get(target.scope.value, target.scope.value),
                line=target.line,
                page=record.page if record else None,
                marks=marks_by_line.get(target.line, []),
            )
            target_lines.add(target.line)
            self.targets.setdefault(target.section_line, []).append(view)
        self.marks = {line: marks for line, marks in marks_by_line.items() if line not in target_lines}
        self.axes: dict[int | None, list[AxesRowView]] = {}
        for row in contract.evaluation_axes:
            self.axes.setdefault(row.section_line, []).append(_axes_row(row))
        self.units: dict[int, list[str]] = {}
        for unit in contract.evaluation_units:
            for line in unit.section_lines:
                self.units.setdefault(line, []).append(unit.title)
        self.placed: set[int | None] = set()

    def node(self, section: Section) -> NodeView:
        self.placed.add(section.line)
        kind = section_kind_of(section)
        return NodeView(
            label=section.label,
            title=section.title,
            level=section.level,
            line=section.line,
            end_line=section.lines[1],
            section_kind=kind,
            section_label=SECTION_NAMES.get(kind) if kind else None,
            text=section.text,
            targets=self.targets.get(section.line, []),
            marks=self.marks.get(section.line, []),
            axes_rows=self.axes.get(section.line, []),
            units=self.units.get(section.line, []),
            children=[self.node(child) for child in section.children],
        )


def section_kind_of(section: Section) -> str | None:
    """The chapter kind of a top-level heading, by its title (as the store records it)."""
    return section_kind(section.title) if section.level == 1 else None


@dataclass(frozen=True, slots=True)
class DocumentBodyView:
    """What the page of a stored version shows that never changes: a version, once stored, is
    never rewritten (a new text is a new version, a new row), so its tree, its targets' places,
    its source lines and warnings are the same on every request."""

    contract_id: str
    title: str | None
    tree: list[NodeView]
    unplaced_targets: list[TargetView]
    unplaced_marks: list[MarkView]
    annexes: list[AnnexView]
    units: list[str]
    warnings: list[WarningView]
    source: list[SourceLineRecord] | None
    pages: int | None


BODY_CACHE_SIZE = 128  # documents whose body a process keeps, the least recently shown dropped first
# per database (a test process opens many), dropped with it
_bodies: WeakKeyDictionary[Database, OrderedDict[tuple[int, datetime | None], DocumentBodyView]] = WeakKeyDictionary()
_bodies_lock = threading.Lock()  # the pages' routes run on a thread pool


def document_body_view(store: Store, document_id: int) -> DocumentBodyView | None:
    """The part of the version's page that never changes, built from the store."""
    contract = store.contract(document_id)
    if contract is None:
        return None
    # the targets' ids and pages, from the list's lean query (the contract has read their rows)
    records = store.targets(TargetFilter(document_id=document_id, current_only=False), limit=TARGETS_MAX).data
    placer = _Placer(contract, records)
    tree = [placer.node(section) for section in contract.sections]
    source = store.source_lines(document_id)
    pages = {line.page for line in source or [] if line.page is not None}
    return DocumentBodyView(
        contract_id=contract.id,
        title=contract.title,
        tree=tree,
        unplaced_targets=[t for line, ts in placer.targets.items() if line not in placer.placed for t in ts],
        unplaced_marks=[m for line, ms in placer.marks.items() if line not in placer.placed for m in ms],
        annexes=[
            AnnexView(kind=a.kind.value, label=a.label, title=a.title, line=a.line, end_line=a.span.end_line)
            for a in contract.annexes
        ],
        units=[unit.title for unit in contract.evaluation_units],
        warnings=[WarningView(message=w.message, line=w.line) for w in contract.warnings],
        source=source,
        pages=len(pages) or None,
    )


def _cached_body(store: Store, document: DocumentRecord) -> DocumentBodyView | None:
    """The body of the version, from this process's bounded cache of the database's bodies when
    it was shown lately. The key holds the version's creation time as well as its id, so a
    database rebuilt under a running server cannot hand out another document's body."""
    key = (document.id, document.created_at)
    with _bodies_lock:
        kept = _bodies.setdefault(store.database, OrderedDict())
        body = kept.get(key)
        if body is not None:
            kept.move_to_end(key)
            return body
    body = document_body_view(store, document.id)
    if body is not None:
        with _bodies_lock:
            kept[key] = body
            while len(kept) > BODY_CACHE_SIZE:
                kept.popitem(last=False)
    return body


class DocumentHeader(BaseModel):
    """What the page of a stored version shows that may change after it was stored: its record
    (a newer version makes it superseded) and the list of its versions."""

    document: DocumentRecord
    versions: list[DocumentRecord]


def document_header(store: Store, document_id: int) -> DocumentHeader | None:
    """The record and versions of one stored version, read fresh."""
    versions = store.versions(document_id)  # the version itself among them, as its own record
    document = next((version for version in versions if version.id == document_id), None)
    if document is None:
        return None
    return DocumentHeader.model_construct(document=document, versions=versions)


def document_view(store: Store, document_id: int) -> DocumentPage | None:
    """The page of one stored version: its record and the list of its versions read fresh (a
    newer version may have been stored since, which makes this one superseded), the rest from
    `_cached_body`."""
    versions = store.versions(document_id)  # the version itself among them, as its own record
    document = next((version for version in versions if version.id == document_id), None)
    if document is None:
        return None
    body = _cached_body(store, document)
    if body is None:
        return None
    # every part is a model made and checked here, or a record from the store: not checked again
    return DocumentPage.model_construct(
        document=document,
        contract_id=body.contract_id,
        title=body.title,
        versions=versions,
        tree=body.tree,
        unplaced_targets=body.unplaced_targets,
        unplaced_marks=body.unplaced_marks,
        annexes=body.annexes,
        units=body.units,
        warnings=body.warnings,
        source=body.source,
        pages=body.pages,
    )
