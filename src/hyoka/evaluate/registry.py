"""Which rating policy applies to which agency: ministries differ, so one installation may need several.

A registry file is TOML:

    [policies]
    mext = "mext.toml"                 # a policy file, relative to the registry file
    [policies.strict]                  # or a policy written inline (same keys as a policy file;
    thresholds = { A = 1.3, B = 1.05, C = 0.85 }  # `name` defaults to the table's key)

    [agencies]                         # full names as the documents write them
    "国立研究開発法人科学技術振興機構" = "mext"

    [legal_types]                      # a whole legal type at once
    "国立研究開発法人" = "strict"

An agency's own assignment wins over its legal type's; anything unassigned gets the default
policy. Names are compared in NFKC form with white space removed, so full-width and half-width
spellings of the same name match, and with or without the legal-type prefix when the caller gives
the legal type.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyoka.evaluate.policy import PolicyError, RatingPolicy, default_policy, load_policy, policy_from_mapping

_SECTIONS = ("policies", "agencies", "legal_types")


def _key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass(frozen=True)
class PolicyRegistry:
    """Named policies and their assignments to agencies and legal types, with the default as fallback."""

    policies: Mapping[str, RatingPolicy] = field(default_factory=dict)
    agencies: Mapping[str, str] = field(default_factory=dict)
    legal_types: Mapping[str, str] = field(default_factory=dict)
    default: RatingPolicy = field(default_factory=default_policy)

    def __post_init__(self) -> None:
        named = self.names()
        for section, assignments in (("agencies", self.agencies), ("legal_types", self.legal_types)):
            for who, policy_name in assignments.items():
                if policy_name not in named:
                    raise PolicyError(
                        f"{section}: {who!r} is assigned unknown policy {policy_name!r} (known: {', '.join(named)})"
                    )
        object.__setattr__(self, "agencies", {_key(k): v for k, v in self.agencies.items()})
        object.__setattr__(self, "legal_types", {_key(k): v for k, v in self.legal_types.items()})

    def names(self) -> list[str]:
        """Names of every policy the registry can hand out, the default's included."""
        return [self.default.name, *(n for n in self.policies if n != self.default.name)]

    def get(self, name: str) -> RatingPolicy:
        """The policy called `name`; PolicyError when there is none."""
        if name == self.default.name and name not in self.policies:
            return self.default
        try:
            return self.policies[name]
        except KeyError:
            raise PolicyError(f"no policy named {name!r} (known: {', '.join(self.names())})") from None

    def policy_for(self, agency_full_name: str | None, legal_type: str | None = None) -> RatingPolicy:
        """The policy for an agency: its own assignment, else its legal type's, else the default."""
        return self.assignment_for(agency_full_name, legal_type)[0]

    def assignment_for(self, agency_full_name: str | None, legal_type: str | None = None) -> tuple[RatingPolicy, str]:
        """The policy and why it applies ('agency', 'legal_type' or 'default'), for messages and traces."""
        if agency_full_name:
            name = _key(agency_full_name)
            candidates = [name]
            if legal_type:  # registries may name agencies with or without their legal-type prefix
                prefix = _key(legal_type)
                candidates.append(name.removeprefix(prefix) if name.startswith(prefix) else prefix + name)
            for candidate in candidates:
                if candidate in self.agencies:
                    return self.get(self.agencies[candidate]), "agency"
        if legal_type and _key(legal_type) in self.legal_types:
            return self.get(self.legal_types[_key(legal_type)]), "legal_type"
        return self.default, "default"


def registry_from_toml(text: str, *, base_dir: Path | None = None, source: str = "registry") -> PolicyRegistry:
    """A registry from TOML text; policy file paths are relative to `base_dir` (default: the working directory)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise PolicyError(f"{source}: unknown section(s) {names}; known: {', '.join(_SECTIONS)}")
    policies: dict[str, RatingPolicy] = {}
    for name, entry in _table(data, "policies", source).items():
        policies[name] = _policy_entry(name, entry, base_dir or Path.cwd(), source)
    agencies = {str(k): _policy_name(v, "agencies", k, source) for k, v in _table(data, "agencies", source).items()}
    types = {str(k): _policy_name(v, "legal_types", k, source) for k, v in _table(data, "legal_types", source).items()}
    return PolicyRegistry(policies=policies, agencies=agencies, legal_types=types)


def load_registry(path: str | Path) -> PolicyRegistry:
    """A registry from a TOML file (see `registry_from_toml`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot read the registry file: {error.strerror or error}") from None
    return registry_from_toml(text, base_dir=path.parent, source=str(path))


def _table(data: Mapping[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise PolicyError(f"{source}: [{key}] must be a table")
    return value


def _policy_name(value: Any, section: str, who: str, source: str) -> str:
    if not isinstance(value, str):
        raise PolicyError(f"{source}: {section}.{who!r} must name a policy (a string)")
    return value


def _policy_entry(name: str, entry: Any, base_dir: Path, source: str) -> RatingPolicy:
    where = f"{source}: policies.{name}"
    if isinstance(entry, str):
        policy = load_policy(base_dir / entry)
    elif isinstance(entry, dict):
        policy = policy_from_mapping({"name": name, **entry}, source=where)
    else:
        raise PolicyError(f"{where}: must be a policy file path or a table of policy keys")
    if policy.name != name:
        raise PolicyError(f"{where}: the policy is named {policy.name!r}; name it {name!r} or register it as such")
    return policy
