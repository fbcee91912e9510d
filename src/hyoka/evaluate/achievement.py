"""Achievement of one target in one fiscal year: a ratio, and the arithmetic behind it in plain Japanese.

The scope of a target says how its level is judged over the period (rating-rules.md, "Targets over
time"); each scope has its own formula below. Every result is an `Achievement` with a status, and
every number that went into it is in `details` and in the Japanese `explanation`, because a ratio
nobody can check is worth nothing in an evaluation report.

Choices made here (all documented in the function that makes them):
- `>`, `=` count as "at least" and `<` as "at most": a ratio has no use for the strict boundary.
- "At most" targets use the policy's `at_most_formula`. Under "inverse" a result of zero or less
  (nothing at all where at most X was allowed) has no finite inverse; the mirror form is used for it.
- A missing year is never read as zero: the status is "missing" and the years are listed.
- Inputs that make a ratio meaningless (a target of zero, a cost of zero, a rate of −100 % or worse,
  numbers too large to compute with) give status "manual": a person must judge. Nothing raises.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from hyoka.evaluate.formulas import Ctx, Outcome, OutcomeStatus, compare, fmt, pct
from hyoka.evaluate.policy import RatingPolicy
from hyoka.model.contract import Comparator, TargetScope

Status = OutcomeStatus  # "computed" | "missing" | "not_applicable" | "manual"
PT = "pt"


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """What a target asks, in the form the formulas need.

    `value` is the level; for a percentage-point target (`unit == "pt"`) it is the signed change
    sought: 5 for 「5ポイント以上向上」, −5 for 「5ポイント以上低下」. `period_years` are the fiscal
    years of the objective period; `baseline` the reference level and `baseline_year` its fiscal
    year, where known.
    """

    value: float
    comparator: Comparator
    scope: TargetScope
    unit: str | None = None
    period_years: tuple[int, ...] = ()
    baseline: float | None = None
    baseline_year: int | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Achievement:
    """The achievement of a target in `fiscal_year`; `ratio` is set only when `status` is "computed"."""

    fiscal_year: int
    ratio: float | None
    status: Status
    explanation: str
    missing_years: tuple[int, ...] = ()
    details: dict[str, float] = field(default_factory=dict)


def ordered_period(years: Sequence[int]) -> tuple[int, ...]:
    """The period's fiscal years, each once, in order (cached: every target of a document shares them)."""
    return _ordered(tuple(years))


@functools.lru_cache(maxsize=256)
def _ordered(years: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(set(years)))


def compute_achievement(spec: TargetSpec, results: Mapping[int, float], year: int, policy: RatingPolicy) -> Achievement:
    """Achievement of `spec` in fiscal `year` given `results` by fiscal year; never raises on numbers."""
    ctx = Ctx(spec=spec, results=results, year=year, policy=policy, period=ordered_period(spec.period_years))
    try:
        if not math.isfinite(spec.value) or (spec.baseline is not None and not math.isfinite(spec.baseline)):
            outcome = Outcome.manual("目標値または基準値が数値でないため計算できない")
        else:
            outcome = _SCOPES.get(TargetScope(spec.scope), _other)(ctx)
    except (ArithmeticError, ValueError) as error:  # a safety net: the formulas guard their own inputs
        outcome = Outcome.manual(f"計算できない入力のため、評価者が判断する（{type(error).__name__}）")
    ratio = outcome.ratio if outcome.status == "computed" else None
    return Achievement(year, ratio, outcome.status, outcome.text, outcome.missing, dict(outcome.numbers))


# -- scopes -------------------------------------------------------------------------------------


def _per_year(ctx: Ctx) -> Outcome:
    """Each year on its own: that year's result against the target."""
    return ctx.outside_period(require=False) or _level_or_change(ctx, ctx.spec.value, "目標")


def _in_final_year(ctx: Ctx) -> Outcome:
    """Only the final year counts: earlier years are not applicable, the final year is result ÷ target."""
    early = ctx.outside_period()
    if early:
        return early
    if ctx.year != ctx.period[-1]:
        final = ctx.label(ctx.period[-1])
        return Outcome.not_applicable(f"最終年度（{final}）の水準で判定する目標のため、{ctx.label()}は判定対象外")
    return _level_or_change(ctx, ctx.spec.value, "目標")


def _level_or_change(ctx: Ctx, goal: float, goal_name: str) -> Outcome:
    """The year's result against `goal`; for a point target, its change from the baseline against `goal` points."""
    point = ctx.spec.unit == PT
    got = ctx.need([ctx.year], baseline=point)
    if isinstance(got, Outcome):
        return got
    (result,), base = got
    actual = f"{ctx.label()}実績 {ctx.amount(result)}"
    if base is None:
        return compare(ctx, result, goal, actual, f"{goal_name} {ctx.amount(goal)}", result=result, target=goal)
    return _points(ctx, result - base[0], goal, f"{actual} − {base[1]}", goal_name, result=result, baseline=base[0])


