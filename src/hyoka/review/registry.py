"""The catalogue of rules: each rule is a function registered with its id, name, categories,
default severity, basis, explanation and parameters.

A rule module registers its functions with `@rule(...)` when it is imported; `all_rules()`
imports the modules of `hyoka.review.rules` once and returns the catalogue in id order. The
registry, not the policy file, is where a rule's defaults are written: the default check policy
is the registry's defaults, and a policy file can only set parameters a rule declares.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hyoka.model.findings import Basis, Category, Severity

if TYPE_CHECKING:
    from hyoka.review.context import Hit, RuleContext

RuleFunction = Callable[["RuleContext"], Iterable["Hit"]]

ALL_CATEGORIES = frozenset(Category)

# The modules of hyoka.review.rules, grouped as the catalogue groups its rules.
RULE_MODULES = (
    "structure",
    "attachments",
    "period",
    "items",
    "quantitative",
    "research",
    "flags",
    "units",
    "governance",
    "procedure",
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue entry and the function that checks it."""

    id: str
    name: str
    categories: frozenset[Category]
    inferred: frozenset[Category]
    severity: Severity
    basis: Basis
    description: str = field(repr=False)
    explanation: str = field(repr=False)
    function: RuleFunction = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    enabled: bool = True
    needs_category: bool = True

    def applies_to(self, category: Category | None) -> bool:
        """Whether the rule runs for a document of `category` (None: unresolved, only tool rules run)."""
        if category is None:
            return not self.needs_category
        return category in self.categories


_REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    name: str,
    categories: str,
    severity: Severity,
    basis: Basis,
    description: str,
    explanation: str,
    params: Mapping[str, Any] | None = None,
    enabled: bool = True,
    needs_category: bool = True,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as rule `rule_id`. `categories` is the catalogue's list
    ("M (R E)": a category in parentheses, reached by cross-reference, is checked all the same)."""
    codes, inferred = _categories(categories)

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in _REGISTRY:
            raise ValueError(f"rule {rule_id} is registered twice")
        _REGISTRY[rule_id] = Rule(
            id=rule_id,
            name=name,
            categories=codes,
            inferred=inferred,
            severity=severity,
            basis=basis,
            description=description,
            explanation=explanation,
            function=function,
            params=MappingProxyType(dict(params or {})),
            enabled=enabled,
            needs_category=needs_category,
        )
        return function

    return register


def _categories(spec: str) -> tuple[frozenset[Category], frozenset[Category]]:
    """「M (R E)」 → ({M, R, E}, {R, E}): every category listed, and those in parentheses (reached by
    cross-reference or inference rather than by the guideline's own words for that category)."""
    codes: set[Category] = set()
    inferred: set[Category] = set()
    depth = 0
    for token in re.findall(r"[()]|[MRE]", spec):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        else:
            codes.add(Category(token))
            if depth:
                inferred.add(Category(token))
    return frozenset(codes), frozenset(inferred)


@functools.cache
def _load() -> None:
    for module in RULE_MODULES:
        importlib.import_module(f"hyoka.review.rules.{module}")


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, in id order."""
    _load()
    return tuple(_REGISTRY[key] for key in sorted(_REGISTRY))


def get_rule(rule_id: str) -> Rule | None:
    _load()
    return _REGISTRY.get(rule_id)
