"""Start-up: a command pays only for what it uses, and builds its settings once.

Each case runs the CLI in a fresh interpreter (`hyoka.cli.main`, the console script's entry
point, with `sys.argv` patched), then reports which modules were imported, the exit status
and how many times `Settings.from_env` was called. A module imported at start-up stays in
`sys.modules`, so a heavy dependency pulled in by a command that does not need it shows up
here. No timing is asserted: `benchmarks/startup.py` measures the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hyoka.cli import stored
from hyoka.report.export import TABLE_NAMES, ExportFormat
from hyoka.samples import sample_path
from hyoka.store.search import SECTION_KINDS
from tests.sources.pdf_maker import make_pdf

REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120

# Top-level packages that only some commands need: the store (SQLAlchemy, Alembic), the
# spreadsheets and reports (openpyxl, Jinja2), and the PDF and Word readers.
HEAVY = ("sqlalchemy", "alembic", "openpyxl", "jinja2", "pypdfium2", "docx")
# hyoka's own packages that pull them in.
STORE_AND_EVALUATION = ("hyoka.store", "hyoka.evaluate")

# Runs in the child: count Settings.from_env, run the command, print what happened as JSON.
CHILD = """
import contextlib, io, json, sys

from hyoka.settings import Settings

calls = []
from_env = Settings.from_env.__func__


def counted(cls, env=None):
    calls.append(1)
    return from_env(cls, env)


Settings.from_env = classmethod(counted)
sys.argv = ["hyoka", *json.loads(sys.argv[1])]
out, err = io.StringIO(), io.StringIO()
status = 0
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    from hyoka.cli import main

    try:
        main()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
print(json.dumps({
    "status": status,
    "settings_calls": len(calls),
    "modules": sorted(sys.modules),
    "stdout": out.getvalue(),
    "stderr": err.getvalue(),
}))
"""


def run_in_fresh_process(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, f"the child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    outcome: dict[str, Any] = json.loads(proc.stdout)
    assert outcome["status"] == 0, f"hyoka {' '.join(args)} exited {outcome['status']}:\n{outcome['stderr']}"
    return outcome


def loaded(outcome: dict[str, Any], packages: tuple[str, ...]) -> list[str]:
    """The modules of `packages` (top-level names, or dotted ones) the command imported."""
    return [
        name
        for name in outcome["modules"]
        if any(name == package or name.startswith(f"{package}.") for package in packages)
    ]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A database and a data folder of the test's own: nothing touches the user's."""
    return {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'hyoka.sqlite'}", "HYOKA_DATA_DIR": str(tmp_path / "data")}


SAMPLE = str(sample_path())
TEXT_COMMANDS = {
    "parse": (["parse", SAMPLE], 1),
    "parse --json": (["parse", SAMPLE, "--json"], 1),
    "targets": (["targets", SAMPLE], 1),
    "demo": (["demo"], 0),
    "schema": (["schema"], 0),
    "--help": (["--help"], 0),
    "--version": (["--version"], 0),
}


@pytest.mark.parametrize("name", list(TEXT_COMMANDS))
def test_commands_on_text_import_no_store_report_or_reader(name: str, env: dict[str, str]) -> None:
    args, settings_calls = TEXT_COMMANDS[name]
    outcome = run_in_fresh_process(args, env)
    assert loaded(outcome, HEAVY) == [], f"hyoka {name} imported them without needing them"
    assert loaded(outcome, STORE_AND_EVALUATION) == [], f"hyoka {name} imported them without needing them"
    assert outcome["settings_calls"] == settings_calls


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_import_neither_the_parser_nor_the_models(args: list[str], env: dict[str, str]) -> None:
    outcome = run_in_fresh_process(args, env)
    assert loaded(outcome, ("hyoka.parse", "hyoka.model", "hyoka.sources", "hyoka.report")) == []


def test_the_help_still_lists_every_command(env: dict[str, str]) -> None:
    outcome = run_in_fresh_process(["--help"], env)
    for command in ("parse", "targets", "ingest", "list", "export", "search", "results", "evaluate", "backup"):
        assert f" {command} " in outcome["stdout"], outcome["stdout"]


def test_parsing_a_pdf_imports_pypdfium2_and_nothing_else_heavy(tmp_path: Path, env: dict[str, str]) -> None:
    pdf = make_pdf(sample_path().read_text(encoding="utf-8").split("\n"), tmp_path / "objectives.pdf")
    outcome = run_in_fresh_process(["parse", str(pdf), "--json"], env)
    assert json.loads(outcome["stdout"])["source"]["format"] == "pdf"
    assert "pypdfium2" in outcome["modules"]  # the check sees a module imported only when needed
    assert loaded(outcome, tuple(name for name in HEAVY if name != "pypdfium2")) == []
    assert outcome["settings_calls"] == 1


def test_list_imports_the_store_and_reads_the_settings_once(env: dict[str, str]) -> None:
    outcome = run_in_fresh_process(["list", "--json"], env)
    assert json.loads(outcome["stdout"]) == []
    assert "sqlalchemy" in outcome["modules"]
    assert "hyoka.store.database" in outcome["modules"]
    assert loaded(outcome, ("openpyxl", "jinja2", "pypdfium2", "docx")) == []
    assert outcome["settings_calls"] == 1


def test_ingest_reads_the_settings_once_though_two_places_ask(env: dict[str, str]) -> None:
    # `ingest` asks for the settings itself and again to open the database: they are built once.
    outcome = run_in_fresh_process(["ingest", SAMPLE], env)
    assert outcome["settings_calls"] == 1


# --- what the CLI repeats to stay light, kept equal to the original ------------------------------


def test_export_format_choices_are_the_exporters() -> None:
    assert [member.value for member in stored.ExportFormatOption] == [member.value for member in ExportFormat]


def test_export_table_choices_are_the_exporters() -> None:
    assert [member.value for member in stored.ExportTableOption] == list(TABLE_NAMES)


def test_search_section_kinds_are_the_stores() -> None:
    assert stored.SECTION_KINDS == SECTION_KINDS
