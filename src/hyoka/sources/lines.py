"""Physical lines with provenance: the unit every later stage points back to."""

from __future__ import annotations

from dataclasses import dataclass

from hyoka.sources.normalize import matching_forms


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One physical line of the input as it was read.

    `text` is kept exactly as decoded (display), `norm` is its matching form (see
    `hyoka.sources.normalize`). `page` is known for PDF input and for text that carries
    form feeds; it is None otherwise.
    """

    number: int
    text: str
    norm: str
    page: int | None = None
    spaced: str = ""  # the matching form with single spaces kept (see `matching_forms`)


def source_line(number: int, text: str, page: int | None = None) -> SourceLine:
    """A physical line with both its matching forms."""
    norm, spaced = matching_forms(text)
    return SourceLine(number, text, norm, page, spaced)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A whole input file as lines, with what is needed to cite it."""

    path: str
    sha256: str
    encoding: str
    format: str
    lines: tuple[SourceLine, ...]

    def line(self, number: int) -> SourceLine:
        return self.lines[number - 1]
