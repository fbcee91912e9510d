"""Properties of the rating rules on arbitrary inputs.

- compute_achievement never raises on finite inputs and its result is consistent (a ratio iff computed);
- more achievement never lowers the proposed grade: a higher result for "at least" targets, a lower one
  for "at most" targets, a lower cost in the year judged for cost-efficiency targets;
- no proposal (grade or uplifted grade) goes above A without a recorded qualitative judgement.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyoka.evaluate.achievement import Achievement, TargetSpec, compute_achievement
from hyoka.evaluate.policy import RatingPolicy, default_policy, policy_from_toml
from hyoka.evaluate.proposal import UnitInput, propose
from hyoka.model.contract import Comparator, TargetScope

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FINITE = st.floats(allow_nan=False, allow_infinity=False)
POLICIES = [
    default_policy(),
    policy_from_toml(
        'name = "m"\nat_most_formula = "mirror"\nannual_rate_average = "arithmetic"\ncumulative_pro_rata = false'
    ),
    policy_from_toml('name = "n"\nunit_aggregation = "min"'),
]
UNITS = st.sampled_from([None, "件", "%", "pt", "億円"])


@st.composite
def periods(draw: st.DrawFn) -> tuple[int, ...]:
    start = draw(st.integers(1990, 2040))
    return tuple(range(start, start + draw(st.integers(0, 7))))


SPECS = st.builds(
    TargetSpec,
    value=FINITE,
    comparator=st.sampled_from(list(Comparator)),
    scope=st.sampled_from(list(TargetScope)),
    unit=UNITS,
    period_years=periods(),
    baseline=st.none() | FINITE,
    baseline_year=st.none() | st.integers(1980, 2050),
    label=st.just("x"),
)


@given(
    spec=SPECS,
    results=st.dictionaries(st.integers(1980, 2050), FINITE, max_size=12),
    year=st.integers(-10, 3000),
    policy=st.sampled_from(POLICIES),
)
@SETTINGS
def test_compute_achievement_never_raises(
    spec: TargetSpec, results: dict[int, float], year: int, policy: RatingPolicy
) -> None:
    achievement = compute_achievement(spec, results, year, policy)
    assert achievement.status in {"computed", "missing", "not_applicable", "manual"}
    assert (achievement.ratio is not None) == (achievement.status == "computed")
    assert achievement.ratio is None or math.isfinite(achievement.ratio)
    assert achievement.explanation
    assert (achievement.status == "missing") == bool(achievement.missing_years)
    assert all(math.isfinite(v) for v in achievement.details.values())


MONOTONE_SCOPES = [s for s in TargetScope if s is not TargetScope.other]
POSITIVE = st.floats(0.01, 1e6, allow_nan=False)


@st.composite
def monotone_cases(draw: st.DrawFn) -> tuple[TargetSpec, dict[int, float], int, int, float]:
    """A target, complete positive results, the year judged, a year whose result to move, and the move."""
    scope = draw(st.sampled_from(MONOTONE_SCOPES))
    comparator = draw(st.sampled_from(list(Comparator)))
    start = 2025
    period = tuple(range(start, start + draw(st.integers(1, 6))))
    point = scope in (TargetScope.per_year, TargetScope.by_final_year, TargetScope.in_final_year) and draw(
        st.booleans()
    )
    baseline = draw(POSITIVE) if point or draw(st.booleans()) else None
    value = draw(st.floats(0.1, 1e4)) * (draw(st.sampled_from([1, -1])) if point else 1)
    spec = TargetSpec(value, comparator, scope, "pt" if point else "件", period, baseline, None, "x")
    results = {y: draw(POSITIVE) for y in range(start - 1, period[-1] + 1)}
    year = draw(st.sampled_from(period))
    moved = year if scope is TargetScope.annual_rate else draw(st.sampled_from([y for y in period if y <= year]))
    return spec, results, year, moved, draw(st.floats(0.01, 1e5))


def _rank(spec: TargetSpec, results: dict[int, float], year: int, policy: RatingPolicy) -> int | None:
    achievement = compute_achievement(spec, results, year, policy)
    proposal = propose(UnitInput("u", False, [("x", achievement)]), policy)
    return None if proposal.grade is None else policy.rank(proposal.grade)


@given(case=monotone_cases(), policy=st.sampled_from(POLICIES))
@SETTINGS
def test_more_achievement_never_lowers_the_grade(
    case: tuple[TargetSpec, dict[int, float], int, int, float], policy: RatingPolicy
) -> None:
    spec, results, year, moved, step = case
    at_most = spec.comparator in (Comparator.le, Comparator.lt)
    cost = spec.scope is TargetScope.annual_rate
    fall = spec.unit == "pt" and spec.value < 0
    lower_is_better = at_most ^ cost ^ fall
    better = dict(results)
    # more achievement: a higher result, or a lower one for "at most" targets, costs and falls in points
    better[moved] = results[moved] - step if lower_is_better else results[moved] + step
    if cost and better[moved] <= 0:
        better[moved] = results[moved] / 2
    before, after = _rank(spec, results, year, policy), _rank(spec, better, year, policy)
    if before is not None and after is not None:
        assert after <= before, (spec, results, better)


@given(
    ratios=st.lists(st.none() | FINITE, min_size=0, max_size=5),
    is_rd=st.booleans(),
    difficulty=st.booleans(),
    importance=st.booleans(),
    policy=st.sampled_from(POLICIES),
)
@SETTINGS
def test_no_s_without_a_qualitative_judgement(
    ratios: list[float | None], is_rd: bool, difficulty: bool, importance: bool, policy: RatingPolicy
) -> None:
    achievements = [
        (f"t{i}", Achievement(2026, r, "manual" if r is None else "computed", "…")) for i, r in enumerate(ratios)
    ]
    unit = UnitInput("u", is_rd, achievements, difficulty, importance, qualitative_s=False)
    proposal = propose(unit, policy)
    assert proposal.grade != "S"
    assert proposal.uplifted_grade != "S"
    assert proposal.advisory == is_rd
