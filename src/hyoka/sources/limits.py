"""Guards applied before any reader touches a file: its size, and reading its bytes.

Objective documents are a few hundred kilobytes of text, or a few megabytes as PDF or Word.
A file far larger than that is a mistake (a scan, an archive, the wrong file), and reading
it whole would only exhaust memory before failing, so `read_source` refuses it up front.
"""

from __future__ import annotations

import os
from pathlib import Path

from hyoka.sources.errors import SourceError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_UNPACKED_BYTES",
    "check_size",
    "format_size",
    "read_file_bytes",
]

_MB = 1024 * 1024

#: The largest input `read_source` accepts unless told otherwise (50 MB).
DEFAULT_MAX_BYTES = 50 * _MB

#: The most a Word file may unpack to (its ZIP members added up): a guard against ZIP bombs.
MAX_UNPACKED_BYTES = 500 * _MB


def format_size(size: int) -> str:
    """`size` for a message: bytes when small, else MB (2**20 bytes; whole only when exact) and bytes."""
    if size < _MB:
        return f"{size:,} bytes"
    megabytes = f"{size // _MB}" if size % _MB == 0 else f"{size / _MB:.1f}"
    return f"{megabytes} MB ({size:,} bytes)"


def check_size(path: str, max_bytes: int | None) -> None:
    """Refuse `path` when it is larger than `max_bytes` (None: no limit).

    A file that cannot be examined passes: the reader reports why it cannot read it.
    """
    if max_bytes is None:
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size > max_bytes:
        raise SourceError(
            path,
            f"file is {format_size(size)}, larger than the limit of {format_size(max_bytes)}; "
            "an objective document is far smaller (is this the right file?)",
        )


def read_file_bytes(path: str, kind: str) -> bytes:
    """All bytes of `path`, or a `SourceError` naming the problem; `kind` is e.g. "a PDF file"."""
    file = Path(path)
    if file.is_dir():
        raise SourceError(path, f"is a directory, not {kind}")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except OSError as error:
        raise SourceError(path, f"cannot read the file: {error.strerror or error}") from None
