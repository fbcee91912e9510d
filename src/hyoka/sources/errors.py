"""The one error type input problems are reported with, so every front end can name file and line."""

from __future__ import annotations


class SourceError(Exception):
    """Input that cannot be read as an objective document: empty, binary, undecodable, unsupported."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
