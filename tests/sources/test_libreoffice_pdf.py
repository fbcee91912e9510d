"""Word documents as ministries write them, and the PDFs LibreOffice makes of them, ingest to the
structure their typed text parses to.

The document is made in the test: headings numbered by Word itself (第１ / １． / （１）, not in the
paragraph text), paragraphs long enough to wrap, targets, marks with their reasons, a units
statement, an evaluation-axes table and a 別表 of targets as real Word tables, page numbers in the
footer. LibreOffice converts it with its fonts embedded; pdfium reads it back without blank
lines or trailing spaces, wrapped at the page width, with the page numbers among the lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.model import Document, Section
from hyoka.parse import parse_source, parse_text
from hyoka.settings import Settings
from hyoka.sources import normalize, read_source
from hyoka.store.database import open_database
from hyoka.store.ingest import ingest_file
from hyoka.store.reader import load_document
from tests.sources.word_maker import Block, Para, Table, to_pdf, typed_text, write_docx

AGENCY = "国立研究開発法人架空総合研究機構"
LONG = (
    "機構は、我が国の科学技術の水準の向上を通じた国民経済の健全な発展に資するため、"
    "産業界、大学及び関係機関との連携を一層強化し、研究開発成果の社会実装を加速するとともに、"
    "その成果を広く国民に還元する取組を戦略的かつ継続的に推進すること。"
)


def objective() -> list[Block]:
    blocks: list[Block] = [
        Para(f"{AGENCY}が達成すべき業務運営に関する目標"),
        Para("（中長期目標）"),
        Para("令和８年〇月〇日"),
        Para("文部科学省"),
        Para(
            "独立行政法人通則法（平成11年法律第103号）第35条の４第１項の規定に基づき、"
            f"{AGENCY}が達成すべき業務運営に関する目標（以下「中長期目標」という。）を定める。"
        ),
        Para("政策体系における法人の位置付け及び役割", 0),
        Para(LONG),
        Para(LONG),
        Para("中長期目標の期間", 0),
        Para("中長期目標の期間は、令和８年４月から令和15年３月までの７年間とする。"),
        Para("研究開発の成果の最大化その他の業務の質の向上に関する事項", 0),
        Para("第３の１．及び２．をそれぞれ一定の事業等のまとまりとして評価する。"),
        Para("研究開発の推進", 1),
        Para(LONG),
        Para("基礎研究の推進", 2),
        Para(LONG),
        Para("【重要度：高】"),
        Para("我が国の研究力の強化に直結し、科学技術政策上の重要性が極めて高いため。"),
        Para("（定量目標）"),
        Para("・ 原著論文数を中長期目標期間中に1,500件以上とする。"),
        Para("・ 特許出願件数を毎年度60件以上とする。"),
        Para("成果の社会実装", 2),
        Para(LONG),
        Para("企業との共同研究件数を毎年度120件以上とする。"),
        Para("【困難度：高】"),
        Para("企業の研究開発投資の動向に大きく左右され、機構の取組のみでは達成が容易でないため。"),
        Para("研究基盤の整備", 1),
        Para(LONG),
        Para("施設の共用件数を中長期目標期間中に累計3,000件以上とする。"),
        Para("業務運営の改善及び効率化に関する事項", 0),
        Para(
            "一般管理費（人件費を除く。）について、毎年度平均で前年度比３％以上の効率化を図る。"
            "また、業務経費（人件費を除く。）について、毎年度平均で前年度比１％以上の効率化を図る。"
        ),
        Para(LONG),
        Para("財務内容の改善に関する事項", 0),
        Para("自己収入の確保に努め、適切な財務運営を行う。"),
        Para(LONG),
        Para("その他業務運営に関する重要事項", 0),
        Para("内部統制の充実", 1),
        Para(LONG),
        Para("情報セキュリティ対策", 1),
        Para(LONG),
        Para("別添 評価軸等について"),
        Table(
            [
                [["項目"], ["評価軸"], ["関連する評価指標、モニタリング指標"]],
                [
                    ["１．研究開発の推進"],
                    ["○世界最高水準の研究開発成果が創出されているか。", "○成果の社会実装が進んでいるか。"],
                    ["【評価指標】", "・研究開発成果の創出状況", "【モニタリング指標】", "・論文数", "・特許出願件数"],
                ],
                [
                    ["２．研究基盤の整備"],
                    ["○研究基盤が整備され、広く共用されているか。"],
                    ["【評価指標】", "・共用の状況", "【モニタリング指標】", "・共用件数"],
                ],
            ]
        ),
        Para("別表 数値目標一覧"),
        Table(
            [
                [["項目"], ["指標"], ["目標値"]],
                [["研究開発の推進"], ["原著論文数"], ["1,500件"]],
                [["研究基盤の整備"], ["施設の共用件数"], ["3,000件"]],
            ]
        ),
    ]
    return blocks


def _tree(sections: list[Section]) -> list[Any]:
    """Labels in matching form: LibreOffice prints Word's full-width numbers (第１) half-width (第1)."""
    return [(normalize(s.label), s.title, _tree(s.children)) for s in sections]


