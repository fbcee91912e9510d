"""No command shows a Python traceback: every command, given bad arguments, bad files and bad
paths, ends with a clean message and exit status 1 (the job failed) or 2 (bad input).

The commands run in-process (`CliRunner`), where an unexpected exception surfaces as the
result's exception instead of a traceback on a terminal: any exception other than the exit
itself fails the case. The guard of last resort (`hyoka.cli.app.run`) is tested on its own.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.samples import sample_path

app_module = importlib.import_module("hyoka.cli.app")  # the module; `hyoka.cli.app` the attribute is the Typer app

DOCX_GARBAGE = b"PK\x03\x04" + b"\x00" * 60


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a database holding the sample (document 1, with one self-evaluation) and bad files."""
    folder = tmp_path_factory.mktemp("robust")
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{folder / 'hyoka.sqlite'}"}
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(sample_path())], env=env).exit_code == 0
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "hello.txt").write_text("hello, world\n", encoding="utf-8")
    (folder / "fake.docx").write_bytes(DOCX_GARBAGE)
    (folder / "fake.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (folder / "fake.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "columns.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "rows.csv").write_text("目標ID,年度,実績値\n1,1999,abc\n", encoding="utf-8")
    (folder / "latin1.csv").write_bytes("目標ID,年度,実績値\n".encode("cp932"))
    (folder / "policy.toml").write_text("thresholds = [", encoding="utf-8")
    (folder / "empty.toml").write_text("", encoding="utf-8")
    (folder / "a-file").write_text("x", encoding="utf-8")
    (folder / "folder").mkdir()
    (folder / "folder" / "empty-dir").mkdir()
    return folder


def _record(**change: str) -> list[str]:
    """`evaluate record` with one option changed from a valid call."""
    given = {"unit": "総合", "year": "2026", "evaluator": "self", "rating": "B", "reason": "r", "author": "a"} | change
    doc = given.pop("doc", "1")
    return ["evaluate", "record", doc, *(part for key, value in given.items() for part in (f"--{key}", value))]


def _options(command: list[str], given: dict[str, str]) -> list[str]:
    doc = given.pop("doc", "1")
    return [*command, doc, *(part for key, value in given.items() for part in (f"--{key}", value))]


def _main_result(**change: str) -> list[str]:
    given = {"unit": "総合", "year": "2026", "stage": "annual", "by": "課", "text": "t"} | change
    if "file" in change:
        del given["text"]
    return _options(["results", "main-result"], given)


def _finding(**change: str) -> list[str]:
    given = {"unit": "研究開発の推進", "year": "2026", "evaluator": "self", "reason": "r", "by": "課"} | change
    return _options(["evaluate", "finding", "record"], given)


def _sheet_set(**change: str) -> list[str]:
    given = {"year": "2026", "unit": "総合", "field": "overall_account", "text": "t", "by": "課"} | change
    return _options(["evaluate", "sheet", "set"], given)


def _cases(p: Path) -> list[tuple[list[str], dict[str, str]]]:
    db = {"HYOKA_DATABASE_URL": f"sqlite:///{p / 'hyoka.sqlite'}"}
    nowhere = str(p / "missing.txt")
    bad_files = ["empty.txt", "binary.txt", "hello.txt", "fake.docx", "fake.pdf", "old.doc", "folder", "missing.txt"]
    cases: list[tuple[list[str], dict[str, str]]] = []
    for command in ("parse", "targets"):
        cases += [([command, str(p / name)], db) for name in bad_files]
        cases += [([command, str(sample_path())], {**db, "HYOKA_MAX_INPUT_MB": "0.001"})]
    cases += [
        (["demo", "extra"], db),
        (["schema", "extra"], db),
        (["nonsense"], db),
        (["ingest", nowhere], db),
        (["ingest", str(p / "folder" / "empty-dir")], db),
        (["ingest", str(p / "binary.txt"), str(p / "hello.txt")], db),
        (["list"], {"HYOKA_DATABASE_URL": "garbage://"}),
        (["list"], {"HYOKA_DATABASE_URL": "sqlite:////proc/hyoka-test/hyoka.sqlite"}),
        (["list"], {"HYOKA_DATABASE_URL": f"sqlite:///{p / 'a-file' / 'x.sqlite'}"}),
        (["list"], {"HYOKA_DATABASE_URL": "postgresql+psycopg://nobody:x@127.0.0.1:1/none"}),
        (["list"], {**db, "HYOKA_LOCK_TIMEOUT": "soon"}),
        (["list"], {**db, "HYOKA_MAX_INPUT_MB": "-1"}),
        (["show", "abc"], db),
        (["show", "999"], db),
        (["export", "--format", "pdf", "--out", str(p / "x.pdf")], db),
        (["export", "--format", "xlsx", "--out", str(p / "folder")], db),
        (["export", "--format", "json", "--out", str(p / "x.xlsx")], db),
        (["export", "--format", "csv", "--out", str(p / "a-file")], db),
        (["export", "--format", "json", "--out", str(p / "a-file" / "x.json")], db),
        (["export", "--format", "json", "--out", "/proc/hyoka-test.json"], db),
        (["export", "--format", "json", "--out", str(p / "x.json"), "--doc", "999"], db),
        (["search"], db),
        (["search", "機構", "--section", "nowhere"], db),
        (["search", "機構", "--limit", "0"], db),
        (["results", "template", "999", "--out", str(p / "t.xlsx")], db),
        (["results", "template", "1", "--out", str(p / "t.pdf")], db),
        (["results", "template", "1", "--out", str(p / "folder")], db),
        (["results", "template", "1", "--out", str(p / "a-file" / "t.xlsx")], db),
        (["results", "template", "1"], db),
        (["results", "import", nowhere, "--by", "企画課"], db),
        (["results", "import", str(p / "fake.xlsx"), "--by", "企画課"], db),
        (["results", "import", str(p / "columns.csv"), "--by", "企画課"], db),
        (["results", "import", str(p / "rows.csv"), "--by", "企画課"], db),
        (["results", "import", str(p / "latin1.csv"), "--by", "企画課"], db),
        (["results", "import", str(p / "rows.csv"), "--by", "  "], db),
        (["results", "import", str(p / "folder"), "--by", "企画課"], db),
        (["policy", "show"], {**db, "HYOKA_POLICY_FILE": nowhere}),
        (["policy", "show"], {**db, "HYOKA_POLICY_FILE": str(p / "policy.toml")}),
        (["policy", "show"], {**db, "HYOKA_POLICY_FILE": str(p / "folder")}),
        (["evaluate", "propose", "999", "--year", "2026"], db),
        (["evaluate", "propose", "1", "--year", "abc"], db),
        (["evaluate", "propose", "1"], db),
        (_record(unit="なし"), db),
        (_record(rating="X"), db),
        (_record(author="　"), db),
        (_record(reason=""), db),
        (_record(evaluator="nobody"), db),
        (_record(doc="999"), db),
        (["evaluate", "publish", "999", "--by", "大臣"], db),
        (["evaluate", "publish", "1", "--by", ""], db),
        (["evaluate", "supersede", "999", "--rating", "B", "--reason", "r", "--why", "w", "--author", "a"], db),
        (["evaluate", "report", "1", "--year", "2026", "--format", "pdf", "--out", str(p / "r.pdf")], db),
        (["evaluate", "report", "1", "--year", "2026", "--format", "xlsx", "--out", str(p / "folder")], db),
        (["evaluate", "report", "1", "--year", "2026", "--format", "md", "--out", str(p / "r.xlsx")], db),
        (["evaluate", "report", "1", "--year", "2026", "--format", "html", "--out", "/proc/hyoka-test.html"], db),
        (["evaluate", "report", "999", "--year", "2026", "--format", "md", "--out", str(p / "r.md")], db),
        (["backup", str(p / "b.txt")], db),
        (["backup", str(p / "folder")], db),
        (["backup", str(p / "a-file" / "b.sqlite")], db),
        (["restore", nowhere], db),
        (["restore", str(p / "hello.txt")], db),
        (["restore", str(p / "folder")], db),
        (["check", nowhere], db),
        (["check", str(p / "folder")], db),
        (["check", str(p / "binary.txt")], db),
        (["check", "999"], db),
        (["check", str(sample_path()), "--format", "nonsense"], db),
        (["check", str(sample_path()), "--policy", nowhere], db),
        (["diff", nowhere, str(sample_path())], db),
        (["diff", "999", "1"], db),
        (["diff", "1@9", "1"], db),
        (["diff", str(p / "binary.txt"), str(sample_path())], db),
        (["diff", "1", "1", "--format", "pdf"], db),
        (["serve", "--port", "abc"], db),
        (["serve", "--port", "70000"], db),
        (["serve", "--workers", "0"], db),
        (["serve", "--host", "192.0.2.1", "--port", "8000"], db),  # not an address of this machine
        (["results", "plan-template", "999", "--out", str(p / "p.xlsx")], db),
        (["results", "plan-template", "1", "--out", str(p / "p.pdf")], db),
        (["results", "plan-template", "1", "--out", str(p / "folder")], db),
        (["results", "plan-import", nowhere, "--by", "企画課"], db),
        (["results", "plan-import", str(p / "columns.csv"), "--by", "企画課"], db),
        (["results", "plan-import", str(p / "columns.csv"), "--by", " "], db),
        (["results", "plans", "999"], db),
        (["results", "plans", "abc"], db),
        (_main_result(unit="なし"), db),
        (_main_result(stage="never"), db),
        (_main_result(by=""), db),
        (_main_result(file=nowhere), db),
        (["results", "main-results", "999"], db),
        (["results", "main-results-import", "1", str(p / "policy.toml"), "--by", "課"], db),
        (["results", "main-results-import", "1", nowhere, "--by", "課"], db),
        (["results", "main-results-import", "1", str(p / "empty.toml"), "--by", "課"], db),
        (_finding(doc="999"), db),
        (_finding(unit="総合"), db),
        (_finding(by=""), db),
        (["evaluate", "finding", "withdraw", "999", "--reason", "r", "--by", "課"], db),
        (["evaluate", "finding", "list", "999", "--year", "2026"], db),
        (["evaluate", "finding", "list", "1", "--year", "abc"], db),
        (["evaluate", "sheet", "fields", "extra"], db),
        (_sheet_set(field="nonsense"), db),
        (_sheet_set(doc="999"), db),
        (_sheet_set(by="　"), db),
        (["evaluate", "sheet", "import", "1", str(p / "policy.toml"), "--by", "課"], db),
        (["evaluate", "sheet", "import", "1", nowhere, "--by", "課"], db),
        (["evaluate", "sheet", "show", "999", "--year", "2026"], db),
    ]
    return cases


CASES = _cases(Path("/PLACE"))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[" ".join(c[0][:3]) for c in CASES])
def test_bad_input_gives_one_line_and_status_1_or_2(index: int, place: Path) -> None:
    args, env = _cases(place)[index]
    result = CliRunner().invoke(app, args, env={**env, "COLUMNS": "200", "HYOKA_DATA_DIR": str(place / "data")})
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {type(result.exception).__name__}: {result.exception}\n{result.output}"
    )
    assert result.exit_code in (1, 2), f"{args}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    message = result.stderr.strip() or result.stdout.strip()
    assert message, f"{args}: no message at all"
    if result.stderr.strip() and "Usage:" not in result.stderr:
        assert len(result.stderr.strip().splitlines()) >= 1
        assert "error" in result.stderr.lower(), result.stderr


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's path, group by group (Typer's groups are not click's own class)."""
    subcommands = getattr(command, "commands", None)
    if subcommands:
        return [found for name, sub in subcommands.items() for found in _commands(sub, (*path, name))]
    return [path]


def test_every_command_is_tried_with_bad_input() -> None:
    """A command added without its bad-input cases above fails here."""
    tried = {tuple(args[:depth]) for args, _ in CASES for depth in range(1, 4)}
    missing = [" ".join(path) for path in _commands(typer.main.get_command(app)) if path not in tried]
    assert not missing, f"commands never given bad input in this file: {missing}"


def test_the_last_guard_turns_a_bug_into_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise RuntimeError("the store exploded\nsecond line")

    monkeypatch.setattr(app_module, "app", broken)
    monkeypatch.setenv("HYOKA_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as exited:
        app_module.run()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "unexpected RuntimeError: the store exploded (a bug in hyoka" in err
    log = tmp_path / "crash.log"
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert os.path.getsize(log) > 0
