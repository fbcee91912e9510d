"""PDF input via pdfium (pypdfium2): each page's text layer as numbered lines.

Each page's text comes from pdfium's own extraction (`get_text_range`), which puts CR LF
between the lines it finds. Lines are numbered 1, 2, ... across all pages; every line
carries the page (1-based) it is on. Nothing is stripped.

What pdfium gives back, measured on PDFs drawn line by line (reportlab, see
tests/sources/pdf_maker.py), is close to the layout the parser expects but not identical:

- A line drawn with one trailing space keeps it ("見出し " -> "見出し "); a line drawn
  without one has none. So PDFs whose text objects carry a trailing space at the end of a
  paragraph (as the corpus' extraction shows) keep that signal.
- A run of ASCII spaces anywhere in a line comes back as one space ("abc  " -> "abc ",
  "a  b" -> "a b"). Ideographic spaces (U+3000) are kept one for one.
- Leading spaces are kept (" 独立行政法人…" stays as it is).
- Vertical space is not text: an empty slot between lines (a blank line of the source)
  gives no line at all, and neither does a line holding a single space. A line holding two
  or more spaces gives one line " ". So double-spaced text comes back single-spaced.
- A line ending in "-" right after a letter (Latin or kanji, not a digit) is taken as
  hyphenated: pdfium joins it to the next line and turns the hyphen into U+FFFE
  ("informa-" + "tion" -> "informa\\ufffetion"). `read_pdf_source` undoes this: U+FFFE becomes
  "-" and the line break comes back. (`extract_pdf_text` does not: it is the bare baseline.)
- Very short lines can be lost or merged. pdfium skips a text object whose box has no
  width: with a CJK font that is not embedded (reportlab's HeiseiMin-W3) and no Japanese
  font installed for pdfium to substitute, glyphs have empty boxes, so a line of one CJK
  character ("等", "２") disappears, while two or more characters ("等 ") are kept. A line
  of one ASCII character after a line of one or two characters is appended to that line
  without a break ("ab" + "c" -> "abc"). PDFs with embedded fonts have real glyph boxes.

Errors are `SourceError`s: password-protected PDFs (a PDF encrypted with only an owner
password opens and is read), files pdfium cannot parse or that have no pages, and PDFs
without any text on any page (scans that need OCR first). A PDF with text on some pages
only is read as it is: the scanned pages give no lines.

pypdfium2 is imported when a PDF is read, not with `hyoka.sources`, to keep start-up fast
for text input. pdfium is not thread-safe: read PDFs from one thread at a time. A long PDF's
pages are extracted on two cores, by this process and a forked one (`hyoka.sources.pdf_pages`).
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from hyoka.sources.errors import SourceError
from hyoka.sources.limits import read_file_bytes
from hyoka.sources.lines import SourceLine, SourceText
from hyoka.sources.normalize import matching_forms
from hyoka.sources.pdf_pages import read_pages

__all__ = ["extract_pdf_text", "read_pdf_source"]

# pdfium separates lines with CR LF; a lone CR or LF inside the text layer also ends a line,
# as it would for the text reader.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# pdfium's mark for a hyphen it took as end-of-line hyphenation (the line break is dropped).
_HYPHEN_MARK = "\ufffe"
# What no text may hold: lone surrogates (a text layer with broken UTF-16) and U+FFFF; they could
# not be stored or exported, so they become U+FFFD, the replacement character.
_UNSTORABLE = re.compile("[\ud800-\udfff\uffff]")

_ENCRYPTED = "encrypted PDF: hyoka cannot read password-protected files"
_NO_TEXT = "no text layer (scanned image?): run OCR first"


def extract_pdf_text(path: str | os.PathLike[str]) -> list[str]:
    """Each page's text as pdfium extracts it, nothing more (the baseline for benchmarks).

    Raises pypdfium2's `PdfiumError` for files pdfium cannot open.
    """
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # noqa: PLC0415  (slow import)

    document = pdfium.PdfDocument(os.fspath(path))
    try:
        return [_page_text(document, index) for index in range(len(document))]
    finally:
        document.close()


def _page_text(document: Any, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return text


def _open(path: str, data: bytes) -> Any:
    """The loaded document; `data` must outlive it (pdfium reads from the buffer)."""
    import pypdfium2 as pdfium  # noqa: PLC0415  (slow import)
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]  # noqa: PLC0415

    # Loaded through the raw API: pypdfium2 reports a PDF without pages with FPDF_GetLastError,
    # which pdfium only sets on failure, so it would name the error of an earlier file.
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise SourceError(path, _ENCRYPTED)
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise SourceError(path, f"{_ENCRYPTED} (unsupported security handler)")
        raise SourceError(path, "not a readable PDF (damaged, truncated or not a PDF at all)")
    document = pdfium.PdfDocument(handle)
    if len(document) == 0:
        document.close()
        raise SourceError(path, "not a readable PDF: it has no pages")
    return document


def _physical_lines(page_text: str) -> list[str]:
    """The lines of one page's text, with pdfium's hyphen joins undone."""
    if not page_text:
        return []
    lines: list[str] = []
    for line in _LINE_BREAK.split(_UNSTORABLE.sub("\ufffd", page_text)):
        parts = line.split(_HYPHEN_MARK)
        lines.extend(part + "-" for part in parts[:-1])
        lines.append(parts[-1])
    return lines


def read_pdf_source(path: str | os.PathLike[str]) -> SourceText:
    """Read a PDF's text layer into numbered lines with page numbers (see the module notes).

    Raises `SourceError` when the file is missing, unreadable, not a PDF, damaged,
    password-protected, or has no text on any page.
    """
    import pypdfium2 as pdfium  # noqa: PLC0415  (slow import)

    name = os.fspath(path)
    data = read_file_bytes(name, "a PDF file")
    document = _open(name, data)

    def page_lines(document: Any, index: int) -> list[tuple[str, str, str]]:
        try:
            text = _page_text(document, index)
        except pdfium.PdfiumError:
            raise SourceError(name, f"not a readable PDF: page {index + 1} cannot be read") from None
        return [(line, *matching_forms(line)) for line in _physical_lines(text)]

    try:
        pages = read_pages(document, page_lines)
    finally:
        document.close()
    if not any(line.strip() for page in pages for line, _, _ in page):
        raise SourceError(name, _NO_TEXT)
    lines: list[SourceLine] = []
    for page_number, page in enumerate(pages, 1):
        for line, norm, spaced in page:
            lines.append(SourceLine(len(lines) + 1, line, norm, page_number, spaced))
    return SourceText(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="pdf-text",
        format="pdf",
        lines=tuple(lines),
    )
