"""The 新旧対照表 as an Excel workbook: the table, the list of changes, the new findings.

Sheet 新旧対照表 is laid out as ministries circulate it: the title naming the document, the note
that the underlined parts are the amendments, the header row 改正後 | 改正前 (repeated on every
printed page), then one row per item in two equal wrapped columns, each changed run an
underlined rich-text run, A4 landscape fitted to the width. Sheet 変更一覧 has one row per
structured change, sheet 指摘 the findings new in the new version. Every value goes through
`hyoka.report.cells` (text never becomes a formula, characters Excel refuses are dropped).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.model.comparison import Comparison
from hyoka.report.cells import EXCEL_CELL_LIMIT, CellValue, excel_text, is_formula_like, set_cell
from hyoka.report.comparison.segments import Segment, cell_segments, plain
from hyoka.report.comparison.words import (
    CHANGE_HEADERS,
    CHANGE_WORDS,
    CHANGES_SHEET,
    FINDING_HEADERS,
    FINDINGS_SHEET,
    NO_NEW_FINDINGS,
    NOT_CHECKED,
    TABLE_SHEET,
)
from hyoka.report.output import replacing

COLUMN_WIDTH = 70  # characters of Excel's default font; two columns fill an A4 landscape page
HEADER_ROW = 3
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(wrap_text=True, vertical="top")
_UNDERLINE = InlineFont(u="single")
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")


def rich_value(segments: Sequence[Segment]) -> CellRichText | str:
    """The cell value of `segments`: plain text, or rich text whose changed runs are underlined;
    each run made safe and the whole cut at Excel's cell limit."""
    room = EXCEL_CELL_LIMIT
    parts: list[str | TextBlock] = []
    for segment in segments:
        text = excel_text(segment.text)[:room]
        room -= len(text)
        if text:
            parts.append(TextBlock(_UNDERLINE, text) if segment.changed else text)
    if not any(isinstance(part, TextBlock) for part in parts):
        return "".join(str(part) for part in parts)
    return CellRichText(parts)


def _write_segments(sheet: Worksheet, row: int, column: int, segments: Sequence[Segment]) -> None:
    cell = sheet.cell(row=row, column=column)
    value = rich_value(segments)
    if isinstance(value, str):
        set_cell(cell, value)
    else:
        cell.value = value
        cell.quotePrefix = is_formula_like(plain(segments))
    cell.alignment = _TOP
    cell.border = _BORDER


def _height(*texts: str) -> float:
    """A row height (points) that shows wrapped text whole: Excel does not fit rows it did not lay out."""
    lines = max(sum(max(1, math.ceil(len(p) * 2 / COLUMN_WIDTH)) for p in text.split("\n")) for text in texts)
    return min(409.0, 15.0 * lines + 4)


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _table_sheet(sheet: Worksheet, comparison: Comparison) -> None:
    labels = comparison.labels
    sheet.title = TABLE_SHEET
    for column in ("A", "B"):
        sheet.column_dimensions[column].width = COLUMN_WIDTH
    set_cell(sheet["A1"], comparison.title)
    sheet["A1"].font = Font(bold=True, size=14)
    set_cell(sheet["A2"], labels.note)
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("A2:B2")
    for index, text in enumerate((labels.new, labels.old), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index)
        set_cell(cell, text)
        cell.font, cell.border, cell.fill = Font(bold=True), _BORDER, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for number, row in enumerate(comparison.rows, start=HEADER_ROW + 1):
        new, old = cell_segments(row, "new", labels), cell_segments(row, "old", labels)
        _write_segments(sheet, number, 1, new)
        _write_segments(sheet, number, 2, old)
        sheet.row_dimensions[number].height = _height(plain(new), plain(old))
    _merge_groups(sheet, comparison)
    _print_setup(sheet)


def _merge_groups(sheet: Worksheet, comparison: Comparison) -> None:
    """A split's old item (a merge's new item) spans the rows of its pieces: the cells below it,
    empty on that side, are merged into it."""
    rows = comparison.rows
    starts = [i for i, row in enumerate(rows) if row.group is not None and (i == 0 or rows[i - 1].group != row.group)]
    for start in starts:
        end = start
        while end + 1 < len(rows) and rows[end + 1].group == rows[start].group:
            end += 1
        for column, which in (("A", "new"), ("B", "old")):
            below = [getattr(row, which) for row in rows[start + 1 : end + 1]]
            if below and all(side is None for side in below) and getattr(rows[start], which) is not None:
                sheet.merge_cells(f"{column}{HEADER_ROW + 1 + start}:{column}{HEADER_ROW + 1 + end}")


def _rows_sheet(
    sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[CellValue]], widths: Sequence[int]
) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, header)
        cell.font, cell.border, cell.fill = Font(bold=True), _BORDER, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            set_cell(cell, value)
            cell.alignment, cell.border = _TOP, _BORDER
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    _print_setup(sheet)


def change_rows(comparison: Comparison) -> list[list[CellValue]]:
    """One row per structured change, in the columns of `CHANGE_HEADERS`."""
    return [
        [CHANGE_WORDS[c.kind], c.new_ref, c.old_ref, c.item, c.before, c.after, c.new_line, c.old_line]
        for c in comparison.changes
    ]


def finding_rows(comparison: Comparison) -> list[list[CellValue]]:
    """One row per new finding, in the columns of `FINDING_HEADERS`; a line saying why when none."""
    if not comparison.checked:
        return [[None, None, None, None, NOT_CHECKED, None]]
    if not comparison.findings:
        return [[None, None, None, None, NO_NEW_FINDINGS, None]]
    return [
        [f.location.line, f.severity.japanese, f.rule_id, " › ".join(f.location.section_path), f.message, f.explanation]
        for f in comparison.findings
    ]


def comparison_workbook(comparison: Comparison) -> Workbook:
    workbook = Workbook()
    _table_sheet(workbook.active, comparison)  # type: ignore[arg-type]
    _rows_sheet(
        workbook.create_sheet(CHANGES_SHEET), CHANGE_HEADERS, change_rows(comparison), (18, 22, 22, 36, 40, 40, 10, 10)
    )
    _rows_sheet(
        workbook.create_sheet(FINDINGS_SHEET), FINDING_HEADERS, finding_rows(comparison), (8, 8, 12, 20, 60, 60)
    )
    return workbook


def write_xlsx(comparison: Comparison, path: Path) -> Path:
    """Write the workbook to `path` whole or not at all (through a temporary file)."""
    workbook = comparison_workbook(comparison)
    with replacing(path) as partial:
        workbook.save(partial)
    return path
