"""Start-up: how long `hyoka --help` and `hyoka parse` of a small file take, beside `python -c pass`.

Each command runs as a subprocess of the interpreter running this script, `--repeat` times,
interleaved round by round (every command once per round) so that drift in the machine's speed
touches them alike, after `--warmup` untimed rounds:

  python -c pass                  the floor: starting the interpreter and nothing else
  python -m hyoka --help          Typer builds the command tree and Rich draws the help
  python -m hyoka --version       the CLI imported, no command run
  python -m hyoka parse FILE      the outline of a small text file (default: the bundled sample)
  python -m hyoka parse FILE --json

It prints a Markdown table of median and best wall time (time.perf_counter around
subprocess.run, output discarded) with the ratios to `python -c pass`, and says whether --help
and parse are under the issue's 0.3 s. Start-up depends on compiled bytecode, so it also says
whether PYTHONDONTWRITEBYTECODE is set and how many of the modules `hyoka parse` loads have a
fresh `__pycache__` entry (and how many of src/hyoka's). Compile first, as CI does:

  uv sync --frozen --compile-bytecode && uv run python -m compileall -q src

With `--importtime` it also runs `hyoka parse FILE` (with and without --json) and `hyoka --help`
once each under `python -X importtime` and prints the import time by package (each module's own
time, summed by its top-level package; hyoka by subpackage) and the cumulative time of a few
landmarks (typer, rich.console, typer._adapters which brings in Pydantic, the models, the parser).

This script only measures and reports; it asserts nothing about time.

Run:  uv run python benchmarks/startup.py [--repeat N] [--file FILE] [--importtime]
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import hyoka
from hyoka.samples import sample_path

REPO_ROOT = Path(__file__).resolve().parents[1]
SRC = Path(hyoka.__file__).resolve().parent  # the package the commands import (src/hyoka unless PYTHONPATH says)
BUDGET_S = 0.3  # the requirement for --help and parse; reported, never asserted

# Run in a subprocess: the CLI in-process on `argv`, then the source files of every loaded module.
_LOADED_FILES = """
import contextlib, io, json, sys
sys.argv = ["hyoka", *json.loads(sys.argv[1])]
from hyoka.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
files = [getattr(m, "__file__", None) for m in list(sys.modules.values())]
print(json.dumps(sorted(f for f in files if f and f.endswith(".py"))))
"""


@dataclass
class Command:
    label: str
    args: list[str]
    times: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def commands(sample: Path) -> list[Command]:
    shown = sample.name
    return [
        Command("`python -c pass`", ["-c", "pass"]),
        Command("`python -m hyoka --help`", ["-m", "hyoka", "--help"]),
        Command("`python -m hyoka --version`", ["-m", "hyoka", "--version"]),
        Command(f"`python -m hyoka parse {shown}`", ["-m", "hyoka", "parse", str(sample)]),
        Command(f"`python -m hyoka parse {shown} --json`", ["-m", "hyoka", "parse", str(sample), "--json"]),
    ]


def _run_once(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, proc.returncode


def measure(cmds: list[Command], repeat: int, warmup: int) -> None:
    for _ in range(warmup):
        for cmd in cmds:
            _run_once(cmd.args)
    for _ in range(repeat):
        for cmd in cmds:
            seconds, status = _run_once(cmd.args)
            cmd.times.append(seconds)
            cmd.failures += status != 0


def _fresh(source: Path) -> bool:
    """Whether `source` has a bytecode cache the import system will use as it is."""
    try:
        cached = Path(importlib.util.cache_from_source(str(source)))
        header = cached.read_bytes()[:16]
        stat = source.stat()
    except (OSError, NotImplementedError, ValueError):
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(header[4:8], "little")
    if flags & 0b1:  # hash-based: checked against the source's hash, or not checked at all
        if not flags & 0b10:
            return True
        return header[8:16] == importlib.util.source_hash(source.read_bytes())
    mtime = int.from_bytes(header[8:12], "little")
    size = int.from_bytes(header[12:16], "little")
    return mtime == int(stat.st_mtime) & 0xFFFFFFFF and size == stat.st_size & 0xFFFFFFFF


def bytecode_facts(sample: Path) -> list[str]:
    src_files = sorted(SRC.rglob("*.py"))
    src_fresh = sum(_fresh(path) for path in src_files)
    proc = subprocess.run(
        [sys.executable, "-c", _LOADED_FILES, json.dumps(["parse", str(sample), "--json"])],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        loaded = [Path(name) for name in json.loads(proc.stdout)]
    except json.JSONDecodeError:
        loaded = []
    stdlib = Path(sys.base_prefix).resolve()
    third = [p for p in loaded if "site-packages" in p.parts]
    own = [p for p in loaded if SRC in p.resolve().parents]
    std = [p for p in loaded if p not in third and p not in own and stdlib in p.resolve().parents]

    def count(paths: list[Path]) -> str:
        return f"{sum(_fresh(p) for p in paths)}/{len(paths)}"

    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return [
        f"- PYTHONDONTWRITEBYTECODE: {'set (' + repr(dont_write) + ')' if dont_write else 'not set'}: "
        + ("Python writes no bytecode cache, it only reads one already there" if dont_write else "caches are written"),
        f"- fresh bytecode (a `__pycache__` entry matching its source) for the modules `hyoka parse --json` "
        f"loads: hyoka {count(own)}, site-packages {count(third)}, standard library {count(std)}; "
        f"all of {SRC}: {src_fresh}/{len(src_files)}",
    ]


# Modules whose cumulative import time (with everything they were first to import) the report shows.
LANDMARKS = (
    "hyoka.cli",
    "typer",
    "rich.console",
    "typer.rich_utils",
    "typer._adapters",
    "hyoka.model",
    "hyoka.sources",
    "hyoka.parse",
    "hyoka.report.outline",
)


@dataclass
class ImportTimes:
    total: float  # seconds, the sum of every module's own time
    by_package: dict[str, float]  # own time summed by top-level package (hyoka: by subpackage)
    cumulative: dict[str, float]  # LANDMARKS found, with their cumulative time


def importtime(args: list[str]) -> ImportTimes:
    """One run of `args` under `python -X importtime`, its import times in seconds."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    shares: dict[str, float] = defaultdict(float)
    cumulative: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|", 2)
        module = name.strip()
        parts = module.split(".")
        package = ".".join(parts[:2]) if parts[0] == "hyoka" and len(parts) > 1 else parts[0]
        shares[package] += int(own) / 1e6
        if module in LANDMARKS:
            cumulative[module] = int(total) / 1e6
    return ImportTimes(sum(shares.values()), dict(shares), cumulative)


