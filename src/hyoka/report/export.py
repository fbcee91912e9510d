"""Exports of stored documents for people and other programs: JSON, CSV (one file per table) and
an Excel workbook (one sheet per table).

The JSON export is the contract itself: `{"schema": "hyoka.export/1", "documents": [...]}` with
each document exactly as `hyoka.store.reader.load_document` returns it. The CSV and Excel exports
flatten the documents into four tables with Japanese headers:

    documents.csv / 文書      one row per document
    items.csv     / 項目      one row per item of the objective tree, in document order
    targets.csv   / 定量目標  one row per quantitative target
    axes.csv      / 評価軸    one row per entry of an evaluation-axes row (axis, evaluation, monitoring)

CSV files are UTF-8 with a byte-order mark, so Excel opens the Japanese text correctly; text that
a spreadsheet would read as a formula is neutralised in both formats (`hyoka.report.cells`).
Every file is written whole or not at all (`hyoka.report.output.replacing`). The JSON export, and
one CSV table, can also go to a stream (`hyoka export` without `--out`, or `--out -`, writes to
standard output, as sqlite-utils does); a workbook is binary and is only ever written to a file.

The writers are pure: they take `Document`s and a destination and touch nothing else.
`documents_for_export` is the one function here that reads the database, through the `Store`.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict, Field

from hyoka.model import Document, Flag, Section, TableEntry, Target
from hyoka.report.cells import CellValue, csv_value, set_cell
from hyoka.report.labels import SCOPE_NAMES
from hyoka.report.output import replacing
from hyoka.report.targets_table import target_level
from hyoka.store.store import Store

EXPORT_SCHEMA = "hyoka.export/1"

# Column widths in Excel character units; a full-width character counts two.
MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 60
WIDTH_PADDING = 2

AXES_KIND_NAMES = {"axis": "評価軸", "evaluation": "評価指標", "monitoring": "モニタリング指標"}


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ExportFile(BaseModel):
    """The `hyoka.export/1` JSON file: stored documents in the `hyoka.parse/1` document shape."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(default=EXPORT_SCHEMA, alias="schema", description="export format name and version")
    documents: list[Document]

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


@dataclass(frozen=True, slots=True)
class ExportTable:
    """One flat table of the export: a CSV file `name`.csv and a worksheet `sheet`."""

    name: str
    sheet: str
    headers: tuple[str, ...]
    rows: list[list[CellValue]]


class MissingDocumentsError(LookupError):
    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = list(ids)
        listed = ", ".join(str(i) for i in self.ids)
        super().__init__(f"no stored document with id {listed}")


# --- loading ------------------------------------------------------------------------------------


def documents_for_export(store: Store, ids: Sequence[int] | None = None) -> list[Document]:
    """The stored documents `ids` in the order given (duplicates once), or all in listing order.

    Raises MissingDocumentsError naming every id that is not stored.
    """
    documents, missing = store.contracts(ids)
    if missing:
        raise MissingDocumentsError(missing)
    return documents


# --- flat tables --------------------------------------------------------------------------------


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _numbers(values: Sequence[float]) -> str:
    return ", ".join(str(_number(v)) for v in values)


def _walk(
    sections: Sequence[Section], parents: tuple[Section, ...] = ()
) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    for section in sections:
        yield section, parents
        yield from _walk(section.children, (*parents, section))


def _count_sections(sections: Sequence[Section]) -> int:
    return sum(1 for _ in _walk(sections))


def _flag_levels(flags: Sequence[Flag], line: int, kind: str) -> str:
    return "・".join(f.level for f in flags if f.applies_to == line and f.kind.value == kind)


def _headers(names: str) -> tuple[str, ...]:
    return tuple(names.split())


def _agency(doc: Document) -> str | None:
    return doc.agency.full_name or doc.agency.name


def documents_table(documents: Sequence[Document]) -> ExportTable:
    headers = _headers(
        "文書ID 法人名 法人種別 法人 種別 案 題名 主務省 根拠法令 期間開始 期間終了 年数 項目数 "
        "定量目標数 重要度・困難度数 評価軸項目数 評価軸件数 評価単位数 別紙数 警告数 開始行 終了行"
    )
    rows: list[list[CellValue]] = []
    for doc in documents:
        period = doc.period
        axes_entries = sum(
            len(r.axes) + len(r.evaluation_indicators) + len(r.monitoring_indicators) for r in doc.evaluation_axes
        )
        rows.append(
            [
                doc.id,
                _agency(doc),
                doc.agency.legal_type,
                doc.agency.name,
                doc.kind.value if doc.kind else None,
                doc.draft,
                doc.title,
                "・".join(doc.ministries),
                doc.legal_basis,
                period.start if period else None,
                period.end if period else None,
                period.years if period else None,
                _count_sections(doc.sections),
                len(doc.targets),
                len(doc.flags),
                len(doc.evaluation_axes),
                axes_entries,
                len(doc.evaluation_units),
                len(doc.annexes),
                len(doc.warnings),
                doc.span.start_line,
                doc.span.end_line,
            ]
        )
    return ExportTable("documents", "文書", headers, rows)


