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
    line: int = Field(description="physical line where the label stands")
    lines: tuple[int, int] = Field(
        description="first and last physical line of the section, children included"
    )
    text: str = Field(description="the section's own body text (children excluded), original characters")
    children: list[Section] = Field(default_factory=list)


class Annex(_Model):
    kind: AnnexKind
    label: str | None = Field(
        description="別紙１, 別添２, … where printed; labels often float after the content"
    )
    title: str | None
    line: int = Field(description="first physical line of the annex")
    span: LineSpan
    text: str


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
    body: LineSpan | None = Field(
        description="the body, from the first heading to the last line before annexes"
    )
    sections: list[Section] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)


class ParseResult(_Model):
    schema_: str = Field(default=PARSE_SCHEMA, alias="schema", description="contract name and version")
    source: SourceInfo
    documents: list[Document]
    warnings: list[Warning] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
