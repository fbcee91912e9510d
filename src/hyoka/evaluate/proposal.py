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


STEP_NAMES = ("achievement", "thresholds", "uplift", "top_grade", "departure")
STEP_TITLES = {
    "achievement": "達成度",
    "thresholds": "基準による評定",
    "uplift": "困難度による引上げ",
    "top_grade": "{top}の判断",
    "departure": "評価者による変更",
}


@dataclass(frozen=True, slots=True)
class UnitInput:
    """One evaluation unit: its targets' achievements and the marks the objectives give it."""

    title: str
    is_rd: bool
    achievements: Sequence[tuple[str, Achievement]]
    difficulty_marked: bool = False
    importance_marked: bool = False
    qualitative_s: bool = False  # a recorded qualitative judgement that the unit is outstanding: allows S
    restated: frozenset[int] = frozenset()  # positions in `achievements` of restated targets (再掲): counted once


@dataclass(frozen=True, slots=True)
class Step:
    """One named rule of the proposal (`STEP_NAMES`) and the lines of the trace it wrote."""

    name: str
    title: str
    lines: tuple[str, ...]


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
    steps: tuple[Step, ...] = ()
    target_grades: tuple[tuple[str, str], ...] = ()  # each counted target's own grade by the thresholds

    def step(self, name: str) -> Step:
        """The step `name` (one of `STEP_NAMES`); KeyError for another name."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)


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
    """The unit's ratio from its targets' ratios (policy: mean, min, or listed = mean), and the line saying how."""
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
    """The proposal for `unit` under `policy`: the rules as named steps (`STEP_NAMES`), and the trace of them."""
    counted, first = _achievement_step(unit, policy)
    uplift_allowed = policy.difficulty_uplift_grades > 0 and (
        unit.difficulty_marked or not policy.difficulty_uplift_only_where_marked
    )
    advisory = unit.is_rd and policy.rd_qualitative
    top = policy.top_grade
    if not counted:
        first.append("計算できる達成度がないため、数値による評定は提案しない。評価者が判断する")
        steps = {
            "achievement": first,
            "thresholds": ["達成度がないため、基準による評定はない"],
            "uplift": ["数値による評定がないため、困難度による引上げの提案はない"],
            "top_grade": [f"数値による評定がないため、{top}は評価者の定性的な判断による"],
            "departure": _departure_lines(unit, policy, None, advisory),
        }
        return _proposal(
            unit,
            policy,
            steps,
            grade=None,
            basis=None,
            s_possible=False,
            uplift_allowed=uplift_allowed,
            uplifted=None,
            advisory=advisory,
            target_grades=(),
        )
    ratios = [ratio for _, ratio in counted]
    basis, how = aggregate(ratios, policy)
    first.append(how)
    target_grades = tuple((label, grade_for_ratio(ratio, policy)) for label, ratio in counted)
    if policy.unit_aggregation == "listed" and len(counted) > 1:
        first.append("各指標の評定: " + "、".join(f"{label} {grade}" for label, grade in target_grades))
        standard = grade_for_ratio(1.0, policy)
        failed = [(label, g) for label, g in target_grades if policy.rank(g) > policy.rank(standard)]
        if failed:
            names = "、".join(f"{label}（{g}）" for label, g in failed)
            first.append(f"目標を下回る指標: {names}。評価者はこれを踏まえて判断する（平均に埋もれさせない）")
    grade = grade_for_ratio(basis, policy)
    s_possible = is_s_possible(basis, policy)
    meanings = policy.rd_grade_meanings if unit.is_rd else policy.grade_meanings
    thresholds = [
        f"判定基準: {policy.threshold_summary()}",
        f"→ 達成度 {pct(basis)} により {grade}（{meanings[grade]}）",
    ]
    if s_possible:
        thresholds.append("なお、求められる水準を大きく上回る実績は、効率性の観点から評定を下げる理由にもなり得る")
    s_given = s_possible and unit.qualitative_s and policy.s_requires_qualitative
    uplifted, uplift_lines = _uplift(unit, policy, grade, uplift_allowed, allow_top=s_given)
    top_lines: list[str] = []
    if not policy.s_requires_qualitative:
        top_lines.append(f"方針により、{top}は数値の基準で判定する（定性的判断は不要）")
    elif s_possible:
        if unit.qualitative_s:
            grade = top
            top_lines.append(f"{pct(policy.top_floor)}以上で、定性的に特に顕著との判断が記録されているため{top}とする")
        else:
            top_lines.append(
                f"{pct(policy.top_floor)}以上のため{top}の可能性あり: 定性的に特に顕著と判断された場合に限り"
                f"{top}とする（数値だけでは{top}としない）"
            )
    else:
        judged = "（定性的に特に顕著との判断は記録されているが）" if unit.qualitative_s else ""
        top_lines.append(f"達成度が{pct(policy.top_floor)}に達しないため{judged}{top}としない")
    steps = {
        "achievement": first,
        "thresholds": thresholds,
        "uplift": uplift_lines,
        "top_grade": top_lines,
        "departure": _departure_lines(unit, policy, grade, advisory),
    }
    return _proposal(
        unit,
        policy,
        steps,
        grade=grade,
        basis=basis,
        s_possible=s_possible,
        uplift_allowed=uplift_allowed,
        uplifted=uplifted,
        advisory=advisory,
        target_grades=target_grades,
    )


def _achievement_step(unit: UnitInput, policy: RatingPolicy) -> tuple[list[tuple[str, float]], list[str]]:
    """The targets counted (label, ratio) and the lines of the achievement step; a restated target counts once."""
    lines: list[str] = []
    counted: list[tuple[str, float]] = []
    for position, (label, achievement) in enumerate(unit.achievements):
        name = label or "（名称なし）"
        ratio = achievement.ratio
        if position in unit.restated:
            lines.append(f"・{name}: 再掲（同じ目標の再掲）のため、集約では1回だけ数える（重複分は含めない）")
        elif achievement.status == "computed" and ratio is not None and math.isfinite(ratio):
            counted.append((name, ratio))
            lines.append(f"・{name}: {achievement.explanation}")
        else:
            lines.append(f"・{name}: 集約に含めない（{_STATUS[achievement.status]}）: {achievement.explanation}")
    return counted, lines


def _departure_lines(unit: UnitInput, policy: RatingPolicy, grade: str | None, advisory: bool) -> list[str]:
    lines = [
        "評価者が提案と異なる評定とする場合は、その変更の理由を記録する（困難度による1段階の引上げは手順3により、"
        "引上げの理由を記録する）"
    ]
    if unit.importance_marked:
        lines.append(f"重要度「高」: 総合評定では重み {policy.importance_weight:g} で数える")
    if grade is not None:
        if policy.rank(grade) < policy.rank(policy.require_reason_above):
            lines.append(
                f"{grade}は{policy.require_reason_above}を上回るため、その理由（重要度・困難度の高い目標の達成等）を記載する"
            )
        if policy.rank(grade) >= policy.rank(policy.require_improvement_at_or_below):
            lines.append(f"{grade}のため、改善に向けた方策を記載する")
    lines += _rd_lines(unit, policy)
    return lines


def _proposal(
    unit: UnitInput,
    policy: RatingPolicy,
    lines: dict[str, list[str]],
    *,
    grade: str | None,
    basis: float | None,
    s_possible: bool,
    uplift_allowed: bool,
    uplifted: str | None,
    advisory: bool,
    target_grades: tuple[tuple[str, str], ...],
) -> Proposal:
    steps = tuple(Step(name, STEP_TITLES[name].format(top=policy.top_grade), tuple(lines[name])) for name in STEP_NAMES)
    trace = [f"評価単位「{unit.title}」"]
    for number, step in enumerate(steps, start=1):
        trace.append(f"【手順{number} {step.title}】")
        trace += step.lines
    needs_reason = grade is not None and policy.rank(grade) < policy.rank(policy.require_reason_above)
    needs_improvement = grade is not None and policy.rank(grade) >= policy.rank(policy.require_improvement_at_or_below)
    return Proposal(
        grade,
        basis,
        s_possible,
        uplift_allowed,
        uplifted,
        advisory,
        needs_reason,
        needs_improvement,
        tuple(trace),
        steps,
        target_grades,
    )


def _uplift(
    unit: UnitInput, policy: RatingPolicy, grade: str, allowed: bool, *, allow_top: bool
) -> tuple[str | None, list[str]]:
    """The grade the difficulty rule allows, and the lines saying so; None when not allowed."""
    steps = policy.difficulty_uplift_grades
    if steps == 0:
        return None, ["方針により、困難度による引上げは行わない"]
    if not allowed:
        return None, [
            "困難度「高」が付されていないため、困難度による引上げは提案しない（評価時に判明した困難度は、"
            "理由を付して同様に扱い得る）"
        ]
    allow_top = allow_top or not policy.s_requires_qualitative
    raised = policy.raise_grade(grade, steps, allow_top=allow_top)
    why = "困難度「高」が付された項目" if unit.difficulty_marked else "方針により全項目"
    if raised == grade:
        held = "最上位の評定" if grade == policy.top_grade else f"{policy.top_grade}には定性的判断が必要"
        lines = [f"{why}だが、{grade}からは引き上げられない（{held}）"]
    else:
        may = f"{why}のため、評価者は{steps}段階まで引き上げることができる（{grade} → {raised}）"
        lines = [
            f"{may}。引き上げる場合は、評価者がその理由を記載しなければならない（引上げの理由として記録し、"
            "評定の変更理由とは別）"
        ]
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
