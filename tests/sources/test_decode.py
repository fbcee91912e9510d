"""Encodings that are accepted, and input that is refused with a clear reason."""

from __future__ import annotations

import codecs

import pytest

from hyoka.sources import SourceError, decode_bytes

SAMPLE = "国立研究開発法人　第１ 政策体系 ①②\n中長期目標を達成するための計画\n"
# Plain JIS X 0208: what shift_jis, euc_jp and iso2022_jp can all encode.
PLAIN = "国立研究開発法人　第１ 政策体系\n中長期目標を達成するための計画\n"


@pytest.mark.parametrize(
    ("text", "data", "encoding"),
    [
        (SAMPLE, SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE, codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE, SAMPLE.encode("utf-16"), "utf-16-le" if SAMPLE.encode("utf-16")[0] == 0xFF else "utf-16-be"),
        (SAMPLE, codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE, codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE, SAMPLE.encode("cp932"), "cp932"),
        # Shift_JIS content is read as CP932, its superset.
        (PLAIN, PLAIN.encode("shift_jis"), "cp932"),
        (PLAIN, PLAIN.encode("euc_jp"), "euc-jp"),
        # EUC-JP with NEC specials (eucJP-ms style ①) needs the JIS X 0213 table.
        (SAMPLE, SAMPLE.encode("euc_jis_2004"), "euc-jis-2004"),
        (PLAIN, PLAIN.encode("iso2022_jp"), "iso-2022-jp"),
        ("評価", "評価".encode("cp932"), "cp932"),
        ("評価", "評価".encode("euc_jp"), "euc-jp"),
        ("あいう漢字テスト", "あいう漢字テスト".encode("euc_jp"), "euc-jp"),
        ("JAPAN is BACK\n", b"JAPAN is BACK\n", "utf-8"),
        ("page 1\x0cpage 2\tend\r\n", b"page 1\x0cpage 2\tend\r\n", "utf-8"),
    ],
)
def test_round_trip(text: str, data: bytes, encoding: str) -> None:
    assert decode_bytes(data, "in.txt") == (text, encoding)


def test_table_heavy_cp932_is_not_taken_for_mojibake() -> None:
    table = "\n".join(["①　ＡＢＣ　○　―　Ｓ", "②　Ａ　◯　５～６"] * 200) + "\n"
    assert decode_bytes(table.encode("cp932"), "t.txt") == (table, "cp932")


def _refusal(data: bytes) -> SourceError:
    with pytest.raises(SourceError) as info:
        decode_bytes(data, "in.txt")
    assert info.value.path == "in.txt"
    return info.value


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t\r\n",
        codecs.BOM_UTF8 + b" \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
        "\u3000\n".encode(),
    ],
)
def test_empty_is_refused(data: bytes) -> None:
    assert "empty file" in _refusal(data).message


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"abc\x00def\x00", "NUL"),
        ("text".encode("utf-16-le"), "NUL"),
        (bytes(range(1, 32)) * 10, "control characters"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL"),
    ],
)
def test_binary_is_refused(data: bytes, what: str) -> None:
    error = _refusal(data)
    assert what in error.message
    assert "not text" in error.message
    assert "UTF-8" in error.message  # says what is accepted


def test_pdf_refusal_reads_well() -> None:
    assert str(_refusal(b"%PDF-1.4\n")).startswith("in.txt: looks like a PDF file, not text")


def test_few_stray_controls_are_tolerated() -> None:
    text = "中長期目標\n" * 50 + "\x1a"
    assert decode_bytes(text.encode(), "in.txt") == (text, "utf-8")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # Bytes that are neither UTF-8 nor plausible Japanese.
        (b"line1\nline2\n\xff\xfe bad\n", 3),
        (b"line1\r\nline2\r\nline3\r\n\xff\xfe bad\r\n", 4),
        (b"line1\rline2\r\xff\xfe bad\r", 3),
        # UTF-8 Japanese with one broken byte on line 5.
        (("目標\n" * 4 + "計画").encode() + b"\xff" + "評価\n".encode(), 5),
        # CP932 with a lead byte followed by a space on line 3.
        (("目標\n" * 2).encode("cp932") + b"\x81 \n" + "評価\n".encode("cp932"), 3),
    ],
)
def test_undecodable_names_the_line(data: bytes, line: int) -> None:
    error = _refusal(data)
    assert error.line == line
    assert f"line {line}" in error.message
    assert str(error).startswith(f"in.txt:{line}: cannot decode")


def test_undecodable_after_bom_names_the_line() -> None:
    data = codecs.BOM_UTF8 + "一\n二\n".encode() + b"\xc3\x28\n"
    assert _refusal(data).line == 3