def _points(ctx: Ctx, change: float, goal: float, change_text: str, goal_name: str, **numbers: float) -> Outcome:
    """A change in percentage points against the points sought; a negative goal seeks a fall."""
    if goal == 0:
        return Outcome.manual("目標が0ポイントの変化のため達成率を定義できない", **numbers)
    sign = 1.0 if goal > 0 else -1.0
    word = "上昇" if goal > 0 else "低下"
    actual = f"{word}幅 {fmt(change * sign)}ポイント（{change_text}）"
    goal_text = f"{goal_name} {fmt(abs(goal))}ポイント{word}"
    return compare(ctx, change * sign, abs(goal), actual, goal_text, change=change, target=goal, **numbers)


def _so_far(ctx: Ctx) -> tuple[int, ...]:
    """The period's fiscal years from its start to the year asked about."""
    return ctx.period[: ctx.period.index(ctx.year) + 1]


def _cumulative(ctx: Ctx) -> Outcome:
    """Running total since the period start against the pro-rata share to date (total × k ÷ N).

    In the final year the share is the whole total. Without `cumulative_pro_rata` the earlier years
    are not judged (their progress is still reported): a running total against the whole total
    would rate every early year D.
    """
    early = ctx.outside_period()
    if early:
        return early
    if ctx.spec.unit == PT:
        return Outcome.manual("ポイント（差）の目標は累計できないため、評価者が判断する")
    years = _so_far(ctx)
    got = ctx.need(years)
    if isinstance(got, Outcome):
        return got
    total, goal = math.fsum(got[0]), ctx.spec.value
    k, n = len(years), len(ctx.period)
    share = goal * k / n
    span = f"{ctx.label(years[0])}〜{ctx.label()}の累計 {ctx.amount(total)}"
    progress = f"期間目標 {ctx.amount(goal)} に対する進捗 {pct(total / goal)}" if goal > 0 else ""
    numbers = {"total": total, "period_target": goal, "pro_rata_target": share, "years_elapsed": k, "period_length": n}
    if k == n:
        out = compare(ctx, total, goal, span, f"期間目標 {ctx.amount(goal)}", **numbers)
        return out.note("最終年度のため期間目標の全体と比較（按分目標も同額）")
    if not ctx.policy.cumulative_pro_rata:
        return Outcome.not_applicable(f"累計目標は最終年度に判定する（{span}、{progress}）", **numbers)
    goal_text = f"按分目標 {ctx.amount(share)}（期間目標 {ctx.amount(goal)} × {k}/{n}年）"
    return compare(ctx, total, share, span, goal_text, **numbers).note(progress)


def _by_final_year(ctx: Ctx) -> Outcome:
    """A level to reach by the final year, judged on the straight line from the baseline to it.

    The expected level in `year` is baseline + (target − baseline) × (year − y0) ÷ (final − y0),
    y0 being the baseline's fiscal year (the year before the period when not given), and the ratio
    is result ÷ expected level. In the final year the expected level is the target itself, so the
    scale is the same every year and the final year needs no baseline. Earlier years need one, from
    the spec or else the result of its year; without it the status is "missing": a line drawn from
    zero would misjudge any level target. A point target compares the change so far with the
    target points × the same fraction.
    """
    early = ctx.outside_period()
    if early:
        return early
    final, spec = ctx.period[-1], ctx.spec
    if ctx.year == final:
        return _level_or_change(ctx, spec.value, "最終年度の目標")
    anchor = spec.baseline_year if spec.baseline_year is not None and spec.baseline_year < final else ctx.period[0] - 1
    if ctx.year <= anchor:
        return Outcome.not_applicable(f"{ctx.label()}は基準年度（{ctx.label(anchor)}）以前のため判定対象外")
    got = ctx.need([ctx.year], baseline=True)
    if isinstance(got, Outcome):
        return got
    (result,), base = got
    if base is None:  # need(baseline=True) always gives one; kept for the type checker
        return Outcome.manual("基準値がないため計算できない")
    return _on_trajectory(ctx, result, base, anchor)


def _on_trajectory(ctx: Ctx, result: float, base: tuple[float, str], anchor: int) -> Outcome:
    """The result of a year before the final one against the straight line from `base` (at `anchor`)."""
    final, spec = ctx.period[-1], ctx.spec
    baseline, base_text = base
    fraction = (ctx.year - anchor) / (final - anchor)
    steps = f"{ctx.year - anchor}/{final - anchor}"
    actual = f"{ctx.label()}実績 {ctx.amount(result)}"
    numbers = {"result": result, "baseline": baseline, "fraction": fraction, "final_target": spec.value}
    if spec.unit == PT:
        out = _points(
            ctx, result - baseline, spec.value * fraction, f"{actual} − {base_text}", "軌道上の変化", **numbers
        )
        return out.note(f"軌道上の変化は最終年度の目標 {fmt(abs(spec.value))}ポイント × {steps}")
    expected = baseline + (spec.value - baseline) * fraction
    path = f"{base_text}から最終年度の目標 {ctx.amount(spec.value)} へ直線で {steps} 進んだ水準"
    return compare(ctx, result, expected, actual, f"軌道上の水準 {ctx.amount(expected)}（{path}）",
                   expected=expected, **numbers)  # fmt: skip


