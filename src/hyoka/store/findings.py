"""Management-failure findings (マネジメントの不備): that an item was rated low because of a failure of
the agency's management as a whole. For an R&D agency, such a finding on an important item of the
R&D-results chapter rated C or below caps the overall rating (rating-rules.md); the evaluation reads
the findings in force and gives them to the overall computation.

A finding is recorded by someone, with the reason, for one unit, year, stage and evaluator; it is
withdrawn (by whom, why), never deleted. Every write leaves an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, ManagementFinding
from hyoka.store.ratings import EVALUATORS, STAGES, EvaluationRefused


class FindingRefused(EvaluationRefused):
    """A finding that cannot be recorded or withdrawn; the message says why."""


@dataclass(frozen=True, slots=True)
class FindingRecord:
    id: int
    document_id: int
    unit_key: str
    fiscal_year: int
    stage: str
    evaluator: str
    reason: str
    recorded_by: str
    recorded_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdraw_reason: str | None

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


def _record(row: ManagementFinding) -> FindingRecord:
    return FindingRecord(
        id=row.id,
        document_id=row.document_id,
        unit_key=row.unit_key,
        fiscal_year=row.fiscal_year,
        stage=row.stage,
        evaluator=row.evaluator,
        reason=row.reason,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
        withdraw_reason=row.withdraw_reason,
    )


def _audit(session: Session, actor: str, action: str, row: ManagementFinding, **detail: object) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            table_name="management_findings",
            row_id=row.id,
            detail={"unit": row.unit_key, "fiscal_year": row.fiscal_year, "stage": row.stage, **detail},
        )
    )


def record_finding(
    session: Session,
    document_id: int,
    unit_key: str,
    *,
    fiscal_year: int,
    stage: str,
    evaluator: str,
    reason: str,
    by: str,
) -> FindingRecord:
    """Record that `unit_key` failed for the agency's management; one finding in force per unit, year, stage
    and evaluator (a second is refused: withdraw the first)."""
    by = actor_name(by, "--by")
    if stage not in STAGES:
        raise FindingRefused(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    if evaluator not in EVALUATORS:
        raise FindingRefused("evaluator must be self (自己評価) or ministry (主務大臣評価)")
    if not reason.strip():
        raise FindingRefused("a management-failure finding needs its reason (--reason)")
    existing = [
        f
        for f in findings(session, document_id, fiscal_year, stage, evaluator)
        if f.unit_key == unit_key and f.in_force
    ]
    if existing:
        raise FindingRefused(
            f"a finding on {unit_key} for FY{fiscal_year} ({stage}, {evaluator}) is already in force "
            f"(id {existing[0].id}): withdraw it first"
        )
    row = ManagementFinding(
        document_id=document_id,
        unit_key=unit_key,
        fiscal_year=fiscal_year,
        stage=stage,
        evaluator=evaluator,
        reason=reason.strip(),
        recorded_by=by,
    )
    session.add(row)
    session.flush()
    _audit(session, by, "finding.record", row, evaluator=evaluator, reason=row.reason)
    session.refresh(row)
    return _record(row)


def withdraw_finding(session: Session, finding_id: int, *, by: str, reason: str) -> FindingRecord:
    """Withdraw a finding in force (kept, marked withdrawn by whom, when and why)."""
    by = actor_name(by, "--by")
    row = session.get(ManagementFinding, finding_id)
    if row is None:
        raise FindingRefused(f"no management-failure finding with id {finding_id}")
    if row.withdrawn_at is not None:
        raise FindingRefused(f"finding {finding_id} was already withdrawn ({row.withdrawn_by})")
    if not reason.strip():
        raise FindingRefused("withdrawing a finding needs a reason (--reason)")
    row.withdrawn_at = datetime.now(UTC)
    row.withdrawn_by = by
    row.withdraw_reason = reason.strip()
    _audit(session, by, "finding.withdraw", row, reason=row.withdraw_reason)
    session.flush()
    return _record(row)


def findings(
    session: Session, document_id: int, fiscal_year: int, stage: str, evaluator: str | None = None
) -> list[FindingRecord]:
    """The findings of the document for the year and stage (of one evaluator if given), withdrawn ones included."""
    query = select(ManagementFinding).where(
        ManagementFinding.document_id == document_id,
        ManagementFinding.fiscal_year == fiscal_year,
        ManagementFinding.stage == stage,
    )
    if evaluator is not None:
        query = query.where(ManagementFinding.evaluator == evaluator)
    return [_record(row) for row in session.scalars(query.order_by(ManagementFinding.id))]


def findings_in_force(session: Session, document_id: int, fiscal_year: int, stage: str, evaluator: str) -> set[str]:
    """The unit keys with a finding in force."""
    return {f.unit_key for f in findings(session, document_id, fiscal_year, stage, evaluator) if f.in_force}
