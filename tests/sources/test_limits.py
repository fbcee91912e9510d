"""The size limit of `read_source` and the dispatch around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka.sources import DEFAULT_MAX_BYTES, SourceError, read_source
from hyoka.sources.limits import check_size, format_size
from tests.sources.pdf_maker import make_pdf

TEXT = "第１　中長期目標の期間\n"


def test_default_limit_is_50_mb() -> None:
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1000, "1,000 bytes"),
        (1024 * 1024, "1 MB (1,048,576 bytes)"),
        (DEFAULT_MAX_BYTES, "50 MB (52,428,800 bytes)"),
        (DEFAULT_MAX_BYTES + 1, "50.0 MB (52,428,801 bytes)"),
        (63 * 1024 * 1024 + 300_000, "63.3 MB (66,360,288 bytes)"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_file_over_the_limit_is_refused_naming_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT * 100, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(SourceError) as caught:
        read_source(path, max_bytes=1000)
    message = caught.value.message
    assert f"{size:,} bytes" in message
    assert "1,000 bytes" in message
    assert "limit" in message
    assert caught.value.path == str(path)


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    size = path.stat().st_size
    assert [line.text for line in read_source(path, max_bytes=size).lines] == [TEXT.strip()]
    with pytest.raises(SourceError, match="larger than the limit"):
        read_source(path, max_bytes=size - 1)


def test_no_limit(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT * 100, encoding="utf-8")
    assert len(read_source(path, max_bytes=None).lines) == 100


def test_default_limit_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(SourceError, match=r"50\.0 MB \(52,428,801 bytes\), larger than the limit of 50 MB"):
        read_source(path)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".doc", ".txt"])
def test_limit_applies_to_every_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(SourceError, match=r"2,048 bytes, larger than the limit of 2,047 bytes"):
        read_source(path, max_bytes=2047)


def test_limit_on_a_real_pdf(tmp_path: Path) -> None:
    path = make_pdf(["本文の行です。"] * 10, tmp_path / "plan.pdf")
    size = path.stat().st_size
    assert read_source(path, max_bytes=size).format == "pdf"
    with pytest.raises(SourceError, match=f"{size:,} bytes"):
        read_source(path, max_bytes=size - 1)


def test_missing_file_is_reported_as_missing(tmp_path: Path) -> None:
    check_size(str(tmp_path / "missing.txt"), 10)  # nothing to measure: the reader says why
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.txt", max_bytes=10)


def test_path_stays_the_first_positional_argument(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert read_source(str(path)).format == "text"
    assert read_source(path).format == "text"
    with pytest.raises(TypeError):
        read_source(path, 1000)  # type: ignore[misc]  # max_bytes is keyword-only


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("plan.txt", b"%PDF-1.7\n", "looks like a PDF file, not text"),
        ("plan", b"%PDF-1.7\n", "looks like a PDF file, not text"),
        ("plan.txt", b"PK\x03\x04rest", "looks like a ZIP archive"),
        ("plan.md", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office file"),
    ],
)
def test_documents_under_text_names_are_refused_by_content(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SourceError, match=what):
        read_source(tmp_path / name)
