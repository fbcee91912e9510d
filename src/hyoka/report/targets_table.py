"""The table `hyoka targets` prints: one row per quantitative target, across documents."""

from __future__ import annotations

from rich.table import Table

from hyoka.model import Document, ParseResult, Section, Target
from hyoka.report.labels import COMPARATOR_WORDS, SCOPE_NAMES, level_text
from hyoka.report.labels import number_text as _number

__all__ = ["COMPARATOR_WORDS", "SCOPE_NAMES", "target_level", "targets_table"]


def target_level(target: Target) -> str:
    return level_text(target.value, target.unit, target.comparator.value)


def _section_titles(sections: list[Section], out: dict[int, str]) -> dict[int, str]:
    for section in sections:
        out[section.line] = f"{section.label} {section.title}"
        _section_titles(section.children, out)
    return out


def _baseline(target: Target) -> str:
    return "; ".join(f"{b.label} {_number(b.value)}{b.unit or ''}" for b in target.baseline)


def targets_table(result: ParseResult) -> Table:
    table = Table(title="定量目標", show_lines=False, expand=False)
    for name in ("法人", "項目", "指標"):
        table.add_column(name, overflow="fold", ratio=2)
    table.add_column("目標", no_wrap=True)
    table.add_column("期間区分", overflow="fold")
    table.add_column("基準値", overflow="fold", ratio=1)
    table.add_column("行", no_wrap=True, justify="right")
    for doc in result.documents:
        _add_rows(table, doc)
    return table


def _add_rows(table: Table, doc: Document) -> None:
    titles = _section_titles(doc.sections, {})
    agency = doc.agency.name or doc.agency.full_name or doc.id
    for target in doc.targets:
        item = titles.get(target.section_line or -1, "")
        table.add_row(
            agency,
            item,
            target.indicator,
            target_level(target),
            SCOPE_NAMES[target.scope.value],
            _baseline(target),
            str(target.line),
        )
