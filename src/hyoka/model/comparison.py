"""The 新旧対照表 (`comparison_table`) of two versions of an objective document, as one model.

`hyoka diff`, the web page and every export (xlsx, HTML, JSON) render this model and nothing
else, so they cannot disagree. A row pairs one item (section or annex) of the new version with
its counterpart in the old one; each side keeps its label, title, first line and text exactly
as parsed, and the changed parts as character offsets into that text, so a renderer underlines
the original characters without diffing again. The structured changes say the same in terms a
reviewer lists (a target's value 1.18 → 1.20, a mark added, a unit's range), one record each.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from hyoka.model.findings import Finding

COMPARISON_SCHEMA = "hyoka.diff/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RowKind(StrEnum):
    """How an item of the new version relates to the old one."""

    same = "same"
    changed = "changed"
    renumbered = "renumbered"
    moved = "moved"
    added = "added"
    removed = "removed"
    split_item = "split"  # (`split` would shadow str.split)
    merged = "merged"


class Span(_Model):
    """A changed run of characters: `text[start:end]` of the side it belongs to."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Side(_Model):
    """One version's view of a row: the item as written and what changed in it."""

    label: str = Field(description="numbering label as written (empty for an unnumbered annex)")
    title: str
    line: int = Field(description="physical line of the heading in that version's input")
    text: str = Field(description="the item's own text, original characters (children excluded)")
    label_changed: bool = Field(default=False, description="the label differs from the other side's")
    title_spans: list[Span] = Field(default_factory=list, description="changed runs of `title`")
    spans: list[Span] = Field(default_factory=list, description="changed runs of `text`")
    path: list[str] = Field(default_factory=list, description="labels of the parents, outermost first")


class Row(_Model):
    kind: RowKind
    new: Side | None = Field(description="the item in the new version; null when removed")
    old: Side | None = Field(description="the item in the old version; null when added")
    level: int = Field(ge=1, description="depth of the item (annexes: 1)")
    annex: bool = Field(default=False, description="an annex row rather than a body section")
    group: int | None = Field(default=None, description="rows of one split or merge share this number")
    similarity: float = Field(ge=0.0, le=1.0, description="text similarity of the two sides (1.0 if equal)")


class ChangeKind(StrEnum):
    section_added = "section_added"
    section_removed = "section_removed"
    section_renumbered = "section_renumbered"
    section_moved = "section_moved"
    section_split = "section_split"
    section_merged = "section_merged"
    title_changed = "title_changed"
    text_changed = "text_changed"
    target_added = "target_added"
    target_removed = "target_removed"
    target_value = "target_value"
    target_comparator = "target_comparator"
    target_unit = "target_unit"
    target_scope = "target_scope"
    flag_added = "flag_added"
    flag_removed = "flag_removed"
    flag_switched = "flag_switched"
    flag_reason = "flag_reason"
    axes_row_added = "axes_row_added"
    axes_row_removed = "axes_row_removed"
    axis_added = "axis_added"
    axis_removed = "axis_removed"
    indicator_added = "indicator_added"
    indicator_removed = "indicator_removed"
    unit_added = "unit_added"
    unit_removed = "unit_removed"
    unit_range = "unit_range"
    annex_added = "annex_added"
    annex_removed = "annex_removed"
    annex_changed = "annex_changed"
    annex_title = "annex_title"
    annex_renumbered = "annex_renumbered"
    figure_changed = "figure_changed"
    document_title = "document_title"
    period = "period"
    decision_date = "decision_date"


class Change(_Model):
    """One structured change: what kind, where in each version, and the values before and after."""

    kind: ChangeKind
    new_ref: str | None = Field(description="where in the new version: labels (第３ › １．) or the annex")
    old_ref: str | None = Field(description="where in the old version")
    item: str | None = Field(description="the item concerned: label and title of the new side, else the old")
    before: str | None
    after: str | None
    new_line: int | None = None
    old_line: int | None = None


class VersionInfo(_Model):
    """Which document a side of the comparison is."""

    source: str = Field(description="file path, or stored:ID for a stored document")
    document_id: str
    title: str | None
    agency: str | None
    kind: str | None
    draft: bool


class ColumnLabels(_Model):
    """The words of the table: column headings and the markers of empty cells (settings)."""

    new: str = "改正後"
    old: str = "改正前"
    omitted: str = "（略）"
    added: str = "（新設）"
    removed: str = "（削除）"
    note: str = "（傍線部分は改正部分）"


class Summary(_Model):
    rows: dict[str, int] = Field(default_factory=dict, description="rows per kind")
    changes: int = 0
    new_findings: int = 0


class Comparison(_Model):
    schema_: str = Field(default=COMPARISON_SCHEMA, alias="schema")
    title: str = Field(description="the table's title, naming the document")
    old: VersionInfo
    new: VersionInfo
    labels: ColumnLabels = Field(default_factory=ColumnLabels)
    rows: list[Row] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="findings of the new version not in the old")
    checked: bool = Field(default=False, description="both versions were checked (the findings are meaningful)")
    summary: Summary = Field(default_factory=Summary)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