def _annual_rate(ctx: Ctx) -> Outcome:
    """Cost efficiency of x % a year: the average yearly fall of cost since the year before the period.

    The yearly rate is 1 − cost_t ÷ cost_{t−1}. The average to `year` is, per policy, geometric
    1 − (cost_year ÷ cost_base)^(1/n) or the arithmetic mean of the n yearly rates; it is compared
    with the rate required (value %). The base year (before the period) must be among the results.
    """
    early = ctx.outside_period()
    if early:
        return early
    base = ctx.period[0] - 1
    span = list(range(base, ctx.year + 1))
    geometric = ctx.policy.annual_rate_average == "geometric"
    got = ctx.need([base, ctx.year] if geometric else span)
    if isinstance(got, Outcome):
        return got
    known = {y: ctx.results[y] for y in span if y in ctx.results}
    if any(not math.isfinite(c) or c <= 0 for c in known.values()):
        return Outcome.manual("費用が0以下または数値でない年度があるため効率化率を計算できない")
    n = ctx.year - base
    rates = {y: 1 - known[y] / known[y - 1] for y in span[1:] if y in known and y - 1 in known}
    if geometric:
        average = 1 - math.exp(math.log(known[ctx.year] / known[base]) / n)
        cost_ratio = f"{ctx.label()} {fmt(known[ctx.year])} ÷ {ctx.label(base)} {fmt(known[base])}"
        how = f"幾何平均: 1 − ({cost_ratio})^(1/{n})"
    else:
        average = math.fsum(rates.values()) / n
        how = f"{ctx.label(base + 1)}〜{ctx.label()}の前年度比の算術平均"
    numbers = {f"rate_{y}": r for y, r in rates.items()} | {"average_rate": average, "years": n}
    actual = f"平均効率化率 {fmt(average * 100)}%（{how}）"
    out = compare(ctx, average * 100, ctx.spec.value, actual, f"目標 {fmt(ctx.spec.value)}%", **numbers)
    listed = "、".join(f"{ctx.label(y)} {fmt(r * 100)}%" for y, r in rates.items())
    return out.add(required_rate=ctx.spec.value / 100).note(f"前年度比の効率化率: {listed}" if listed else "")


def _period_average(ctx: Ctx) -> Outcome:
    """Mean of the results from the period start to `year`, against the target (for points: mean change)."""
    early = ctx.outside_period()
    if early:
        return early
    years = _so_far(ctx)
    got = ctx.need(years, baseline=ctx.spec.unit == PT)
    if isinstance(got, Outcome):
        return got
    values, base = got
    mean = math.fsum(values) / len(values)
    actual = f"{ctx.label(years[0])}〜{ctx.label()}の平均 {ctx.amount(mean)}"
    if base is not None:
        return _points(ctx, mean - base[0], ctx.spec.value, f"{actual} − {base[1]}", "目標", mean=mean)
    return compare(ctx, mean, ctx.spec.value, actual, f"目標 {ctx.amount(ctx.spec.value)}", mean=mean, years=len(years))


def _long_term(ctx: Ctx) -> Outcome:
    """Yearly rates in %, compounded since the period start: (∏(1 + r/100))^(1/n) − 1, against value %."""
    early = ctx.outside_period()
    if early:
        return early
    years = _so_far(ctx)
    got = ctx.need(years)
    if isinstance(got, Outcome):
        return got
    values = got[0]
    if any(r <= -100 for r in values):
        return Outcome.manual("−100%以下の率がある年度があるため年率換算できない")
    annual = math.expm1(math.fsum(math.log1p(r / 100) for r in values) / len(values))
    actual = f"{ctx.label(years[0])}〜{ctx.label()}の{len(years)}年度の年率換算 {fmt(annual * 100)}%"
    numbers = {f"rate_{y}": r for y, r in zip(years, values, strict=True)}
    return compare(ctx, annual * 100, ctx.spec.value, actual, f"目標 {fmt(ctx.spec.value)}%",
                   annualised_rate=annual, years=len(years), **numbers)  # fmt: skip


def _other(ctx: Ctx) -> Outcome:
    """No formula is known for the target: a person enters the achievement."""
    return Outcome.manual("判定方法が定まっていない目標のため、達成度は評価者が入力する")


_SCOPES: dict[TargetScope, Callable[[Ctx], Outcome]] = {
    TargetScope.per_year: _per_year,
    TargetScope.cumulative: _cumulative,
    TargetScope.by_final_year: _by_final_year,
    TargetScope.in_final_year: _in_final_year,
    TargetScope.annual_rate: _annual_rate,
    TargetScope.period_average: _period_average,
    TargetScope.long_term: _long_term,
    TargetScope.other: _other,
}
