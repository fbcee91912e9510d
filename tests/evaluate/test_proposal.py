"""Proposed item ratings: thresholds, S only with a qualitative judgement, difficulty uplift, R&D advisory."""

from __future__ import annotations

import pytest

from hyoka.evaluate.achievement import Achievement, TargetSpec, compute_achievement
from hyoka.evaluate.policy import RatingPolicy, default_policy, policy_from_toml
from hyoka.evaluate.proposal import Proposal, UnitInput, aggregate, grade_for_ratio, is_s_possible, propose
from hyoka.model.contract import Comparator, TargetScope

PERIOD = (2025, 2026, 2027, 2028, 2029)


def computed(ratio: float) -> Achievement:
    return Achievement(2026, ratio, "computed", f"達成度 {ratio:.1%}")


def unit(*ratios: float, **marks: bool) -> UnitInput:
    achievements = [(f"指標{i + 1}", computed(r)) for i, r in enumerate(ratios)]
    return UnitInput(title="評価単位", is_rd=marks.pop("is_rd", False), achievements=achievements, **marks)


def proposal(*ratios: float, policy: RatingPolicy | None = None, **marks: bool) -> Proposal:
    return propose(unit(*ratios, **marks), policy or default_policy())


@pytest.mark.parametrize(
    ("ratio", "grade"),
    [
        (5.0, "A"),  # never S from numbers alone
        (1.20, "A"),
        (1.1999, "B"),
        (1.0, "B"),
        (0.9999, "C"),
        (0.80, "C"),
        (0.7999, "D"),
        (0.0, "D"),
        (-1.0, "D"),
    ],
)
def test_grade_for_ratio_boundaries(ratio: float, grade: str) -> None:
    assert grade_for_ratio(ratio, default_policy()) == grade


@pytest.mark.parametrize(
    ("result", "comparator", "grade"),
    [
        (1200, Comparator.ge, "A"),  # exactly 120 %
        (1199, Comparator.ge, "B"),
        (1000, Comparator.ge, "B"),  # exactly 100 %
        (999, Comparator.ge, "C"),
        (800, Comparator.ge, "C"),  # exactly 80 %
        (799, Comparator.ge, "D"),
        (1250, Comparator.le, "C"),  # at most 1,000: inverted, exactly 80 %
        (1251, Comparator.le, "D"),
        (1000, Comparator.le, "B"),
        (1000 / 1.2, Comparator.le, "A"),  # exactly 120 % inverted
        (100, Comparator.le, "A"),
    ],
)
def test_boundaries_through_computed_achievement(result: float, comparator: Comparator, grade: str) -> None:
    target = TargetSpec(1000, comparator, TargetScope.per_year, "件", PERIOD)
    achievement = compute_achievement(target, {2026: result}, 2026, default_policy())
    assert propose(UnitInput("u", False, [("件数", achievement)]), default_policy()).grade == grade


@pytest.mark.parametrize(("ratio", "grade"), [(1.25, "B"), (1.30, "A"), (1.04, "C"), (0.84, "D"), (0.85, "C")])
def test_custom_thresholds_change_grades(ratio: float, grade: str) -> None:
    strict = policy_from_toml('name = "strict"\n[thresholds]\nA = 1.3\nB = 1.05\nC = 0.85\n')
    assert grade_for_ratio(ratio, strict) == grade
    assert proposal(ratio, policy=strict).grade == grade


def test_s_needs_a_qualitative_judgement() -> None:
    numbers_only = proposal(1.5)
    assert (numbers_only.grade, numbers_only.s_possible) == ("A", True)
    assert any("Sの可能性あり" in line for line in numbers_only.trace)
    assert any("効率性の観点" in line for line in numbers_only.trace)  # far above may also be rated down
    assert proposal(1.5, qualitative_s=True).grade == "S"
    below = proposal(1.19, qualitative_s=True)
    assert (below.grade, below.s_possible) == ("B", False)


def test_policy_may_give_s_on_numbers_with_its_own_bound() -> None:
    rules = policy_from_toml(
        'name = "x"\ns_requires_qualitative = false\n[thresholds]\nS = 1.5\nA = 1.2\nB = 1.0\nC = 0.8'
    )
    assert grade_for_ratio(1.5, rules) == "S"
    assert grade_for_ratio(1.49, rules) == "A"
    assert is_s_possible(1.5, rules)