def items_table(documents: Sequence[Document]) -> ExportTable:
    headers = _headers("文書ID 法人名 番号 見出し 階層 上位項目 番号の種類 重要度 困難度 定量目標数 行 終了行 本文")
    rows: list[list[CellValue]] = []
    for doc in documents:
        agency = _agency(doc)
        for section, parents in _walk(doc.sections):
            rows.append(
                [
                    doc.id,
                    agency,
                    section.label,
                    section.title,
                    section.level,
                    " > ".join(p.label for p in parents),
                    section.scheme,
                    _flag_levels(doc.flags, section.line, "importance"),
                    _flag_levels(doc.flags, section.line, "difficulty"),
                    sum(1 for t in doc.targets if t.section_line == section.line),
                    section.line,
                    section.lines[1],
                    section.text,
                ]
            )
    return ExportTable("items", "項目", headers, rows)


def _baselines(target: Target) -> str:
    return "; ".join(f"{b.label} {_number(b.value)}{b.unit or ''}" for b in target.baseline)


def targets_table(documents: Sequence[Document]) -> ExportTable:
    headers = _headers(
        "文書ID 法人名 項目番号 項目 指標 目標値 単位 比較 目標水準 期間区分 期間区分名 対象年度 "
        "別表記の値 基準値 重要度 困難度 目標水準の考え方 想定される外部要因 対象経費 本文 項目行 "
        "行 開始行 終了行"
    )
    rows: list[list[CellValue]] = []
    for doc in documents:
        agency = _agency(doc)
        sections = {section.line: section for section, _ in _walk(doc.sections)}
        for target in doc.targets:
            section = sections.get(target.section_line) if target.section_line is not None else None
            rows.append(
                [
                    doc.id,
                    agency,
                    section.label if section else None,
                    section.title if section else None,
                    target.indicator,
                    _number(target.value),
                    target.unit,
                    target.comparator.value,
                    target_level(target),
                    target.scope.value,
                    SCOPE_NAMES[target.scope.value],
                    ", ".join(str(y) for y in target.fiscal_years),
                    _numbers(target.alt_values),
                    _baselines(target),
                    _flag_levels(doc.flags, target.line, "importance"),
                    _flag_levels(doc.flags, target.line, "difficulty"),
                    target.rationale,
                    target.external_factors,
                    target.covers,
                    target.text,
                    target.section_line,
                    target.line,
                    target.lines[0],
                    target.lines[1],
                ]
            )
    return ExportTable("targets", "定量目標", headers, rows)


def axes_table(documents: Sequence[Document]) -> ExportTable:
    headers = _headers("文書ID 法人名 項目番号 項目 項目行 種別 種別名 内容 関連する評価指標 行 終了行")
    rows: list[list[CellValue]] = []
    for doc in documents:
        agency = _agency(doc)
        for row in doc.evaluation_axes:
            parents = {
                (m.line, m.text): indicator.text
                for indicator in row.evaluation_indicators
                for m in indicator.monitoring_indicators
            }
            entries: list[tuple[str, TableEntry]] = [
                *(("axis", e) for e in row.axes),
                *(("evaluation", e) for e in row.evaluation_indicators),
                *(("monitoring", e) for e in row.monitoring_indicators),
            ]
            for kind, entry in entries:
                parent = parents.get((entry.line, entry.text)) if kind == "monitoring" else None
                rows.append(
                    [
                        doc.id,
                        agency,
                        row.item.label,
                        row.item.title,
                        row.section_line,
                        kind,
                        AXES_KIND_NAMES[kind],
                        entry.text,
                        parent,
                        entry.lines[0],
                        entry.lines[1],
                    ]
                )
    return ExportTable("axes", "評価軸", headers, rows)


TABLES: tuple[Callable[[Sequence[Document]], ExportTable], ...] = (
    documents_table,
    items_table,
    targets_table,
    axes_table,
)
#: The names of the tables `TABLES` builds, in that order (the CSV files' names).
TABLE_NAMES = ("documents", "items", "targets", "axes")


def export_tables(documents: Sequence[Document]) -> list[ExportTable]:
    return [build(documents) for build in TABLES]


# --- writers ------------------------------------------------------------------------------------


def json_text(documents: Sequence[Document]) -> str:
    """The `hyoka.export/1` file's text, ending in a newline."""
    return ExportFile(documents=list(documents)).to_json() + "\n"


