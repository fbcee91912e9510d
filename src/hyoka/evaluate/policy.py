"""Rating policies: every number and choice of the rating rules, as data.

The guideline leaves the criteria to each ministry, so nothing in `hyoka.evaluate` hard-codes a
threshold, a weight or a grade: it reads them from a `RatingPolicy`. The default policy is the
common practice of the guideline (docs: ../shared/design/rating-rules.md) and is shipped as
`policies/default.toml`, the single place its values are written.

A policy file is TOML with the same keys as `RatingPolicy`. Keys it leaves out take the default
policy's values (a table such as `[thresholds]` is replaced as a whole), except `name`, which
every policy must give. Unknown keys are refused, so a misspelt key never passes silently.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_POLICY_RESOURCE = "policies/default.toml"


class PolicyError(ValueError):
    """A policy (or policy registry) that cannot be used, with a message naming the key at fault."""


class RatingPolicy(BaseModel):
    """The settings a rating is computed with; each field's description heads its key in `policy_to_toml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="short name used to assign the policy to agencies")
    description: str = Field(description="what the policy is and where its criteria come from")
    grades: tuple[str, ...] = Field(description="grades from best to worst; the lowest is 'below every bound'")
    thresholds: dict[str, float] = Field(
        description="lower bound of the achievement ratio per grade; the top grade may omit it (uses the next)"
    )
    s_requires_qualitative: bool = Field(description="the top grade needs a recorded qualitative judgement")
    grade_points: dict[str, float] = Field(description="points per grade for the overall weighted mean")
    importance_weight: float = Field(description="weight in the overall rating of an item marked 重要度「高」")
    difficulty_uplift_grades: int = Field(ge=0, description="grades an item marked 困難度「高」 may be raised by")
    difficulty_uplift_only_where_marked: bool = Field(description="uplift only for items the objectives mark")
    rd_qualitative: bool = Field(description="R&D units are rated qualitatively: numeric proposals are advisory")
    rd_important_failure_caps_overall: bool = Field(
        description="R&D agencies: an important R&D-results item failed by management caps the overall rating"
    )
    rd_cap_trigger_at_or_below: str = Field(description="item grade at or below which the R&D cap applies")
    rd_cap_grade: str = Field(description="best overall grade allowed when the R&D cap applies")
    unit_aggregation: Literal["mean", "min", "listed"] = Field(
        description="how a unit's target ratios are combined: mean, min, or listed (mean, each target's grade listed)"
    )
    period_years_aggregation: Literal["mean", "min"] = Field(
        description="expected / period-end / interim evaluations: how a per-year target's yearly ratios are combined"
    )
    expected_years_before_end: int = Field(
        ge=0, description="見込評価 (expected) is made this many years before the period's final year"
    )
    interim_rd_only: bool = Field(description="中間評価 (interim) only for R&D agencies")
    interim_years: tuple[int, ...] = Field(
        default=(),
        description="中間評価 (interim): the fiscal years in which the head's term ends in the middle of the period",
    )
    annual_objectives_annual_only: bool = Field(
        default=True,
        description="年度目標 (an executive agency's yearly objectives): 年度評価 (annual) only",
    )
    self_before_ministry: bool = Field(description="a ministry rating needs the agency's self-evaluation first")
    ministry_overall_needs_every_unit: bool = Field(
        description="the ministry's overall rating is publishable only when every unit has a ministry rating"
    )
    publish_locks_basis: bool = Field(
        description="publishing an overall rating locks the item ratings it was computed from"
    )
    at_most_formula: Literal["inverse", "mirror"] = Field(
        description="'at most' targets: inverse = target ÷ result, mirror = 2 − result ÷ target"
    )
    annual_rate_average: Literal["geometric", "arithmetic"] = Field(
        description="average yearly rate of cost-efficiency targets: compound or mean of the yearly rates"
    )
    cumulative_pro_rata: bool = Field(description="judge cumulative targets yearly against their pro-rata share")
    overall_rounding: Literal["nearest", "down"] = Field(
        description="weighted mean to grade: nearest (ties to the lower grade) or down (highest grade not above)"
    )
    require_reason_above: str = Field(description="grades above this one need a written reason")
    require_improvement_at_or_below: str = Field(description="grades at or below this one need an improvement plan")
    grade_meanings: dict[str, str] = Field(description="meaning of each grade (medium-term, executive agencies)")
    rd_grade_meanings: dict[str, str] = Field(description="meaning of each grade for R&D results")

    @model_validator(mode="after")
    def _check(self) -> RatingPolicy:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- grade arithmetic -------------------------------------------------------------------

    @property
    def top_grade(self) -> str:
        return self.grades[0]

    @property
    def lowest_grade(self) -> str:
        return self.grades[-1]

    @property
    def top_floor(self) -> float:
        """Lowest ratio at which the top grade (S) can be considered: its own bound, else the next grade's."""
        return self.thresholds.get(self.top_grade, self.thresholds[self.grades[1]])

    def rank(self, grade: str) -> int:
        """Position of `grade` from the best (0); ValueError for a grade the policy does not know."""
        try:
            return self.grades.index(grade)
        except ValueError:
            raise ValueError(f"unknown grade {grade!r} (policy {self.name!r} has {', '.join(self.grades)})") from None

    def raise_grade(self, grade: str, steps: int, *, allow_top: bool) -> str:
        """`grade` raised by `steps` grades, stopping below the top grade unless `allow_top`."""
        index = max(self.rank(grade) - steps, 0)
        if index == 0 and not allow_top and self.rank(grade) > 0:
            index = 1
        return self.grades[index]

    def threshold_summary(self) -> str:
        """The bounds as one Japanese line: 「S 120%以上かつ定性的に特に顕著 / A 120%以上 / … / D 80%未満」."""
        parts: list[str] = []
        top = self.top_grade
        if self.s_requires_qualitative:
            parts.append(f"{top} {_pct(self.top_floor)}以上かつ定性的に特に顕著と認められる場合")
        for grade in self.grades[1:-1] if self.s_requires_qualitative else self.grades[:-1]:
            parts.append(f"{grade} {_pct(self.thresholds[grade])}以上")
        parts.append(f"{self.lowest_grade} {_pct(self.thresholds[self.grades[-2]])}未満")
        return " / ".join(parts)


