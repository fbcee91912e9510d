"""The evaluation report as an Excel workbook: a 総合評定 sheet first, then one sheet per evaluation unit."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.report.cells import excel_text, set_cell
from hyoka.report.evaluation.model import (
    EvaluationReport,
    HistoryEntry,
    RecordedEvaluation,
    TargetReport,
    UnitReport,
)
from hyoka.report.evaluation.tables import (
    BASIC_INFO_TITLE,
    BASIS_RATIO_LABEL,
    COLUMNS_TITLE,
    HISTORY_HEADERS,
    HISTORY_TITLE,
    INDICATORS_TITLE,
    INPUTS_TITLE,
    NONE_TEXT,
    OTHER_INFO_TITLE,
    OTHER_TARGETS_TITLE,
    OVERALL_ITEM_HEADERS,
    OVERVIEW_TITLE,
    PLAN_TITLE,
    RECORDED_AT_LABEL,
    SUMMARY_NOTE,
    SUMMARY_TITLE,
    TARGETS_TITLE,
    YEARLY_DATA_TITLE,
    YEARLY_RATIO_TITLE,
    basic_info_fields,
    column_cells,
    column_headers,
    evaluation_fields,
    has_plan_values,
    history_rows,
    indicator_headers,
    indicator_row,
    input_headers,
    input_rows,
    ministry_sheet_fields,
    other_info_fields,
    overall_item_rows,
    overall_sheet_sections,
    overview_fields,
    period_years_shown,
    plan_headers,
    plan_row,
    proposal_fields,
    summary_headers,
    summary_rows,
    table_years,
    target_headers,
    yearly_headers,
)
from hyoka.report.export import display_width
from hyoka.report.output import replacing
from hyoka.store.sheets import input_number

OVERALL_SHEET = "総合評定"
SUMMARY_SHEET = SUMMARY_TITLE
OTHER_TARGETS_SHEET = "評価単位外の定量目標"

# Excel's rules for sheet names.
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({"[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"})
_RESERVED_SHEET_NAMES = frozenset({"history"})

CellValue = str | int | float | date | None

#: The font of every cell: a Japanese Gothic face, as the official forms use (Excel's default for Japanese).
JAPANESE_FONT = "游ゴシック"
_TEXT_FONT = Font(name=JAPANESE_FONT, size=10)
_TITLE_FONT = Font(name=JAPANESE_FONT, bold=True, size=14)
_HEADING_FONT = Font(name=JAPANESE_FONT, bold=True, size=11)
_SUBHEADING_FONT = Font(name=JAPANESE_FONT, bold=True, size=10)
_BOLD = Font(name=JAPANESE_FONT, bold=True, size=10)
_SUBHEADING_FILL = PatternFill(fill_type="solid", start_color="FFEEF4FA", end_color="FFEEF4FA")
_HEADING_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_LABEL_FILL = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
_THIN = Side(style="thin", color="FFA6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_LINE_HEIGHT = 15.0
Orientation = Literal["portrait", "landscape"]
PORTRAIT: Orientation = "portrait"
LANDSCAPE: Orientation = "landscape"
PERCENT_FORMAT = "0.0%"
MEAN_FORMAT = "0.000"

# Columns of a unit sheet: 指標, 目標, 基準値, 期間区分, 実績の単位, one per year, 達成度, 状況, 達成度の算定.
_TARGET_WIDTHS = (36.0, 14.0, 20.0, 14.0, 10.0)
_YEAR_WIDTH = 12.0
_TAIL_WIDTHS = (10.0, 12.0, 60.0)
# Columns of part 3 of a 項目別評定調書: 目標, 計画, 評価軸・指標, 業務実績, 自己評価, 主務大臣による評価.
_PART_3_WIDTHS = (34.0, 26.0, 34.0, 40.0, 34.0, 40.0)
PART_3_SUFFIX = "（調書3）"


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique among `taken` (casefolded names, updated here).

    At most 31 characters, without []:*?/\\ (their full-width forms stand in), not starting or
    ending with an apostrophe; a repeated name gets （2）, （3）, ….
    """
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", " ".join(title.translate(_SHEET_NAME_FORBIDDEN).split()))
    base = cleaned[:SHEET_NAME_LIMIT].strip("' ") or "評価単位"
    name, number = base, 2
    while name.casefold() in taken or name.casefold() in _RESERVED_SHEET_NAMES:
        suffix = f"（{number}）"
        name = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip("' ") + suffix
        number += 1
    taken.add(name.casefold())
    return name


