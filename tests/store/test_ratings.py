"""Recording evaluations: required reasons, finality of published ratings, the audit trail."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, Evaluation
from hyoka.store.ingest import ingest_file
from hyoka.store.ratings import EvaluationInput, EvaluationRefused, publish, record_evaluation, supersede


@pytest.fixture
def entry(sessions: Database, settings: Settings) -> EvaluationInput:
    outcome = ingest_file(sessions, sample_path(), settings)
    return EvaluationInput(
        document_id=outcome.stored[0].id,
        unit_key="技術相談・技術支援の充実",
        unit_id=None,
        stage="annual",
        fiscal_year=2026,
        evaluator="self",
        rating="B",
        reason="目標を達成した。",
        author="経済産業省 評価担当",
        proposed_rating="B",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": " "}, "written reason"),
        ({"rating": "C", "proposed_rating": "C"}, "improvement"),
        ({"rating": "D", "proposed_rating": "D", "improvement": ""}, "improvement"),
        ({"rating": "C", "improvement": "体制強化"}, "departs from the proposed B"),
        ({"rating": "A", "departure_reason": "困難"}, "difficulty uplift"),
        ({"rating": "S", "proposed_rating": "S"}, "qualitative judgement"),
        ({"rating": "E"}, "rating must be one of"),
        ({"stage": "monthly"}, "stage must be"),
    ],
)
def test_rules_of_the_guideline(
    sessions: Database, entry: EvaluationInput, change: dict[str, object], message: str
) -> None:
    with pytest.raises(EvaluationRefused, match=message), sessions.begin() as session:
        record_evaluation(session, dataclasses.replace(entry, **change))  # type: ignore[arg-type]


def test_departures_and_s_with_their_reasons(sessions: Database, entry: EvaluationInput) -> None:
    with sessions.begin() as session:
        a = record_evaluation(session, dataclasses.replace(entry, rating="A", uplift_reason="困難度「高」の目標を達成"))
        c = record_evaluation(
            session,
            dataclasses.replace(entry, stage="expected", fiscal_year=2029, rating="C", improvement="体制強化",
                                departure_reason="質の面で不十分"),
        )  # fmt: skip
        s = record_evaluation(
            session,
            dataclasses.replace(entry, evaluator="ministry", rating="S", qualitative_s=True, proposed_rating="A"),
        )
        assert (a.rating, c.rating, s.rating) == ("A", "C", "S")


def test_published_is_final_and_superseding_keeps_history(sessions: Database, entry: EvaluationInput) -> None:
    with sessions.begin() as session:
        first = record_evaluation(session, entry)
        publish(session, first.id, "経済産業大臣")
    with pytest.raises(EvaluationRefused, match="is published"), sessions.begin() as session:
        record_evaluation(session, dataclasses.replace(entry, reason="書き換え"))
    with pytest.raises(EvaluationRefused, match="needs a reason"), sessions.begin() as session:
        supersede(session, first.id, entry, " ")
    with sessions.begin() as session:
        newer = supersede(
            session,
            first.id,
            dataclasses.replace(entry, rating="C", proposed_rating="C", improvement="体制強化"),
            "誤りの訂正",
        )
        assert newer.supersedes_id == first.id
    with sessions() as session:
        rows = session.scalars(select(Evaluation).order_by(Evaluation.id)).all()
        assert [(r.rating, r.published) for r in rows] == [("B", True), ("C", False)]
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["evaluation.record", "evaluation.publish", "evaluation.supersede"]
