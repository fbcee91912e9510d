"""Properties every parse must have, on arbitrary text and on text built from objective-document parts.

`parse_text` either raises `NoDocumentError` or returns a `ParseResult` whose line numbers
all point back into the input: a section's `line` is the physical line its label stands on,
every section lies within its parent (and the top headings within their document), depth
grows by one level at a time, annexes lie within their document and documents follow one
another without overlapping.

The label property is checked apart from the others (`labels=`), so that a known failure of it
can be marked without hiding failures of the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hyoka.model import Document, ParseResult, Section
from hyoka.parse import parse_text
from hyoka.parse.bundle import NoDocumentError
from hyoka.samples import sample_path

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Physical lines as the user's editor counts them: only CR LF, CR and LF break a line.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    """NFKC form without any whitespace: what a label must be found in on its line."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _physical_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text.removeprefix("\ufeff"))


def _walk(sections: list[Section], depth: int = 1) -> Iterator[tuple[Section, int]]:
    for section in sections:
        yield section, depth
        yield from _walk(section.children, depth + 1)


def _check_tree(
    sections: list[Section], bounds: tuple[int, int], depth: int, lines: list[str], where: str, *, labels: bool
) -> None:
    for section in sections:
        first, last = section.lines
        here = f"{where} > {section.label}@{section.line}"
        assert first <= last, f"{here}: lines {section.lines} run backwards"
        assert bounds[0] <= first <= last <= bounds[1], f"{here}: lines {section.lines} outside {bounds}"
        assert first <= section.line <= last, f"{here}: line {section.line} outside its lines {section.lines}"
        assert section.level == depth, f"{here}: level {section.level} at depth {depth}"
        assert 1 <= section.line <= len(lines), f"{here}: line {section.line} not in the input"
        if labels:
            # the label starts on its line; a soft wrap may carry its end to the next one (第 / １ 政策体系)
            label, line_text = _squeeze(section.label), _squeeze(lines[section.line - 1])
            run_on = "".join(_squeeze(line) for line in lines[section.line : section.line + 3])
            where_found = (line_text + run_on).find(label)
            assert 0 <= where_found < len(line_text), (
                f"{here}: label {label!r} does not start on line {section.line}: {line_text!r}"
            )
        _check_tree(section.children, section.lines, depth + 1, lines, here, labels=labels)


def _check_document(document: Document, lines: list[str], *, labels: bool) -> None:
    span = (document.span.start_line, document.span.end_line)
    assert span[0] <= span[1], f"{document.id}: span {span} runs backwards"
    _check_tree(document.sections, span, 1, lines, document.id, labels=labels)
    for annex in document.annexes:
        assert span[0] <= annex.span.start_line <= annex.span.end_line <= span[1], (
            f"{document.id}: annex {annex.label} span {annex.span} outside the document span {span}"
        )


def check_result(result: ParseResult, text: str, *, labels: bool = True) -> None:
    lines = _physical_lines(text)
    assert result.source.line_count <= len(lines)
    assert result.documents, "a successful parse has at least one document"
    previous_end = 0
    for document in result.documents:
        assert document.span.start_line > previous_end, (
            f"{document.id}: span {document.span} overlaps or precedes the previous document"
        )
        assert document.span.end_line <= result.source.line_count
        previous_end = document.span.end_line
        _check_document(document, lines, labels=labels)


def check_text(text: str, *, labels: bool = True) -> None:
    """Parse `text`: only `NoDocumentError` may escape, and a result must keep the properties."""
    try:
        result = parse_text(text)
    except NoDocumentError:
        return
    check_result(result, text, labels=labels)


# --- strategies ---------------------------------------------------------------------------------

