"""Check benchmark: `hyoka check` on the whole corpus, against the parse it rests on.

Timed, round by round on ../shared/corpus/objectives-2025-a.txt (five documents):

- **parse** — reading and parsing the file (`read_source` + `parse_source`), the baseline;
- **check** — the whole catalogue under the default policy (`hyoka.review.check`, the report
  model built), given the parse;
- **sarif** — the check and its SARIF log serialised (what a CI job writes);
- **command** — `hyoka check FILE --format json` as a user runs it (a new process: start-up,
  parse, checks and JSON), best of the rounds.

It prints parse time, check time and their ratio. Requirement (issue 12): the check under 1 s
beyond the parse. Reported, never asserted.

Run:  uv run python benchmarks/review_benchmarks.py [--rounds 7] [--file path/to/bundle.txt]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hyoka.model.contract import ParseResult
from hyoka.model.findings import CheckReport
from hyoka.parse import parse_source
from hyoka.report.review.sarif import sarif_log
from hyoka.review import check
from hyoka.review.policy import default_check_policy
from hyoka.sources import SourceText, read_source

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 1.0


def _corpus() -> Path:
    folder = os.environ.get("HYOKA_CORPUS_DIR") or str(ROOT.parent / "shared" / "corpus")
    return Path(folder) / "objectives-2025-a.txt"


def _time(function: Callable[[], object], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _parse(path: Path) -> tuple[SourceText, ParseResult]:
    source = read_source(path)
    return source, parse_source(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--file", type=Path, default=_corpus())
    args = parser.parse_args()
    path: Path = args.file
    source, result = _parse(path)
    policy = default_check_policy()

    def run_check() -> CheckReport:
        return check(result.documents, policy, path=str(path), sha256=source.sha256, lines=source.lines)

    def run_sarif() -> object:
        return json.dumps(sarif_log([run_check()], policy), ensure_ascii=False)

    def command() -> object:
        return subprocess.run(
            [sys.executable, "-m", "hyoka", "check", str(path), "--format", "json"],
            capture_output=True,
            check=False,
        )

    run_check()  # warm: the rule modules imported, patterns compiled
    parse_best, parse_median = _time(lambda: _parse(path), args.rounds)
    check_best, check_median = _time(run_check, args.rounds)
    sarif_best, sarif_median = _time(run_sarif, args.rounds)
    command_best, command_median = _time(command, max(3, args.rounds // 2))
    report = check(result.documents, policy, path=str(path), sha256=source.sha256, lines=source.lines)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{path.name}: {len(source.lines):,} lines, {len(result.documents)} documents, "
          f"{len(report.findings())} findings ({report.summary.error} error, {report.summary.warning} warning, "
          f"{report.summary.info} info)")  # fmt: skip
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f}, rounds {args.rounds}")
    print()
    print("| stage | best s | median s |")
    print("|---|---:|---:|")
    print(f"| parse (read + parse, the baseline) | {parse_best:.3f} | {parse_median:.3f} |")
    print(f"| check (whole catalogue, report built) | {check_best:.3f} | {check_median:.3f} |")
    print(f"| check + SARIF serialised | {sarif_best:.3f} | {sarif_median:.3f} |")
    print(f"| command `hyoka check FILE --format json` (new process) | {command_best:.3f} | {command_median:.3f} |")
    print()
    print(f"parse {parse_median:.3f} s, check {check_median:.3f} s, check / parse = {check_median / parse_median:.2f}")
    verdict = "met" if check_median < BUDGET_S else "NOT met"
    print(f"Requirement: the check under {BUDGET_S:g} s beyond the parse — {verdict} ({check_median:.3f} s).")


if __name__ == "__main__":
    main()
