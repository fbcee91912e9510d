"""Hypothesis strategies for fuzzing: objective documents mutated the ways real input goes wrong,
and results files filled in the ways people fill them in.

Documents start from synthetic bases (the bundled sample, an R&D objective with axes and units)
and go through a random series of mutations: lines shuffled, cut, repeated, joined or split;
digits switched between ASCII, full-width and kanji; marks, labels and headings dropped in odd
places; trailing spaces and blank lines added or taken away; control characters and arbitrary
text inserted; the whole encoded in one of the encodings agencies use, and bytes flipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import strategies as st

from hyoka.samples import sample_path
from tests.parse.test_properties import FRAGMENTS

RD_OBJECTIVE = """\
国立研究開発法人架空医療機構が達成すべき業務運営に関する目標
（中長期目標）
独立行政法人通則法第35条の４第１項の規定に基づき、国立研究開発法人架空医療機構が達成すべき業務運営に関する目標（以下「中長期目標」という。）を定める。
Ⅰ．政策体系における法人の位置付け及び役割
役割を述べる。
Ⅱ．中長期目標の期間
中長期目標の期間は、令和８年４月から令和13年３月までの５年間とする。
Ⅲ．研究開発の成果の最大化その他の業務の質の向上に関する事項
１．研究開発の推進
（１）実用化の推進
【重要度：高】
医療の実用化は国民の健康に直結するため。
【アウトカム指標】
・ 薬事承認件数
＜アウトプット指標＞
○ 企業導出件数 120件／年（中長期目標期間中に累計600件）
（２）基盤の整備
論文数を中長期目標期間中に1,500件以上とする。
【困難度：高】
世界的にも例のない取組であるため。
Ⅳ．業務運営の効率化に関する事項
一般管理費（人件費を除く。）について、毎年度平均で前年度比３％以上の効率化を図る。
Ⅴ．財務内容の改善に関する事項
自己収入の確保に努める。
Ⅵ．その他業務運営に関する重要事項
内部統制を充実する。
Ⅲの１．を一定の事業等のまとまりとして評価する。
別添 評価軸等について
項目 評価軸 評価指標 モニタリング指標
１．研究開発の推進 ○実用化が進んだか。
【評価指標】
・ 企業導出の状況
【モニタリング指標】
・ 論文数
等
"""

BASES = (sample_path().read_text(encoding="utf-8"), RD_OBJECTIVE, RD_OBJECTIVE + "\n" + RD_OBJECTIVE)
ENCODINGS = ("utf-8", "utf-8", "utf-8-sig", "cp932", "euc_jp", "iso2022_jp", "utf-16")
MARKS = (
    "【重要度：高】",
    "【困難度：高】",
    "重要度「高」",
    "【重要度：高、困難度：高】",
    "【難易度：高】",
    "＜重要度：高＞",
)
CONTROL = ("\x00", "\x0c", "\x1b", "\x7f", "\u200b", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\ud7ff", "\U0001f600")
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI = str.maketrans("0123456789０１２３４５６７８９", "〇一二三四五六七八九〇一二三四五六七八九")

Lines = list[str]
Mutation = Callable[[st.DrawFn, Lines], Lines]


def _span(draw: st.DrawFn, lines: Lines) -> tuple[int, int]:
    if not lines:
        return 0, 0
    start = draw(st.integers(0, len(lines) - 1))
    return start, draw(st.integers(start, min(len(lines), start + 40)))


def shuffle_window(draw: st.DrawFn, lines: Lines) -> Lines:
    start, stop = _span(draw, lines)
    window = lines[start:stop]
    random.Random(draw(st.integers(0, 2**16))).shuffle(window)
    return [*lines[:start], *window, *lines[stop:]]


def cut(draw: st.DrawFn, lines: Lines) -> Lines:
    start, stop = _span(draw, lines)
    return [*lines[:start], *lines[stop:]]


def truncate(draw: st.DrawFn, lines: Lines) -> Lines:
    return lines[: draw(st.integers(0, len(lines)))]


def repeat(draw: st.DrawFn, lines: Lines) -> Lines:
    start, stop = _span(draw, lines)
    return [*lines[:stop], *lines[start:stop], *lines[stop:]]


def digits(draw: st.DrawFn, lines: Lines) -> Lines:
    table = draw(st.sampled_from((_FULL, _HALF, _KANJI)))
    if draw(st.booleans()):
        return [line.translate(table) for line in lines]
    start, stop = _span(draw, lines)
    return [line.translate(table) if start <= k < stop else line for k, line in enumerate(lines)]


def _insert(draw: st.DrawFn, lines: Lines, piece: str) -> Lines:
    if not lines:
        return [piece]
    k = draw(st.integers(0, len(lines) - 1))
    at = draw(st.integers(0, len(lines[k])))
    if draw(st.booleans()):
        return [*lines[:k], piece, *lines[k:]]
    return [*lines[:k], lines[k][:at] + piece + lines[k][at:], *lines[k + 1 :]]


def mark(draw: st.DrawFn, lines: Lines) -> Lines:
    return _insert(draw, lines, draw(st.sampled_from(MARKS)))


def fragment(draw: st.DrawFn, lines: Lines) -> Lines:
    return _insert(draw, lines, draw(st.sampled_from(FRAGMENTS)))


def noise(draw: st.DrawFn, lines: Lines) -> Lines:
    return _insert(draw, lines, draw(st.one_of(st.text(max_size=30), st.sampled_from(CONTROL))))


def spacing(draw: st.DrawFn, lines: Lines) -> Lines:
    choice = draw(st.sampled_from(("strip", "trail", "double", "squeeze")))
    if choice == "strip":
        return [line.rstrip() for line in lines]
    if choice == "trail":
        return [line + " " for line in lines]
    if choice == "double":
        return [piece for line in lines for piece in (line, "")]
    return [line for line in lines if line.strip()]


def join_or_split(draw: st.DrawFn, lines: Lines) -> Lines:
    if len(lines) < 2:
        return lines
    k = draw(st.integers(0, len(lines) - 2))
    if draw(st.booleans()):
        return [*lines[:k], lines[k] + lines[k + 1], *lines[k + 2 :]]
    at = draw(st.integers(0, len(lines[k])))
    return [*lines[:k], lines[k][:at], lines[k][at:], *lines[k + 1 :]]


MUTATIONS: tuple[Mutation, ...] = (
    shuffle_window,
    cut,
    truncate,
    repeat,
    digits,
    mark,
    mark,
    fragment,
    fragment,
    noise,
    spacing,
    join_or_split,
)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        lines = draw(st.sampled_from(MUTATIONS))(draw, lines)
    return draw(st.sampled_from(("\n", "\n", "\r\n", "\r"))).join(lines)


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """A mutated document as a file's bytes: encoded, then a few bytes flipped now and then."""
    text = draw(mutated_text())
    data = bytearray(text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace"))
    if data and draw(st.integers(0, 3)) == 0:
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
    return bytes(data)


# --- results files ------------------------------------------------------------------------------

HEADER_NAMES = (
    "目標ID",
    "target_id",
    "指標ID",
    "年度",
    "fiscal_year",
    "実績値",
    "value",
    "単位",
    "出典",
    "備考",
    "",
    "x",
)
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from(
        (
            "1,020",
            "１，０５０",
            "三千",
            "△3",
            "-5",
            "1e400",
            "9" * 400,
            "NaN",
            "INF",
            "-inf",
            "=SUM(A1:A3)",
            "+1",
            "12%",
            "",
            " ",
            "百万",
            "1.5億",
            "0x10",
            "1_000",
        )
    ),
    st.text(max_size=12),
    st.none(),
)
YEARS = st.one_of(
    st.integers(1990, 2040),
    st.sampled_from(("令和8年度", "令和８年度", "R8", "2026年度", "平成30年度", "令和元年度", "二〇二六", "", "=2026")),
    st.text(max_size=8),
    st.none(),
)
UNITS = st.one_of(st.sampled_from(("件", "%", "％", "円", "人", "pt", "", "=A1")), st.text(max_size=4), st.none())


