"""Word (.docx) input via python-docx: the body's text in reading order, one line per paragraph.

The body is walked element by element so that paragraphs and tables come in the order
they are read: a paragraph gives one line; a table gives, row by row and cell by cell,
one line per paragraph in the cell (nested tables likewise). Content controls (w:sdt, as
Word uses for a table of contents) and custom XML wrappers are looked into. A text box
anchored in a paragraph gives its paragraphs right after that paragraph's line.

A paragraph's text is its runs' text as written: tracked insertions are in, tracked
deletions and moved-away text out, ruby (furigana) gives its base text only, field results
are in and field codes out. A manual line break (Shift+Enter) inside a paragraph starts a
new line, as it does on the page. Every line is right-stripped: Word text follows the
hand-typed convention the parser knows (each line is a logical line, none ends in a space),
which a stray trailing space would otherwise break. Empty paragraphs give empty lines.

The numbers Word generates for numbered headings and lists (w:numPr, on the paragraph or
through its style) are not in the paragraph text; they are worked out from the numbering and
styles parts as Word does and put in front of the text with one space, so an auto-numbered
heading reads "第１ 政策体系", a sub-item "（１） 組織" (no space when the level says
w:suff "nothing"), a bullet "・ 本文" (see `hyoka.sources.docx_numbering`). Numbered
paragraphs without text count, as in Word, but stay empty lines.

Not read: headers, footers, footnotes, endnotes and comments (nor the numbering of their
paragraphs).

Errors are `SourceError`s: a file that is not a Word package (not a ZIP, damaged, or another
Office format), an old binary .doc (or a password-protected .docx, which is stored the same
way), and one that would unpack to more than `MAX_UNPACKED_BYTES`.

python-docx is imported when a Word file is read, not with `hyoka.sources`.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from typing import Any

from hyoka.sources.docx_numbering import Numbering
from hyoka.sources.errors import SourceError
from hyoka.sources.limits import MAX_UNPACKED_BYTES, format_size, read_file_bytes
from hyoka.sources.lines import SourceText, source_line

__all__ = ["read_doc_source", "read_docx_source"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P = f"{_W}p"
_TBL = f"{_W}tbl"
_TR = f"{_W}tr"
_TC = f"{_W}tc"
_SDT = f"{_W}sdt"
_SDT_CONTENT = f"{_W}sdtContent"
_CUSTOM_XML = f"{_W}customXml"
_TXBX_CONTENT = f"{_W}txbxContent"
# Elements that only wrap other content where a paragraph, row or cell may stand.
_WRAPPERS = frozenset({_SDT, _SDT_CONTENT, _CUSTOM_XML})

# Inside a paragraph: what a run's content element stands for on the page.
_TEXT = f"{_W}t"
_RUN_CHARS = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "",
}
# Inside a paragraph: subtrees whose text is not on the page (or is there twice).
_SKIP = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}del",  # tracked deletion
        f"{_W}moveFrom",  # tracked move, old place
        f"{_W}rt",  # ruby text (furigana) above the base text
        f"{_W}instrText",  # field code
        f"{_W}delText",
        f"{_MC}Fallback",  # the same drawing again, for older readers
    }
)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
_NOT_DOCX = "not a readable Word (.docx) file"
_CONVERT = "open it in Word or LibreOffice, save it as .docx (Word Document) or export a PDF, and read that"


def _paragraph_lines(paragraph: Any, out: list[str], numbering: Numbering) -> None:
    label = numbering.label(paragraph)  # counted before the text boxes' paragraphs
    parts: list[str] = []
    boxes: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == _TEXT:
                parts.append(child.text or "")
            elif tag in _RUN_CHARS:
                parts.append(_RUN_CHARS[tag])
            elif tag == _TXBX_CONTENT:
                boxes.append(child)
            elif tag not in _SKIP:
                walk(child)

    walk(paragraph)
    text = "".join(parts)
    if label and text.strip():
        text = label + text
    out.extend(line.rstrip() for line in text.split("\n"))
    for box in boxes:
        _block_lines(box, out, numbering)


def _cell_lines(container: Any, out: list[str], numbering: Numbering) -> None:
    for child in container:
        if child.tag == _TC:
            _block_lines(child, out, numbering)
        elif child.tag in _WRAPPERS:
            _cell_lines(child, out, numbering)


def _row_lines(container: Any, out: list[str], numbering: Numbering) -> None:
    for child in container:
        if child.tag == _TR:
            _cell_lines(child, out, numbering)
        elif child.tag in _WRAPPERS:
            _row_lines(child, out, numbering)


def _block_lines(container: Any, out: list[str], numbering: Numbering) -> None:
    """Lines of the paragraphs and tables in `container` (body, cell, text box), in order."""
    for child in container:
        tag = child.tag
        if tag == _P:
            _paragraph_lines(child, out, numbering)
        elif tag == _TBL:
            _row_lines(child, out, numbering)
        elif tag in _WRAPPERS:
            _block_lines(child, out, numbering)


def _related_xml(part: Any, reltype: str) -> Any | None:
    """The XML of the part `part` relates to by `reltype`; None when there is none (or not one)."""
    try:
        related = part.part_related_by(reltype)
    except (KeyError, ValueError):  # no such relationship, or more than one
        return None
    return getattr(related, "element", None)  # None for a part python-docx did not parse as XML


def _check_package(path: str, data: bytes) -> None:
    if data.startswith(_OLE_SIGNATURE):
        raise SourceError(
            path, f"is an old binary Word (.doc) file or a password-protected .docx: hyoka cannot read it; {_CONVERT}"
        )
    if not data.startswith(_ZIP_SIGNATURE):
        raise SourceError(path, f"{_NOT_DOCX} (it is not a ZIP package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise SourceError(path, f"{_NOT_DOCX} (damaged ZIP package)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceError(
            path,
            f"{_NOT_DOCX}: it would unpack to {format_size(unpacked)}, "
            f"more than the limit of {format_size(MAX_UNPACKED_BYTES)}",
        )


def read_docx_source(path: str | os.PathLike[str]) -> SourceText:
    """Read a Word (.docx) file's body text into numbered lines (see the module notes).

    Raises `SourceError` when the file is missing, unreadable, not a Word document, damaged,
    an old .doc file, or has no text.
    """
    import docx  # noqa: PLC0415  (slow import)
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415
    from docx.opc.exceptions import OpcError  # noqa: PLC0415

    name = os.fspath(path)
    data = read_file_bytes(name, "a Word file")
    _check_package(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    # lxml's XMLSyntaxError is a SyntaxError; KeyError: a part missing from the package;
    # ValueError: another Office format (.xlsx, .pptx, .docm) or a bad value; zlib.error and
    # EOFError: a damaged or cut compressed part; NotImplementedError: an unknown compression;
    # RuntimeError: an encrypted part.
    except (
        OpcError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        SyntaxError,
        OSError,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        raise SourceError(name, f"{_NOT_DOCX} (damaged, or another kind of Office file)") from None
    texts: list[str] = []
    if body is not None:
        numbering = Numbering(
            _related_xml(document.part, RELATIONSHIP_TYPE.NUMBERING),
            _related_xml(document.part, RELATIONSHIP_TYPE.STYLES),
        )
        _block_lines(body, texts, numbering)
    if not any(text.strip() for text in texts):
        raise SourceError(name, "the Word document has no text")
    lines = tuple(source_line(number, text) for number, text in enumerate(texts, 1))
    return SourceText(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="docx",
        format="docx",
        lines=lines,
    )


def read_doc_source(path: str | os.PathLike[str]) -> SourceText:
    """Old binary Word (.doc) files are refused; a .docx saved under a .doc name is read."""
    name = os.fspath(path)
    data = read_file_bytes(name, "a Word file")
    if data.startswith(_ZIP_SIGNATURE):
        return read_docx_source(name)
    raise SourceError(name, f"is an old binary Word (.doc) file: hyoka cannot read it; {_CONVERT}")
