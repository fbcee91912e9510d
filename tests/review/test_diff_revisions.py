"""The 新旧対照表 of revisions of the corpus documents, built at run time by editing their lines.

For each corpus document a revision is made from what its parse shows, never from a string,
agency or line number of the corpus: an item inserted into a numbered list (so the items after
it are renumbered), the last item of another list moved to the end of a third, another removed,
a target's value and scope changed, a 【重要度：高】 mark with its reason added to an item, and a
phrase of another item reworded. The comparison must show exactly those changes, underlined where
they are, and nothing else; the workbook is read back cell by cell, rich-text runs included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from hyoka.model.comparison import ChangeKind, Comparison, Row, RowKind
from hyoka.model.contract import Document, Section, Target
from hyoka.parse import parse_source
from hyoka.report.comparison.segments import cell_segments, plain, underlined
from hyoka.report.comparison.xlsx import write_xlsx
from hyoka.review.diff import DiffSettings, Version, compare
from hyoka.sources import read_source, text_source_from_string
from tests.corpus_support import require_corpus

pytestmark = pytest.mark.corpus

NEW_TITLE = "関係機関との連携による情報共有の推進"
NEW_BODY = "関係機関と連携し、業務に係る情報を共有する仕組みを整備すること。"
MARK = "【重要度：高】"
MARK_REASON = "本項目は法人の使命の達成に直結する取組であることから、重要度が高いものとする。"
REWORD = "着実かつ"
SCOPE_EDITS = (
    ("毎年度平均で前年度比", "期間中に累計で"),
    ("毎年度平均で", "期間中に累計で"),
    ("前年度比", "期間中に累計で"),
    ("年度比", "期間中に累計で"),
    ("／年", ""),
    ("/年", ""),
)
_DIGITS = "0123456789"
_WIDE = "０１２３４５６７８９"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def bump(label: str) -> str | None:
    """`label` numbered one more (its last number, in the same width), or None if it has none."""
    for index in range(len(label) - 1, -1, -1):
        char = label[index]
        if char in _CIRCLED[:-1]:
            return label[:index] + _CIRCLED[_CIRCLED.index(char) + 1] + label[index + 1 :]
        if char in _DIGITS or char in _WIDE:
            start = index
            while start > 0 and (label[start - 1] in _DIGITS or label[start - 1] in _WIDE):
                start -= 1
            digits = label[start : index + 1]
            wide = digits[-1] in _WIDE
            value = int(digits.translate(str.maketrans(_WIDE, _DIGITS))) + 1
            text = str(value).translate(str.maketrans(_DIGITS, _WIDE)) if wide else str(value)
            return label[:start] + text + label[index + 1 :]
    return None


def walk(sections: Sequence[Section]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from walk(section.children)


@dataclass
class Editor:
    """Edits of a document's physical lines, addressed by their numbers in the original."""

    lines: dict[int, str]
    replaced: dict[int, str] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    before: dict[int, list[str]] = field(default_factory=dict)
    after: dict[int, list[str]] = field(default_factory=dict)

    def text(self, number: int) -> str:
        return self.replaced.get(number, self.lines[number])

    def relabel(self, section: Section, label: str) -> None:
        line = self.text(section.line)
        at = line.index(section.label)
        self.replaced[section.line] = line[:at] + label + line[at + len(section.label) :]

    def render(self) -> str:
        out: list[str] = []
        for number in sorted(self.lines):
            out += self.before.get(number, [])
            if number not in self.deleted:
                out.append(self.text(number))
            out += self.after.get(number, [])
        return "\n".join(out) + "\n"


@dataclass
class Revision:
    text: str
    added: str = NEW_TITLE
    renumbered: list[str] = field(default_factory=list)
    moved: str = ""
    removed: str = ""
    target: Target | None = None
    target_item: str = ""
    value_edit: tuple[str, str] = ("", "")
    scope_edit: tuple[str, str] = ("", "")
    marked: str = ""
    reworded: str = ""
    reword_old: str = ""


