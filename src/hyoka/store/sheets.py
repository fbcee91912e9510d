"""The written fields of the official evaluation sheets (項目別評定調書 and 総合評定), one per row.

The sheets a ministry publishes carry more than ratings: who evaluated and whom they heard, the
account of the agency as a whole, the matters weighed, the R&D council's and the auditor's
opinions, and per item the related policy, the legal basis, the review number, the main inputs
of every year and the issues for the future. `SHEET_FIELDS` is the catalogue of those fields
(their code names, Japanese labels and where they belong); `record_sheet_entry` writes one,
versioned like every figure (a new text for the same field is a new version superseding the old,
the old kept) and audited; `sheet_entries` and `yearly_inputs` read the current texts back.

A field is recorded for a document, fiscal year, stage, evaluator and unit (総合 for the overall
sheet). The main inputs (予算額, 決算額, 経常費用, 従事人員数) are figures of one fiscal year
each: they are read back by year whatever stage they were entered with, the newest winning.

The texts belong to the rating of the same unit, year, stage and evaluator, and are as final as it:
once it is published — or, for an item, once a published overall rating was computed from it (the
lock of `hyoka.store.ratings`) — they are refused (`SheetEntryRefused`, naming the unit, year and
stage). Superseding the rating by a new, unpublished one opens them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from hyoka.model.fiscal import fiscal_year_of
from hyoka.parse.lexicon.numbers import parse_number
from hyoka.store import documents as d
from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, SheetEntry
from hyoka.store.ratings import EVALUATORS, OVERALL, STAGES, in_force, locking_overall, when_label

Place = Literal["overall", "item", "both"]
MAX_TEXT_LENGTH = 20_000


@dataclass(frozen=True, slots=True)
class SheetField:
    """One written field of the sheets: its code name, its Japanese label, where it belongs."""

    name: str
    label: str
    place: Place  # overall: the 総合評定 sheet only; item: the 項目別評定調書 only; both
    per_year: bool = False  # a figure of one fiscal year (the main inputs), shown year by year
    help: str = ""

    def allowed_for(self, unit_key: str) -> bool:
        if self.place == "both":
            return True
        return (self.place == "overall") == (unit_key == OVERALL)


_FIELDS = (
    SheetField("evaluators", "評価の実施者", "both", help="主務大臣、法人所管部局、担当課・責任者、評価点検部局"),
    SheetField(
        "hearings",
        "意見聴取等（外部有識者・理事長・監事）",
        "both",
        help="外部有識者からの意見聴取、理事長ヒアリング、監事ヒアリングの日付と相手",
    ),
    SheetField("overall_account", "法人全体に対する評価", "overall"),
    SheetField("matters_weighed", "全体の評定を行う上で特に考慮すべき事項", "overall"),
    SheetField("main_issues", "項目別評価における主要な課題", "overall"),
    SheetField("improvements", "改善事項", "overall"),
    SheetField("rd_council_opinion", "研究開発に関する審議会の主な意見", "both"),
    SheetField("auditor_opinion", "監事の主な意見", "both"),
    SheetField("related_policy", "関連する政策・施策", "item"),
    SheetField("legal_basis", "当該事業実施に係る根拠（個別法条文など）", "item"),
    SheetField("review_number", "関連する政策評価・行政事業レビュー", "item", help="行政事業レビューシートの事業番号"),
    SheetField("budget", "予算額（千円）", "item", per_year=True),
    SheetField("settlement", "決算額（千円）", "item", per_year=True),
    SheetField("expenses", "経常費用（千円）", "item", per_year=True),
    SheetField("staff", "従事人員数", "item", per_year=True),
    SheetField("future_issues", "今後の課題", "item"),
    SheetField("other_matters", "その他事項", "both"),
)

#: The catalogue, in the order the sheets show the fields.
SHEET_FIELDS: dict[str, SheetField] = {f.name: f for f in _FIELDS}
#: The main inputs (主要なインプット情報), one figure per fiscal year.
INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in _FIELDS if f.per_year)


class SheetEntryRefused(ValueError):
    """The sheet entry breaks a rule; the message names the field or option."""


@dataclass(frozen=True, slots=True)
class SheetEntryInput:
    document_id: int
    fiscal_year: int
    stage: str
    evaluator: str
    unit_key: str  # the unit's key as proposals show it, or 総合 for the overall sheet
    field: str
    text: str
    entered_by: str


@dataclass(frozen=True, slots=True)
class SheetEntryRecord:
    id: int
    document_id: int
    fiscal_year: int
    stage: str
    evaluator: str
    unit_key: str
    field: str
    label: str
    text: str
    entered_by: str
    entered_at: datetime | None
    version: int
    supersedes_id: int | None

    @property
    def number(self) -> float | None:
        """The text as a number, for the per-year inputs (None where it is not one)."""
        return input_number(self.text)


def input_number(text: str) -> float | None:
    value = parse_number(text.strip())
    return float(value) if value is not None else None


def _record(row: SheetEntry) -> SheetEntryRecord:
    spec = SHEET_FIELDS.get(row.field)
    return SheetEntryRecord(
        id=row.id,
        document_id=row.document_id,
        fiscal_year=row.fiscal_year,
        stage=row.stage,
        evaluator=row.evaluator,
        unit_key=row.unit_key,
        field=row.field,
        label=spec.label if spec else row.field,
        text=row.text,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
        version=row.version,
        supersedes_id=row.supersedes_id,
    )


def check_entry(entry: SheetEntryInput) -> SheetEntryInput:
    """`entry` tidied (the text stripped, the name of who enters it cleaned), or SheetEntryRefused."""
    entered_by = actor_name(entry.entered_by, "--by")
    spec = SHEET_FIELDS.get(entry.field)
    if spec is None:
        raise SheetEntryRefused(f"--field must be one of {', '.join(SHEET_FIELDS)}, not {entry.field!r}")
    if entry.stage not in STAGES:
        raise SheetEntryRefused(f"--stage must be one of {', '.join(STAGES)}, not {entry.stage!r}")
    if entry.evaluator not in EVALUATORS:
        raise SheetEntryRefused(f"--evaluator must be self or ministry, not {entry.evaluator!r}")
    if not spec.allowed_for(entry.unit_key):
        where = "the overall sheet (--unit 総合)" if spec.place == "overall" else "an evaluation unit, not 総合"
        raise SheetEntryRefused(f"{entry.field} ({spec.label}) belongs to {where}")
    text = entry.text.strip()
    if not text:
        raise SheetEntryRefused(f"{entry.field} ({spec.label}): the text is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise SheetEntryRefused(f"{entry.field} ({spec.label}): longer than {MAX_TEXT_LENGTH} characters")
    if spec.per_year and input_number(text) is None:
        raise SheetEntryRefused(f"{entry.field} ({spec.label}) must be a number, e.g. 1,234,567, not {text!r}")
    return replace(entry, text=text, entered_by=entered_by)


def _check_year(session: Session, entry: SheetEntryInput) -> None:
    document = session.get(d.ObjectiveDocument, entry.document_id)
    if document is None:
        raise SheetEntryRefused(f"no stored document with id {entry.document_id} (hyoka list shows the ids)")
    if document.period_start is None or document.period_end is None:
        return
    first, last = fiscal_year_of(document.period_start), fiscal_year_of(document.period_end)
    if not first <= entry.fiscal_year <= last:
        raise SheetEntryRefused(f"--year {entry.fiscal_year} is outside the document's period (FY{first}–FY{last})")


def published_lock(
    session: Session, document_id: int, unit_key: str, *, fiscal_year: int, stage: str, evaluator: str
) -> tuple[str, str] | None:
    """Why what belongs to the rating in force for this unit, year, stage and evaluator can no
    longer change (Japanese, English): the rating is published, or it is an item's that a published
    overall rating was computed from; None while it is open."""
    rating = in_force(session, document_id, unit_key, fiscal_year=fiscal_year, stage=stage, evaluator=evaluator)
    if rating is None:
        return None
    overall = None if rating.published or rating.level != "item" else locking_overall(session, rating)
    if not rating.published and overall is None:
        return None
    if overall is None:
        return f"評定（id {rating.id}）は公表済み", f"its rating id {rating.id} is published"
    return (
        f"評定（id {rating.id}）は公表済みの総合評定（id {overall.id}）の算定の基礎",
        f"the published overall rating id {overall.id} was computed from its rating id {rating.id}",
    )


def _check_unlocked(session: Session, entry: SheetEntryInput) -> None:
    """Refuse a text of a rating that is published, or an item's that a published overall was computed from."""
    lock = published_lock(
        session,
        entry.document_id,
        entry.unit_key,
        fiscal_year=entry.fiscal_year,
        stage=entry.stage,
        evaluator=entry.evaluator,
    )
    if lock is None:
        return
    ja, en = lock
    spec = SHEET_FIELDS[entry.field]
    when = when_label(entry.fiscal_year, entry.stage, entry.evaluator)
    raise SheetEntryRefused(
        f"{entry.field}（{spec.label}）: {entry.unit_key} の{when}の{ja}のため、様式の記載は変更できません / "
        f"the {entry.evaluator} sheet texts of {entry.unit_key} for FY{entry.fiscal_year}, stage {entry.stage} "
        f"are locked: {en}"
    )


