"""A proposed item rating for one evaluation unit, from the achievement of its targets.

The rule only proposes: S always needs a person's qualitative judgement, the difficulty uplift is
the evaluator's to take (with a written reason), and R&D units are judged qualitatively, so for
them the proposal is advisory. The `trace` says, in plain Japanese, every step and rule applied,
so that the evaluator can check the proposal and the reader of the report can follow it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.evaluate.achievement import Achievement
from hyoka.evaluate.formulas import pct
from hyoka.evaluate.policy import RatingPolicy

# Ratios this close below a bound count as reaching it: float rounding must not turn exactly 120 % into 119.99…
TOLERANCE = 1e-9

_STATUS = {"missing": "実績の欠測", "not_applicable": "判定対象外", "manual": "評価者が判断", "computed": "計算不能"}


@dataclass(frozen=True, slots=True)
class UnitInput:
    """One evaluation unit: its targets' achievements and the marks the objectives give it."""

    title: str
    is_rd: bool
    achievements: Sequence[tuple[str, Achievement]]
    difficulty_marked: bool = False
    importance_marked: bool = False
    qualitative_s: bool = False  # a recorded qualitative judgement that the unit is outstanding: allows S


@dataclass(frozen=True, slots=True)
class Proposal:
    """The proposed grade and everything the evaluator must know about it."""

    grade: str | None  # None when no target's achievement could be computed
    basis_ratio: float | None
    s_possible: bool
    uplift_allowed: bool
    uplifted_grade: str | None
    advisory: bool
    needs_reason: bool
    needs_improvement: bool
    trace: tuple[str, ...]


def grade_for_ratio(ratio: float, policy: RatingPolicy) -> str:
    """The grade the numbers alone give. Never the top grade (S) when it needs a qualitative judgement."""
    if math.isnan(ratio):
        raise ValueError("achievement ratio is not a number")
    numeric = policy.grades[1:-1] if policy.s_requires_qualitative else policy.grades[:-1]
    for grade in numeric:
        if ratio >= policy.thresholds[grade] - TOLERANCE:
            return grade
    return policy.lowest_grade


def is_s_possible(ratio: float, policy: RatingPolicy) -> bool:
    """Whether the numbers reach the level at which the top grade (S) may be considered."""
    return ratio >= policy.top_floor - TOLERANCE


def aggregate(ratios: Sequence[float], policy: RatingPolicy) -> tuple[float, str]:
    """The unit's ratio from its targets' ratios (policy: mean or min), and the line saying how."""
    shown = [pct(r) for r in ratios]
    if len(ratios) == 1:
        return ratios[0], f"達成度: {shown[0]}（計算できた指標は1件）"
    if policy.unit_aggregation == "min":
        basis = min(ratios)
        return basis, f"達成度の集約（最小値）: min({', '.join(shown)}) = {pct(basis)}"
    scale = max(abs(r) for r in ratios) or 1.0  # scaled so that no sum can overflow
    basis = math.fsum(r / scale for r in ratios) / len(ratios) * scale
    return basis, f"達成度の集約（平均）: ({' + '.join(shown)}) ÷ {len(ratios)} = {pct(basis)}"


