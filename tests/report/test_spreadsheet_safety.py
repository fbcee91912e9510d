"""Every CSV and xlsx that hyoka writes holds document text as text, never as a formula.

A document whose target and heading begin with =, + and @ is ingested, and every command that
writes a spreadsheet is run on it: `export` (csv, xlsx), `results template` (csv, xlsx) and
`evaluate report` (xlsx). No workbook cell may be a formula, and every text cell that begins
like one carries Excel's quote prefix; no CSV field may begin like one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.report.cells import FORMULA_TRIGGERS, csv_value, is_formula_like
from hyoka.samples import sample_path

PAYLOADS = ('=HYPERLINK("http://evil.example/","x")', "+SUM(1,2)", "@SUM(1)", "=1+1")


def hostile_document(path: Path) -> Path:
    text = sample_path().read_text(encoding="utf-8")
    text = text.replace("イ 技術相談件数を", f"イ {PAYLOADS[0]}技術相談件数を")
    text = text.replace("・ 原著論文数 1,200", f"・ {PAYLOADS[1]}原著論文数 1,200")
    text = text.replace("（２）技術支援の質の向上", f"（２）{PAYLOADS[3]} 技術支援の質の向上")
    text = text.replace("第２　中期目標の期間", f"第２　{PAYLOADS[2]}中期目標の期間")
    assert all(p in text for p in PAYLOADS)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def written(tmp_path: Path) -> list[Path]:
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}
    runner = CliRunner()
    out = tmp_path / "out"
    commands = [
        ["ingest", str(hostile_document(tmp_path / "hostile.txt"))],
        ["export", "--format", "csv", "--out", str(out / "csv")],
        ["export", "--format", "xlsx", "--out", str(out / "export.xlsx")],
        ["results", "template", "1", "--out", str(out / "template.csv")],
        ["results", "template", "1", "--out", str(out / "template.xlsx")],
        ["evaluate", "report", "1", "--year", "2026", "--format", "xlsx", "--out", str(out / "report.xlsx")],
    ]
    for command in commands:
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == 0, (command, result.output)
    files = sorted(p for p in out.rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert len(files) == 4 + 1 + 2 + 1
    return files


def xlsx_text_cells(path: Path) -> Iterator[tuple[str, openpyxl.cell.cell.Cell]]:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, openpyxl.cell.cell.Cell) and cell.value is not None:
                    yield f"{path.name}!{sheet.title}!{cell.coordinate}", cell


def csv_fields(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            for column, field in enumerate(row, start=1):
                yield f"{path.name}:{number}:{column}", field


def test_no_writer_writes_a_formula(written: list[Path]) -> None:
    hostile_seen = 0
    for path in written:
        if path.suffix == ".xlsx":
            for where, cell in xlsx_text_cells(path):
                assert cell.data_type != "f", f"{where} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.quotePrefix, f"{where} begins like a formula without a quote prefix"
                    hostile_seen += 1
        else:
            for where, field in csv_fields(path):
                assert not field.startswith(FORMULA_TRIGGERS), f"{where} begins like a formula: {field!r}"
                hostile_seen += field.startswith("'") and field[1:].startswith(FORMULA_TRIGGERS)
    # the payloads did reach every kind of writer (else this test proves nothing)
    assert hostile_seen >= 8


@pytest.mark.parametrize("payload", [*PAYLOADS, "-3", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠x"])
def test_the_csv_rule_neutralises_every_trigger(payload: str) -> None:
    assert csv_value(payload) == "'" + payload
    assert csv_value("技術相談件数") == "技術相談件数"
