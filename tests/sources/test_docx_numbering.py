"""Word's automatic numbering: .docx files built with python-docx, numbering XML injected.

The labels are what Word shows for the numbering definitions (ECMA-376 Part 1 §17.9), put
before the paragraph text with one space (none for w:suff "nothing").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyoka.parse import parse_source
from hyoka.sources import read_docx_source, read_source
from hyoka.sources.docx_numbering import Numbering, format_number

W = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def lvl(ilvl: int, fmt: str = "decimal", text: str = "%1", *, start: int | str | None = 1, extra: str = "") -> str:
    """One w:lvl; `start` None leaves w:start out."""
    start_xml = "" if start is None else f'<w:start w:val="{start}"/>'
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_xml}<w:numFmt w:val="{fmt}"/>{extra}'
        f"<w:lvlText w:val={quoteattr(text)}/></w:lvl>"
    )


def numpr(num_id: int | str | None = None, ilvl: int | str | None = None) -> Any:
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    num_xml = "" if num_id is None else f'<w:numId w:val="{num_id}"/>'
    return parse_xml(f"<w:numPr {W}>{ilvl_xml}{num_xml}</w:numPr>")


class Doc:
    """A python-docx document with numbering definitions added to its numbering part."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.numbering = self.document.part.numbering_part.element

    def abstract(self, abstract_id: int | str, *levels: str, head: str = "") -> Doc:
        element = parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{head}{"".join(levels)}</w:abstractNum>'
        )
        first_num = self.numbering.find(f"{W_NS}num")
        if first_num is None:
            self.numbering.append(element)
        else:
            first_num.addprevious(element)  # abstractNum elements come before num elements
        return self

    def num(self, num_id: int | str, abstract_id: int | str, overrides: str = "") -> Doc:
        self.numbering.append(
            parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>')
        )
        return self

    def list(self, num_id: int, *levels: str) -> Doc:
        """An abstractNum and a num with the same id."""
        return self.abstract(num_id, *levels).num(num_id, num_id)

    def para(
        self, text: str, num_id: int | str | None = None, ilvl: int | str | None = None, style: str | None = None
    ) -> Any:
        paragraph = self.document.add_paragraph(text, style=style)
        if num_id is not None or ilvl is not None:
            paragraph._p.get_or_add_pPr().append(numpr(num_id, ilvl))
        return paragraph

    def style_numbering(self, style: str, num_id: int | str | None, ilvl: int | str | None = None) -> None:
        self.document.styles[style].element.get_or_add_pPr().append(numpr(num_id, ilvl))

    def read(self, path: Path) -> list[str]:
        self.document.save(str(path))
        return [line.text for line in read_docx_source(path).lines]


# --- heading trees and multi-level labels -------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "first", "second"),
    [("japaneseCounting", "第一", "第二"), ("decimalFullWidth", "第１", "第２")],
)
def test_heading_tree_restarts_sub_levels_under_each_heading(tmp_path: Path, fmt: str, first: str, second: str) -> None:
    doc = Doc().list(100, lvl(0, fmt, "第%1"), lvl(1, "decimalFullWidth", "（%2）"))
    doc.para("政策体系", 100, 0)
    doc.para("組織", 100, 1)
    doc.para("人事", 100, 1)
    doc.para("本文の段落")
    doc.para("中長期目標の期間", 100, 0)
    doc.para("研究", 100, 1)
    assert doc.read(tmp_path / "tree.docx") == [
        f"{first} 政策体系",
        "（１） 組織",
        "（２） 人事",
        "本文の段落",
        f"{second} 中長期目標の期間",
        "（１） 研究",
    ]


def test_multi_level_references(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, text="%1．"), lvl(1, text="%1．%2"), lvl(2, text="%1．%2．%3"))
    for text, ilvl in [("a", 0), ("b", 1), ("c", 2), ("d", 2), ("e", 1), ("f", 0), ("g", 1), ("h", 2)]:
        doc.para(text, 100, ilvl)
    assert doc.read(tmp_path / "levels.docx") == [
        "1． a",
        "1．1 b",
        "1．1．1 c",
        "1．1．2 d",
        "1．2 e",
        "2． f",
        "2．1 g",
        "2．1．1 h",
    ]


