"""Evaluation stages: which stage is allowed in which fiscal year, and how each scope is judged per stage.

Stages (rating-rules.md, "Evaluations over a period"): 年度評価 `annual` in any year of the period;
見込評価 `expected` in the period's last-but-one year (policy `expected_years_before_end`);
期間実績評価 `period_end` on the period's final year (made after it); 中間評価 `interim` for R&D
agencies only (policy `interim_rd_only`), in a year the head's term ends in the middle of the period:
the store holds no head's term, so the policy lists those fiscal years (`interim_years`; none: no
interim evaluation), each before the period's final year (a term ending with the period is the
period-end evaluation's). A year outside the period is refused for every stage.

An annual evaluation judges the year alone. An expected-results, period-end or interim evaluation
judges the years so far: a per-year target over every year from the period's start (the yearly
ratios combined by `period_years_aggregation`, each year shown), a cumulative target on its
total to date, a target for the final year (expected, interim: before it comes) on the latest year's
level; the other scopes already look at the years so far.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from hyoka.evaluate.achievement import Achievement, TargetSpec, compute_achievement, ordered_period
from hyoka.evaluate.formulas import fmt, pct, year_label
from hyoka.evaluate.policy import RatingPolicy
from hyoka.model.contract import TargetScope

STAGES = ("annual", "expected", "interim", "period_end")
STAGE_NAMES = {"annual": "年度評価", "expected": "見込評価", "interim": "中間評価", "period_end": "期間実績評価"}
OVER_THE_YEARS = frozenset({"expected", "interim", "period_end"})


PLAN_NAMES = {"mid_term_plan": "中期計画", "annual_plan": "年度計画"}


@dataclass(frozen=True, slots=True)
class PlanGoal:
    """A plan value (計画値) in force for a target and year, and the plan it comes from."""

    value: float
    kind: str  # mid_term_plan or annual_plan

    @property
    def name(self) -> str:
        return PLAN_NAMES.get(self.kind, self.kind)


class StageRefused(ValueError):
    """A stage not allowed for the fiscal year (or the agency); the message names the year and the period."""


def _fy(year: int) -> str:
    return f"FY{year} ({year_label(year)})"


def check_stage(
    stage: str, year: int, period: Sequence[int], policy: RatingPolicy, *, rd: bool, annual_objectives: bool = False
) -> None:
    """Refuse `stage` in fiscal `year` of `period` unless the policy allows it; an unknown period allows any year.
    `annual_objectives`: the document is a 年度目標, whose agency (行政執行法人) is evaluated year by year."""
    if stage not in STAGES:
        raise StageRefused(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    name = f"{STAGE_NAMES[stage]} ({stage})"
    if stage == "interim" and policy.interim_rd_only and not rd:
        raise StageRefused(f"{name} is only for R&D agencies (国立研究開発法人) under policy {policy.name!r}")
    if annual_objectives and stage != "annual" and policy.annual_objectives_annual_only:
        raise StageRefused(
            f"{name}: a 年度目標 is evaluated by 年度評価 (annual) only "
            f"(policy {policy.name!r}: annual_objectives_annual_only = true)"
        )
    if not period:
        if stage == "interim":
            _check_interim(name, year, policy, last=None)
        return
    first, last = period[0], period[-1]
    span = f"the objective period FY{first}–FY{last} ({year_label(first)}〜{year_label(last)})"
    if year not in period:
        raise StageRefused(f"{_fy(year)} is outside {span}")
    if stage == "interim":
        _check_interim(name, year, policy, last=last)
    if stage == "expected":
        back = policy.expected_years_before_end
        if back >= len(period):
            raise StageRefused(f"{name}: {span} has no year {back} before its final one")
        due = period[-1 - back]
        if year != due:
            raise StageRefused(
                f"{name} is made in {_fy(due)}, {back} year(s) before the final year of {span}; not FY{year} "
                f"(policy {policy.name!r}: expected_years_before_end = {back})"
            )
    if stage == "period_end" and year != last:
        raise StageRefused(f"{name} is on the final year {_fy(last)} of {span}, not FY{year}")


def _check_interim(name: str, year: int, policy: RatingPolicy, *, last: int | None) -> None:
    """中間評価 only in a year of `interim_years` (the head's term ends then), before the period's final year."""
    setting = f"policy {policy.name!r}: interim_years = [{', '.join(map(str, policy.interim_years))}]"
    if last is not None and year >= last:
        raise StageRefused(
            f"{name} is for a head's term (法人の長の任期) ending in the middle of the period, before its final "
            f"year FY{last}; a term ending with the period is judged by the 期間実績評価 (period_end), not {_fy(year)}"
        )
    if year in policy.interim_years:
        return
    if not policy.interim_years:
        raise StageRefused(
            f"{name} is made in a fiscal year in which the head's term (法人の長の任期) ends in the middle of the "
            f"period, and {setting} lists none: name that year in the policy (interim_years = [{year}]) to "
            f"evaluate {_fy(year)}"
        )
    allowed = "、".join(_fy(y) for y in policy.interim_years)
    raise StageRefused(
        f"{name} is made in the year the head's term (法人の長の任期) ends, {allowed}; not {_fy(year)} ({setting})"
    )


def stage_achievement(
    spec: TargetSpec,
    results: Mapping[int, float],
    year: int,
    stage: str,
    policy: RatingPolicy,
    *,
    plans: Mapping[int, PlanGoal] | None = None,
) -> Achievement:
    """The achievement `stage` judges `spec` by in fiscal `year` (see the module's docstring), against the
    plan value of each year judged where `plans` has one, against the objective's target otherwise."""
    plans = plans or {}
    period = ordered_period(spec.period_years)
    if stage not in OVER_THE_YEARS or year not in period:
        return against_plan(spec, results, year, policy, plans)
    name = STAGE_NAMES[stage]
    if TargetScope(spec.scope) == TargetScope.per_year:
        years = period[: period.index(year) + 1]
        return _over_the_years(spec, results, year, years, name=name, policy=policy, plans=plans)
    if TargetScope(spec.scope) == TargetScope.in_final_year and stage != "period_end":
        # the final year has not come: the expected result is judged on the latest year's level
        latest = against_plan(replace(spec, scope=TargetScope.per_year), results, year, policy, plans)
        if latest.status != "computed":
            return latest
        text = (
            f"{name}: 最終年度の水準で判定する目標のため、{year_label(year)}の実績で見込みを判定: {latest.explanation}"
        )
        return replace(latest, explanation=text)
    achievement = against_plan(spec, results, year, policy, plans)
    if TargetScope(spec.scope) == TargetScope.cumulative and achievement.status == "computed":
        span = f"{year_label(period[0])}〜{year_label(year)}"
        return replace(achievement, explanation=f"{name}: 累計目標のため{span}の累計で判定: {achievement.explanation}")
    return achievement


def against_plan(
    spec: TargetSpec, results: Mapping[int, float], year: int, policy: RatingPolicy, plans: Mapping[int, PlanGoal]
) -> Achievement:
    """`compute_achievement` against the year's plan value where one is entered; the explanation says which."""
    goal = plans.get(year)
    if goal is None:
        achievement = compute_achievement(spec, results, year, policy)
        if not plans:
            return achievement
        text = f"{year_label(year)}の計画値の入力がないため、目標の値に対して判定: {achievement.explanation}"
        return replace(achievement, explanation=text)
    achievement = compute_achievement(replace(spec, value=goal.value), results, year, policy)
    text = (
        f"{goal.name}（{year_label(year)}）の計画値 {fmt(goal.value)} に対して判定（目標の値 {fmt(spec.value)} "
        f"に代えて）: {achievement.explanation}"
    )
    details = {**achievement.details, "plan_value": goal.value, "objective_value": spec.value}
    return replace(achievement, explanation=text, details=details)


def _over_the_years(
    spec: TargetSpec,
    results: Mapping[int, float],
    year: int,
    years: tuple[int, ...],
    *,
    name: str,
    policy: RatingPolicy,
    plans: Mapping[int, PlanGoal],
) -> Achievement:
    yearly = [against_plan(spec, results, y, policy, plans) for y in years]
    span = f"{year_label(years[0])}〜{year_label(year)}"
    head = f"{name}: 毎年度の目標のため{span}の各年度で判定する"
    missing = tuple(y for a in yearly for y in (a.missing_years or ((a.fiscal_year,) if a.status == "missing" else ())))
    if missing:
        listed = "、".join(year_label(y) for y in missing)
        return Achievement(year, None, "missing", f"{head}。実績の欠測: {listed}", missing)
    odd = [a for a in yearly if a.status != "computed" or a.ratio is None or not math.isfinite(a.ratio)]
    if odd:
        lines = "；".join(f"{year_label(a.fiscal_year)}: {a.explanation}" for a in odd)
        return Achievement(year, None, "manual", f"{head}。計算できない年度があるため評価者が判断する（{lines}）")
    ratios = [a.ratio for a in yearly if a.ratio is not None]
    shown = "；".join(f"{year_label(a.fiscal_year)} {pct(a.ratio or 0.0)}（{a.explanation}）" for a in yearly)
    if policy.period_years_aggregation == "min":
        basis = min(ratios)
        how = f"各年度の最小値 {pct(basis)}"
    else:
        basis = math.fsum(ratios) / len(ratios)
        how = f"{len(ratios)}年度の平均 ({' + '.join(pct(r) for r in ratios)}) ÷ {len(ratios)} = {pct(basis)}"
    details = {f"ratio_{a.fiscal_year}": a.ratio or 0.0 for a in yearly} | {"years": float(len(yearly))}
    return Achievement(year, basis, "computed", f"{head}: {shown} → {how}", (), details)
