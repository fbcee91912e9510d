"""The exports of the 新旧対照表 render the one model: segments, HTML and the workbook's safety."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from hyoka.model.comparison import ColumnLabels, Comparison, Row, RowKind, Side, Span, VersionInfo
from hyoka.model.findings import Basis, Finding, Location, Severity, Subject
from hyoka.report.comparison import comparison_json
from hyoka.report.comparison.html import render_html
from hyoka.report.comparison.segments import cell_segments, plain, underlined
from hyoka.report.comparison.table import comparison_table
from hyoka.report.comparison.xlsx import write_xlsx

LABELS = ColumnLabels()


def _side(label: str, title: str, text: str, spans: list[tuple[int, int]] = (), **extra: object) -> Side:  # type: ignore[assignment]
    return Side(label=label, title=title, line=10, text=text, spans=[Span(start=s, end=e) for s, e in spans], **extra)  # type: ignore[arg-type]


def _comparison(*rows: Row, labels: ColumnLabels = LABELS) -> Comparison:
    info = VersionInfo(
        source="x", document_id="doc-1", title="見本機構中期目標", agency="見本機構", kind="中期目標", draft=False
    )
    return Comparison(title="見本機構中期目標 新旧対照表", old=info, new=info, labels=labels, rows=list(rows))


def _row(kind: RowKind, new: Side | None, old: Side | None) -> Row:
    return Row(kind=kind, new=new, old=old, level=1, similarity=0.5)


CHANGED = _row(
    RowKind.changed,
    _side("（１）", "人材", "第一段落は同じ。\n目標値を１．２０％以上とする。\n第三段落も同じ。", [(15, 17)]),
    _side("（１）", "人材", "第一段落は同じ。\n目標値を１．１８％以上とする。\n第三段落も同じ。", [(15, 17)]),
)


def test_unchanged_paragraphs_are_shortened_and_changed_runs_underlined() -> None:
    segments = cell_segments(CHANGED, "new", LABELS)
    assert plain(segments) == "（１）　人材\n（略）\n目標値を１．２０％以上とする。\n（略）"
    assert underlined(segments) == ["２０"]


def test_same_rows_keep_their_heading_and_shorten_the_text() -> None:
    row = _row(RowKind.same, _side("１．", "業務", "本文。"), _side("１．", "業務", "本文。"))
    assert plain(cell_segments(row, "new", LABELS)) == "１．　業務\n（略）"
    assert underlined(cell_segments(row, "old", LABELS)) == []


def test_renumbered_rows_underline_the_label_and_markers_are_settings() -> None:
    renumbered = _row(RowKind.renumbered, _side("（３）", "情報", "本文。", label_changed=True),
                      _side("（２）", "情報", "本文。", label_changed=True))  # fmt: skip
    assert underlined(cell_segments(renumbered, "new", LABELS)) == ["（３）"]
    assert underlined(cell_segments(renumbered, "old", LABELS)) == ["（２）"]
    added = _row(RowKind.added, _side("（４）", "施設", "新しい本文。"), None)
    assert underlined(cell_segments(added, "new", LABELS)) == ["（４）", "施設", "新しい本文。"]
    assert plain(cell_segments(added, "old", LABELS)) == "（新設）"
    mine = ColumnLabels(new="新", old="旧", added="（追加）", removed="（廃止）", omitted="…")
    assert plain(cell_segments(added, "old", mine)) == "（追加）"
    removed = _row(RowKind.removed, None, _side("（４）", "施設", "古い本文。"))
    assert plain(cell_segments(removed, "new", mine)) == "（廃止）"


def test_html_underlines_with_ins_and_del_and_escapes_all_text() -> None:
    hostile = _row(RowKind.added, _side("（１）", "<script>alert(1)</script>", "A & B <b>太字</b>"), None)
    html = render_html(_comparison(CHANGED, hostile))
    assert "<ins>２０</ins>" in html
    assert "<del>１８</del>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "A &amp; B &lt;b&gt;" in html
    assert "text-decoration: underline" in html
    assert "line-through" not in html
    assert "size: A4 landscape" in html
    assert "<th>改正後</th><th>改正前</th>" in html
    assert "下線の部分が改正部分です" in html


def test_column_labels_reach_every_export(tmp_path: Path) -> None:
    labels = ColumnLabels(new="改正案", old="現行")
    comparison = _comparison(CHANGED, labels=labels)
    assert "<th>改正案</th><th>現行</th>" in render_html(comparison)
    book = load_workbook(write_xlsx(comparison, tmp_path / "t.xlsx"))
    assert (book["新旧対照表"]["A3"].value, book["新旧対照表"]["B3"].value) == ("改正案", "現行")
    assert comparison_table(comparison).columns[1].header == "改正案"
    assert '"new": "改正案"' in comparison_json(comparison)


def test_workbook_cells_never_hold_formulas(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.com","詳細")'
    plain_row = _row(RowKind.added, _side("", formula, ""), None)
    rich_row = _row(RowKind.changed, _side("", formula, "＝SUM(A1)本文", [(0, 3)]), _side("", formula, "本文", []))
    book = load_workbook(write_xlsx(_comparison(plain_row, rich_row), tmp_path / "f.xlsx"), rich_text=True)
    sheet = book["新旧対照表"]
    for cell in (sheet["A4"], sheet["A5"], sheet["B5"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    value = sheet["A5"].value
    assert isinstance(value, CellRichText)
    assert [part.text for part in value if isinstance(part, TextBlock)] == ["＝SU"]


def test_control_characters_are_dropped_from_cells(tmp_path: Path) -> None:
    row = _row(
        RowKind.changed, _side("（１）", "人材", "本文\x07に制御文字", [(0, 2)]), _side("（１）", "人材", "本文", [])
    )
    sheet = load_workbook(write_xlsx(_comparison(row), tmp_path / "c.xlsx"), rich_text=True)["新旧対照表"]
    text = "".join(p.text if isinstance(p, TextBlock) else p for p in sheet["A4"].value)
    assert "\x07" not in text


def test_a_split_item_spans_the_rows_of_its_pieces(tmp_path: Path) -> None:
    whole = _side("（１）", "研究と人材", "研究を進める。人材を育てる。")
    first = Row(
        kind=RowKind.split_item,
        new=_side("（１）", "研究と人材", "研究を進める。"),
        old=whole,
        level=1,
        group=1,
        similarity=0.9,
    )
    second = Row(
        kind=RowKind.split_item,
        new=_side("（２）", "人材", "人材を育てる。"),
        old=None,
        level=1,
        group=1,
        similarity=0.9,
    )
    sheet = load_workbook(write_xlsx(_comparison(first, second), tmp_path / "s.xlsx"))["新旧対照表"]
    assert "B4:B5" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert "A4:A5" not in {str(cells) for cells in sheet.merged_cells.ranges}


def test_findings_sheet_lists_the_new_findings(tmp_path: Path) -> None:
    finding = Finding(
        rule_id="R-FLAG-01", severity=Severity.error, basis=Basis.text, document="doc-1",
        location=Location(line=42, end_line=42, section_path=["第３", "１．"], subject=Subject.flag),
        message="【重要度：高】の理由が書かれていません。", explanation="理由を書いてください。", fingerprint="f" * 32,
    )  # fmt: skip
    comparison = _comparison(CHANGED).model_copy(update={"findings": [finding], "checked": True})
    sheet = load_workbook(write_xlsx(comparison, tmp_path / "f.xlsx"))["指摘"]
    assert [c.value for c in sheet[1]] == ["行", "重大度", "ルール", "箇所", "指摘", "説明"]
    assert [c.value for c in sheet[2]] == [
        42,
        "エラー",
        "R-FLAG-01",
        "第３ › １．",
        finding.message,
        finding.explanation,
    ]
    none = _comparison(CHANGED).model_copy(update={"checked": True})
    assert (
        load_workbook(write_xlsx(none, tmp_path / "n.xlsx"))["指摘"]["E2"].value
        == "改正後に新たに生じた指摘はありません。"
    )
    assert "R-FLAG-01" in render_html(comparison)
