"""Results (業務実績) against targets: validated imports, versions, and the current figures.

An import is all or nothing: every row is checked (known target, fiscal year inside the period
— or the year before, where it is the target's base or a baseline the document does not give —
a finite number within what its unit allows, the target's unit, one row per target and year)
and any error refuses the whole file, naming the row. A figure entered again for the same
target and year in a later file is a correction: a new version superseding the old.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.entries import AxesIndicatorRecord
from hyoka.parse.dates import find_dates
from hyoka.parse.lexicon.numbers import parse_number
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, Result

#: No figure of an agency's work comes near this (a thousand 兆円); past it a value is a typo.
MAX_MAGNITUDE = 1e15
#: The entries of an axes table that take figures (an axis, 評価軸, is a question and takes none).
AXES_INDICATOR_KINDS = ("evaluation", "monitoring")
#: Units whose figures may be negative: rates and changes. Counts, amounts and times may not.
SIGNED_UNITS = frozenset({"%", "pt", "ポイント", "倍率"})


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row of a results file as read, before validation (values as written)."""

    row: int
    target_id: str | int | None
    fiscal_year: str | int | None
    value: str | float | int | None
    unit: str | None = None
    source_note: str | None = None
    indicator_id: str | int | None = None  # a plain indicator (no numeric level), when target_id is empty
    axes_entry_id: str | int | None = None  # an evaluation / monitoring indicator of the axes table, when both are


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


class ResultImportError(ValueError):
    def __init__(self, source: str, errors: Sequence[RowError]) -> None:
        self.source = source
        self.errors = list(errors)
        super().__init__(f"{source}: {len(errors)} row(s) refused, nothing imported")


@dataclass(frozen=True, slots=True)
class _Checked:
    row: ResultRow
    target: x.Target | None
    indicator: x.Indicator | None
    axes_entry: x.AxesEntry | None
    fiscal_year: int
    value: float


class _Period(Protocol):
    @property
    def period_start(self) -> date | None: ...
    @property
    def period_end(self) -> date | None: ...


