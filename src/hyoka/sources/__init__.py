"""Reading input documents into numbered lines with a matching form (`SourceText`).

`read_source` picks a reader by file suffix. This version reads text only; PDF and Word
files are refused by name instead of being decoded as garbage. A later reader is added by
putting its suffixes into `_READERS` (and taking them out of `_UNSUPPORTED`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePath

from hyoka.sources.decode import decode_bytes
from hyoka.sources.errors import SourceError
from hyoka.sources.lines import SourceLine, SourceText
from hyoka.sources.normalize import fold_chars, normalize
from hyoka.sources.text import read_text_source, text_source_from_string

__all__ = [
    "SourceError",
    "SourceLine",
    "SourceText",
    "decode_bytes",
    "fold_chars",
    "normalize",
    "read_source",
    "read_text_source",
    "text_source_from_string",
]

Reader = Callable[[str], SourceText]

# Suffix (lower case) -> reader. Anything not listed is tried as text, since text files
# come as .txt, .text, .md, .csv or without a suffix at all.
_READERS: dict[str, Reader] = {}
_DEFAULT_READER: Reader = read_text_source

# Suffix -> what the file is, for formats this version cannot read yet.
_UNSUPPORTED: dict[str, str] = {
    ".pdf": "a PDF file",
    ".docx": "a Word file",
    ".doc": "a Word file",
}


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read any supported input file; raises `SourceError` for unsupported or bad input."""
    name = os.fspath(path)
    suffix = PurePath(name).suffix.lower()
    if suffix in _UNSUPPORTED:
        raise SourceError(name, f"is {_UNSUPPORTED[suffix]}; this version reads text files only")
    return _READERS.get(suffix, _DEFAULT_READER)(name)
