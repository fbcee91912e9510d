"""The check policy: which rules run, how severe their findings are, their parameters, the
category of particular documents, waivers, and what fails a run.

Like the rating policy (`hyoka.evaluate.policy`) it is a TOML file whose keys left out take the
defaults, and unknown keys are refused with the file and the key named, so a misspelt key never
passes silently. The defaults are not written in a file of their own: they are the registry's
(`hyoka.review.registry`), each rule declaring its severity and parameters next to its code.

    name = "文部科学省"                      # optional; default: the file's name
    fail_on = "error"                        # error, warning or info
    [rules.R-FLAG-01]
    min_reason_chars = 30
    [rules.R-GOV-03]
    enabled = true
    severity = "info"
    [categories]                             # document id or agency name → M, R or E
    "国立健康危機管理研究機構" = "R"
    [[waivers]]
    rule = "R-QNT-03"
    fingerprint = "…"
    reason = "効率化目標を定性的に定めることは主務省と合意済み"
    who = "評価室"
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hyoka.model.findings import Category, PolicyRef, Severity
from hyoka.review.registry import Rule, all_rules, get_rule

DEFAULT_POLICY_NAME = "default"
_TOP_KEYS = ("name", "description", "fail_on", "rules", "categories", "waivers")
_RULE_KEYS = ("enabled", "severity")
_WAIVER_KEYS = ("rule", "fingerprint", "reason", "who")


class CheckPolicyError(ValueError):
    """A check policy that cannot be used; the message names the file and the key at fault."""


class RuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool | None = None
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    fingerprint: str
    reason: str
    who: str | None = None


class CheckPolicy(BaseModel):
    """A check policy after validation; `sha256` identifies it in reports."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = DEFAULT_POLICY_NAME
    description: str = ""
    fail_on: Severity = Severity.error
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    categories: dict[str, Category] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)
    sha256: str = ""

    def enabled(self, rule: Rule) -> bool:
        setting = self.rules.get(rule.id)
        return rule.enabled if setting is None or setting.enabled is None else setting.enabled

    def severity(self, rule: Rule) -> Severity:
        setting = self.rules.get(rule.id)
        return rule.severity if setting is None or setting.severity is None else setting.severity

    def params(self, rule: Rule) -> dict[str, Any]:
        merged = dict(rule.params)
        setting = self.rules.get(rule.id)
        if setting is not None:
            merged.update(setting.params)
        return merged

    def waiver(self, rule_id: str, fingerprint: str) -> Waiver | None:
        return next((w for w in self.waivers if w.rule == rule_id and w.fingerprint == fingerprint), None)

    def ref(self) -> PolicyRef:
        return PolicyRef(name=self.name, sha256=self.sha256 or _hash_defaults())


def default_check_policy() -> CheckPolicy:
    """The registry's defaults: every rule as the catalogue gives it, no waiver, fail on error."""
    return CheckPolicy(sha256=_hash_defaults())


