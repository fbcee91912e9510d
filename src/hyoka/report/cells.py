"""The one place cell values are made safe for spreadsheets: every CSV and xlsx writer calls it.

Document text is untrusted: a target line may read 「=HYPERLINK("http://…","詳細")」, and a
spreadsheet program that opens the export would run it (CSV injection). The rule (OWASP's):
text that starts with = + - @, a tab or a carriage return — or their full-width forms, which
Japanese Excel also takes as the start of a formula — is neutralised:

- in CSV, by a leading apostrophe, which Excel shows as text and drops from the display;
- in xlsx, by storing the cell as text with Excel's quote prefix (the same apostrophe, kept out
  of the value), so the workbook never holds a formula and editing the cell keeps it text.

For xlsx the text also loses the control characters Excel refuses and is cut to Excel's cell
limit (the whole text stays in the JSON and CSV exports).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CellValue = str | int | float | bool | date | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
EXCEL_CELL_LIMIT = 32_767
# What XML 1.0 cannot hold beyond openpyxl's control characters: lone surrogates and the
# noncharacters U+FFFE and U+FFFF (a PDF extraction can leave them in the text).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
TRUNCATED = "…（以下省略）"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read `text` as the start of a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_value(value: CellValue) -> str | int | float:
    """`value` as a CSV field: text neutralised, booleans TRUE/FALSE, dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if is_formula_like(value) else value
    return value


def excel_text(text: str) -> str:
    """Text Excel can hold: control characters and what XML cannot carry removed, cut at the cell limit."""
    cleaned = _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(cleaned) > EXCEL_CELL_LIMIT:
        cleaned = cleaned[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return cleaned


def set_cell(cell: Any, value: CellValue) -> None:
    """Write `value` into an openpyxl cell so that it can never be a formula."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = excel_text(value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
