"""Plan values (計画値, issue 11): validated imports naming the cell, all or nothing, corrections
as versions, and the value in force per target and year (年度計画 before 中期計画)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hyoka.model.entries import PlanKind
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import extracts as x
from hyoka.store.actors import ActorRequired
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, PlanValue
from hyoka.store.ingest import ingest_file
from hyoka.store.plans import PlanImportError, PlanRow, import_plan_values
from hyoka.store.store import Store

CELLS = {"target_id": "A{n}", "fiscal_year": "H{n}", "plan_kind": "I{n}", "value": "J{n}", "unit": "F{n}"}


def row(  # noqa: PLR0917 (a row as the file reads it, left to right)
    n: int, target: int | str | None, year: int | str, kind: str | None, value: object, unit: str | None = None
) -> PlanRow:
    return PlanRow(n, target, year, kind, value, unit, cells={k: v.format(n=n) for k, v in CELLS.items()})  # type: ignore[arg-type]


@pytest.fixture
def targets(sessions: Database, settings: Settings) -> dict[str, x.Target]:
    assert ingest_file(sessions, sample_path(), settings).status == "stored"
    with sessions() as session:
        return {t.indicator: t for t in session.scalars(select(x.Target).order_by(x.Target.id))}


def test_plan_values_import_correct_and_answer_per_year(sessions: Database, targets: dict[str, x.Target]) -> None:
    target = targets["技術相談件数"]
    with sessions.begin() as session:
        written = import_plan_values(
            session,
            [
                row(2, target.id, 2026, "中期計画", "900"),
                row(3, target.id, 2027, "中期計画", 900),
                row(4, target.id, "令和８年度", "年度計画", "９５０", "件"),
            ],
            entered_by="企画課",
            source="plans.xlsx",
        )
    assert [(v.version, v.import_row) for v in written] == [(1, 2), (1, 3), (1, 4)]
    with sessions.begin() as session:  # the 年度計画 for 2026 revised: a new version
        import_plan_values(
            session, [row(2, str(target.id), 2026, "annual_plan", 980)], entered_by="企画課", source="fix.csv"
        )
    store = Store(sessions)
    values = store.plan_values(target.id)
    assert {year: (v.plan_kind, v.value, v.version) for year, v in values.items()} == {
        2026: (PlanKind.annual_plan, 980.0, 2),  # the year's own plan wins over the period's
        2027: (PlanKind.mid_term_plan, 900.0, 1),
    }
    assert values[2026].unit == "件"  # the target's unit where the file gives none
    by_kind = store.plan_values_by_kind(target.id)
    assert by_kind[2026][PlanKind.mid_term_plan].value == 900.0
    assert store.document_plan_values(target.document_id) == {target.id: values}
    history = store.plan_value_history(target.id, 2026, PlanKind.annual_plan)
    assert [(v.version, v.value) for v in history] == [(1, 950.0), (2, 980.0)]
    assert history[1].supersedes_id == history[0].id
    assert [v.plan_kind for v in store.plan_value_history(target.id, 2026)] == [
        PlanKind.mid_term_plan,
        PlanKind.annual_plan,
        PlanKind.annual_plan,
    ]
    assert store.plan_values(targets["特許出願件数"].id) == {}
    with sessions() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.table_name == "plan_values")).all()
    assert sorted(actions) == ["plan.add", "plan.add", "plan.add", "plan.correct"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row(5, 99999, 2026, "中期計画", 1), "cell A5 (目標ID): unknown target id 99999"),
        (row(5, "abc", 2026, "中期計画", 1), "cell A5 (目標ID): target id 'abc' is not a number"),
        (
            row(5, None, 2031, "中期計画", 1),
            "cell H5 (年度): fiscal year 2031 is outside the objective period (2026–2030)",
        ),
        (
            row(5, None, 2025, "中期計画", 1),
            "cell H5 (年度): fiscal year 2025 is outside the objective period (2026–2030)",
        ),
        (
            row(5, None, "そのうち", "中期計画", 1),
            "cell H5 (年度): fiscal year 'そのうち' not understood (2026, 令和8年度)",
        ),
        (
            row(5, None, 2026, "長期計画", 1),
            "cell I5 (計画区分): plan kind '長期計画' not understood (中期計画、年度計画)",
        ),
        (row(5, None, 2026, None, 1), "cell I5 (計画区分): no plan kind given (中期計画、年度計画)"),
        (row(5, None, 2026, "年度計画", "多数"), "cell J5 (計画値): value '多数' is not a number"),
        (row(5, None, 2026, "年度計画", -3), "cell J5 (計画値): value -3 is negative, which a figure in 件 cannot be"),
        (row(5, None, 2026, "年度計画", 1, "人"), "cell F5 (単位): unit '人' does not match the target's unit '件'"),
        (
            row(5, None, 2026, "中期計画", 1),
            "cell I5 (計画区分): the same target, fiscal year 2026 and 中期計画 as row 2: one value each",
        ),
    ],
)
def test_a_bad_cell_refuses_the_whole_file(
    sessions: Database, targets: dict[str, x.Target], bad: PlanRow, message: str
) -> None:
    target = targets["技術相談件数"]
    good = row(2, target.id, 2026, "中期計画", 900)
    if bad.target_id is None:
        bad = PlanRow(bad.row, target.id, bad.fiscal_year, bad.plan_kind, bad.value, bad.unit, cells=bad.cells)
    with pytest.raises(PlanImportError) as refused, sessions.begin() as session:
        import_plan_values(session, [good, bad], entered_by="企画課", source="plans.xlsx")
    assert [str(e) for e in refused.value.errors] == [message]
    assert str(refused.value) == "plans.xlsx: 1 cell(s) refused, nothing imported"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(PlanValue)) == 0


def test_every_bad_cell_is_named_and_a_row_without_cells_by_its_row(
    sessions: Database, targets: dict[str, x.Target]
) -> None:
    target = targets["技術相談件数"]
    rows = [row(2, target.id, 2040, "中期計画", 1), PlanRow(3, target.id, 2026, "年度計画", "x")]
    with pytest.raises(PlanImportError) as refused, sessions.begin() as session:
        import_plan_values(session, rows, entered_by="企画課", source="plans.csv")
    assert [str(e) for e in refused.value.errors] == [
        "cell H2 (年度): fiscal year 2040 is outside the objective period (2026–2030)",
        "row 3 (計画値): value 'x' is not a number",
    ]


def test_who_enters_is_required(sessions: Database, targets: dict[str, x.Target]) -> None:
    with pytest.raises(ActorRequired, match="--by"), sessions.begin() as session:
        import_plan_values(
            session, [row(2, targets["技術相談件数"].id, 2026, "中期計画", 1)], entered_by=" ", source="p"
        )
