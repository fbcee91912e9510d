"""Recording evaluations (評定): the checks the guideline asks of every rating, order and finality.

Every rating needs a written reason; C and D also the improvement to be made; a rating that
departs from the proposal says why; S needs a recorded qualitative judgement and an achievement at
its floor. Raising a numeric proposal is the difficulty uplift, a rule of its own: only where the
item is marked 困難度「高」 (the caller says so in `uplift_allowed`), at most the policy's grades,
and with its own reason (`uplift_reason`); a departure reason does not stand in for it.

Order and finality (`RecordRules`, from the rating policy): a year outside the document's period
is refused; the ministry rates a unit only after the agency's self-evaluation of it; exactly one
evaluation is in force per unit, year, stage and evaluator (a new one replaces the one in force, a
supersede replaces only the one in force and obeys every rule a record obeys); a published
evaluation is final and can only be superseded, with a reason, the published row kept in the
history; publishing an overall rating locks the item evaluations it was computed from
(`basis_ids`): they can be neither re-recorded nor superseded, and superseding the overall rating
does not unlock them (rating-rules.md gives no way to: the lock is lifted only by the policy's
`publish_locks_basis = false`); the ministry's overall rating is published only when every unit
has a ministry rating (the caller lists the unrated units).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.fiscal import fiscal_year_label, fiscal_year_of
from hyoka.store.actors import actor_name
from hyoka.store.documents import ObjectiveDocument
from hyoka.store.evaluations import AuditEntry, Evaluation

GRADES = ("S", "A", "B", "C", "D")
STAGES = ("annual", "expected", "interim", "period_end")
EVALUATORS = ("self", "ministry")
STAGE_NAMES = {"annual": "年度評価", "expected": "見込評価", "interim": "中間評価", "period_end": "期間実績評価"}
EVALUATOR_NAMES = {"self": "自己評価", "ministry": "主務大臣評価"}
OVERALL = "総合"
# the columns of `evaluations` an EvaluationInput fills; its other fields are facts for the checks
_STORED = (
    "document_id",
    "unit_key",
    "unit_id",
    "stage",
    "fiscal_year",
    "evaluator",
    "rating",
    "reason",
    "author",
    "proposed_rating",
    "computed_rating",
    "improvement",
    "departure_reason",
    "qualitative_s",
    "uplift_reason",
)


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
    # facts of the proposal the checks need (None: not known to the caller, the rule is not checked)
    basis_ratio: float | None = None  # the unit's achievement ratio
    s_floor: float | None = None  # the ratio from which S may be considered
    uplift_allowed: bool | None = None  # the item is marked 困難度「高」 (or the policy allows uplift everywhere)
    uplift_grades: int = 1  # at most this many grades of uplift
    advisory: bool = False  # an R&D unit: the proposal is advisory, any departure only needs its reason
    basis_ids: tuple[int, ...] | None = None  # overall: the item evaluations it was computed from


@dataclass(frozen=True, slots=True)
class RecordRules:
    """The order-and-finality rules of the rating policy (each a policy setting, on by default)."""

    self_before_ministry: bool = True
    publish_locks_basis: bool = True
    ministry_overall_needs_every_unit: bool = True


def _text(value: str | None) -> bool:
    return bool((value or "").strip())


def check(entry: EvaluationInput) -> None:
    """The rules of one rating on its own; EvaluationRefused naming the rule broken."""
    actor_name(entry.author, "--author")
    if entry.rating not in GRADES:
        raise EvaluationRefused(f"rating must be one of {'/'.join(GRADES)}, not {entry.rating!r}")
    if entry.stage not in STAGES:
        raise EvaluationRefused(f"stage must be one of {', '.join(STAGES)}")
    if entry.evaluator not in EVALUATORS:
        raise EvaluationRefused("evaluator must be self (自己評価) or ministry (主務大臣評価)")
    if not entry.reason.strip():
        raise EvaluationRefused("every rating needs a written reason (評定の根拠)")
    if entry.rating in ("C", "D") and not _text(entry.improvement):
        raise EvaluationRefused(f"a {entry.rating} rating needs the improvement to be made (改善方策)")
    if entry.rating == "S":
        if not entry.qualitative_s:
            raise EvaluationRefused("S needs a recorded qualitative judgement on top of the numbers")
        if entry.basis_ratio is not None and entry.s_floor is not None and entry.basis_ratio < entry.s_floor - 1e-9:
            raise EvaluationRefused(
                f"S needs an achievement of at least {entry.s_floor:.1%} (its floor); "
                f"{entry.unit_key} reaches {entry.basis_ratio:.1%}"
            )
    _check_against_reference(entry)


def _check_against_reference(entry: EvaluationInput) -> None:
    reference = entry.computed_rating or entry.proposed_rating
    if not reference or entry.rating == reference or reference not in GRADES:
        return
    raised = GRADES.index(reference) - GRADES.index(entry.rating)
    item = entry.unit_key != OVERALL and entry.computed_rating is None
    if raised > 0 and item and not entry.advisory:
        # S one grade above a proposed A, with the qualitative judgement, is the S step (its floor checked above)
        if not (entry.rating == GRADES[0] and raised == 1 and entry.qualitative_s):
            _check_uplift(entry, reference, raised)
        return
    uplifted = 0 < raised <= entry.uplift_grades and _text(entry.uplift_reason) and entry.uplift_allowed is not False
    if item and entry.advisory and uplifted:
        return  # an advisory (R&D) proposal raised by the difficulty uplift, with its reason
    if not _text(entry.departure_reason):
        raise EvaluationRefused(f"the rating departs from the proposed {reference}: say why (departure reason)")


def _check_uplift(entry: EvaluationInput, reference: str, raised: int) -> None:
    move = f"{reference} → {entry.rating}"
    if not _text(entry.uplift_reason):
        raise EvaluationRefused(
            f"raising the proposed {move} is a difficulty uplift (困難度による引上げ): it needs its own reason "
            "(uplift reason, --uplift-reason); a departure reason does not stand in for it"
        )
    if entry.uplift_allowed is False:
        raise EvaluationRefused(
            f"{move}: a difficulty uplift is only for an item the objectives mark 困難度「高」, "
            f"and {entry.unit_key} is not marked"
        )
    if raised > entry.uplift_grades:
        raise EvaluationRefused(
            f"{move} raises {raised} grades: a difficulty uplift is at most {entry.uplift_grades} grade(s)"
        )


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


def _check_period(session: Session, entry: EvaluationInput) -> None:
    document = session.get(ObjectiveDocument, entry.document_id)
    if document is None:
        raise EvaluationRefused(f"no stored document with id {entry.document_id}")
    if document.period_start is None or document.period_end is None:
        return
    first, last = fiscal_year_of(document.period_start), fiscal_year_of(document.period_end)
    if not first <= entry.fiscal_year <= last:
        raise EvaluationRefused(
            f"FY{entry.fiscal_year} is outside the objective period FY{first}–FY{last} of document {entry.document_id}"
        )


def _superseded_ids(session: Session, document_id: int) -> set[int]:
    return {
        i
        for i in session.scalars(
            select(Evaluation.supersedes_id).where(
                Evaluation.document_id == document_id, Evaluation.supersedes_id.is_not(None)
            )
        )
        if i is not None
    }


def in_force(
    session: Session, document_id: int, unit_key: str, *, fiscal_year: int, stage: str, evaluator: str
) -> Evaluation | None:
    """The evaluation in force for the unit, year, stage and evaluator: the newest that nothing replaced."""
    replaced = _superseded_ids(session, document_id)
    rows = session.scalars(
        select(Evaluation)
        .where(
            Evaluation.document_id == document_id,
            Evaluation.unit_key == unit_key,
            Evaluation.stage == stage,
            Evaluation.fiscal_year == fiscal_year,
            Evaluation.evaluator == evaluator,
        )
        .order_by(Evaluation.id.desc())
    )
    return next((row for row in rows if row.id not in replaced), None)


def current_evaluation(session: Session, entry: EvaluationInput) -> Evaluation | None:
    return in_force(
        session,
        entry.document_id,
        entry.unit_key,
        fiscal_year=entry.fiscal_year,
        stage=entry.stage,
        evaluator=entry.evaluator,
    )


def _check_order(session: Session, entry: EvaluationInput, rules: RecordRules) -> None:
    if entry.evaluator == "ministry" and rules.self_before_ministry:
        own = in_force(
            session,
            entry.document_id,
            entry.unit_key,
            fiscal_year=entry.fiscal_year,
            stage=entry.stage,
            evaluator="self",
        )
        if own is None:
            raise EvaluationRefused(
                f"the ministry evaluation of {entry.unit_key} for FY{entry.fiscal_year} ({entry.stage}) comes after "
                "the agency's self-evaluation (自己評価), and none is recorded: record --evaluator self first"
            )


def locking_overall(session: Session, row: Evaluation) -> Evaluation | None:
    """The published overall rating whose basis holds `row`, if any: the one in force, or one it replaced
    (a lock is not lifted by superseding the overall rating)."""
    overalls = session.scalars(
        select(Evaluation)
        .where(
            Evaluation.document_id == row.document_id,
            Evaluation.level == "overall",
            Evaluation.fiscal_year == row.fiscal_year,
            Evaluation.stage == row.stage,
            Evaluation.published.is_(True),
        )
        .order_by(Evaluation.id.desc())
    )
    return next((overall for overall in overalls if row.id in (overall.basis_ids or [])), None)


def when_label(year: int, stage: str, evaluator: str) -> str:
    """「令和8年度（FY2026）・年度評価 (annual)の主務大臣評価」: a year, stage and evaluator for a message."""
    try:
        label = f"{fiscal_year_label(year)}（FY{year}）"
    except ValueError:
        label = f"FY{year}"
    return f"{label}・{STAGE_NAMES.get(stage, stage)} ({stage})の{EVALUATOR_NAMES.get(evaluator, evaluator)}"


def _locked(row: Evaluation, lock: Evaluation, action: str) -> EvaluationRefused:
    when = when_label(row.fiscal_year, row.stage, row.evaluator)
    return EvaluationRefused(
        f"{row.unit_key} の{when}（id {row.id}）は、公表済みの総合評定"
        f"（id {lock.id}）の算定の基礎であるため{action}できません / "
        f"the {row.evaluator} evaluation of {row.unit_key} for FY{row.fiscal_year}, stage {row.stage} "
        f"(id {row.id}) is locked: the published overall rating id {lock.id} was computed from it, and stays "
        "locked after that overall rating is superseded (policy publish_locks_basis)"
    )


def _new_row(entry: EvaluationInput, level: str, replaces: Evaluation | None, reason: str | None) -> Evaluation:
    return Evaluation(
        **{k: getattr(entry, k) for k in _STORED},
        level=level,
        supersedes_id=replaces.id if replaces else None,
        supersede_reason=reason,
        basis_ids=list(entry.basis_ids) if entry.basis_ids is not None else None,
    )


def record_evaluation(session: Session, entry: EvaluationInput, rules: RecordRules | None = None) -> Evaluation:
    """Record `entry`, replacing the evaluation in force (unless it is published or locked)."""
    rules = rules or RecordRules()
    entry = replace(entry, author=actor_name(entry.author, "--author"))
    check(entry)
    _check_period(session, entry)
    _check_order(session, entry, rules)
    current = current_evaluation(session, entry)
    if current is not None and current.published:
        raise EvaluationRefused(
            f"the {entry.evaluator} evaluation of {entry.unit_key} for FY{entry.fiscal_year} is published "
            f"(id {current.id}): supersede it with a reason instead"
        )
    if current is not None and rules.publish_locks_basis and (lock := locking_overall(session, current)):
        raise _locked(current, lock, "記録し直すことは")
    row = _new_row(entry, "overall" if entry.unit_key == OVERALL else "item", current, None)
    session.add(row)
    session.flush()
    _audit(session, entry.author, "evaluation.record", row, replaces=current.id if current else None)
    return row


def publish(
    session: Session,
    evaluation_id: int,
    actor: str,
    *,
    unrated: Sequence[str] = (),
    current_basis: Sequence[int] | None = None,
    rules: RecordRules | None = None,
) -> Evaluation:
    """Publish an evaluation; an overall ministry rating only when `unrated` (units without one) is empty.

    An overall rating is published only while the item evaluations it was computed from are in force,
    and, when the caller gives `current_basis` (the item evaluations in force now), only if they are
    still exactly those: an item rated since would make the computed grade stale."""
    rules = rules or RecordRules()
    actor = actor_name(actor, "--by")
    row = session.get(Evaluation, evaluation_id)
    if row is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    if row.published:
        raise EvaluationRefused(f"evaluation {evaluation_id} is already published")
    current = in_force(
        session, row.document_id, row.unit_key, fiscal_year=row.fiscal_year, stage=row.stage, evaluator=row.evaluator
    )
    if current is None or current.id != row.id:
        newer = f" by id {current.id}" if current is not None else ""
        raise EvaluationRefused(f"evaluation {evaluation_id} was replaced{newer}: only the one in force is published")
    if row.level == "overall":
        if row.evaluator == "ministry" and rules.ministry_overall_needs_every_unit and unrated:
            raise EvaluationRefused(
                f"the ministry's overall rating for FY{row.fiscal_year} cannot be published while units have no "
                f"ministry rating: {', '.join(unrated)}"
            )
        _check_basis(session, row, current_basis)
    row.published = True
    row.published_at = datetime.now(UTC)
    _audit(session, actor, "evaluation.publish", row)
    return row


def _check_basis(session: Session, row: Evaluation, current_basis: Sequence[int] | None) -> None:
    """The item evaluations an overall rating was computed from must still be in force when it is published."""
    if row.basis_ids is None:
        return
    if current_basis is not None and (added := sorted(set(current_basis) - set(row.basis_ids))):
        listed = ", ".join(map(str, added))
        raise EvaluationRefused(
            f"item evaluations were recorded after overall rating {row.id} was computed (ids {listed}): "
            "record the overall rating again"
        )
    replaced = _superseded_ids(session, row.document_id)
    changed = sorted(i for i in row.basis_ids if i in replaced)
    if changed:
        listed = ", ".join(map(str, changed))
        raise EvaluationRefused(
            f"the item evaluations overall rating {row.id} was computed from were replaced since (ids {listed}): "
            "record the overall rating again"
        )


def supersede(
    session: Session, evaluation_id: int, entry: EvaluationInput, reason: str, rules: RecordRules | None = None
) -> Evaluation:
    """A new evaluation replacing the published one in force; the old row stays as it was, in the history.

    The new one obeys every rule a record obeys (reason, improvement, departure reason, uplift, S,
    the period, self before ministry); its unit, year, stage and evaluator are the old one's.
    """
    rules = rules or RecordRules()
    old = session.get(Evaluation, evaluation_id)
    if old is None:
        raise EvaluationRefused(f"no evaluation with id {evaluation_id}")
    if not reason.strip():
        raise EvaluationRefused("superseding a published evaluation needs a reason")
    current = in_force(
        session, old.document_id, old.unit_key, fiscal_year=old.fiscal_year, stage=old.stage, evaluator=old.evaluator
    )
    if current is None or current.id != old.id:
        newer = f" by id {current.id}: supersede that one" if current is not None else ""
        raise EvaluationRefused(f"evaluation {evaluation_id} is no longer in force (replaced{newer})")
    if not old.published:
        raise EvaluationRefused(f"evaluation {evaluation_id} is not published: record a new one instead")
    if old.level == "item" and rules.publish_locks_basis and (lock := locking_overall(session, old)):
        raise _locked(old, lock, "差し替えることは")
    entry = replace(
        entry,
        author=actor_name(entry.author, "--author"),
        document_id=old.document_id,
        unit_key=old.unit_key,
        unit_id=old.unit_id,
        stage=old.stage,
        fiscal_year=old.fiscal_year,
        evaluator=old.evaluator,
    )
    check(entry)
    _check_period(session, entry)
    _check_order(session, entry, rules)
    row = _new_row(entry, old.level, old, reason)
    session.add(row)
    session.flush()
    _audit(session, entry.author, "evaluation.supersede", row, supersedes=old.id, reason=reason)
    return row
