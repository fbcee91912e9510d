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
from typing import TypeVar

from hyoka.model import AxisItem, EvaluationAxesRow, EvaluationIndicator, TableEntry
from hyoka.parse.lexicon.labels import (
    ANNEX_LABEL,
    AXIS_AFTER_SPACE,
    AXIS_MARK,
    DOT_BULLETS,
    LEADING_BULLET,
    NOTE_LABEL,
    NOTE_MARK,
    PAGE_NUMBER,
    match_label,
)
from hyoka.parse.lines import MIN_TRAILING_SHARE
from hyoka.sources import SourceLine, fold_chars, normalize

_PAGE_HEADER = re.compile(r"^(?:中長?期目標の)?項目.*評価軸")
_EVAL_HEADER = re.compile(r"^[(【<\[〔]?(?:関連する)?評価指標(?:等)?[)】>\]〕]?[:：]?$")
_MONITOR_HEADER = re.compile(r"^[(【<\[〔]?(?P<related>関連する)?モニタリング指標(?:等)?[)】>\]〕]?[:：]?$")

_CLOSER = "等"
_BULLET_QUESTION = AXIS_MARK
_BULLET_DOT = DOT_BULLETS


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
        norm.startswith((_BULLET_QUESTION, *_BULLET_DOT, NOTE_MARK))
        or norm == _CLOSER
        or bool(_EVAL_HEADER.match(norm) or _MONITOR_HEADER.match(norm) or _PAGE_HEADER.match(norm))
    )


def _uses_trailing_spaces(lines: Sequence[SourceLine]) -> bool:
    content = [line for line in lines if line.norm]
    ended = sum(1 for line in content if line.text != line.text.rstrip())
    return bool(content) and ended >= MIN_TRAILING_SHARE * len(content)


def _opens_row(norm: str, text: str) -> bool:
    return _item_cell(_Cell(text=text, norm=norm, lines=[0])) is not None


def table_cells(lines: Sequence[SourceLine]) -> list[_Cell]:
    """Join physical lines into cells: a cell ends at a trailing space or where a new element starts.

    A table extracted without trailing spaces has no cell ends of its own: there a cell also
    ends at a sentence end, and an item label (「１．１ 宇宙安全保障…」) begins a cell of one line.
    """
    trailing = _uses_trailing_spaces(lines)
    cells: list[_Cell] = []
    open_cell = False
    for line in lines:
        norm = line.norm
        if not norm or PAGE_NUMBER.match(norm):
            continue
        if NOTE_LABEL.match(norm):
            break
        row = not trailing and _opens_row(norm, line.text)
        if open_cell and cells and not _starts_element(norm) and not row:
            cell = cells[-1]
            cell.text += line.text.strip()
            cell.norm += norm
            cell.lines.append(line.number)
        else:
            cells.extend(_split_merged(line))
        if trailing:
            open_cell = line.text == line.text.rstrip()
        else:
            open_cell = not row and not norm.endswith(("。", ")", "」", "】"))
    return cells


def _split_merged(line: SourceLine) -> list[_Cell]:
    """「３.１戦略的経営の高度化 研究運営システムの強化 〇理事長の…」: item cells merged with an axis."""
    text = line.text.strip()
    match = AXIS_AFTER_SPACE.search(text)
    if match and match.start() > 0 and not line.norm.startswith(_BULLET_QUESTION):
        left, right = text[: match.start()].strip(), text[match.start() :].strip()
        return [_cell(left, line.number), _cell(right, line.number)]
    return [_cell(text, line.number)]


def _cell(text: str, number: int) -> _Cell:
    return _Cell(text=text, norm=normalize(text), lines=[number])


def _entry(cell: _Cell) -> TableEntry:
    text = LEADING_BULLET.sub("", cell.text).strip()
    return TableEntry(text=text, line=cell.lines[0], lines=(cell.lines[0], cell.lines[-1]))


