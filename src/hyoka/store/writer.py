"""Write planned documents into the database: bulk inserts, table by table, inside the caller's
transaction (`hyoka.store.ingest` owns it; nothing here commits).

Rows come planned (`hyoka.store.plan`): only what needs the database happens here — the
agency row, the version link, and turning the plan's positions into ids. Each table is one
executemany, so the writer lock is held for as short a time as the rows take to store. Where
later rows point at a table's rows, their ids are taken before the insert (`bulk.new_ids`) rather
than read back with `INSERT … RETURNING`: SQLite does not promise RETURNING's order, so
SQLAlchemy would send such an insert one row per statement, which cost as much again as the
rows themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from hyoka.model import Document, SourceInfo
from hyoka.model.records import CATEGORY_CODES, agency_category
from hyoka.model.sections import section_kind
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.base import Base
from hyoka.store.bulk import insert_rows, insert_with_new_ids, table_of
from hyoka.store.plan import DocumentPlan, Row, document_hash, plan_document
from hyoka.store.search.sqlite import index_document
from hyoka.store.search_table import SearchEntry

__all__ = [
    "WrittenDocument",
    "document_hash",
    "find_or_add_source",
    "find_source",
    "is_stored",
    "latest_version",
    "plan_document",
    "section_kind",
    "write_plan",
]


@dataclass(frozen=True, slots=True)
class WrittenDocument:
    """What the caller learns of a document just written."""

    id: int
    kind: str | None
    version: int


def find_source(session: Session, sha256: str) -> d.SourceFile | None:
    return session.scalar(select(d.SourceFile).where(d.SourceFile.sha256 == sha256))


def find_or_add_source(session: Session, info: SourceInfo, size: int, documents: int | None = None) -> tuple[int, bool]:
    """The id of the stored file with these bytes, and whether it was added just now."""
    existing = session.scalar(select(d.SourceFile.id).where(d.SourceFile.sha256 == info.sha256))
    if existing is not None:
        return existing, False
    row = {
        "sha256": info.sha256,
        "path": info.path,
        "format": info.format,
        "encoding": info.encoding,
        "line_count": info.line_count,
        "size_bytes": size,
        "document_count": documents,
    }
    (file_id,) = insert_with_new_ids(session, table_of(d.SourceFile), [row])
    return file_id, True


@dataclass(frozen=True, slots=True)
class _Agency:
    id: int
    legal_type: str | None
    category: str | None


def _agency(session: Session, doc: Document) -> _Agency | None:
    """The document's agency, added if it is new; None when the document names none."""
    if not doc.agency.full_name:
        return None
    agencies = table_of(d.Agency)
    query = select(agencies.c.id, agencies.c.legal_type, agencies.c.category)
    existing = session.execute(query.where(agencies.c.full_name == doc.agency.full_name)).first()
    if existing is not None:
        return _Agency(existing.id, existing.legal_type, existing.category)
    row = {
        "full_name": doc.agency.full_name,
        "name": doc.agency.name or doc.agency.full_name,
        "legal_type": doc.agency.legal_type,
    }
    (agency_id,) = insert_with_new_ids(session, agencies, [row])
    return _Agency(agency_id, doc.agency.legal_type, None)


def latest_version(session: Session, agency_id: int | None, doc: Document) -> tuple[int, int] | None:
    """(id, version) of the stored document this one revises: same agency, kind and period,
    newest version."""
    if agency_id is None:
        return None
    documents = table_of(d.ObjectiveDocument)
    query = select(documents.c.id, documents.c.version).where(
        documents.c.agency_id == agency_id,
        documents.c.kind == (doc.kind.value if doc.kind else None),
        documents.c.period_start == (doc.period.start if doc.period else None),
        documents.c.period_end == (doc.period.end if doc.period else None),
    )
    found = session.execute(query.order_by(documents.c.version.desc()).limit(1)).first()
    return None if found is None else (found.id, found.version)


def is_stored(session: Session, content_sha256: str) -> bool:
    return (
        session.scalar(
            select(d.ObjectiveDocument.id).where(d.ObjectiveDocument.content_sha256 == content_sha256).limit(1)
        )
        is not None
    )


