"""The evaluation commands on the bundled sample: policy, proposals, records, finality, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hyoka.cli import app
from hyoka.samples import sample_path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}


def hyoka(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def test_policy_show_prints_the_default_policy(env: dict[str, str]) -> None:
    result = hyoka(env, "policy", "show")
    assert result.exit_code == 0, result.output
    assert "importance_weight = 2.0" in result.output
    assert "[thresholds]" in result.output


def test_a_policy_file_assigns_policies_to_agencies(env: dict[str, str], tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text('name = "strict"\n[thresholds]\nA = 1.3\nB = 1.05\nC = 0.9\n', encoding="utf-8")
    registry = tmp_path / "policies.toml"
    registry.write_text('[policies]\nstrict = "strict.toml"\n[agencies]\n"架空機構" = "strict"\n', encoding="utf-8")
    result = hyoka({**env, "HYOKA_POLICY_FILE": str(registry)}, "policy", "show", "--agency", "架空機構")
    assert result.exit_code == 0, result.output
    assert 'name = "strict"' in result.output


def test_record_refusals_publish_and_supersede(env: dict[str, str]) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    proposals = hyoka(env, "evaluate", "propose", "1", "--year", "2026", "--json")
    assert proposals.exit_code == 0, proposals.output
    assert "技術相談・技術支援の充実" in proposals.output
    unit = ["--unit", "技術相談・技術支援の充実", "--year", "2026", "--author", "評価担当"]
    no_reason = hyoka(
        env, "evaluate", "record", "1", *unit, "--evaluator", "ministry", "--rating", "C", "--reason", "根拠"
    )
    assert no_reason.exit_code == 2
    assert "improvement" in no_reason.output
    unknown = hyoka(
        env,
        "evaluate",
        "record",
        "1",
        "--unit",
        "存在しない",
        "--year",
        "2026",
        "--author",
        "x",
        "--evaluator",
        "self",
        "--rating",
        "B",
        "--reason",
        "r",
    )
    assert unknown.exit_code == 2
    recorded = hyoka(
        env,
        "evaluate",
        "record",
        "1",
        *unit,
        "--evaluator",
        "self",
        "--rating",
        "C",
        "--reason",
        "実績がない。",
        "--improvement",
        "相談体制を見直す。",
    )
    assert recorded.exit_code == 0, recorded.output
    assert hyoka(env, "evaluate", "publish", "1", "--by", "経済産業大臣").exit_code == 0
    again = hyoka(
        env,
        "evaluate",
        "record",
        "1",
        *unit,
        "--evaluator",
        "self",
        "--rating",
        "C",
        "--reason",
        "書き換え",
        "--improvement",
        "…",
    )
    assert again.exit_code == 2
    assert "published" in again.output
    replaced = hyoka(
        env,
        "evaluate",
        "supersede",
        "1",
        "--rating",
        "B",
        "--reason",
        "実績を確認した。",
        "--why",
        "実績の報告漏れ",
        "--author",
        "評価担当",
    )
    assert replaced.exit_code == 0, replaced.output


@pytest.mark.parametrize("fmt", ["xlsx", "md", "html"])
def test_report_in_each_format(env: dict[str, str], tmp_path: Path, fmt: str) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    out = tmp_path / f"report.{fmt}"
    result = hyoka(env, "evaluate", "report", "1", "--year", "2026", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt != "xlsx":
        assert "総合評定" in out.read_text(encoding="utf-8")


def test_stages_are_checked_by_propose_record_and_report(env: dict[str, str], tmp_path: Path) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    early = hyoka(env, "evaluate", "propose", "1", "--year", "2027", "--stage", "expected")
    assert early.exit_code == 2
    assert "見込評価" in early.output
    assert "FY2029" in early.output
    assert hyoka(env, "evaluate", "propose", "1", "--year", "2029", "--stage", "expected", "--json").exit_code == 0
    out = tmp_path / "r.md"
    outside = hyoka(env, "evaluate", "report", "1", "--year", "1999", "--format", "md", "--out", str(out))
    assert outside.exit_code == 2
    assert "FY1999" in outside.output
    assert "FY2026–FY2030" in outside.output
    record = ["evaluate", "record", "1", "--unit", "技術相談・技術支援の充実", "--evaluator", "self", "--rating", "B"]
    refused = hyoka(env, *record, "--year", "2026", "--stage", "period_end", "--reason", "r", "--author", "x")
    assert refused.exit_code == 2
    assert "期間実績評価" in refused.output


def test_propose_json_lists_the_steps(env: dict[str, str]) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    result = hyoka(env, "evaluate", "propose", "1", "--year", "2026", "--json")
    assert result.exit_code == 0, result.output
    units = json.loads(result.output)
    assert [s["name"] for s in units[0]["steps"]] == ["achievement", "thresholds", "uplift", "top_grade", "departure"]


def test_order_of_self_and_ministry_and_unit_names_by_title(env: dict[str, str]) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    common = ["--year", "2026", "--rating", "B", "--reason", "達成", "--author", "担当"]
    unit = ["--unit", "業務運営の効率化に関する事項"]
    first = hyoka(env, "evaluate", "record", "1", *unit, "--evaluator", "ministry", *common)
    assert first.exit_code == 2
    assert "self-evaluation" in first.output
    own = hyoka(env, "evaluate", "record", "1", *unit, "--evaluator", "self", *common)
    assert own.exit_code == 0, own.output
    assert "業務運営の効率化に関する事項" in own.output
    assert hyoka(env, "evaluate", "record", "1", *unit, "--evaluator", "ministry", *common).exit_code == 0
    ambiguous = hyoka(env, "evaluate", "record", "1", "--unit", "存在しない単位", "--evaluator", "self", *common)
    assert ambiguous.exit_code == 2
    assert "no evaluation unit" in ambiguous.output


def test_a_finding_is_recorded_listed_and_withdrawn(env: dict[str, str]) -> None:
    assert hyoka(env, "ingest", str(sample_path())).exit_code == 0
    none_yet = hyoka(env, "evaluate", "finding", "list", "1", "--year", "2026")
    assert none_yet.exit_code == 0
    assert "認定はありません" in none_yet.output  # said, not an empty screen
    where = ["--unit", "技術相談・技術支援の充実", "--year", "2026", "--evaluator", "ministry"]
    recorded = hyoka(
        env, "evaluate", "finding", "record", "1", *where, "--reason", "内部統制の不備", "--by", "評価担当"
    )
    assert recorded.exit_code == 0, recorded.output
    twice = hyoka(env, "evaluate", "finding", "record", "1", *where, "--reason", "再度", "--by", "評価担当")
    assert twice.exit_code == 2
    assert "already in force" in twice.output
    listed = hyoka(env, "evaluate", "finding", "list", "1", "--year", "2026")
    assert "内部統制の不備" in listed.output
    assert "有効" in listed.output
    no_reason = hyoka(env, "evaluate", "finding", "withdraw", "1", "--reason", " ", "--by", "評価担当")
    assert no_reason.exit_code == 2
    assert hyoka(env, "evaluate", "finding", "withdraw", "1", "--reason", "事実誤認", "--by", "評価担当").exit_code == 0
    assert "取下げ" in hyoka(env, "evaluate", "finding", "list", "1", "--year", "2026").output
