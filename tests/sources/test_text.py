"""Text files as numbered lines: splitting, pages, provenance, dispatch."""

from __future__ import annotations

import codecs
import hashlib
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hyoka.sources import SourceError, read_source, read_text_source, text_source_from_string
from hyoka.sources.lines import SourceText


def _texts(source: SourceText) -> list[str]:
    return [line.text for line in source.lines]


def test_string_source_fields() -> None:
    source = text_source_from_string("第１ 目標\n内 閣 府\n", path="sample.txt")
    assert source.path == "sample.txt"
    assert source.format == "text"
    assert source.encoding == "utf-8"
    assert source.sha256 == hashlib.sha256("第１ 目標\n内 閣 府\n".encode()).hexdigest()
    assert [(line.number, line.text, line.norm, line.page) for line in source.lines] == [
        (1, "第１ 目標", "第1目標", None),
        (2, "内 閣 府", "内閣府", None),
    ]
    assert source.line(2).norm == "内閣府"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\nc", ["a", "b", "c"]),
        ("a\nb\nc\n", ["a", "b", "c"]),
        ("a\r\nb\r\nc\r\n", ["a", "b", "c"]),
        ("a\rb\rc\r", ["a", "b", "c"]),
        ("a\r\n\r\nb", ["a", "", "b"]),
        ("a\n\rb", ["a", "", "b"]),
        ("a\n\n", ["a", ""]),
        ("\n", [""]),
        ("", []),
        # Only CR, LF and CR LF end lines; editors do not break on these.
        ("a\x0bb\x1cc\x85d\u2028e\u2029f", ["a\x0bb\x1cc\x85d\u2028e\u2029f"]),
    ],
)
def test_line_splitting(text: str, lines: list[str]) -> None:
    source = text_source_from_string(text)
    assert _texts(source) == lines
    assert [line.number for line in source.lines] == list(range(1, len(lines) + 1))


def test_form_feeds_number_pages() -> None:
    # pdftotext style: a form feed ends each page, including the last one.
    source = text_source_from_string("p1 a\np1 b\n\x0cp2 a\np2 b\n\x0cp3\n\x0c")
    assert [(line.number, line.text, line.page) for line in source.lines] == [
        (1, "p1 a", 1),
        (2, "p1 b", 1),
        (3, "p2 a", 2),
        (4, "p2 b", 2),
        (5, "p3", 3),
    ]


def test_form_feed_inside_a_line_and_on_its_own() -> None:
    source = text_source_from_string("one\x0ctwo\n\x0c\nthree\n")
    assert [(line.text, line.norm, line.page) for line in source.lines] == [
        ("onetwo", "onetwo", 2),
        ("", "", 3),
        ("three", "three", 3),
    ]


def test_no_form_feed_means_no_pages() -> None:
    assert {line.page for line in text_source_from_string("a\nb\n").lines} == {None}


def test_leading_bom_in_string_is_dropped() -> None:
    assert _texts(text_source_from_string("\ufeffa\nb")) == ["a", "b"]


@pytest.mark.parametrize(
    ("codec", "bom", "encoding"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("cp932", b"", "cp932"),
        ("euc_jis_2004", b"", "euc-jis-2004"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ],
)
def test_read_file(tmp_path: Path, codec: str, bom: bytes, encoding: str) -> None:
    text = "国立研究開発法人　第１ 政策体系 ①②\r\n第Ⅲ 期目標\r\n"
    data = bom + text.encode(codec)
    file = tmp_path / "plan.txt"
    file.write_bytes(data)
    source = read_text_source(file)
    assert source.path == str(file)
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.format == "text"
    assert _texts(source) == ["国立研究開発法人　第１ 政策体系 ①②", "第Ⅲ 期目標"]
    assert [line.norm for line in source.lines] == ["国立研究開発法人第1政策体系①②", "第III期目標"]
    assert source.encoding == encoding


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_text_source(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory"):
        read_text_source(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SourceError, match="empty file"):
        read_text_source(tmp_path / "empty.txt")


@pytest.mark.parametrize("name", ["plan.txt", "plan.md", "plan", "plan.text", "plan.csv"])
def test_read_source_reads_text(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("目標\n", encoding="utf-8")
    assert _texts(read_source(tmp_path / name)) == ["目標"]


@pytest.mark.parametrize(("name", "reader"), [("plan.pdf", "PDF"), ("plan.PDF", "PDF"), ("plan.docx", "Word")])
def test_read_source_sends_documents_to_their_reader(tmp_path: Path, name: str, reader: str) -> None:
    (tmp_path / name).write_bytes(b"whatever")
    with pytest.raises(SourceError, match=reader):
        read_source(tmp_path / name)


def test_read_source_refuses_binary_content_whatever_the_suffix(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_bytes(b"%PDF-1.7\n")
    with pytest.raises(SourceError, match="looks like a PDF file, not text"):
        read_source(tmp_path / "plan.txt")


def test_large_cp932_file_reads_every_line(tmp_path: Path) -> None:
    line = "国立研究開発法人　第１ 政策体系 ①② 中長期目標を達成するための計画 令和 ５ 年度 ＡＢＣ"
    lines = [f"{line} {number}" for number in range(4000)]
    file = tmp_path / "big.txt"
    file.write_text("\n".join(lines) + "\n", encoding="cp932")
    assert file.stat().st_size > 350_000
    source = read_text_source(file)
    assert source.encoding == "cp932"
    assert len(source.lines) == 4000
    assert source.lines[-1].norm.endswith("3999")


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\r\t"),
    max_size=200,
)


@given(_TEXT)
def test_utf8_file_reads_back_the_same_lines(text: str) -> None:
    assume(text.removeprefix("\ufeff").strip() and not text.startswith(("%PDF", "GIF8")))
    expected = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    if expected[-1] == "":
        expected.pop()
    with tempfile.TemporaryDirectory() as directory:
        file = Path(directory) / "t.txt"
        file.write_bytes(text.encode("utf-8"))
        source = read_text_source(file)
    assert _texts(source) == expected
    assert source.lines == text_source_from_string(text).lines
