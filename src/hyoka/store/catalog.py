"""Agencies and documents as lists: counts, filters and pages, each in a fixed number of queries
(never one per row), so a list of a thousand documents costs what a list of ten does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from hyoka.model.fiscal import fiscal_year_end, fiscal_year_of, fiscal_year_start
from hyoka.model.records import (
    AgencyCategory,
    AgencyRecord,
    DocumentRecord,
    ItemRecord,
    Paged,
    StoreCounts,
    agency_category,
    category_of_code,
)
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.evaluations import Evaluation, Result


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What a document list may be narrowed to; every field None (or False) means "any"."""

    agency_id: int | None = None
    agency: str | None = None  # part of the agency's name, in any width
    ministry: str | None = None  # part of a ministry's name
    category: AgencyCategory | None = None
    kind: str | None = None  # 中期目標, 中長期目標, 年度目標
    fiscal_year: int | None = None  # a fiscal year the period covers
    draft: bool | None = None
    current_only: bool = False  # leave out versions that a newer one replaced


def like(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def name_matches(column: Any, text: str) -> Any:
    """`column` holds `text`, as typed or in matching form (full-width letters, spaces)."""
    forms = {text.strip(), normalize(text)}
    return or_(*(column.like(like(form), escape="\\") for form in forms if form))


def superseded_ids() -> Select[int | None]:
    """Ids of documents that a newer stored version replaces."""
    newer = aliased(d.ObjectiveDocument)
    return select(newer.previous_version_id).where(newer.previous_version_id.is_not(None))


def _with_ministry(session: Session, ministry: str) -> list[int]:
    """Documents one of whose ministries holds `ministry` (a JSON list: compared here, in matching form)."""
    wanted = normalize(ministry)
    rows = session.execute(select(d.ObjectiveDocument.id, d.ObjectiveDocument.ministries))
    return [doc_id for doc_id, names in rows if any(wanted in normalize(name) for name in names or [])]


def _document_conditions(session: Session, given: DocumentFilter) -> list[Any]:
    doc = d.ObjectiveDocument
    conditions: list[Any] = []
    if given.agency_id is not None:
        conditions.append(doc.agency_id == given.agency_id)
    if given.agency:
        conditions.append(doc.agency_id.in_(select(d.Agency.id).where(name_matches(d.Agency.full_name, given.agency))))
    if given.ministry:
        conditions.append(doc.id.in_(_with_ministry(session, given.ministry)))
    if given.category is not None:
        categories = agency_categories(session)
        conditions.append(doc.agency_id.in_([k for k, v in categories.items() if v == given.category]))
    if given.kind:
        conditions.append(doc.kind == given.kind)
    if given.fiscal_year is not None:
        conditions.append(
            and_(
                doc.period_start <= fiscal_year_end(given.fiscal_year),
                doc.period_end >= fiscal_year_start(given.fiscal_year),
            )
        )
    if given.draft is not None:
        conditions.append(doc.draft.is_(given.draft))
    if given.current_only:
        conditions.append(doc.id.not_in(superseded_ids()))
    return conditions


def agency_categories(session: Session, *, only: int | None = None) -> dict[int, AgencyCategory | None]:
    """Each agency's category (or only agency `only`'s) as stored (set on ingest from its legal
    type, the kinds of objectives it is given and their legal basis), derived where not stored."""
    kinds: dict[int, list[str | None]] = {}
    bases: dict[int, list[str | None]] = {}
    pairs = select(d.ObjectiveDocument.agency_id, d.ObjectiveDocument.kind, d.ObjectiveDocument.legal_basis).distinct()
    agency_types = select(d.Agency.id, d.Agency.legal_type, d.Agency.category)
    if only is not None:
        pairs = pairs.where(d.ObjectiveDocument.agency_id == only)
        agency_types = agency_types.where(d.Agency.id == only)
    for agency_id, kind, basis in session.execute(pairs):
        if agency_id is not None:
            kinds.setdefault(agency_id, []).append(kind)
            bases.setdefault(agency_id, []).append(basis)
    return {
        agency_id: category_of_code(code)
        or agency_category(legal_type, kinds.get(agency_id, []), bases.get(agency_id, []))
        for agency_id, legal_type, code in session.execute(agency_types)
    }


def _count_of(model: Any) -> Any:
    """How many rows of `model` the document of the enclosing query holds."""
    doc = d.ObjectiveDocument
    return select(func.count()).where(model.document_id == doc.id).correlate(doc).scalar_subquery()


@cache
def _document_select() -> Select[*tuple[Any, ...]]:
    """What a document's record shows, as plain columns in one statement: the document, its
    agency's name, its file's name and format, whether a newer version replaces it and its
    counts (each an indexed lookup; read as ORM objects with the counts in a second statement,
    the versions of one document cost a millisecond and a half). Built once: an alias of the
    documents table costs more to make than the statement takes to run, and a caller's
    `.where()` copies the statement, never changes it."""
    doc = d.ObjectiveDocument
    newer = aliased(doc)
    return (
        select(
            doc.id,
            doc.agency_id,
            d.Agency.full_name,
            doc.title,
            doc.kind,
            doc.draft,
            doc.version,
            doc.previous_version_id,
            exists().where(newer.previous_version_id == doc.id),
            doc.period_start,
            doc.period_end,
            doc.ministries,
            d.SourceFile.path,
            d.SourceFile.format,
            _count_of(x.Target),
            _count_of(x.Flag),
            _count_of(x.AxesRow),
            _count_of(x.EvaluationUnit),
            doc.created_at,
        )
        .outerjoin(d.Agency, doc.agency_id == d.Agency.id)
        .join(d.SourceFile, doc.source_file_id == d.SourceFile.id)
    )


def document_records(rows: Sequence[Any]) -> list[DocumentRecord]:
    """Records of rows of `_document_select`."""
    return [
        DocumentRecord(
            id=id_,
            agency_id=agency_id,
            agency=agency,
            title=title,
            kind=kind,
            draft=draft,
            version=version,
            previous_version_id=previous,
            superseded=bool(superseded),
            period_start=start,
            period_end=end,
            first_fiscal_year=fiscal_year_of(start) if start else None,
            last_fiscal_year=fiscal_year_of(end) if end else None,
            ministries=list(ministries or []),
            source_file=PurePath(path).name,
            source_format=fmt,
            targets=targets,
            flags=flags,
            axes_rows=axes_rows,
            units=units,
            created_at=created_at,
        )
        for (
            id_, agency_id, agency, title, kind, draft, version, previous, superseded, start, end, ministries,
            path, fmt, targets, flags, axes_rows, units, created_at,
        ) in rows
    ]  # fmt: skip


#: Documents by agency, period and version: the order of every document list.
_LISTING_ORDER = (
    d.Agency.full_name,
    d.ObjectiveDocument.period_start,
    d.ObjectiveDocument.version,
    d.ObjectiveDocument.id,
)


def documents(session: Session, given: DocumentFilter, *, limit: int | None, offset: int) -> Paged[DocumentRecord]:
    """A page of documents, by agency, period and version (limit None: every one from `offset`)."""
    conditions = _document_conditions(session, given)
    doc = d.ObjectiveDocument
    total = session.scalar(select(func.count()).select_from(doc).where(*conditions)) or 0
    rows = session.execute(
        _document_select().where(*conditions).order_by(*_LISTING_ORDER).limit(limit).offset(offset)
    ).all()
    shown = limit if limit is not None else max(total - offset, 0)
    return Paged(data=document_records(rows), total=total, limit=shown, offset=offset)


def listing_ids(session: Session) -> list[int]:
    """Every stored document's id, in the order of the document list."""
    query = (
        select(d.ObjectiveDocument.id)
        .outerjoin(d.Agency, d.ObjectiveDocument.agency_id == d.Agency.id)
        .order_by(*_LISTING_ORDER)
    )
    return list(session.scalars(query))


def document(session: Session, document_id: int) -> DocumentRecord | None:
    rows = session.execute(_document_select().where(d.ObjectiveDocument.id == document_id)).all()
    found = document_records(rows)
    return found[0] if found else None


@cache
def _versions_select() -> Select[*tuple[Any, ...]]:
    """The records of every version linked to the one bound as `document_id`: the links walked
    up to the first version and down from it again within the statement."""
    doc = d.ObjectiveDocument
    older, newer = aliased(doc), aliased(doc)
    # UNION, not UNION ALL: a link that loops ends the walk instead of running on
    start = bindparam("document_id", type_=Integer)
    up = select(doc.id, doc.previous_version_id, doc.version).where(doc.id == start).cte("up", recursive=True)
    up = up.union(
        select(older.id, older.previous_version_id, older.version).join(up, older.id == up.c.previous_version_id)
    )
    first = select(up.c.id).order_by(up.c.version, up.c.id).limit(1).scalar_subquery()
    down = select(doc.id).where(doc.id == first).cte("down", recursive=True)
    down = down.union(select(newer.id).join(down, newer.previous_version_id == down.c.id))
    return _document_select().where(doc.id.in_(select(down.c.id))).order_by(doc.version, doc.id)


def versions(session: Session, document_id: int) -> list[DocumentRecord]:
    """Every stored version of the document `document_id` belongs to, oldest first (walked in
    the statement: reading every document's link into Python to walk them grew with the store)."""
    return document_records(session.execute(_versions_select(), {"document_id": document_id}).all())


def agencies(session: Session, *, agency_id: int | None = None) -> list[AgencyRecord]:
    """Every agency (or the one asked for), with its category, ministries and counts."""
    categories = agency_categories(session, only=agency_id)
    doc = d.ObjectiveDocument
    query = select(d.Agency).order_by(d.Agency.full_name)
    # one agency asked for: its own documents counted, not every agency's
    mine = [doc.agency_id == agency_id] if agency_id is not None else []
    if agency_id is not None:
        query = query.where(d.Agency.id == agency_id)
    rows = list(session.scalars(query))
    current = doc.id.not_in(superseded_ids())
    document_counts = dict(
        session.execute(select(doc.agency_id, func.count()).where(*mine).group_by(doc.agency_id)).all()
    )
    target_counts = dict(
        session.execute(
            select(doc.agency_id, func.count(x.Target.id))
            .join(x.Target, x.Target.document_id == doc.id)
            .where(current, *mine)
            .group_by(doc.agency_id)
        ).all()
    )
    latest: dict[int, tuple[Any, int, list[str]]] = {}
    for doc_id, agency, start, ministries in session.execute(
        select(doc.id, doc.agency_id, doc.period_start, doc.ministries)
        .where(current, *mine)
        .order_by(doc.period_start, doc.id)
    ):
        if agency is not None:
            latest[agency] = (start, doc_id, list(ministries or []))
    return [
        AgencyRecord(
            id=row.id,
            full_name=row.full_name,
            name=row.name,
            legal_type=row.legal_type,
            category=categories.get(row.id),
            category_label=category.label if (category := categories.get(row.id)) else None,
            ministries=latest[row.id][2] if row.id in latest else [],
            documents=document_counts.get(row.id, 0),
            targets=target_counts.get(row.id, 0),
            latest_document_id=latest[row.id][1] if row.id in latest else None,
        )
        for row in rows
    ]


def agency_legal_type(session: Session, agency_id: int) -> str | None:
    """The agency's legal-type prefix (国立研究開発法人, …): what choosing its rating policy needs,
    without the counts and the category of its record."""
    return session.scalar(select(d.Agency.legal_type).where(d.Agency.id == agency_id))


def agency(session: Session, agency_id: int) -> AgencyRecord | None:
    found = agencies(session, agency_id=agency_id)
    return found[0] if found else None


def has_documents(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(d.ObjectiveDocument.id.is_not(None)))))


def latest_documents(session: Session, count: int) -> list[DocumentRecord]:
    """The documents stored last, newest first."""
    rows = session.execute(_document_select().order_by(d.ObjectiveDocument.id.desc()).limit(count)).all()
    return document_records(rows)


def items(session: Session, document_id: int) -> list[ItemRecord]:
    """The document's item tree in document order (pre-order), each with its parent's id."""
    rows = session.scalars(select(d.Item).where(d.Item.document_id == document_id).order_by(d.Item.position))
    return [
        ItemRecord(
            id=row.id,
            document_id=row.document_id,
            parent_id=row.parent_id,
            label=row.label,
            title=row.title,
            level=row.level,
            section_kind=row.section_kind,
            line=row.line,
            end_line=row.end_line,
            page=row.page,
        )
        for row in rows
    ]


def counts(session: Session) -> StoreCounts:
    """How many agencies, documents, targets, results and evaluations (and published ones) are stored."""

    def count(model: Any, *where: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return StoreCounts(
        agencies=count(d.Agency),
        documents=count(d.ObjectiveDocument),
        targets=count(x.Target),
        results=count(Result),
        evaluations=count(Evaluation),
        published=count(Evaluation, Evaluation.published.is_(True)),
    )