def _lines_needed(text: str, width: float) -> int:
    per_line = max(int(width) - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))


class _SheetWriter:
    """Writes blocks (title, headings, label–value rows, tables) down a sheet, one row after another."""

    def __init__(self, sheet: Worksheet, widths: Sequence[float], *, orientation: Orientation = PORTRAIT) -> None:
        self.sheet = sheet
        self.widths = list(widths)
        self.last = len(self.widths)
        self.row = 1
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        _print_setup(sheet, orientation)

    def width(self, column: int) -> float:
        return self.widths[column - 1] if column <= len(self.widths) else _YEAR_WIDTH

    def repeat_rows(self, first: int, last: int) -> None:
        """Print rows `first`–`last` at the top of every page (印刷タイトル)."""
        self.sheet.print_title_rows = f"{first}:{last}"

    def put(
        self,
        column: int,
        value: CellValue,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment = _WRAP,
        number_format: str | None = None,
    ) -> None:
        cell = self.sheet.cell(row=self.row, column=column)
        set_cell(cell, value)
        cell.alignment = alignment
        cell.border = _BOX
        cell.font = font if font is not None else _TEXT_FONT
        if fill is not None:
            cell.fill = fill
        if number_format is not None:
            cell.number_format = number_format
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"

    def _merge_rest(self, first: int) -> None:
        if first < self.last:
            self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=self.last)

    def _height(self, lines: int) -> None:
        if lines > 1:
            self.sheet.row_dimensions[self.row].height = lines * _LINE_HEIGHT

    def title(self, text: str) -> None:
        cell = self.sheet.cell(row=self.row, column=1)
        set_cell(cell, text)
        cell.font = _TITLE_FONT
        cell.alignment = Alignment(vertical="center")
        self._merge_rest(1)
        self.sheet.row_dimensions[self.row].height = 24
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        for column in range(1, self.last + 1):
            self.put(column, text if column == 1 else None, font=_HEADING_FONT, fill=_HEADING_FILL)
        self._merge_rest(1)
        self.row += 1

    def subheading(self, text: str) -> None:
        """A heading inside a section (①, ②, …): no blank row before it."""
        for column in range(1, self.last + 1):
            self.put(column, text if column == 1 else None, font=_SUBHEADING_FONT, fill=_SUBHEADING_FILL)
        self._merge_rest(1)
        self.row += 1

    def field(self, label: str, value: CellValue, *, number_format: str | None = None) -> None:
        self.put(1, label, font=_BOLD, fill=_LABEL_FILL)
        for column in range(2, self.last + 1):
            self.put(column, value if column == 2 else None, number_format=number_format)
        self._merge_rest(2)
        if isinstance(value, str):
            self._height(max(_lines_needed(value, sum(self.widths[1:])), _lines_needed(label, self.widths[0])))
        self.row += 1

    def fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        for label, value in pairs:
            self.field(label, value)

    def line(self, text: str) -> None:
        for column in range(1, self.last + 1):
            self.put(column, text if column == 1 else None)
        self._merge_rest(1)
        self._height(_lines_needed(text, sum(self.widths)))
        self.row += 1

    def header_row(self, headers: Sequence[str]) -> None:
        for column, header in enumerate(headers, start=1):
            self.put(column, header, font=_BOLD, fill=_LABEL_FILL, alignment=_CENTER)
        self._height(max(_lines_needed(h, self.width(i)) for i, h in enumerate(headers, start=1)))
        self.row += 1

    def values_row(self, values: Sequence[CellValue], formats: Mapping[int, str] | None = None) -> None:
        lines = 1
        for column, value in enumerate(values, start=1):
            self.put(column, value, number_format=(formats or {}).get(column))
            if isinstance(value, str):
                lines = max(lines, _lines_needed(value, self.width(column)))
        self._height(lines)
        self.row += 1

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[CellValue]], *, empty: str = "") -> None:
        rows = list(rows)
        if not rows and empty:
            self.line(empty)
            return
        self.header_row(headers)
        for row in rows:
            formats = {
                column: _number_format(float(value))
                for column, value in enumerate(row, start=1)
                if isinstance(value, int | float) and not isinstance(value, bool)
            }
            self.values_row(row, formats)


