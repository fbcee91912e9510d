"""hyoka results plan-template / plan-import / plans and main-result / main-results (issue 11):
plan values entered from the template, refused by cell; main results per unit, year and stage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from hyoka.cli import app
from hyoka.model.entries import PlanKind
from hyoka.report.results_template import PLAN_HEADERS, PLAN_SHEET
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.store import Store

UNIT = "技術相談・技術支援の充実"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}
    assert CliRunner().invoke(app, ["ingest", str(sample_path())], env=env).exit_code == 0
    return env


def hyoka(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, input=stdin)


@contextmanager
def _store(env: dict[str, str]) -> Iterator[Store]:
    with Store.open(Settings(database_url=env["HYOKA_DATABASE_URL"])) as store:
        yield store


# --- plan values -----------------------------------------------------------------------------------


def test_the_plan_template_has_a_row_per_target_year_and_plan(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "plans.xlsx"
    result = hyoka(env, "results", "plan-template", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book[PLAN_SHEET]
    assert tuple(c.value for c in sheet[1]) == PLAN_HEADERS
    rows = [tuple(c.value for c in r) for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == 8 * 5 * 2  # 8 targets × 5 years × (中期計画, 年度計画)
    assert {r[8] for r in rows} == {"中期計画", "年度計画"}
    assert {r[7] for r in rows} == {2026, 2027, 2028, 2029, 2030}
    assert f"{out}: 80 行" in result.output


def test_a_filled_plan_template_imports_and_shows(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "plans.xlsx"
    assert hyoka(env, "results", "plan-template", "1", "--out", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book[PLAN_SHEET]
    target_id = None
    for cells in sheet.iter_rows(min_row=2):
        if cells[3].value == "技術相談件数" and cells[7].value in (2026, 2027):
            cells[9].value = 900 if cells[8].value == "中期計画" else 950
            target_id = cells[0].value
    book.save(out)
    result = hyoka(env, "results", "plan-import", str(out), "--by", "企画課")
    assert result.exit_code == 0, result.output
    assert "計画値 4 件を登録（うち訂正 0 件）" in result.output
    assert isinstance(target_id, int)
    with _store(env) as store:
        values = store.plan_values(target_id)
    assert {y: (v.plan_kind, v.value) for y, v in values.items()} == {
        2026: (PlanKind.annual_plan, 950.0),
        2027: (PlanKind.annual_plan, 950.0),
    }
    shown = hyoka(env, "results", "plans", "1")
    assert shown.exit_code == 0, shown.output
    assert "技術相談件数" in shown.output
    assert "950件" in shown.output
    assert "年度計画" in shown.output


def test_a_bad_plan_file_is_refused_naming_each_cell(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "目標ID,年度,計画区分,計画値\n2,2026,中期計画,900\n2,2040,中期計画,900\n2,2027,長期計画,1\n2,2028,年度計画,多数\n",
        encoding="utf-8",
    )
    result = hyoka(env, "results", "plan-import", str(path), "--by", "企画課")
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "cell B3 (年度): fiscal year 2040 is outside the objective period (2026–2030)" in output
    assert "cell C4 (計画区分): plan kind '長期計画' not understood" in output
    assert "cell D5 (計画値): value '多数' is not a number" in output
    assert "3 cell(s) refused, nothing imported" in output
    with _store(env) as store:
        assert store.plan_values(2) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("目標ID,年度,計画値\n", "missing column(s) 計画区分 in the header"),
        ("", "empty file"),
    ],
)
def test_a_plan_file_without_its_columns_is_refused(
    env: dict[str, str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "plans.csv"
    path.write_text(content, encoding="utf-8")
    result = hyoka(env, "results", "plan-import", str(path), "--by", "企画課")
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_plans_of_a_document_without_any(env: dict[str, str]) -> None:
    result = hyoka(env, "results", "plans", "1")
    assert result.exit_code == 0
    assert "計画値の登録はありません" in result.output
    assert hyoka(env, "results", "plans", "99").exit_code == 2


# --- main results ----------------------------------------------------------------------------------


def test_main_results_are_recorded_per_unit_year_and_stage_in_versions(env: dict[str, str], tmp_path: Path) -> None:
    common = ["--year", "2026", "--by", "企画課"]
    first = hyoka(env, "results", "main-result", "1", "--unit", UNIT, "--stage", "annual", *common,
                  "--text", "技術相談に 1,020 件対応した。")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "第1版" in first.output
    account = tmp_path / "account.txt"
    account.write_text("技術相談に 1,050 件対応した（訂正）。\n回答期間を短縮した。\n", encoding="utf-8")
    again = hyoka(env, "results", "main-result", "1", "--unit", UNIT, "--stage", "年度評価", *common,
                  "--file", str(account))  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "第2版" in again.output
    # a chapter named by its title without its label; the stage by its Japanese name
    chapter = hyoka(env, "results", "main-result", "1", "--unit", "業務運営の効率化に関する事項",
                    "--stage", "見込評価", *common, "--file", "-", stdin="一般管理費を削減した。")  # fmt: skip
    assert chapter.exit_code == 0, chapter.output
    assert "第４ 業務運営の効率化に関する事項" in chapter.output
    with _store(env) as store:
        found = store.main_results(1, 2026, "annual")
        everything = store.main_results(1)
        history = store.main_result_history(1, UNIT, 2026, "annual")
    assert list(found) == [(UNIT, 2026, "annual")]
    assert found[(UNIT, 2026, "annual")].text == "技術相談に 1,050 件対応した（訂正）。\n回答期間を短縮した。"
    assert found[(UNIT, 2026, "annual")].version == 2
    assert set(everything) == {(UNIT, 2026, "annual"), ("第４ 業務運営の効率化に関する事項", 2026, "expected")}
    assert [h.version for h in history] == [1, 2]
    assert history[1].supersedes_id == history[0].id
    shown = hyoka(env, "results", "main-results", "1", "--year", "2026")
    assert shown.exit_code == 0, shown.output
    assert "回答期間を短縮した。" in shown.output
    assert "1,020" not in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "存在しない", "--year", "2026", "--stage", "annual", "--text", "x"], "--unit: no evaluation unit '存在しない'"),
        (["--unit", UNIT, "--year", "2031", "--stage", "annual", "--text", "x"], "--year 2031 is outside the objective period (2026–2030)"),
        (["--unit", UNIT, "--year", "2026", "--stage", "yearly", "--text", "x"], "--stage 'yearly' is not a stage: one of annual (年度評価)"),
        (["--unit", UNIT, "--year", "2026", "--stage", "annual", "--text", "  "], "the main results are empty"),
        (["--unit", UNIT, "--year", "2026", "--stage", "annual"], "give the main results with --text or with --file"),
        (["--unit", UNIT, "--year", "2026", "--stage", "annual", "--file", "/nonexistent/x.txt"], "/nonexistent/x.txt: cannot read the file"),
    ],
)  # fmt: skip
def test_a_bad_main_result_is_refused_naming_the_option(env: dict[str, str], args: list[str], message: str) -> None:
    result = hyoka(env, "results", "main-result", "1", *args, "--by", "企画課")
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    with _store(env) as store:
        assert store.main_results(1) == {}


def test_a_main_result_needs_who_enters_it(env: dict[str, str]) -> None:
    result = hyoka(env, "results", "main-result", "1", "--unit", UNIT, "--year", "2026", "--stage", "annual",
                   "--text", "x", "--by", " ")  # fmt: skip
    assert result.exit_code == 2
    assert "--by must name who does this" in result.output


def test_the_same_main_result_again_writes_nothing(env: dict[str, str]) -> None:
    args = ["results", "main-result", "1", "--unit", UNIT, "--year", "2026", "--stage", "annual",
            "--text", "同じ。", "--by", "企画課"]  # fmt: skip
    assert "第1版" in hyoka(env, *args).output
    again = hyoka(env, *args)
    assert again.exit_code == 0
    assert "変更なし（同じ内容が登録済み）" in again.output
    with _store(env) as store:
        assert [h.version for h in store.main_result_history(1, UNIT, 2026, "annual")] == [1]


MAIN_TOML = f'''\
year = 2026
stage = "expected"
"{UNIT}" = """
技術相談に 1,050 件対応した。
回答期間を短縮した。"""
"業務運営の効率化に関する事項" = "一般管理費を削減した。"
"総合" = "法人全体として順調。"
'''


def test_main_results_import_from_a_toml_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "main.toml"
    path.write_text(MAIN_TOML, encoding="utf-8")
    result = hyoka(env, "results", "main-results-import", "1", str(path), "--by", "企画課")
    assert result.exit_code == 0, result.output
    assert "主な業務実績 3 件（うち新規・訂正 3 件）" in result.output
    with _store(env) as store:
        found = store.main_results(1, 2026, "expected")
    assert {key[0]: r.text for key, r in found.items()} == {
        UNIT: "技術相談に 1,050 件対応した。\n回答期間を短縮した。",
        "第４ 業務運営の効率化に関する事項": "一般管理費を削減した。",
        "総合": "法人全体として順調。",
    }
    again = hyoka(env, "results", "main-results-import", "1", str(path), "--by", "企画課")
    assert "主な業務実績 3 件（うち新規・訂正 0 件）" in again.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('stage = "annual"\n"総合" = "x"\n', "year = <fiscal year> is required"),
        ('year = 2026\n"総合" = "x"\n', 'stage = "annual" (or expected, interim, period_end) is required'),
        ('year = 2026\nstage = "annual"\n', "no main results to record"),
        ('year = 2026\nstage = "annual"\n"総合" = "x"\n"存在しない" = "y"\n', "'存在しない': no evaluation unit of document 1"),
        ('year = 2026\nstage = "annual"\n"総合" = 3\n', "'総合': must be a text"),
        ('year = 2031\nstage = "annual"\n"総合" = "x"\n', "'総合': --year 2031 is outside the objective period (2026–2030); nothing recorded"),
        ('year = 2026\nstage = "annual"\n"総合" = "x"\n"総合 " = ""\n', "the main results are empty"),
        ("year = \n", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_main_results_file_records_nothing(
    env: dict[str, str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "main.toml"
    path.write_text(content, encoding="utf-8")
    result = hyoka(env, "results", "main-results-import", "1", str(path), "--by", "企画課")
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    with _store(env) as store:
        assert store.main_results(1) == {}
