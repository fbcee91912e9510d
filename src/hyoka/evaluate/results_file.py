"""Read a filled-in results file (the template's CSV or xlsx) into rows to validate and import.

Columns are found by their header, in Japanese or English, in any order:
目標ID/target_id (or 指標ID/indicator_id for a plain indicator), 年度/fiscal_year, 実績値/value,
単位/unit, 出典/source_note. Rows whose
実績値 is empty are template rows not filled in, and are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook

from hyoka.sources import SourceError, normalize
from hyoka.store.results import ResultRow

COLUMNS = {
    "target_id": ("目標ID", "target_id", "ターゲットID"),
    "indicator_id": ("指標ID", "indicator_id"),
    "fiscal_year": ("年度", "fiscal_year"),
    "value": ("実績値", "value", "実績"),
    "unit": ("単位", "unit"),
    "source_note": ("出典", "source_note", "備考"),
}


def _positions(header: Sequence[object], path: Path) -> dict[str, int]:
    names = [normalize(str(cell or "")) for cell in header]
    found = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if normalize(alias) in names:
                found[key] = names.index(normalize(alias))
                break
    missing = [COLUMNS[k][0] for k in ("fiscal_year", "value") if k not in found]
    if "target_id" not in found and "indicator_id" not in found:
        missing.insert(0, "目標ID")
    if missing:
        raise SourceError(str(path), f"missing column(s) {', '.join(missing)} in the header", line=1)
    return found


def _rows(path: Path) -> Iterator[Sequence[object]]:
    if path.suffix.lower() == ".xlsx":
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise SourceError(str(path), f"not a readable Excel workbook ({exc})") from None
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
        return
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
    except UnicodeDecodeError:
        raise SourceError(str(path), "a results CSV must be UTF-8 (Excel: CSV UTF-8)") from None


def read_results_file(path: Path) -> list[ResultRow]:
    if not path.is_file():
        raise SourceError(str(path), "no such file")
    rows = iter(_rows(path))
    header = next(rows, None)
    if header is None:
        raise SourceError(str(path), "empty file")
    at = _positions(header, path)
    out = []
    for number, row in enumerate(rows, start=2):

        def cell(key: str, row: Sequence[object] = row) -> object:
            index = at.get(key)
            return row[index] if index is not None and index < len(row) else None

        value = cell("value")
        if value is None or str(value).strip() == "":
            continue
        out.append(
            ResultRow(
                row=number,
                target_id=str(cell("target_id") or ""),
                indicator_id=str(cell("indicator_id") or "") or None,
                fiscal_year=_year(cell("fiscal_year")),
                value=value if isinstance(value, int | float) else str(value),
                unit=str(cell("unit")) if cell("unit") not in (None, "") else None,
                source_note=str(cell("source_note")) if cell("source_note") not in (None, "") else None,
            )
        )
    return out


def _year(raw: object) -> str | int | None:
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return None if raw is None else str(raw)