def _print_setup(sheet: Worksheet, orientation: Orientation) -> None:
    """A4, fitted to the page width (as many pages down as needed), narrow margins, page numbers."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "&P / &N"


def _numbers(row: Sequence[str], first: int) -> list[CellValue]:
    """A row of figures as written (1,234) with the ones from `first` on as numbers where they are."""
    values: list[CellValue] = list(row[:first])
    for text in row[first:]:
        number = input_number(text) if text else None
        values.append(number if number is not None else text or None)
    return values


def _number_format(value: float) -> str:
    return "#,##0" if value.is_integer() else "#,##0.0##"


def _target_widths(report: EvaluationReport, targets: Sequence[TargetReport]) -> list[float]:
    return [*_TARGET_WIDTHS, *([_YEAR_WIDTH] * len(table_years(report, targets))), *_TAIL_WIDTHS]


def _target_table(writer: _SheetWriter, report: EvaluationReport, targets: Sequence[TargetReport]) -> None:
    """The 主な定量的指標 table: one row per target, results and achievement as numbers."""
    years = table_years(report, targets)
    writer.header_row([*target_headers(report, targets), "達成度の算定"])
    first_year = len(_TARGET_WIDTHS) + 1
    ratio_column = first_year + len(years)
    for target in targets:
        values: list[CellValue] = [
            target.indicator,
            target.level,
            target.baseline or NONE_TEXT,
            target.scope_label,
            target.result_unit or "",
        ]
        formats = {}
        for offset, year in enumerate(years):
            value = target.results.get(year)
            values.append(value)
            if value is not None:
                formats[first_year + offset] = _number_format(value)
        ratio = target.ratio if target.ratio is not None and math.isfinite(target.ratio) else None
        values += [ratio if ratio is not None else NONE_TEXT, target.status_label, target.explanation]
        formats[ratio_column] = PERCENT_FORMAT
        writer.values_row(values, formats)


def _evaluation_block(
    writer: _SheetWriter,
    heading: str,
    evaluation: RecordedEvaluation | None,
    *,
    overall: bool = False,
    extra: Sequence[tuple[str, str]] = (),
) -> None:
    writer.heading(heading)
    if evaluation is None:
        writer.field("評定", "未記録")
        return
    for label, text in evaluation_fields(evaluation, overall=overall):
        if label == RECORDED_AT_LABEL and evaluation.recorded_at is not None:
            writer.field(label, evaluation.recorded_at.date())  # a date Excel can sort and filter on
        else:
            writer.field(label, text)
    writer.fields(extra)


def _history_block(writer: _SheetWriter, history: Sequence[HistoryEntry]) -> None:
    """Every rating of the year and stage: in force or replaced, by whom, when and why."""
    writer.heading(HISTORY_TITLE)
    writer.table(HISTORY_HEADERS, history_rows(history), empty="記録された評定なし")


def _title(writer: _SheetWriter, text: str, subtitle: str) -> None:
    """The title row and the agency–year row, printed at the top of every page."""
    writer.title(text)
    writer.line(subtitle)
    writer.repeat_rows(1, 2)


def _write_overall_sheet(sheet: Worksheet, report: EvaluationReport) -> None:
    writer = _SheetWriter(sheet, [30.0, 10.0, 10.0, 22.0, 12.0, 14.0, 20.0])
    _title(writer, f"総合評定　{report.fiscal_year_label} {report.stage_label}", f"{report.document.agency}")
    writer.heading(OVERVIEW_TITLE)
    writer.fields(overview_fields(report))
    for heading, fields in overall_sheet_sections(report):
        writer.heading(heading)
        writer.fields(fields)
    writer.heading("項目別評定の一覧")
    writer.table(OVERALL_ITEM_HEADERS, overall_item_rows(report))
    writer.heading("総合評定の算出")
    overall = report.overall
    writer.field("算出評定", overall.grade or "算出できない")
    writer.field("加重平均点", overall.weighted_mean, number_format=MEAN_FORMAT)
    writer.field("算出の基礎", overall.basis_label)
    if overall.capped:
        writer.field("上限", "研究開発の評定の規則により上限を適用")
    writer.heading("算出の根拠")
    for line in overall.trace:
        writer.line(line)
    _evaluation_block(writer, "自己評価（総合評定）", overall.self_evaluation, overall=True)
    _evaluation_block(writer, "主務大臣評価（総合評定）", overall.ministry_evaluation, overall=True)
    _history_block(writer, overall.history)
    sheet.freeze_panes = "A3"


def _write_summary_sheet(sheet: Worksheet, report: EvaluationReport) -> None:
    """項目別評定総括表: every unit over every year and stage, A4 landscape, the header row repeated."""
    columns = report.summary.columns
    writer = _SheetWriter(sheet, [40.0, *([11.0] * len(columns))], orientation=LANDSCAPE)
    writer.title(f"{SUMMARY_TITLE}　{report.document.agency}")
    writer.line(f"{report.document.kind or '目標'}期間 {report.document.period_label}。{SUMMARY_NOTE}")
    header = writer.row
    writer.table(summary_headers(report), summary_rows(report))
    writer.repeat_rows(1, header)
    sheet.freeze_panes = f"B{header + 1}"


def _yearly_block(writer: _SheetWriter, report: EvaluationReport, unit: UnitReport) -> None:
    """達成度の推移: each year's achievement as a number formatted as a percentage."""
    if not unit.targets:
        return
    writer.subheading(YEARLY_RATIO_TITLE)
    writer.header_row(yearly_headers(report))
    years = period_years_shown(report)
    for target in unit.targets:
        ratios = [target.yearly_ratios.get(y) for y in years]
        values: list[CellValue] = [target.indicator, *ratios, target.ratio]
        writer.values_row(
            [v if not isinstance(v, float) or math.isfinite(v) else NONE_TEXT for v in values],
            dict.fromkeys(range(2, len(values) + 1), PERCENT_FORMAT),
        )


