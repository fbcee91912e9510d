"""hyoka evaluate sheet: the fields of the evaluation sheets, one at a time or from a TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hyoka.cli import app
from hyoka.samples import sample_path

UNIT = "技術相談・技術支援の充実"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}
    assert CliRunner().invoke(app, ["ingest", str(sample_path())], env=env).exit_code == 0
    return env


def hyoka(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def test_fields_lists_the_catalogue(env: dict[str, str]) -> None:
    result = hyoka(env, "evaluate", "sheet", "fields")
    assert result.exit_code == 0, result.output
    assert "overall_account" in result.output
    assert "法人全体に対する評価" in result.output
    assert "予算額（千円）（年度ごとの数値）" in result.output


def test_set_show_and_versions(env: dict[str, str]) -> None:
    common = ["--year", "2026", "--by", "経済産業省"]
    first = hyoka(env, "evaluate", "sheet", "set", "1", *common, "--unit", "総合", "--field", "overall_account",
                  "--text", "全体として順調。")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "第1版を記録しました" in first.output
    again = hyoka(env, "evaluate", "sheet", "set", "1", *common, "--unit", "総合", "--field", "overall_account",
                  "--text", "全体として概ね順調。")  # fmt: skip
    assert "第2版を記録しました" in again.output
    # a unit named by its title without the chapter label
    chapter = hyoka(env, "evaluate", "sheet", "set", "1", *common, "--unit", "業務運営の効率化に関する事項",
                    "--field", "legal_basis", "--text", "機構法第12条")  # fmt: skip
    assert chapter.exit_code == 0, chapter.output
    assert "第４ 業務運営の効率化に関する事項" in chapter.output
    shown = hyoka(env, "evaluate", "sheet", "show", "1", "--year", "2026")
    assert shown.exit_code == 0, shown.output
    assert "[総合] 法人全体に対する評価（overall_account, 第2版, 経済産業省）" in shown.output
    assert "  全体として概ね順調。" in shown.output
    assert "当該事業実施に係る根拠" in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "存在しない", "--field", "legal_basis", "--text", "x"], "no evaluation unit '存在しない'; units:"),
        (["--unit", UNIT, "--field", "mood", "--text", "x"], "--field must be one of"),
        (["--unit", UNIT, "--field", "overall_account", "--text", "x"], "belongs to the overall sheet"),
        (["--unit", UNIT, "--field", "budget", "--text", "多い"], "must be a number"),
        (["--unit", UNIT, "--field", "legal_basis", "--text", "x", "--stage", "monthly"], "--stage must be one of"),
    ],
)
def test_set_refusals(env: dict[str, str], args: list[str], message: str) -> None:
    result = hyoka(env, "evaluate", "sheet", "set", "1", "--year", "2026", "--by", "担当", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_set_on_an_unknown_document(env: dict[str, str]) -> None:
    result = hyoka(env, "evaluate", "sheet", "set", "9", "--year", "2026", "--by", "x", "--unit", "総合",
                   "--field", "overall_account", "--text", "x")  # fmt: skip
    assert result.exit_code == 2
    assert "no stored document with id 9" in result.output


SHEET = f"""
year = 2026
stage = "annual"
evaluator = "ministry"

["総合"]
evaluators = "主務大臣: 経済産業大臣"
hearings = "外部有識者: 2026年6月10日\\n理事長ヒアリング: 2026年6月20日"

["{UNIT}"]
related_policy = "産業技術の振興"
budget = {{ 2026 = "1,200,000", 2027 = 1250000 }}
staff = 85
"""


def test_import_many_fields(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "sheet.toml"
    path.write_text(SHEET, encoding="utf-8")
    result = hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省")
    assert result.exit_code == 0, result.output
    assert "6 項目（うち新規・更新 6 件）" in result.output
    again = hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省")
    assert "6 項目（うち新規・更新 0 件）" in again.output
    shown = hyoka(env, "evaluate", "sheet", "show", "1", "--year", "2026")
    assert "理事長ヒアリング: 2026年6月20日" in shown.output
    assert "1,200,000" in shown.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('["総合"]\noverall_account = "x"\n', "year = <fiscal year> is required"),
        ('year = 2026\n["架空"]\nlegal_basis = "x"\n', "[架空]: no evaluation unit '架空'"),
        (f'year = 2026\n["{UNIT}"]\nmood = "x"\n', f"[{UNIT}] mood: no such field"),
        (f'year = 2026\n["{UNIT}"]\nbudget = {{ 2026 = "多い" }}\n', "budget (予算額（千円）) must be a number"),
        ('year = 2026\n["総合"\n', "not valid TOML"),
        ("year = 2026\n", "no fields to record"),
    ],
)
def test_import_refusals_name_the_field(env: dict[str, str], tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省")
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert message in result.output
    shown = hyoka(env, "evaluate", "sheet", "show", "1", "--year", "2026")
    assert "記録された項目はありません" in shown.output


def test_the_texts_of_a_published_rating_are_refused(env: dict[str, str], tmp_path: Path) -> None:
    """Issue 11: once the rating the texts belong to is published, set and import refuse them (exit 2)."""
    rate = ["evaluate", "record", "1", "--unit", UNIT, "--year", "2026", "--rating", "B", "--reason", "達成した。"]
    assert hyoka(env, *rate, "--evaluator", "self", "--author", "機構評価室").exit_code == 0
    recorded = hyoka(env, *rate, "--evaluator", "ministry", "--author", "経済産業省")
    assert recorded.exit_code == 0, recorded.output
    path = tmp_path / "sheet.toml"
    path.write_text(SHEET, encoding="utf-8")
    assert hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省").exit_code == 0
    published = hyoka(env, "evaluate", "publish", "2", "--by", "経済産業大臣")
    assert published.exit_code == 0, published.output
    again = hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省")
    assert again.exit_code == 0, again.output  # the same texts: nothing is written
    changed = SHEET.replace("産業技術の振興", "産業技術の振興（改）")
    path.write_text(changed, encoding="utf-8")
    result = hyoka(env, "evaluate", "sheet", "import", "1", str(path), "--by", "経済産業省")
    assert result.exit_code == 2, result.output
    assert "locked: its rating id 2 is published" in result.output
    assert "nothing recorded" in result.output
    one = hyoka(env, "evaluate", "sheet", "set", "1", "--year", "2026", "--by", "経済産業省", "--unit", UNIT,
                "--field", "future_issues", "--text", "x")  # fmt: skip
    assert one.exit_code == 2, one.output
    assert "公表済み" in one.output
    assert "Traceback" not in one.output
    overall = hyoka(env, "evaluate", "sheet", "set", "1", "--year", "2026", "--by", "経済産業省", "--unit", "総合",
                    "--field", "overall_account", "--text", "全体として順調。")  # fmt: skip
    assert overall.exit_code == 0, overall.output