def propose(unit: UnitInput, policy: RatingPolicy) -> Proposal:
    """The proposal for `unit` under `policy`, with its trace."""
    trace = [f"評価単位「{unit.title}」"]
    ratios: list[float] = []
    for label, achievement in unit.achievements:
        name = label or "（名称なし）"
        ratio = achievement.ratio
        if achievement.status == "computed" and ratio is not None and math.isfinite(ratio):
            ratios.append(ratio)
            trace.append(f"・{name}: {achievement.explanation}")
        else:
            trace.append(f"・{name}: 集約に含めない（{_STATUS[achievement.status]}）: {achievement.explanation}")
    uplift_allowed = policy.difficulty_uplift_grades > 0 and (
        unit.difficulty_marked or not policy.difficulty_uplift_only_where_marked
    )
    advisory = unit.is_rd and policy.rd_qualitative
    if not ratios:
        trace.append("計算できる達成度がないため、数値による評定は提案しない。評価者が判断する")
        trace += _rd_lines(unit, policy)
        return Proposal(None, None, False, uplift_allowed, None, advisory, False, False, tuple(trace))
    basis, how = aggregate(ratios, policy)
    trace += [how, f"判定基準: {policy.threshold_summary()}"]
    grade = grade_for_ratio(basis, policy)
    s_possible = is_s_possible(basis, policy)
    top = policy.top_grade
    if s_possible and policy.s_requires_qualitative:
        if unit.qualitative_s:
            grade = top
            trace.append(f"{pct(policy.top_floor)}以上で、定性的に特に顕著との判断が記録されているため{top}とする")
        else:
            trace.append(
                f"{pct(policy.top_floor)}以上のため{top}の可能性あり: 定性的に特に顕著と判断された場合に限り"
                f"{top}とする（数値だけでは{top}としない）"
            )
    meanings = policy.rd_grade_meanings if unit.is_rd else policy.grade_meanings
    trace.append(f"→ 達成度 {pct(basis)} により {grade}（{meanings[grade]}）")
    if s_possible:
        trace.append("なお、求められる水準を大きく上回る実績は、効率性の観点から評定を下げる理由にもなり得る")
    uplifted, lines = _uplift(unit, policy, grade, uplift_allowed)
    trace += lines
    if unit.importance_marked:
        weight = f"{policy.importance_weight:g}"
        trace.append(f"重要度「高」: 総合評定では重み {weight} で数える")
    needs_reason = policy.rank(grade) < policy.rank(policy.require_reason_above)
    needs_improvement = policy.rank(grade) >= policy.rank(policy.require_improvement_at_or_below)
    if needs_reason:
        trace.append(
            f"{grade}は{policy.require_reason_above}を上回るため、その理由（重要度・困難度の高い目標の達成等）を記載する"
        )
    if needs_improvement:
        trace.append(f"{grade}のため、改善に向けた方策を記載する")
    trace += _rd_lines(unit, policy)
    return Proposal(
        grade, basis, s_possible, uplift_allowed, uplifted, advisory, needs_reason, needs_improvement, tuple(trace)
    )


def _uplift(unit: UnitInput, policy: RatingPolicy, grade: str, allowed: bool) -> tuple[str | None, list[str]]:
    """The grade the difficulty rule allows, and the lines saying so; None when not allowed."""
    steps = policy.difficulty_uplift_grades
    if steps == 0:
        return None, ["方針により、困難度による引上げは行わない"]
    if not allowed:
        return None, [
            "困難度「高」が付されていないため、困難度による引上げは提案しない（評価時に判明した困難度は、"
            "理由を付して同様に扱い得る）"
        ]
    allow_top = unit.qualitative_s or not policy.s_requires_qualitative
    raised = policy.raise_grade(grade, steps, allow_top=allow_top)
    why = "困難度「高」が付された項目" if unit.difficulty_marked else "方針により全項目"
    if raised == grade:
        held = "最上位の評定" if grade == policy.top_grade else f"{policy.top_grade}には定性的判断が必要"
        lines = [f"{why}だが、{grade}からは引き上げられない（{held}）"]
    else:
        may = f"{why}のため、評価者は{steps}段階引き上げることができる（{grade} → {raised}）"
        lines = [f"{may}。引き上げる場合は、評価者がその理由を記載しなければならない"]
    if unit.difficulty_marked:
        lines.append("想定した困難が実際には存在しなかった場合は引き上げない")
    return raised, lines


def _rd_lines(unit: UnitInput, policy: RatingPolicy) -> list[str]:
    if not unit.is_rd:
        return []
    if not policy.rd_qualitative:
        return ["研究開発に係る評価単位だが、方針により数値で評定する"]
    meanings = " / ".join(f"{g}: {policy.rd_grade_meanings[g]}" for g in policy.grades)
    return [
        "研究開発に係る評価単位: 評定は研究開発成果の最大化の観点から定性的に判断する。"
        "数値による上記の評定は参考（提案）であり、評価者が決定する",
        f"研究開発の評定の意味: {meanings}",
    ]