@pytest.mark.parametrize(
    ("ratios", "aggregation", "basis", "grade"),
    [
        ((1.3, 0.9), "mean", 1.1, "B"),
        ((1.3, 0.9), "min", 0.9, "C"),
        ((1.2, 1.2, 1.2), "mean", 1.2, "A"),
        ((0.7,), "mean", 0.7, "D"),
    ],
)
def test_unit_aggregation(ratios: tuple[float, ...], aggregation: str, basis: float, grade: str) -> None:
    rules = policy_from_toml(f'name = "x"\nunit_aggregation = "{aggregation}"')
    result = proposal(*ratios, policy=rules)
    assert result.basis_ratio == pytest.approx(basis)
    assert result.grade == grade
    assert aggregate(list(ratios), rules)[0] == pytest.approx(basis)


@pytest.mark.parametrize(
    ("ratio", "marked", "qualitative", "allowed", "uplifted"),
    [
        (1.0, True, False, True, "A"),
        (0.85, True, False, True, "B"),
        (0.5, True, False, True, "C"),
        (1.0, False, False, False, None),  # only where marked
        (1.3, True, False, True, "A"),  # A stays A: S needs the qualitative judgement
        (1.3, True, True, True, "S"),  # with it, S (already S: stays S)
        (1.1, True, True, True, "A"),  # qualitative S does not make B jump two grades
    ],
)
def test_difficulty_uplift_only_where_marked(
    ratio: float, marked: bool, qualitative: bool, allowed: bool, uplifted: str | None
) -> None:
    result = proposal(ratio, difficulty_marked=marked, qualitative_s=qualitative)
    assert (result.uplift_allowed, result.uplifted_grade) == (allowed, uplifted)
    if allowed and result.uplifted_grade != result.grade:
        assert any("理由を記載しなければならない" in line for line in result.trace)
    if not marked:
        assert any("困難度「高」が付されていない" in line for line in result.trace)
        assert any("評価時に判明した困難度" in line for line in result.trace)
    else:
        assert any("実際には存在しなかった場合は引き上げない" in line for line in result.trace)


def test_uplift_policy_settings() -> None:
    everywhere = policy_from_toml('name = "x"\ndifficulty_uplift_only_where_marked = false')
    assert proposal(1.0, policy=everywhere).uplifted_grade == "A"
    two = policy_from_toml('name = "x"\ndifficulty_uplift_grades = 2')
    assert proposal(0.5, policy=two, difficulty_marked=True).uplifted_grade == "B"
    none = policy_from_toml('name = "x"\ndifficulty_uplift_grades = 0')
    assert not proposal(0.5, policy=none, difficulty_marked=True).uplift_allowed


@pytest.mark.parametrize(
    ("ratio", "qualitative", "reason", "improvement"),
    [
        (1.5, True, True, False),
        (1.2, False, True, False),
        (1.0, False, False, False),
        (0.9, False, False, True),
        (0.1, False, False, True),
    ],
)
def test_reason_above_b_and_improvement_at_or_below_c(
    ratio: float, qualitative: bool, reason: bool, improvement: bool
) -> None:
    result = proposal(ratio, qualitative_s=qualitative)
    assert (result.needs_reason, result.needs_improvement) == (reason, improvement)


def test_rd_units_are_advisory_and_quote_the_rd_meanings() -> None:
    result = proposal(1.0, is_rd=True)
    assert result.advisory
    text = "\n".join(result.trace)
    for meaning in default_policy().rd_grade_meanings.values():
        assert meaning in text
    assert "評価者が決定する" in text
    assert not proposal(1.0).advisory
    numeric = policy_from_toml('name = "x"\nrd_qualitative = false')
    assert not proposal(1.0, is_rd=True, policy=numeric).advisory


def test_trace_lists_targets_aggregation_thresholds_and_rules() -> None:
    missing = Achievement(2026, None, "missing", "令和8年度の実績がないため計算できない", (2026,))
    achievements = [("件数", computed(1.1)), ("満足度", computed(0.9)), ("累計", missing)]
    result = propose(UnitInput("相談", False, achievements, importance_marked=True), default_policy())
    text = "\n".join(result.trace)
    assert result.grade == "B"
    assert "・件数: 達成度 110.0%" in text
    assert "・累計: 集約に含めない（実績の欠測）" in text
    assert "達成度の集約（平均）: (110.0% + 90.0%) ÷ 2 = 100.0%" in text
    assert default_policy().threshold_summary() in text
    assert "重み 2" in text
    assert "困難度" in text


def test_nothing_computable_gives_no_grade() -> None:
    manual = Achievement(2026, None, "manual", "評価者が入力する")
    result = propose(UnitInput("u", True, [("x", manual)]), default_policy())
    assert (result.grade, result.basis_ratio, result.uplifted_grade) == (None, None, None)
    assert result.advisory
    assert (result.needs_reason, result.needs_improvement) == (False, False)


def test_grade_for_ratio_refuses_nan() -> None:
    with pytest.raises(ValueError, match="not a number"):
        grade_for_ratio(float("nan"), default_policy())
