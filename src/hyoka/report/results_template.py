"""The results template `hyoka results template DOC` writes: one row per target (or plain
indicator) and fiscal year.

Planning offices fill in 実績値 (and 出典) and give the file back to `hyoka results import`.
Cost-efficiency targets get a row for the year before the period too: its cost is the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hyoka.report.cells import set_cell
from hyoka.report.export import write_csv_table
from hyoka.report.output import replacing
from hyoka.store.results import allowed_years
from hyoka.store.store import Store

TemplateFormat = Literal["xlsx", "csv"]
TEMPLATE_SUFFIXES = (".xlsx", ".csv")
HEADERS = ("目標ID", "指標ID", "法人", "項目", "指標", "目標値", "単位", "期間区分", "年度", "実績値", "出典")
WIDTHS = (8, 8, 24, 30, 36, 10, 8, 14, 8, 12, 30)


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """A target's row (target_id set) or a plain indicator's row (indicator_id set, no level)."""

    target_id: int | None
    indicator_id: int | None
    agency: str
    item: str
    indicator: str
    target_value: float | None
    unit: str
    scope: str
    fiscal_year: int

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
    return rows


def write_template(rows: list[TemplateRow], path: Path, fmt: TemplateFormat) -> Path:
    """The template as an xlsx workbook (sheet 実績入力) or a CSV file (UTF-8 with BOM, for Excel)."""
    if fmt == "csv":
        return write_csv_table(HEADERS, (row.cells() for row in rows), path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "実績入力"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row.cells(), start=1):
            set_cell(sheet.cell(row=number, column=column), value)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    with replacing(path) as partial:
        book.save(partial)
    return path
