"""Write a parse into the database: one document's rows, its search entries, its version link.

The caller owns the transaction (`hyoka.store.ingest`): nothing here commits.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hyoka.model import Document, EvaluationAxesRow, Section, SourceInfo, TableEntry
from hyoka.sources import SourceText, normalize
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.base import Base
from hyoka.store.search_table import SearchEntry

_SECTION_KINDS = (
    (re.compile(r"位置付け|役割|ミッション"), "mission"),
    (re.compile(r"目標の期間|目標期間"), "period"),
    (re.compile(r"業務の質の向上|成果の最大化|サービス"), "quality"),
    (re.compile(r"効率化|業務運営の改善"), "efficiency"),
    (re.compile(r"財務内容|財務"), "finance"),
    (re.compile(r"その他"), "other"),
)


def section_kind(title: str) -> str | None:
    """The glossary's section of a top-level heading: mission, quality, efficiency, finance, other."""
    return next((kind for pattern, kind in _SECTION_KINDS if pattern.search(title)), None)


def document_hash(source: SourceText, doc: Document) -> str:
    """Hash of the document's own text (matching form), so a copy inside another file is known."""
    text = "\n".join(line.norm for line in source.lines[doc.span.start_line - 1 : doc.span.end_line])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_or_add_source(session: Session, info: SourceInfo, size: int) -> tuple[d.SourceFile, bool]:
    existing = session.scalar(select(d.SourceFile).where(d.SourceFile.sha256 == info.sha256))
    if existing is not None:
        return existing, False
    row = d.SourceFile(
        sha256=info.sha256,
        path=info.path,
        format=info.format,
        encoding=info.encoding,
        line_count=info.line_count,
        size_bytes=size,
    )
    session.add(row)
    session.flush()
    return row, True


def _agency(session: Session, doc: Document) -> d.Agency | None:
    if not doc.agency.full_name:
        return None
    existing = session.scalar(select(d.Agency).where(d.Agency.full_name == doc.agency.full_name))
    if existing is not None:
        return existing
    row = d.Agency(
        full_name=doc.agency.full_name, name=doc.agency.name or doc.agency.full_name, legal_type=doc.agency.legal_type
    )
    session.add(row)
    session.flush()
    return row


def latest_version(session: Session, agency: d.Agency | None, doc: Document) -> d.ObjectiveDocument | None:
    """The stored document this one revises: same agency, kind and period, newest version."""
    if agency is None:
        return None
    query = select(d.ObjectiveDocument).where(
        d.ObjectiveDocument.agency_id == agency.id,
        d.ObjectiveDocument.kind == (doc.kind.value if doc.kind else None),
        d.ObjectiveDocument.period_start == (doc.period.start if doc.period else None),
        d.ObjectiveDocument.period_end == (doc.period.end if doc.period else None),
    )
    return session.scalar(query.order_by(d.ObjectiveDocument.version.desc()).limit(1))


def is_stored(session: Session, content_sha256: str) -> bool:
    return (
        session.scalar(
            select(d.ObjectiveDocument.id).where(d.ObjectiveDocument.content_sha256 == content_sha256).limit(1)
        )
        is not None
    )


class _Pages:
    def __init__(self, source: SourceText) -> None:
        self._pages = [line.page for line in source.lines]

    def __call__(self, line: int) -> int | None:
        return self._pages[line - 1] if 0 < line <= len(self._pages) else None


def write_document(
    session: Session,
    *,
    source: SourceText,
    file_row: d.SourceFile,
    position: int,
    doc: Document,
    content_sha256: str,
) -> d.ObjectiveDocument:
    agency = _agency(session, doc)
    previous = latest_version(session, agency, doc)
    row = d.ObjectiveDocument(
        source_file_id=file_row.id,
        position=position,
        agency_id=agency.id if agency else None,
        content_sha256=content_sha256,
        version=previous.version + 1 if previous else 1,
        previous_version_id=previous.id if previous else None,
        kind=doc.kind.value if doc.kind else None,
        draft=doc.draft,
        title=doc.title,
        ministries=list(doc.ministries),
        legal_basis=doc.legal_basis,
        period_start=doc.period.start if doc.period else None,
        period_end=doc.period.end if doc.period else None,
        period_years=doc.period.years if doc.period else None,
        period_text=doc.period.text if doc.period else None,
        period_line=doc.period.line if doc.period else None,
        start_line=doc.span.start_line,
        end_line=doc.span.end_line,
        body_start_line=doc.body.start_line if doc.body else None,
        body_end_line=doc.body.end_line if doc.body else None,
    )
    session.add(row)
    session.flush()
    _DocumentWriter(session, row, _Pages(source)).write(doc)
    for warning in doc.warnings:
        session.add(
            d.ParseWarning(source_file_id=file_row.id, document_id=row.id, message=warning.message, line=warning.line)
        )
    return row