_GRADE_KEYS = ("rd_cap_trigger_at_or_below", "rd_cap_grade", "require_reason_above", "require_improvement_at_or_below")


def _pct(value: float) -> str:
    return f"{value * 100:g}%"


def _problems(policy: RatingPolicy) -> list[str]:
    """Every inconsistency of a policy, each naming its key, so one error message lists them all."""
    grades = policy.grades
    minimum = 3 if policy.s_requires_qualitative else 2
    if len(grades) < minimum or len(set(grades)) != len(grades) or not all(g.strip() for g in grades):
        return [f"grades: need at least {minimum} distinct non-empty grades, got {list(grades)}"]
    return _threshold_problems(policy) + _grade_problems(policy)


def _threshold_problems(policy: RatingPolicy) -> list[str]:
    grades, problems = policy.grades, []
    known = ", ".join(grades)
    for key in policy.thresholds.keys() - set(grades[:-1]):
        problems.append(f"thresholds: {key!r} is not a grade with a lower bound (grades: {known}; the lowest has none)")
    numeric = grades[1:-1] if policy.s_requires_qualitative else grades[:-1]
    if not policy.s_requires_qualitative and grades[0] not in policy.thresholds:
        problems.append(f"thresholds: {grades[0]!r} needs a bound when s_requires_qualitative is false")
    missing = [g for g in numeric if g not in policy.thresholds]
    if missing:
        problems.append(f"thresholds: missing bound for {', '.join(missing)}")
    bounds = [(g, policy.thresholds[g]) for g in grades[:-1] if g in policy.thresholds]
    if any(not math.isfinite(v) or v < 0 for _, v in bounds):
        problems.append("thresholds: bounds must be finite and not negative")
    for (upper, high), (lower, low) in itertools.pairwise(bounds):
        tied_top = upper == grades[0] and policy.s_requires_qualitative and high == low
        if high <= low and not tied_top:
            problems.append(f"thresholds: must decrease from best to worst grade, but {upper} {high} ≤ {lower} {low}")
    return problems


