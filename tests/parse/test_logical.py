"""Rebuilding logical lines from PDF-extracted text, keeping physical line provenance."""

from __future__ import annotations

from hyoka.parse.logical import LogicalLine, build_logical_lines, is_page_number
from hyoka.sources import text_source_from_string


def logical(text: str) -> list[LogicalLine]:
    return build_logical_lines(text_source_from_string(text).lines)


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


def test_forced_breaks_keep_a_title_alone() -> None:
    text = "\n".join(
        ["本文の段落である。 ", "", "図の断片で終わらない", "", "○○機構に係る政策体系図", ""] * 8
    )
    source = text_source_from_string(text)
    lines = build_logical_lines(source.lines, breaks=frozenset({5}))
    assert any(ln.lines == (5,) for ln in lines)


def test_heading_after_unclosed_sentence_is_not_swallowed() -> None:
    text = "\n".join(["前の段落は終わる。", "", "（２）組織体制の整備 ", "", "本文 "] * 6)
    texts = [ln.text for ln in logical(text)]
    assert "（２）組織体制の整備" in texts


def test_ascii_words_keep_a_space_across_a_wrap() -> None:
    lines = logical("The agency promotes\n\nresearch. \n\n" + "他の段落 \n\n" * 5)
    assert lines[0].text == "The agency promotes research."


def test_page_numbers() -> None:
    assert is_page_number(" 12 ")
    assert is_page_number("- 3 -")
    assert is_page_number("３")
    assert not is_page_number("１ 年金積立金の管理")
    assert not is_page_number("4,500")