class _DocumentWriter:
    """Builds one document's rows as objects linked by relationships, then flushes them together:
    the database sees a few batched inserts instead of one round trip per row."""

    def __init__(self, session: Session, document: d.ObjectiveDocument, pages: _Pages) -> None:
        self.session = session
        self.document = document
        self.page = pages
        self.items: dict[int, d.Item] = {}
        self.kinds: dict[int, str | None] = {}
        self.marked: set[int] = set()
        self.indexed: list[tuple[str, Base, str, int, int | None]] = []

    def write(self, doc: Document) -> None:
        self._items(doc.sections, None, None)
        # level by level: rows of one level do not depend on each other, so each flush is one batch
        for level in sorted({item.level for item in self.items.values()}):
            self.session.add_all([item for item in self.items.values() if item.level == level])
            self.session.flush()
        self.marked = {f.applies_to for f in doc.flags if f.applies_to is not None}
        for rows in (
            self._annexes(doc),
            self._targets(doc),
            self._flags(doc),
            self._axes(doc.evaluation_axes),
            self._units(doc),
            self._indicators(doc),
        ):
            self.session.add_all(rows)
        self.session.flush()
        # nothing refers to search entries: one executemany, no primary keys fetched back
        self.session.execute(insert(SearchEntry), self._search_entries())

    def _index(self, kind: str, row: Base, text: str, line: int, item_line: int | None) -> None:
        self.indexed.append((kind, row, text, line, item_line))

    def _search_entries(self) -> list[dict[str, object]]:
        entries = [
            self._search_entry("item", item, f"{item.label} {item.title}\n{item.text}".strip(), line, line)
            for line, item in self.items.items()
        ]
        entries.extend(self._search_entry(*indexed) for indexed in self.indexed)
        return entries

    def _search_entry(self, kind: str, row: Base, text: str, line: int, item_line: int | None) -> dict[str, object]:
        item = self.items.get(item_line) if item_line is not None else None
        return {
            "document_id": self.document.id,
            "item_id": item.id if item else None,
            "kind": kind,
            "ref_id": getattr(row, "id", None),
            "section_kind": self.kinds.get(item_line) if item_line is not None else None,
            "marked": item_line in self.marked,
            "line": line,
            "page": self.page(line),
            "content": text,
            "content_norm": normalize(text),
        }

    def _item(self, line: int | None) -> d.Item | None:
        return self.items.get(line) if line is not None else None

    def _items(self, sections: Sequence[Section], parent: d.Item | None, kind: str | None) -> None:
        for section in sections:
            own_kind = kind if parent is not None else section_kind(section.title)
            item = d.Item(
                document_id=self.document.id,
                parent=parent,
                position=len(self.items),
                label=section.label,
                scheme=section.scheme,
                title=section.title,
                level=section.level,
                section_kind=own_kind,
                line=section.line,
                end_line=section.lines[1],
                page=self.page(section.line),
                text=section.text,
            )
            self.items[section.line] = item
            self.kinds[section.line] = own_kind
            self._items(section.children, item, own_kind)

    def _annexes(self, doc: Document) -> list[d.Annex]:
        rows = []
        for position, annex in enumerate(doc.annexes):
            row = d.Annex(
                document_id=self.document.id,
                position=position,
                kind=annex.kind.value,
                label=annex.label,
                title=annex.title,
                line=annex.line,
                end_line=annex.span.end_line,
                page=self.page(annex.line),
                text=annex.text,
            )
            rows.append(row)
            self._index("annex", row, annex.text, annex.line, None)
        return rows

    def _targets(self, doc: Document) -> list[x.Target]:
        rows = []
        fields = {
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
        for position, target in enumerate(doc.targets):
            row = x.Target(
                document_id=self.document.id,
                item=self._item(target.section_line),
                position=position,
                **target.model_dump(include=fields),
                comparator=target.comparator.value,
                scope=target.scope.value,
                fiscal_years=list(target.fiscal_years),
                alt_values=list(target.alt_values),
                first_line=target.lines[0],
                end_line=target.lines[1],
                page=self.page(target.line),
                baselines=[
                    x.Baseline(position=k, fiscal_years=list(b.fiscal_years), **b.model_dump(exclude={"fiscal_years"}))
                    for k, b in enumerate(target.baseline)
                ],
            )
            rows.append(row)
            self._index("target", row, f"{target.indicator}: {target.text}", target.line, target.section_line)
        return rows

    def _flags(self, doc: Document) -> list[x.Flag]:
        rows = []
        for position, flag in enumerate(doc.flags):
            row = x.Flag(
                document_id=self.document.id,
                item=self._item(flag.applies_to),
                position=position,
                kind=flag.kind.value,
                level=flag.level,
                reason=flag.reason,
                text=flag.text,
                line=flag.line,
                applies_to=flag.applies_to,
                page=self.page(flag.line),
            )
            rows.append(row)
            self._index("flag", row, f"{flag.text} {flag.reason or ''}".strip(), flag.line, flag.applies_to)
        return rows

    def _axes(self, rows: Iterable[EvaluationAxesRow]) -> list[x.AxesRow]:
        stored = []
        for position, axes in enumerate(rows):
            row = x.AxesRow(
                document_id=self.document.id,
                item=self._item(axes.section_line),
                position=position,
                label=axes.item.label,
                title=axes.item.title,
                line=axes.line,
                end_line=axes.lines[1],
                section_line=axes.section_line,
                sub_items=list(axes.sub_items),
                entries=self._axes_entries(axes),
            )
            stored.append(row)
        return stored

    def _axes_entries(self, axes: EvaluationAxesRow) -> list[x.AxesEntry]:
        entries: list[x.AxesEntry] = []

        def add(kind: str, entry: TableEntry, parent: x.AxesEntry | None = None) -> x.AxesEntry:
            stored = x.AxesEntry(
                parent=parent,
                position=len(entries),
                kind=kind,
                text=entry.text,
                line=entry.lines[0],
                end_line=entry.lines[1],
            )
            entries.append(stored)
            self._index("axis", stored, entry.text, entry.lines[0], axes.section_line)
            return stored

        nested = {(m.lines, m.text) for e in axes.evaluation_indicators for m in e.monitoring_indicators}
        for question in axes.axes:
            add("axis", question)
        for indicator in axes.evaluation_indicators:
            parent = add("evaluation", indicator)
            for monitor in indicator.monitoring_indicators:
                add("monitoring", monitor, parent)
        for monitor in axes.monitoring_indicators:
            if (monitor.lines, monitor.text) not in nested:
                add("monitoring", monitor)
        return entries

    def _units(self, doc: Document) -> list[x.EvaluationUnit]:
        return [
            x.EvaluationUnit(
                document_id=self.document.id,
                position=position,
                title=unit.title,
                section_lines=list(unit.section_lines),
                text=unit.text,
                line=unit.line,
                items=[self.items[line] for line in unit.section_lines if line in self.items],
            )
            for position, unit in enumerate(doc.evaluation_units)
        ]

    def _indicators(self, doc: Document) -> list[x.Indicator]:
        rows = []
        for position, indicator in enumerate(doc.indicators):
            row = x.Indicator(
                document_id=self.document.id,
                item=self._item(indicator.section_line),
                position=position,
                kind=indicator.kind.value,
                text=indicator.text,
                section_line=indicator.section_line,
                line=indicator.line,
            )
            rows.append(row)
            self._index("indicator", row, indicator.text, indicator.line, indicator.section_line)
        return rows