def test_level_used_before_its_parent_gives_the_parent_its_start(tmp_path: Path) -> None:
    # Word shows "1.1" for a first sub-level, and the parent counts on from there.
    doc = Doc().list(100, lvl(0, text="%1."), lvl(1, text="%1.%2"))
    doc.para("a", 100, 1)
    doc.para("b", 100, 0)
    doc.para("c", 100, 1)
    assert doc.read(tmp_path / "orphan.docx") == ["1.1 a", "2. b", "2.1 c"]


@pytest.mark.parametrize(
    ("is_lgl", "expected"),
    [
        ("", ["I a", "I-a b", "I-b c", "II d", "II-a e"]),
        ("<w:isLgl/>", ["I a", "1-1 b", "1-2 c", "II d", "2-1 e"]),
        ('<w:isLgl w:val="1"/>', ["I a", "1-1 b", "1-2 c", "II d", "2-1 e"]),
        ('<w:isLgl w:val="0"/>', ["I a", "I-a b", "I-b c", "II d", "II-a e"]),
    ],
    ids=["off", "on", "on-val", "off-val"],
)
def test_is_lgl_shows_every_level_in_decimal(tmp_path: Path, is_lgl: str, expected: list[str]) -> None:
    doc = Doc().list(100, lvl(0, "upperRoman", "%1"), lvl(1, "lowerLetter", "%1-%2", extra=is_lgl))
    for text, ilvl in [("a", 0), ("b", 1), ("c", 1), ("d", 0), ("e", 1)]:
        doc.para(text, 100, ilvl)
    assert doc.read(tmp_path / "legal.docx") == expected


# --- number formats -----------------------------------------------------------------------------

FORMAT_CASES = [
    ("decimal", "%1.", 1, ["1.", "2.", "3."]),
    ("decimal", "%1.", None, ["0.", "1.", "2."]),  # no w:start: the spec's start is 0
    ("decimalHalfWidth", "%1", 1, ["1", "2", "3"]),
    ("decimalFullWidth", "%1．", 9, ["９．", "１０．", "１１．"]),
    ("decimalFullWidth2", "（%1）", 1, ["（１）", "（２）", "（３）"]),
    ("decimalZero", "%1", 9, ["09", "10", "11"]),
    ("upperRoman", "%1.", 1, ["I.", "II.", "III."]),
    ("lowerRoman", "(%1)", 3, ["(iii)", "(iv)", "(v)"]),
    ("upperLetter", "%1.", 25, ["Y.", "Z.", "AA."]),
    ("lowerLetter", "%1)", 1, ["a)", "b)", "c)"]),
    ("japaneseCounting", "第%1", 9, ["第九", "第十", "第十一"]),
    ("japaneseCounting", "%1、", 22, ["二十二、", "二十三、", "二十四、"]),
    ("japaneseDigitalTenThousand", "%1", 9, ["九", "一〇", "一一"]),
    ("japaneseLegal", "第%1", 1, ["第壱", "第弐", "第参"]),
    ("chineseCounting", "%1、", 19, ["十九、", "二十、", "二十一、"]),
    ("chineseCountingThousand", "%1", 1, ["一", "二", "三"]),
    ("aiueo", "%1", 1, ["ｱ", "ｲ", "ｳ"]),
    ("aiueoFullWidth", "%1", 1, ["ア", "イ", "ウ"]),
    ("aiueoFullWidth", "（%1）", 1, ["（ア）", "（イ）", "（ウ）"]),
    ("iroha", "%1", 1, ["ｲ", "ﾛ", "ﾊ"]),
    ("irohaFullWidth", "%1", 1, ["イ", "ロ", "ハ"]),
    ("decimalEnclosedCircle", "%1", 1, ["①", "②", "③"]),
    ("decimalEnclosedCircle", "%1", 20, ["⑳", "㉑", "㉒"]),
    ("decimalEnclosedCircleChinese", "%1", 1, ["①", "②", "③"]),
    ("decimalEnclosedParen", "%1", 1, ["⑴", "⑵", "⑶"]),
    ("decimalEnclosedFullstop", "%1", 1, ["⒈", "⒉", "⒊"]),
    ("ideographTraditional", "%1", 1, ["甲", "乙", "丙"]),
    ("ideographZodiac", "%1", 1, ["子", "丑", "寅"]),
    ("bullet", "・", 1, ["・", "・", "・"]),
    ("bullet", "\uf0b7", 1, ["・", "・", "・"]),  # Symbol font
    ("bullet", "\uf06c", 1, ["・", "・", "・"]),  # Wingdings
    ("bullet", "\uf0a7", 1, ["・", "・", "・"]),  # Wingdings
    ("bullet", "■", 1, ["■", "■", "■"]),
    ("none", "", 1, [None, None, None]),
    ("klingon", "%1.", 1, ["1.", "2.", "3."]),  # unknown: decimal
]


