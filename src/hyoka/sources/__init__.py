"""Reading input documents into numbered lines with a matching form (`SourceText`).

`read_source` refuses files over a size limit, then picks a reader by file suffix: PDF
(`read_pdf_source`), Word .docx (`read_docx_source`), old Word .doc (refused with advice
to convert), and text for everything else. The text reader also looks at the bytes, so a
PDF or Word file under a text name is refused by what it is rather than read as garbage.
A later reader is added by putting its suffixes into `_READERS`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePath

from hyoka.sources.decode import decode_bytes
from hyoka.sources.docx import read_doc_source, read_docx_source
from hyoka.sources.errors import SourceError
from hyoka.sources.limits import DEFAULT_MAX_BYTES, check_size
from hyoka.sources.lines import SourceLine, SourceText
from hyoka.sources.normalize import fold_chars, normalize
from hyoka.sources.pdf import extract_pdf_text, read_pdf_source
from hyoka.sources.text import read_text_source, text_source_from_string

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SourceError",
    "SourceLine",
    "SourceText",
    "decode_bytes",
    "extract_pdf_text",
    "fold_chars",
    "normalize",
    "read_doc_source",
    "read_docx_source",
    "read_pdf_source",
    "read_source",
    "read_text_source",
    "text_source_from_string",
]

Reader = Callable[[str], SourceText]

# Suffix (lower case) -> reader. Anything not listed is tried as text, since text files
# come as .txt, .text, .md, .csv or without a suffix at all.
_READERS: dict[str, Reader] = {
    ".pdf": read_pdf_source,
    ".docx": read_docx_source,
    ".doc": read_doc_source,
}
_DEFAULT_READER: Reader = read_text_source


def read_source(path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> SourceText:
    """Read any supported input file; raises `SourceError` for unsupported or bad input.

    Files larger than `max_bytes` (default 50 MB; None for no limit) are refused unread.
    """
    name = os.fspath(path)
    check_size(name, max_bytes)
    suffix = PurePath(name).suffix.lower()
    return _READERS.get(suffix, _DEFAULT_READER)(name)