_HEADINGS = (
    "第１ 政策体系",
    "第２　中長期目標の期間",
    "第３ 研究開発の成果の最大化その他の業務の質の向上に関する事項",
    "Ⅰ．政策体系における法人の位置付け及び役割",
    "Ⅱ 中期目標の期間",
    "Ⅲ．研究開発",
    "Ⅳ．業務運営の効率化に関する事項",
    "１．法人の使命",
    "２．中長期目標の期間",
    "２. 国民から求められる役割",
    "３．１ 戦略",
    "３．２ 研究開発",
    "１．１．宇宙安全保障の確保",
    "１ 年金積立金の管理及び運用",
    "（１）組織",
    "（２）人員体制の整備",
    "⑴ 研究開発",
    "① 医薬品",
    "② 医療機器",
    "（ア）基礎研究",
    "ア 研究開発",
    "イ．人材育成",
    "一 総則",
    "＜法人の使命＞",
    "＜目標水準の考え方＞",
    "【１．１ 世界最高水準の研究開発】",
    "【重要度：高】",
    "別紙１",
    "別添２",
    "（別紙２）",
    "別表",
)
_OPENINGS = (
    "○○機構が達成すべき業務運営に関する目標",
    "国立研究開発法人○○研究所が",
    "達成すべき業務運営に関する目標",
    "独立行政法人日本架空振興機構が達成すべき業務運営に関する目標",
    "（中長期目標）",
    "（中期目標）",
    "（案）",
    "令和７年〇月〇日",
    "経 済 産 業 省",
    "独立行政法人通則法第35条の４の規定により、○○が達成すべき業務運営に関する目標"
    "（以下「中長期目標」という。）を定める。",
    "独立行政法人通則法（平成 11 年法律第 103 号）第 29 条第１項の規定に基づき、",
    "を次のとおり定める。",
    "中長期目標の期間は、令和７年４月から令和 14 年３月までの７年間とする。",
)
_FILLER = (
    "",
    "",
    " ",
    "　",
    " 3 ",
    "- 12 -",
    "機構は、研究開発の成果の最大化を図ること。 ",
    "我が国の科学技術の水準の向上を通じた国民経済の発展に資する。",
    "・ 論文数 1,200 件以上",
    "※政策体系図は別紙１のとおり。",
    "第３の１．～３．をそれぞれ一定の事業等のまとまりとして評価する。",
    "Ⅲ．１．２項において定める。",
    "１００ 年間の取組",
    "政策体系図",
    "評価軸",
    "項目 評価軸 評価指標 モニタリング指標",
    "使命等と目標との関係",
)
FRAGMENTS = _HEADINGS + _OPENINGS + _FILLER

_JAPANESE = st.sampled_from(
    "あいうえおかきくけこのにをはがとですること。、「」（）・"
    "アイウエオカキクケコ機構法人目標期間研究開発業務運営評価第事項年度月日令和"
    "０１２３４５６７８９0123456789ⅠⅡⅢⅣ①②③⑴○〇◆※＜＞【】 　"
)
japanese_line = st.text(_JAPANESE, max_size=30)
# A line made from a typical fragment: as is, with trailing spaces, or with text appended.
fragment_line = st.builds(
    lambda fragment, tail, suffix: fragment + suffix + tail,
    st.sampled_from(FRAGMENTS),
    st.sampled_from(("", " ", "  ", "　", "\t")),
    st.sampled_from(("", "", "", "の推進", "について、機構は")),
)
line = st.one_of(fragment_line, fragment_line, japanese_line, st.text(max_size=20))
separator = st.sampled_from(("\n", "\n", "\n", "\n\n", "\r\n", " \n"))


def _join(draw: st.DrawFn, lines: list[str]) -> str:
    seps = draw(st.lists(separator, min_size=len(lines), max_size=len(lines)))
    return "".join(text + sep for text, sep in zip(lines, seps, strict=True))


@st.composite
def fragment_soup(draw: st.DrawFn) -> str:
    """Lines drawn independently: typical fragments, Japanese text and arbitrary text."""
    return _join(draw, draw(st.lists(line, max_size=60)))


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_TITLES = ("政策体系", "研究開発の推進", "業務運営の効率化に関する事項", "組織", "医薬品", "")
number = st.integers(1, 4)


def _fw(value: int) -> str:
    return str(value).translate(_FULLWIDTH)


label = st.one_of(
    st.builds(lambda n, sep: f"第{_fw(n)}{sep}", number, st.sampled_from((" ", "　", ""))),
    st.builds(lambda n, dot: f"{_ROMAN[n - 1]}{dot}", number, st.sampled_from(("．", ".", " "))),
    st.builds(lambda n, dot: f"{_fw(n)}{dot}", number, st.sampled_from(("．", ". ", " "))),
    st.builds(lambda a, b: f"{_fw(a)}．{_fw(b)} ", number, number),
    st.builds(lambda n: f"（{_fw(n)}）", number),
    st.builds(lambda n: f"{_CIRCLED[n - 1]} ", number),
    st.builds(lambda n: f"（{'アイウエ'[n - 1]}）", number),
    st.sampled_from(("＜法人の使命＞", "【重要度：高】", "【１．１ 世界最高水準の研究開発】")),
)
heading = st.builds(
    lambda lab, title, tail: lab + title + tail,
    label,
    st.sampled_from(_TITLES),
    st.sampled_from(("", " ", "  ")),
)
body_line = st.one_of(japanese_line, st.sampled_from(_FILLER))


_SCHEMES = (
    lambda n: f"第{_fw(n)} ",
    lambda n: f"{_ROMAN[n - 1]}．",
    lambda n: f"{_fw(n)}．",
    lambda n: f"（{_fw(n)}）",
    lambda n: f"{_CIRCLED[n - 1]} ",
    lambda n: f"（{'アイウエ'[n - 1]}）",
)