def _strip(row: Row) -> Row:
    """A planned row without its planning keys (those starting with `_`)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


class _Inserter:
    """Inserts one plan's rows; `ids[table]` holds the ids in plan order once a table is written."""

    def __init__(self, session: Session, plan: DocumentPlan, document_id: int, source_file_id: int) -> None:
        self.session = session
        self.plan = plan
        self.document_id = document_id
        self.source_file_id = source_file_id
        self.item_ids: dict[int, int] = {}  # heading line -> item id
        self.ids: dict[str, list[int]] = {}

    def returning(self, model: type[Base], rows: Sequence[Row]) -> list[int]:
        """Insert `rows` (one executemany) and return their ids in the order given."""
        if not rows:  # an executemany of no rows would insert one row of defaults
            return []
        return insert_with_new_ids(self.session, table_of(model), rows)

    def plain(self, model: type[Base] | Table, rows: Sequence[Row]) -> None:
        insert_rows(self.session, table_of(model), rows)

    def item(self, line: int | None) -> int | None:
        return self.item_ids.get(line) if line is not None else None

    def write(self) -> None:
        self.items()
        document = {"document_id": self.document_id}
        self.ids["annex"] = self.returning(d.Annex, [{**document, **r} for r in self.plan.annexes])
        targets = [{**document, **_strip(r), "item_id": self.item(r["_item_line"])} for r, _ in self.plan.targets]
        self.ids["target"] = self.returning(x.Target, targets)
        self.plain(
            x.Baseline,
            [
                {**b, "target_id": target_id}
                for target_id, (_, baselines) in zip(self.ids["target"], self.plan.targets, strict=True)
                for b in baselines
            ],
        )
        flags = [{**document, **_strip(r), "item_id": self.item(r["_item_line"])} for r in self.plan.flags]
        self.ids["flag"] = self.returning(x.Flag, flags)
        indicators = [{**document, **_strip(r), "item_id": self.item(r["_item_line"])} for r in self.plan.indicators]
        self.ids["indicator"] = self.returning(x.Indicator, indicators)
        axis_refs = self.axes()
        self.units()
        owner = {"document_id": self.document_id, "source_file_id": self.source_file_id}
        self.plain(d.ParseWarning, [{**r, **owner} for r in self.plan.warnings])
        self.search(axis_refs)

    def items(self) -> None:
        """Level by level, so every parent has its id before its children are inserted."""
        ids: dict[int, int] = {}
        for level in sorted({item.row["level"] for item in self.plan.items}):
            positions = [k for k, item in enumerate(self.plan.items) if item.row["level"] == level]
            rows = [
                {
                    **self.plan.items[k].row,
                    "document_id": self.document_id,
                    "parent_id": ids.get(parent) if (parent := self.plan.items[k].parent) is not None else None,
                }
                for k in positions
            ]
            for k, item_id in zip(positions, self.returning(d.Item, rows), strict=True):
                ids[k] = item_id
                self.item_ids[self.plan.items[k].line] = item_id
        self.ids["item"] = [ids[k] for k in range(len(self.plan.items))]

    def axes(self) -> dict[int, int]:
        """Axes rows, then their entries (nested monitoring indicators after the indicators they
        are listed under); returns search position -> entry id."""
        rows = [
            {**row, "document_id": self.document_id, "item_id": self.item(item_line)}
            for row, item_line, _ in self.plan.axes_rows
        ]
        row_ids = self.returning(x.AxesRow, rows)
        entry_ids: dict[tuple[int, int], int] = {}  # (row position, entry position) -> id
        refs: dict[int, int] = {}
        for nested in (False, True):
            batch = [
                (r, k, entry)
                for r, (_, _, entries) in enumerate(self.plan.axes_rows)
                for k, entry in enumerate(entries)
                if (entry.parent is not None) is nested
            ]
            values = [
                {
                    **entry.row,
                    "row_id": row_ids[r],
                    "parent_id": entry_ids[(r, entry.parent)] if entry.parent is not None else None,
                }
                for r, _, entry in batch
            ]
            for (r, k, entry), entry_id in zip(batch, self.returning(x.AxesEntry, values), strict=True):
                entry_ids[(r, k)] = entry_id
                refs[entry.search] = entry_id
        return refs

    def units(self) -> None:
        rows = [{**row, "document_id": self.document_id} for row, _ in self.plan.units]
        unit_ids = self.returning(x.EvaluationUnit, rows)
        links = {
            (unit_id, self.item_ids[line])
            for unit_id, (_, lines) in zip(unit_ids, self.plan.units, strict=True)
            for line in lines
            if line in self.item_ids
        }
        self.plain(x.unit_items, [{"unit_id": u, "item_id": i} for u, i in sorted(links)])

    def search(self, axis_refs: dict[int, int]) -> None:
        rows = []
        for position, entry in enumerate(self.plan.search):
            ref = axis_refs.get(position) if entry.table == "axis" else self.ids[entry.table][entry.position]
            rows.append(
                {**entry.row, "document_id": self.document_id, "item_id": self.item(entry.item_line), "ref_id": ref}
            )
        self.plain(SearchEntry, rows)
        if rows and self.session.get_bind().dialect.name == "sqlite":
            index_document(self.session, self.document_id)  # PostgreSQL's GIN index keeps itself


def write_plan(session: Session, *, file_id: int, plan: DocumentPlan) -> WrittenDocument:
    """Store one planned document as the next version of the one it revises, if any."""
    doc = plan.document
    agency = _agency(session, doc)
    previous = latest_version(session, agency.id if agency else None, doc)
    version = previous[1] + 1 if previous else 1
    row = {
        "source_file_id": file_id,
        "position": plan.position,
        "agency_id": agency.id if agency else None,
        "content_sha256": plan.content_sha256,
        "version": version,
        "previous_version_id": previous[0] if previous else None,
        **plan.header,
    }
    (document_id,) = insert_with_new_ids(session, table_of(d.ObjectiveDocument), [row])
    if agency is not None and agency.category is None:
        category = agency_category(agency.legal_type, [plan.header["kind"]], [plan.header["legal_basis"]])
        if category is not None:
            agencies = table_of(d.Agency)
            change = update(agencies).where(agencies.c.id == agency.id).values(category=CATEGORY_CODES[category])
            session.execute(change)
    _Inserter(session, plan, document_id, file_id).write()
    return WrittenDocument(document_id, plan.header["kind"], version)