@pytest.mark.parametrize(
    ("fmt", "text", "start", "labels"),
    FORMAT_CASES,
    ids=[f"{fmt}-{text}-{start}" for fmt, text, start, _ in FORMAT_CASES],
)
def test_number_formats_in_a_document(
    tmp_path: Path, fmt: str, text: str, start: int | None, labels: list[str | None]
) -> None:
    doc = Doc().list(100, lvl(0, fmt, text, start=start))
    for _ in labels:
        doc.para("項目", 100, 0)
    assert doc.read(tmp_path / "format.docx") == [f"{label} 項目" if label else "項目" for label in labels]


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("decimal", 0, "0"),
        ("decimal", 123, "123"),
        ("decimalZero", 5, "05"),
        ("decimalZero", 100, "100"),
        ("decimalFullWidth", 15, "１５"),
        ("upperRoman", 1994, "MCMXCIV"),
        ("upperRoman", 0, "0"),
        ("lowerRoman", 4, "iv"),
        ("lowerRoman", 49, "xlix"),
        ("upperLetter", 26, "Z"),
        ("upperLetter", 27, "AA"),
        ("upperLetter", 53, "AAA"),
        ("lowerLetter", 0, "0"),
        ("japaneseCounting", 0, "〇"),
        ("japaneseCounting", 10, "十"),
        ("japaneseCounting", 23, "二十三"),
        ("japaneseCounting", 100, "百"),
        ("japaneseCounting", 110, "百十"),
        ("japaneseCounting", 1000, "千"),
        ("japaneseCounting", 2305, "二千三百五"),
        ("japaneseCounting", 10000, "一万"),
        ("japaneseCounting", 12345, "一万二千三百四十五"),
        ("chineseCounting", 30, "三十"),
        ("japaneseLegal", 1, "壱"),
        ("japaneseLegal", 10, "壱拾"),
        ("japaneseLegal", 12, "壱拾弐"),
        ("japaneseLegal", 35, "参拾伍"),
        ("japaneseDigitalTenThousand", 10, "一〇"),
        ("japaneseDigitalTenThousand", 205, "二〇五"),
        ("aiueo", 46, "ﾝ"),
        ("aiueoFullWidth", 46, "ン"),
        ("aiueoFullWidth", 47, "アア"),
        ("irohaFullWidth", 4, "ニ"),
        ("irohaFullWidth", 47, "ス"),
        ("iroha", 47, "ｽ"),
        ("decimalEnclosedCircle", 21, "㉑"),
        ("decimalEnclosedCircle", 35, "㉟"),
        ("decimalEnclosedCircle", 36, "㊱"),
        ("decimalEnclosedCircle", 50, "㊿"),
        ("decimalEnclosedCircle", 51, "51"),
        ("decimalEnclosedCircle", 0, "0"),
        ("decimalEnclosedParen", 20, "⒇"),
        ("decimalEnclosedParen", 21, "21"),
        ("decimalEnclosedFullstop", 20, "⒛"),
        ("ideographTraditional", 10, "癸"),
        ("ideographTraditional", 11, "甲"),
        ("ideographZodiac", 12, "亥"),
        ("bullet", 3, ""),
        ("none", 3, ""),
        ("somethingNew", 7, "7"),
    ],
)
def test_format_number(fmt: str, value: int, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_custom_zero_padded_format_from_alternate_content(tmp_path: Path) -> None:
    # Word 2010 writes "001, 002, …" as a w14 custom format with a fallback for older readers.
    custom = (
        f'<w:lvl w:ilvl="0" {MC}><w:start w:val="9"/><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1"/></w:lvl>'
    )
    other = custom.replace('w:ilvl="0"', 'w:ilvl="1"').replace("001, 002, 003", "壱, 弐, 参")
    doc = Doc().list(100, custom, other.replace('w:val="%1"', 'w:val="%2"'))
    doc.para("a", 100, 0)
    doc.para("b", 100, 0)
    doc.para("c", 100, 1)  # an unknown custom format: the fallback's
    assert doc.read(tmp_path / "custom.docx") == ["009 a", "010 b", "9 c"]


def test_picture_bullet_reads_as_a_bullet(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, "bullet", "", extra='<w:lvlPicBulletId w:val="0"/>'))
    doc.para("画像の箇条", 100, 0)
    assert doc.read(tmp_path / "picture.docx") == ["・ 画像の箇条"]