class NoRevision(Exception):
    """The document lacks a structure one of the edits needs."""


def _digit_children(section: Section) -> bool:
    labels = [child.label for child in section.children]
    short = all(len(label) <= 6 for label in labels)
    return (
        len(labels) >= 3
        and short
        and all(bump(label) for label in labels)
        and len({c.scheme for c in section.children}) == 1
    )


def _touched_lines(doc: Document) -> set[int]:
    """Heading lines an annex points at (units, axes rows): editing those would change the annexes too."""
    lines = {line for unit in doc.evaluation_units for line in unit.section_lines}
    return lines | {row.section_line for row in doc.evaluation_axes if row.section_line is not None}


def _free_leaf(section: Section, doc: Document, used: set[int]) -> bool:
    """A leaf no annex points at, without targets or marks, whose lines no other edit touches."""
    start, end = section.lines
    busy = any(start <= t.line <= end for t in doc.targets) or any(start <= f.line <= end for f in doc.flags)
    return (
        not section.children
        and not busy
        and section.line not in _touched_lines(doc)
        and not any(start <= line <= end for line in used)
    )


def _subtree_lines(section: Section) -> set[int]:
    return set(range(section.lines[0], section.lines[1] + 1))


def _insert(doc: Document, editor: Editor, revision: Revision, used: set[int]) -> None:
    touched = _touched_lines(doc)
    candidates = [
        s for s in walk(doc.sections)
        if _digit_children(s) and not any(line in touched for c in s.children for line in _heading_lines(c))
        and not _subtree_lines(s) & used
    ]  # fmt: skip
    if not candidates:
        raise NoRevision("no numbered list of three items free of annex references")
    parent = max(candidates, key=lambda s: len(s.children))
    first = parent.children[1]
    editor.before[first.line] = [f"{first.label}{NEW_TITLE}", "", NEW_BODY, ""]
    for child in parent.children[1:]:
        label = bump(child.label)
        assert label is not None
        editor.relabel(child, label)
        revision.renumbered.append(child.title)
    used |= _subtree_lines(parent)


def _heading_lines(section: Section) -> set[int]:
    return {s.line for s in walk([section])}


def _overlap(a: Section, b: Section) -> bool:
    return bool(_subtree_lines(a) & _subtree_lines(b))


def _move_and_remove(doc: Document, editor: Editor, revision: Revision, used: set[int]) -> None:
    """Move the last item of one list to the end of another, and remove the last item of a third."""
    lists = [s for s in walk(doc.sections) if len(s.children) >= 2 and not (_subtree_lines(s) & used)]
    movable = [(p, p.children[-1]) for p in lists if _free_leaf(p.children[-1], doc, used)]
    for source, item in movable:
        for destination in lists:
            last = destination.children[-1]
            if _overlap(destination, source) or last.scheme != item.scheme or bump(last.label) is None:
                continue
            for parent, gone in movable:
                if _overlap(parent, source) or _overlap(parent, destination):
                    continue
                label = bump(last.label)
                assert label is not None
                start, end = item.lines
                editor.relabel(item, label)
                moved_lines = [editor.text(n) for n in range(start, end + 1)]
                editor.deleted |= set(range(start, end + 1)) | set(range(gone.lines[0], gone.lines[1] + 1))
                editor.after.setdefault(destination.lines[1], []).extend(["", *moved_lines])
                revision.moved, revision.removed = item.title, gone.title
                used |= _subtree_lines(source) | _subtree_lines(destination) | _subtree_lines(parent)
                return
    raise NoRevision("no item to move and another to remove")


def _number_text(target: Target, line: str) -> str | None:
    number = f"{target.value:g}"
    for form in (number, number.translate(str.maketrans(_DIGITS, _WIDE))):
        if form in line:
            return form
    return None


