"""Exports written from the parsed sample, read back the way a user's program (or Excel) would."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.model import Comparator, Document, Section
from hyoka.parse import parse_source
from hyoka.report.cells import EXCEL_CELL_LIMIT
from hyoka.report.export import (
    EXPORT_SCHEMA,
    MAX_COLUMN_WIDTH,
    MIN_COLUMN_WIDTH,
    ExportFile,
    ExportFormat,
    display_width,
    export_documents,
    export_tables,
    write_csv,
    write_json,
    write_xlsx,
)
from hyoka.samples import sample_path
from hyoka.sources import read_source

AGENCY = "独立行政法人日本架空技術振興機構"
SHEETS = ["文書", "項目", "定量目標", "評価軸"]
CSV_FILES = ["documents.csv", "items.csv", "targets.csv", "axes.csv"]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return parse_source(read_source(sample_path())).documents


def _walk(sections: list[Section]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _walk(section.children)


def _axes_entries(doc: Document) -> int:
    return sum(len(r.axes) + len(r.evaluation_indicators) + len(r.monitoring_indicators) for r in doc.evaluation_axes)


def _expected_rows(documents: list[Document]) -> dict[str, int]:
    return {
        "documents": len(documents),
        "items": sum(len(list(_walk(d.sections))) for d in documents),
        "targets": sum(len(d.targets) for d in documents),
        "axes": sum(_axes_entries(d) for d in documents),
    }


def test_the_sample_has_something_in_every_table(documents: list[Document]) -> None:
    counts = _expected_rows(documents)
    assert counts == {"documents": 1, "items": 19, "targets": 8, "axes": counts["axes"]}
    assert counts["axes"] > 10


def test_every_row_has_one_value_per_header(documents: list[Document]) -> None:
    for table in export_tables(documents):
        assert len(set(table.headers)) == len(table.headers), table.name
        assert all(len(row) == len(table.headers) for row in table.rows), table.name


def test_display_width_counts_full_width_characters_double() -> None:
    assert display_width("abc") == 3
    assert display_width("法人名") == 6
    assert display_width("ＡＢ1") == 5  # full-width letters count two


# --- xlsx ---------------------------------------------------------------------------------------


def _sheet_rows(sheet: Worksheet) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def workbook_path(documents: list[Document], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(documents, tmp_path_factory.mktemp("xlsx") / "export.xlsx")


def test_xlsx_has_the_four_sheets_with_bold_japanese_headers(documents: list[Document], workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == SHEETS
    for table in export_tables(documents):
        sheet = workbook[table.sheet]
        header = list(sheet[1])
        assert [cell.value for cell in header] == list(table.headers)
        assert all(cell.font.b for cell in header)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{len(table.rows) + 1}"
        assert sheet.max_row == len(table.rows) + 1
    assert [c.value for c in workbook["文書"][1]][:3] == ["文書ID", "法人名", "法人種別"]
    assert "期間開始" in [c.value for c in workbook["文書"][1]]


def test_xlsx_row_counts_match_the_documents(documents: list[Document], workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    expected = _expected_rows(documents)
    for sheet_name, table in zip(SHEETS, expected, strict=True):
        assert len(_sheet_rows(workbook[sheet_name])) == expected[table], sheet_name


def test_xlsx_document_row(workbook_path: Path) -> None:
    (row,) = _sheet_rows(load_workbook(workbook_path)["文書"])
    assert row["法人名"] == AGENCY
    assert row["法人種別"] == "独立行政法人"
    assert row["種別"] == "中期目標"
    assert row["案"] is True
    assert row["主務省"] == "経済産業省"
    assert row["期間開始"] == datetime(2026, 4, 1)
    assert row["期間終了"] == datetime(2031, 3, 31)
    assert row["年数"] == 5
    assert row["定量目標数"] == 8
    assert row["重要度・困難度数"] == 2
    assert row["評価軸項目数"] == 3
    sheet = load_workbook(workbook_path)["文書"]
    assert sheet["J2"].number_format == "yyyy-mm-dd"


def test_xlsx_known_target_rows(workbook_path: Path) -> None:
    rows = {row["指標"]: row for row in _sheet_rows(load_workbook(workbook_path)["定量目標"])}
    count = rows["技術相談件数"]
    assert count["法人名"] == AGENCY
    assert count["目標値"] == 4500
    assert count["単位"] == "件"
    assert count["比較"] == ">="
    assert count["目標水準"] == "4,500件以上"
    assert count["期間区分"] == "cumulative"
    assert count["期間区分名"] == "期間累計"
    assert count["項目番号"] == "（１）"
    assert count["項目"] == "中小企業等に対する技術相談"
    assert count["項目行"] == 93
    assert count["行"] == 111
    share = rows["受付から10営業日以内に回答した技術相談の割合"]
    assert (share["目標値"], share["単位"], share["比較"], share["期間区分"]) == (80, "%", ">=", "per_year")
    assert "74.6%" in share["基準値"]
    cost = rows["一般管理費"]
    assert (cost["目標値"], cost["単位"], cost["期間区分"]) == (3, "%", "annual_rate")
    assert cost["対象経費"].startswith("一般管理費")


def test_xlsx_items_and_axes(documents: list[Document], workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    items = _sheet_rows(workbook["項目"])
    consult = next(row for row in items if row["行"] == 93)
    assert consult["番号"] == "（１）"
    assert consult["上位項目"] == "第３ > １．"
    assert consult["階層"] == 3
    assert consult["重要度"] == "高"
    assert consult["定量目標数"] == 2
    research = next(row for row in items if row["行"] == 150)
    assert research["困難度"] == "高"
    axes = _sheet_rows(workbook["評価軸"])
    assert {row["種別"] for row in axes} == {"axis", "evaluation", "monitoring"}
    assert {row["種別名"] for row in axes} == {"評価軸", "評価指標", "モニタリング指標"}
    first = documents[0].evaluation_axes[0]
    assert axes[0]["項目"] == first.item.title
    assert axes[0]["内容"] == first.axes[0].text
    assert axes[0]["行"] == first.axes[0].line


def test_xlsx_column_widths_follow_the_content(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    for sheet in workbook:
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert MIN_COLUMN_WIDTH <= width <= MAX_COLUMN_WIDTH, (sheet.title, cell.value, width)
    documents_sheet = workbook["文書"]
    # The agency's name, 16 full-width characters, counts 32 columns (plus padding).
    assert documents_sheet.column_dimensions["B"].width == display_width(AGENCY) + 2
    items = workbook["項目"]
    body = next(cell for cell in items[1] if cell.value == "本文")
    assert items.column_dimensions[body.column_letter].width == MAX_COLUMN_WIDTH  # long text is capped
    assert items.cell(row=2, column=body.column).alignment.wrap_text
    line = next(cell for cell in items[1] if cell.value == "行")
    assert items.column_dimensions[line.column_letter].width == MIN_COLUMN_WIDTH
    assert not items.cell(row=2, column=line.column).alignment.wrap_text


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(documents: list[Document], tmp_path: Path) -> None:
    doc = documents[0].model_copy(deep=True)
    doc.targets[0].indicator = "=SUM(A1:A9)"
    doc.targets[0].comparator = Comparator.eq
    doc.sections[0].text = "page\x0cbreak " + "長" * (EXCEL_CELL_LIMIT + 10)
    sheet_book = load_workbook(write_xlsx([doc], tmp_path / "tricky.xlsx"))
    target = _sheet_rows(sheet_book["定量目標"])[0]
    assert target["指標"] == "=SUM(A1:A9)"
    assert target["比較"] == "="
    sheet = sheet_book["定量目標"]
    assert "f" not in {cell.data_type for cell in sheet[2]}  # text, never a formula
    with zipfile.ZipFile(tmp_path / "tricky.xlsx") as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
    item = _sheet_rows(sheet_book["項目"])[0]
    assert item["本文"].startswith("pagebreak 長")  # a control character Excel refuses is dropped
    assert len(item["本文"]) == EXCEL_CELL_LIMIT
    assert item["本文"].endswith("（以下省略）")


def test_xlsx_of_no_documents_has_the_headers_only(tmp_path: Path) -> None:
    workbook = load_workbook(write_xlsx([], tmp_path / "empty.xlsx"))
    assert workbook.sheetnames == SHEETS
    assert all(sheet.max_row == 1 for sheet in workbook)


# --- csv ----------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_files_have_a_bom_japanese_headers_and_one_row_per_entry(documents: list[Document], tmp_path: Path) -> None:
    written = write_csv(documents, tmp_path / "out")
    assert [path.name for path in written] == CSV_FILES
    expected = _expected_rows(documents)
    tables = {table.name: table for table in export_tables(documents)}
    for path in written:
        assert path.read_bytes().startswith(BOM), path.name
        rows = _read_csv(path)
        name = path.stem
        assert tuple(rows[0]) == tables[name].headers
        assert len(rows) - 1 == expected[name], name
    documents_rows = _read_csv(tmp_path / "out" / "documents.csv")
    header = documents_rows[0]
    assert {"法人名", "種別", "期間開始", "期間終了"} <= set(header)
    row = dict(zip(header, documents_rows[1], strict=True))
    assert (row["法人名"], row["種別"], row["期間開始"], row["案"]) == (AGENCY, "中期目標", "2026-04-01", "TRUE")


def test_csv_values_read_back(documents: list[Document], tmp_path: Path) -> None:
    write_csv(documents, tmp_path)
    targets = _read_csv(tmp_path / "targets.csv")
    rows = {r[targets[0].index("指標")]: dict(zip(targets[0], r, strict=True)) for r in targets[1:]}
    count = rows["技術相談件数"]
    assert (count["目標値"], count["単位"], count["比較"], count["期間区分"]) == ("4500", "件", ">=", "cumulative")
    items = _read_csv(tmp_path / "items.csv")
    body = items[0].index("本文")
    # Multi-line text survives the round trip, line breaks included.
    sections = list(_walk(documents[0].sections))
    assert [row[body] for row in items[1:]] == [section.text for section in sections]
    assert any("\n" in section.text for section in sections)


def test_csv_guards_text_that_excel_would_run_as_a_formula(documents: list[Document], tmp_path: Path) -> None:
    doc = documents[0].model_copy(deep=True)
    doc.targets[0].indicator = "=HYPERLINK(1)"
    write_csv([doc], tmp_path)
    targets = _read_csv(tmp_path / "targets.csv")
    assert targets[1][targets[0].index("指標")] == "'=HYPERLINK(1)"


# --- json ---------------------------------------------------------------------------------------


def test_json_validates_back_into_documents(documents: list[Document], tmp_path: Path) -> None:
    path = write_json(documents, tmp_path / "nested" / "export.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == EXPORT_SCHEMA == "hyoka.export/1"
    assert [Document.model_validate(d) for d in data["documents"]] == documents
    assert ExportFile.model_validate_json(path.read_text(encoding="utf-8")).documents == documents
    assert AGENCY in path.read_text(encoding="utf-8")  # Japanese written as is, not \\u escapes


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_documents_writes_each_format(documents: list[Document], tmp_path: Path, fmt: ExportFormat) -> None:
    out = tmp_path / f"export.{fmt.value}"
    written = export_documents(documents, fmt, out)
    assert all(path.is_file() for path in written)
    assert len(written) == (4 if fmt is ExportFormat.csv else 1)
