"""Plan values (計画値): what the agency's own plan — 中期計画 (中長期計画) or 年度計画 — sets for
a target and fiscal year. Achievement is measured against the plan where one is entered, against
the objective's target otherwise (`hyoka.evaluate` decides; this module stores and answers).

An import is all or nothing, like a results import: every row is checked (known target, fiscal
year inside the objective period, a known plan kind, a finite number its unit allows, the
target's unit, one value per target, year and plan) and any error refuses the whole file, each
naming its cell (column letter and row, as the spreadsheet shows it). A value entered again for
the same target, year and plan is a correction: a new version superseding the old.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.entries import PLAN_KIND_NAMES, PlanKind, PlanValueRecord
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, PlanValue
from hyoka.store.results import _fiscal_year, _id, _number, _Refused, _sign_fits, _unit_fits, period_years

#: The column of each field, as the template heads it (messages name the column with the cell).
PLAN_COLUMNS = {
    "target_id": "目標ID",
    "fiscal_year": "年度",
    "plan_kind": "計画区分",
    "value": "計画値",
    "unit": "単位",
    "source_note": "出典",
}
_KIND_OF_NAME = {normalize(name): kind for kind, names in PLAN_KIND_NAMES.items() for name in names}


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a plan file as read, before validation (values as written); `cells` names
    the cell each field was read from ("J5"), for messages."""

    row: int
    target_id: str | int | None
    fiscal_year: str | int | None
    plan_kind: str | None
    value: str | float | int | None
    unit: str | None = None
    source_note: str | None = None
    cells: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanError:
    row: int
    column: str
    cell: str | None
    message: str

    def __str__(self) -> str:
        where = f"cell {self.cell}" if self.cell else f"row {self.row}"
        return f"{where} ({PLAN_COLUMNS.get(self.column, self.column)}): {self.message}"


class PlanImportError(ValueError):
    def __init__(self, source: str, errors: Sequence[PlanError]) -> None:
        self.source = source
        self.errors = list(errors)
        super().__init__(f"{source}: {len(errors)} cell(s) refused, nothing imported")


@dataclass(frozen=True, slots=True)
class _Checked:
    row: PlanRow
    target: x.Target
    fiscal_year: int
    plan_kind: PlanKind
    value: float


