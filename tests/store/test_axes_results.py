"""R&D results against the axes table (issue 11, "Why": R&D results against evaluation axes and
indicators cannot be entered — the template has no rows for them): the results template has a
row per year for every evaluation indicator and monitoring indicator of the table, and the
import takes them, versioned like every figure."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from hyoka.evaluate.results_file import read_results_file
from hyoka.report.results_template import HEADERS, template_rows, write_template
from hyoka.settings import Settings
from hyoka.store import extracts as x
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.results import ResultImportError, ResultRow, import_results
from hyoka.store.store import Store

OCEAN = Path(str(resources.files("hyoka.samples").joinpath("demo", "chuchoki-kaiyo.txt")))


@pytest.fixture
def ocean(sessions: Database, settings: Settings) -> int:
    outcome = ingest_file(sessions, OCEAN, settings)
    assert outcome.status == "stored", outcome.error
    return outcome.stored[0].id


def _entries(sessions: Database, document: int) -> list[x.AxesEntry]:
    with sessions() as session:
        query = (
            select(x.AxesEntry)
            .join(x.AxesRow, x.AxesEntry.row_id == x.AxesRow.id)
            .where(x.AxesRow.document_id == document)
            .order_by(x.AxesRow.position, x.AxesEntry.position)
        )
        return list(session.scalars(query))


def test_the_template_has_a_row_for_every_evaluation_and_monitoring_indicator(
    sessions: Database, ocean: int, tmp_path: Path
) -> None:
    entries = [e for e in _entries(sessions, ocean) if e.kind in ("evaluation", "monitoring")]
    assert len(entries) > 10
    store = Store(sessions)
    rows = [r for r in template_rows(store, ocean) if r.axes_entry_id is not None]
    assert {r.axes_entry_id for r in rows} == {e.id for e in entries}
    assert len(rows) == len(entries) * 7  # 令和7年度〜令和13年度
    first = next(r for r in rows if r.axes_entry_id == entries[0].id)
    assert first.indicator == entries[0].text
    assert first.scope == "評価指標"
    assert first.item.startswith("１．")
    assert {r.scope for r in rows} == {"評価指標", "モニタリング指標"}
    assert not [e for e in _entries(sessions, ocean) if e.kind == "axis" and e.id in {r.axes_entry_id for r in rows}]
    path = write_template(rows, tmp_path / "t.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert tuple(c.value for c in sheet[1]) == HEADERS
    assert HEADERS[-1] == "評価軸指標ID"


def test_axes_indicator_results_import_and_are_read_back(sessions: Database, ocean: int, tmp_path: Path) -> None:
    store = Store(sessions)
    rows = [r for r in template_rows(store, ocean) if r.axes_entry_id is not None]
    path = write_template(rows, tmp_path / "t.xlsx", "xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    evaluation = next(r for r in rows if r.scope == "評価指標")
    monitoring = next(r for r in rows if r.scope == "モニタリング指標")
    for cells in sheet.iter_rows(min_row=2):
        if cells[-1].value in (evaluation.axes_entry_id, monitoring.axes_entry_id) and cells[8].value == 2025:
            cells[9].value = 12 if cells[-1].value == evaluation.axes_entry_id else 3400
    book.save(path)
    read = read_results_file(path)
    assert [(r.axes_entry_id, r.fiscal_year, r.value) for r in read] == [
        (str(evaluation.axes_entry_id), 2025, 12),
        (str(monitoring.axes_entry_id), 2025, 3400),
    ]
    with sessions.begin() as session:
        import_results(session, read, entered_by="研究推進部", source=str(path))
    with sessions.begin() as session:  # a correction
        import_results(
            session,
            [ResultRow(2, None, 2025, 14, axes_entry_id=evaluation.axes_entry_id)],
            entered_by="研究推進部",
            source="fix.csv",
        )
    assert evaluation.axes_entry_id is not None
    assert monitoring.axes_entry_id is not None
    assert store.axes_results(ocean) == {
        evaluation.axes_entry_id: {2025: 14.0},
        monitoring.axes_entry_id: {2025: 3400.0},
    }
    indicators = {i.id: i for i in store.axes_indicators(ocean)}
    assert indicators[monitoring.axes_entry_id].kind == "monitoring"
    assert indicators[monitoring.axes_entry_id].text == monitoring.indicator
    assert indicators[monitoring.axes_entry_id].row_title


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ResultRow(4, None, 2025, 1, axes_entry_id=99999),
            "row 4: unknown evaluation or monitoring indicator id 99999",
        ),
        (
            ResultRow(4, None, 2040, 1, axes_entry_id="EVAL"),
            "row 4: fiscal year 2040 is outside the objective period (2025–2031)",
        ),
        (
            ResultRow(4, None, 2025, 1, axes_entry_id="AXIS"),
            "is an evaluation axis (評価軸), not an indicator: it takes no figure",
        ),
    ],
)
def test_a_bad_axes_row_is_refused_naming_it(sessions: Database, ocean: int, row: ResultRow, message: str) -> None:
    entries = _entries(sessions, ocean)
    ids = {
        "EVAL": next(e.id for e in entries if e.kind == "evaluation"),
        "AXIS": next(e.id for e in entries if e.kind == "axis"),
    }
    given = ids.get(str(row.axes_entry_id), row.axes_entry_id)
    bad = ResultRow(row.row, None, row.fiscal_year, row.value, axes_entry_id=given)
    with pytest.raises(ResultImportError) as refused, sessions.begin() as session:
        import_results(session, [bad], entered_by="研究推進部", source="r.csv")
    assert message in str(refused.value.errors[0])