@pytest.mark.parametrize(
    ("suff", "expected"),
    [(None, "（１） 組織"), ("tab", "（１） 組織"), ("space", "（１） 組織"), ("nothing", "（１）組織")],
)
def test_separator_after_the_label(tmp_path: Path, suff: str | None, expected: str) -> None:
    extra = "" if suff is None else f'<w:suff w:val="{suff}"/>'
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "（%1）", extra=extra))
    doc.para("組織", 100, 0)
    assert doc.read(tmp_path / "suffix.docx") == [expected]


def test_no_separator_after_a_label_ending_in_a_space(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1　"))
    doc.para("政策体系", 100, 0)
    assert doc.read(tmp_path / "spaced.docx") == ["第１　政策体系"]


# --- counters: restarts, overrides, sharing -----------------------------------------------------


@pytest.mark.parametrize(
    ("restart", "expected"),
    [
        (None, ["第１ a", "（１） b", "（２） c", "第２ d", "（１） e"]),
        ('<w:lvlRestart w:val="0"/>', ["第１ a", "（１） b", "（２） c", "第２ d", "（３） e"]),
    ],
    ids=["default", "never"],
)
def test_lvl_restart(tmp_path: Path, restart: str | None, expected: list[str]) -> None:
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1"), lvl(1, "decimalFullWidth", "（%2）", extra=restart or ""))
    for text, ilvl in [("a", 0), ("b", 1), ("c", 1), ("d", 0), ("e", 1)]:
        doc.para(text, 100, ilvl)
    assert doc.read(tmp_path / "restart.docx") == expected


def test_lvl_restart_on_a_shallower_level_only(tmp_path: Path) -> None:
    # Level 3 (ilvl 2) restarts only when level 1 (ilvl 0) is used, not under each level 2.
    doc = Doc().list(
        100,
        lvl(0, text="%1"),
        lvl(1, "lowerLetter", "%2"),
        lvl(2, "decimalEnclosedCircle", "%3", extra='<w:lvlRestart w:val="1"/>'),
    )
    for text, ilvl in [("a", 0), ("b", 1), ("c", 2), ("d", 1), ("e", 2), ("f", 0), ("g", 1), ("h", 2)]:
        doc.para(text, 100, ilvl)
    assert doc.read(tmp_path / "restart1.docx") == ["1 a", "a b", "① c", "b d", "② e", "2 f", "a g", "① h"]


def test_start_override_on_a_second_num(tmp_path: Path) -> None:
    doc = Doc().abstract(100, lvl(0, "decimalFullWidth", "第%1")).num(100, 100)
    doc.num(101, 100, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>')
    doc.num(102, 100, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    for text, num_id in [("a", 100), ("b", 100), ("c", 101), ("d", 101), ("e", 102), ("f", 102)]:
        doc.para(text, num_id, 0)
    assert doc.read(tmp_path / "override.docx") == ["第１ a", "第２ b", "第５ c", "第６ d", "第１ e", "第２ f"]


def test_nums_sharing_an_abstract_continue_one_sequence(tmp_path: Path) -> None:
    # As in Word: counters belong to the abstractNum; an override restarts only where its
    # num is first used, and the other num then counts on.
    doc = Doc().abstract(100, lvl(0, text="%1.")).num(100, 100).num(101, 100)
    doc.num(102, 100, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="8"/></w:lvlOverride>')
    doc.list(200, lvl(0, "upperLetter", "%1."))
    for text, num_id in [("a", 100), ("b", 101), ("c", 200), ("d", 100), ("e", 102), ("f", 100), ("g", 102)]:
        doc.para(text, num_id, 0)
    assert doc.read(tmp_path / "shared.docx") == ["1. a", "2. b", "A. c", "3. d", "8. e", "9. f", "10. g"]


def test_level_override_with_a_whole_level(tmp_path: Path) -> None:
    doc = Doc().abstract(100, lvl(0, "decimalFullWidth", "（%1）"), lvl(1, text="%2")).num(100, 100)
    doc.num(101, 100, f'<w:lvlOverride w:ilvl="0">{lvl(0, "aiueoFullWidth", "（%1）", start=2)}</w:lvlOverride>')
    doc.para("a", 100, 0)
    doc.para("b", 101, 0)
    doc.para("c", 101, 0)
    doc.para("d", 101, 1)
    assert doc.read(tmp_path / "lvl-override.docx") == ["（１） a", "（イ） b", "（ウ） c", "1 d"]


def test_empty_numbered_paragraphs_count_but_stay_empty(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1"))
    doc.para("a", 100, 0)
    doc.para("", 100, 0)
    doc.para("c", 100, 0)
    assert doc.read(tmp_path / "empty.docx") == ["第１ a", "", "第３ c"]


def test_numbering_continues_through_tables_and_text_boxes(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, "decimalEnclosedCircle", "%1"))
    doc.para("本文", 100, 0)
    table = doc.document.add_table(rows=1, cols=2)
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "セル内"
    cell.paragraphs[0]._p.get_or_add_pPr().append(numpr(100, 0))
    anchor = doc.para("枠の前", 100, 0)
    box = parse_xml(
        f"<w:r {W} {MC}><mc:AlternateContent><mc:Choice><w:drawing><w:anchor><w:txbxContent><w:p><w:pPr>"
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="100"/></w:numPr></w:pPr><w:r><w:t>枠内</w:t></w:r></w:p>'
        "</w:txbxContent></w:anchor></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent></w:r>"
    )
    anchor._p.append(box)
    doc.para("後", 100, 0)
    assert [text for text in doc.read(tmp_path / "table.docx") if text] == [
        "① 本文",
        "② セル内",
        "③ 枠の前",
        "④ 枠内",
        "⑤ 後",
    ]


# --- numbering through styles -------------------------------------------------------------------


def test_style_linked_numbering_with_paragraph_overrides(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1"), lvl(1, "decimalFullWidth", "（%2）"))
    doc.style_numbering("Heading 1", 100)  # level 0: no ilvl
    doc.style_numbering("Heading 2", 100, 1)
    derived = doc.document.styles.add_style("見出し派生", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = doc.document.styles["Heading 1"]
    doc.para("政策体系", style="Heading 1")
    doc.para("組織", style="Heading 2")
    doc.para("格上げした見出し", ilvl=0, style="Heading 2")  # the paragraph's level wins
    doc.para("人事", style="Heading 2")
    doc.para("番号なしの見出し", num_id=0, style="Heading 1")  # numId 0: numbering off
    doc.para("派生スタイルの見出し", style="見出し派生")  # numbering through basedOn
    doc.para("本文")
    assert doc.read(tmp_path / "styles.docx") == [
        "第１ 政策体系",
        "（１） 組織",
        "第２ 格上げした見出し",
        "（１） 人事",
        "番号なしの見出し",
        "第３ 派生スタイルの見出し",
        "本文",
    ]


def test_style_level_from_the_level_linked_to_the_style(tmp_path: Path) -> None:
    # The style gives only the numId; the w:lvl naming the style (w:pStyle) gives the level.
    doc = Doc().list(
        100,
        lvl(0, "decimalFullWidth", "第%1", extra='<w:pStyle w:val="Heading1"/>'),
        lvl(1, "decimalFullWidth", "%2．", extra='<w:pStyle w:val="Heading2"/>'),
    )
    doc.style_numbering("Heading 1", 100)
    doc.style_numbering("Heading 2", 100)
    doc.para("政策体系", style="Heading 1")
    doc.para("組織", style="Heading 2")
    assert doc.read(tmp_path / "pstyle.docx") == ["第１ 政策体系", "１． 組織"]


def test_direct_num_id_zero_switches_numbering_off(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, text="%1."))
    doc.para("a", 100, 0)
    doc.para("b", 0, 0)
    doc.para("c", 100, 0)
    assert doc.read(tmp_path / "off.docx") == ["1. a", "b", "2. c"]


def test_num_style_link(tmp_path: Path) -> None:
    # num 100 -> abstract 100, whose levels are those of the numbering style 架空リスト:
    # that style's num 101 -> abstract 101, which carries styleLink 架空リスト.
    doc = Doc()
    doc.abstract(100, head='<w:numStyleLink w:val="KakuList"/>')
    doc.abstract(101, lvl(0, "aiueoFullWidth", "%1．"), head='<w:styleLink w:val="KakuList"/>')
    doc.num(100, 100).num(101, 101)
    doc.document.styles.element.append(
        parse_xml(
            f'<w:style {W} w:type="numbering" w:styleId="KakuList"><w:name w:val="架空リスト"/>'
            '<w:pPr><w:numPr><w:numId w:val="101"/></w:numPr></w:pPr></w:style>'
        )
    )
    doc.para("a", 100, 0)
    doc.para("b", 100, 0)
    assert doc.read(tmp_path / "link.docx") == ["ア． a", "イ． b"]


def test_default_template_list_styles(tmp_path: Path) -> None:
    doc = Doc()
    doc.para("箇条書き", style="List Bullet")  # Symbol-font bullet U+F0B7
    doc.para("番号付き", style="List Number")
    doc.para("番号付き", style="List Number")
    assert doc.read(tmp_path / "template.docx") == ["・ 箇条書き", "1. 番号付き", "2. 番号付き"]


# --- broken numbering ---------------------------------------------------------------------------


BROKEN_CASES: dict[str, tuple[str, str, str]] = {
    # name: (numbering XML to add, numId, ilvl)
    "missing-abstract": (f'<w:num {W} w:numId="300"><w:abstractNumId w:val="999"/></w:num>', "300", "0"),
    "missing-num": ("", "555", "0"),
    "ilvl-out-of-range": ("", "100", "12"),
    "ilvl-negative": ("", "100", "-1"),
    "level-not-defined": ("", "100", "3"),
    "bad-num-id": ("", "abc", "0"),
    "bad-ilvl": ("", "100", "1.5"),
    "huge-num-id": ("", "99999999999999999999", "0"),
    "bad-abstract-id": (f'<w:num {W} w:numId="300"><w:abstractNumId w:val="x"/></w:num>', "300", "0"),
    "num-without-abstract": (f'<w:num {W} w:numId="300"/>', "300", "0"),
    "bad-start": (
        f'<w:abstractNum {W} w:abstractNumId="300">{lvl(0, start="one")}</w:abstractNum>'
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="300"/></w:num>',
        "300",
        "0",
    ),
    "reference-to-undefined-level": (
        f'<w:abstractNum {W} w:abstractNumId="300">{lvl(0, text="%1.%2")}</w:abstractNum>'
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="300"/></w:num>',
        "300",
        "0",
    ),
    "bad-start-override": (
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="100"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="?"/></w:lvlOverride></w:num>',
        "300",
        "0",
    ),
    "style-link-to-nothing": (
        f'<w:abstractNum {W} w:abstractNumId="300"><w:numStyleLink w:val="NoSuchStyle"/></w:abstractNum>'
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="300"/></w:num>',
        "300",
        "0",
    ),
    "style-link-loop": (
        f'<w:abstractNum {W} w:abstractNumId="300"><w:numStyleLink w:val="Loop"/></w:abstractNum>'
        f'<w:abstractNum {W} w:abstractNumId="301"><w:styleLink w:val="Loop"/><w:numStyleLink w:val="Loop"/></w:abstractNum>'
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="300"/></w:num>',
        "300",
        "0",
    ),
    "level-without-text": (
        f'<w:abstractNum {W} w:abstractNumId="300"><w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl></w:abstractNum>'
        f'<w:num {W} w:numId="300"><w:abstractNumId w:val="300"/></w:num>',
        "300",
        "0",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_CASES))
def test_broken_numbering_gives_the_bare_text(tmp_path: Path, case: str) -> None:
    xml, num_id, ilvl = BROKEN_CASES[case]
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1"))
    for element in parse_xml(f"<w:numbering {W}>{xml}</w:numbering>"):
        doc.numbering.append(element)
    doc.para("前", 100, 0)
    doc.para("壊れた番号", num_id, ilvl)
    doc.para("後", 100, 0)
    assert doc.read(tmp_path / "broken.docx") == ["第１ 前", "壊れた番号", "第２ 後"]


def test_style_with_a_bad_num_pr(tmp_path: Path) -> None:
    doc = Doc().list(100, lvl(0, text="%1."))
    doc.style_numbering("Heading 1", "bad")
    doc.para("見出し", style="Heading 1")
    doc.para("本文", 100, 0)
    assert doc.read(tmp_path / "bad-style.docx") == ["見出し", "1. 本文"]


@pytest.mark.parametrize("dropped", [["numbering"], ["styles"], ["numbering", "styles"]])
def test_package_without_numbering_or_styles_part(tmp_path: Path, dropped: list[str]) -> None:
    doc = Doc().list(100, lvl(0, text="%1."))
    doc.style_numbering("Heading 1", 100)
    doc.para("見出し", style="Heading 1")
    doc.para("本文", 100, 0)
    reltypes = {"numbering": RELATIONSHIP_TYPE.NUMBERING, "styles": RELATIONSHIP_TYPE.STYLES}
    part = doc.document.part
    for name in dropped:
        for rid, rel in list(part.rels.items()):
            if rel.reltype == reltypes[name]:
                part.drop_rel(rid)
    texts = doc.read(tmp_path / "parts.docx")
    if "numbering" in dropped:
        assert texts == ["見出し", "本文"]
    else:  # no styles: the direct numbering only
        assert texts == ["見出し", "1. 本文"]


_VALUES = st.one_of(
    st.integers(min_value=-3, max_value=60).map(str),
    st.sampled_from(["", "x", "1.5", "99999999999", " 2 ", "-0"]),
)
_TEXTS = st.text(alphabet="%123456789.第（）-\uf0b7・ a", max_size=8)
_FORMATS = st.sampled_from(
    [
        "decimal",
        "upperRoman",
        "lowerLetter",
        "japaneseCounting",
        "aiueoFullWidth",
        "bullet",
        "none",
        "decimalEnclosedCircle",
        "?",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    levels=st.lists(
        st.tuples(_VALUES, _VALUES, _FORMATS, _TEXTS, st.one_of(st.none(), _VALUES), st.booleans()), max_size=5
    ),
    overrides=st.lists(st.tuples(_VALUES, st.one_of(st.none(), _VALUES)), max_size=3),
    paragraphs=st.lists(st.tuples(st.one_of(st.none(), _VALUES), st.one_of(st.none(), _VALUES)), max_size=12),
)
def test_arbitrary_numbering_never_raises(
    levels: list[tuple[str, str, str, str, str | None, bool]],
    overrides: list[tuple[str, str | None]],
    paragraphs: list[tuple[str | None, str | None]],
) -> None:
    level_xml = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f"<w:lvlText w:val={quoteattr(text)}/>"
        + ("" if restart is None else f'<w:lvlRestart w:val="{restart}"/>')
        + ("<w:isLgl/>" if legal else "")
        + "</w:lvl>"
        for ilvl, start, fmt, text, restart, legal in levels
    )
    override_xml = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}">'
        + ("" if start is None else f'<w:startOverride w:val="{start}"/>')
        + "</w:lvlOverride>"
        for ilvl, start in overrides
    )
    numbering = parse_xml(
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{level_xml}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        f'<w:num w:numId="2"><w:abstractNumId w:val="1"/>{override_xml}</w:num></w:numbering>'
    )
    counter = Numbering(numbering, None)
    for num_id, ilvl in paragraphs:
        paragraph = parse_xml(f"<w:p {W}><w:pPr/></w:p>")
        if num_id is not None or ilvl is not None:
            paragraph[0].append(numpr(num_id, ilvl))
        assert isinstance(counter.label(paragraph), str)


# --- end to end ---------------------------------------------------------------------------------


def _objective(path: Path) -> Path:
    doc = Doc().list(100, lvl(0, "decimalFullWidth", "第%1"), lvl(1, "decimalFullWidth", "（%2）"))
    doc.para("国立研究開発法人架空研究機構が達成すべき業務運営に関する目標")
    doc.para("")
    doc.para("政策体系における法人の位置付け及び役割", 100, 0)
    doc.para("架空研究機構は、架空分野の研究開発を担う中核的な機関である。")
    doc.para("中長期目標の期間", 100, 0)
    doc.para("中長期目標の期間は、令和８年４月から令和15年３月までの７年間とする。")
    doc.para("研究開発の成果の最大化その他の業務の質の向上に関する事項", 100, 0)
    doc.para("架空分野の基礎研究", 100, 1)
    doc.para("基礎研究を推進する。")
    doc.para("成果の社会実装", 100, 1)
    doc.para("成果の社会実装を進める。")
    doc.document.save(str(path))
    return path


def test_auto_numbered_objective_reads_with_its_labels(tmp_path: Path) -> None:
    assert [line.text for line in read_source(_objective(tmp_path / "objective.docx")).lines] == [
        "国立研究開発法人架空研究機構が達成すべき業務運営に関する目標",
        "",
        "第１ 政策体系における法人の位置付け及び役割",
        "架空研究機構は、架空分野の研究開発を担う中核的な機関である。",
        "第２ 中長期目標の期間",
        "中長期目標の期間は、令和８年４月から令和15年３月までの７年間とする。",
        "第３ 研究開発の成果の最大化その他の業務の質の向上に関する事項",
        "（１） 架空分野の基礎研究",
        "基礎研究を推進する。",
        "（２） 成果の社会実装",
        "成果の社会実装を進める。",
    ]


def test_auto_numbered_objective_parses_into_sections(tmp_path: Path) -> None:
    result = parse_source(read_source(_objective(tmp_path / "objective.docx")))
    assert len(result.documents) == 1
    document = result.documents[0]
    assert document.title == "国立研究開発法人架空研究機構が達成すべき業務運営に関する目標"
    assert [(section.label, section.title) for section in document.sections] == [
        ("第１", "政策体系における法人の位置付け及び役割"),
        ("第２", "中長期目標の期間"),
        ("第３", "研究開発の成果の最大化その他の業務の質の向上に関する事項"),
    ]
    assert [(child.label, child.title) for child in document.sections[2].children] == [
        ("（１）", "架空分野の基礎研究"),
        ("（２）", "成果の社会実装"),
    ]
    assert document.period is not None