def _hash_defaults() -> str:
    defaults = {r.id: [r.enabled, r.severity.value, dict(r.params)] for r in all_rules()}
    return hashlib.sha256(json.dumps(defaults, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def load_check_policy(path: str | Path) -> CheckPolicy:
    """A check policy from a TOML file; CheckPolicyError naming the file (and key) when unusable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CheckPolicyError(f"{path}: cannot read the check policy file: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CheckPolicyError(f"{path}: the check policy file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise CheckPolicyError(f"{path}: not valid TOML: {error}") from None
    policy = check_policy_from_mapping(data, source=str(path), default_name=path.stem)
    return policy.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})


def check_policy_from_toml(text: str, *, source: str = "check policy") -> CheckPolicy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CheckPolicyError(f"{source}: not valid TOML: {error}") from None
    policy = check_policy_from_mapping(data, source=source)
    return policy.model_copy(update={"sha256": hashlib.sha256(text.encode()).hexdigest()})


def check_policy_from_mapping(
    data: Mapping[str, Any], *, source: str = "check policy", default_name: str = DEFAULT_POLICY_NAME
) -> CheckPolicy:
    """Validate parsed TOML key by key, so each error names the key at fault."""
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise CheckPolicyError(
            f"{source}: unknown key(s) {', '.join(map(repr, unknown))}; known keys: {', '.join(_TOP_KEYS)}"
        )
    name = _string(data.get("name", default_name), source, "name")
    description = _string(data.get("description", ""), source, "description", allow_empty=True)
    fail_on = _severity(data.get("fail_on", "error"), source, "fail_on")
    rules = _rules(_table(data.get("rules", {}), source, "rules"), source)
    categories = _categories(_table(data.get("categories", {}), source, "categories"), source)
    waivers = _waivers(data.get("waivers", []), source)
    return CheckPolicy(
        name=name, description=description, fail_on=fail_on, rules=rules, categories=categories, waivers=waivers
    )


def _table(value: Any, source: str, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CheckPolicyError(f"{source}: {key} must be a table, got {type(value).__name__}")
    return value


def _string(value: Any, source: str, key: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise CheckPolicyError(f"{source}: {key} must be a non-empty string, got {value!r}")
    return value


def _severity(value: Any, source: str, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise CheckPolicyError(f"{source}: {key} must be one of error, warning, info; got {value!r}") from None


def _rules(table: Mapping[str, Any], source: str) -> dict[str, RuleSettings]:
    out: dict[str, RuleSettings] = {}
    for rule_id, settings in table.items():
        rule = get_rule(rule_id)
        if rule is None:
            known = ", ".join(r.id for r in all_rules())
            raise CheckPolicyError(f"{source}: rules.{rule_id}: no such rule (rules: {known})")
        values = _table(settings, source, f"rules.{rule_id}")
        enabled = values.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise CheckPolicyError(f"{source}: rules.{rule_id}.enabled must be true or false, got {enabled!r}")
        severity = values.get("severity")
        params = {k: _param(rule, k, v, source) for k, v in values.items() if k not in _RULE_KEYS}
        out[rule_id] = RuleSettings(
            enabled=enabled,
            severity=None if severity is None else _severity(severity, source, f"rules.{rule_id}.severity"),
            params=params,
        )
    return out


def _param(rule: Rule, key: str, value: Any, source: str) -> Any:
    where = f"{source}: rules.{rule.id}.{key}"
    if key not in rule.params:
        known = ", ".join((*_RULE_KEYS, *rule.params))
        raise CheckPolicyError(f"{where}: not a setting of {rule.id} (settings: {known})")
    default = rule.params[key]
    if isinstance(default, bool) or isinstance(value, bool):
        if not (isinstance(value, bool) and (default is None or isinstance(default, bool))):
            raise CheckPolicyError(f"{where} must be true or false, got {value!r}")
        return value
    if default is None or isinstance(default, (int, float)):
        if not isinstance(value, (int, float)) or value < 0:
            raise CheckPolicyError(f"{where} must be a number not below 0, got {value!r}")
        if isinstance(default, int) and not isinstance(value, int):
            raise CheckPolicyError(f"{where} must be a whole number, got {value!r}")
        return value
    if isinstance(default, (list, tuple)):
        return _list_param(where, default, value)
    if not isinstance(value, str):
        raise CheckPolicyError(f"{where} must be a string, got {value!r}")
    return value


def _list_param(where: str, default: list[Any] | tuple[Any, ...], value: Any) -> list[Any]:
    """A list of the same element type as the default's: strings (term lists) or numbers (ranges)."""
    numbers = bool(default) and all(isinstance(v, int) and not isinstance(v, bool) for v in default)
    if numbers:
        if (
            not isinstance(value, list)
            or len(value) != len(default)
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
        ):
            raise CheckPolicyError(f"{where} must be a list of {len(default)} positive whole numbers, got {value!r}")
        if value != sorted(value):
            raise CheckPolicyError(f"{where} must go from the lower to the upper bound, got {value!r}")
        return list(value)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CheckPolicyError(f"{where} must be a list of non-empty strings, got {value!r}")
    return list(value)


def _categories(table: Mapping[str, Any], source: str) -> dict[str, Category]:
    out: dict[str, Category] = {}
    for key, value in table.items():
        try:
            out[key] = Category(value)
        except ValueError:
            raise CheckPolicyError(f"{source}: categories.{key} must be M, R or E, got {value!r}") from None
    return out


def _waivers(value: Any, source: str) -> list[Waiver]:
    if not isinstance(value, list):
        raise CheckPolicyError(f"{source}: waivers must be an array of tables, got {type(value).__name__}")
    out: list[Waiver] = []
    for index, item in enumerate(value):
        where = f"waivers[{index}]"
        entry = _table(item, source, where)
        unknown = sorted(set(entry) - set(_WAIVER_KEYS))
        if unknown:
            raise CheckPolicyError(f"{source}: {where}: unknown key(s) {', '.join(map(repr, unknown))}")
        for key in ("rule", "fingerprint", "reason"):
            if key not in entry:
                raise CheckPolicyError(f"{source}: {where}.{key} is missing (a waiver needs rule, fingerprint, reason)")
            _string(entry[key], source, f"{where}.{key}")
        if get_rule(entry["rule"]) is None:
            raise CheckPolicyError(f"{source}: {where}.rule: no such rule {entry['rule']!r}")
        who = entry.get("who")
        if who is not None:
            _string(who, source, f"{where}.who")
        out.append(Waiver(rule=entry["rule"], fingerprint=entry["fingerprint"], reason=entry["reason"], who=who))
    return out
