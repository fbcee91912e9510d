"""The `hyoka.parse/1` JSON contract: what `hyoka parse --json` prints and later stages consume.

Every field that points into the input carries 1-based physical line numbers of the input
file, so a reader can always go back to the source. The models are the single definition of
the contract: `docs/parse-json.schema.json` is generated from them, never written by hand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

PARSE_SCHEMA = "hyoka.parse/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class DocumentKind(StrEnum):
    """Objective kinds, named as the documents name themselves."""

    mid_long_term = "中長期目標"
    mid_term = "中期目標"
    annual = "年度目標"


class AnnexKind(StrEnum):
    policy_diagram = "policy_diagram"
    mission_relation = "mission_relation"
    evaluation_axes = "evaluation_axes"
    evaluation_units = "evaluation_units"
    glossary = "glossary"
    research_policy = "research_policy"
    target_table = "target_table"
    other = "other"


class LineSpan(_Model):
    start_line: int = Field(ge=1, description="first physical line (1-based)")
    end_line: int = Field(ge=1, description="last physical line (1-based, inclusive)")


class Warning(_Model):
    message: str
    line: int | None = Field(default=None, description="physical line the warning is about")


class SourceInfo(_Model):
    path: str
    sha256: str
    line_count: int
    encoding: str
    format: str = Field(default="text", description="text, pdf or docx")


class Agency(_Model):
    name: str | None = Field(description="name without its legal-type prefix")
    legal_type: str | None = Field(description="prefix such as 国立研究開発法人; null when the name has none")
    full_name: str | None = Field(description="name as written, prefix included")


class Period(_Model):
    start: date = Field(description="first day of the objective period")
    end: date = Field(description="last day of the objective period")
    years: int = Field(description="number of fiscal years covered")
    text: str | None = Field(default=None, description="the sentence the period was read from")
    line: int | None = None


class Section(_Model):
    label: str = Field(description="numbering label as written, e.g. Ⅲ, 第３, （１）, ＜法人の使命＞")
    scheme: str = Field(description="numbering scheme of the label, e.g. roman, dai, paren_digit")
    title: str
    level: int = Field(ge=1, description="depth in this document's tree; 1 for the body's top headings")
    line: int = Field(description="physical line where the label starts (a soft wrap may carry its end onward)")
    lines: tuple[int, int] = Field(description="first and last physical line of the section, children included")
    text: str = Field(description="the section's own body text (children excluded), original characters")
    children: list[Section] = Field(default_factory=list)


class Annex(_Model):
    kind: AnnexKind
    label: str | None = Field(description="別紙１, 別添２, … where printed; labels often float after the content")
    title: str | None
    line: int = Field(description="first physical line of the annex")
    span: LineSpan
    text: str


class Comparator(StrEnum):
    ge = ">="
    le = "<="
    gt = ">"
    lt = "<"
    eq = "="


class TargetScope(StrEnum):
    """How a target's level is to be judged over the period (see rating-rules.md)."""

    per_year = "per_year"
    cumulative = "cumulative"
    by_final_year = "by_final_year"
    in_final_year = "in_final_year"
    annual_rate = "annual_rate"
    period_average = "period_average"
    long_term = "long_term"
    other = "other"


class Baseline(_Model):
    value: float
    unit: str | None
    label: str = Field(description="what the reference level is, e.g. 前中期目標期間実績, 令和６年度実績（見込み）")
    fiscal_years: list[int] = Field(default_factory=list, description="fiscal years the baseline covers")
    text: str
    line: int


class Target(_Model):
    indicator: str = Field(description="what is measured, as a clean phrase")
    value: float
    unit: str | None
    comparator: Comparator
    scope: TargetScope
    fiscal_years: list[int] = Field(default_factory=list, description="fiscal years it applies to, where stated")
    alt_values: list[float] = Field(default_factory=list, description="other forms of the same level (period total)")
    baseline: list[Baseline] = Field(default_factory=list)
    rationale: str | None = Field(default=None, description="text of the 目標水準の考え方 block that explains it")
    external_factors: str | None = Field(default=None, description="text of a 想定される外部要因 block")
    covers: str | None = Field(default=None, description="for cost-efficiency rules: the costs covered and excluded")
    text: str = Field(description="the sentence or list item the target was read from")
    section_line: int | None = Field(description="heading line of the item the target belongs to")
    line: int = Field(description="physical line holding the number")
    lines: tuple[int, int]


class FlagKind(StrEnum):
    importance = "importance"
    difficulty = "difficulty"


class Flag(_Model):
    kind: FlagKind
    level: str = Field(description="高, 中 or 低 as marked")
    reason: str | None
    text: str
    line: int
    applies_to: int | None = Field(description="line of the heading or target the mark qualifies")


class TableEntry(_Model):
    text: str
    line: int
    lines: tuple[int, int]


class EvaluationIndicator(TableEntry):
    monitoring_indicators: list[TableEntry] = Field(
        default_factory=list, description="関連するモニタリング指標 listed under this indicator"
    )


class AxisItem(_Model):
    label: str | None
    title: str


class EvaluationAxesRow(_Model):
    item: AxisItem
    line: int
    lines: tuple[int, int]
    section_line: int | None = Field(description="heading line of the body item the row evaluates")
    sub_items: list[str] = Field(default_factory=list, description="sub-item titles listed in the item column")
    axes: list[TableEntry] = Field(default_factory=list, description="評価軸: the questions asked")
    evaluation_indicators: list[EvaluationIndicator] = Field(default_factory=list)
    monitoring_indicators: list[TableEntry] = Field(
        default_factory=list, description="every モニタリング指標 of the row, nested ones included"
    )


class EvaluationUnit(_Model):
    title: str
    section_lines: list[int] = Field(description="heading lines of the sections the unit covers")
    text: str = Field(description="the statement the unit was read from")
    line: int


class IndicatorKind(StrEnum):
    outcome = "outcome"
    output = "output"
    evaluation = "evaluation"
    monitoring = "monitoring"
    other = "other"


class Indicator(_Model):
    """An indicator named in the body without a numeric level (アウトカム指標 lists and the like)."""

    kind: IndicatorKind
    text: str
    section_line: int | None
    line: int


class Document(_Model):
    id: str = Field(description="stable id within this parse: doc-1, doc-2, …")
    title: str | None
    agency: Agency
    kind: DocumentKind | None
    draft: bool
    ministries: list[str] = Field(default_factory=list)
    legal_basis: str | None = None
    period: Period | None
    span: LineSpan
    body: LineSpan | None = Field(description="the body, from the first heading to the last line before annexes")
    sections: list[Section] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    evaluation_axes: list[EvaluationAxesRow] = Field(default_factory=list)
    evaluation_units: list[EvaluationUnit] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)


class ParseResult(_Model):
    schema_: str = Field(default=PARSE_SCHEMA, alias="schema", description="contract name and version")
    source: SourceInfo
    documents: list[Document]
    warnings: list[Warning] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
