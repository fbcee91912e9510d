"""Rating policies: the default encodes rating-rules.md, files round-trip, bad policies are refused clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.evaluate.policy import (
    PolicyError,
    RatingPolicy,
    default_policy,
    load_policy,
    policy_from_toml,
    policy_to_toml,
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("name", "default"),
        ("grades", ("S", "A", "B", "C", "D")),
        ("thresholds", {"A": 1.20, "B": 1.00, "C": 0.80}),
        ("s_requires_qualitative", True),
        ("grade_points", {"S": 4, "A": 3, "B": 2, "C": 1, "D": 0}),
        ("importance_weight", 2.0),
        ("difficulty_uplift_grades", 1),
        ("difficulty_uplift_only_where_marked", True),
        ("rd_qualitative", True),
        ("rd_important_failure_caps_overall", True),
        ("rd_cap_trigger_at_or_below", "C"),
        ("rd_cap_grade", "B"),
        ("unit_aggregation", "listed"),
        ("at_most_formula", "inverse"),
        ("annual_rate_average", "geometric"),
        ("cumulative_pro_rata", True),
        ("overall_rounding", "nearest"),
        ("require_reason_above", "B"),
        ("require_improvement_at_or_below", "C"),
    ],
)
def test_default_policy_holds_the_rules(key: str, expected: Any) -> None:
    assert getattr(default_policy(), key) == expected


def test_default_policy_meanings_cover_every_grade() -> None:
    policy = default_policy()
    assert set(policy.grade_meanings) == set(policy.grades) == set(policy.rd_grade_meanings)
    assert "標準" in policy.grade_meanings["B"]
    assert "標準" in policy.rd_grade_meanings["B"]


def test_threshold_summary_names_every_bound() -> None:
    assert default_policy().threshold_summary() == (
        "S 120%以上かつ定性的に特に顕著と認められる場合 / A 120%以上 / B 100%以上 / C 80%以上 / D 80%未満"
    )


def test_default_policy_round_trips_through_toml() -> None:
    policy = default_policy()
    text = policy_to_toml(policy)
    assert policy_from_toml(text) == policy
    assert "[thresholds]" in text
    assert "# " in text  # each key is explained


def test_custom_policy_round_trips_through_toml() -> None:
    custom = policy_from_toml(
        'name = "strict"\ndescription = "厳格\\n\\"引用\\""\nunit_aggregation = "min"\nimportance_weight = 3.5\n'
        "[thresholds]\nS = 1.5\nA = 1.3\nB = 1.05\nC = 0.85\n"
    )
    assert custom.thresholds == {"S": 1.5, "A": 1.3, "B": 1.05, "C": 0.85}
    assert policy_from_toml(policy_to_toml(custom)) == custom


def test_missing_keys_take_the_default_values() -> None:
    policy = policy_from_toml('name = "mext"\n[thresholds]\nA = 1.3\nB = 1.0\nC = 0.7\n')
    assert policy.name == "mext"
    assert policy.thresholds == {"A": 1.3, "B": 1.0, "C": 0.7}
    assert policy.grade_points == default_policy().grade_points
    assert policy.importance_weight == 2.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\ntreshold = 1', "unknown key(s) 'treshold'"),
        ('description = "no name"', "missing key 'name'"),
        (
            'name = "x"\n[thresholds]\nA = 1.0\nB = 1.2\nC = 0.8',
            "must decrease from best to worst grade, but A 1.0 ≤ B 1.2",
        ),
        ('name = "x"\n[thresholds]\nA = 1.2\nB = 1.0\nC = 1.0', "must decrease"),
        ('name = "x"\n[thresholds]\nA = 1.2\nB = 1.0\nC = 0.8\nD = 0.5', "'D' is not a grade with a lower bound"),
        ('name = "x"\n[thresholds]\nA = 1.2\nB = 1.0', "missing bound for C"),
        ('name = "x"\n[thresholds]\nS = 1.1\nA = 1.2\nB = 1.0\nC = 0.8', "must decrease"),
        ('name = "x"\n[thresholds]\nA = 1.2\nB = -1.0\nC = -2.0', "finite and not negative"),
        ('name = "x"\n[grade_points]\nS = 4\nA = 3\nB = 3\nC = 1\nD = 0', "grade_points: must be finite and decrease"),
        ('name = "x"\n[grade_points]\nA = 3\nB = 2', "grade_points: need exactly one value per grade"),
        ('name = "x"\nimportance_weight = 0', "importance_weight: must be a positive number"),
        ('name = "x"\ndifficulty_uplift_grades = -1', "difficulty_uplift_grades"),
        ('name = "x"\nunit_aggregation = "median"', "unit_aggregation"),
        ('name = "x"\nat_most_formula = "ratio"', "at_most_formula"),
        ('name = "x"\nrequire_reason_above = "X"', "require_reason_above: 'X' is not a grade"),
        ('name = "x"\nrd_cap_grade = "E"', "rd_cap_grade: 'E' is not a grade"),
        ('name = "x"\ns_requires_qualitative = false', "'S' needs a bound when s_requires_qualitative is false"),
        ('name = "x"\ngrades = ["S", "S", "B"]', "grades: need at least 3 distinct non-empty grades"),
        ('name = "x"\n[grade_meanings]\nS = "s"', "grade_meanings: need exactly one meaning per grade"),
        ('name = ""', "name"),
        ("name = ", "not valid TOML"),
    ],
)
def test_invalid_policies_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_toml(text, source="my.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("my.toml: ")


def test_policy_without_qualitative_s_needs_and_uses_its_own_bound() -> None:
    policy = policy_from_toml(
        'name = "x"\ns_requires_qualitative = false\n[thresholds]\nS = 1.5\nA = 1.2\nB = 1.0\nC = 0.8'
    )
    assert policy.top_floor == 1.5


def test_load_policy_reads_a_file_and_reports_a_missing_one(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('name = "file"\nunit_aggregation = "min"\n', encoding="utf-8")
    assert load_policy(path).unit_aggregation == "min"
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(tmp_path / "absent.toml")


def test_policy_model_is_frozen_and_refuses_unknown_fields() -> None:
    policy = default_policy()
    with pytest.raises(ValueError, match="frozen"):
        policy.name = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="Extra inputs"):
        RatingPolicy.model_validate({**policy.model_dump(), "extra": 1})


@pytest.mark.parametrize(
    ("grade", "steps", "allow_top", "expected"),
    [("B", 1, False, "A"), ("A", 1, False, "A"), ("A", 1, True, "S"), ("C", 2, False, "A"), ("S", 1, False, "S")],
)
def test_raise_grade(grade: str, steps: int, allow_top: bool, expected: str) -> None:
    assert default_policy().raise_grade(grade, steps, allow_top=allow_top) == expected


def test_rank_refuses_unknown_grades() -> None:
    assert default_policy().rank("S") == 0
    with pytest.raises(ValueError, match="unknown grade 'E'"):
        default_policy().rank("E")