def _current(session: Session, entry: SheetEntryInput) -> SheetEntry | None:
    query = select(SheetEntry).where(
        SheetEntry.document_id == entry.document_id,
        SheetEntry.fiscal_year == entry.fiscal_year,
        SheetEntry.stage == entry.stage,
        SheetEntry.evaluator == entry.evaluator,
        SheetEntry.unit_key == entry.unit_key,
        SheetEntry.field == entry.field,
    )
    return session.scalar(query.order_by(SheetEntry.version.desc(), SheetEntry.id.desc()).limit(1))


def record_sheet_entry(session: Session, entry: SheetEntryInput) -> tuple[SheetEntryRecord, bool]:
    """Write one field (a new version if it has a text already); returns it and whether it was
    written (a text equal to the current one is left as it is, even when locked). Every write leaves
    an audit entry."""
    entry = check_entry(entry)
    _check_year(session, entry)
    current = _current(session, entry)
    if current is not None and current.text == entry.text:
        return _record(current), False
    _check_unlocked(session, entry)
    row = SheetEntry(
        document_id=entry.document_id,
        fiscal_year=entry.fiscal_year,
        stage=entry.stage,
        evaluator=entry.evaluator,
        unit_key=entry.unit_key,
        field=entry.field,
        text=entry.text,
        entered_by=entry.entered_by,
        version=current.version + 1 if current else 1,
        supersedes_id=current.id if current else None,
    )
    session.add(row)
    session.flush()
    session.add(
        AuditEntry(
            actor=entry.entered_by,
            action="sheet.record",
            table_name="sheet_entries",
            row_id=row.id,
            detail={
                "unit": entry.unit_key,
                "field": entry.field,
                "fiscal_year": entry.fiscal_year,
                "stage": entry.stage,
                "evaluator": entry.evaluator,
                "version": row.version,
                "replaces": current.id if current else None,
            },
        )
    )
    return _record(row), True


