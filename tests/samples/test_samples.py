"""The bundled synthetic samples: present, well formed, and not copied from the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka.samples import SAMPLE_NAMES, sample_path
from tests.corpus_support import require_corpus

MIN_LINES, MAX_LINES = 300, 450
MIN_COMPARED_CHARS = 16  # stripped lines longer than 15 characters are compared


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8").split("\n")


def test_default_sample_is_listed() -> None:
    assert sample_path() == sample_path(SAMPLE_NAMES[0])
    assert "chuki-mokuhyo-sample.txt" in SAMPLE_NAMES


def test_unknown_sample_is_refused() -> None:
    with pytest.raises(KeyError):
        sample_path("no-such-sample.txt")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_exists_and_is_utf8(name: str) -> None:
    path = sample_path(name)
    assert path.is_file(), path
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "sample must be UTF-8 without BOM"
    assert b"\r" not in data, "sample must use LF line ends"
    data.decode("utf-8")  # raises UnicodeDecodeError if not UTF-8


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_is_short(name: str) -> None:
    text = sample_path(name).read_text(encoding="utf-8")
    count = len(text.splitlines())
    assert MIN_LINES <= count <= MAX_LINES, f"{name}: {count} lines"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_copies_no_corpus_line(name: str) -> None:
    corpus_file = require_corpus()
    corpus = {s for s in (line.strip() for line in _lines(corpus_file)) if len(s) >= MIN_COMPARED_CHARS}
    copied = [
        (number, stripped)
        for number, line in enumerate(_lines(sample_path(name)), start=1)
        if (stripped := line.strip()) in corpus
    ]
    assert not copied, f"{name} has lines copied from {corpus_file.name}: {copied}"