def _write_part_3_sheet(sheet: Worksheet, report: EvaluationReport, unit: UnitReport) -> None:
    """Part 3 of the 項目別評定調書 (目標・計画・評価軸・業務実績・評価) as the official form lays it out: its
    columns side by side, A4 landscape fitted to the width, the title and header rows printed on every
    page. Each paragraph of a column is a row of its own (a long text runs down the pages instead of
    overflowing one cell's height), boxed as one cell per column."""
    writer = _SheetWriter(sheet, _PART_3_WIDTHS, orientation=LANDSCAPE)
    writer.title(f"項目別評定調書　{unit.number}. {unit.title}　{COLUMNS_TITLE}")
    writer.line(f"{report.document.agency}　{report.fiscal_year_label} {report.stage_label}")
    writer.header_row(column_headers(report))
    writer.repeat_rows(1, writer.row - 1)
    sheet.freeze_panes = f"A{writer.row}"
    paragraphs = [cell.split("\n") for cell in column_cells(report, unit)]
    depth = max(len(column) for column in paragraphs)
    for index in range(depth):
        first = writer.row
        writer.values_row([column[index] or None if index < len(column) else None for column in paragraphs])
        for column in range(1, len(paragraphs) + 1):
            top, bottom = (_THIN if index == 0 else Side()), (_THIN if index == depth - 1 else Side())
            sheet.cell(row=first, column=column).border = Border(left=_THIN, right=_THIN, top=top, bottom=bottom)


def part_3_sheet_name(unit_key: str, taken: set[str]) -> str:
    """The name of a unit's part-3 sheet: its key (shortened to fit) and （調書3）."""
    return sheet_name(unit_key[: SHEET_NAME_LIMIT - len(PART_3_SUFFIX)] + PART_3_SUFFIX, taken)


