"""SARIF 2.1.0 of check reports: one run, the catalogue as the driver's rules, one result per finding.

Code-scanning consumers (GitHub code scanning, the SARIF viewers) read `ruleId`, `level`,
`message.text` and the first `physicalLocation`; they deduplicate by `partialFingerprints` and
hide results with `suppressions`. So: levels error / warning / note (info), the input path
relative to the working directory (for a PDF or Word file the decoded text's lines, the page in
the result's properties), the section path as a logical location, the finding's fingerprint
under `hyoka/v1`, waived findings suppressed (kind `external`, the waiver's reason as
justification) and, when a baseline was given, `baselineState` new or unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import hyoka
from hyoka.model.findings import CheckReport, Finding, Severity
from hyoka.review.fingerprint import FINGERPRINT_VERSION
from hyoka.review.policy import CheckPolicy
from hyoka.review.registry import Rule, all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_BASE_ID = "%SRCROOT%"  # the working directory the relative artifact URIs are resolved against
_LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def artifact_uri(path: str, cwd: Path | None = None) -> str:
    """The input path relative to the working directory, in URI form (POSIX separators); an
    absolute file URI when the input lies outside it."""
    base = (cwd or Path.cwd()).resolve()
    resolved = Path(path).resolve()
    try:
        return PurePosixPath(resolved.relative_to(base)).as_posix()
    except ValueError:
        return resolved.as_uri() if Path(path).is_absolute() or resolved.exists() else PurePosixPath(path).as_posix()


def _artifact(uri: str) -> dict[str, str]:
    return {"uri": uri} if ":" in uri.split("/", maxsplit=1)[0] else {"uri": uri, "uriBaseId": _BASE_ID}


def _rule(rule: Rule, policy: CheckPolicy) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": _camel(rule.name),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.explanation},
        "defaultConfiguration": {"level": _LEVELS[policy.severity(rule)], "enabled": policy.enabled(rule)},
        "properties": {
            "categories": sorted(c.value for c in rule.categories),
            "inferredCategories": sorted(c.value for c in rule.inferred),
            "basis": rule.basis.value,
            "tags": [rule.basis.value, *sorted(c.value for c in rule.categories)],
        },
    }


def _camel(name: str) -> str:
    words = [w for w in "".join(c if c.isalnum() else " " for c in name).split() if w]
    return words[0].lower() + "".join(w.capitalize() for w in words[1:]) if words else name


def _result(finding: Finding, index: dict[str, int], uri: str, with_baseline: bool) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": _artifact(uri),
            "region": {"startLine": finding.location.line, "endLine": finding.location.end_line},
        }
    }
    if finding.location.section_path:
        location["logicalLocations"] = [
            {
                "name": finding.location.section_path[-1],
                "fullyQualifiedName": " › ".join(finding.location.section_path),
                "kind": "section",
            }
        ]
    properties: dict[str, Any] = {
        "basis": finding.basis.value,
        "explanation": finding.explanation,
        "document": finding.document,
        "subject": finding.location.subject.value,
    }
    if finding.location.page is not None:
        properties["page"] = finding.location.page
    if finding.data:
        properties["data"] = finding.data
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_VERSION: finding.fingerprint},
        "properties": properties,
    }
    if finding.waived:
        result["suppressions"] = [{"kind": "external", "justification": finding.waiver_reason or ""}]
    if with_baseline:
        result["baselineState"] = "unchanged" if finding.existing else "new"
    return result


def sarif_log(
    reports: Sequence[CheckReport], policy: CheckPolicy, *, with_baseline: bool = False, cwd: Path | None = None
) -> dict[str, Any]:
    """The SARIF log (a JSON-ready dict) of `reports`, checked under `policy`."""
    rules = list(all_rules())
    index = {rule.id: position for position, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for report in reports:
        uri = artifact_uri(report.input.path, cwd)
        artifact: dict[str, Any] = {"location": _artifact(uri)}
        if report.input.sha256:
            artifact["hashes"] = {"sha-256": report.input.sha256}
        artifacts.append(artifact)
        results.extend(_result(f, index, uri, with_baseline) for f in report.findings())
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "hyoka",
                "version": hyoka.__version__,
                "semanticVersion": hyoka.__version__,
                "rules": [_rule(rule, policy) for rule in rules],
            }
        },
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"policy": {"name": policy.name, "sha256": policy.ref().sha256}},
    }
    run["originalUriBaseIds"] = {_BASE_ID: {"uri": (cwd or Path.cwd()).resolve().as_uri() + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