def _takes(editor: Editor, target: Target, raised: str) -> bool:
    """Whether the edited text parses with the target's value raised and its scope changed."""
    parsed = parse_source(text_source_from_string(editor.render(), "trial.txt")).documents
    found = [
        t
        for d in parsed
        for t in d.targets
        if t.indicator == target.indicator and f"{t.value:g}" == f"{float(raised):g}"
    ]
    return len(parsed) == 1 and len(found) == 1 and found[0].scope != target.scope


def _change_target(doc: Document, editor: Editor, revision: Revision, used: set[int]) -> None:
    """Raise a target's number and replace its scope word, on the line of the number; the first
    target and scope word whose edit the parser reads as a new value and a new scope."""
    for target in doc.targets:
        line = editor.text(target.line)
        number = _number_text(target, line)
        if target.line in used or target.section_line is None or number is None:
            continue
        raised = f"{target.value + 0.02:.2f}" if "." in number else str(int(target.value) + 10)
        for scope in ((a, b) for a, b in SCOPE_EDITS if a in line):
            editor.replaced[target.line] = line.replace(number, raised, 1).replace(scope[0], scope[1], 1)
            if not _takes(editor, target, raised):
                editor.replaced[target.line] = line
                continue
            section = next(s for s in walk(doc.sections) if s.line == target.section_line)
            revision.target, revision.target_item = target, section.title
            revision.value_edit, revision.scope_edit = (number, raised), scope
            used |= _subtree_lines(section)
            return
    raise NoRevision("no target whose number and scope word stand on one line")


def _mark_and_reword(doc: Document, editor: Editor, revision: Revision, used: set[int]) -> None:
    leaves = [s for s in walk(doc.sections) if _free_leaf(s, doc, used) and len(s.text) >= 40]
    if len(leaves) < 2:
        raise NoRevision("no two free items to mark and reword")
    marked, reworded = leaves[0], leaves[-1]
    editor.after.setdefault(marked.lines[1], []).extend(["", MARK, "", MARK_REASON])
    revision.marked = marked.title
    for number in range(reworded.line + 1, reworded.lines[1] + 1):
        found = re.search(r"[\u3041-\u309f\u4e00-\u9fff]{8}", editor.text(number))
        if found:
            line = editor.text(number)
            at = found.start() + 3
            revision.reword_old = line[at : at + 3]
            editor.replaced[number] = line[:at] + REWORD + line[at + 3 :]
            revision.reworded = reworded.title
            used |= _subtree_lines(marked) | _subtree_lines(reworded)
            return
    raise NoRevision("no phrase to reword")


def revise(doc: Document, lines: dict[int, str]) -> Revision:
    editor = Editor(lines)
    revision = Revision(text="")
    used: set[int] = set()
    _change_target(doc, editor, revision, used)
    _insert(doc, editor, revision, used)
    _move_and_remove(doc, editor, revision, used)
    _mark_and_reword(doc, editor, revision, used)
    revision.text = editor.render()
    return revision


# --- the test ------------------------------------------------------------------------------


@dataclass
class Case:
    revision: Revision
    comparison: Comparison
    old: Document
    new: Document


def _cases() -> list[Case]:
    path = require_corpus()
    source = read_source(path)
    cases = []
    for doc in parse_source(source).documents:
        lines = {n: source.lines[n - 1].text for n in range(doc.span.start_line, doc.span.end_line + 1)}
        try:
            revision = revise(doc, lines)
        except NoRevision:
            continue
        revised_source = text_source_from_string(revision.text, "revised.txt")
        parsed = parse_source(revised_source).documents
        assert len(parsed) == 1, f"{doc.id}: the revision parses as {len(parsed)} documents"
        old, new = Version(doc, "old", source.lines), Version(parsed[0], "new", revised_source.lines)
        comparison = compare(old, new, DiffSettings(check=False))
        cases.append(Case(revision, comparison, doc, parsed[0]))
    return cases


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    found = _cases()
    assert len(found) >= 2, "fewer than two corpus documents could be revised"
    return found


def _title(row: Row) -> str:
    side = row.new or row.old
    assert side is not None
    return side.title


