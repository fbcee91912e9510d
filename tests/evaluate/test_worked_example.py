"""docs/evaluation.md, run: its commands in order, its results table filled into the template,
and the report it produces opened back and checked cell by cell."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.corpus_support import corpus_dir, require_corpus

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"
CORPUS_REFERENCE = "../shared/corpus/"


def shell_blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def results_table(text: str) -> list[tuple[str, int, float]]:
    rows = re.findall(r"^\| (\S+) \| (\d{4}) \| ([\d.]+) \|$", text, re.M)
    return [(name, int(year), float(value)) for name, year, value in rows]


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    args = shlex.split(command.replace(CORPUS_REFERENCE, f"{corpus_dir()}/"))
    assert args[0] == "hyoka", command
    proc = subprocess.run(
        [sys.executable, "-m", "hyoka", *args[1:]], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def fill_template(path: Path, figures: list[tuple[str, int, float]]) -> int:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    indicator, year, value = header.index("指標"), header.index("年度"), header.index("実績値")
    filled = 0
    for row in sheet.iter_rows(min_row=2):
        for name, fiscal_year, figure in figures:
            if name in str(row[indicator].value) and row[year].value == fiscal_year:
                row[value].value = figure
                filled += 1
    book.save(path)
    return filled


def cells(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, object]:
    """Label → value of the two-column rows (A: label, B: value)."""
    found: dict[str, object] = {}
    for label, value, *_ in sheet.iter_rows(values_only=True):
        if isinstance(label, str) and label not in found:
            found[label] = value
    return found


@pytest.mark.corpus
def test_the_worked_example_runs_as_written(tmp_path: Path) -> None:
    require_corpus()
    text = DOC.read_text(encoding="utf-8")
    env = {**os.environ, "HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}
    env.pop("HYOKA_POLICY_FILE", None)
    blocks = shell_blocks(text)
    assert len(blocks) == 5
    for command in blocks[0]:
        run(command, tmp_path, env)
    figures = results_table(text)
    assert fill_template(tmp_path / "gpif-results.xlsx", figures) == 8  # cost figures go to both rate targets
    for block in blocks[1:]:
        for command in block:
            run(command, tmp_path, env)

    book = openpyxl.load_workbook(tmp_path / "gpif-2026.xlsx")
    assert book.sheetnames[0] == "総合評定"
    assert book.sheetnames[1] == "項目別評定総括表"
    assert book.sheetnames[2] == "年金積立金の管理及び運用"
    overall = cells(book["総合評定"])
    assert overall["法人名"] == "年金積立金管理運用独立行政法人"
    assert overall["評価対象年度"] == "令和8年度"
    assert overall["算出評定"] == "C"
    assert overall["加重平均点"] == pytest.approx(4 / 3)

    listing = {row[0]: row for row in book["総合評定"].iter_rows(values_only=True) if row[0]}
    assert listing["1. 年金積立金の管理及び運用"][1:6] == ("高", "―", "C", "C", "未記録")
    assert listing["2. 業務運営の効率化に関する事項"][3:6] == ("B", "B", "B")

    unit = book["年金積立金の管理及び運用"]
    unit_cells = cells(unit)
    assert unit_cells["提案評定"] == "C"
    assert unit_cells["達成度（集約）"] == pytest.approx(((1.031 * 1.004) ** 0.5 - 1) / 0.019)
    assert unit_cells["評定"] == "C"
    assert unit_cells["改善に向けた方策"] == "基本ポートフォリオの検証を行う。"
    header = next(row for row in unit.iter_rows(values_only=True) if row[0] == "指標")
    target = next(row for row in unit.iter_rows(values_only=True) if row[0] == "年金積立金の実質的な運用利回り")
    assert target[header.index("令和7年度")] == pytest.approx(3.1)
    assert target[header.index("令和8年度")] == pytest.approx(0.4)

    efficiency = cells(book["第４ 業務運営の効率化に関する事項"])
    assert efficiency["提案評定"] == "B"
    assert efficiency["達成度（集約）"] == pytest.approx((1 - (9720 / 10000) ** 0.5) / 0.0133)
