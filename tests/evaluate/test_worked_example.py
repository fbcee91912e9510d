"""docs/evaluation.md, run: its commands in order, its results and plan tables filled into the
templates, its TOML file written, and the reports it produces opened back and checked cell by cell."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.corpus_support import corpus_dir

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"
CORPUS_REFERENCE = "../shared/corpus/"


SAMPLES_REFERENCE = "src/hyoka/samples/"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "hyoka" / "samples"


def shell_blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def toml_files(text: str) -> dict[str, str]:
    """The ```toml blocks, by the file name their first line names (# sheets-2028.toml)."""
    found = {}
    for block in re.findall(r"```toml\n(.*?)```", text, re.S):
        first = block.splitlines()[0]
        assert first.startswith("# "), first
        found[first[2:].strip()] = block
    return found


def _table(text: str, first_header: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return header, rows


def results_table(text: str) -> list[tuple[str, int, float]]:
    """The results table: an indicator a row, a column per fiscal year (empty where none)."""
    header, rows = _table(text, "指標")
    years = [int(h) for h in header[1:]]
    return [(row[0], year, float(value)) for row in rows for year, value in zip(years, row[1:], strict=True) if value]


def plans_table(text: str) -> list[tuple[str, int, str, float]]:
    _, rows = _table(text, "計画の指標")
    return [(row[0], int(row[1]), row[2], float(row[3])) for row in rows]


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    command = command.replace(CORPUS_REFERENCE, f"{corpus_dir()}/").replace(SAMPLES_REFERENCE, f"{SAMPLES}/")
    args = shlex.split(command)
    assert args[0] == "hyoka", command
    proc = subprocess.run(
        [sys.executable, "-m", "hyoka", *args[1:]], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _fill(path: Path, matches: object, column: str) -> int:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    filled = 0
    for row in sheet.iter_rows(min_row=2):
        record = {name: row[i].value for i, name in enumerate(header) if isinstance(name, str)}
        value = matches(record)  # type: ignore[operator]
        if value is not None:
            row[header.index(column)].value = value
            filled += 1
    book.save(path)
    return filled


def fill_wide(path: Path, text: str) -> int:
    """The results template filled from the page's results table (an indicator's figure goes to
    every row whose indicator it names: the target's and the axes table's)."""
    figures = {(name, year): value for name, year, value in results_table(text)}
    return _fill(path, lambda r: figures.get((str(r["指標"]).strip(), r["年度"])), "実績値")


def fill_plans(path: Path, text: str) -> int:
    plans = {(name, year, kind): value for name, year, kind, value in plans_table(text)}
    return _fill(path, lambda r: plans.get((str(r["指標"]).strip(), r["年度"], r["計画区分"])), "計画値")


def cells(sheet: Worksheet) -> dict[str, object]:
    """Label → value of the two-column rows (A: label, B: value), the first of each label."""
    found: dict[str, object] = {}
    for label, value, *_ in sheet.iter_rows(values_only=True):
        if isinstance(label, str) and label not in found:
            found[label] = value
    return found


def section(sheet: Worksheet, heading: str) -> dict[str, object]:
    """Label → value of the rows under `heading` (a row of one text), up to the next blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == heading and all(v is None for v in row[1:]))
    found: dict[str, object] = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        found.setdefault(str(row[0]), row[1])
    return found


def table(sheet: Worksheet, heading: str) -> list[tuple[object, ...]]:
    """The header row and the rows of the table under `heading`, up to the next blank or heading row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == heading)
    found = []
    for row in rows[start + 1 :]:
        if row[0] is None or all(v is None for v in row[1:]):
            break
        found.append(tuple(row))
    return found


def part_3(book: openpyxl.Workbook, unit: str) -> dict[str, str]:
    """Part 3 of a unit's 項目別評定調書, its columns side by side on a sheet of its own: header (row 3)
    → the column's text, its paragraphs read down the rows."""
    rows = list(book[f"{unit}（調書3）"].iter_rows(values_only=True))
    return {str(h): "\n".join(str(row[i]) for row in rows[3:] if row[i] is not None) for i, h in enumerate(rows[2])}


def test_the_worked_example_runs_as_written(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    env = {**os.environ, "HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}
    env.pop("HYOKA_POLICY_FILE", None)
    for name, content in toml_files(text).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    blocks = shell_blocks(text)
    assert len(blocks) == 8
    for command in blocks[0]:
        run(command, tmp_path, env)
    assert fill_wide(tmp_path / "results.xlsx", text) == 72  # 58 target rows and 14 of the axes table
    assert fill_plans(tmp_path / "plans.xlsx", text) == 2
    outputs = [run(command, tmp_path, env) for block in blocks[1:] for command in block]
    assert any("評定 18 を id 33 で置き換えました" in out for out in outputs)
    check_annual(tmp_path)
    check_expected(tmp_path)
    check_supersede(tmp_path)
    check_rd_cap(tmp_path)
    check_period_end(tmp_path)


def check_annual(tmp_path: Path) -> None:
    """Year 3: the annual report, with the sheets' texts."""
    annual = openpyxl.load_workbook(tmp_path / "annual-2028.xlsx")
    assert annual.sheetnames[:3] == ["総合評定", "項目別評定総括表", "技術相談・技術支援の充実"]
    overall = annual["総合評定"]
    assert overall.page_setup.orientation == "portrait"
    assert str(overall.page_setup.paperSize) == overall.PAPERSIZE_A4
    assert overall.print_title_rows == "$1:$2"
    overview = section(overall, "評価の概要")
    assert overview["法人名"] == "独立行政法人日本架空技術振興機構"
    assert overview["評価対象年度"] == "令和10年度"
    assert overview["評価の区分"] == "年度評価"
    assert overview["評価の実施者"] == "主務大臣: 経済産業大臣\n法人所管部局: 産業技術局 技術振興課"
    assert str(overview["意見聴取等（外部有識者・理事長・監事）"]).endswith("監事ヒアリング: 2029年7月16日")
    assert section(overall, "1. 全体の評定") == {
        "評定": "B",
        "評定に至った理由": "全体として目標を達成した。",
        "過去の評定": "―",
    }
    assert section(overall, "2. 法人全体に対する評価")["全体の評定を行う上で特に考慮すべき事項"] == (
        "研究開発の推進における企業との共同研究の拡大"
    )
    assert section(overall, "3. 項目別評価の主な課題、改善事項等")["改善事項"] == "研修の募集方法を見直すこと。"
    assert section(overall, "4. その他事項")["監事の主な意見"] == "内部統制は有効に機能している。"
    computed = section(overall, "総合評定の算出")
    assert computed["算出評定"] == "B"
    assert computed["加重平均点"] == pytest.approx(15 / 7)
    ministry = section(overall, "主務大臣評価（総合評定）")
    assert ministry["評定"] == "B"
    assert str(ministry["公表"]).startswith("公表済み（")

    consulting = annual["技術相談・技術支援の充実"]
    basic = section(consulting, "1. 当事務及び事業に関する基本情報")
    assert basic["関連する政策・施策"] == "政策目標3 産業技術の振興"
    assert basic["当該事業実施に係る根拠（個別法条文など）"] == "日本架空技術振興機構法第12条第1号"
    assert basic["関連する政策評価・行政事業レビュー"] == "0123"
    inputs = {row[0]: row[1:4] for row in table(consulting, "③ 主要なインプット情報（財務情報及び人員に関する情報）")}
    assert inputs["予算額（千円）"] == (1_200_000, 1_220_000, 1_250_000)
    assert inputs["従事人員数"] == (85, 86, 88)
    assert section(consulting, "主務大臣評価")["今後の課題"] == "相談の質の評価方法を確立すること。"
    check_annual_part_3(annual)
    yearly = {row[0]: row for row in table(consulting, "達成度の推移（年度評価による各年度の達成度）")}
    assert yearly["技術相談件数"][1:4] == pytest.approx((950 / 900, 1880 / 1800, 2780 / 2700))
    indicators = {row[0]: row for row in table(consulting, "② 評価指標・モニタリング指標")}
    assert indicators["相談者の満足度"][1:4] == ("モニタリング指標", 4.2, 4.3)
    research = annual["研究開発の推進"]
    assert section(research, "評定の根拠（提案）")["提案評定"] == "B（参考、困難度により A まで引上げ可）"
    assert section(research, "評定の根拠（提案）")["達成度（集約）"] == pytest.approx(
        (735 / 720 + 111 / 108 + 70 / 60) / 3
    )
    assert part_3(annual, "研究開発の推進")["主務大臣による評価"].endswith(
        "＜今後の課題＞\n共同研究の成果の技術移転を進めること。"
    )
    uplift = section(research, "主務大臣評価")
    assert uplift["評定"] == "A"
    assert uplift["困難度による引上げの理由"] == "困難度「高」の研究開発で目標を上回る成果を上げた。"


def check_annual_part_3(annual: openpyxl.Workbook) -> None:
    """Year 3: part 3 of the 項目別評定調書, its columns side by side."""
    columns = part_3(annual, "技術相談・技術支援の充実")
    assert list(columns) == [
        "中期目標", "中期計画", "主な評価軸（評価の視点）、指標等", "主な業務実績等", "自己評価", "主務大臣による評価",
    ]  # fmt: skip
    assert columns["主な業務実績等"] == "技術相談900件に対応し、10営業日以内の回答割合は84%となった。"
    assert columns["中期目標"].startswith("１． 技術相談・技術支援の充実")
    assert "評価軸: " in columns["主な評価軸（評価の視点）、指標等"]
    assert columns["自己評価"] == "評定 B\n所期の目標を達成した。"
    assert columns["主務大臣による評価"] == (
        "評定 B\n所期の目標を達成した。\n＜今後の課題＞\n相談の質の評価方法を確立すること。"
    )
    layout = annual["技術相談・技術支援の充実（調書3）"]
    assert layout.page_setup.orientation == "landscape"
    assert layout.print_title_rows == "$1:$3"


def check_expected(tmp_path: Path) -> None:
    """Year 4: the expected-results evaluation, measured against the plan where one is entered."""
    expected = openpyxl.load_workbook(tmp_path / "expected-2029.xlsx")
    assert section(expected["総合評定"], "評価の概要")["評価の区分"] == "見込評価"
    assert section(expected["総合評定"], "1. 全体の評定")["過去の評定"] == "令和10年度 B"
    consulting = expected["技術相談・技術支援の充実"]
    share = "受付から10営業日以内に回答した技術相談の割合"
    plans = {row[0]: row for row in table(consulting, "計画値")}
    assert plans[share][1] == "年度計画"
    assert plans[share][5] == 87
    assert plans[share][7] == "年度計画"
    yearly = {row[0]: row for row in table(consulting, "達成度の推移（年度評価による各年度の達成度）")}
    assert yearly[share][1:5] == pytest.approx((82 / 80, 85 / 80, 84 / 80, 86 / 87))
    assert yearly[share][6] == pytest.approx((82 / 80 + 85 / 80 + 84 / 80 + 86 / 87) / 4)
    assert part_3(expected, "技術相談・技術支援の充実")["中期計画"] == f"{share}: 令和11年度 87"


def check_supersede(tmp_path: Path) -> None:
    """The published overall rating replaced, kept in the history."""
    corrected = openpyxl.load_workbook(tmp_path / "annual-2028-corrected.xlsx")["総合評定"]
    assert (
        section(corrected, "1. 全体の評定")["評定に至った理由"]
        == "全体として目標を達成した。研究開発の推進の成果を特に評価する。"
    )
    assert section(corrected, "主務大臣評価（総合評定）")["訂正の理由"] == "評定に至った理由の記載漏れの訂正"
    history = table(corrected, "評定の履歴")
    assert history[0][:3] == ("評価者", "評定", "状態")
    replaced = next(row for row in history if row[2] == "置換済み")
    assert replaced[:4] == ("主務大臣評価", "B", "置換済み", "経済産業省")
    assert str(replaced[5]).startswith("公表済み（")
    assert replaced[6:8] == ("id 33", "経済産業省")
    assert replaced[9] == "評定に至った理由の記載漏れの訂正"
    assert [row[2] for row in history[1:]].count("適用中") == 2


def check_rd_cap(tmp_path: Path) -> None:
    """The R&D agency: the management failure caps the overall rating below A."""
    rd = openpyxl.load_workbook(tmp_path / "rd-2025.xlsx")
    computed = section(rd["総合評定"], "総合評定の算出")
    assert computed["算出評定"] == "B"
    assert computed["加重平均点"] == pytest.approx(22 / 7)
    assert computed["上限"] == "研究開発の評定の規則により上限を適用"
    failed = part_3(rd, "海洋観測の高度化と海洋データ基盤の構築")
    assert list(failed)[:2] == ["中長期目標", "中長期計画"]
    assert failed["主務大臣による評価"].endswith(
        "＜法人の業務運営に起因する事由＞\n理事会による観測網の保守計画の承認の遅れ（主務大臣評価、文部科学省）"
    )


def check_period_end(tmp_path: Path) -> None:
    """Year 5: the period-end evaluation and the summary of the whole period."""
    end = openpyxl.load_workbook(tmp_path / "period-end-2030.xlsx")
    summary = end["項目別評定総括表"]
    assert summary.page_setup.orientation == "landscape"
    assert summary.print_title_rows == "$1:$3"
    rows = list(summary.iter_rows(values_only=True))
    assert rows[2] == (
        "評価項目", "令和8年度", "令和9年度", "令和10年度", "令和11年度", "令和12年度",
        "見込評価（令和11年度）", "期間実績評価（令和12年度）",
    )  # fmt: skip
    assert rows[3] == ("総合評定", "―", "―", "B", "―", "―", "B", "B")
    assert rows[4] == ("1. 技術相談・技術支援の充実", "B", "B", "B", "―", "―", "B", "B")
    assert rows[5] == ("2. 研究開発の推進", "―", "―", "A", "―", "―", "A", "A")
    assert section(end["総合評定"], "1. 全体の評定")["過去の評定"] == "令和10年度 B、見込評価（令和11年度） B"
    consulting = end["技術相談・技術支援の充実"]
    assert consulting.page_setup.orientation == "portrait"
    assert consulting.page_setup.fitToWidth == 1
    assert all(
        c.alignment.wrap_text and c.font.name == "游ゴシック"
        for row in consulting.iter_rows(min_row=3)
        for c in row
        if isinstance(c.value, str)
    )
    markdown = (tmp_path / "period-end-2030.md").read_text(encoding="utf-8")
    assert "| 総合評定 | ― | ― | B | ― | ― | B | B |" in markdown
    assert "| 予算額（千円） | 1,200,000 | 1,220,000 | 1,250,000 |   |   |" in markdown
    page = (tmp_path / "period-end-2030.html").read_text(encoding="utf-8")
    assert "<tr><td>総合評定</td><td>―</td><td>―</td><td>B</td><td>―</td><td>―</td><td>B</td><td>B</td></tr>" in page
