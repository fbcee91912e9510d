"""Evaluation-axes tables (評価軸等): rows rebuilt from text flattened column by column.

The table has an item column, a 評価軸 column of questions and a column of indicators; PDF
extraction prints them one after the other, cell by cell:

    ３.１戦略的経営の高度化 研究運営システムの強化 〇理事長のリーダーシップの下、…高度化できたか。
    （評価指標）
    ・研究資源の最適配分に関する取組状況
    等
    （モニタリング指標）
    ・学術研究データ基盤への登録件数
    １．１．宇宙安|全保障への貢献          ← an item label wrapped in a narrow column
    【評価指標】 〇…の状況 （関連するモニタリング指標） ・…   ← nested under one indicator

A cell runs on over physical lines until one ends with a space (the cell end). A labelled
cell opens a row; ○ bullets before the indicator header are axes; after it, ○ or ・ bullets
are evaluation indicators and ・ bullets after a monitoring header are monitoring indicators
(kept under the indicator they follow when the header says 関連する). 「等」 closes a list and is
not an entry; page headers (項目 評価軸 …), repeated item cells, ※ and 注） notes are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hyoka.model import AxisItem, EvaluationAxesRow, EvaluationIndicator, TableEntry
from hyoka.parse.labels import match_label
from hyoka.parse.logical import PAGE_NUMBER
from hyoka.sources import SourceLine, fold_chars

_PAGE_HEADER = re.compile(r"^(?:中長?期目標の)?項目.*評価軸")
_EVAL_HEADER = re.compile(r"^[(【<\[〔]?(?:関連する)?評価指標(?:等)?[)】>\]〕]?[:：]?$")
_MONITOR_HEADER = re.compile(r"^[(【<\[〔]?(?P<related>関連する)?モニタリング指標(?:等)?[)】>\]〕]?[:：]?$")
_ANNEX_LABEL = re.compile(r"^\(?(?:別紙|別添|別表)\d*\)?")
_NOTE = re.compile(r"^注\d*[)）]")
_CLOSER = "等"
_BULLET_QUESTION = "○"
_BULLET_DOT = ("・", "･", "-")


@dataclass(slots=True)
class _Cell:
    text: str
    norm: str
    lines: list[int]


@dataclass(slots=True)
class _Row:
    label: str | None
    title: str
    line: int
    last: int
    sub_items: list[str] = field(default_factory=list)
    axes: list[TableEntry] = field(default_factory=list)
    indicators: list[EvaluationIndicator] = field(default_factory=list)
    monitoring: list[TableEntry] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.axes or self.indicators or self.monitoring)


def _starts_element(norm: str) -> bool:
    return (
        norm.startswith((_BULLET_QUESTION, *_BULLET_DOT, "※"))
        or norm == _CLOSER
        or bool(_EVAL_HEADER.match(norm) or _MONITOR_HEADER.match(norm) or _PAGE_HEADER.match(norm))
    )


def table_cells(lines: Sequence[SourceLine]) -> list[_Cell]:
    """Join physical lines into cells: a cell ends at a trailing space or where a new element starts."""
    cells: list[_Cell] = []
    open_cell = False
    for line in lines:
        norm = line.norm
        if not norm or PAGE_NUMBER.match(norm):
            continue
        if _NOTE.match(norm):
            break
        if open_cell and cells and not _starts_element(norm):
            cell = cells[-1]
            cell.text += line.text.strip()
            cell.norm += norm
            cell.lines.append(line.number)
        else:
            cells.extend(_split_merged(line))
        open_cell = line.text == line.text.rstrip()
    return cells


def _split_merged(line: SourceLine) -> list[_Cell]:
    """「３.１戦略的経営の高度化 研究運営システムの強化 〇理事長の…」: item cells merged with an axis."""
    text = line.text.strip()
    match = re.search(r"\s[○〇◯]", text)
    if match and match.start() > 0 and not line.norm.startswith(_BULLET_QUESTION):
        left, right = text[: match.start()].strip(), text[match.start() :].strip()
        return [_cell(left, line.number), _cell(right, line.number)]
    return [_cell(text, line.number)]


def _cell(text: str, number: int) -> _Cell:
    from hyoka.sources import normalize

    return _Cell(text=text, norm=normalize(text), lines=[number])


def _entry(cell: _Cell) -> TableEntry:
    text = re.sub(r"^[・･\-○〇◯]\s*", "", cell.text).strip()
    return TableEntry(text=text, line=cell.lines[0], lines=(cell.lines[0], cell.lines[-1]))


def _item_cell(cell: _Cell) -> tuple[str | None, str, list[str]] | None:
    """Label, title and sub-item titles of a labelled item cell, or None for plain text."""
    first, _, rest = cell.text.strip().partition(" ")
    spaced = " ".join(fold_chars(first).split())
    label = match_label(spaced)
    if label is None or label.scheme in ("kana_aiueo", "kana_iroha", "kanji"):
        return None
    written = first[: len(first) - len(label.title)] if not label.whole_line else None
    subs = [rest.strip()] if rest.strip() else []
    return (written.strip() if written else None, label.title, subs)


def parse_axes_table(lines: Sequence[SourceLine]) -> list[EvaluationAxesRow]:
    rows: list[_Row] = []
    row: _Row | None = None
    mode = "axes"
    nested = False
    seen: set[tuple[str | None, str]] = set()
    for cell in table_cells(lines):
        norm = cell.norm
        if _PAGE_HEADER.match(norm) or (_ANNEX_LABEL.match(norm) and len(norm) < 40 and row is None):
            continue
        if norm.startswith("※"):
            continue
        item = _item_cell(cell) if not _starts_element(norm) else None
        if item is not None:
            key = (item[0], item[1])
            if key in seen:  # an item cell repeated at the top of a new page
                continue
            seen.add(key)
            row = _Row(label=item[0], title=item[1], line=cell.lines[0], last=cell.lines[-1], sub_items=item[2])
            rows.append(row)
            mode, nested = "axes", False
            continue
        if row is None:
            continue
        row.last = cell.lines[-1]
        monitor = _MONITOR_HEADER.match(norm)
        if _EVAL_HEADER.match(norm):
            mode = "eval"
        elif monitor:
            mode, nested = "monitor", bool(monitor.group("related")) and bool(row.indicators)
        elif norm == _CLOSER:
            continue
        elif norm.startswith(_BULLET_QUESTION):
            if mode == "axes":
                row.axes.append(_entry(cell))
            else:
                row.indicators.append(EvaluationIndicator(**_entry(cell).model_dump()))
                mode = "eval"
        elif norm.startswith(_BULLET_DOT):
            _add_dot_entry(row, mode, nested, _entry(cell))
        elif mode == "axes" and not row.axes:
            row.sub_items.append(cell.text.strip())
        elif not norm.startswith(("(", "（")):
            row.sub_items.append(cell.text.strip())
    return [_to_model(r) for r in rows if r.has_content]


def _add_dot_entry(row: _Row, mode: str, nested: bool, entry: TableEntry) -> None:
    if mode == "monitor":
        row.monitoring.append(entry)
        if nested:
            row.indicators[-1].monitoring_indicators.append(entry)
    elif mode == "eval":
        row.indicators.append(EvaluationIndicator(**entry.model_dump()))
    else:
        row.sub_items.append(entry.text)


def _to_model(row: _Row) -> EvaluationAxesRow:
    return EvaluationAxesRow(
        item=AxisItem(label=row.label, title=row.title),
        line=row.line,
        lines=(row.line, row.last),
        section_line=None,
        sub_items=row.sub_items,
        axes=row.axes,
        evaluation_indicators=row.indicators,
        monitoring_indicators=row.monitoring,
    )