def _grade_problems(policy: RatingPolicy) -> list[str]:
    grades, problems = policy.grades, []
    known = ", ".join(grades)
    if set(policy.grade_points) != set(grades):
        got = ", ".join(policy.grade_points)
        problems.append(f"grade_points: need exactly one value per grade ({known}), got {got}")
    else:
        points = [policy.grade_points[g] for g in grades]
        if not all(math.isfinite(p) for p in points) or any(a <= b for a, b in itertools.pairwise(points)):
            problems.append("grade_points: must be finite and decrease from best to worst grade")
    if not math.isfinite(policy.importance_weight) or policy.importance_weight <= 0:
        problems.append(f"importance_weight: must be a positive number, got {policy.importance_weight}")
    for key in _GRADE_KEYS:
        if getattr(policy, key) not in grades:
            problems.append(f"{key}: {getattr(policy, key)!r} is not a grade ({known})")
    for key in ("grade_meanings", "rd_grade_meanings"):
        if set(getattr(policy, key)) != set(grades):
            problems.append(f"{key}: need exactly one meaning per grade ({known})")
    return problems


# -- loading and writing ----------------------------------------------------------------------


@functools.cache
def default_policy() -> RatingPolicy:
    """The default policy, read once from the package's `policies/default.toml`."""
    text = resources.files("hyoka.evaluate").joinpath(DEFAULT_POLICY_RESOURCE).read_text(encoding="utf-8")
    return policy_from_mapping(_parse_toml(text, "default policy"), source="default policy", fallback=None)


def policy_from_toml(text: str, *, source: str = "policy") -> RatingPolicy:
    """A policy from TOML text; keys left out take the default policy's values. PolicyError when unusable."""
    return policy_from_mapping(_parse_toml(text, source), source=source)


def load_policy(path: str | Path) -> RatingPolicy:
    """A policy from a TOML file (see `policy_from_toml`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot read the policy file: {error.strerror or error}") from None
    return policy_from_toml(text, source=str(path))


_DEFAULT: Any = object()


def policy_from_mapping(
    data: Mapping[str, Any], *, source: str = "policy", fallback: RatingPolicy | None = _DEFAULT
) -> RatingPolicy:
    """A policy from parsed TOML. Missing keys come from `fallback` (the default policy unless given; None: none)."""
    fields = RatingPolicy.model_fields
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise PolicyError(f"{source}: unknown key(s) {', '.join(map(repr, unknown))}; known keys: {', '.join(fields)}")
    if "name" not in data:
        raise PolicyError(f"{source}: missing key 'name' (every policy must be named)")
    base = default_policy() if fallback is _DEFAULT else fallback
    merged: dict[str, Any] = {} if base is None else base.model_dump()
    merged.update(data)
    try:
        return RatingPolicy.model_validate(merged)
    except ValidationError as error:
        raise PolicyError(f"{source}: invalid policy: {_describe(error)}") from None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from None


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def policy_to_toml(policy: RatingPolicy) -> str:
    """The policy as a complete TOML file, each key preceded by what it means; reads back to an equal policy."""
    lines = [f"# Rating policy {policy.name!r}: every key of a policy file, with its value.", ""]
    tables: list[str] = []
    data = policy.model_dump()
    for key, info in RatingPolicy.model_fields.items():
        value = data[key]
        if isinstance(value, dict):
            tables.append(key)
            continue
        lines += [f"# {info.description}", f"{key} = {toml_value(value)}", ""]
    for key in tables:
        lines += [f"# {RatingPolicy.model_fields[key].description}", f"[{key}]"]
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in data[key].items()]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def toml_key(key: str) -> str:
    """A TOML key, bare where it can be, quoted otherwise (Japanese names are always quoted)."""
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    """A TOML literal for the scalar and list values policies hold (JSON string escapes are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")
