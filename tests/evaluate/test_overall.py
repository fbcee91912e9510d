"""Overall rating: weighted grade points, nearest grade with ties to the lower one, the R&D cap."""

from __future__ import annotations

import pytest

from hyoka.evaluate.overall import ItemRating, grade_for_points, overall_rating
from hyoka.evaluate.policy import default_policy, policy_from_toml


def items(spec: str) -> list[ItemRating]:
    """'A! B C' → items graded A (important), B, C."""
    return [ItemRating(f"項目{i}", g.rstrip("!"), important=g.endswith("!")) for i, g in enumerate(spec.split())]


@pytest.mark.parametrize(
    ("spec", "mean", "grade"),
    [
        ("B B B", 2.0, "B"),
        ("A B", 2.5, "B"),  # tie between A and B goes to the lower grade
        ("A! B", 8 / 3, "A"),  # importance counts twice and flips the tie
        ("A B!", 7 / 3, "B"),
        ("C D", 0.5, "D"),  # tie to the lower grade
        ("S A", 3.5, "A"),
        ("S S A", 11 / 3, "S"),
        ("A A B", 8 / 3, "A"),
        ("C! A A", 2.0, "B"),
        ("D! D! A", 0.6, "C"),
    ],
)
def test_weighted_mean_to_nearest_grade(spec: str, mean: float, grade: str) -> None:
    result = overall_rating(items(spec), default_policy(), is_rd=False)
    assert result.weighted_mean == pytest.approx(mean)
    assert result.grade == grade
    assert not result.capped


def test_importance_weight_is_a_policy_setting() -> None:
    heavier = policy_from_toml('name = "x"\nimportance_weight = 3.0')
    result = overall_rating(items("C! A A A"), heavier, is_rd=False)
    assert result.weighted_mean == pytest.approx(12 / 6)
    assert any("重み 3" in line for line in result.trace)


@pytest.mark.parametrize(
    ("mean", "nearest", "down"), [(2.5, "B", "B"), (2.51, "A", "B"), (2.49, "B", "B"), (3.99, "S", "A")]
)
def test_rounding_settings(mean: float, nearest: str, down: str) -> None:
    assert grade_for_points(mean, default_policy()) == nearest
    assert grade_for_points(mean, policy_from_toml('name = "x"\noverall_rounding = "down"')) == down


def rd_items(
    *, important: bool = True, chapter: bool = True, failure: bool = True, grade: str = "C"
) -> list[ItemRating]:
    return [
        ItemRating("研究開発1", "S", important=True, rd_results_chapter=True),
        ItemRating("研究開発2", "S", important=True, rd_results_chapter=True),
        ItemRating("研究開発3", grade, important=important, rd_results_chapter=chapter, management_failure=failure),
        ItemRating("業務運営", "A"),
    ]


@pytest.mark.parametrize(
    ("changes", "is_rd", "capped"),
    [
        ({}, True, True),
        ({"grade": "D"}, True, True),
        ({"grade": "B"}, True, False),  # only C or below triggers the cap
        ({"failure": False}, True, False),  # low for another reason than management
        ({"important": False}, True, False),
        ({"chapter": False}, True, False),
        ({}, False, False),  # not an R&D agency
    ],
)
def test_rd_cap(changes: dict[str, object], is_rd: bool, capped: bool) -> None:
    result = overall_rating(rd_items(**changes), default_policy(), is_rd=is_rd)  # type: ignore[arg-type]
    assert result.capped == capped
    assert result.grade == ("B" if capped else "A")
    if capped:
        assert any("Bを上限とする（A → B）" in line for line in result.trace)


def test_rd_cap_can_be_switched_off() -> None:
    rules = policy_from_toml('name = "x"\nrd_important_failure_caps_overall = false')
    assert overall_rating(rd_items(), rules, is_rd=True).grade == "A"


def test_rd_cap_noted_when_the_grade_is_already_at_or_below_it() -> None:
    result = overall_rating([ItemRating("r", "C", True, True, True)], default_policy(), is_rd=True)
    assert (result.grade, result.capped) == ("C", False)
    assert any("上限以下" in line for line in result.trace)


def test_trace_says_overrides_are_elsewhere() -> None:
    result = overall_rating(items("A B! C"), default_policy(), is_rd=False)
    text = "\n".join(result.trace)
    assert "（重要度「高」）: B = 2点 × 重み 2" in text
    assert "等距離なら下位の評定" in text
    assert "理由を記録する" in text


def test_no_items_and_unknown_grades() -> None:
    assert overall_rating([], default_policy(), is_rd=False).grade is None
    with pytest.raises(ValueError, match="unknown grade 'E'"):
        overall_rating([ItemRating("x", "E")], default_policy(), is_rd=False)