def shape(doc: Document) -> dict[str, Any]:
    return {
        "agency": doc.agency.full_name,
        "kind": doc.kind,
        "draft": doc.draft,
        "period": (doc.period.start, doc.period.end) if doc.period else None,
        "sections": _tree(doc.sections),
        "annexes": [a.kind for a in doc.annexes],
        "targets": [(t.indicator, t.value, t.unit, t.comparator, t.scope) for t in doc.targets],
        "flags": [(f.kind, f.level, bool(f.reason)) for f in doc.flags],
        "axes": [
            (r.item.title, len(r.axes), len(r.evaluation_indicators), len(r.monitoring_indicators))
            for r in doc.evaluation_axes
        ],
        "units": [u.title for u in doc.evaluation_units],
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word")
    blocks = objective()
    text = folder / "objective.txt"
    text.write_text(typed_text(blocks), encoding="utf-8")
    word = write_docx(blocks, folder / "objective.docx")
    (pdf,) = to_pdf([word], folder)
    return {"text": text, "docx": word, "pdf": pdf}


def test_the_typed_text_parses_as_written(made: dict[str, Path]) -> None:
    (doc,) = parse_text(made["text"].read_text(encoding="utf-8")).documents
    got = shape(doc)
    assert [s[0] for s in got["sections"]] == ["第1", "第2", "第3", "第4", "第5", "第6"]
    assert [c[0] for c in got["sections"][2][2]] == ["1.", "2."]
    assert len(got["targets"]) == 6
    assert got["axes"] == [("研究開発の推進", 2, 1, 2), ("研究基盤の整備", 1, 1, 1)]
    assert got["units"] == ["研究開発の推進", "研究基盤の整備"]


def test_the_pdf_has_embedded_fonts_and_page_numbers(made: dict[str, Path]) -> None:
    data = made["pdf"].read_bytes()
    assert b"/FontFile2" in data or b"/FontFile3" in data or b"/FontFile" in data
    source = read_source(made["pdf"])
    assert max(line.page or 0 for line in source.lines) >= 2
    assert any(line.text.strip() == "1" for line in source.lines)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_word_and_its_pdf_parse_like_the_typed_text(made: dict[str, Path], kind: str) -> None:
    (typed,) = parse_text(made["text"].read_text(encoding="utf-8")).documents
    (doc,) = parse_source(read_source(made[kind])).documents
    assert shape(doc) == shape(typed)


def test_word_and_its_pdf_ingest_like_the_typed_text(made: dict[str, Path], tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hyoka.sqlite'}")
    (typed,) = parse_text(made["text"].read_text(encoding="utf-8")).documents
    with open_database(settings) as database:
        shapes = []
        for kind in ("docx", "pdf"):
            outcome = ingest_file(database, made[kind], settings)
            assert outcome.status == "stored", outcome.error
            with database() as session:
                shapes.append(shape(load_document(session, outcome.stored[0].id)))
    assert shapes == [shape(typed), shape(typed)]