class _Cell(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def plan_kind(raw: str | None) -> PlanKind:
    """The plan kind a file names (中期計画, 中長期計画, 年度計画, 事業計画 or the codes)."""
    kind = _KIND_OF_NAME.get(normalize(str(raw or "")).strip())
    if kind is None:
        names = "、".join(names[0] for names in PLAN_KIND_NAMES.values())
        raise _Refused(f"plan kind {raw!r} not understood ({names})" if raw else f"no plan kind given ({names})")
    return kind


def _check(session: Session, row: PlanRow) -> _Checked:
    column = "target_id"
    try:
        target = session.get(x.Target, target_id := _id(row.target_id, "target"))
        if target is None:
            raise _Refused(f"unknown target id {target_id}")
        column = "fiscal_year"
        year = _fiscal_year(row.fiscal_year)
        document = session.get(d.ObjectiveDocument, target.document_id)
        years = period_years(document) if document else range(0)
        if year not in years:
            span = f"{years.start}–{years.stop - 1}" if years else "unknown"
            raise _Refused(f"fiscal year {year} is outside the objective period ({span})")
        column = "plan_kind"
        kind = plan_kind(row.plan_kind)
        column = "value"
        value = _number(row.value)
        column = "unit"
        _unit_fits(target, row.unit)
        column = "value"
        _sign_fits(value, target, row.unit)
    except _Refused as refused:
        raise _Cell(column, str(refused)) from None
    return _Checked(row, target, year, kind, value)


def import_plan_values(session: Session, rows: Sequence[PlanRow], *, entered_by: str, source: str) -> list[PlanValue]:
    """Validate every row, then write them all; raises PlanImportError and writes nothing."""
    entered_by = actor_name(entered_by, "--by")
    checked: list[_Checked] = []
    errors: list[PlanError] = []
    first_row: dict[tuple[int, int, PlanKind], int] = {}
    for row in rows:
        try:
            item = _check(session, row)
        except _Cell as refused:
            errors.append(PlanError(row.row, refused.column, row.cells.get(refused.column), str(refused)))
            continue
        key = (item.target.id, item.fiscal_year, item.plan_kind)
        if key in first_row:
            again = (
                f"the same target, fiscal year {item.fiscal_year} and {item.plan_kind.label} as row "
                f"{first_row[key]}: one value each"
            )
            errors.append(PlanError(row.row, "plan_kind", row.cells.get("plan_kind"), again))
            continue
        first_row[key] = row.row
        checked.append(item)
    if errors:
        raise PlanImportError(source, errors)
    written = []
    for item in checked:
        previous = _latest(session, item.target.id, item.fiscal_year, item.plan_kind)
        value = PlanValue(
            target_id=item.target.id,
            fiscal_year=item.fiscal_year,
            plan_kind=item.plan_kind.value,
            value=item.value,
            unit=item.row.unit or item.target.unit,
            source_note=item.row.source_note,
            entered_by=entered_by,
            version=previous.version + 1 if previous else 1,
            supersedes_id=previous.id if previous else None,
            import_file=source,
            import_row=item.row.row,
        )
        session.add(value)
        written.append(value)
    session.flush()
    session.add_all(
        AuditEntry(
            actor=entered_by,
            action="plan.correct" if v.supersedes_id else "plan.add",
            table_name="plan_values",
            row_id=v.id,
            detail={
                "target_id": v.target_id,
                "fiscal_year": v.fiscal_year,
                "plan_kind": v.plan_kind,
                "value": v.value,
                "source": source,
            },
        )
        for v in written
    )
    return written


def _latest(session: Session, target_id: int, fiscal_year: int, kind: PlanKind) -> PlanValue | None:
    query = select(PlanValue).where(
        PlanValue.target_id == target_id, PlanValue.fiscal_year == fiscal_year, PlanValue.plan_kind == kind.value
    )
    return session.scalar(query.order_by(PlanValue.version.desc()).limit(1))


def _record(row: PlanValue) -> PlanValueRecord:
    return PlanValueRecord(
        id=row.id,
        target_id=row.target_id,
        fiscal_year=row.fiscal_year,
        plan_kind=PlanKind(row.plan_kind),
        value=row.value,
        unit=row.unit,
        source_note=row.source_note,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
        version=row.version,
        supersedes_id=row.supersedes_id,
    )


def _in_force(rows: Sequence[PlanValue]) -> dict[int, dict[int, dict[PlanKind, PlanValueRecord]]]:
    """target → year → plan kind → the newest version."""
    found: dict[int, dict[int, dict[PlanKind, PlanValueRecord]]] = {}
    for row in sorted(rows, key=lambda r: (r.version, r.id)):
        found.setdefault(row.target_id, {}).setdefault(row.fiscal_year, {})[PlanKind(row.plan_kind)] = _record(row)
    return found


def _preferred(by_kind: Mapping[PlanKind, PlanValueRecord]) -> PlanValueRecord:
    """The plan a year is measured against: its 年度計画 where one is entered, else the 中期計画."""
    return by_kind.get(PlanKind.annual_plan) or by_kind[PlanKind.mid_term_plan]


def plan_values_by_kind(session: Session, target_id: int) -> dict[int, dict[PlanKind, PlanValueRecord]]:
    """Every plan's value in force for the target, by fiscal year and plan kind."""
    rows = session.scalars(select(PlanValue).where(PlanValue.target_id == target_id)).all()
    return _in_force(rows).get(target_id, {})


def current_plan_values(session: Session, target_id: int) -> dict[int, PlanValueRecord]:
    """The plan value in force for each fiscal year of the target: the 年度計画's where one is
    entered, else the 中期計画's (years without a plan value are absent)."""
    return {year: _preferred(kinds) for year, kinds in plan_values_by_kind(session, target_id).items()}


def document_plan_values(session: Session, document_id: int) -> dict[int, dict[int, PlanValueRecord]]:
    """`current_plan_values` for every target of a document at once: target id → year → value."""
    query = select(PlanValue).join(x.Target, PlanValue.target_id == x.Target.id)
    rows = session.scalars(query.where(x.Target.document_id == document_id)).all()
    return {
        target: {year: _preferred(kinds) for year, kinds in years.items()} for target, years in _in_force(rows).items()
    }


def plan_value_history(
    session: Session, target_id: int, fiscal_year: int, kind: PlanKind | None = None
) -> list[PlanValueRecord]:
    """Every version entered for the target and year (of one plan, or of both), oldest first."""
    query = select(PlanValue).where(PlanValue.target_id == target_id, PlanValue.fiscal_year == fiscal_year)
    if kind is not None:
        query = query.where(PlanValue.plan_kind == kind.value)
    return [_record(row) for row in session.scalars(query.order_by(PlanValue.version, PlanValue.id))]