def _spans(row: Row, which: str) -> list[tuple[int, int]]:
    side = row.new if which == "new" else row.old
    return [] if side is None else [(s.start, s.end) for s in side.spans]


def _within(runs: Sequence[tuple[int, int]], text: str, pieces: Sequence[str], slack: int = 2) -> bool:
    """Every run lies within `slack` characters of one of `pieces` in `text`, and every non-empty
    piece is touched by a run."""
    places = [(text.index(p), text.index(p) + len(p)) for p in pieces if p]
    near = {i for a, b in places for i in range(a - slack, b + slack)}
    inside = bool(runs) and all(i in near for s, e in runs for i in range(s, e))
    touched = all(any(s < b and e > a for s, e in runs) for a, b in places)
    return inside and touched


def test_revisions_of_corpus_documents_show_exactly_their_changes(cases: list[Case]) -> None:
    for case in cases:
        revision, rows = case.revision, case.comparison.rows
        by_kind: dict[RowKind, set[str]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, set()).add(_title(row))
        expected = {
            RowKind.added: {NEW_TITLE},
            RowKind.removed: {revision.removed},
            RowKind.moved: {revision.moved},
            RowKind.renumbered: set(revision.renumbered),
            RowKind.changed: {revision.target_item, revision.marked, revision.reworded},
        }
        by_kind.pop(RowKind.same, None)
        assert by_kind == expected, case.old.id
        same = sum(1 for row in rows if row.kind is RowKind.same)
        assert len(rows) == same + sum(len(v) for v in expected.values()), "one row per edited item"


def test_unchanged_renumbered_and_moved_rows_underline_nothing_but_their_labels(cases: list[Case]) -> None:
    for case in cases:
        for row in case.comparison.rows:
            if row.kind not in (RowKind.same, RowKind.renumbered, RowKind.moved):
                continue
            for side in (row.new, row.old):
                assert side is not None
                assert not side.spans, (case.old.id, row.kind, side.title)
                assert not side.title_spans, (case.old.id, row.kind, side.title)
                assert side.label_changed == (row.kind is not RowKind.same), (case.old.id, side.title)


def _row(case: Case, title: str) -> Row:
    return next(row for row in case.comparison.rows if _title(row) == title)


def test_changed_rows_are_underlined_where_the_edits_are(cases: list[Case]) -> None:
    for case in cases:
        revision = case.revision
        target = _row(case, revision.target_item)
        assert target.new is not None
        assert target.old is not None
        value_old, value_new = revision.value_edit
        scope_old, scope_new = revision.scope_edit
        assert _within(_spans(target, "new"), target.new.text, [value_new, scope_new]), target.new.spans
        assert _within(_spans(target, "old"), target.old.text, [value_old, scope_old]), target.old.spans
        marked = _row(case, revision.marked)
        assert marked.new is not None
        assert marked.old is not None
        assert not marked.old.spans
        new_runs = "".join(marked.new.text[s.start : s.end] for s in marked.new.spans)
        assert "".join(new_runs.split()) == MARK + MARK_REASON
        reworded = _row(case, revision.reworded)
        assert reworded.new is not None
        assert reworded.old is not None
        assert _within(_spans(reworded, "new"), reworded.new.text, [REWORD])
        assert _within(_spans(reworded, "old"), reworded.old.text, [revision.reword_old])


