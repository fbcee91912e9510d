"""`hyoka list`, `show` and `export` on a stored database, SQLite and PostgreSQL alike."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from hyoka.cli import app
from hyoka.model import Document
from hyoka.report.export import EXPORT_SCHEMA, ExportFile
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.reader import load_document

AGENCY = "日本架空技術振興機構"
OTHER_AGENCY = "日本架空海洋研究機構"
EXIT_BAD_INPUT = 2


def run(settings: Settings, *args: str) -> Result:
    env = {"HYOKA_DATABASE_URL": settings.database_url, "COLUMNS": "200", "NO_COLOR": "1"}
    return CliRunner().invoke(app, list(args), env=env)


def _report(result: Result) -> str:
    return f"exit {result.exit_code}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


@pytest.fixture
def stored(sessions: Database, settings: Settings, tmp_path: Path) -> list[int]:
    """Ids of two stored documents: the sample, and a copy of it for another (invented) agency."""
    other = tmp_path / "other-agency.txt"
    other.write_text(sample_path().read_text(encoding="utf-8").replace(AGENCY, OTHER_AGENCY), encoding="utf-8")
    ids = []
    for path in (sample_path(), other):
        outcome = ingest_file(sessions, path, settings)
        assert outcome.status == "stored", outcome.error
        ids += [document.id for document in outcome.stored]
    assert len(ids) == 2
    return ids


def _stored_documents(sessions: Database, ids: list[int]) -> list[Document]:
    with sessions() as session:
        return [load_document(session, document_id) for document_id in ids]


# --- list ---------------------------------------------------------------------------------------


def test_list_on_an_empty_database_says_how_to_ingest(sessions: Database, settings: Settings) -> None:
    result = run(settings, "list")
    assert result.exit_code == 0, _report(result)
    assert "No documents are stored yet" in result.stdout
    assert "hyoka ingest FILE" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    as_json = run(settings, "list", "--json")
    assert as_json.exit_code == 0, _report(as_json)
    assert json.loads(as_json.stdout) == []


def test_list_shows_the_stored_documents(stored: list[int], settings: Settings) -> None:
    result = run(settings, "list")
    assert result.exit_code == 0, _report(result)
    for header in ("id", "法人", "種別", "案", "期間", "版", "目標", "困難度", "評価軸", "file"):
        assert header in result.stdout
    assert AGENCY in result.stdout
    assert OTHER_AGENCY in result.stdout
    assert "中期目標" in result.stdout
    assert "2026-04–2031-03" in result.stdout
    assert "chuki-mokuhyo-sample.txt" in result.stdout
    assert result.stderr == ""


def test_list_json(stored: list[int], settings: Settings) -> None:
    result = run(settings, "list", "--json")
    assert result.exit_code == 0, _report(result)
    listing = json.loads(result.stdout)
    assert sorted(entry["id"] for entry in listing) == sorted(stored)
    sample = next(entry for entry in listing if entry["id"] == stored[0])
    assert sample["agency"] == f"独立行政法人{AGENCY}"
    assert sample["kind"] == "中期目標"
    assert sample["draft"] is True
    assert (sample["period_start"], sample["period_end"]) == ("2026-04-01", "2031-03-31")
    assert sample["version"] == 1
    assert (sample["targets"], sample["flags"], sample["axes_rows"]) == (8, 2, 3)
    assert sample["source_file"] == "chuki-mokuhyo-sample.txt"
    assert sample["superseded"] is False  # the records /api/v1/documents serves


# --- show ---------------------------------------------------------------------------------------


def test_show_prints_the_outline(stored: list[int], settings: Settings) -> None:
    result = run(settings, "show", str(stored[0]))
    assert result.exit_code == 0, _report(result)
    assert AGENCY in result.stdout
    assert OTHER_AGENCY not in result.stdout
    assert "第３" in result.stdout
    assert "定量目標" in result.stdout
    assert "【重要度：高】" in result.stdout


def test_show_json_is_the_stored_document(stored: list[int], settings: Settings, sessions: Database) -> None:
    result = run(settings, "show", str(stored[1]), "--json")
    assert result.exit_code == 0, _report(result)
    shown = Document.model_validate_json(result.stdout)
    assert shown == _stored_documents(sessions, [stored[1]])[0]
    assert shown.agency.name == OTHER_AGENCY


def test_show_an_unknown_id_fails_on_one_line(stored: list[int], settings: Settings) -> None:
    result = run(settings, "show", "999")
    assert result.exit_code == EXIT_BAD_INPUT, _report(result)
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, result.stderr
    assert message.startswith("error: ")
    assert "999" in message
    assert "Traceback" not in result.output


# --- export -------------------------------------------------------------------------------------


def test_export_json_of_all_documents(
    stored: list[int], settings: Settings, tmp_path: Path, sessions: Database
) -> None:
    path = tmp_path / "all.json"
    result = run(settings, "export", "--format", "json", "--out", str(path))
    assert result.exit_code == 0, _report(result)
    assert "Exported 2 document(s)" in result.stdout
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == EXPORT_SCHEMA
    exported = ExportFile.model_validate(data).documents
    assert sorted(exported, key=lambda d: d.id) == sorted(_stored_documents(sessions, stored), key=lambda d: d.id)


def test_export_csv_of_one_document(stored: list[int], settings: Settings, tmp_path: Path, sessions: Database) -> None:
    folder = tmp_path / "csv"
    result = run(settings, "export", "--format", "csv", "--out", str(folder), "--doc", str(stored[1]))
    assert result.exit_code == 0, _report(result)
    assert sorted(p.name for p in folder.iterdir()) == ["axes.csv", "documents.csv", "items.csv", "targets.csv"]
    (doc,) = _stored_documents(sessions, [stored[1]])
    with (folder / "documents.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:2] == ["文書ID", "法人名"]
    assert [row[:2] for row in rows[1:]] == [[doc.id, f"独立行政法人{OTHER_AGENCY}"]]
    with (folder / "targets.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.reader(stream))) - 1 == len(doc.targets)
    assert (folder / "targets.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_xlsx_in_the_order_asked(stored: list[int], settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "export.xlsx"
    args = ["export", "--format", "xlsx", "--out", str(path), "--doc", str(stored[1]), "--doc", str(stored[0])]
    result = run(settings, *args)
    assert result.exit_code == 0, _report(result)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["文書", "項目", "定量目標", "評価軸"]
    agencies = [row[1] for row in workbook["文書"].iter_rows(min_row=2, values_only=True)]
    assert agencies == [f"独立行政法人{OTHER_AGENCY}", f"独立行政法人{AGENCY}"]
    assert workbook["定量目標"].max_row == 1 + 2 * 8


def test_export_of_an_unknown_id_writes_nothing(stored: list[int], settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    result = run(settings, "export", "--format", "json", "--out", str(path), "--doc", str(stored[0]), "--doc", "999")
    assert result.exit_code == EXIT_BAD_INPUT, _report(result)
    assert "999" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not path.exists()


def test_export_refuses_a_folder_for_one_file(stored: list[int], settings: Settings, tmp_path: Path) -> None:
    result = run(settings, "export", "--format", "xlsx", "--out", str(tmp_path))
    assert result.exit_code == EXIT_BAD_INPUT, _report(result)
    assert "is a folder" in result.stderr


# --- export to standard output --------------------------------------------------------------------


@pytest.mark.parametrize("out", [None, "-"])
def test_export_json_to_standard_output(
    stored: list[int], settings: Settings, sessions: Database, tmp_path: Path, out: str | None
) -> None:
    args = ["export", "--format", "json", "--doc", str(stored[1])] + (["--out", out] if out else [])
    result = run(settings, *args)
    assert result.exit_code == 0, _report(result)
    exported = ExportFile.model_validate_json(result.stdout)  # stdout holds the export and nothing else
    assert exported.documents == _stored_documents(sessions, [stored[1]])
    assert result.stderr == ""
    assert not (Path.cwd() / "-").exists()


def test_export_one_csv_table_to_standard_output(stored: list[int], settings: Settings) -> None:
    result = run(settings, "export", "--format", "csv", "--table", "targets", "--doc", str(stored[0]))
    assert result.exit_code == 0, _report(result)
    assert not result.stdout.startswith("\ufeff")  # a stream for programs: no BOM
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["文書ID", "法人名", "項目番号"]
    assert len(rows) == 1 + 8
    assert {row[1] for row in rows[1:]} == {f"独立行政法人{AGENCY}"}


def test_export_one_csv_table_to_a_folder(stored: list[int], settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    result = run(settings, "export", "--format", "csv", "--table", "items", "--out", str(folder))
    assert result.exit_code == 0, _report(result)
    assert [p.name for p in folder.iterdir()] == ["items.csv"]
    assert (folder / "items.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "binary"),
        (["--format", "xlsx", "--out", "-"], "binary"),
        (["--format", "csv"], "--table"),
        (["--format", "json", "--table", "targets"], "--table is for --format csv"),
        (["--format", "json", "--doc", "999"], "999"),
    ],
)
def test_export_to_standard_output_refuses_what_it_cannot_write(
    stored: list[int], settings: Settings, args: list[str], message: str
) -> None:
    result = run(settings, "export", *args)
    assert result.exit_code == EXIT_BAD_INPUT, _report(result)
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_of_an_empty_database_to_standard_output(sessions: Database, settings: Settings) -> None:
    result = run(settings, "export", "--format", "json")
    assert result.exit_code == 0, _report(result)
    assert ExportFile.model_validate_json(result.stdout).documents == []
    assert "No documents are stored yet" in result.stderr


# --- list filters ---------------------------------------------------------------------------------


def test_list_filters_as_the_api_does(stored: list[int], settings: Settings) -> None:
    one = json.loads(run(settings, "list", "--agency", "架空海洋", "--json").stdout)
    assert [entry["id"] for entry in one] == [stored[1]]
    assert json.loads(run(settings, "list", "--year", "2040", "--json").stdout) == []
    assert len(json.loads(run(settings, "list", "--kind", "中期目標", "--current", "--json").stdout)) == 2
    none = run(settings, "list", "--kind", "年度目標")
    assert none.exit_code == 0, _report(none)
    assert "No stored document matches" in none.stdout