def record_sheet_entries(session: Session, entries: Sequence[SheetEntryInput]) -> list[tuple[SheetEntryRecord, bool]]:
    """Many fields in the caller's transaction: every one is checked first, so one bad field
    refuses them all (the message names it)."""
    for number, entry in enumerate(entries, start=1):
        try:
            check_entry(entry)
        except (SheetEntryRefused, ValueError) as exc:
            raise SheetEntryRefused(f"entry {number} ({entry.unit_key} / {entry.field}): {exc}") from exc
    return [record_sheet_entry(session, entry) for entry in entries]


def _rows(session: Session, document_id: int, *conditions: ColumnElement[bool]) -> list[SheetEntry]:
    query = select(SheetEntry).where(SheetEntry.document_id == document_id, *conditions)
    return list(session.scalars(query.order_by(SheetEntry.version, SheetEntry.id)))


def sheet_entries(
    session: Session, document_id: int, fiscal_year: int, stage: str, evaluator: str
) -> dict[tuple[str, str], SheetEntryRecord]:
    """The current text of each (unit key, field) of one year, stage and evaluator."""
    rows = _rows(
        session,
        document_id,
        SheetEntry.fiscal_year == fiscal_year,
        SheetEntry.stage == stage,
        SheetEntry.evaluator == evaluator,
    )
    return {(row.unit_key, row.field): _record(row) for row in rows}


def yearly_inputs(session: Session, document_id: int) -> dict[tuple[str, str], dict[int, SheetEntryRecord]]:
    """The main inputs by (unit key, field) and fiscal year: the newest entry of each, any stage."""
    rows = _rows(session, document_id, SheetEntry.field.in_(INPUT_FIELDS))
    found: dict[tuple[str, str], dict[int, SheetEntryRecord]] = {}
    for row in sorted(rows, key=lambda r: r.id):
        found.setdefault((row.unit_key, row.field), {})[row.fiscal_year] = _record(row)
    return found


def entry_history(session: Session, document_id: int, unit_key: str, field: str) -> list[SheetEntryRecord]:
    """Every version of a field, oldest first, all years, stages and evaluators."""
    rows = _rows(session, document_id, SheetEntry.unit_key == unit_key, SheetEntry.field == field)
    return [_record(row) for row in rows]
