"""Evaluation stages (issue 11, item 1): which stage is allowed when, and each scope judged per stage."""

from __future__ import annotations

import pytest

from hyoka.evaluate.achievement import TargetSpec
from hyoka.evaluate.policy import default_policy, policy_from_toml
from hyoka.evaluate.proposal import UnitInput, propose
from hyoka.evaluate.stages import StageRefused, check_stage, stage_achievement
from hyoka.model.contract import Comparator, TargetScope

PERIOD = (2025, 2026, 2027, 2028, 2029)


def per_year(value: float = 100.0) -> TargetSpec:
    return TargetSpec(value, Comparator.ge, TargetScope.per_year, period_years=PERIOD, label="件数")


def test_expected_is_made_in_the_last_but_one_year_by_default() -> None:
    check_stage("expected", 2028, PERIOD, default_policy(), rd=False)
    with pytest.raises(StageRefused, match=r"見込評価.*2028.*not FY2026") as refused:
        check_stage("expected", 2026, PERIOD, default_policy(), rd=False)
    assert "expected_years_before_end" in str(refused.value)
    two = policy_from_toml('name = "x"\nexpected_years_before_end = 2')
    check_stage("expected", 2027, PERIOD, two, rd=False)


def test_years_outside_the_period_are_refused_naming_the_year_and_the_period() -> None:
    for stage in ("annual", "expected", "period_end"):
        with pytest.raises(StageRefused, match=r"FY1999.*outside.*FY2025–FY2029"):
            check_stage(stage, 1999, PERIOD, default_policy(), rd=False)


def test_period_end_in_the_final_year_and_interim_only_for_rd() -> None:
    check_stage("period_end", 2029, PERIOD, default_policy(), rd=False)
    with pytest.raises(StageRefused, match="期間実績評価"):
        check_stage("period_end", 2027, PERIOD, default_policy(), rd=False)
    head = policy_from_toml('name = "x"\ninterim_years = [2027]')
    check_stage("interim", 2027, PERIOD, head, rd=True)
    with pytest.raises(StageRefused, match="R&D"):
        check_stage("interim", 2027, PERIOD, head, rd=False)
    with pytest.raises(StageRefused, match="stage must be one of"):
        check_stage("monthly", 2027, PERIOD, default_policy(), rd=False)


def test_period_end_judges_a_per_year_target_over_every_year() -> None:
    results = {2025: 80.0, 2026: 100.0, 2027: 100.0, 2028: 100.0, 2029: 130.0}
    annual = stage_achievement(per_year(), results, 2029, "annual", default_policy())
    assert annual.ratio == pytest.approx(1.3)
    whole = stage_achievement(per_year(), results, 2029, "period_end", default_policy())
    assert whole.ratio == pytest.approx(1.02)
    for label in ("令和7年度", "令和8年度", "令和9年度", "令和10年度", "令和11年度", "80.0%", "130.0%"):
        assert label in whole.explanation
    proposal = propose(UnitInput("u", False, [("件数", whole)]), default_policy())
    assert (proposal.grade, proposal.s_possible) == ("B", False)
    lowest = policy_from_toml('name = "x"\nperiod_years_aggregation = "min"')
    assert stage_achievement(per_year(), results, 2029, "period_end", lowest).ratio == pytest.approx(0.8)


def test_expected_needs_every_year_so_far_and_cumulative_is_judged_on_the_total() -> None:
    gap = stage_achievement(per_year(), {2025: 100.0, 2027: 100.0, 2028: 100.0}, 2028, "expected", default_policy())
    assert gap.status == "missing"
    assert gap.missing_years == (2026,)
    total = TargetSpec(500.0, Comparator.ge, TargetScope.cumulative, period_years=PERIOD, label="累計")
    results = {2025: 100.0, 2026: 100.0, 2027: 100.0, 2028: 100.0, 2029: 100.0}
    end = stage_achievement(total, results, 2029, "period_end", default_policy())
    assert end.ratio == pytest.approx(1.0)
    assert "累計" in end.explanation


def test_expected_judges_a_final_year_target_on_the_latest_level() -> None:
    final = TargetSpec(100.0, Comparator.ge, TargetScope.in_final_year, period_years=PERIOD, label="水準")
    results = {2028: 90.0}
    assert stage_achievement(final, results, 2028, "annual", default_policy()).status == "not_applicable"
    expected = stage_achievement(final, results, 2028, "expected", default_policy())
    assert expected.ratio == pytest.approx(0.9)
    assert "見込みを判定" in expected.explanation


def test_a_yearly_objective_is_evaluated_by_annual_evaluations_only() -> None:
    """A 年度目標 (an executive agency's objectives for one year) has no 見込評価 or 期間実績評価."""
    one_year = (2025,)
    check_stage("annual", 2025, one_year, default_policy(), rd=False, annual_objectives=True)
    for stage in ("period_end", "expected"):
        with pytest.raises(StageRefused, match="年度目標"):
            check_stage(stage, 2025, one_year, default_policy(), rd=False, annual_objectives=True)
    relaxed = policy_from_toml('name = "x"\nannual_objectives_annual_only = false')
    check_stage("period_end", 2025, one_year, relaxed, rd=False, annual_objectives=True)


def test_interim_only_in_a_year_the_heads_term_ends_in_the_middle_of_the_period() -> None:
    """rating-rules.md: an R&D agency has a 中間評価 when the head's term ends in the middle of the period.
    The store holds no head's term, so the policy names the fiscal years (interim_years); without them
    an interim evaluation is refused, and so is any other year, naming the years allowed."""
    with pytest.raises(StageRefused) as refused:
        check_stage("interim", 2027, PERIOD, default_policy(), rd=True)
    for part in ("中間評価", "任期", "interim_years", "FY2027"):
        assert part in str(refused.value)
    head = policy_from_toml('name = "x"\ninterim_years = [2027]')
    with pytest.raises(StageRefused, match=r"FY2026.*interim_years = \[2027\]"):
        check_stage("interim", 2026, PERIOD, head, rd=True)
    # a term ending with the period is the period-end evaluation, not an interim one
    final = policy_from_toml('name = "x"\ninterim_years = [2029]')
    with pytest.raises(StageRefused, match="middle of the period"):
        check_stage("interim", 2029, PERIOD, final, rd=True)
