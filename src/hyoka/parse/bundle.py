"""Parse a whole input: split it into documents and build each one."""

from __future__ import annotations

from hyoka.model import ParseResult, SourceInfo, Warning
from hyoka.parse.document import build_document
from hyoka.parse.logical import build_logical_lines
from hyoka.parse.split import Opening, document_ranges, find_openings
from hyoka.parse.tree import build_tree
from hyoka.sources import SourceText, text_source_from_string


class NoDocumentError(ValueError):
    """The input holds no recognisable objective document."""


def parse_source(source: SourceText) -> ParseResult:
    lines = source.lines
    logical = build_logical_lines(lines)
    openings = find_openings(lines, logical)
    warnings: list[Warning] = []
    if not openings:
        roots, _ = build_tree(logical)
        if not roots:
            raise NoDocumentError(
                "no objective document found: no title (…が達成すべき業務運営に関する目標), "
                "no legal preamble (通則法…定める) and no numbered headings"
            )
        first = next(ln.number for ln in lines if ln.norm)
        warnings.append(Warning(message="no title or preamble: the whole file is read as one document", line=first))
        openings = [Opening(line=first, kind="headings")]
    else:
        first_content = next(ln.number for ln in lines if ln.norm)
        if first_content < openings[0].line:
            warnings.append(
                Warning(message="text before the first document is not part of any document", line=first_content)
            )
    ranges = document_ranges(lines, openings)
    documents = [
        build_document(number, opening, lines, span)
        for number, (opening, span) in enumerate(zip(openings, ranges, strict=True), start=1)
    ]
    return ParseResult(
        source=SourceInfo(
            path=source.path,
            sha256=source.sha256,
            line_count=len(lines),
            encoding=source.encoding,
            format=source.format,
        ),
        documents=documents,
        warnings=warnings,
    )


def parse_text(text: str, path: str = "<string>") -> ParseResult:
    return parse_source(text_source_from_string(text, path))
