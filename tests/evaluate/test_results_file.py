"""The results template round trip: written, filled in, read back, imported — or refused by row."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.evaluate.results_file import read_results_file
from hyoka.report.results_template import HEADERS, template_rows, write_template
from hyoka.settings import Settings
from hyoka.sources import SourceError
from hyoka.store.database import open_database
from hyoka.store.ingest import ingest_file
from hyoka.store.results import current_results, import_results, indicator_results
from hyoka.store.store import Store

DOC = """\
国立研究開発法人架空医療機構が達成すべき業務運営に関する目標
Ⅰ．政策体系における法人の位置付け及び役割
役割を述べる。
Ⅱ．中長期目標の期間
中長期目標の期間は、令和８年４月から令和13年３月までの５年間とする。
Ⅲ．研究開発の成果の最大化に関する事項
（１）実用化の推進
【アウトカム指標】
成果の社会実装を、以下の定量情報で観測する。
・ 薬事承認件数
＜アウトプット指標＞
○ 企業導出件数
120件／年
"""


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Settings, int]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hyoka.sqlite'}")
    source = tmp_path / "doc.txt"
    source.write_text(DOC, encoding="utf-8")
    with open_database(settings) as sessions:
        outcome = ingest_file(sessions, source, settings)
    assert outcome.status == "stored", outcome.error
    return settings, outcome.stored[0].id


def test_template_has_targets_and_indicators(stored: tuple[Settings, int], tmp_path: Path) -> None:
    settings, doc = stored
    with Store.open(settings) as store:
        rows = template_rows(store, doc)
    assert [(r.indicator, r.fiscal_year) for r in rows][:2] == [("企業導出件数", 2026), ("企業導出件数", 2027)]
    assert sum(r.target_id is not None for r in rows) == 5
    assert sum(r.indicator_id is not None for r in rows) == 5
    path = write_template(rows, tmp_path / "t.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert tuple(c.value for c in sheet[1]) == HEADERS
    assert sheet.freeze_panes == "A2"


def test_filled_template_imports_targets_and_indicators(stored: tuple[Settings, int], tmp_path: Path) -> None:
    settings, doc = stored
    with open_database(settings) as sessions:
        rows = template_rows(Store(sessions), doc)
        path = write_template(rows, tmp_path / "t.csv", "csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        for row in table[1:]:
            if row[8] in ("2026", "2027"):
                row[9] = "１２５" if row[0] else "3"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(table)
        read = read_results_file(path)
        assert len(read) == 4
        with sessions.begin() as session:
            import_results(session, read, entered_by="企画課", source=str(path))
        with sessions() as session:
            target_id = next(r.target_id for r in rows if r.target_id)
            indicator_id = next(r.indicator_id for r in rows if r.indicator_id)
            assert target_id is not None
            assert indicator_id is not None
            assert current_results(session, target_id) == {2026: 125.0, 2027: 125.0}
            assert indicator_results(session, indicator_id) == {2026: 3.0, 2027: 3.0}
        assert Store(sessions).indicator_results(doc) == {indicator_id: {2026: 3.0, 2027: 3.0}}


def test_cli_refuses_a_file_with_bad_rows_naming_them(stored: tuple[Settings, int], tmp_path: Path) -> None:
    settings, _ = stored
    path = tmp_path / "bad.csv"
    path.write_text("目標ID,年度,実績値\n1,2026,120\n1,2040,130\n999,2026,1\n1,2027,たくさん\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["results", "import", str(path), "--by", "企画課"], env={"HYOKA_DATABASE_URL": settings.database_url}
    )
    assert result.exit_code == 2
    assert f"{path}:3" in result.output
    assert "outside the objective period" in result.output
    assert f"{path}:4" in result.output
    assert f"{path}:5" in result.output
    with open_database(settings) as sessions, sessions() as session:
        assert current_results(session, 1) == {}


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("名前,値\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing column"):
        read_results_file(path)


def test_a_formula_that_excel_never_computed_is_refused_naming_its_cell(tmp_path: Path) -> None:
    """A workbook written by a program keeps a formula without the value Excel would store; read
    as "empty", the row was skipped and the import said it succeeded (issue 8, defect 6)."""
    path = tmp_path / "filled.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["目標ID", "年度", "実績値"])
    sheet.append([1, 2026, 120])
    sheet.append([1, 2027, "=B2*2"])  # openpyxl stores the formula, never a computed value
    book.save(path)
    with pytest.raises(SourceError, match=r"cell C3 holds the formula =B2\*2 but no computed value") as refused:
        read_results_file(path)
    assert str(path) in str(refused.value)
    assert refused.value.line == 3