@st.composite
def outline(draw: st.DrawFn, depth: int = 0, schemes: tuple[int, ...] | None = None) -> list[str]:
    """Properly numbered nested headings (１．（１）①…), with text between them."""
    if schemes is None:
        schemes = tuple(draw(st.permutations(range(len(_SCHEMES))))[:3])
    lines: list[str] = []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        lines.append(_SCHEMES[schemes[depth]](n) + draw(st.sampled_from(_TITLES)) + draw(st.sampled_from(("", " "))))
        lines += draw(st.lists(body_line, max_size=2))
        if depth + 1 < len(schemes) and draw(st.booleans()):
            lines += draw(outline(depth + 1, schemes))
    return lines


_ANNEX_LINES = ("別紙１", "（別紙２）", "別添２", "別表", "政策体系図", "評価軸", "使命等と目標との関係")


@st.composite
def pdf_layout(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Lines as PDF extraction prints them: a paragraph end carries a trailing space, a soft wrap
    does not (a line may be wrapped anywhere, headings included), and double spacing."""
    out: list[str] = []
    for text in lines:
        if len(text) >= 2 and draw(st.integers(0, 5)) == 0:
            cut = draw(st.integers(1, len(text) - 1))
            out += [text[:cut], text[cut:].rstrip() + " "]
        else:
            out.append(text.rstrip() + " " if text.strip() else text)
        if draw(st.booleans()):
            out.append("")
    return out


def _typed(lines: list[str]) -> list[str]:
    """Lines as typed by hand: no line ends in a space, so no two lines are ever joined."""
    return [piece.rstrip() for text in lines for piece in _LINE_BREAK.split(text)]


@st.composite
def document_like(draw: st.DrawFn, pdf: bool | None = None) -> str:
    """Title block, preamble, numbered headings with text, annexes; sometimes several, with noise.

    `pdf`: laid out like text extracted from a PDF (True), typed by hand (False), either (None).
    """
    lines: list[str] = draw(st.lists(line, max_size=3))
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(st.lists(st.sampled_from(_OPENINGS), max_size=5))
        if draw(st.booleans()):
            lines += draw(outline())
        else:
            for _ in range(draw(st.integers(0, 12))):
                lines.append(draw(heading))
                lines += draw(st.lists(body_line, max_size=3))
        for _ in range(draw(st.integers(0, 3))):
            lines += draw(st.lists(st.sampled_from(_ANNEX_LINES), max_size=2))
            lines += draw(st.lists(line, max_size=4))
    noise = draw(st.lists(st.tuples(st.integers(0, len(lines)), line), max_size=3))
    for position, extra in sorted(noise, reverse=True):
        lines.insert(position, extra)
    if pdf is None:
        pdf = draw(st.booleans())
    if pdf:
        return _join(draw, draw(pdf_layout(lines)))
    return "".join(text + "\n" for text in _typed(lines))


# --- properties ---------------------------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("")
@example("\n\n\n")
@example("\ufeff第１ 政策体系\n本文")
@example("第１\x0c 政策体系\n本文\x0c")
def test_arbitrary_text_parses_or_reports_no_document(text: str) -> None:
    check_text(text, labels=False)


@SETTINGS
@given(fragment_soup())
def test_fragment_soup_keeps_its_line_invariants(text: str) -> None:
    check_text(text, labels=False)


@SETTINGS
@given(document_like(pdf=False))
@example("第１ 政策体系\n\n本文。\n第２ 期間\n本文。\n")
@example(
    "○○機構が達成すべき業務運営に関する目標\n（中長期目標）\n第１ 政策体系\n本文。\n別紙１\n政策体系図\n"
    "△△機構が達成すべき業務運営に関する目標\n（中期目標）\nⅠ．政策\n本文。\n"
)
def test_typed_documents_keep_all_their_line_invariants(text: str) -> None:
    check_text(text, labels=True)


@SETTINGS
@given(document_like(pdf=True))
def test_pdf_laid_out_documents_keep_their_line_invariants(text: str) -> None:
    check_text(text, labels=False)


@SETTINGS
@given(st.one_of(st.text(), fragment_soup(), document_like()))
@example("第\n１ 政策体系 \n")
@example("第１ 政策 \n＜法人の\n使命＞ \n")
def test_labels_stand_on_their_line(text: str) -> None:
    check_text(text, labels=True)


def test_bundled_sample_keeps_all_its_line_invariants() -> None:
    text = sample_path().read_text(encoding="utf-8")
    result = parse_text(text, str(sample_path()))
    check_result(result, text, labels=True)
    sections = [section for document in result.documents for section, _ in _walk(document.sections)]
    assert len(sections) > 10