def _write_unit_sheet(sheet: Worksheet, report: EvaluationReport, unit: UnitReport, part_3: str) -> None:
    """項目別評定調書, laid out as the official form: A4 portrait, fitted to the width, the title
    rows repeated on every page, every text wrapped; part 3 is the sheet `part_3`."""
    writer = _SheetWriter(sheet, _target_widths(report, unit.targets))
    _title(
        writer,
        f"項目別評定調書　{unit.number}. {unit.title}",
        f"{report.document.agency}　{report.fiscal_year_label} {report.stage_label}",
    )
    writer.heading(BASIC_INFO_TITLE)
    writer.field("法人名", report.document.agency)
    writer.field("評価対象年度", f"{report.fiscal_year_label} {report.stage_label}")
    writer.fields(basic_info_fields(unit))
    writer.heading(YEARLY_DATA_TITLE)
    writer.subheading(TARGETS_TITLE)
    if unit.targets:
        _target_table(writer, report, unit.targets)
    else:
        writer.line("定量的指標なし")
    _yearly_block(writer, report, unit)
    if has_plan_values(unit.targets):
        writer.subheading(PLAN_TITLE)
        writer.table(plan_headers(report), (_numbers(plan_row(report, t), 2) for t in unit.targets if t.plan_values))
    writer.subheading(INDICATORS_TITLE)
    writer.table(
        indicator_headers(report),
        (_numbers(indicator_row(report, i), 2) for i in unit.indicators),
        empty="評価指標・モニタリング指標なし",
    )
    writer.subheading(INPUTS_TITLE)
    writer.table(input_headers(report), (_numbers(row, 1) for row in input_rows(report, unit)))
    writer.heading(COLUMNS_TITLE)
    writer.line(f"シート「{part_3}」（A4横）に記載")
    writer.heading("評定の根拠（提案）")
    for label, text in proposal_fields(unit):
        ratio = unit.proposal.basis_ratio
        if label == BASIS_RATIO_LABEL and ratio is not None and math.isfinite(ratio):
            writer.field(label, ratio, number_format=PERCENT_FORMAT)
        else:
            writer.field(label, text)
    for line in unit.proposal.trace:
        writer.line(line)
    _evaluation_block(writer, "自己評価", unit.self_evaluation)
    _evaluation_block(writer, "主務大臣評価", unit.ministry_evaluation, extra=ministry_sheet_fields(unit))
    _history_block(writer, unit.history)
    writer.heading(OTHER_INFO_TITLE)
    writer.fields(other_info_fields(unit))
    sheet.freeze_panes = "A3"


def _write_other_targets_sheet(sheet: Worksheet, report: EvaluationReport) -> None:
    writer = _SheetWriter(sheet, _target_widths(report, report.other_targets))
    writer.title(f"{OTHER_TARGETS_TITLE}　{report.fiscal_year_label}")
    header_row = writer.row
    _target_table(writer, report, report.other_targets)
    writer.repeat_rows(1, header_row)
    sheet.freeze_panes = f"B{header_row + 1}"


def write_xlsx(report: EvaluationReport, path: Path) -> Path:
    """The workbook: 総合評定, 項目別評定総括表, then per evaluation unit its 項目別評定調書 and the
    sheet of its part 3 (and one sheet for targets in none)."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    taken: set[str] = set()
    _write_overall_sheet(workbook.create_sheet(sheet_name(OVERALL_SHEET, taken)), report)
    _write_summary_sheet(workbook.create_sheet(sheet_name(SUMMARY_SHEET, taken)), report)
    for unit in report.units:
        unit_sheet = workbook.create_sheet(sheet_name(unit.key, taken))
        part_3 = workbook.create_sheet(part_3_sheet_name(unit.key, taken))
        _write_unit_sheet(unit_sheet, report, unit, part_3.title)
        _write_part_3_sheet(part_3, report, unit)
    if report.other_targets:
        _write_other_targets_sheet(workbook.create_sheet(sheet_name(OTHER_TARGETS_SHEET, taken)), report)
    workbook.properties.title = excel_text(report.title)
    workbook.properties.creator = "hyoka"
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as partial:
        workbook.save(partial)
    return path
