"""Read stored documents back whole, in the contract's shape (`hyoka.model.Document`), so what was
stored can be compared with what was parsed (listings are `hyoka.store.catalog`'s)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hyoka.model import (
    Agency,
    Annex,
    AxisItem,
    Baseline,
    Document,
    EvaluationAxesRow,
    EvaluationIndicator,
    EvaluationUnit,
    Flag,
    Indicator,
    LineSpan,
    Period,
    Section,
    TableEntry,
    Target,
    Warning,
)
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.catalog import listing_ids
from hyoka.store.target_rows import target_rows


def _sections(items: list[d.Item]) -> list[Section]:
    children: dict[int | None, list[d.Item]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)

    def build(item: d.Item) -> Section:
        return Section(
            label=item.label,
            scheme=item.scheme,
            title=item.title,
            level=item.level,
            line=item.line,
            lines=(item.line, item.end_line),
            text=item.text,
            children=[build(child) for child in children.get(item.id, [])],
        )

    return [build(item) for item in children.get(None, [])]


def _entry(entry: x.AxesEntry) -> TableEntry:
    return TableEntry(text=entry.text, line=entry.line, lines=(entry.line, entry.end_line))


def _axes_row(row: x.AxesRow) -> EvaluationAxesRow:
    axes = [_entry(e) for e in row.entries if e.kind == "axis"]
    indicators: dict[int, EvaluationIndicator] = {}
    monitoring: list[TableEntry] = []
    for entry in row.entries:
        if entry.kind == "evaluation":
            indicators[entry.id] = EvaluationIndicator(
                text=entry.text, line=entry.line, lines=(entry.line, entry.end_line)
            )
        elif entry.kind == "monitoring":
            monitor = _entry(entry)
            monitoring.append(monitor)
            if entry.parent_id in indicators:
                indicators[entry.parent_id].monitoring_indicators.append(monitor)
    return EvaluationAxesRow(
        item=AxisItem(label=row.label, title=row.title),
        line=row.line,
        lines=(row.line, row.end_line),
        section_line=row.section_line,
        sub_items=list(row.sub_items),
        axes=axes,
        evaluation_indicators=list(indicators.values()),
        monitoring_indicators=monitoring,
    )


def _target(row: x.Target) -> Target:
    return Target(
        indicator=row.indicator,
        value=row.value,
        unit=row.unit,
        comparator=row.comparator,
        scope=row.scope,
        fiscal_years=list(row.fiscal_years),
        alt_values=list(row.alt_values),
        baseline=[
            Baseline(
                value=b.value, unit=b.unit, label=b.label, fiscal_years=list(b.fiscal_years), text=b.text, line=b.line
            )
            for b in row.baselines
        ],
        rationale=row.rationale,
        external_factors=row.external_factors,
        covers=row.covers,
        text=row.text,
        section_line=row.section_line,
        line=row.line,
        lines=(row.first_line, row.end_line),
    )


def load_document(session: Session, document_id: int) -> Document:
    """The stored document in the contract's shape; KeyError if there is no such id."""
    row = session.get(d.ObjectiveDocument, document_id)
    if row is None:
        raise KeyError(document_id)
    where = {"document_id": document_id}
    items = list(session.scalars(select(d.Item).filter_by(**where).order_by(d.Item.position)))
    annexes = session.scalars(select(d.Annex).filter_by(**where).order_by(d.Annex.position))
    targets = target_rows(session, document_id)
    flags = session.scalars(select(x.Flag).filter_by(**where).order_by(x.Flag.position))
    axes = session.scalars(  # the entries of every row in one more query, not one query a row
        select(x.AxesRow).filter_by(**where).order_by(x.AxesRow.position).options(selectinload(x.AxesRow.entries))
    )
    units = session.scalars(select(x.EvaluationUnit).filter_by(**where).order_by(x.EvaluationUnit.position))
    indicators = session.scalars(select(x.Indicator).filter_by(**where).order_by(x.Indicator.position))
    warnings = session.scalars(select(d.ParseWarning).filter_by(**where).order_by(d.ParseWarning.id))
    agency = row.agency
    return Document(
        id=f"doc-{row.id}",
        title=row.title,
        agency=Agency(
            name=agency.name if agency else None,
            legal_type=agency.legal_type if agency else None,
            full_name=agency.full_name if agency else None,
        ),
        kind=row.kind,
        draft=row.draft,
        ministries=list(row.ministries),
        legal_basis=row.legal_basis,
        period=Period(
            start=row.period_start,
            end=row.period_end,
            years=row.period_years,
            text=row.period_text,
            line=row.period_line,
        )
        if row.period_start and row.period_end and row.period_years is not None
        else None,
        span=LineSpan(start_line=row.start_line, end_line=row.end_line),
        body=LineSpan(start_line=row.body_start_line, end_line=row.body_end_line)
        if row.body_start_line is not None and row.body_end_line is not None
        else None,
        sections=_sections(items),
        annexes=[
            Annex(
                kind=a.kind,
                label=a.label,
                title=a.title,
                line=a.line,
                span=LineSpan(start_line=a.line, end_line=a.end_line),
                text=a.text,
            )
            for a in annexes
        ],
        targets=[_target(t) for t in targets],
        flags=[
            Flag(kind=f.kind, level=f.level, reason=f.reason, text=f.text, line=f.line, applies_to=f.applies_to)
            for f in flags
        ],
        evaluation_axes=[_axes_row(r) for r in axes],
        evaluation_units=[
            EvaluationUnit(title=u.title, section_lines=list(u.section_lines), text=u.text, line=u.line) for u in units
        ],
        indicators=[Indicator(kind=i.kind, text=i.text, section_line=i.section_line, line=i.line) for i in indicators],
        warnings=[Warning(message=w.message, line=w.line) for w in warnings],
    )


def load_documents(session: Session, ids: Sequence[int] | None = None) -> tuple[list[Document], list[int]]:
    """The stored documents `ids` in the order given (each once), or every one in listing order;
    and the ids asked for that are not stored."""
    wanted = listing_ids(session) if ids is None else list(dict.fromkeys(ids))
    documents: list[Document] = []
    missing: list[int] = []
    for document_id in wanted:
        try:
            documents.append(load_document(session, document_id))
        except KeyError:
            missing.append(document_id)
    return documents, missing
