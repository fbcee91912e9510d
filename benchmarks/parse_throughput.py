"""Parse throughput: how long the full parse of a file takes, against just reading it.

Three stages are timed in the same run, interleaved in each round so that drift in the
machine's speed touches them alike:

  read   reading, decoding and normalizing the file into source lines (`read_source`): the
         baseline, the least any parse of the file must cost
  parse  the full parse: `read_source` + `parse_source`
  json   serializing the parse to the hyoka.parse/1 JSON (`ParseResult.to_json`)

Each stage reports best-of and median seconds per run, and the throughput in MB/s of input
(1 MB = 10^6 bytes of the input file, whatever the stage). The ratio parse/read says how many
times the cost of merely reading the file the full parse takes.

This script only measures and reports; it asserts nothing about time.

Run:  uv run python benchmarks/parse_throughput.py [--file FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hyoka import __version__
from hyoka.model.contract import ParseResult
from hyoka.parse import parse_source
from hyoka.sources import read_source

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_FILE = "objectives-2025-a.txt"
BUDGET_S = 0.5  # the requirement for the 356 KB corpus file; reported, never asserted

T = TypeVar("T")


def default_input() -> Path:
    corpus = os.environ.get("HYOKA_CORPUS_DIR")
    return (Path(corpus) if corpus else DEFAULT_CORPUS_DIR) / DEFAULT_FILE


@dataclass
class Stage:
    name: str
    what: str
    times: list[float]

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _timed(func: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def _full_parse(path: Path) -> ParseResult:
    return parse_source(read_source(path))


def measure(path: Path, repeat: int, warmup: int) -> tuple[list[Stage], ParseResult]:
    """Time the three stages `repeat` times each, after `warmup` untimed rounds."""
    result = _full_parse(path)
    for _ in range(warmup):
        read_source(path)
        result = _full_parse(path)
        result.to_json()
    stages = [
        Stage("read", "read_source (read + decode + normalize lines)", []),
        Stage("parse", "read_source + parse_source (full parse)", []),
        Stage("json", "ParseResult.to_json (serialize)", []),
    ]
    read, parse, dump = stages
    for _ in range(repeat):
        seconds, _source = _timed(lambda: read_source(path))
        read.times.append(seconds)
        seconds, result = _timed(lambda: _full_parse(path))
        parse.times.append(seconds)
        seconds, _json = _timed(result.to_json)
        dump.times.append(seconds)
    return stages, result


def _mb_per_s(size: int, seconds: float) -> float:
    return size / 1e6 / seconds if seconds > 0 else float("inf")


def report(path: Path, stages: list[Stage], result: ParseResult, *, size: int, repeat: int, warmup: int) -> str:
    read, parse, _dump = stages
    line_count = result.source.line_count
    rows = [
        "| stage | what is timed | best s | median s | MB/s (best) | MB/s (median) |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {s.name} | {s.what} | {s.best:.4f} | {s.median:.4f} | "
            f"{_mb_per_s(size, s.best):.2f} | {_mb_per_s(size, s.median):.2f} |"
            for s in stages
        ),
    ]
    verdict = "within" if parse.best < BUDGET_S and parse.median < BUDGET_S else "OVER"
    lines = [
        f"# hyoka parse throughput ({datetime.date.today().isoformat()})",
        "",
        f"- input: {path} ({size:,} bytes = {size / 1e6:.3f} MB, {line_count:,} lines, "
        f"{len(result.documents)} documents)",
        f"- runs: {repeat} timed per stage after {warmup} warm-up round(s); time.perf_counter",
        f"- python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"- machine: {platform.system()} {platform.release()} {platform.machine()}, cpu count {os.cpu_count()}",
        f"- hyoka: {__version__}",
        "",
        *rows,
        "",
        f"ratio full parse / baseline read: {parse.best / read.best:.1f}x (best), "
        f"{parse.median / read.median:.1f}x (median)",
        f"budget {BUDGET_S} s for the full parse: best {parse.best:.3f} s, median {parse.median:.3f} s -> {verdict}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, help=f"input file (default: {default_input()})")
    parser.add_argument("--repeat", type=int, default=20, metavar="N", help="timed runs per stage (20)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N", help="untimed rounds first (1)")
    args = parser.parse_args(argv)
    path: Path = args.file or default_input()
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    if not path.is_file():
        parser.error(f"no such file: {path} (give one with --file, or set HYOKA_CORPUS_DIR)")
    stages, result = measure(path, args.repeat, args.warmup)
    print(report(path, stages, result, size=path.stat().st_size, repeat=args.repeat, warmup=args.warmup))
    return 0


if __name__ == "__main__":
    sys.exit(main())
