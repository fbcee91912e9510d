"""Achievement per scope (rating-rules.md, "Targets over time"), with the default policy unless said."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from hyoka.evaluate.achievement import Achievement, TargetSpec, compute_achievement
from hyoka.evaluate.policy import RatingPolicy, default_policy, policy_from_toml
from hyoka.model.contract import Comparator, TargetScope

PERIOD = (2025, 2026, 2027, 2028, 2029)  # 令和7年度〜令和11年度
GE, LE, GT, LT, EQ = Comparator.ge, Comparator.le, Comparator.gt, Comparator.lt, Comparator.eq
S = TargetScope


def spec(
    value: float,
    scope: TargetScope = S.per_year,
    comparator: Comparator = GE,
    *,
    unit: str | None = "件",
    baseline: float | None = None,
    baseline_year: int | None = None,
    period: tuple[int, ...] = PERIOD,
) -> TargetSpec:
    return TargetSpec(value, comparator, scope, unit, period, baseline, baseline_year, "指標")


def policy(**changes: str) -> RatingPolicy:
    lines = ['name = "test"', *(f"{k} = {v}" for k, v in changes.items())]
    return policy_from_toml("\n".join(lines))


def run(target: TargetSpec, results: Mapping[int, float], year: int, rules: RatingPolicy | None = None) -> Achievement:
    return compute_achievement(target, results, year, rules or default_policy())


# Each row: target, results, year, expected ratio (None: no ratio), expected status.
CASES = {
    # per_year: that year's result ÷ target
    "per_year": (spec(1200), {2026: 1320}, 2026, 1.10, "computed"),
    "per_year exactly 120%": (spec(1000), {2026: 1200}, 2026, 1.20, "computed"),
    "per_year exactly 100%": (spec(1000), {2026: 1000}, 2026, 1.00, "computed"),
    "per_year exactly 80%": (spec(1000), {2026: 800}, 2026, 0.80, "computed"),
    "per_year zero result": (spec(1000), {2026: 0}, 2026, 0.0, "computed"),
    "per_year without a period": (spec(10, period=()), {2030: 12}, 2030, 1.2, "computed"),
    "'>' counts as at least": (spec(100, comparator=GT), {2026: 100}, 2026, 1.0, "computed"),
    "'=' counts as at least": (spec(3, comparator=EQ, unit="拠点"), {2026: 3}, 2026, 1.0, "computed"),
    # "at most": inverted (policy: inverse)
    "at most, under the limit": (spec(1000, comparator=LE), {2026: 800}, 2026, 1.25, "computed"),
    "at most, over the limit": (spec(1000, comparator=LE), {2026: 1250}, 2026, 0.8, "computed"),
    "'<' counts as at most": (spec(5, comparator=LT, unit="%"), {2026: 4}, 2026, 1.25, "computed"),
    "at most, zero result uses the mirror form": (spec(5, comparator=LE), {2026: 0}, 2026, 2.0, "computed"),
    "at most, zero limit": (spec(0, comparator=LE), {2026: 0}, 2026, None, "manual"),
    # percentage points: change from the baseline ÷ points sought
    "pt rise": (spec(5, unit="pt", baseline=70), {2026: 76}, 2026, 1.2, "computed"),
    "pt rise short": (spec(5, unit="pt", baseline=70), {2026: 74}, 2026, 0.8, "computed"),
    "pt fall sought": (spec(-5, unit="pt", baseline=70), {2026: 65}, 2026, 1.0, "computed"),
    "pt baseline from the year before the period": (spec(4, unit="pt"), {2024: 50, 2026: 53}, 2026, 0.75, "computed"),
    "pt baseline missing": (spec(4, unit="pt"), {2026: 53}, 2026, None, "missing"),
    "pt of zero points": (spec(0, unit="pt", baseline=1), {2026: 53}, 2026, None, "manual"),
    # cumulative: running total against the pro-rata share; final year against the whole total
    "cumulative year 2 on track": (spec(4500, S.cumulative), {2025: 900, 2026: 900}, 2026, 1.0, "computed"),
    "cumulative year 2 behind": (spec(4500, S.cumulative), {2025: 700, 2026: 740}, 2026, 0.8, "computed"),
    "cumulative final year": (spec(4500, S.cumulative), dict.fromkeys(PERIOD, 1080), 2029, 1.2, "computed"),
    "cumulative missing year": (spec(4500, S.cumulative), {2026: 900}, 2026, None, "missing"),
    "cumulative without a period": (spec(4500, S.cumulative, period=()), {2026: 900}, 2026, None, "manual"),
    "cumulative of points": (spec(5, S.cumulative, unit="pt"), {2025: 1}, 2025, None, "manual"),
    # by_final_year: on the line from the baseline to the target
    "by_final_year on the line": (
        spec(100, S.by_final_year, baseline=90, baseline_year=2024),
        {2026: 94},
        2026,
        1.0,
        "computed",
    ),
    "by_final_year final year": (spec(100, S.by_final_year), {2029: 96}, 2029, 0.96, "computed"),
    "by_final_year baseline from results": (spec(200, S.by_final_year), {2024: 100, 2025: 120}, 2025, 1.0, "computed"),
    "by_final_year without a baseline": (spec(100, S.by_final_year), {2026: 94}, 2026, None, "missing"),
    "by_final_year at most": (spec(50, S.by_final_year, LE, baseline=100), {2025: 80}, 2025, 90 / 80, "computed"),
    "by_final_year points": (spec(5, S.by_final_year, unit="pt", baseline=60), {2026: 62}, 2026, 1.0, "computed"),
    # in_final_year: only the final year
    "in_final_year before the end": (spec(100, S.in_final_year), {2026: 500}, 2026, None, "not_applicable"),
    "in_final_year at the end": (spec(100, S.in_final_year), {2029: 90}, 2029, 0.9, "computed"),
    # annual_rate: cost efficiency, geometric average by default
    "annual_rate 3% a year": (
        spec(3, S.annual_rate, unit="%"),
        {2024: 1000, 2025: 970, 2026: 940.9},
        2026,
        1.0,
        "computed",
    ),
    "annual_rate needs the base year": (
        spec(3, S.annual_rate, unit="%"),
        {2025: 970, 2026: 940},
        2026,
        None,
        "missing",
    ),
    "annual_rate geometric skips middle years": (
        spec(3, S.annual_rate, unit="%"),
        {2024: 1000, 2026: 940.9},
        2026,
        1.0,
        "computed",
    ),
    "annual_rate zero cost": (spec(3, S.annual_rate, unit="%"), {2024: 0, 2025: 970}, 2025, None, "manual"),
    # period_average: mean so far
    "period_average": (spec(100, S.period_average), {2025: 90, 2026: 120, 2027: 105}, 2027, 1.05, "computed"),
    "period_average missing year": (spec(100, S.period_average), {2025: 90, 2027: 105}, 2027, None, "missing"),
    # long_term: compounded yearly rates
    "long_term": (spec(1.7, S.long_term, unit="%"), {2025: 1.7, 2026: 1.7}, 2026, 1.0, "computed"),
    "long_term rate of -100%": (spec(1.7, S.long_term, unit="%"), {2025: -100}, 2025, None, "manual"),
    # other: a person decides
    "other": (spec(1, S.other), {2026: 1}, 2026, None, "manual"),
    # outside the period, odd inputs
    "year before the period": (spec(100), {2024: 100}, 2024, None, "not_applicable"),
    "year after the period": (
        spec(100, S.cumulative),
        dict.fromkeys(range(2025, 2031), 20),
        2030,
        None,
        "not_applicable",
    ),
    "missing result is not zero": (spec(100), {}, 2026, None, "missing"),
    "target of zero": (spec(0), {2026: 5}, 2026, None, "manual"),
    "negative target": (spec(-10), {2026: 5}, 2026, None, "manual"),
    "non-finite result": (spec(10), {2026: math.inf}, 2026, None, "manual"),
    "non-finite target": (spec(math.nan), {2026: 1}, 2026, None, "manual"),
    "huge ratio": (spec(1e-300), {2026: 1e300}, 2026, None, "manual"),
}


@pytest.mark.parametrize(("target", "results", "year", "ratio", "status"), CASES.values(), ids=CASES.keys())
def test_scopes(target: TargetSpec, results: dict[int, float], year: int, ratio: float | None, status: str) -> None:
    achievement = run(target, results, year)
    assert achievement.status == status, achievement.explanation
    assert achievement.fiscal_year == year
    assert achievement.explanation
    if ratio is None:
        assert achievement.ratio is None
    else:
        assert achievement.ratio == pytest.approx(ratio, rel=1e-9), achievement.explanation


def test_per_year_explanation_is_plain_japanese() -> None:
    achievement = run(spec(1200), {2026: 1320}, 2026)
    assert achievement.explanation == "令和8年度実績 1,320件 ÷ 目標 1,200件 = 110.0%"
    assert achievement.details == {"result": 1320, "target": 1200, "ratio": pytest.approx(1.1)}


def test_missing_years_are_listed_and_never_counted_as_zero() -> None:
    achievement = run(spec(4500, S.cumulative), {2026: 900, 2028: 900}, 2028)
    assert achievement.status == "missing"
    assert achievement.missing_years == (2025, 2027)
    assert "令和7年度、令和9年度の実績がない" in achievement.explanation
    assert "0とはみなさない" in achievement.explanation


def test_missing_result_and_baseline_are_both_listed() -> None:
    achievement = run(spec(100, S.by_final_year), {}, 2026)
    assert achievement.missing_years == (2024, 2026)


def test_cumulative_pro_rata_share_in_the_explanation() -> None:
    """4,500 over 5 years: year 2 needs 1,800, and the progress against the whole total is said too."""
    achievement = run(spec(4500, S.cumulative), {2025: 900, 2026: 900}, 2026)
    assert achievement.details["pro_rata_target"] == 1800
    assert "按分目標 1,800件（期間目標 4,500件 × 2/5年）" in achievement.explanation
    assert "期間目標 4,500件 に対する進捗 40.0%" in achievement.explanation


def test_cumulative_final_year_compares_with_the_whole_total() -> None:
    achievement = run(spec(4500, S.cumulative), dict.fromkeys(PERIOD, 920), 2029)
    assert achievement.ratio == pytest.approx(4600 / 4500)
    assert "期間目標 4,500件" in achievement.explanation
    assert "期間目標の全体と比較（按分目標も同額）" in achievement.explanation


def test_cumulative_without_pro_rata_waits_for_the_final_year() -> None:
    rules = policy(cumulative_pro_rata="false")
    early = run(spec(4500, S.cumulative), {2025: 900, 2026: 900}, 2026, rules)
    assert early.status == "not_applicable"
    assert "進捗 40.0%" in early.explanation
    final = run(spec(4500, S.cumulative), dict.fromkeys(PERIOD, 900), 2029, rules)
    assert final.ratio == pytest.approx(1.0)


def test_by_final_year_trajectory_explained() -> None:
    achievement = run(spec(100, S.by_final_year, baseline=90, baseline_year=2024), {2026: 95}, 2026)
    assert achievement.details["expected"] == pytest.approx(94)  # 90 + (100 − 90) × 2/5
    assert achievement.ratio == pytest.approx(95 / 94)
    assert "軌道上の水準 94%" in achievement.explanation.replace("件", "%")


def test_by_final_year_uses_the_baseline_year_for_the_line() -> None:
    """A baseline two years before the period stretches the line: 2025 is 2 of 6 steps along it."""
    achievement = run(spec(160, S.by_final_year, baseline=100, baseline_year=2023), {2025: 120}, 2025)
    assert achievement.details["expected"] == pytest.approx(120)


@pytest.mark.parametrize(
    ("formula", "result", "ratio"),
    [
        ("inverse", 950, 1000 / 950),
        ("mirror", 950, 2 - 950 / 1000),
        ("inverse", 1100, 1000 / 1100),
        ("mirror", 1100, 0.9),
    ],
)
def test_at_most_formula_is_a_policy_setting(formula: str, result: float, ratio: float) -> None:
    achievement = run(
        spec(1000, comparator=LE, unit="百万円"), {2026: result}, 2026, policy(at_most_formula=f'"{formula}"')
    )
    assert achievement.ratio == pytest.approx(ratio)
    assert "上限" in achievement.explanation


COSTS = {2024: 1000.0, 2025: 950.0, 2026: 940.0, 2027: 900.0}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
@pytest.mark.parametrize("average", ["geometric", "arithmetic"])
def test_cost_efficiency_average_over_several_years(year: int, average: str) -> None:
    n = year - 2024
    if average == "geometric":
        rate = 1 - (COSTS[year] / COSTS[2024]) ** (1 / n)
    else:
        rate = sum(1 - COSTS[y] / COSTS[y - 1] for y in range(2025, year + 1)) / n
    achievement = run(spec(3, S.annual_rate, unit="%"), COSTS, year, policy(annual_rate_average=f'"{average}"'))
    assert achievement.details["average_rate"] == pytest.approx(rate)
    assert achievement.ratio == pytest.approx(rate / 0.03)
    assert achievement.details[f"rate_{year}"] == pytest.approx(1 - COSTS[year] / COSTS[year - 1])
    assert "幾何平均" in achievement.explanation if average == "geometric" else "算術平均" in achievement.explanation


def test_arithmetic_average_needs_every_year() -> None:
    achievement = run(
        spec(3, S.annual_rate, unit="%"), {2024: 1000, 2026: 940}, 2026, policy(annual_rate_average='"arithmetic"')
    )
    assert (achievement.status, achievement.missing_years) == ("missing", (2025,))


def test_long_term_compounds_the_yearly_rates() -> None:
    achievement = run(spec(1.7, S.long_term, unit="%"), {2025: 5.0, 2026: -2.0, 2027: 3.0}, 2027)
    annual = (1.05 * 0.98 * 1.03) ** (1 / 3) - 1
    assert achievement.ratio == pytest.approx(annual / 0.017)


def test_pt_explanation_names_the_change_and_the_baseline() -> None:
    achievement = run(spec(-5, unit="pt", baseline=70, baseline_year=2024), {2026: 64}, 2026)
    assert achievement.explanation.startswith("低下幅 6ポイント（令和8年度実績 64% − 基準値 70%（令和6年度））")
    assert "目標 5ポイント低下" in achievement.explanation
