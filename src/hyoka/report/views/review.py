"""The review views of a stored document: its guideline findings (点検) and the 新旧対照表 of two
of its versions, as plain models that the pages render and the API returns.

Both read a stored version through the store (its `hyoka.parse/1` contract and its source lines,
which give findings their pages and the rules that read the title block their text) and run the
same library calls as `hyoka check` and `hyoka diff`, so the three faces cannot disagree.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from hyoka.model.comparison import Comparison
from hyoka.model.findings import DocumentFindings, Finding, PolicyRef, Severity, Summary, summarise
from hyoka.model.records import DocumentRecord, SourceLineRecord
from hyoka.report.comparison.stored import compare_stored
from hyoka.review import check_document
from hyoka.review.diff import DiffSettings
from hyoka.review.policy import CheckPolicy
from hyoka.store.store import Store

SEVERITY_LABELS = {Severity.error: "エラー", Severity.warning: "警告", Severity.info: "情報"}


class SeverityGroup(BaseModel):
    severity: Severity
    label: str
    findings: list[Finding]


class CheckPage(BaseModel):
    """点検: the findings of one stored version under the check policy the server uses."""

    document: DocumentRecord
    policy: PolicyRef
    result: DocumentFindings = Field(description="category, period and findings, as `hyoka check --format json`")
    summary: Summary
    groups: list[SeverityGroup] = Field(description="the findings by severity, errors first, each by line")


class ComparisonPage(BaseModel):
    """新旧対照: the table of `new` against `old`, two versions of one document."""

    new: DocumentRecord
    old: DocumentRecord | None = Field(description="null when the document has no other version")
    versions: list[DocumentRecord] = Field(description="every version of the document, to choose from")
    comparison: Comparison | None


def _lines(store: Store, document_id: int) -> list[SourceLineRecord]:
    return store.source_lines(document_id) or []


def _record(store: Store, document_id: int) -> tuple[DocumentRecord, list[DocumentRecord]] | None:
    versions = store.versions(document_id)
    record = next((version for version in versions if version.id == document_id), None)
    return None if record is None else (record, versions)


def check_view(store: Store, document_id: int, policy: CheckPolicy) -> CheckPage | None:
    found = _record(store, document_id)
    contract = store.contract(document_id) if found else None
    if found is None or contract is None:
        return None
    lines = {line.number: line for line in _lines(store, document_id)}
    result = check_document(contract, policy, lines=lines)
    groups = [
        SeverityGroup(
            severity=severity,
            label=label,
            findings=sorted(
                (f for f in result.findings if f.severity == severity), key=lambda f: (f.location.line, f.rule_id)
            ),
        )
        for severity, label in SEVERITY_LABELS.items()
    ]
    return CheckPage(
        document=found[0],
        policy=policy.ref(),
        result=result,
        summary=summarise(result.findings),
        groups=[group for group in groups if group.findings],
    )


class UnknownVersion(LookupError):
    """The version asked to compare with is not a version of the document."""


def comparison_view(
    store: Store, document_id: int, policy: CheckPolicy, old_id: int | None = None
) -> ComparisonPage | None:
    """`document_id` against `old_id`, or against the version it revises when none is given;
    None when the document is not stored; `UnknownVersion` when `old_id` is not one of its
    versions (or is the document itself)."""
    found = _record(store, document_id)
    if found is None:
        return None
    record, versions = found
    wanted = old_id if old_id is not None else record.previous_version_id
    if wanted is None:
        return ComparisonPage(new=record, old=None, versions=versions, comparison=None)
    old = next((version for version in versions if version.id == wanted and version.id != document_id), None)
    if old is None:
        raise UnknownVersion(wanted)
    comparison = compare_stored(store, old.id, document_id, DiffSettings(policy=policy))
    if comparison is None:
        return None
    return ComparisonPage(new=record, old=old, versions=versions, comparison=comparison)
