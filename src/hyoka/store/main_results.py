"""主な業務実績: the written account of what a unit achieved, per fiscal year and evaluation stage,
kept apart from the reason for its rating (the official sheets have a column for each).

An entry is checked before anything is written (a stored document, a stage, a fiscal year of
the objective period, a unit the document is evaluated by, some text, who enters it); entered
again for the same unit, year and stage it is a correction: a new version superseding the old,
so every account given is kept (the same text again writes nothing). Many entries recorded in
one transaction are all or nothing: the first refusal rolls back the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.entries import MainResultRecord
from hyoka.sources import normalize
from hyoka.store import documents as d
from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, MainResult
from hyoka.store.ratings import when_label
from hyoka.store.results import period_years
from hyoka.store.sheets import published_lock

#: The evaluation stages (codes as evaluations store them) and the names the guideline uses.
STAGE_NAMES = {"annual": "年度評価", "expected": "見込評価", "interim": "中間評価", "period_end": "期間実績評価"}
_STAGE_OF_NAME = {normalize(name): code for code, name in STAGE_NAMES.items()} | {code: code for code in STAGE_NAMES}
#: The unit key of the agency as a whole (the overall sheet).
OVERALL = "総合"
MAX_UNIT_KEY = 200


class MainResultRefused(ValueError):
    """The entry fails a check; the message names the option and what is allowed."""


def stage_code(raw: str) -> str:
    """The stage's code from its code or its name (年度評価, 見込評価, 中間評価, 期間実績評価)."""
    code = _STAGE_OF_NAME.get(normalize(raw).strip())
    if code is None:
        allowed = ", ".join(f"{code} ({name})" for code, name in STAGE_NAMES.items())
        raise MainResultRefused(f"--stage {raw!r} is not a stage: one of {allowed}")
    return code


def record_main_result(
    session: Session,
    *,
    document_id: int,
    unit_key: str,
    fiscal_year: int,
    stage: str,
    text: str,
    entered_by: str,
    known_units: Collection[str] | None = None,
) -> tuple[MainResult, bool]:
    """Store the account (a new version where one is stored for the unit, year and stage), and
    say whether anything was written: the same text as the version in force is left as it is.

    `known_units` are the unit keys the document is evaluated by (with 総合 always allowed);
    None leaves the unit unchecked. Raises MainResultRefused, naming the option, and writes nothing.
    """
    entered_by = actor_name(entered_by, "--by")
    document = session.get(d.ObjectiveDocument, document_id)
    if document is None:
        raise MainResultRefused(f"no stored document {document_id}")
    code = stage_code(stage)
    unit_key = " ".join(unit_key.split())
    if not unit_key or len(unit_key) > MAX_UNIT_KEY:
        raise MainResultRefused(f"--unit must name an evaluation unit (at most {MAX_UNIT_KEY} characters)")
    if known_units is not None and unit_key != OVERALL and unit_key not in known_units:
        raise MainResultRefused(
            f"--unit {unit_key!r} is not an evaluation unit of document {document_id}: "
            + "、".join([*known_units, OVERALL])
        )
    years = period_years(document)
    if fiscal_year not in years:
        span = f"{years.start}–{years.stop - 1}" if years else "unknown"
        raise MainResultRefused(f"--year {fiscal_year} is outside the objective period ({span})")
    body = text.strip()
    if not body:
        raise MainResultRefused("the main results are empty: give --text or a --file with the account")
    previous = _latest(session, document_id, unit_key, fiscal_year, code)
    if previous is not None and previous.text == body:
        return previous, False
    _check_unlocked(session, document_id, unit_key, fiscal_year, code)
    row = MainResult(
        document_id=document_id,
        unit_key=unit_key,
        fiscal_year=fiscal_year,
        stage=code,
        text=body,
        entered_by=entered_by,
        version=previous.version + 1 if previous else 1,
        supersedes_id=previous.id if previous else None,
    )
    session.add(row)
    session.flush()
    session.add(
        AuditEntry(
            actor=entered_by,
            action="main_result.correct" if previous else "main_result.add",
            table_name="main_results",
            row_id=row.id,
            detail={"document_id": document_id, "unit_key": unit_key, "fiscal_year": fiscal_year, "stage": code},
        )
    )
    return row, True


def _check_unlocked(session: Session, document_id: int, unit_key: str, fiscal_year: int, stage: str) -> None:
    """The account is part of both evaluations' sheets: once either rating it stands under is
    published (or an item's is the basis of a published overall rating), it is as final as they are."""
    for evaluator in ("self", "ministry"):
        lock = published_lock(session, document_id, unit_key, fiscal_year=fiscal_year, stage=stage, evaluator=evaluator)
        if lock is not None:
            ja, en = lock
            raise MainResultRefused(
                f"{unit_key} の{when_label(fiscal_year, stage, evaluator)}の{ja}のため、主な業務実績は変更できません / "
                f"the main results of {unit_key} for FY{fiscal_year}, stage {stage} are locked: {en}"
            )


def _latest(session: Session, document_id: int, unit_key: str, fiscal_year: int, stage: str) -> MainResult | None:
    query = select(MainResult).where(
        MainResult.document_id == document_id,
        MainResult.unit_key == unit_key,
        MainResult.fiscal_year == fiscal_year,
        MainResult.stage == stage,
    )
    return session.scalar(query.order_by(MainResult.version.desc()).limit(1))


def _record(row: MainResult) -> MainResultRecord:
    return MainResultRecord(
        id=row.id,
        document_id=row.document_id,
        unit_key=row.unit_key,
        fiscal_year=row.fiscal_year,
        stage=row.stage,
        text=row.text,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
        version=row.version,
        supersedes_id=row.supersedes_id,
    )


def main_results(
    session: Session, document_id: int, fiscal_year: int | None = None, stage: str | None = None
) -> dict[tuple[str, int, str], MainResultRecord]:
    """The account in force (newest version) for each (unit key, fiscal year, stage) of the
    document, of one year and stage where given."""
    query = select(MainResult).where(MainResult.document_id == document_id)
    if fiscal_year is not None:
        query = query.where(MainResult.fiscal_year == fiscal_year)
    if stage is not None:
        query = query.where(MainResult.stage == stage_code(stage))
    found: dict[tuple[str, int, str], MainResultRecord] = {}
    for row in session.scalars(query.order_by(MainResult.version, MainResult.id)):
        found[(row.unit_key, row.fiscal_year, row.stage)] = _record(row)
    return found


def main_result_history(
    session: Session, document_id: int, unit_key: str, fiscal_year: int, stage: str
) -> list[MainResultRecord]:
    """Every version entered for the unit, year and stage, oldest first."""
    query = select(MainResult).where(
        MainResult.document_id == document_id,
        MainResult.unit_key == unit_key,
        MainResult.fiscal_year == fiscal_year,
        MainResult.stage == stage_code(stage),
    )
    return [_record(row) for row in session.scalars(query.order_by(MainResult.version, MainResult.id))]