class _Scoped(Protocol):
    @property
    def scope(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def baselines(self) -> Sequence[object]: ...


#: Units of a point target: its change from the baseline is what is judged.
POINT_UNITS = frozenset({"pt", "ポイント"})


def period_years(document: _Period) -> range:
    """The fiscal years of the objective period (empty when the period is unknown)."""
    if document.period_start is None or document.period_end is None:
        return range(0)
    first = document.period_start.year if document.period_start.month >= 4 else document.period_start.year - 1
    last = document.period_end.year - 1 if document.period_end.month < 4 else document.period_end.year
    return range(first, last + 1)


def takes_baseline_year(target: _Scoped | None) -> bool:
    """Whether a figure for the year before the period is part of the target's judgement: the
    base of a cost-efficiency rate, and the baseline of a target measured from one (a level to
    reach by the final year, a change in points) when the document writes none."""
    if target is None:
        return False
    if target.scope == "annual_rate":
        return True
    from_baseline = target.scope == "by_final_year" or normalize(target.unit or "") in POINT_UNITS
    return from_baseline and not target.baselines


def allowed_years(document: _Period, target: _Scoped | None) -> range:
    """The period's fiscal years, and the year before where the target takes it as its base."""
    years = period_years(document)
    if years and takes_baseline_year(target):
        return range(years.start - 1, years.stop)
    return years


class _Refused(Exception):
    """A row fails one check; the message says which and why."""


def _fiscal_year(raw: str | int | None) -> int:
    if isinstance(raw, int):
        return raw
    text = normalize(str(raw or ""))
    if text.isdigit() and len(text) == 4:
        return int(text)
    match = next(iter(find_dates(text)), None)
    if match is None:
        raise _Refused(f"fiscal year {raw!r} not understood (2026, 令和8年度)")
    return match.year


def _number(raw: str | float | int | None) -> float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    else:
        number = parse_number(normalize(str(raw or "")).rstrip("%"))
        if number is None:
            raise _Refused(f"value {raw!r} is not a number")
        value = float(number)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        shown = raw if len(str(raw)) <= 30 else f"{str(raw)[:30]}…"
        raise _Refused(f"value {shown!r} is out of range (a finite number of at most 10^15 is expected)")
    return value


def _sign_fits(value: float, target: x.Target | None, unit: str | None) -> None:
    """Counts, amounts and times are never negative; a rate or a change may be."""
    if value >= 0:
        return
    if target is not None and target.scope == "annual_rate":
        measured: str | None = "円"  # the figures of a cost-efficiency rate are the costs themselves
    else:
        measured = unit or (target.unit if target else None)
    if measured is None or normalize(measured) in SIGNED_UNITS:
        return
    raise _Refused(f"value {value:g} is negative, which a figure in {measured} cannot be")


def _id(raw: str | int | None, what: str) -> int:
    try:
        return int(normalize(str(raw or "")))
    except ValueError:
        raise _Refused(f"{what} id {raw!r} is not a number") from None


def _given(raw: str | int | None) -> bool:
    return bool(str(raw if raw is not None else "").strip())


def _subject(session: Session, row: ResultRow) -> tuple[x.Target | None, x.Indicator | None, x.AxesEntry | None]:
    """The target the row reports on; the plain indicator when no target id is given; the
    evaluation or monitoring indicator of the axes table when neither is."""
    if _given(row.target_id) or not (_given(row.indicator_id) or _given(row.axes_entry_id)):
        target = session.get(x.Target, target_id := _id(row.target_id, "target"))
        if target is None:
            raise _Refused(f"unknown target id {target_id}")
        return target, None, None
    if _given(row.indicator_id):
        indicator = session.get(x.Indicator, indicator_id := _id(row.indicator_id, "indicator"))
        if indicator is None:
            raise _Refused(f"unknown indicator id {indicator_id}")
        return None, indicator, None
    entry = session.get(x.AxesEntry, entry_id := _id(row.axes_entry_id, "evaluation or monitoring indicator"))
    if entry is None:
        raise _Refused(f"unknown evaluation or monitoring indicator id {entry_id}")
    if entry.kind not in AXES_INDICATOR_KINDS:
        raise _Refused(f"id {entry_id} is an evaluation axis (評価軸), not an indicator: it takes no figure")
    return None, None, entry


def _in_period(session: Session, document_id: int, target: x.Target | None, year: int) -> None:
    document = session.get(d.ObjectiveDocument, document_id)
    years = allowed_years(document, target) if document else range(0)
    if year not in years:
        raise _Refused(f"fiscal year {year} is outside the objective period ({_span(document, target)})")


def _span(document: _Period | None, target: x.Target | None) -> str:
    """The period's years as a message names them, with the baseline year where one is taken."""
    years = period_years(document) if document else range(0)
    if not years:
        return "unknown"
    span = f"{years.start}–{years.stop - 1}"
    if target is not None and takes_baseline_year(target):
        base = "the base of the rate" if target.scope == "annual_rate" else "the baseline"
        span += f"; {years.start - 1} as {base}"
    return span


def _unit_fits(target: x.Target | None, unit: str | None) -> None:
    # cost figures for an efficiency rate come in money, not in the rate's %
    if not unit or target is None or not target.unit or target.scope == "annual_rate":
        return
    if normalize(unit) != normalize(target.unit):
        raise _Refused(f"unit {unit!r} does not match the target's unit {target.unit!r}")


def _check(session: Session, row: ResultRow) -> _Checked | RowError:
    try:
        target, indicator, entry = _subject(session, row)
        year = _fiscal_year(row.fiscal_year)
        _in_period(session, _document_of(session, target, indicator, entry), target, year)
        value = _number(row.value)
        _unit_fits(target, row.unit)
        _sign_fits(value, target, row.unit)
    except _Refused as refused:
        return RowError(row.row, str(refused))
    return _Checked(row, target, indicator, entry, year, value)


def _document_of(
    session: Session, target: x.Target | None, indicator: x.Indicator | None, entry: x.AxesEntry | None
) -> int:
    if target is not None:
        return target.document_id
    if indicator is not None:
        return indicator.document_id
    assert entry is not None
    row = session.get(x.AxesRow, entry.row_id)
    assert row is not None  # an entry's row is deleted with it
    return row.document_id


def import_results(session: Session, rows: Sequence[ResultRow], *, entered_by: str, source: str) -> list[Result]:
    """Validate every row, then write them all; raises ResultImportError and writes nothing."""
    entered_by = actor_name(entered_by, "--by")
    checked: list[_Checked] = []
    errors: list[RowError] = []
    first_row: dict[tuple[str, int, int], int] = {}
    for row in rows:
        outcome = _check(session, row)
        if isinstance(outcome, RowError):
            errors.append(outcome)
            continue
        key = _subject_key(outcome)
        if key in first_row:
            again = f"the same {key[0]} and fiscal year {key[2]} as row {first_row[key]}: one figure each"
            errors.append(RowError(row.row, again))
            continue
        first_row[key] = row.row
        checked.append(outcome)
    if errors:
        raise ResultImportError(source, errors)
    written = []
    for item in checked:
        previous = _latest(session, item)
        result = Result(
            target_id=item.target.id if item.target else None,
            indicator_id=item.indicator.id if item.indicator else None,
            axes_entry_id=item.axes_entry.id if item.axes_entry else None,
            fiscal_year=item.fiscal_year,
            value=item.value,
            unit=item.row.unit or (item.target.unit if item.target else None),
            source_note=item.row.source_note,
            entered_by=entered_by,
            version=previous.version + 1 if previous else 1,
            supersedes_id=previous.id if previous else None,
            import_file=source,
            import_row=item.row.row,
        )
        session.add(result)
        written.append(result)
    session.flush()
    session.add_all(
        AuditEntry(
            actor=entered_by,
            action="result.correct" if r.supersedes_id else "result.add",
            table_name="results",
            row_id=r.id,
            detail={
                "target_id": r.target_id,
                "indicator_id": r.indicator_id,
                "axes_entry_id": r.axes_entry_id,
                "fiscal_year": r.fiscal_year,
                "value": r.value,
                "source": source,
            },
        )
        for r in written
    )
    return written


def _subject_key(item: _Checked) -> tuple[str, int, int]:
    if item.target is not None:
        return ("target", item.target.id, item.fiscal_year)
    if item.indicator is not None:
        return ("indicator", item.indicator.id, item.fiscal_year)
    assert item.axes_entry is not None
    return ("evaluation or monitoring indicator", item.axes_entry.id, item.fiscal_year)


def _latest(session: Session, item: _Checked) -> Result | None:
    if item.target is not None:
        return latest_result(session, item.target.id, item.fiscal_year)
    if item.indicator is not None:
        subject = Result.indicator_id == item.indicator.id
    else:
        assert item.axes_entry is not None
        subject = Result.axes_entry_id == item.axes_entry.id
    query = select(Result).where(subject, Result.fiscal_year == item.fiscal_year)
    return session.scalar(query.order_by(Result.version.desc()).limit(1))


def indicator_results(session: Session, indicator_id: int) -> dict[int, float]:
    rows = session.scalars(select(Result).where(Result.indicator_id == indicator_id).order_by(Result.version))
    return {row.fiscal_year: row.value for row in rows}


def latest_result(session: Session, target_id: int, fiscal_year: int) -> Result | None:
    query = select(Result).where(Result.target_id == target_id, Result.fiscal_year == fiscal_year)
    return session.scalar(query.order_by(Result.version.desc()).limit(1))


def current_results(session: Session, target_id: int) -> dict[int, float]:
    """The newest version of each year's figure."""
    rows = session.scalars(select(Result).where(Result.target_id == target_id).order_by(Result.version))
    return {row.fiscal_year: row.value for row in rows}


def result_history(session: Session, target_id: int, fiscal_year: int) -> list[Result]:
    query = select(Result).where(Result.target_id == target_id, Result.fiscal_year == fiscal_year)
    return list(session.scalars(query.order_by(Result.version)))


def latest_result_unit(session: Session, target_id: int) -> str | None:
    """The unit the newest figure entered for the target is in (None if there is none or it has none)."""
    query = select(Result.unit).where(Result.target_id == target_id).order_by(Result.id.desc()).limit(1)
    return session.scalar(query)


def axes_results(session: Session, document_id: int) -> dict[int, dict[int, float]]:
    """The newest figure of each year for every evaluation and monitoring indicator of the
    document's axes table that has one: axes entry id → fiscal year → value."""
    query = (
        select(Result)
        .join(x.AxesEntry, Result.axes_entry_id == x.AxesEntry.id)
        .join(x.AxesRow, x.AxesEntry.row_id == x.AxesRow.id)
        .where(x.AxesRow.document_id == document_id)
        .order_by(Result.version, Result.id)
    )
    found: dict[int, dict[int, float]] = {}
    for row in session.scalars(query):
        assert row.axes_entry_id is not None
        found.setdefault(row.axes_entry_id, {})[row.fiscal_year] = row.value
    return found


def axes_indicators(session: Session, document_id: int) -> list[AxesIndicatorRecord]:
    """The evaluation and monitoring indicators of the document's axes table, in table order."""
    query = (
        select(x.AxesEntry, x.AxesRow)
        .join(x.AxesRow, x.AxesEntry.row_id == x.AxesRow.id)
        .where(x.AxesRow.document_id == document_id, x.AxesEntry.kind.in_(AXES_INDICATOR_KINDS))
        .order_by(x.AxesRow.position, x.AxesEntry.position)
    )
    return [
        AxesIndicatorRecord(
            id=entry.id,
            document_id=row.document_id,
            row_id=row.id,
            row_label=row.label,
            row_title=row.title,
            item_id=row.item_id,
            kind=entry.kind,
            text=entry.text,
            parent_id=entry.parent_id,
            line=entry.line,
        )
        for entry, row in session.execute(query)
    ]


def document_indicator_results(session: Session, document_id: int) -> dict[int, dict[int, float]]:
    """The newest figure of each year for every plain indicator of the document that has one:
    indicator id → fiscal year → value."""
    query = (
        select(Result)
        .join(x.Indicator, Result.indicator_id == x.Indicator.id)
        .where(x.Indicator.document_id == document_id)
        .order_by(Result.version, Result.id)
    )
    found: dict[int, dict[int, float]] = {}
    for row in session.scalars(query):
        assert row.indicator_id is not None
        found.setdefault(row.indicator_id, {})[row.fiscal_year] = row.value
    return found
