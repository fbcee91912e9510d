"""Plain text input as numbered physical lines.

Line numbers are what users see in their editor and what every diagnostic cites, so lines
are split only on CR LF, CR and LF. `str.splitlines` would also split on VT, FF, FS/GS/RS,
NEL and U+2028/U+2029 and shift every later line number.

A form feed is a page break (pdftotext writes one after each page). It is removed from the
line text and advances the page counter: a line containing a form feed belongs to the page
the form feed starts. Text without any form feed has no page numbers (page=None).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from hyoka.sources.decode import decode_bytes
from hyoka.sources.errors import SourceError
from hyoka.sources.lines import SourceLine, SourceText, source_line

__all__ = ["read_text_source", "split_lines", "text_source_from_string"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORM_FEED = "\x0c"


def split_lines(text: str) -> list[str]:
    """Physical lines of `text`; a final line break ends the last line, it does not start one."""
    if not text:
        return []
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    # pdftotext ends the last page with a form feed too; that marks no further page.
    if len(lines) > 1 and lines[-1] and not lines[-1].strip(_FORM_FEED):
        lines.pop()
    return lines


def _source_lines(text: str) -> tuple[SourceLine, ...]:
    raw = split_lines(text)
    if _FORM_FEED not in text:
        return tuple(source_line(number, line) for number, line in enumerate(raw, 1))
    page = 1
    lines: list[SourceLine] = []
    for number, line in enumerate(raw, 1):
        page += line.count(_FORM_FEED)
        clean = line.replace(_FORM_FEED, "")
        lines.append(source_line(number, clean, page))
    return tuple(lines)


def _source_text(path: str, digest: str, encoding: str, text: str) -> SourceText:
    return SourceText(path=path, sha256=digest, encoding=encoding, format="text", lines=_source_lines(text))


def text_source_from_string(text: str, path: str = "<string>") -> SourceText:
    """A `SourceText` from text already in memory (tests, bundled samples).

    Nothing is refused: an empty string gives no lines. A leading BOM is dropped, as it
    would be when reading the same text from a UTF-8 file. The hash is of the UTF-8 bytes.
    """
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    return _source_text(path, digest, "utf-8", text.removeprefix("\ufeff"))


def read_text_source(path: str | os.PathLike[str]) -> SourceText:
    """Read a text file in any accepted encoding (see `decode_bytes`) into numbered lines.

    Raises `SourceError` when the file is missing, unreadable, empty, binary or undecodable.
    """
    name = os.fspath(path)
    file = Path(name)
    if file.is_dir():
        raise SourceError(name, "is a directory, not a text file")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except OSError as error:
        raise SourceError(name, f"cannot read the file: {error.strerror or error}") from None
    text, encoding = decode_bytes(data, name)
    return _source_text(name, hashlib.sha256(data).hexdigest(), encoding, text)
