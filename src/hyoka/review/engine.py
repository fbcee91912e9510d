"""Running the catalogue: `check` (documents → report) and `check_document` (one document).

Each enabled rule that applies to the document's category runs on a shared `RuleContext` and
returns hits; here they become findings: the severity after the policy, the page of the line,
the section path, the fingerprint, waivers and the baseline. A rule that raises is a bug in
hyoka, not in the document, so the exception is not swallowed.

Policy severities shift a rule as a whole: the findings a rule emits at its default severity take
the policy's, and its other findings (a "missing" error with a "not first" warning beside it) move
by the same number of steps, staying within error … info.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import hyoka
from hyoka.model import Document
from hyoka.model.findings import (
    CheckReport,
    DocumentFindings,
    Finding,
    InputRef,
    Location,
    PeriodRef,
    Severity,
    summarise,
)
from hyoka.review.category import Resolution, resolve
from hyoka.review.context import Hit, RuleContext, SourceLineLike
from hyoka.review.fingerprint import fingerprint
from hyoka.review.policy import CheckPolicy, default_check_policy
from hyoka.review.registry import Rule, all_rules

_BY_RANK = {severity.rank: severity for severity in Severity}


def check(
    documents: Sequence[Document],
    policy: CheckPolicy | None = None,
    *,
    path: str,
    sha256: str = "",
    lines: Sequence[SourceLineLike] | None = None,
    baseline: Collection[str] = (),
) -> CheckReport:
    """Check `documents` (parsed from the input `path`, whose hash is `sha256`) under `policy`
    (default: the catalogue's defaults) and return the report.

    `lines` are the input's physical lines (`SourceText.lines`, or a stored document's line
    records): they give findings their page and let the rules that read the title block (the
    decision date, the preamble's article) see it; without them those rules stay silent.
    `baseline` holds the fingerprints of an earlier run: findings found there are marked
    `existing` and fail nothing.
    """
    policy = policy or default_check_policy()
    by_number = {line.number: line for line in lines} if lines is not None else {}
    entries = [check_document(doc, policy, lines=by_number, baseline=baseline) for doc in documents]
    findings = [finding for entry in entries for finding in entry.findings]
    return CheckReport(
        version=hyoka.__version__,
        policy=policy.ref(),
        input=InputRef(path=path, sha256=sha256),
        documents=entries,
        summary=summarise(findings),
    )


def check_document(
    document: Document,
    policy: CheckPolicy | None = None,
    *,
    lines: Mapping[int, SourceLineLike] | None = None,
    baseline: Collection[str] = (),
) -> DocumentFindings:
    """The findings of one document, sorted by line, with the category it was checked under."""
    policy = policy or default_check_policy()
    context = RuleContext(document, None, lines)
    front = [line.text for line in context.front_lines()]
    resolution = resolve(document, policy.categories, front)
    context.category = resolution.category
    context.resolution = resolution
    findings: list[Finding] = []
    for rule in all_rules():
        if not policy.enabled(rule) or not rule.applies_to(resolution.category):
            continue
        seen: dict[str, int] = {}
        for hit in rule.function(context.with_params(policy.params(rule))):
            findings.append(_finding(rule, hit, context, policy=policy, baseline=baseline, seen=seen))
    findings.sort(key=lambda f: (f.location.line, f.rule_id, f.fingerprint))
    return DocumentFindings(
        id=document.id,
        agency=document.agency.full_name or document.agency.name,
        kind=document.kind.value if document.kind else None,
        category=resolution.category,
        draft=document.draft,
        period=_period(document),
        findings=findings,
    )


def resolution_of(document: Document, policy: CheckPolicy | None = None) -> Resolution:
    """The category `document` would be checked under (no lines: the kind and prefix only)."""
    return resolve(document, (policy or default_check_policy()).categories)


def _finding(
    rule: Rule, hit: Hit, context: RuleContext, *, policy: CheckPolicy, baseline: Collection[str], seen: dict[str, int]
) -> Finding:
    severity = _severity(rule, hit.severity or rule.severity, policy.severity(rule))
    node = hit.node if hit.node is not None else context.node_at(hit.line)
    titles = node.titles if node is not None else ()
    print_ = fingerprint(rule.id, context.document.id, titles, hit.subject_text, hit.key)
    seen[print_] = seen.get(print_, 0) + 1
    if seen[print_] > 1:  # the same subject twice (a sentence read as two targets): number the repeats
        print_ = fingerprint(rule.id, context.document.id, titles, hit.subject_text, f"{hit.key}#{seen[print_]}")
    waiver = policy.waiver(rule.id, print_)
    return Finding(
        rule_id=rule.id,
        severity=severity,
        waived=waiver is not None,
        existing=print_ in baseline,
        basis=rule.basis,
        document=context.document.id,
        location=Location(
            line=hit.line,
            end_line=max(hit.end_line or hit.line, hit.line),
            page=context.page(hit.line),
            section_path=list(node.labels) if node is not None else [],
            subject=hit.subject,
        ),
        message=hit.message,
        explanation=rule.explanation,
        data=dict(hit.data),
        fingerprint=print_,
        waiver_reason=waiver.reason if waiver is not None else None,
    )


def _severity(rule: Rule, emitted: Severity, configured: Severity) -> Severity:
    shift = configured.rank - rule.severity.rank
    return _BY_RANK[min(max(emitted.rank + shift, 0), 2)]


def _period(document: Document) -> PeriodRef | None:
    period = document.period
    if period is None:
        return None
    return PeriodRef(start=period.start.isoformat(), end=period.end.isoformat(), years=period.years)
