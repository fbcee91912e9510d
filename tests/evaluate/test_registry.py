"""Policy registry: agency assignments win over legal types, everything else falls back to the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka.evaluate.policy import PolicyError, default_policy, policy_from_toml
from hyoka.evaluate.registry import PolicyRegistry, load_registry, registry_from_toml

REGISTRY = """
[policies.strict]
description = "厳しめ"
[policies.strict.thresholds]
A = 1.3
B = 1.05
C = 0.85

[policies.rd]
unit_aggregation = "min"

[agencies]
"国立研究開発法人科学技術振興機構" = "strict"
"独立行政法人ＡＢＣ機構" = "strict"

[legal_types]
"国立研究開発法人" = "rd"
"""


@pytest.mark.parametrize(
    ("agency", "legal_type", "policy", "why"),
    [
        ("国立研究開発法人科学技術振興機構", "国立研究開発法人", "strict", "agency"),  # agency beats legal type
        ("科学技術振興機構", "国立研究開発法人", "strict", "agency"),  # name without the prefix
        ("独立行政法人ABC機構", "独立行政法人", "strict", "agency"),  # NFKC: full-width ＡＢＣ matches
        ("国立研究開発法人理化学研究所", "国立研究開発法人", "rd", "legal_type"),
        ("独立行政法人国際協力機構", "独立行政法人", "default", "default"),
        (None, None, "default", "default"),
        (None, "国立研究開発法人", "rd", "legal_type"),
    ],
)
def test_policy_for(agency: str | None, legal_type: str | None, policy: str, why: str) -> None:
    registry = registry_from_toml(REGISTRY)
    found, reason = registry.assignment_for(agency, legal_type)
    assert (found.name, reason) == (policy, why)
    assert registry.policy_for(agency, legal_type) == found


def test_inline_policies_inherit_the_default_and_take_their_key_as_name() -> None:
    registry = registry_from_toml(REGISTRY)
    assert registry.get("strict").thresholds == {"A": 1.3, "B": 1.05, "C": 0.85}
    assert registry.get("rd").grade_points == default_policy().grade_points
    assert registry.names() == ["default", "strict", "rd"]


def test_empty_registry_gives_the_default_policy() -> None:
    assert PolicyRegistry().policy_for("独立行政法人何某", "独立行政法人") == default_policy()
    assert registry_from_toml("").policy_for("x") == default_policy()


def test_policy_files_are_read_relative_to_the_registry(tmp_path: Path) -> None:
    (tmp_path / "mext.toml").write_text('name = "mext"\nat_most_formula = "mirror"\n', encoding="utf-8")
    path = tmp_path / "registry.toml"
    path.write_text('[policies]\nmext = "mext.toml"\n[agencies]\n"何某機構" = "mext"\n', encoding="utf-8")
    assert load_registry(path).policy_for("何某機構").at_most_formula == "mirror"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[agencies]\n"何某機構" = "nowhere"', "'何某機構' is assigned unknown policy 'nowhere'"),
        ('[legal_types]\n"国立研究開発法人" = "nowhere"', "unknown policy 'nowhere'"),
        ("[agency]\nx = 'default'", "unknown section(s) 'agency'"),
        ("[policies.bad]\ntreshold = 1", "unknown key(s) 'treshold'"),
        ("[policies]\nbad = 3", "must be a policy file path or a table"),
        ("[agencies]\nx = 3", "must name a policy"),
        ("agencies = 3", "[agencies] must be a table"),
        ("[policies", "not valid TOML"),
    ],
)
def test_invalid_registries_are_refused(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        registry_from_toml(text)
    assert message in str(caught.value)


def test_a_policy_file_must_carry_the_name_it_is_registered_under(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text('name = "other"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match="named 'other'"):
        registry_from_toml('[policies]\nmext = "p.toml"\n', base_dir=tmp_path)


def test_registry_built_in_code() -> None:
    strict = policy_from_toml('name = "strict"\n[thresholds]\nA = 1.3\nB = 1.05\nC = 0.85\n')
    registry = PolicyRegistry(policies={"strict": strict}, legal_types={"行政執行法人": "strict"})
    assert registry.policy_for("行政執行法人何某", "行政執行法人") is strict
    with pytest.raises(PolicyError, match="no policy named 'x'"):
        registry.get("x")
