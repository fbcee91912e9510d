"""Recording evaluations (評定): the checks the guideline asks of every rating, and finality.

Every rating needs a written reason; C and D also the improvement to be made; a rating that
departs from the proposal says why; S needs a recorded qualitative judgement. A published
ministry evaluation is final: it cannot be edited, only superseded by a new one with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.store.actors import actor_name
from hyoka.store.evaluations import AuditEntry, Evaluation

GRADES = ("S", "A", "B", "C", "D")
STAGES = ("annual", "expected", "interim", "period_end")
EVALUATORS = ("self", "ministry")
OVERALL = "総合"


class EvaluationRefused(ValueError):
    """The evaluation breaks a rule; the message says which."""


@dataclass(frozen=True, slots=True)
class EvaluationInput:
    document_id: int
    unit_key: str  # the unit's title, or 総合 for the overall rating
    unit_id: int | None
    stage: str
    fiscal_year: int
    evaluator: str
    rating: str
    reason: str
    author: str
    proposed_rating: str | None = None
    computed_rating: str | None = None
    improvement: str | None = None
    departure_reason: str | None = None
    qualitative_s: bool = False
    uplift_reason: str | None = None


def check(entry: EvaluationInput) -> None:
    actor_name(entry.author, "--author")
    if entry.rating not in GRADES:
        raise EvaluationRefused(f"rating must be one of {'/'.join(GRADES)}, not {entry.rating!r}")
    if entry.stage not in STAGES:
        raise EvaluationRefused(f"stage must be one of {', '.join(STAGES)}")
    if entry.evaluator not in EVALUATORS:
        raise EvaluationRefused("evaluator must be self (自己評価) or ministry (主務大臣評価)")
    if not entry.reason.strip():
        raise EvaluationRefused("every rating needs a written reason (評定の根拠)")
    if entry.rating in ("C", "D") and not (entry.improvement or "").strip():
        raise EvaluationRefused(f"a {entry.rating} rating needs the improvement to be made (改善方策)")
    if entry.rating == "S" and not entry.qualitative_s:
        raise EvaluationRefused("S needs a recorded qualitative judgement on top of the numbers")
    reference = entry.computed_rating or entry.proposed_rating
    if reference and entry.rating != reference and not (entry.departure_reason or "").strip():
        raise EvaluationRefused(f"the rating departs from the proposed {reference}: say why (departure reason)")


def _audit(session: Session, actor: str, action: str, row: Evaluation, **detail: object) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            table_name="evaluations",
            row_id=row.id,
            detail={"unit": row.unit_key, "fiscal_year": row.fiscal_year, "rating": row.rating, **detail},
        )
    )


def record_evaluation(session: Session, entry: EvaluationInput) -> Evaluation:
    entry = replace(entry, author=actor_name(entry.author, "--author"))
    check(entry)
    current = current_evaluation(session, entry)
    if current is not None and current.published:
        raise EvaluationRefused(
            f"the {entry.evaluator} evaluation of {entry.unit_key} for FY{entry.fiscal_year} is published: "
            "supersede it with a reason instead"
        )
    row = Evaluation(
        **{k: getattr(entry, k) for k in EvaluationInput.__dataclass_fields__},
        level="overall" if entry.unit_key == OVERALL else "item",
        supersedes_id=current.id if current else None,
    )
    session.add(row)
    session.flush()
    _audit(session, entry.author, "evaluation.record", row, replaces=current.id if current else None)
    return row


def current_evaluation(session: Session, entry: EvaluationInput) -> Evaluation | None:
    query = select(Evaluation).where(
        Evaluation.document_id == entry.document_id,
        Evaluation.unit_key == entry.unit_key,
        Evaluation.stage == entry.stage,
        Evaluation.fiscal_year == entry.fiscal_year,
        Evaluation.evaluator == entry.evaluator,
    )
    return session.scalar(query.order_by(Evaluation.id.desc()).limit(1))


def publish(session: Session, evaluation_id: int, actor: str) -> Evaluation:
    actor = actor_name(actor, "--by")
    row = session.get(Evaluation, evaluation_id)
    if row is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    if row.published:
        raise EvaluationRefused(f"evaluation {evaluation_id} is already published")
    row.published = True
    row.published_at = datetime.now(UTC)
    _audit(session, actor, "evaluation.publish", row)
    return row


def supersede(session: Session, evaluation_id: int, entry: EvaluationInput, reason: str) -> Evaluation:
    """A new evaluation replacing a published one; the old row stays as it was."""
    old = session.get(Evaluation, evaluation_id)
    if old is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    if not reason.strip():
        raise EvaluationRefused("superseding a published evaluation needs a reason")
    entry = replace(entry, author=actor_name(entry.author, "--author"))
    check(entry)
    row = Evaluation(
        **{k: getattr(entry, k) for k in EvaluationInput.__dataclass_fields__},
        level=old.level,
        supersedes_id=old.id,
        supersede_reason=reason,
    )
    session.add(row)
    session.flush()
    _audit(session, entry.author, "evaluation.supersede", row, supersedes=old.id, reason=reason)
    return row
