"""The results template `hyoka results template DOC` writes: one row per target (or plain
indicator, or evaluation or monitoring indicator of the axes table) and fiscal year; and the plan
template `hyoka results plan-template DOC` writes: one row per target, fiscal year and plan
(中期計画, 年度計画).

Planning offices fill in 実績値 (and 出典) and give the file back to `hyoka results import`, or
計画値 and give it to `hyoka results plan-import`. Cost-efficiency targets get a results row for
the year before the period too: its cost is the base; so do targets measured from a baseline
the document does not give (the year before the period is their baseline).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hyoka.model.entries import PlanKind
from hyoka.report.cells import set_cell
from hyoka.report.export import write_csv_table
from hyoka.report.output import replacing
from hyoka.store.results import allowed_years, period_years
from hyoka.store.store import Store

TemplateFormat = Literal["xlsx", "csv"]
TEMPLATE_SUFFIXES = (".xlsx", ".csv")
HEADERS = (
    "目標ID",
    "指標ID",
    "法人",
    "項目",
    "指標",
    "目標値",
    "単位",
    "期間区分",
    "年度",
    "実績値",
    "出典",
    "評価軸指標ID",
)
WIDTHS = (8, 8, 24, 30, 36, 10, 8, 14, 8, 12, 30, 10)
#: 期間区分 of the rows for the axes table's indicators.
AXES_KINDS = {"evaluation": "評価指標", "monitoring": "モニタリング指標"}


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """A target's row (target_id set), a plain indicator's row (indicator_id set, no level), or
    the row of an evaluation or monitoring indicator of the axes table (axes_entry_id set)."""

    target_id: int | None
    indicator_id: int | None
    agency: str
    item: str
    indicator: str
    target_value: float | None
    unit: str
    scope: str
    fiscal_year: int
    axes_entry_id: int | None = None

    def cells(self) -> tuple[int | float | str | None, ...]:
        return (
            self.target_id,
            self.indicator_id,
            self.agency,
            self.item,
            self.indicator,
            self.target_value,
            self.unit,
            self.scope,
            self.fiscal_year,
            None,
            None,
            self.axes_entry_id,
        )


def template_rows(store: Store, document_id: int) -> list[TemplateRow]:
    """The rows of the document's template; KeyError for an unknown document."""
    document = store.document(document_id)
    if document is None:
        raise KeyError(document_id)
    agency = document.agency or ""
    rows: list[TemplateRow] = []
    for target in store.document_targets(document_id):
        item = target.item or ""
        unit = "（費用額）" if target.scope == "annual_rate" else target.unit or ""
        rows.extend(
            TemplateRow(target.id, None, agency, item, target.indicator, target.value, unit, target.scope, year)
            for year in allowed_years(document, target)
        )
    for indicator in store.indicators(document_id):
        item = indicator.item or ""
        rows.extend(
            TemplateRow(None, indicator.id, agency, item, indicator.text, None, "", "モニタリング", year)
            for year in allowed_years(document, None)
        )
    for entry in store.axes_indicators(document_id):
        item = f"{entry.row_label} {entry.row_title}" if entry.row_label else entry.row_title
        rows.extend(
            TemplateRow(None, None, agency, item, entry.text, None, "", AXES_KINDS[entry.kind], year, entry.id)
            for year in allowed_years(document, None)
        )
    return rows


def write_template(rows: list[TemplateRow], path: Path, fmt: TemplateFormat) -> Path:
    """The template as an xlsx workbook (sheet 実績入力) or a CSV file (UTF-8 with BOM, for Excel)."""
    return _write(HEADERS, WIDTHS, "実績入力", [row.cells() for row in rows], path=path, fmt=fmt)


def _write(
    headers: tuple[str, ...],
    widths: tuple[int, ...],
    title: str,
    rows: list[tuple[int | float | str | None, ...]],
    *,
    path: Path,
    fmt: TemplateFormat,
) -> Path:
    if fmt == "csv":
        return write_csv_table(headers, rows, path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=number, column=column), value)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    with replacing(path) as partial:
        book.save(partial)
    return path


# --- the plan template (計画値): `hyoka results plan-template DOC` ----------------------------------

PLAN_SHEET = "計画値入力"
PLAN_HEADERS = ("目標ID", "法人", "項目", "指標", "目標値", "単位", "期間区分", "年度", "計画区分", "計画値", "出典")
PLAN_WIDTHS = (8, 24, 30, 36, 10, 8, 14, 8, 12, 12, 30)


@dataclass(frozen=True, slots=True)
class PlanTemplateRow:
    """A target, a fiscal year and a plan (中期計画 or 年度計画) whose value is to be filled in."""

    target_id: int
    agency: str
    item: str
    indicator: str
    target_value: float
    unit: str
    scope: str
    fiscal_year: int
    plan_kind: PlanKind

    def cells(self) -> tuple[int | float | str | None, ...]:
        return (
            self.target_id,
            self.agency,
            self.item,
            self.indicator,
            self.target_value,
            self.unit,
            self.scope,
            self.fiscal_year,
            self.plan_kind.label,
            None,
            None,
        )


def plan_template_rows(store: Store, document_id: int) -> list[PlanTemplateRow]:
    """A row per target, fiscal year of the period and plan: the 中期計画 (中長期計画) and the
    年度計画 — only the 年度計画 for an agency given 年度目標, which has no plan for the period.
    KeyError for an unknown document."""
    document = store.document(document_id)
    if document is None:
        raise KeyError(document_id)
    kinds = [PlanKind.annual_plan] if document.kind == "年度目標" else [PlanKind.mid_term_plan, PlanKind.annual_plan]
    rows: list[PlanTemplateRow] = []
    for target in store.document_targets(document_id):
        for year in period_years(document):
            rows.extend(
                PlanTemplateRow(
                    target.id,
                    document.agency or "",
                    target.item or "",
                    target.indicator,
                    target.value,
                    target.unit or "",
                    target.scope,
                    year,
                    kind,
                )
                for kind in kinds
            )
    return rows


def write_plan_template(rows: list[PlanTemplateRow], path: Path, fmt: TemplateFormat) -> Path:
    """The plan template as an xlsx workbook (sheet 計画値入力) or a CSV file (UTF-8 with BOM)."""
    return _write(PLAN_HEADERS, PLAN_WIDTHS, PLAN_SHEET, [row.cells() for row in rows], path=path, fmt=fmt)