def results_table(target_ids: list[int], indicator_ids: list[int]) -> st.SearchStrategy[list[list[object]]]:
    ids = st.one_of(
        st.sampled_from(target_ids) if target_ids else st.nothing(),
        st.integers(-5, 10**6),
        st.sampled_from(("abc", "", "1.0", "１", "=1+1")),
        st.none(),
    )
    indicators = st.one_of(st.sampled_from(indicator_ids) if indicator_ids else st.nothing(), st.none(), st.just(""))

    # rows as a careful person fills them in, so that whole files get imported too
    plausible = st.tuples(
        st.sampled_from(target_ids) if target_ids else st.none(),
        st.none(),
        st.integers(2026, 2030),
        st.one_of(st.integers(0, 10**6), st.floats(0, 1e6)),
        st.none(),
        st.none(),
    )
    anything = st.tuples(ids, indicators, YEARS, VALUES, UNITS, st.one_of(st.none(), st.text(max_size=20)))

    @st.composite
    def table(draw: st.DrawFn) -> list[list[object]]:
        standard = ["目標ID", "指標ID", "年度", "実績値", "単位", "出典"]
        own = draw(st.integers(0, 3)) == 0
        header = draw(st.lists(st.sampled_from(HEADER_NAMES), max_size=7)) if own else standard
        rows = [list(r) for r in draw(st.lists(st.one_of(plausible, plausible, anything), max_size=12))]
        return [list(header), *rows]

    return table()
