"""Results imports: all-or-nothing validation with row numbers, corrections as versions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import extracts as x
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, Result
from hyoka.store.ingest import ingest_file
from hyoka.store.results import (
    ResultImportError,
    ResultRow,
    current_results,
    import_results,
    result_history,
)


@pytest.fixture
def targets(sessions: Database, settings: Settings) -> dict[str, x.Target]:
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    with sessions() as session:
        rows = session.scalars(select(x.Target).order_by(x.Target.id)).all()
        return {row.indicator: row for row in rows}


def test_import_and_correct(sessions: Database, targets: dict[str, x.Target]) -> None:
    target = targets["技術相談件数"]
    with sessions.begin() as session:
        import_results(
            session,
            [
                ResultRow(2, target.id, "令和８年度", "1,020", "件", "業務実績報告書"),
                ResultRow(3, target.id, 2027, 980),
            ],
            entered_by="planning",
            source="r.csv",
        )
    with sessions.begin() as session:
        import_results(
            session, [ResultRow(2, str(target.id), "2026", "１，０５０")], entered_by="planning", source="fix.csv"
        )
    with sessions() as session:
        assert current_results(session, target.id) == {2026: 1050.0, 2027: 980.0}
        history = result_history(session, target.id, 2026)
        assert [(r.version, r.value) for r in history] == [(1, 1020.0), (2, 1050.0)]
        assert history[1].supersedes_id == history[0].id
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["result.add", "result.add", "result.correct"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ResultRow(5, 99999, 2026, 1), "unknown target id 99999"),
        (ResultRow(5, "abc", 2026, 1), "is not a number"),
        (ResultRow(5, None, 2040, 1), "outside the objective period"),
        (ResultRow(5, None, "そのうち", 1), "not understood"),
        (ResultRow(5, None, 2026, "多数"), "value '多数' is not a number"),
        (ResultRow(5, None, 2026, 1, "人"), "does not match the target's unit"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    sessions: Database, targets: dict[str, x.Target], row: ResultRow, message: str
) -> None:
    target = targets["技術相談件数"]
    good = ResultRow(2, target.id, 2026, 1000)
    bad = ResultRow(
        row.row, row.target_id if row.target_id is not None else target.id, row.fiscal_year, row.value, row.unit
    )
    with pytest.raises(ResultImportError) as refused, sessions.begin() as session:
        import_results(session, [good, bad], entered_by="planning", source="r.csv")
    assert [str(e) for e in refused.value.errors] == [f"row 5: {refused.value.errors[0].message}"]
    assert message in refused.value.errors[0].message
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Result)) == 0


def test_cost_efficiency_takes_the_base_year_and_money(sessions: Database, targets: dict[str, x.Target]) -> None:
    rate = next(t for t in targets.values() if t.scope == "annual_rate")
    with sessions.begin() as session:
        import_results(
            session,
            [ResultRow(2, rate.id, 2025, 1000, "百万円"), ResultRow(3, rate.id, 2026, 965, "百万円")],
            entered_by="finance",
            source="cost.xlsx",
        )
    with sessions() as session:
        assert current_results(session, rate.id) == {2025: 1000.0, 2026: 965.0}