def test_structured_changes_are_exactly_the_edits(cases: list[Case]) -> None:
    for case in cases:
        revision = case.revision
        kinds = sorted(change.kind.value for change in case.comparison.changes)
        expected = sorted(
            [ChangeKind.section_added, ChangeKind.section_removed, ChangeKind.section_moved, ChangeKind.target_value,
             ChangeKind.target_scope, ChangeKind.flag_added]
            + [ChangeKind.section_renumbered] * (len(revision.renumbered) + 1)
            + [ChangeKind.text_changed] * 3
        )  # fmt: skip
        assert kinds == expected, case.old.id
        items = {change.kind: change.item or "" for change in case.comparison.changes}
        assert NEW_TITLE in items[ChangeKind.section_added]
        assert revision.removed in items[ChangeKind.section_removed]
        assert revision.moved in items[ChangeKind.section_moved]
        assert revision.marked in items[ChangeKind.flag_added]
        assert revision.target_item in items[ChangeKind.target_value]
        assert revision.target is not None
        value = next(c for c in case.comparison.changes if c.kind is ChangeKind.target_value)
        assert value.before is not None
        assert value.after is not None
        assert f"{revision.target.value:g}" in value.before
        assert f"{float(revision.value_edit[1]):g}" in value.after
        scope = next(c for c in case.comparison.changes if c.kind is ChangeKind.target_scope)
        assert scope.before != scope.after


def _cell_runs(value: object) -> tuple[str, list[str]]:
    """The text of a cell and its underlined runs, as openpyxl reads them back with rich_text=True."""
    if isinstance(value, CellRichText):
        text = "".join(part.text if isinstance(part, TextBlock) else part for part in value)
        runs = [part.text for part in value if isinstance(part, TextBlock) and part.font.u == "single"]
        return text, runs
    return ("" if value is None else str(value)), []


def test_workbook_cell_by_cell(cases: list[Case], tmp_path: Path) -> None:
    case = cases[0]
    comparison = case.comparison
    path = write_xlsx(comparison, tmp_path / "comparison.xlsx")
    book = load_workbook(path, rich_text=True)
    assert book.sheetnames == ["新旧対照表", "変更一覧", "指摘"]
    sheet = book["新旧対照表"]
    assert sheet["A1"].value == comparison.title
    assert "新旧対照表" in comparison.title
    assert sheet["A2"].value == "（傍線部分は改正部分）"
    assert (sheet["A3"].value, sheet["B3"].value) == ("改正後", "改正前")
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.column_dimensions["A"].width == sheet.column_dimensions["B"].width
    assert sheet.max_row == 3 + len(comparison.rows)
    for number, row in enumerate(comparison.rows, start=4):
        for column, which in (("A", "new"), ("B", "old")):
            segments = cell_segments(row, which, comparison.labels)  # type: ignore[arg-type]
            cell = sheet[f"{column}{number}"]
            text, runs = _cell_runs(cell.value)
            assert text == plain(segments), (number, column)
            assert runs == underlined(segments), (number, column)
            assert cell.alignment.wrap_text
        if row.kind is RowKind.same:
            assert "（略）" in _cell_runs(sheet[f"A{number}"].value)[0] or not (row.new and row.new.text.strip())
            assert not _cell_runs(sheet[f"A{number}"].value)[1]
        if row.kind is RowKind.added:
            assert sheet[f"B{number}"].value == "（新設）"
            assert _cell_runs(sheet[f"A{number}"].value)[1], "a new item is underlined whole"
        if row.kind is RowKind.removed:
            assert sheet[f"A{number}"].value == "（削除）"
    changes = book["変更一覧"]
    assert changes.max_row == 1 + len(comparison.changes)
    assert [c.value for c in changes[1]][:4] == ["種別", "改正後の箇所", "改正前の箇所", "項目"]
    kinds = {changes.cell(row=r, column=1).value for r in range(2, changes.max_row + 1)}
    assert {
        "項目の新設",
        "項目の削除",
        "項目の移動",
        "番号の変更",
        "目標値の変更",
        "目標の範囲の変更",
        "重要度・困難度の追加",
    } <= kinds
    findings = book["指摘"]
    assert findings.cell(row=2, column=5).value == "点検（hyoka check）は行っていません。"


def test_every_row_that_changed_has_its_structured_change(cases: list[Case]) -> None:
    for case in cases:
        lines = {(c.new_line, c.old_line) for c in case.comparison.changes}
        for row in case.comparison.rows:
            if row.kind is RowKind.same:
                continue
            key = (row.new.line if row.new else None, row.old.line if row.old else None)
            assert key in lines, (case.old.id, row.kind, _title(row))
