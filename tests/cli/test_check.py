"""`hyoka check`: formats, exit codes (0/1/2/3), policies (bad ones refused), waivers, baselines,
stored documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hyoka.cli import app
from tests.review.documents import document_text

# an M document whose efficiency chapter has no number (R-QNT-03, an error) and whose other chapter
# has no word of the head's management (R-GOV-02, info)
FLAWED = {
    "efficiency": (
        "第４　業務運営の効率化に関する事項\n\n１．経費の効率化\n\n令和８年度までに経費の効率化計画を策定する。\n\n"
        "２．業務の電子化\n\n「情報システムの整備及び管理の基本的な方針」にのっとり、令和９年度までに申請手続を"
        "オンライン化すること。\n"
    ),
    "other": "第６　その他業務運営に関する重要事項\n\n１．内部統制の充実\n\n内部統制委員会による点検を毎年度実施すること。\n",
}
# only warnings: a leaf item of effort verbs (R-TGT-04)
WARNED = {
    "other": (
        "第６　その他業務運営に関する重要事項\n\n１．内部統制の充実\n\n理事長のリーダーシップの下、内部統制の点検を"
        "毎年度実施すること。\n\n２．広報の推進\n\n国民の理解の増進に努める。\n"
    )
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "COLUMNS": "200"}


def hyoka(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def _write(tmp_path: Path, name: str, parts: dict[str, str] | None = None) -> Path:
    path = tmp_path / name
    path.write_text(document_text("M", parts), encoding="utf-8")
    return path


def _json(result: Result) -> dict[str, object]:
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_a_clean_document_exits_0_with_no_findings(env: dict[str, str], tmp_path: Path) -> None:
    result = hyoka(env, "check", str(_write(tmp_path, "clean.txt")))
    assert result.exit_code == 0, result.output
    assert "指摘はありません。" in result.stdout
    assert "エラー 0 件、警告 0 件、情報 0 件" in result.stdout


def test_an_error_exits_1_and_the_table_points_at_the_line(env: dict[str, str], tmp_path: Path) -> None:
    path = _write(tmp_path, "draft.txt", FLAWED)
    result = hyoka(env, "check", str(path))
    assert result.exit_code == 1, result.output
    heading = path.read_text(encoding="utf-8").splitlines().index("第４　業務運営の効率化に関する事項") + 1
    row = next(line for line in result.stdout.splitlines() if "R-QNT-03" in line)
    assert row.split("│")[0].strip() == str(heading)
    assert "エラー" in row
    assert "業務運営の効率化の章に数値目標がありません。" in row
    assert "独立行政法人架空試験機構" in result.stdout
    assert "中期目標管理法人" in result.stdout


def test_explain_adds_the_rule_explanation(env: dict[str, str], tmp_path: Path) -> None:
    result = hyoka(env, "check", str(_write(tmp_path, "draft.txt", FLAWED)), "--explain")
    assert "原則として定量的に定める" in result.stdout


def test_warnings_fail_only_with_fail_on_warning(env: dict[str, str], tmp_path: Path) -> None:
    path = str(_write(tmp_path, "warned.txt", WARNED))
    assert hyoka(env, "check", path).exit_code == 0
    assert hyoka(env, "check", path, "--fail-on", "warning").exit_code == 1
    assert hyoka(env, "check", path, "--fail-on", "error").exit_code == 0


def test_json_is_the_report_model(env: dict[str, str], tmp_path: Path) -> None:
    path = _write(tmp_path, "draft.txt", FLAWED)
    result = hyoka(env, "check", str(path), "--format", "json")
    assert result.exit_code == 1
    data = _json(result)
    assert set(data) == {"tool", "version", "policy", "input", "documents", "summary"}
    assert data["tool"] == "hyoka"
    assert data["policy"]["name"] == "default"  # type: ignore[index]
    (document,) = data["documents"]  # type: ignore[misc]
    assert document["category"] == "M"
    assert document["kind"] == "中期目標"
    assert {f["rule_id"] for f in document["findings"]} == {"R-QNT-03", "R-GOV-02"}
    assert data["summary"] == {"error": 1, "warning": 0, "info": 1, "waived": 0}
    finding = next(f for f in document["findings"] if f["rule_id"] == "R-QNT-03")
    assert finding["location"]["subject"] == "section"
    assert finding["location"]["section_path"] == ["第４"]
    assert finding["basis"] == "text"
    assert len(finding["fingerprint"]) == 32


def test_out_writes_sarif_and_json_files(env: dict[str, str], tmp_path: Path) -> None:
    path = str(_write(tmp_path, "draft.txt", FLAWED))
    sarif = tmp_path / "out" / "findings.sarif"
    assert hyoka(env, "check", path, "--out", str(sarif)).exit_code == 1
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    report = tmp_path / "findings.json"
    assert hyoka(env, "check", path, "--format", "json", "--out", str(report)).exit_code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["error"] == 1


def test_an_out_name_that_does_not_fit_the_format_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    result = hyoka(env, "check", str(_write(tmp_path, "d.txt")), "--format", "json", "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "must end in .json" in result.output


def test_a_missing_file_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    result = hyoka(env, "check", str(tmp_path / "nothing.txt"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_a_text_with_no_objective_document_exits_3(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("会議の議事録です。\n出席者は五名でした。\n", encoding="utf-8")
    assert hyoka(env, "check", str(path)).exit_code == 3


@pytest.mark.parametrize(
    ("policy", "named"),
    [
        ('fail_on = "fatal"\n', "fail_on"),
        ("colour = 1\n", "'colour'"),
        ("[rules.R-NOPE-01]\nenabled = true\n", "rules.R-NOPE-01"),
        ("[rules.R-FLAG-01]\nmin_reason_chars = -3\n", "rules.R-FLAG-01.min_reason_chars"),
        ("[rules.R-FLAG-01]\nreason_length = 3\n", "rules.R-FLAG-01.reason_length"),
        ('[rules.R-FLAG-01]\nseverity = "fatal"\n', "rules.R-FLAG-01.severity"),
        ("[rules.R-PERIOD-01]\nmid_term_years = [5, 3]\n", "rules.R-PERIOD-01.mid_term_years"),
        ('[categories]\n"doc-1" = "X"\n', "categories.doc-1"),
        ('[[waivers]]\nrule = "R-QNT-03"\nfingerprint = "abc"\n', "waivers[0].reason"),
        ("name = [\n", "not valid TOML"),
    ],
)
def test_a_bad_policy_exits_2_naming_the_file_and_key(
    env: dict[str, str], tmp_path: Path, policy: str, named: str
) -> None:
    policy_file = tmp_path / "check-policy.toml"
    policy_file.write_text(policy, encoding="utf-8")
    result = hyoka(env, "check", str(_write(tmp_path, "d.txt")), "--policy", str(policy_file))
    assert result.exit_code == 2
    assert str(policy_file) in result.output
    assert named in result.output


def test_the_policy_from_the_settings_sets_severities_and_fail_on(env: dict[str, str], tmp_path: Path) -> None:
    policy_file = tmp_path / "ministry.toml"
    policy_file.write_text('name = "架空省"\nfail_on = "info"\n[rules.R-QNT-03]\nseverity = "info"\n', encoding="utf-8")
    path = str(_write(tmp_path, "draft.txt", FLAWED))
    result = hyoka({**env, "HYOKA_CHECK_POLICY_FILE": str(policy_file)}, "check", path, "--format", "json")
    assert result.exit_code == 1  # fail_on info: the two infos fail
    data = _json(result)
    assert data["policy"]["name"] == "架空省"  # type: ignore[index]
    assert data["summary"] == {"error": 0, "warning": 0, "info": 2, "waived": 0}
    assert (
        hyoka({**env, "HYOKA_CHECK_POLICY_FILE": str(policy_file)}, "check", path, "--fail-on", "warning").exit_code
        == 0
    )


def test_a_disabled_rule_does_not_run(env: dict[str, str], tmp_path: Path) -> None:
    policy_file = tmp_path / "p.toml"
    policy_file.write_text("[rules.R-QNT-03]\nenabled = false\n", encoding="utf-8")
    result = hyoka(
        env, "check", str(_write(tmp_path, "d.txt", FLAWED)), "--policy", str(policy_file), "--format", "json"
    )
    assert result.exit_code == 0
    assert "R-QNT-03" not in result.stdout


def test_a_waived_finding_is_reported_marked_and_fails_nothing(env: dict[str, str], tmp_path: Path) -> None:
    path = str(_write(tmp_path, "draft.txt", FLAWED))
    first = _json(hyoka(env, "check", path, "--format", "json"))
    finding = next(f for f in first["documents"][0]["findings"] if f["rule_id"] == "R-QNT-03")  # type: ignore[index]
    policy_file = tmp_path / "p.toml"
    policy_file.write_text(
        f'[[waivers]]\nrule = "R-QNT-03"\nfingerprint = "{finding["fingerprint"]}"\n'
        'reason = "効率化目標を定性的に定めることは主務省と合意済み"\nwho = "評価室"\n',
        encoding="utf-8",
    )
    result = hyoka(env, "check", path, "--policy", str(policy_file), "--format", "json")
    assert result.exit_code == 0
    data = _json(result)
    waived = next(f for f in data["documents"][0]["findings"] if f["rule_id"] == "R-QNT-03")  # type: ignore[index]
    assert waived["waived"] is True
    assert waived["waiver_reason"] == "効率化目標を定性的に定めることは主務省と合意済み"
    assert data["summary"] == {"error": 0, "warning": 0, "info": 1, "waived": 1}
    table = hyoka(env, "check", path, "--policy", str(policy_file))
    assert "エラー（免除）" in table.stdout


def test_a_waiver_survives_an_edit_elsewhere(env: dict[str, str], tmp_path: Path) -> None:
    path = _write(tmp_path, "draft.txt", FLAWED)
    before = _json(hyoka(env, "check", str(path), "--format", "json"))
    edited = path.read_text(encoding="utf-8").replace(
        "第２　中期目標の期間", "（序文の追加段落です。）\n\n第２　中期目標の期間"
    )
    path.write_text(edited, encoding="utf-8")
    after = _json(hyoka(env, "check", str(path), "--format", "json"))
    prints = [{f["rule_id"]: f["fingerprint"] for f in r["documents"][0]["findings"]} for r in (before, after)]  # type: ignore[index]
    lines = [{f["rule_id"]: f["location"]["line"] for f in r["documents"][0]["findings"]} for r in (before, after)]  # type: ignore[index]
    assert prints[0] == prints[1]
    assert lines[0]["R-QNT-03"] != lines[1]["R-QNT-03"]


def test_a_baseline_lists_known_findings_as_existing(env: dict[str, str], tmp_path: Path) -> None:
    path = str(_write(tmp_path, "draft.txt", FLAWED))
    run = tmp_path / "run.json"
    assert hyoka(env, "check", path, "--format", "json", "--out", str(run)).exit_code == 1
    result = hyoka(env, "check", path, "--baseline", str(run), "--format", "json")
    assert result.exit_code == 0
    assert all(f["existing"] for f in _json(result)["documents"][0]["findings"])  # type: ignore[index]
    sarif = tmp_path / "run.sarif"
    hyoka(env, "check", path, "--out", str(sarif))
    assert hyoka(env, "check", path, "--baseline", str(sarif)).exit_code == 0
    # a finding new since the baseline still fails
    flawed_more = {**FLAWED, "finance": ""}
    newer = str(_write(tmp_path, "draft.txt", flawed_more))
    result = hyoka(env, "check", newer, "--baseline", str(run), "--format", "json")
    assert result.exit_code == 1
    new = [f for f in _json(result)["documents"][0]["findings"] if not f["existing"]]  # type: ignore[index]
    assert {f["rule_id"] for f in new} >= {"R-STRUCT-03"}


def test_a_bad_baseline_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "run.json"
    bad.write_text('{"something": "else"}', encoding="utf-8")
    result = hyoka(env, "check", str(_write(tmp_path, "d.txt")), "--baseline", str(bad))
    assert result.exit_code == 2
    assert str(bad) in result.output


def test_a_stored_document_is_checked_by_its_id(env: dict[str, str], tmp_path: Path) -> None:
    path = _write(tmp_path, "draft.txt", FLAWED)
    assert hyoka(env, "ingest", str(path)).exit_code == 0
    result = hyoka(env, "check", "1", "--format", "json")
    assert result.exit_code == 1, result.output
    data = _json(result)
    assert data["input"]["path"] == "draft.txt"  # type: ignore[index]
    assert {f["rule_id"] for f in data["documents"][0]["findings"]} == {"R-QNT-03", "R-GOV-02"}  # type: ignore[index]
    assert hyoka(env, "check", "99").exit_code == 2


def test_several_inputs_are_one_list_and_one_sarif_run(env: dict[str, str], tmp_path: Path) -> None:
    one, two = str(_write(tmp_path, "a.txt")), str(_write(tmp_path, "b.txt", FLAWED))
    result = hyoka(env, "check", one, two, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["input"]["path"] for r in data] == [one, two]
    sarif = json.loads(hyoka(env, "check", one, two, "--format", "sarif").stdout)
    assert len(sarif["runs"]) == 1
    assert len(sarif["runs"][0]["artifacts"]) == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02" * 50),
        ("fake.docx", b"PK\x03\x04" + b"\x00" * 60),
        ("fake.pdf", b"%PDF-1.7\n garbage"),
        ("folder", None),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(
    env: dict[str, str], tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = hyoka(env, "check", str(path))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(path) in result.output


@pytest.mark.parametrize("option", ["--policy", "--baseline"])
def test_a_folder_as_policy_or_baseline_exits_2(env: dict[str, str], tmp_path: Path, option: str) -> None:
    result = hyoka(env, "check", str(_write(tmp_path, "d.txt")), option, str(tmp_path))
    assert result.exit_code == 2
    assert "cannot read" in result.output
