"""Properties every parse must have, on arbitrary text and on text built from objective-document parts.

`parse_text` either raises `NoDocumentError` or returns a `ParseResult` whose line numbers
all point back into the input: a section's `line` is the physical line its label stands on,
every section lies within its parent (and the top headings within their document), depth
grows by one level at a time, annexes lie within their document and documents follow one
another without overlapping.
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
    sections: list[Section], bounds: tuple[int, int], depth: int, lines: list[str], where: str
) -> None:
    for section in sections:
        first, last = section.lines
        here = f"{where} > {section.label}@{section.line}"
        assert first <= last, f"{here}: lines {section.lines} run backwards"
        assert bounds[0] <= first and last <= bounds[1], f"{here}: lines {section.lines} outside {bounds}"
        assert section.level == depth, f"{here}: level {section.level} at depth {depth}"
        assert 1 <= section.line <= len(lines), f"{here}: line {section.line} not in the input"
        label, line_text = _squeeze(section.label), _squeeze(lines[section.line - 1])
        assert label in line_text, f"{here}: label {label!r} not on line {section.line}: {line_text!r}"
        _check_tree(section.children, section.lines, depth + 1, lines, here)


def _check_document(document: Document, lines: list[str]) -> None:
    span = (document.span.start_line, document.span.end_line)
    assert span[0] <= span[1], f"{document.id}: span {span} runs backwards"
    _check_tree(document.sections, span, 1, lines, document.id)
    for annex in document.annexes:
        assert span[0] <= annex.span.start_line <= annex.span.end_line <= span[1], (
            f"{document.id}: annex {annex.label} span {annex.span} outside the document span {span}"
        )


def check_result(result: ParseResult, text: str) -> None:
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
        _check_document(document, lines)


def check_text(text: str) -> None:
    try:
        result = parse_text(text)
    except NoDocumentError:
        return
    check_result(result, text)


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


@st.composite
def document_like(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line, max_size=60))
    if not lines:
        return ""
    seps = draw(st.lists(separator, min_size=len(lines), max_size=len(lines)))
    return "".join(text + sep for text, sep in zip(lines, seps, strict=True))


# --- properties ---------------------------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("")
@example("\n\n\n")
@example("\ufeff第１ 政策体系\n本文")
@example("第１\x0c 政策体系\n本文\x0c")
def test_arbitrary_text_parses_or_reports_no_document(text: str) -> None:
    check_text(text)


@SETTINGS
@given(document_like())
@example("第１ 政策体系\n\n本文。\n第２ 期間\n本文。\n")
@example(
    "○○機構が達成すべき業務運営に関する目標\n（中長期目標）\n第１ 政策体系\n本文。\n別紙１\n政策体系図\n"
    "△△機構が達成すべき業務運営に関する目標\n（中期目標）\nⅠ．政策\n本文。\n"
)
def test_document_like_text_keeps_its_line_invariants(text: str) -> None:
    check_text(text)


def test_bundled_sample_keeps_its_line_invariants() -> None:
    text = sample_path().read_text(encoding="utf-8")
    result = parse_text(text, str(sample_path()))
    check_result(result, text)
    sections = [section for document in result.documents for section, _ in _walk(document.sections)]
    assert len(sections) > 10
