"""Where running text ends: trailing spaces where the text has them, page width where it wraps,
the next line's shape always; physical line provenance kept throughout."""

from __future__ import annotations

import pytest

from tests.parse.support import kinds, logical

DOUBLE_SPACED = "\n".join(
    [
        "第１ 総則 ",
        "",
        "機構は、技術の振興に関する業務を総合的に行い、もって産業の発展に",
        "",
        "寄与することを目的とする。 ",
        "",
        "第２ 中期目標の期間 ",
        "",
    ]
)


def test_soft_wraps_join_and_trailing_space_closes() -> None:
    lines = logical(DOUBLE_SPACED)
    assert [ln.text for ln in lines] == [
        "第１ 総則",
        "機構は、技術の振興に関する業務を総合的に行い、もって産業の発展に寄与することを目的とする。",
        "第２ 中期目標の期間",
    ]
    assert lines[1].lines == (3, 5)
    assert lines[1].closed


def test_provenance_of_a_character() -> None:
    line = logical(DOUBLE_SPACED)[1]
    offset = line.norm.index("寄与")
    assert line.line_at(offset) == 5
    assert line.line_at(0) == 3


def test_page_break_and_page_number_inside_a_paragraph() -> None:
    text = "\n".join(
        [
            "機構は、国の政策に沿って研究開発を推進し、その成果を広く社会に",
            "",
            " 12 ",
            " 還元する。 ",
            "",
            "次の段落である。 ",
        ]
    )
    lines = logical(text)
    assert [ln.text for ln in lines] == [
        "機構は、国の政策に沿って研究開発を推進し、その成果を広く社会に還元する。",
        "次の段落である。",
    ]
    assert lines[0].lines == (1, 4)


def test_figure_lines_packed_together_stay_apart() -> None:
    body = "\n".join(f"本文の段落{n}である。 \n" for n in range(20))
    figure = "\n".join(["国の政策", "機構の目的", "政策体系図"])
    lines = logical(body + "\n" + figure)
    assert [ln.text for ln in lines[-3:]] == ["国の政策", "機構の目的", "政策体系図"]


def test_hand_typed_text_keeps_every_line() -> None:
    text = "第１ 総則\n機構は業務を行う。\n\n第２ 期間\n期間は５年間とする。\n"
    assert [ln.text for ln in logical(text)] == [
        "第１ 総則",
        "機構は業務を行う。",
        "第２ 期間",
        "期間は５年間とする。",
    ]


def test_heading_after_unclosed_sentence_is_not_swallowed() -> None:
    text = "\n".join(["前の段落は終わる。", "", "（２）組織体制の整備 ", "", "本文 "] * 6)
    texts = [ln.text for ln in logical(text)]
    assert "（２）組織体制の整備" in texts


def test_ascii_words_keep_a_space_across_a_wrap() -> None:
    lines = logical("The agency promotes\n\nresearch. \n\n" + "他の段落 \n\n" * 5)
    assert lines[0].text == "The agency promotes research."


# --- text without trailing spaces: the page width says where a paragraph runs on -------------

WIDTH = "機構は、研究開発成果の最大化に向けて、関係機関と連携しつつ、"  # 30 wide characters


def _wrapped(*paragraphs: str, width: int = 30) -> str:
    """Paragraphs broken at `width` characters, as a PDF page breaks them, no trailing spaces."""
    out = []
    for paragraph in paragraphs:
        out += [paragraph[k : k + width] for k in range(0, len(paragraph), width)]
    return "\n".join(out)


LONG = WIDTH * 3 + "その成果を広く社会に還元する。"
OTHER = "次の段落は、前の段落とは別の事柄を述べるものであり、研究開発の基盤の整備について定める。"


def test_without_trailing_spaces_a_full_line_runs_on_and_a_short_one_ends() -> None:
    text = _wrapped(LONG, OTHER, LONG)
    assert [ln.text for ln in logical(text)] == [LONG, OTHER, LONG]


def test_without_trailing_spaces_an_indented_line_after_a_sentence_end_begins_a_paragraph() -> None:
    first = WIDTH * 2  # ends exactly at the page width, with a sentence end
    first = first[:-1] + "。"
    text = _wrapped(first, "　" + OTHER, LONG)
    texts = [ln.text for ln in logical(text)]
    assert texts[0] == first
    assert texts[1].startswith("次の段落")


def test_without_trailing_spaces_a_wrapped_indicator_name_is_whole() -> None:
    """「満たす住宅に係るものの割合」 must not lose the start of its name to the line before."""
    item = "・ 省エネルギー基準を満たす住宅に係るものの割合を中期目標期間の最終年度までに65％以上とする。"
    text = _wrapped(LONG, item, LONG)
    assert item in [ln.text for ln in logical(text)]


def test_without_blank_lines_or_trailing_spaces_headings_and_items_stand_apart() -> None:
    text = "\n".join(
        [
            "第１ 政策体系における法人の位置付け及び役割",
            *_wrapped(LONG).split("\n"),
            "（１）組織体制の整備",
            "・ 論文数 1,200 件以上",
            "・ 特許出願件数 180 件以上",
            "【重要度：高】",
            *_wrapped(OTHER).split("\n"),
        ]
    )
    assert kinds(text) == [
        ("heading", "第１ 政策体系における法人の位置付け及び役割"),
        ("paragraph", LONG),
        ("heading", "（１）組織体制の整備"),
        ("item", "・ 論文数 1,200 件以上"),
        ("item", "・ 特許出願件数 180 件以上"),
        ("mark", "【重要度：高】"),
        ("paragraph", OTHER),
    ]


def test_a_cross_reference_at_the_start_of_a_wrapped_line_continues_the_sentence() -> None:
    text = "\n".join(["第１ 総則 ", "", "本中期目標の第３の", "", "１．～３．をそれぞれ評価する。 ", ""])
    assert [ln.text for ln in logical(text)][-1] == "本中期目標の第３の１．～３．をそれぞれ評価する。"


@pytest.mark.parametrize(
    "furniture",
    [["", "- 3 -", "", "中長期目標（案）", ""], ["", "3", ""], ["", "3/10", ""]],
)
def test_page_furniture_inside_a_paragraph_is_dropped(furniture: list[str]) -> None:
    pages = []
    for page in range(1, 6):
        pages += [f"第{page}段落の文章は、ここから始まり、次の頁に", *furniture, f" 続いて{page}頁で終わる。 ", ""]
    texts = [ln.text for ln in logical("\n".join(pages))]
    assert texts[0] == "第1段落の文章は、ここから始まり、次の頁に続いて1頁で終わる。"
    assert "中長期目標（案）" not in texts


def test_a_page_flattened_onto_one_line_is_cut_at_its_labels() -> None:
    page = (
        "第１ 政策体系における法人の位置付け及び役割 機構は技術の振興を図る。"
        "第２ 中期目標の期間 中期目標の期間は、令和８年４月から令和13年３月までの５年間とする。"
        "第３ 業務の質の向上に関する事項 （１）技術相談 技術相談件数を中期目標期間中に4,500件以上とする。"
        "【重要度：高】 地域の中小企業の技術力の向上に直結するため。" + "機構は業務を行う。" * 12
    )
    blocks = logical(page)
    texts = [ln.text for ln in blocks]
    assert any(text.startswith("第２ 中期目標の期間") for text in texts)
    assert any(text.startswith("第３ 業務の質の向上") for text in texts)
    assert {ln.line for ln in blocks} == {1}
