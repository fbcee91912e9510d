"""Order and finality of evaluations (issue 11, items 2 and 3): the rules a record and a supersede obey."""

from __future__ import annotations

import dataclasses

import pytest

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.ratings import (
    OVERALL,
    EvaluationInput,
    EvaluationRefused,
    RecordRules,
    in_force,
    publish,
    record_evaluation,
    supersede,
)
from hyoka.store.recorded import rating_history, standing_ratings

UNIT = "技術相談・技術支援の充実"


@pytest.fixture
def entry(sessions: Database, settings: Settings) -> EvaluationInput:
    outcome = ingest_file(sessions, sample_path(), settings)
    return EvaluationInput(
        document_id=outcome.stored[0].id,
        unit_key=UNIT,
        unit_id=None,
        stage="annual",
        fiscal_year=2026,
        evaluator="self",
        rating="B",
        reason="目標を達成した。",
        author="評価担当",
        proposed_rating="B",
    )


def ministry(entry: EvaluationInput, **change: object) -> EvaluationInput:
    return dataclasses.replace(entry, evaluator="ministry", author="経済産業省", **change)  # type: ignore[arg-type]


def test_a_ministry_rating_needs_the_self_evaluation_first(sessions: Database, entry: EvaluationInput) -> None:
    with pytest.raises(EvaluationRefused, match=r"after the agency's self-evaluation"), sessions.begin() as session:
        record_evaluation(session, ministry(entry))
    with sessions.begin() as session:
        record_evaluation(session, entry)
        assert record_evaluation(session, ministry(entry)).evaluator == "ministry"


def test_a_year_outside_the_period_is_refused(sessions: Database, entry: EvaluationInput) -> None:
    outside = r"FY1999 is outside the objective period FY2026–FY2030"
    with pytest.raises(EvaluationRefused, match=outside), sessions.begin() as session:
        record_evaluation(session, dataclasses.replace(entry, fiscal_year=1999))


def test_exactly_one_in_force_and_repeated_supersedes_publish_one_at_a_time(
    sessions: Database, entry: EvaluationInput
) -> None:
    overall = dataclasses.replace(entry, unit_key=OVERALL, computed_rating="B", proposed_rating=None)
    with sessions.begin() as session:
        first = record_evaluation(session, overall)
        second = record_evaluation(session, dataclasses.replace(overall, reason="書き直し"))
        assert second.supersedes_id == first.id
        publish(session, second.id, "経済産業大臣")
        ids = [second.id]
        for n in range(3):
            newer = supersede(session, ids[-1], dataclasses.replace(overall, reason=f"訂正{n}"), f"訂正{n}")
            publish(session, newer.id, "経済産業大臣")
            ids.append(newer.id)
        current = in_force(session, entry.document_id, OVERALL, fiscal_year=2026, stage="annual", evaluator="self")
        assert current is not None
        assert current.id == ids[-1]
    with pytest.raises(EvaluationRefused, match="no longer in force"), sessions.begin() as session:
        supersede(session, ids[0], overall, "古い版を置き換える")
    with pytest.raises(EvaluationRefused, match="replaced"), sessions.begin() as session:
        publish(session, first.id, "経済産業大臣")
    with sessions() as session:
        standing = standing_ratings(session, entry.document_id, 2026, "annual")
        assert standing[(OVERALL, "self")].id == ids[-1]
        history = rating_history(session, entry.document_id, 2026, "annual")
    rows = [h for h in history if h.unit_key == OVERALL]
    assert [h.id for h in rows] == [first.id, *ids]
    assert [h.in_force for h in rows] == [False, False, False, False, True]
    assert [h.published for h in rows] == [False, True, True, True, True]
    assert rows[1].replaced_by == ids[1]
    assert rows[2].replaced_reason == "訂正1"
    assert rows[2].replaced_by_author == "評価担当"
    assert rows[2].replaced_at is not None


def test_a_supersede_obeys_the_departure_reason_rule(sessions: Database, entry: EvaluationInput) -> None:
    with sessions.begin() as session:
        row = record_evaluation(session, entry)
        publish(session, row.id, "理事長")
    lower = dataclasses.replace(entry, rating="C", improvement="体制強化")
    with pytest.raises(EvaluationRefused, match="departs from the proposed B"), sessions.begin() as session:
        supersede(session, row.id, lower, "誤りの訂正")
    with sessions.begin() as session:
        newer = supersede(session, row.id, dataclasses.replace(lower, departure_reason="実績の誤り"), "誤りの訂正")
        assert newer.supersede_reason == "誤りの訂正"


def test_the_ministry_overall_needs_every_unit_and_publishing_locks_its_basis(
    sessions: Database, entry: EvaluationInput
) -> None:
    with sessions.begin() as session:
        record_evaluation(session, entry)
        item = record_evaluation(session, ministry(entry))
        record_evaluation(session, dataclasses.replace(entry, unit_key=OVERALL, proposed_rating=None))
        overall = record_evaluation(
            session, ministry(entry, unit_key=OVERALL, proposed_rating=None, computed_rating="B", basis_ids=(item.id,))
        )
    unrated = "units have no ministry rating: 研究開発の推進"
    with pytest.raises(EvaluationRefused, match=unrated), sessions.begin() as session:
        publish(session, overall.id, "経済産業大臣", unrated=["研究開発の推進"])
    with sessions.begin() as session:
        publish(session, overall.id, "経済産業大臣")
    locked = rf"locked: the published overall rating id {overall.id}"
    with pytest.raises(EvaluationRefused, match=locked), sessions.begin() as session:
        record_evaluation(session, ministry(entry, reason="書き換え"))


