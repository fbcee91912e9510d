"""Evaluation benchmark: proposals for 100 agencies × a unit of 20 targets × 7 fiscal years.

What is timed is the rating rules themselves, as `hyoka.evaluate.service.propose_units` runs them
once the rows are read: for every agency, every fiscal year of a 7-year period and the stages the
policy allows in it (年度評価 each year, 見込評価 in the last-but-one year, 期間実績評価 in the final
year), each target's achievement for the stage (`stage_achievement`, against a plan value where
the agency has one) and the unit's proposal (`propose`: the five named steps). The targets mix
every scope with a formula (per year, cumulative, by the final year, in the final year, an annual
rate, a period average, a long-term rate), one in ten restated (再掲), one in four with a plan
value; results are random but seeded, so every run computes the same thing.

Requirement (issue 11): every proposal in under 1 s in total. Reported, never asserted. Rounds
are timed with time.perf_counter; the best and the median of the rounds are printed as Markdown.

Run:  uv run python benchmarks/evaluation_benchmarks.py [--agencies 100] [--targets 20] [--years 7] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass

from hyoka.evaluate.achievement import TargetSpec
from hyoka.evaluate.policy import RatingPolicy, default_policy
from hyoka.evaluate.proposal import UnitInput, propose
from hyoka.evaluate.stages import PlanGoal, check_stage, stage_achievement
from hyoka.model.contract import Comparator, TargetScope

FIRST_YEAR = 2025
SCOPES = (
    TargetScope.per_year,
    TargetScope.cumulative,
    TargetScope.by_final_year,
    TargetScope.in_final_year,
    TargetScope.annual_rate,
    TargetScope.period_average,
    TargetScope.long_term,
)


@dataclass(frozen=True)
class Target:
    spec: TargetSpec
    results: dict[int, float]
    plans: dict[int, PlanGoal]
    restated: bool


def _target(rng: random.Random, n: int, years: tuple[int, ...]) -> Target:
    scope = SCOPES[n % len(SCOPES)]
    base = FIRST_YEAR - 1
    if scope == TargetScope.annual_rate:
        cost = 10_000.0
        results = {base: cost}
        for year in years:
            cost *= 1 - rng.uniform(0.0, 0.03)
            results[year] = cost
        spec = TargetSpec(1.0, Comparator.ge, scope, "%", years, label=f"経費{n}")
    elif scope == TargetScope.long_term:
        results = {year: rng.uniform(-2.0, 6.0) for year in years}
        spec = TargetSpec(1.7, Comparator.ge, scope, "%", years, label=f"運用利回り{n}")
    else:
        value = 1_000.0 * len(years) if scope == TargetScope.cumulative else 1_000.0
        results = {year: rng.uniform(700.0, 1_400.0) for year in years}
        spec = TargetSpec(
            value, Comparator.ge, scope, "件", years, baseline=800.0, baseline_year=base, label=f"件数{n}"
        )
    plans = {year: PlanGoal(spec.value * 1.05, "annual_plan") for year in years} if n % 4 == 0 else {}
    return Target(spec, results, plans, restated=n % 10 == 9)


def workload(agencies: int, targets: int, years: int, seed: int = 11) -> list[list[Target]]:
    rng = random.Random(seed)
    period = tuple(range(FIRST_YEAR, FIRST_YEAR + years))
    return [[_target(rng, n, period) for n in range(targets)] for _ in range(agencies)]


def run_once(units: list[list[Target]], years: int, policy: RatingPolicy) -> tuple[int, int]:
    """Every proposal of every agency, year and allowed stage; (proposals, achievements) computed."""
    period = tuple(range(FIRST_YEAR, FIRST_YEAR + years))
    proposals = achievements = 0
    for agency, unit in enumerate(units):
        for year in period:
            for stage in ("annual", "expected", "period_end"):
                try:
                    check_stage(stage, year, period, policy, rd=False)
                except ValueError:
                    continue
                measured = [
                    (t.spec.label, stage_achievement(t.spec, t.results, year, stage, policy, plans=t.plans))
                    for t in unit
                ]
                restated = frozenset(i for i, t in enumerate(unit) if t.restated)
                marked = agency % 3 == 0
                propose(UnitInput("評価単位", agency % 5 == 0, measured, marked, marked, False, restated), policy)
                proposals += 1
                achievements += len(measured)
    return proposals, achievements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--targets", type=int, default=20)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    policy = default_policy()
    units = workload(args.agencies, args.targets, args.years)
    run_once(units[:2], args.years, policy)  # warm-up: imports, caches
    timings = []
    counts = (0, 0)
    for _ in range(args.rounds):
        start = time.perf_counter()
        counts = run_once(units, args.years, policy)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    proposals, achievements = counts
    print(f"## Proposals: {args.agencies} agencies × a unit of {args.targets} targets × {args.years} years\n")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {args.rounds} rounds\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| proposals per round (annual each year, expected, period-end) | {proposals:,} |")
    print(f"| target achievements per round | {achievements:,} |")
    print(f"| best round | {best:.3f} s |")
    print(f"| median round | {median:.3f} s |")
    print(f"| per proposal (best) | {best / proposals * 1e3:.3f} ms |")
    print(f"| per achievement (best) | {best / achievements * 1e6:.1f} µs |")
    verdict = "met" if best < 1.0 else "NOT met"
    print(f"\nRequirement: all proposals in under 1 s — {verdict} ({best:.3f} s best, {median:.3f} s median).")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