def importtime_report(sample: Path) -> list[str]:
    lines = [
        "",
        "Import times, one run each under `python -X importtime` (which adds overhead of its own), in ms:",
        "",
    ]
    for label, args in (
        ("hyoka parse FILE", ["-m", "hyoka", "parse", str(sample)]),
        ("hyoka parse FILE --json", ["-m", "hyoka", "parse", str(sample), "--json"]),
        ("hyoka --help", ["-m", "hyoka", "--help"]),
    ):
        times = importtime(args)
        top = sorted(times.by_package.items(), key=lambda item: item[1], reverse=True)[:12]
        own = ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in top)
        found = [name for name in LANDMARKS if name in times.cumulative]
        marks = ", ".join(f"{name} {times.cumulative[name] * 1000:.0f}" for name in found)
        lines.append(f"- `{label}`: {times.total * 1000:.0f} in all. Own time by package: {own}.")
        lines.append(f"  Cumulative (with what each was first to import): {marks}.")
    return lines


def report(cmds: list[Command], sample: Path, *, repeat: int, warmup: int, load: tuple[str, str]) -> str:
    floor = cmds[0]
    rows = [
        "| command | median s | best s | median / `python -c pass` | best / `python -c pass` |",
        "|---|---:|---:|---:|---:|",
    ]
    for cmd in cmds:
        failed = f" ({cmd.failures} run(s) exited non-zero)" if cmd.failures else ""
        rows.append(
            f"| {cmd.label}{failed} | {cmd.median:.3f} | {cmd.best:.3f} | "
            f"{cmd.median / floor.median:.1f}× | {cmd.best / floor.best:.1f}× |"
        )
    verdicts = []
    for cmd in cmds[1:]:
        if "--help" in cmd.args or "parse" in cmd.args:
            under = cmd.median < BUDGET_S
            by = "" if under else f" (by {cmd.median - BUDGET_S:.3f} s)"
            verdicts.append(
                f"- {cmd.label}: median {cmd.median:.3f} s, best {cmd.best:.3f} s: "
                f"{'under' if under else 'OVER'} {BUDGET_S} s at the median{by}"
            )
    lines = [
        f"# hyoka start-up ({datetime.date.today().isoformat()})",
        "",
        f"- file: {sample} ({sample.stat().st_size:,} bytes)",
        f"- runs: {repeat} timed per command, interleaved round by round, after {warmup} warm-up round(s); "
        "wall time of subprocess.run, output discarded",
        f"- python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"- machine: {platform.system()} {platform.release()} {platform.machine()}, cpu count {os.cpu_count()}; "
        f"load average {load[0]} before, {load[1]} after",
        f"- hyoka: {hyoka.__version__} ({SRC})",
        *bytecode_facts(sample),
        "",
        *rows,
        "",
        *verdicts,
    ]
    return "\n".join(lines)


def _load() -> str:
    try:
        return "/".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, metavar="N", help="timed runs per command (20)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N", help="untimed rounds first (1)")
    parser.add_argument("--file", type=Path, help="file to parse (default: the bundled sample)")
    parser.add_argument("--importtime", action="store_true", help="also break the import time down by package")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    sample: Path = (args.file or sample_path()).resolve()
    if not sample.is_file():
        parser.error(f"no such file: {sample}")
    cmds = commands(sample)
    before = _load()
    measure(cmds, args.repeat, args.warmup)
    text = report(cmds, sample, repeat=args.repeat, warmup=args.warmup, load=(before, _load()))
    if args.importtime:
        text += "\n" + "\n".join(importtime_report(sample))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
