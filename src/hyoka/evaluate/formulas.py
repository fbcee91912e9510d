"""The shared arithmetic of achievement: comparing a result with a goal, reading results, wording numbers.

Kept apart from `achievement` so that each scope's formula there reads as its rule and nothing else.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from hyoka.evaluate.policy import RatingPolicy
from hyoka.model.contract import Comparator
from hyoka.model.fiscal import fiscal_year_label

if TYPE_CHECKING:
    from hyoka.evaluate.achievement import TargetSpec

OutcomeStatus = Literal["computed", "missing", "not_applicable", "manual"]
AT_MOST = frozenset({Comparator.le, Comparator.lt})


@dataclass(frozen=True)
class Outcome:
    """What a scope's formula found; `achievement.compute_achievement` turns it into an `Achievement`."""

    status: OutcomeStatus
    ratio: float | None
    text: str
    missing: tuple[int, ...] = ()
    numbers: dict[str, float] = field(default_factory=dict)

    @classmethod
    def manual(cls, text: str, **numbers: float) -> Outcome:
        return cls("manual", None, text, numbers=numbers)

    @classmethod
    def not_applicable(cls, text: str, **numbers: float) -> Outcome:
        return cls("not_applicable", None, text, numbers=numbers)

    def note(self, extra: str) -> Outcome:
        """The outcome with `extra` appended to its explanation (computed outcomes only)."""
        if not extra or self.status != "computed":
            return self
        return replace(self, text=f"{self.text}。{extra}")

    def add(self, **numbers: float) -> Outcome:
        return replace(self, numbers={**numbers, **self.numbers})


@functools.lru_cache(maxsize=4096)
def fmt(value: float) -> str:
    """A number as a person writes it: 1,320 / 2.5 / 0.333; never scientific below 10^15."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e15 or (value != 0 and abs(value) < 0.001):
        return f"{value:.4g}"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def pct(ratio: float) -> str:
    """A ratio as a percentage with one decimal: 1.1 → 110.0%."""
    return f"{ratio * 100:.4g}%" if abs(ratio) >= 1e6 else f"{ratio * 100:.1f}%"


@functools.lru_cache(maxsize=512)
def year_label(year: int) -> str:
    """令和8年度 for 2026; a plain 「N年度」 for years no era label covers."""
    try:
        return fiscal_year_label(year)
    except ValueError:
        return f"{year}年度"


def at_most_ratio(actual: float, limit: float, formula: str) -> float:
    """Achievement of an "at most `limit`" target (limit > 0): limit ÷ actual, or 2 − actual ÷ limit.

    Both give 1 at the limit and grow as the result falls. The inverse has no value for a result
    of zero or less, so the mirror form stands in for it there.
    """
    if formula == "inverse" and actual > 0:
        return limit / actual
    return 2 - actual / limit


@dataclass(frozen=True)
class Ctx:
    """One computation: the target, the results by fiscal year, the year asked about and the policy."""

    spec: TargetSpec
    results: Mapping[int, float]
    year: int
    policy: RatingPolicy
    period: tuple[int, ...]

    def label(self, year: int | None = None) -> str:
        return year_label(self.year if year is None else year)

    def amount(self, value: float) -> str:
        """A level with the target's unit; point targets are about levels in %."""
        unit = self.spec.unit
        return fmt(value) + ("%" if unit == "pt" else unit or "")

    def outside_period(self, *, require: bool = True) -> Outcome | None:
        """Not applicable when the year lies outside the period; manual when a needed period is unknown."""
        if not self.period:
            return Outcome.manual("目標期間が分からないため計算できない") if require else None
        if self.year not in self.period:
            span = f"{self.label(self.period[0])}〜{self.label(self.period[-1])}"
            return Outcome.not_applicable(f"{self.label()}は目標期間（{span}）外のため判定対象外")
        return None

    def baseline(self) -> tuple[float, str] | Outcome:
        """The baseline and how to cite it: the spec's, else the result of its year (default: year before period)."""
        spec = self.spec
        if spec.baseline is not None:
            when = f"（{self.label(spec.baseline_year)}）" if spec.baseline_year is not None else ""
            return spec.baseline, f"基準値 {self.amount(spec.baseline)}{when}"
        year = spec.baseline_year if spec.baseline_year is not None else (self.period[0] - 1 if self.period else None)
        if year is None:
            return Outcome.manual("基準値も目標期間も分からないため、基準値からの変化を計算できない")
        if year not in self.results:
            return Outcome("missing", None, f"基準値となる{self.label(year)}の実績がないため計算できない", (year,))
        return self.results[year], f"基準値 {self.amount(self.results[year])}（{self.label(year)}実績）"

    def need(
        self, years: Sequence[int], *, baseline: bool = False
    ) -> tuple[list[float], tuple[float, str] | None] | Outcome:
        """The results of `years` (and the baseline), or an outcome listing every year that is missing."""
        missing = [y for y in years if y not in self.results]
        base: tuple[float, str] | None = None
        if baseline:
            found = self.baseline()
            if isinstance(found, Outcome):
                if found.status != "missing":
                    return found
                missing += [y for y in found.missing if y not in missing]
            else:
                base = found
        if missing:
            names = "、".join(self.label(y) for y in sorted(missing))
            text = f"{names}の実績がないため計算できない（欠測を0とはみなさない）"
            return Outcome("missing", None, text, tuple(sorted(missing)))
        values = [self.results[y] for y in years]
        if not all(math.isfinite(v) for v in values) or (base is not None and not math.isfinite(base[0])):
            return Outcome.manual("実績に数値でない値があるため計算できない")
        return values, base


def compare(ctx: Ctx, actual: float, goal: float, actual_text: str, goal_text: str, **numbers: float) -> Outcome:
    """Ratio of `actual` to `goal`: actual ÷ goal for "at least" targets, the policy's form for "at most".

    `=` and `>` count as "at least", `<` as "at most". A goal of zero or less gives no ratio.
    """
    at_most = ctx.spec.comparator in AT_MOST
    if not (math.isfinite(actual) and math.isfinite(goal)):
        return Outcome.manual("数値が大きすぎるため計算できない", **numbers)
    if goal <= 0:
        return Outcome.manual(f"{goal_text} が0以下のため達成率を定義できない", **numbers)
    if not at_most:
        ratio = actual / goal
        text = f"{actual_text} ÷ {goal_text} = {pct(ratio)}"
    else:
        formula = ctx.policy.at_most_formula
        ratio = at_most_ratio(actual, goal, formula)
        if formula == "inverse" and actual > 0:
            text = f"{goal_text}（上限）÷ {actual_text} = {pct(ratio)}（上限目標のため逆比）"
        else:
            why = "上限目標。実績が0以下で逆比を取れないため" if formula == "inverse" else "上限目標のため"
            text = f"2 − {actual_text} ÷ {goal_text}（上限）= {pct(ratio)}（{why} 2 − 実績 ÷ 上限）"
    if not math.isfinite(ratio):
        return Outcome.manual("達成率が大きすぎて計算できない", **numbers)
    return Outcome("computed", ratio, text, numbers={**numbers, "ratio": ratio})
