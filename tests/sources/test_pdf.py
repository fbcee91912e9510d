"""PDF input: real PDFs drawn with reportlab, read back through pdfium."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib import pdfencrypt

from hyoka.samples import sample_path
from hyoka.sources import SourceError, extract_pdf_text, read_pdf_source, read_source
from hyoka.sources.lines import SourceText
from tests.sources.pdf_maker import make_image_only_pdf, make_pdf

TITLE = "国立研究開発法人　第１ 政策体系 ①"


def _texts(source: SourceText) -> list[str]:
    return [line.text for line in source.lines]


def test_japanese_text_comes_back(tmp_path: Path) -> None:
    lines = [TITLE, "（１）研究開発成果の最大化 ", "令和７年４月１日から令和１４年３月３１日までの７年間とする。"]
    source = read_pdf_source(make_pdf(lines, tmp_path / "plan.pdf"))
    assert _texts(source) == lines


def test_fields_and_provenance(tmp_path: Path) -> None:
    path = make_pdf([TITLE, "２ 目標"], tmp_path / "plan.pdf")
    source = read_pdf_source(path)
    assert source.path == str(path)
    assert source.format == "pdf"
    assert source.encoding == "pdf-text"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [(line.number, line.text, line.norm, line.page) for line in source.lines] == [
        (1, TITLE, "国立研究開発法人第1政策体系①", 1),
        (2, "２ 目標", "2目標", 1),
    ]
    assert source.line(2).text == "２ 目標"


def test_pages_and_numbering_across_pages(tmp_path: Path) -> None:
    lines = [f"第{n}行の本文です。" for n in range(1, 101)]
    source = read_pdf_source(make_pdf(lines, tmp_path / "long.pdf", lines_per_page=40))
    assert _texts(source) == lines
    assert [line.number for line in source.lines] == list(range(1, 101))
    assert [line.page for line in source.lines] == [1] * 40 + [2] * 40 + [3] * 20


def test_pages_without_text_keep_the_page_count(tmp_path: Path) -> None:
    # Page 2 is all blank slots: it gives no line, and page 3 is still page 3.
    lines = ["一頁目の本文"] + [""] * 39 + [""] * 40 + ["三頁目の本文"]
    source = read_pdf_source(make_pdf(lines, tmp_path / "gap.pdf"))
    assert [(line.number, line.text, line.page) for line in source.lines] == [
        (1, "一頁目の本文", 1),
        (2, "三頁目の本文", 3),
    ]


# What pdfium gives back for lines drawn one per slot (see the notes in hyoka.sources.pdf).
# These pin pdfium's behaviour: a change here after a pypdfium2 upgrade changes what the
# parser sees.
@pytest.mark.parametrize(
    ("drawn", "read"),
    [
        # Trailing spaces: one is kept, a run becomes one; none stays none.
        (["見出し ", "折り返し行", "続き。 "], ["見出し ", "折り返し行", "続き。 "]),
        (["本文の行  ", "次の行   "], ["本文の行 ", "次の行 "]),
        # ASCII space runs inside a line collapse too; ideographic spaces do not.
        (["a  b   c", "全角　　空白", "　字下げ"], ["a b c", "全角　　空白", "　字下げ"]),
        # Leading spaces are kept.
        ([" 独立行政法人通則法", " ２．調達の合理化 "], [" 独立行政法人通則法", " ２．調達の合理化 "]),
        # Blank slots give no line: double spacing comes back single.
        (["第１ 目標 ", "", "本文です。", "", "", "次の段落 "], ["第１ 目標 ", "本文です。", "次の段落 "]),
        # A slot holding one space gives nothing, two or more spaces give one line " ".
        (["前の行 ", " ", "後の行 "], ["前の行 ", "後の行 "]),
        (["前の行 ", "  ", "後の行 ", "   ", "最後"], ["前の行 ", " ", "後の行 ", " ", "最後"]),
        # Page-number-like short lines of two or more characters survive.
        (["本文の行です。", " 3 ", "－１－", "- 3 -", "等 "], ["本文の行です。", " 3 ", "－１－", "- 3 -", "等 "]),
    ],
)
def test_pdfium_line_behaviour(tmp_path: Path, drawn: list[str], read: list[str]) -> None:
    assert _texts(read_pdf_source(make_pdf(drawn, tmp_path / "lines.pdf"))) == read


def test_single_cjk_character_lines_are_lost_with_a_non_embedded_font(tmp_path: Path) -> None:
    # A known loss (see the module notes): pdfium drops text objects without width, which is
    # what one glyph of a non-embedded CJK font is when no Japanese font is installed for
    # pdfium to substitute. With such a font installed the line comes back: either is fine.
    source = read_pdf_source(make_pdf(["本文の行", "等", "次の行"], tmp_path / "short.pdf"))
    assert _texts(source) in (["本文の行", "次の行"], ["本文の行", "等", "次の行"])


def test_hyphen_joins_are_undone(tmp_path: Path) -> None:
    path = make_pdf(["informa-", "tion here", "研究開発-", "成果 ", "2025-", "2030"], tmp_path / "hyphen.pdf")
    # pdfium alone joins a line ending in a hyphen after a letter to the next line.
    assert extract_pdf_text(path) == ["informa\ufffetion here\r\n研究開発\ufffe成果 \r\n2025-\r\n2030"]
    source = read_pdf_source(path)
    assert _texts(source) == ["informa-", "tion here", "研究開発-", "成果 ", "2025-", "2030"]
    assert [line.number for line in source.lines] == list(range(1, 7))


def test_extract_pdf_text_is_pdfium_text_per_page(tmp_path: Path) -> None:
    path = make_pdf(["一頁目 ", "", "二行目", "二頁目"], tmp_path / "two.pdf", lines_per_page=3)
    assert extract_pdf_text(path) == ["一頁目 \r\n二行目", "二頁目"]


def test_read_source_dispatches_pdf(tmp_path: Path) -> None:
    for name in ("plan.pdf", "PLAN.PDF"):
        source = read_source(make_pdf([TITLE], tmp_path / name))
        assert source.format == "pdf"
        assert _texts(source) == [TITLE]


def test_sample_document_loses_nothing(tmp_path: Path) -> None:
    sample = sample_path().read_text(encoding="utf-8").split("\n")
    if sample[-1] == "":
        sample.pop()
    source = read_source(make_pdf(sample, tmp_path / "sample.pdf", lines_per_page=40))
    expected = [(line.strip(), index // 40 + 1) for index, line in enumerate(sample) if line.strip()]
    assert [(line.text.strip(), line.page) for line in source.lines] == expected
    # More than the brief: the texts come back exactly, spaces at either end included,
    # since the sample has no runs of spaces and no one-character lines.
    assert _texts(source) == [line for line in sample if line.strip()]


# --- bad input ----------------------------------------------------------------------------------


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = make_pdf([TITLE], tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(SourceError, match="encrypted PDF: hyoka cannot read password-protected files") as caught:
        read_source(path)
    assert caught.value.path == str(path)


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    # Permissions only (no copying, no printing): no password is needed to open it.
    encryption = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    path = make_pdf([TITLE], tmp_path / "restricted.pdf", encrypt=encryption)
    assert _texts(read_source(path)) == [TITLE]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is not a PDF at all\n",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        bytes(range(256)) * 8,
    ],
)
def test_corrupt_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(SourceError, match="not a readable PDF"):
        read_source(path)


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = make_pdf([TITLE] * 50, tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(SourceError, match="not a readable PDF"):
        read_source(path)


def test_pdf_without_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    empty = pdfium.PdfDocument.new()
    empty.save(str(path))
    empty.close()
    # pdfium keeps its last error across loads: an earlier failure must not be reported here.
    with pytest.raises(SourceError, match="encrypted"):
        read_source(make_pdf([TITLE], tmp_path / "locked.pdf", encrypt="secret"))
    with pytest.raises(SourceError, match="not a readable PDF: it has no pages"):
        read_source(path)


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    path = make_image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(SourceError, match=r"no text layer \(scanned image\?\): run OCR first"):
        read_source(path)


def test_blank_pdf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="text layer"):
        read_source(make_pdf(["", "", ""], tmp_path / "blank.pdf"))


def test_missing_pdf_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.pdf")
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path / "folder.pdf")


def test_error_message_is_one_line_with_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"garbage")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)
