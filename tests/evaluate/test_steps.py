"""The rating rules as named steps of the proposal's trace (issue 11, items 3 and 4)."""

from __future__ import annotations

import pytest

from hyoka.evaluate.achievement import Achievement
from hyoka.evaluate.policy import default_policy, policy_from_toml
from hyoka.evaluate.proposal import STEP_NAMES, UnitInput, propose


def computed(ratio: float) -> Achievement:
    return Achievement(2026, ratio, "computed", f"達成度 {ratio:.1%}")


def unit(*ratios: float, **marks: bool) -> UnitInput:
    return UnitInput(
        "単位", marks.pop("is_rd", False), [(f"指標{i + 1}", computed(r)) for i, r in enumerate(ratios)], **marks
    )


def test_the_trace_lists_the_steps_in_order() -> None:
    result = propose(unit(1.1, difficulty_marked=True), default_policy())
    assert [step.name for step in result.steps] == list(STEP_NAMES)
    assert list(STEP_NAMES) == ["achievement", "thresholds", "uplift", "top_grade", "departure"]
    headers = [line for line in result.trace if line.startswith("【手順")]
    assert len(headers) == 5
    assert headers[0].startswith("【手順1 達成度】")
    uplift = result.step("uplift")
    assert any("B → A" in line for line in uplift.lines)
    assert any("引上げの理由" in line for line in uplift.lines)
    assert any("変更の理由" in line for line in result.step("departure").lines)


def test_s_step_needs_the_floor_and_the_judgement() -> None:
    at_floor = propose(unit(1.25, qualitative_s=True), default_policy())
    assert at_floor.grade == "S"
    assert any("定性的に特に顕著" in line for line in at_floor.step("top_grade").lines)
    below = propose(unit(1.0, qualitative_s=True), default_policy())
    assert below.grade == "B"
    assert any("120.0%に達しない" in line for line in below.step("top_grade").lines)


def test_listed_aggregation_names_a_failed_target() -> None:
    result = propose(unit(0.8, 1.25), default_policy())
    assert result.grade == "B"  # the mean, 102.5 %
    assert result.target_grades == (("指標1", "C"), ("指標2", "A"))
    text = "\n".join(result.trace)
    assert "各指標の評定: 指標1 C、指標2 A" in text
    assert "目標を下回る指標: 指標1（C）" in text
    minimum = propose(unit(0.8, 1.25), policy_from_toml('name = "x"\nunit_aggregation = "min"'))
    assert minimum.grade == "C"
    plain = propose(unit(0.8, 1.25), policy_from_toml('name = "x"\nunit_aggregation = "mean"'))
    assert "各指標の評定" not in "\n".join(plain.trace)


@pytest.mark.parametrize("aggregation", ["mean", "min", "listed"])
def test_the_aggregation_is_named_in_the_trace(aggregation: str) -> None:
    policy = policy_from_toml(f'name = "x"\nunit_aggregation = "{aggregation}"')
    text = "\n".join(propose(unit(0.9, 1.1), policy).trace)
    assert {"mean": "（平均）", "min": "（最小値）", "listed": "（平均）"}[aggregation] in text


def test_restated_targets_count_once() -> None:
    achievements = [("件数", computed(0.8)), ("件数（再掲）", computed(0.8)), ("率", computed(1.2))]
    result = propose(UnitInput("単位", False, achievements, restated=frozenset({1})), default_policy())
    assert result.basis_ratio == pytest.approx(1.0)
    assert any("再掲" in line and "1回だけ" in line for line in result.trace)
