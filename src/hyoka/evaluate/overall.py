"""The computed overall rating (総合評定): item grades as points, weighted, mapped back to a grade.

This is the arithmetic only. The adjustments for matters affecting the whole agency and any
override of the computed grade are an evaluator's, recorded elsewhere with their reason; the trace
says so, so that nobody reads the computed grade as the final one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.evaluate.formulas import fmt
from hyoka.evaluate.policy import RatingPolicy

# Means this close to the midpoint between two grades count as a tie (which goes to the lower grade).
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class ItemRating:
    """The grade of one evaluation unit and the facts the overall rating needs about it."""

    title: str
    grade: str
    important: bool = False  # marked 重要度「高」
    rd_results_chapter: bool = False  # in the 研究開発成果の最大化 chapter
    management_failure: bool = False  # rated low because of a failure of the agency's management as a whole


@dataclass(frozen=True, slots=True)
class OverallComputation:
    grade: str | None  # None when there are no item ratings
    weighted_mean: float | None
    trace: tuple[str, ...]
    capped: bool = False  # the R&D cap lowered the grade


def grade_for_points(mean: float, policy: RatingPolicy) -> str:
    """A weighted mean of grade points as a grade, per `policy.overall_rounding`.

    "nearest": the grade whose points are closest, a tie going to the lower grade (2.5 between
    B = 2 and A = 3 is B): the overall rating is not raised on a split. "down": the best grade whose
    points do not exceed the mean.
    """
    by_points = sorted(policy.grades, key=lambda g: policy.grade_points[g])  # worst first
    if policy.overall_rounding == "down":
        reached = [g for g in by_points if policy.grade_points[g] <= mean + TIE_TOLERANCE]
        return reached[-1] if reached else by_points[0]
    best = by_points[0]
    for grade in by_points[1:]:
        if abs(policy.grade_points[grade] - mean) < abs(policy.grade_points[best] - mean) - TIE_TOLERANCE:
            best = grade
    return best


def overall_rating(items: Sequence[ItemRating], policy: RatingPolicy, *, is_rd: bool) -> OverallComputation:
    """The computed overall rating of `items`; ValueError for a grade the policy does not know."""
    for item in items:
        policy.rank(item.grade)
    if not items:
        return OverallComputation(None, None, ("項目別評定がないため、総合評定は計算できない",))
    trace: list[str] = ["項目別評定を点数化して加重平均する"]
    total = weights = 0.0
    for item in items:
        weight = policy.importance_weight if item.important else 1.0
        points = policy.grade_points[item.grade]
        total, weights = total + points * weight, weights + weight
        mark = "（重要度「高」）" if item.important else ""
        trace.append(f"・{item.title}{mark}: {item.grade} = {fmt(points)}点 × 重み {weight:g}")
    mean = total / weights
    if not math.isfinite(mean):
        raise ValueError("grade points and weights give no finite mean")
    grade = grade_for_points(mean, policy)
    scale = "、".join(f"{g} {fmt(policy.grade_points[g])}点" for g in policy.grades)
    rounding = (
        "最も近い評定（等距離なら下位の評定）" if policy.overall_rounding == "nearest" else "超えない最上位の評定"
    )
    trace += [
        f"加重平均: {fmt(total)} ÷ {fmt(weights)} = {mean:.3f}点（{scale}）",
        f"→ {rounding}: {grade}",
    ]
    capped = False
    if is_rd and policy.rd_important_failure_caps_overall:
        grade, capped, lines = _rd_cap(items, policy, grade)
        trace += lines
    trace.append(
        "総合評定は、法人全体に影響する事項（政策上の要請、重大な事案等）を踏まえて評価者が調整し得る。"
        "算出結果を変更する場合は理由を記録する（この計算には含まない）"
    )
    return OverallComputation(grade, mean, tuple(trace), capped)


def _rd_cap(items: Sequence[ItemRating], policy: RatingPolicy, grade: str) -> tuple[str, bool, list[str]]:
    """The R&D rule: an important R&D-results item failed by management at or below C caps the overall at B."""
    trigger, cap = policy.rd_cap_trigger_at_or_below, policy.rd_cap_grade
    failed = [
        i
        for i in items
        if i.important
        and i.rd_results_chapter
        and i.management_failure
        and policy.rank(i.grade) >= policy.rank(trigger)
    ]
    if not failed:
        return grade, False, []
    names = "、".join(f"「{i.title}」（{i.grade}）" for i in failed)
    why = (
        f"研究開発成果の最大化の章で重要度「高」の{names}が法人全体のマネジメントの不備により{trigger}以下のため、"
        f"総合評定は{cap}を上限とする"
    )
    if policy.rank(grade) < policy.rank(cap):
        return cap, True, [f"{why}（{grade} → {cap}）"]
    return grade, False, [f"{why}（算出結果 {grade} は上限以下）"]
