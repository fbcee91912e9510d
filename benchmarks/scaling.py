"""Linear cost: parse and ingest time and peak memory at 1×, 10× and 100× the corpus.

Each size is a file of that many distinct copies of the corpus bound together (in copy n every
agency name gets the prefix n, as in store_benchmarks.py, so an ingest stores every copy). Each
measurement runs in a fresh Python process, which reports its own wall time and peak resident
memory (ru_maxrss), so one size's memory never hides another's:

  read    `read_source` alone: the baseline, measured in the same process as the parse
  parse   `read_source` + `parse_source`
  ingest  `ingest_file` into a new SQLite database (schema created before the clock starts)

It prints, per size, seconds and seconds per MB, the parse / read ratio, peak RSS and peak RSS
per MB above the process's own start-up (Python and hyoka imported, before any input is read),
and whether 100× parses in under 30 s and 500 MB. It asserts nothing.

Run:  uv run python benchmarks/scaling.py [--file FILE] [--sizes 1,10,100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.store_benchmarks import corpus_variants, default_input  # noqa: E402

TIME_BUDGET_S = 30.0
MEMORY_BUDGET_MB = 500.0
MB = 10**6

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from hyoka.settings import Settings
from hyoka.sources import read_source
from hyoka.parse import parse_source
stage, path, db = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {}
if stage == "parse":
    base = rss()
    started = time.perf_counter()
    source = read_source(path, max_bytes=None)
    out["read_s"] = time.perf_counter() - started
    result = parse_source(source)
    out["seconds"] = time.perf_counter() - started
    out["documents"] = len(result.documents)
else:
    from hyoka.store.database import open_database
    from hyoka.store.ingest import ingest_file
    settings = Settings(database_url=f"sqlite:///{db}", max_input_bytes=10**12)
    with open_database(settings) as database:
        base = rss()
        started = time.perf_counter()
        outcome = ingest_file(database, path, settings)
        out["seconds"] = time.perf_counter() - started
        out["documents"] = len(outcome.stored)
        out["status"] = outcome.status
out["base_mb"] = base
out["peak_mb"] = rss()
print(json.dumps(out))
"""


def measure(stage: str, path: Path, folder: Path) -> dict[str, float]:
    database = folder / f"{stage}-{path.stem}.sqlite"
    database.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, stage, str(path), str(database)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    database.unlink(missing_ok=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def build(path: Path, copies: int, folder: Path) -> Path:
    variant, _ = corpus_variants(path)
    out = folder / f"corpus-x{copies}.txt"
    if not out.exists():
        with out.open("wb") as handle:
            for n in range(1, copies + 1):
                handle.write(variant(n))
                handle.write(b"\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=default_input())
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated copy counts")
    parser.add_argument("--keep", type=Path, help="folder to keep the built files in (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="hyoka-scaling-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for copies in sizes:
            path = build(args.file, copies, folder)
            megabytes = path.stat().st_size / MB
            print(f"{copies}×: {megabytes:.1f} MB …", file=sys.stderr)
            parse = measure("parse", path, folder)
            ingest = measure("ingest", path, folder)
            rows.append((copies, megabytes, parse, ingest))
    print(f"# Scaling: {args.file.name} at {', '.join(f'{c}×' for c in sizes)}")
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} CPUs; each cell a fresh process.\n")
    print(
        "| size | MB | docs | read s | parse s | parse s/MB | parse/read | parse peak MB | MB/MB | "
        "ingest s | ingest s/MB | ingest peak MB | MB/MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for copies, megabytes, parse, ingest in rows:
        parse_growth = (parse["peak_mb"] - parse["base_mb"]) / megabytes
        ingest_growth = (ingest["peak_mb"] - ingest["base_mb"]) / megabytes
        print(
            f"| {copies}× | {megabytes:.2f} | {int(parse['documents'])} | {parse['read_s']:.2f} | "
            f"{parse['seconds']:.2f} | {parse['seconds'] / megabytes:.3f} | {parse['seconds'] / parse['read_s']:.1f} | "
            f"{parse['peak_mb']:.0f} | {parse_growth:.1f} | {ingest['seconds']:.2f} | "
            f"{ingest['seconds'] / megabytes:.3f} | {ingest['peak_mb']:.0f} | {ingest_growth:.1f} |"
        )
    largest = max(rows, key=lambda row: row[0])
    copies, _, parse, _ = largest
    met = parse["seconds"] < TIME_BUDGET_S and parse["peak_mb"] < MEMORY_BUDGET_MB
    print(
        f"\n{copies}× parses in {parse['seconds']:.1f} s with a peak of {parse['peak_mb']:.0f} MB: "
        f"{'met' if met else 'NOT met'} (under {TIME_BUDGET_S:.0f} s and {MEMORY_BUDGET_MB:.0f} MB)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
