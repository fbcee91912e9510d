"""The findings of `hyoka check` and the check report: what the CLI prints as JSON, the web API
returns, SARIF is written from, and the 新旧対照表 compares between versions.

The fields are those of the design's table (../shared/design/guideline-rules.md, "Findings and
output"). Three additions, needed to render the report without the parse or the policy at hand:
`existing` marks a finding already present in a `--baseline` run (listed, fails nothing),
`waiver_reason` carries the reason of the waiver that covers it, and a document entry carries
its `period`. Line numbers are 1-based physical lines of the decoded
input, as everywhere in hyoka; the fingerprint deliberately leaves them out (see
`hyoka.review.fingerprint`) so a waiver survives edits elsewhere in the document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

REPORT_TOOL = "hyoka"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Severity(StrEnum):
    """How much a finding matters, after the policy; the order is error > warning > info."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    @property
    def japanese(self) -> str:
        return {"error": "エラー", "warning": "警告", "info": "情報"}[self.value]


class Basis(StrEnum):
    """Where a rule comes from: the guideline's wording, a cross-reference, or drafting practice."""

    text = "text"
    ref = "ref"
    practice = "practice"


class Subject(StrEnum):
    """What a finding is about (the thing its location points at)."""

    document = "document"
    section = "section"
    item = "item"
    target = "target"
    flag = "flag"
    axis_row = "axis_row"
    evaluation_unit = "evaluation_unit"
    annex = "annex"
    period = "period"


class Category(StrEnum):
    """The three categories of 独立行政法人, which decide which part of the guideline applies."""

    mid_term = "M"
    research = "R"
    executive = "E"


class Location(_Model):
    line: int = Field(ge=1, description="first physical line (1-based) of the thing the finding is about")
    end_line: int = Field(ge=1, description="last physical line (1-based, inclusive)")
    page: int | None = Field(default=None, description="page of `line` where the source has pages (PDF)")
    section_path: list[str] = Field(default_factory=list, description="labels as written: 第３ › ３． › （２）")
    subject: Subject


class Finding(_Model):
    rule_id: str = Field(description="stable rule id, e.g. R-FLAG-01")
    severity: Severity = Field(description="after the policy")
    waived: bool = Field(default=False, description="a policy waiver covers it: reported, fails nothing")
    existing: bool = Field(default=False, description="its fingerprint is in the --baseline run: fails nothing")
    basis: Basis
    document: str = Field(description="document id within its input (doc-1, …)")
    location: Location
    message: str = Field(description="one Japanese sentence for the UI")
    explanation: str = Field(description="what the guideline expects and how to fix it, in Japanese")
    data: dict[str, Any] = Field(default_factory=dict, description="rule-specific values")
    fingerprint: str = Field(description="hash of rule id, document id, section titles and subject text")
    waiver_reason: str | None = Field(default=None, description="the waiver's reason, when waived")

    @property
    def counts(self) -> bool:
        """Whether the finding can fail a run: neither waived nor in the baseline."""
        return not (self.waived or self.existing)


class PolicyRef(_Model):
    name: str
    sha256: str = Field(description="hash of the policy file's bytes (of the default policy's text when none)")


class InputRef(_Model):
    path: str
    sha256: str


class PeriodRef(_Model):
    start: str
    end: str
    years: int


class DocumentFindings(_Model):
    id: str
    agency: str | None = Field(description="the agency's name as written, prefix included")
    kind: str | None = Field(description="中長期目標, 中期目標 or 年度目標")
    category: Category | None = Field(description="M, R or E, as resolved (or set by the policy)")
    draft: bool
    period: PeriodRef | None = None
    findings: list[Finding] = Field(default_factory=list)


class Summary(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0
    waived: int = 0


class CheckReport(_Model):
    tool: str = REPORT_TOOL
    version: str
    policy: PolicyRef
    input: InputRef
    documents: list[DocumentFindings] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    def findings(self) -> list[Finding]:
        """Every finding of every document, in document order."""
        return [finding for document in self.documents for finding in document.findings]

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


def summarise(findings: list[Finding]) -> Summary:
    """Counts by severity of the findings that count, and the waived ones apart."""
    summary = Summary()
    for finding in findings:
        if finding.waived:
            summary.waived += 1
        else:
            setattr(summary, finding.severity.value, getattr(summary, finding.severity.value) + 1)
    return summary
