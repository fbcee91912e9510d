"""The lint and type checks are part of the test suite: `uv run pytest` runs them.

ruff and mypy are dev dependencies; a missing tool is a failure, not a skip.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RUFF_PATHS = ("src", "tests", "benchmarks")
TIMEOUT_S = 600


def _tool(module: str) -> list[str]:
    """Command prefix for `module`: the interpreter running the tests, else the venv binary."""
    probe = subprocess.run(
        [sys.executable, "-m", module, "--version"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode == 0:
        return [sys.executable, "-m", module]
    binary = Path(sys.executable).parent / module
    if binary.is_file():
        return [str(binary)]
    found = shutil.which(module)
    assert found is not None, (
        f"{module} is not installed (tried `{sys.executable} -m {module}`, {binary} and PATH); "
        "run `uv sync` to install the dev dependencies"
    )
    return [found]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_S,
    )


def _report(proc: subprocess.CompletedProcess[str]) -> str:
    command = " ".join(str(a) for a in proc.args)
    return f"`{command}` exited with {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"


def test_ruff_check() -> None:
    paths = [p for p in RUFF_PATHS if (REPO_ROOT / p).is_dir()]
    assert "src" in paths, f"no src directory under {REPO_ROOT}"
    proc = _run([*_tool("ruff"), "check", *paths])
    assert proc.returncode == 0, _report(proc)


def test_mypy_strict() -> None:
    # The configuration (strict, files = ["src"], plugins) is read from pyproject.toml.
    proc = _run([*_tool("mypy")])
    assert proc.returncode == 0, _report(proc)
