"""`hyoka diff OLD NEW` on files and stored versions: formats, outputs and the errors of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

import hyoka.cli.diff
from hyoka.cli import app
from hyoka.samples import sample_path

EXIT_BAD_INPUT = 2
EXIT_NO_DOCUMENT = 3


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200", "NO_COLOR": "1"}


def hyoka(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled sample and a revision of it: one target's number raised, one sentence reworded."""
    text = sample_path().read_text(encoding="utf-8")
    assert "4,500 件" in text
    assert "財務基盤の安定化" in text
    revised = text.replace("4,500 件", "5,000 件", 1).replace("財務基盤の安定化", "財務基盤の一層の安定化", 1)
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(revised, encoding="utf-8")
    return old, new


def test_json_lists_the_rows_and_changes(env: dict[str, str], versions: tuple[Path, Path]) -> None:
    result = hyoka(env, "diff", str(versions[0]), str(versions[1]), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "hyoka.diff/1"
    kinds = sorted(change["kind"] for change in data["changes"])
    assert kinds == ["target_value", "text_changed", "text_changed"]
    assert data["summary"]["rows"]["changed"] == 2
    assert data["checked"] is True


def test_table_shows_only_the_amended_items(env: dict[str, str], versions: tuple[Path, Path]) -> None:
    result = hyoka(env, "diff", str(versions[0]), str(versions[1]), "--new-label", "新", "--old-label", "旧")
    assert result.exit_code == 0, result.stderr
    assert "新旧対照表" in result.stdout
    assert "5,000" in result.stdout
    assert "4,500" in result.stdout
    assert "一層の" in result.stdout
    assert "新" in result.stdout
    assert "│ 変更なし" not in result.stdout  # no row of an unchanged item
    assert "変更 3 件" in result.stdout


def test_xlsx_and_html_files(env: dict[str, str], versions: tuple[Path, Path], tmp_path: Path) -> None:
    book = tmp_path / "out" / "table.xlsx"
    result = hyoka(
        env, "diff", str(versions[0]), str(versions[1]), "--format", "xlsx", "--out", str(book), "--no-check"
    )
    assert result.exit_code == 0, result.stderr
    assert load_workbook(book).sheetnames == ["新旧対照表", "変更一覧", "指摘"]
    page = tmp_path / "table.html"
    result = hyoka(env, "diff", str(versions[0]), str(versions[1]), "--format", "html", "--out", str(page))
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<ins>" in html
    assert "<del>" in html


def test_stored_versions_by_id_and_by_version(env: dict[str, str], versions: tuple[Path, Path]) -> None:
    assert hyoka(env, "ingest", str(versions[0])).exit_code == 0
    assert hyoka(env, "ingest", str(versions[1])).exit_code == 0
    by_id = hyoka(env, "diff", "1", "2", "--format", "json", "--no-check")
    assert by_id.exit_code == 0, by_id.stderr
    data = json.loads(by_id.stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("stored:1", "stored:2")
    assert "target_value" in [change["kind"] for change in data["changes"]]
    by_version = hyoka(env, "diff", "2@1", "1@2", "--format", "json", "--no-check")
    assert by_version.exit_code == 0, by_version.stderr
    assert json.loads(by_version.stdout)["changes"] == data["changes"]


def test_a_bundle_needs_its_document_named(env: dict[str, str], versions: tuple[Path, Path], tmp_path: Path) -> None:
    text = versions[0].read_text(encoding="utf-8")
    bundle = tmp_path / "bundle.txt"
    bundle.write_text(text + "\n" + text.replace("日本架空技術振興機構", "日本架空海洋研究機構"), encoding="utf-8")
    ambiguous = hyoka(env, "diff", str(bundle), str(bundle), "--format", "json")
    assert ambiguous.exit_code == EXIT_BAD_INPUT
    assert "--document" in ambiguous.stderr
    chosen = hyoka(env, "diff", str(bundle), str(bundle), "--format", "json", "--document", "2", "--no-check")
    assert chosen.exit_code == 0, chosen.stderr
    assert "日本架空海洋研究機構" in json.loads(chosen.stdout)["title"]
    by_agency = hyoka(env, "diff", str(bundle), str(versions[1]), "--format", "json", "--no-check")
    assert by_agency.exit_code == 0, by_agency.stderr
    assert "target_value" in by_agency.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "other.txt"], "no such file"),
        (["{old}", "{new}", "--format", "xlsx"], "needs --out"),
        (["{old}", "{new}", "--format", "xlsx", "--out", "{tmp}/table.csv"], "must end in .xlsx"),
        (["{old}", "{new}", "--document", "5"], "out of range"),
        (["{old}", "9"], "no stored document with id 9"),
        (["{old}", "1@4"], "no version 4"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    env: dict[str, str], versions: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    if "1@4" in args:
        assert hyoka(env, "ingest", str(versions[0])).exit_code == 0
    given = [a.format(old=versions[0], new=versions[1], tmp=tmp_path) for a in args]
    result = hyoka(env, "diff", *given)
    assert result.exit_code == EXIT_BAD_INPUT, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_without_an_objective_document_exits_3(
    env: dict[str, str], versions: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "memo.txt"
    other.write_text("会議のメモ。\n特記事項なし。\n", encoding="utf-8")
    result = hyoka(env, "diff", str(other), str(versions[1]))
    assert result.exit_code == EXIT_NO_DOCUMENT
    assert "Traceback" not in result.stderr


def test_help_has_an_example(env: dict[str, str]) -> None:
    result = hyoka(env, "diff", "--help")
    assert result.exit_code == 0
    assert "Example: hyoka diff" in result.stdout


def test_each_side_of_two_bundles_can_name_its_document(
    env: dict[str, str], versions: tuple[Path, Path], tmp_path: Path
) -> None:
    text, revised = (path.read_text(encoding="utf-8") for path in versions)
    other = text.replace("日本架空技術振興機構", "日本架空海洋研究機構")
    old, new = tmp_path / "old-bundle.txt", tmp_path / "new-bundle.txt"
    old.write_text(text + "\n" + other, encoding="utf-8")
    new.write_text(other + "\n" + revised, encoding="utf-8")
    result = hyoka(
        env, "diff", str(old), str(new), "--old-document", "1", "--new-document", "2", "--format", "json", "--no-check"
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(change["kind"] for change in json.loads(result.stdout)["changes"]) == [
        "target_value",
        "text_changed",
        "text_changed",
    ]
