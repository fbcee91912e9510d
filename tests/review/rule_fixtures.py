"""Reading the rule fixtures in `fixtures/`: one TOML file per rule, each with failing and passing cases.

A case names the parts of a fixture document (`documents.document_text`) it replaces, what it
expects (`fail`: at least one finding of the rule; `pass`: none), and for a failure optionally
the text of the line the finding must point at (`at`), its exact message and its severity.
`params` sets the rule's parameters and `categories` the policy's category overrides.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    rule: str
    category: str
    name: str
    expect: str
    parts: dict[str, str] = field(default_factory=dict)
    at: str | None = None
    message: str | None = None
    severity: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.expect}: {self.name}"


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(FIXTURES.glob("R-*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert path.stem == data["rule"], f"{path.name} holds the fixtures of {data['rule']}"
        for entry in data["cases"]:
            cases.append(
                Case(
                    rule=data["rule"],
                    category=entry.get("category", data["category"]),
                    name=entry["name"],
                    expect=entry["expect"],
                    parts=entry.get("parts", {}),
                    at=entry.get("at"),
                    message=entry.get("message"),
                    severity=entry.get("severity"),
                    params=entry.get("params", {}),
                    categories=entry.get("categories", {}),
                )
            )
    return cases
