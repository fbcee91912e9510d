"""The `hyoka` command as a user runs it: a real process, real exit status, stdout and stderr apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from hyoka import __version__
from hyoka.cli import app
from hyoka.model import PARSE_SCHEMA, ParseResult
from hyoka.samples import sample_path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO_ROOT / "docs" / "parse-json.schema.json"
REGENERATE = "uv run hyoka schema > docs/parse-json.schema.json"
EXIT_BAD_INPUT = 2
AGENCY = "日本架空技術振興機構"
TIMEOUT_S = 120


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"FORCE_COLOR", "COLUMNS"}}
    # A narrow terminal, so a message that Rich would wrap shows up as more than one line.
    env |= {"COLUMNS": "60", "NO_COLOR": "1", "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    return env


def hyoka(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hyoka", *map(str, args)],
        cwd=REPO_ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=TIMEOUT_S,
    )


def _report(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"


def _parse_json(path: Path) -> dict[str, Any]:
    proc = hyoka("parse", path, "--json")
    assert proc.returncode == 0, _report(proc)
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


# --- happy paths --------------------------------------------------------------------------------


def test_version() -> None:
    proc = hyoka("--version")
    assert proc.returncode == 0, _report(proc)
    assert proc.stdout.strip() == f"hyoka {__version__}"


def test_parse_json_follows_the_contract() -> None:
    data = _parse_json(sample_path())
    assert data["schema"] == PARSE_SCHEMA == "hyoka.parse/1"
    ParseResult.model_validate(data)  # the printed JSON reads back into the contract models
    assert data["source"]["encoding"] == "utf-8"
    assert len(data["documents"]) == 1
    document = data["documents"][0]
    assert document["agency"] == {
        "name": AGENCY,
        "legal_type": "独立行政法人",
        "full_name": f"独立行政法人{AGENCY}",
    }
    assert document["kind"] == "中期目標"
    assert document["draft"] is True
    assert document["ministries"] == ["経済産業省"]
    assert document["period"]["start"] == "2026-04-01"
    assert document["period"]["end"] == "2031-03-31"
    assert document["span"]["start_line"] == 1
    assert [section["label"] for section in document["sections"]] == [f"第{n}" for n in "１２３４５６"]
    assert [annex["kind"] for annex in document["annexes"]] == [
        "policy_diagram",
        "evaluation_axes",
        "mission_relation",
    ]


def test_parse_without_json_prints_an_outline() -> None:
    proc = hyoka("parse", sample_path())
    assert proc.returncode == 0, _report(proc)
    assert AGENCY in proc.stdout
    assert "第３" in proc.stdout
    assert proc.stderr == ""


def test_demo_prints_the_sample_outline() -> None:
    proc = hyoka("demo")
    assert proc.returncode == 0, _report(proc)
    assert AGENCY in proc.stdout
    assert "第３" in proc.stdout


def test_targets_lists_the_sample_targets() -> None:
    proc = hyoka("targets", sample_path())
    assert proc.returncode == 0, _report(proc)
    assert "定量目標" in proc.stdout
    assert "4,500件以上" in proc.stdout  # the level column never wraps, even at 60 columns
    assert proc.stderr == ""


def test_outline_shows_marks_and_axes() -> None:
    proc = hyoka("parse", sample_path())
    assert "【重要度：高】" in proc.stdout
    assert "評価軸" in proc.stdout


def test_schema_matches_the_committed_file() -> None:
    proc = hyoka("schema")
    assert proc.returncode == 0, _report(proc)
    json.loads(proc.stdout)
    assert SCHEMA_FILE.is_file(), f"{SCHEMA_FILE} is missing; generate it with `{REGENERATE}`"
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert proc.stdout == committed, (
        f"{SCHEMA_FILE.relative_to(REPO_ROOT)} is stale: the contract models changed. "
        f"Regenerate it with `{REGENERATE}` and commit it (and update docs/parse-json.md)"
    )


def _command_names() -> list[str]:
    return sorted(getattr(typer.main.get_command(app), "commands", {}))


def test_the_commands_are_found() -> None:
    assert {"parse", "demo", "schema", "targets"} <= set(_command_names())


@pytest.mark.parametrize("command", _command_names())
def test_every_command_shows_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert f"Example: hyoka {command}" in result.output


# --- encodings ----------------------------------------------------------------------------------


def test_cp932_copy_parses_like_the_utf8_one(tmp_path: Path) -> None:
    text = sample_path().read_text(encoding="utf-8")
    # CP932 lacks a few characters of the sample (the Kangxi radical ⽇); both copies use NFKC there.
    text = "".join(
        char if char.encode("cp932", errors="ignore") else unicodedata.normalize("NFKC", char) for char in text
    )
    utf8_file, cp932_file = tmp_path / "utf8.txt", tmp_path / "cp932.txt"
    utf8_file.write_bytes(text.encode("utf-8"))
    cp932_file.write_bytes(text.encode("cp932"))
    from_utf8, from_cp932 = _parse_json(utf8_file), _parse_json(cp932_file)
    assert from_utf8["source"]["encoding"] == "utf-8"
    assert from_cp932["source"]["encoding"] == "cp932"
    assert from_cp932["source"]["line_count"] == from_utf8["source"]["line_count"]
    assert from_cp932["documents"] == from_utf8["documents"]
    assert from_cp932["warnings"] == from_utf8["warnings"]


# --- bad input ----------------------------------------------------------------------------------

_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
_SHOPPING_LIST = "買い物リスト\n\n牛乳　２本\n卵　１パック\n食パン\nりんご　３個\nしょうゆ\n".encode()

# file name -> (content, what the message must say, whether to ask for --json)
BAD_INPUTS = {
    "empty.txt": (b"", "empty", False),
    "blank.txt": (b" \n\n\t\n", "empty", True),
    "image.png": (_PNG, "PNG", True),
    "scan.txt": (_PDF, "PDF", False),  # a PDF under a text name: recognised by its bytes
    "objectives.pdf": (_PDF, "PDF", True),  # recognised by its suffix
    "shopping-list.txt": (_SHOPPING_LIST, "no objective document", False),
    "shopping-list-2.txt": (_SHOPPING_LIST, "no objective document", True),
}


def _assert_refused(proc: subprocess.CompletedProcess[str], path: Path, what: str) -> None:
    assert proc.returncode == EXIT_BAD_INPUT, _report(proc)
    assert "Traceback" not in proc.stdout + proc.stderr, _report(proc)
    assert proc.stdout == "", _report(proc)
    message = proc.stderr.strip()
    assert len(message.splitlines()) == 1, f"expected one line on stderr:\n{proc.stderr}"
    assert message.startswith("error: "), message
    assert str(path) in message, f"the message does not name {path}: {message}"
    assert what.lower() in message.lower(), message


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_on_one_line(tmp_path: Path, name: str) -> None:
    # A long directory name: the message must stay on one line in a narrow terminal.
    directory = tmp_path / "a-directory-with-a-rather-long-name-for-the-objective-documents"
    directory.mkdir()
    path = directory / name
    data, what, as_json = BAD_INPUTS[name]
    path.write_bytes(data)
    proc = hyoka("parse", path, "--json") if as_json else hyoka("parse", path)
    _assert_refused(proc, path, what)


def test_missing_file_is_refused_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "no-such-objectives.txt"
    _assert_refused(hyoka("parse", path), path, "no such file")


def test_directory_is_refused_on_one_line(tmp_path: Path) -> None:
    _assert_refused(hyoka("parse", tmp_path), tmp_path, "directory")


def test_markup_in_a_file_name_is_printed_as_is(tmp_path: Path) -> None:
    path = tmp_path / "[bold]notes.txt"
    path.write_bytes(_SHOPPING_LIST)
    _assert_refused(hyoka("parse", path), path, "no objective document")
