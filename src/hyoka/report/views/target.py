"""目標: one target with its baseline, rationale and external factors; its results per fiscal year;
the achievement of each year with the reasoning the rules give; and a chart of the results
against the target's trajectory, with the table of the numbers drawn.

The trajectory is the level the target asks for in each year, as the rating rules read it
(rating-rules.md): the level itself for a per-year target, the pro-rata share of the total for a
cumulative one (drawn against the running total), the straight line from the baseline for a
level to reach by the final year, the baseline reduced by the rate each year for an annual rate.
"""

from __future__ import annotations

from pydantic import BaseModel

from hyoka.evaluate.achievement import compute_achievement
from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.service import target_spec
from hyoka.model.records import DocumentRecord, ResultRecord, TargetRecord
from hyoka.report.charts import Series, line_chart
from hyoka.report.labels import FLAG_NAMES, SCOPE_NAMES, STATUS_NAMES, level_text, year_label
from hyoka.store.store import Store


class YearRow(BaseModel):
    fiscal_year: int
    label: str
    result: float | None
    running_total: float | None  # cumulative targets: the total so far
    trajectory: float | None
    ratio: float | None
    status: str
    status_label: str
    explanation: str


class TargetPage(BaseModel):
    target: TargetRecord
    document: DocumentRecord
    level: str
    scope_label: str
    mark_labels: list[str]
    policy: str
    results: list[ResultRecord]
    years: list[YearRow]
    chart_svg: str


def _period(document: DocumentRecord) -> tuple[int, ...]:
    if document.first_fiscal_year is None or document.last_fiscal_year is None:
        return ()
    return tuple(range(document.first_fiscal_year, document.last_fiscal_year + 1))


Years = tuple[int, ...]


def _level_each_year(target: TargetRecord, years: Years, _results: dict[int, float]) -> dict[int, float]:
    return dict.fromkeys(years, target.value)


def _final_year_only(target: TargetRecord, years: Years, _results: dict[int, float]) -> dict[int, float]:
    return {years[-1]: target.value}


def _pro_rata(target: TargetRecord, years: Years, _results: dict[int, float]) -> dict[int, float]:
    return {year: target.value * (k + 1) / len(years) for k, year in enumerate(years)}


def _straight_line(target: TargetRecord, years: Years, results: dict[int, float]) -> dict[int, float]:
    base = target.baselines[0] if target.baselines else None
    if base is None:
        return _final_year_only(target, years, results)
    start = base.fiscal_years[-1] if base.fiscal_years else years[0] - 1
    span = years[-1] - start
    if span <= 0:
        return _final_year_only(target, years, results)
    return {y: base.value + (target.value - base.value) * (y - start) / span for y in years if y > start}


def _reduced_by_rate(target: TargetRecord, years: Years, results: dict[int, float]) -> dict[int, float]:
    """From the base year's result (the year before the period), the rate compounded each year."""
    if target.unit != "%" or (years[0] - 1) not in results:
        return {}
    first, sign = results[years[0] - 1], -1 if target.comparator in {"<=", "<"} else 1
    return {year: first * (1 + sign * target.value / 100) ** (k + 1) for k, year in enumerate(years)}


_TRAJECTORIES = {
    "per_year": _level_each_year,
    "period_average": _level_each_year,
    "long_term": _level_each_year,
    "in_final_year": _final_year_only,
    "cumulative": _pro_rata,
    "by_final_year": _straight_line,
    "annual_rate": _reduced_by_rate,
}


def _trajectory(target: TargetRecord, years: Years, results: dict[int, float]) -> dict[int, float]:
    """The level asked for in each year of the period (see the module notes); empty where the
    rules give no level year by year."""
    rule = _TRAJECTORIES.get(target.scope)
    return rule(target, years, results) if rule is not None and years else {}


def _rows(
    target: TargetRecord, years: tuple[int, ...], results: dict[int, float], policy: RatingPolicy
) -> list[YearRow]:
    spec = target_spec(target, years)
    path = _trajectory(target, years, results)
    shown = sorted(set(years) | set(results))
    rows = []
    total = 0.0
    for year in shown:
        result = results.get(year)
        in_period = year in years
        if target.scope == "cumulative" and in_period and result is not None:
            total += result
        achievement = compute_achievement(spec, results, year, policy) if in_period else None
        rows.append(
            YearRow(
                fiscal_year=year,
                label=year_label(year),
                result=result,
                running_total=total if target.scope == "cumulative" and in_period and result is not None else None,
                trajectory=path.get(year),
                ratio=achievement.ratio if achievement else None,
                status=achievement.status if achievement else "outside",
                status_label=STATUS_NAMES.get(achievement.status, achievement.status) if achievement else "期間外",
                explanation=achievement.explanation if achievement else "目標期間の外の年度（基準値など）",
            )
        )
    return rows


def _chart(target: TargetRecord, rows: list[YearRow]) -> str:
    cumulative = target.scope == "cumulative"
    measured = [(r.label, r.running_total if cumulative else r.result) for r in rows]
    wanted = [(r.label, r.trajectory) for r in rows]
    series = [Series("実績（累計）" if cumulative else "実績", measured)]
    if any(value is not None for _, value in wanted):
        series.append(Series("目標の水準", wanted, dashed=True))
    unit = "" if target.scope == "annual_rate" else target.unit or ""
    return line_chart(f"{target.indicator}：実績と目標", series, unit=unit)


def target_view(
    store: Store, target_id: int, policy: RatingPolicy, *, record: TargetRecord | None = None
) -> TargetPage | None:
    """The page of one target; `record` is its record when the caller has read it already."""
    target = record if record is not None and record.id == target_id else store.target(target_id)
    if target is None:
        return None
    document = store.document(target.document_id)
    if document is None:
        return None
    results = store.target_results(target_id)
    values = {r.fiscal_year: r.value for r in results}
    rows = _rows(target, _period(document), values, policy)
    return TargetPage(
        target=target,
        document=document,
        level=level_text(target.value, target.unit, target.comparator),
        scope_label=SCOPE_NAMES.get(target.scope, target.scope),
        mark_labels=[FLAG_NAMES.get(mark, mark) for mark in target.marks],
        policy=policy.name,
        results=results,
        years=rows,
        chart_svg=_chart(target, rows),
    )
