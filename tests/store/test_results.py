"""Results imports: all-or-nothing validation with row numbers, corrections as versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hyoka.report.results_template import template_rows
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
from hyoka.store.store import Store


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
        # issue 8, defect 6: beyond a float, not a number, infinite, a negative count, twice
        (ResultRow(5, None, 2027, "1e400"), "value '1e400' is not a number"),
        (ResultRow(5, None, 2027, "9" * 400), "is out of range (a finite number of at most 10^15 is expected)"),
        (ResultRow(5, None, 2027, "NaN"), "value 'NaN' is not a number"),
        (ResultRow(5, None, 2027, float("inf")), "value inf is out of range"),
        (ResultRow(5, None, 2027, -5), "is negative, which a figure in 件 cannot be"),
        (ResultRow(5, None, 2026, 900), "the same target and fiscal year 2026 as row 2"),
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


# --- the baseline year (issue 11, "Why": a by-final-year target whose baseline is not written in
# the document cannot be judged mid-period: the year before the period cannot be entered) ----------

BY_FINAL_YEAR = """\
国立研究開発法人架空基準機構が達成すべき業務運営に関する目標
Ⅰ．政策体系における法人の位置付け及び役割
役割を述べる。
Ⅱ．中長期目標の期間
中長期目標の期間は、令和８年４月から令和13年３月までの５年間とする。
Ⅲ．研究開発の成果の最大化に関する事項
（１）標準化の推進
中長期目標期間の最終年度までに、国際標準の提案件数を年間40件以上とする。
（２）人材の育成
研修の満足度を令和12年度までに90%以上とする。
"""


@pytest.fixture
def final_year(sessions: Database, settings: Settings, tmp_path: Path) -> dict[str, x.Target]:
    source = tmp_path / "final.txt"
    source.write_text(BY_FINAL_YEAR, encoding="utf-8")
    assert ingest_file(sessions, source, settings).status == "stored"
    with sessions() as session:
        rows = session.scalars(select(x.Target).options(selectinload(x.Target.baselines)))
        return {row.indicator: row for row in rows}


def test_the_year_before_the_period_is_the_baseline_of_a_target_without_one(
    sessions: Database, final_year: dict[str, x.Target]
) -> None:
    satisfaction = final_year["研修の満足度"]
    assert (satisfaction.scope, satisfaction.baselines) == ("by_final_year", [])
    with sessions.begin() as session:
        import_results(
            session,
            [ResultRow(2, satisfaction.id, "令和７年度", 70, "%"), ResultRow(3, satisfaction.id, 2026, 75)],
            entered_by="planning",
            source="baseline.csv",
        )
    with sessions() as session:
        assert current_results(session, satisfaction.id) == {2025: 70.0, 2026: 75.0}
    rows = template_rows(Store(sessions), satisfaction.document_id)  # the template offers the row to fill in
    years = [r.fiscal_year for r in rows if r.target_id == satisfaction.id]
    assert years == [2025, 2026, 2027, 2028, 2029, 2030]


@pytest.mark.parametrize(
    ("indicator", "year", "message"),
    [
        (
            "研修の満足度",
            2024,
            "row 4: fiscal year 2024 is outside the objective period (2026–2030; 2025 as the baseline)",
        ),
        (
            "研修の満足度",
            2031,
            "row 4: fiscal year 2031 is outside the objective period (2026–2030; 2025 as the baseline)",
        ),
        ("国際標準の提案件数", 2025, "row 4: fiscal year 2025 is outside the objective period (2026–2030)"),
    ],
)
def test_other_years_outside_the_period_are_still_refused(
    sessions: Database, final_year: dict[str, x.Target], indicator: str, year: int, message: str
) -> None:
    with pytest.raises(ResultImportError) as refused, sessions.begin() as session:
        import_results(session, [ResultRow(4, final_year[indicator].id, year, 1)], entered_by="p", source="r.csv")
    assert [str(e) for e in refused.value.errors] == [message]


def test_a_target_with_a_written_baseline_takes_no_baseline_year(
    sessions: Database, targets: dict[str, x.Target]
) -> None:
    rate = targets["受付から10営業日以内に回答した技術相談の割合"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(x.Baseline).where(x.Baseline.target_id == rate.id))
    with pytest.raises(ResultImportError) as refused, sessions.begin() as session:
        import_results(session, [ResultRow(2, rate.id, 2025, 75)], entered_by="p", source="r.csv")
    assert "outside the objective period" in refused.value.errors[0].message