def test_publishing_an_overall_whose_items_changed_is_refused(sessions: Database, entry: EvaluationInput) -> None:
    with sessions.begin() as session:
        item = record_evaluation(session, entry)
        overall = record_evaluation(
            session, dataclasses.replace(entry, unit_key=OVERALL, proposed_rating=None, basis_ids=(item.id,))
        )
        record_evaluation(session, dataclasses.replace(entry, reason="書き直し"))
    with pytest.raises(EvaluationRefused, match="record the overall rating again"), sessions.begin() as session:
        publish(session, overall.id, "理事長")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # B → A with only a departure reason: the uplift needs its own reason
        ({"rating": "A", "departure_reason": "困難な目標を達成"}, "needs its own reason"),
        # S at 100 %: below the floor
        ({"rating": "S", "qualitative_s": True, "basis_ratio": 1.0, "uplift_reason": "困難"}, "at least 120.0%"),
        # two grades
        ({"proposed_rating": "C", "improvement": "x", "rating": "A", "uplift_reason": "困難"}, "at most 1 grade"),
        # not marked
        ({"rating": "A", "uplift_reason": "困難", "uplift_allowed": False}, "not marked"),
    ],
)
def test_the_uplift_is_a_rule_of_its_own(
    sessions: Database, entry: EvaluationInput, change: dict[str, object], message: str
) -> None:
    facts = dataclasses.replace(entry, uplift_allowed=True, s_floor=1.2, basis_ratio=1.05)
    with pytest.raises(EvaluationRefused, match=message), sessions.begin() as session:
        record_evaluation(session, dataclasses.replace(facts, **change))  # type: ignore[arg-type]


def test_an_uplift_with_its_reason_is_not_a_departure(sessions: Database, entry: EvaluationInput) -> None:
    facts = dataclasses.replace(entry, uplift_allowed=True, s_floor=1.2, basis_ratio=0.9, proposed_rating="C")
    with sessions.begin() as session:
        row = record_evaluation(session, dataclasses.replace(facts, rating="B", uplift_reason="人材確保が困難な中で"))
        assert (row.rating, row.departure_reason) == ("B", None)
        s = record_evaluation(
            session,
            dataclasses.replace(facts, rating="S", qualitative_s=True, basis_ratio=1.3, proposed_rating="A"),
        )
        assert s.rating == "S"
        advisory = record_evaluation(
            session, dataclasses.replace(facts, rating="A", advisory=True, departure_reason="研究成果が顕著")
        )
        assert advisory.rating == "A"
        rd_uplift = record_evaluation(
            session, dataclasses.replace(facts, rating="B", advisory=True, uplift_reason="困難度「高」の研究")
        )
        assert rd_uplift.departure_reason is None
    with pytest.raises(EvaluationRefused, match="departs"), sessions.begin() as session:
        record_evaluation(
            session, dataclasses.replace(facts, rating="C", proposed_rating="A", advisory=True, improvement="x")
        )


def _published_overall_over_a_published_item(sessions: Database, entry: EvaluationInput) -> tuple[int, int]:
    with sessions.begin() as session:
        record_evaluation(session, entry)
        item = record_evaluation(session, ministry(entry))
        publish(session, item.id, "経済産業大臣")
        record_evaluation(session, dataclasses.replace(entry, unit_key=OVERALL, proposed_rating=None))
        overall = record_evaluation(
            session, ministry(entry, unit_key=OVERALL, proposed_rating=None, computed_rating="B", basis_ids=(item.id,))
        )
        publish(session, overall.id, "経済産業大臣")
        return item.id, overall.id


def test_publishing_the_overall_locks_its_items_against_a_supersede(sessions: Database, entry: EvaluationInput) -> None:
    """Issue 11: after the ministry's overall rating is published, an item it was computed from could
    still be superseded. The lock holds for a supersede as for a record, and the message names the
    unit, the year and the stage, in Japanese and English."""
    item_id, overall_id = _published_overall_over_a_published_item(sessions, entry)
    corrected = ministry(entry, rating="B", reason="訂正")
    with pytest.raises(EvaluationRefused) as refused, sessions.begin() as session:
        supersede(session, item_id, corrected, "誤りの訂正")
    message = str(refused.value)
    for part in (UNIT, "令和8年度", "年度評価", "FY2026", "annual", f"overall rating id {overall_id}", "公表"):
        assert part in message
    with sessions() as session:
        standing = standing_ratings(session, entry.document_id, 2026, "annual")
        assert standing[(UNIT, "ministry")].id == item_id


def test_superseding_the_overall_first_does_not_unlock_its_items(sessions: Database, entry: EvaluationInput) -> None:
    """rating-rules.md gives no way to unlock: an item a published overall rating was computed from
    stays locked after that overall rating is superseded (the policy's publish_locks_basis turns the
    lock off as a whole)."""
    item_id, overall_id = _published_overall_over_a_published_item(sessions, entry)
    overall = ministry(entry, unit_key=OVERALL, proposed_rating=None, computed_rating="B", basis_ids=(item_id,))
    with sessions.begin() as session:
        supersede(session, overall_id, dataclasses.replace(overall, reason="訂正"), "記載漏れの訂正")
    corrected = ministry(entry, reason="訂正")
    locked = rf"locked: the published overall rating id {overall_id}"
    with pytest.raises(EvaluationRefused, match=locked), sessions.begin() as session:
        supersede(session, item_id, corrected, "誤りの訂正")
    with sessions.begin() as session:
        newer = supersede(session, item_id, corrected, "誤りの訂正", RecordRules(publish_locks_basis=False))
        assert newer.supersedes_id == item_id