def write_json(documents: Sequence[Document], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as partial:
        partial.write_text(json_text(documents), encoding="utf-8")
    return path


def write_csv_rows(headers: Sequence[str], rows: Iterable[Sequence[CellValue]], stream: TextIO) -> None:
    """A header row and the rows, cells made safe, to an open text stream."""
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows([csv_value(v) for v in row] for row in rows)


def write_csv_table(headers: Sequence[str], rows: Iterable[Sequence[CellValue]], path: Path) -> Path:
    """One CSV file: UTF-8 with a BOM (Excel reads it as such), a header row, cells made safe."""
    with replacing(path) as partial, partial.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv_rows(headers, rows, stream)
    return path


def export_table(documents: Sequence[Document], name: str) -> ExportTable:
    """One of the flat tables by name (`TABLE_NAMES`); ValueError for another name."""
    if name not in TABLE_NAMES:
        raise ValueError(f"no export table {name!r}; one of: {', '.join(TABLE_NAMES)}")
    return TABLES[TABLE_NAMES.index(name)](documents)


def write_stream(documents: Sequence[Document], fmt: ExportFormat, stream: TextIO, *, table: str | None = None) -> None:
    """Write `documents` to a text stream: the JSON file, or one CSV table (no BOM: the stream is
    for programs and pipes). A workbook is binary, and several CSV tables are several files:
    both raise ValueError."""
    if fmt is ExportFormat.json:
        stream.write(json_text(documents))
        return
    if fmt is ExportFormat.xlsx:
        raise ValueError("an xlsx workbook is binary and cannot be written to a text stream")
    if table is None:
        raise ValueError(f"a csv export is {len(TABLE_NAMES)} tables; one table at a time goes to a stream")
    chosen = export_table(documents, table)
    write_csv_rows(chosen.headers, chosen.rows, stream)


def write_csv(documents: Sequence[Document], folder: Path, *, table: str | None = None) -> list[Path]:
    """documents.csv, items.csv, targets.csv and axes.csv in `folder` (created if need be), or
    only the one `table` names."""
    tables = [export_table(documents, table)] if table is not None else export_tables(documents)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv_table(t.headers, t.rows, folder / f"{t.name}.csv") for t in tables]


def display_width(text: str) -> int:
    """Columns `text` takes in a fixed-width rendering: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _measure(value: CellValue) -> tuple[int, bool]:
    """Display width of a cell (longest line, capped past the maximum) and whether it is multi-line."""
    if value is None:
        return 0, False
    if isinstance(value, bool):
        return 5, False
    if isinstance(value, date):
        return 10, False
    if not isinstance(value, str):
        return len(str(value)), False
    lines = value.split("\n")
    # Every character counts at least one, so nothing past the cap can change the answer.
    return max(display_width(line[: MAX_COLUMN_WIDTH + 1]) for line in lines), len(lines) > 1


def column_width(header: str, values: Sequence[CellValue]) -> tuple[int, bool]:
    """Width for a column (within MIN_COLUMN_WIDTH..MAX_COLUMN_WIDTH) and whether its cells should wrap."""
    widest = display_width(header)
    wrap = False
    for value in values:
        width, multiline = _measure(value)
        widest = max(widest, width)
        wrap = wrap or multiline
    wrap = wrap or widest + WIDTH_PADDING > MAX_COLUMN_WIDTH
    return max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, widest + WIDTH_PADDING)), wrap


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_HEADER_ALIGNMENT = Alignment(vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _fill_sheet(sheet: Worksheet, table: ExportTable) -> None:
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
    for number, values in enumerate(table.rows, start=2):
        for column, value in enumerate(values, start=1):
            set_cell(sheet.cell(row=number, column=column), value)
    for index, header in enumerate(table.headers, start=1):
        letter = get_column_letter(index)
        width, wrap = column_width(header, [row[index - 1] for row in table.rows])
        sheet.column_dimensions[letter].width = width
        alignment = _WRAP if wrap else _TOP
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            _style_data_cell(cell, alignment)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _style_data_cell(cell: Cell | MergedCell, alignment: Alignment) -> None:
    if isinstance(cell, MergedCell):
        return
    cell.alignment = alignment
    if isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"


def write_xlsx(documents: Sequence[Document], path: Path) -> Path:
    """One workbook with the sheets 文書, 項目, 定量目標 and 評価軸."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for table in export_tables(documents):
        _fill_sheet(workbook.create_sheet(table.sheet), table)
    workbook.properties.title = "hyoka export"
    workbook.properties.creator = "hyoka"
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as partial:
        workbook.save(partial)
    return path


def export_documents(
    documents: Sequence[Document], fmt: ExportFormat, out: Path, *, table: str | None = None
) -> list[Path]:
    """Write `documents` in `fmt` to `out` (a file for json and xlsx, a folder for csv: every
    table, or only `table`)."""
    if fmt is ExportFormat.csv:
        return write_csv(documents, out, table=table)
    if fmt is ExportFormat.xlsx:
        return [write_xlsx(documents, out)]
    return [write_json(documents, out)]
