"""The evaluation cycle on a stored document (issue 11): stages, plan values, R&D by item, the R&D cap
from a management-failure finding, the order of records, unit names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hyoka.evaluate.policy import default_policy
from hyoka.evaluate.service import (
    RatingChoice,
    UnitNameRefused,
    compute_overall,
    propose_units,
    publish_rating,
    record_rating,
    resolve_unit,
    supersede_rating,
)
from hyoka.evaluate.stages import StageRefused
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import catalog
from hyoka.store.database import Database, open_database
from hyoka.store.findings import record_finding, withdraw_finding
from hyoka.store.ingest import ingest_file
from hyoka.store.plans import PlanRow, import_plan_values
from hyoka.store.ratings import EvaluationRefused
from hyoka.store.results import ResultRow, import_results
from tests.corpus_support import require_corpus

CONSULTING = "技術相談・技術支援の充実"
UNITS = (
    CONSULTING,
    "研究開発の推進",
    "人材育成及び成果の普及",
    "第４ 業務運営の効率化に関する事項",
    "第５ 財務内容の改善に関する事項",
    "第６ その他業務運営に関する重要事項",
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hyoka.sqlite'}")
    with open_database(settings) as database:
        outcome = ingest_file(database, sample_path(), settings)
        yield database, outcome.stored[0].id


def results(database: Database, figures: dict[int, float], target: int = 1) -> None:
    rows = [ResultRow(n, target, year, value) for n, (year, value) in enumerate(figures.items(), start=2)]
    with database.begin() as session:
        import_results(session, rows, entered_by="企画部", source="test")


def consulting(database: Database, doc: int, year: int, stage: str = "annual"):  # type: ignore[no-untyped-def]
    with database.read() as session:
        units = propose_units(session, doc, year, default_policy(), stage=stage)
    return resolve_unit(units, CONSULTING)


def test_period_end_judges_every_year_of_a_per_year_target(db: tuple[Database, int]) -> None:
    database, doc = db
    results(database, {2026: 64.0, 2027: 80.0, 2028: 80.0, 2029: 80.0, 2030: 104.0})
    annual = consulting(database, doc, 2030)
    end = consulting(database, doc, 2030, "period_end")
    assert annual is not None
    assert end is not None
    first = annual.targets[0].achievement
    assert first.ratio == pytest.approx(1.3)
    whole = end.targets[0].achievement
    assert whole.ratio == pytest.approx(1.02)
    assert "令和8年度 80.0%" in whole.explanation
    with pytest.raises(StageRefused, match="FY2029"), database.read() as session:
        propose_units(session, doc, 2027, default_policy(), stage="expected")


def test_achievement_against_the_plan_where_one_is_entered(db: tuple[Database, int]) -> None:
    database, doc = db
    results(database, {2026: 84.0, 2027: 84.0})
    with database.begin() as session:
        import_plan_values(
            session, [PlanRow(2, 1, 2026, "年度計画", 84.0, "%")], entered_by="企画部", source="plan.csv"
        )
    planned = consulting(database, doc, 2026)
    unplanned = consulting(database, doc, 2027)
    assert planned is not None
    assert unplanned is not None
    target = planned.targets[0]
    assert target.achievement.ratio == pytest.approx(1.0)
    assert target.plan is not None
    assert target.plan.name == "年度計画"
    assert "年度計画（令和8年度）の計画値 84 に対して判定" in target.achievement.explanation
    other = unplanned.targets[0]
    assert other.achievement.ratio == pytest.approx(84 / 80)
    assert other.plan is None
    assert "計画値の入力がないため、目標の値に対して判定" in other.achievement.explanation


def test_rd_work_is_recognised_by_item_and_its_proposals_are_advisory(db: tuple[Database, int]) -> None:
    database, doc = db
    with database.read() as session:
        units = {u.unit.key: u for u in propose_units(session, doc, 2026, default_policy())}
    assert units["研究開発の推進"].is_rd  # under a 研究開発 heading, in a 中期目標管理法人
    assert units["研究開発の推進"].proposal.advisory
    assert units[CONSULTING].is_rd  # an item with evaluation axes
    assert not units["第４ 業務運営の効率化に関する事項"].is_rd


def rate(database: Database, doc: int, unit: str, rating: str, **extra: object) -> int:
    choice = RatingChoice(rating, "根拠", "評価担当", **extra)  # type: ignore[arg-type]
    with database.begin() as session:
        return record_rating(session, doc, unit, year=2026, evaluator="self", choice=choice, policy=default_policy()).id


def test_a_management_failure_finding_caps_the_rd_overall(db: tuple[Database, int]) -> None:
    database, doc = db
    rate(database, doc, CONSULTING, "C", improvement="体制の見直し")
    for unit in UNITS[1:]:
        rate(database, doc, unit, "S", qualitative_s=True)
    with database.read() as session:
        free, _ = compute_overall(session, doc, 2026, evaluator="self", policy=default_policy())
    assert (free.grade, free.capped) == ("A", False)
    with database.begin() as session:
        finding = record_finding(
            session,
            doc,
            CONSULTING,
            fiscal_year=2026,
            stage="annual",
            evaluator="self",
            reason="内部統制の不備",
            by="評価担当",
        )
    with database.read() as session:
        capped, _ = compute_overall(session, doc, 2026, evaluator="self", policy=default_policy())
    assert (capped.grade, capped.capped) == ("B", True)
    assert any("マネジメントの不備" in line for line in capped.trace)
    with database.begin() as session:
        withdraw_finding(session, finding.id, by="評価担当", reason="事実誤認")
    with database.read() as session:
        again, _ = compute_overall(session, doc, 2026, evaluator="self", policy=default_policy())
    assert again.grade == "A"


def test_publishing_the_ministry_overall_needs_every_unit_and_locks_them(db: tuple[Database, int]) -> None:
    database, doc = db
    policy = default_policy()

    def record(unit: str, evaluator: str, rating: str = "B") -> int:
        with database.begin() as session:
            choice = RatingChoice(rating, "根拠", "評価担当")
            return record_rating(session, doc, unit, year=2026, evaluator=evaluator, choice=choice, policy=policy).id

    for unit in (*UNITS, "総合"):
        record(unit, "self")
    record(CONSULTING, "ministry")
    overall = record("総合", "ministry")
    with pytest.raises(EvaluationRefused, match="研究開発の推進"), database.begin() as session:
        publish_rating(session, overall, "経済産業大臣", policy=policy)
    for unit in UNITS[1:]:
        record(unit, "ministry")
    with pytest.raises(EvaluationRefused, match="recorded after overall rating"), database.begin() as session:
        publish_rating(session, overall, "経済産業大臣", policy=policy)  # computed before the units were rated
    overall = record("総合", "ministry")
    with database.begin() as session:
        publish_rating(session, overall, "経済産業大臣", policy=policy)
    with pytest.raises(EvaluationRefused, match="locked"):
        record(CONSULTING, "ministry")
    with pytest.raises(EvaluationRefused, match="departs from the proposed B"), database.begin() as session:
        supersede_rating(
            session, overall, choice=RatingChoice("A", "見直し", "評価担当"), why="誤りの訂正", policy=policy
        )
    with database.begin() as session:
        choice = RatingChoice("A", "見直し", "評価担当", departure_reason="重大な成果の見落とし")
        newer = supersede_rating(session, overall, choice=choice, why="誤りの訂正", policy=policy)
    assert newer.supersedes_id == overall


def test_units_are_named_by_title_and_ambiguous_names_are_refused(db: tuple[Database, int]) -> None:
    database, doc = db
    with database.read() as session:
        units = propose_units(session, doc, 2026, default_policy())
    found = resolve_unit(units, "業務運営の効率化に関する事項")
    assert found is not None
    assert found.unit.key == "第４ 業務運営の効率化に関する事項"
    assert resolve_unit(units, "総合") is None
    twin = [units[0], units[0]]
    with pytest.raises(UnitNameRefused, match=f"ambiguous.*「{CONSULTING}」"):
        resolve_unit([*twin[:1], *twin[1:]], "技術相談・技術支援の充実 ")
    with pytest.raises(UnitNameRefused, match="no evaluation unit"):
        resolve_unit(units, "存在しない")


@pytest.mark.corpus
def test_a_restated_target_counts_once(tmp_path: Path) -> None:
    """The GPIF objectives restate 一般管理費及び業務経費の合計 for new expenses: one target in the mean."""
    corpus = require_corpus()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'corpus.sqlite'}")
    with open_database(settings) as database:
        stored = ingest_file(database, corpus, settings).stored
        with database.read() as session:
            gpif = next(d.id for d in stored if "年金積立金" in (catalog.document(session, d.id).agency or ""))  # type: ignore[union-attr]
            units = propose_units(session, gpif, 2025, default_policy())
    efficiency = next(u for u in units if u.unit.key == "第４ 業務運営の効率化に関する事項")
    restated = [t.indicator for t in efficiency.targets if t.restated]
    assert restated == ["一般管理費及び業務経費の合計"]
    assert any("再掲" in line and "1回だけ" in line for line in efficiency.proposal.trace)
