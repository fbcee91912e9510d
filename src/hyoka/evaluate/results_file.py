"""Read a filled-in results file (the template's CSV or xlsx) into rows to validate and import;
and a filled-in plan file (`read_plan_file`: 目標ID, 年度, 計画区分, 計画値, 単位, 出典).

Columns are found by their header, in Japanese or English, in any order:
目標ID/target_id (or 指標ID/indicator_id for a plain indicator, 評価軸指標ID/axes_entry_id for an
evaluation or monitoring indicator of the axes table), 年度/fiscal_year, 実績値/value,
単位/unit, 出典/source_note. Rows whose
実績値 is empty are template rows not filled in, and are skipped.

A workbook is read as Excel last saved it: a formula counts by the value Excel computed for it.
A formula without a computed value (a file written by a program, never opened in Excel) is
refused naming its cell, rather than read as empty. Any error reading the file — a damaged
workbook, a CSV that is not UTF-8 or holds NUL bytes — is a `SourceError` naming the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from hyoka.sources import SourceError, normalize
from hyoka.store.plans import PlanRow
from hyoka.store.results import ResultRow

COLUMNS = {
    "target_id": ("目標ID", "target_id", "ターゲットID"),
    "indicator_id": ("指標ID", "indicator_id"),
    "axes_entry_id": ("評価軸指標ID", "axes_entry_id"),
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
    if not {"target_id", "indicator_id", "axes_entry_id"} & set(found):
        missing.insert(0, "目標ID")
    if missing:
        raise SourceError(str(path), f"missing column(s) {', '.join(missing)} in the header", line=1)
    return found


def _workbook_rows(path: Path, sheet: str | None = None) -> Iterator[Sequence[object]]:
    """Rows of the sheet named `sheet` (where the workbook has one so named; else the first) by
    their computed values; a formula never computed is refused."""
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
        name = sheet if sheet in values.sheetnames else values.sheetnames[0]
        pairs = zip(
            values[name].iter_rows(values_only=True),
            formulas[name].iter_rows(values_only=True),
            strict=False,
        )
        for number, (row, written) in enumerate(pairs, start=1):
            for column, (value, formula) in enumerate(zip(row, written, strict=False), start=1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    cell = f"{get_column_letter(column)}{number}"
                    raise SourceError(
                        str(path),
                        f"cell {cell} holds the formula {formula[:40]} but no computed value: "
                        "open and save the file in Excel, or type the number",
                        line=number,
                    )
            yield row
    except SourceError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SourceError(str(path), f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from None


def _csv_rows(path: Path) -> Iterator[Sequence[object]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                yield from reader
            except csv.Error as exc:
                raise SourceError(str(path), f"not a readable CSV file ({exc})", line=reader.line_num) from None
    except UnicodeDecodeError:
        raise SourceError(str(path), "a results CSV must be UTF-8 (Excel: CSV UTF-8)") from None
    except OSError as exc:
        raise SourceError(str(path), f"cannot read the file: {exc.strerror or exc}") from None


def _rows(path: Path, sheet: str | None = None) -> Iterator[Sequence[object]]:
    return _workbook_rows(path, sheet) if path.suffix.lower() == ".xlsx" else _csv_rows(path)


def _opened(path: Path, what: str, sheet: str | None = None) -> tuple[Sequence[object], Iterator[Sequence[object]]]:
    """The header and the rows after it; a SourceError for a folder, a missing or empty file."""
    if path.is_dir():
        raise SourceError(str(path), f"is a folder, not a {what} file (.xlsx or .csv)")
    if not path.is_file():
        raise SourceError(str(path), "no such file")
    rows = iter(_rows(path, sheet))
    header = next(rows, None)
    if header is None:
        raise SourceError(str(path), "empty file")
    return header, rows


def read_results_file(path: Path) -> list[ResultRow]:
    header, rows = _opened(path, "results")
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
                axes_entry_id=str(cell("axes_entry_id") or "") or None,
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


#: The sheet of the plan template (a workbook without one is read from its first sheet).
PLAN_SHEET = "計画値入力"
PLAN_COLUMNS = {
    "target_id": ("目標ID", "target_id", "ターゲットID"),
    "fiscal_year": ("年度", "fiscal_year"),
    "plan_kind": ("計画区分", "plan_kind", "計画"),
    "value": ("計画値", "plan_value", "value"),
    "unit": ("単位", "unit"),
    "source_note": ("出典", "source_note", "備考"),
}


def _plan_positions(header: Sequence[object], path: Path) -> dict[str, int]:
    names = [normalize(str(cell or "")) for cell in header]
    found = {}
    for key, aliases in PLAN_COLUMNS.items():
        index = next((names.index(normalize(a)) for a in aliases if normalize(a) in names), None)
        if index is not None:
            found[key] = index
    missing = [PLAN_COLUMNS[k][0] for k in ("target_id", "fiscal_year", "plan_kind", "value") if k not in found]
    if missing:
        raise SourceError(str(path), f"missing column(s) {', '.join(missing)} in the header", line=1)
    return found


def read_plan_file(path: Path) -> list[PlanRow]:
    """The filled-in rows of a plan file (sheet 計画値入力 of a workbook, or a CSV), each with the
    cell every field was read from, so that a refusal names the cell; rows without 計画値 are
    template rows not filled in, and are skipped."""
    header, rows = _opened(path, "plan", PLAN_SHEET)
    at = _plan_positions(header, path)
    cells = {key: get_column_letter(index + 1) for key, index in at.items()}
    out = []
    for number, row in enumerate(rows, start=2):

        def cell(key: str, row: Sequence[object] = row) -> object:
            index = at.get(key)
            return row[index] if index is not None and index < len(row) else None

        value = cell("value")
        if value is None or str(value).strip() == "":
            continue
        out.append(
            PlanRow(
                row=number,
                target_id=str(cell("target_id") or ""),
                fiscal_year=_year(cell("fiscal_year")),
                plan_kind=str(cell("plan_kind") or "") or None,
                value=value if isinstance(value, int | float) else str(value),
                unit=str(cell("unit")) if cell("unit") not in (None, "") else None,
                source_note=str(cell("source_note")) if cell("source_note") not in (None, "") else None,
                cells={key: f"{letter}{number}" for key, letter in cells.items()},
            )
        )
    return out