def _item_cell(cell: _Cell) -> tuple[str | None, str, list[str]] | None:
    """Label, title and sub-item titles of a labelled item cell, or None for plain text.

    「３.１戦略的経営の高度化 研究運営システムの強化」 holds the item and, after the space, the
    first sub-item of the item column.
    """
    text = cell.text.strip()
    label = match_label(" ".join(fold_chars(text).split()))
    if label is None or label.scheme in ("kana_aiueo", "kana_iroha", "kanji"):
        return None
    if label.whole_line:
        return (None, label.title, [])
    title, _, rest = label.title.partition(" ")
    written = text[: len(text) - len(label.title)].strip() if text.endswith(label.title) else None
    if written is None:
        first = text.split()[0]
        written = first[: max(1, len(first) - len(title))]
    return (written, title, [rest.strip()] if rest.strip() else [])


@dataclass(slots=True)
class _Reader:
    """Reading state: the open row, which column the cells are in, the entry a run-on continues."""

    rows: list[_Row] = field(default_factory=list)
    row: _Row | None = None
    mode: str = "axes"  # axes, eval or monitor
    nested: bool = False  # monitoring indicators belong to the last evaluation indicator
    last: TableEntry | None = None
    seen: set[tuple[str | None, str]] = field(default_factory=set)

    def feed(self, cell: _Cell) -> None:
        norm = cell.norm
        if _PAGE_HEADER.match(norm) or norm.startswith(NOTE_MARK):
            return
        if self.row is None and ANNEX_LABEL.match(norm) and len(norm) < 40:
            return
        item = None if _starts_element(norm) else _item_cell(cell)
        if item is not None:
            self.open_row(item, cell)
        elif self.row is not None:
            self.row.last = cell.lines[-1]
            self.content(self.row, cell)

    def open_row(self, item: tuple[str | None, str, list[str]], cell: _Cell) -> None:
        key = (item[0], item[1])
        if key in self.seen:  # an item cell repeated at the top of a new page
            return
        self.seen.add(key)
        self.row = _Row(label=item[0], title=item[1], line=cell.lines[0], last=cell.lines[-1], sub_items=item[2])
        self.rows.append(self.row)
        self.mode, self.nested, self.last = "axes", False, None

    def content(self, row: _Row, cell: _Cell) -> None:
        norm = cell.norm
        monitor = _MONITOR_HEADER.match(norm)
        if _EVAL_HEADER.match(norm):
            self.mode, self.last = "eval", None
        elif monitor:
            self.mode, self.last = "monitor", None
            self.nested = bool(monitor.group("related")) and bool(row.indicators)
        elif norm == _CLOSER:
            self.last = None
        elif norm.startswith(_BULLET_QUESTION):
            if self.mode == "axes":
                self.last = _append(row.axes, _entry(cell))
            else:
                self.last = _append(row.indicators, EvaluationIndicator(**_entry(cell).model_dump()))
                self.mode = "eval"
        elif norm.startswith(_BULLET_DOT):
            self.last = _add_dot_entry(row, self.mode, self.nested, _entry(cell))
        elif self.last is not None:
            _continue(self.last, cell)
        else:
            row.sub_items.append(cell.text.strip())


def parse_axes_table(lines: Sequence[SourceLine]) -> list[EvaluationAxesRow]:
    reader = _Reader()
    for cell in table_cells(lines):
        reader.feed(cell)
    return [_to_model(r) for r in reader.rows if r.has_content]


_E = TypeVar("_E", bound=TableEntry)


def _append(entries: list[_E], entry: _E) -> _E:
    entries.append(entry)
    return entry


def _continue(entry: TableEntry, cell: _Cell) -> None:
    """A cell split off by a stray cell-end space (「…の達成 」「状況 」) still belongs to its entry."""
    entry.text += cell.text.strip()
    entry.lines = (entry.lines[0], cell.lines[-1])


def _add_dot_entry(row: _Row, mode: str, nested: bool, entry: TableEntry) -> TableEntry | None:
    if mode == "monitor":
        row.monitoring.append(entry)
        if nested:
            row.indicators[-1].monitoring_indicators.append(entry)
        return entry
    if mode == "eval":
        return _append(row.indicators, EvaluationIndicator(**entry.model_dump()))
    row.sub_items.append(entry.text)
    return None


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
