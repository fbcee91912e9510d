"""Where commands write their files: one check of the destination, and writes that are whole or nothing.

`output_file` is called by every command that writes a file before any work is done: the
suffix must fit the format, the destination must not be a folder, its folder must exist (it is
created when missing) and be writable. `output_folder` does the same for exports that write a
folder of files. `replacing` writes through a temporary file in the same folder and renames it
into place at the end, so an error midway (a full disk, a bug) leaves the old file, or none,
never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class OutputError(Exception):
    """The destination cannot be written; the message names it and says why."""


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _writable_folder(folder: Path, target: Path) -> None:
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{target}: {parent} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{target}: cannot create the folder {folder}: {_reason(error)}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: the folder {folder} is not writable (permission denied)")


def output_file(path: Path, *, suffixes: Sequence[str], what: str) -> Path:
    """Check that `path` can take a `what` file (one of `suffixes`, such as ".xlsx"); returns it.

    Raises `OutputError` with a message for the user; nothing is written.
    """
    wanted = suffixes[0] if len(suffixes) == 1 else f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give the name of the {what} file to write")
    if path.suffix.lower() not in suffixes:
        raise OutputError(f"{path}: the name of the {what} file must end in {wanted}")
    _writable_folder(path.parent, path)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{path}: the file exists and is not writable (permission denied)")
    return path


def output_folder(path: Path, *, what: str) -> Path:
    """Check that `path` can take a folder of `what` files (created when missing); returns it."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file: {what} are written into a folder")
    _writable_folder(path, path)
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`; renamed to `path` when the block succeeds, removed if not."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide the file from others
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {_reason(error)}") from error
    finally:
        temporary.unlink(missing_ok=True)
