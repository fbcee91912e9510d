"""The evaluation commands on the bundled sample: policy, proposals, records, finality, reports."""

from __future__ import annotations

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
        "ministry",
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
        "ministry",
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
