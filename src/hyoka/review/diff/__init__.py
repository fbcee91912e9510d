"""The 新旧対照表 of two versions of an objective document (`hyoka diff`).

`compare(old, new)` aligns the two versions' items (`align`), diffs each pair's text by
character in matching form (`text`), builds the rows (`rows`), pairs and compares targets
(`targets`), marks (`flags`), annexes, axes rows and evaluation units (`annexes`), the title,
period and decision date (`meta`), and lists the guideline findings new in the new version
(`findings`). The result is one `hyoka.model.comparison.Comparison`, which every export renders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from hyoka.model.comparison import ColumnLabels, Comparison, Summary, VersionInfo
from hyoka.model.contract import Document
from hyoka.review.context import SourceLineLike
from hyoka.review.diff.align import align
from hyoka.review.diff.annexes import annex_rows, axes_changes, unit_changes
from hyoka.review.diff.findings import new_findings
from hyoka.review.diff.flags import flag_changes
from hyoka.review.diff.meta import document_changes
from hyoka.review.diff.nodes import AlignSettings
from hyoka.review.diff.rows import build_rows
from hyoka.review.diff.targets import target_changes
from hyoka.review.diff.text import folded_key
from hyoka.review.policy import CheckPolicy

__all__ = ["AlignSettings", "DiffSettings", "Version", "compare"]

TITLE_SUFFIX = "新旧対照表"


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a comparison: the parsed document, where it came from, and its input lines
    (for the decision date, and the pages of findings); `lines` may be None."""

    document: Document
    source: str
    lines: Sequence[SourceLineLike] | None = None


@dataclass(frozen=True, slots=True)
class DiffSettings:
    """Everything a comparison can be tuned by, with the defaults of the design."""

    align: AlignSettings = field(default_factory=AlignSettings)
    labels: ColumnLabels = field(default_factory=ColumnLabels)
    indicator_min: float = 0.6
    check: bool = True
    policy: CheckPolicy | None = None


def _info(version: Version) -> VersionInfo:
    doc = version.document
    return VersionInfo(
        source=version.source,
        document_id=doc.id,
        title=doc.title,
        agency=doc.agency.full_name or doc.agency.name,
        kind=doc.kind.value if doc.kind else None,
        draft=doc.draft,
    )


def table_title(document: Document) -> str:
    """「…中期目標 新旧対照表」: the document's title, else its agency and kind."""
    name = document.title or "".join(p for p in (document.agency.full_name, document.kind) if p) or "目標"
    return f"{name.strip()} {TITLE_SUFFIX}"


def _texts(lines: Sequence[SourceLineLike] | None) -> dict[int, str] | None:
    return None if lines is None else {line.number: line.text for line in lines}


def compare(old: Version, new: Version, settings: DiffSettings | None = None) -> Comparison:
    """The 新旧対照表 of `old` and `new`: rows, structured changes and (with `settings.check`) the
    findings new in `new`."""
    settings = settings or DiffSettings()
    a, b = new.document, old.document
    noise = frozenset(folded_key(title) for title in (a.title, b.title) if title)
    alignment = align(a.sections, b.sections, settings.align, noise)
    built = build_rows(alignment, gap=settings.align.merge_gap)
    annex_table, annex_found = annex_rows(a.annexes, b.annexes)
    changes = [
        *document_changes(a, b, _texts(new.lines), _texts(old.lines)),
        *built.changes,
        *target_changes(a.targets, b.targets, alignment, settings.indicator_min),
        *flag_changes(a.flags, b.flags, alignment),
        *axes_changes(a.evaluation_axes, b.evaluation_axes, alignment),
        *unit_changes(a.evaluation_units, b.evaluation_units, alignment),
        *annex_found,
    ]
    findings = []
    if settings.check:
        findings = new_findings(a, b, new_lines=new.lines, old_lines=old.lines, policy=settings.policy)
    rows = built.rows + annex_table
    return Comparison(
        title=table_title(a),
        old=_info(old),
        new=_info(new),
        labels=settings.labels,
        rows=rows,
        changes=changes,
        findings=findings,
        checked=settings.check,
        summary=Summary(
            rows=dict(Counter(row.kind.value for row in rows)), changes=len(changes), new_findings=len(findings)
        ),
    )
