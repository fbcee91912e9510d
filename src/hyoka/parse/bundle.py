"""Parse a whole input: one pass of the block rules over its lines, then each document built.

The pass (`hyoka.parse.ruler`) finds the blocks of the whole file, and its opening rule says
where each document of a bundle begins; every document then goes through the core steps
(`hyoka.parse.document`). Input with no title and no preamble — a chapter or a page pasted on
its own — is read as one fragment, with a warning: its headings, targets, marks and axes rows
are read all the same. Only input in which nothing of an objective document is found at all
is refused (`NoDocumentError`).
"""

from __future__ import annotations

from hyoka.model import Document, ParseResult, SourceInfo, Warning
from hyoka.parse.document import DocumentInput, build_document
from hyoka.parse.lines import prepare_lines
from hyoka.parse.rules import default_ruler
from hyoka.parse.state import DocumentStart, ParseState
from hyoka.sources import SourceText, text_source_from_string


class NoDocumentError(ValueError):
    """The input holds no recognisable objective document."""


_NOTHING = (
    "no objective document found: no title (…が達成すべき業務運営に関する目標), "
    "no legal preamble (通則法…定める), no numbered headings, targets or marks"
)
_FRAGMENT = "no title or preamble: the text is read as a fragment of a document (a chapter or a page)"
_BEFORE = "text before the first document is not part of any document"


def _starts(state: ParseState, warnings: list[Warning]) -> list[DocumentStart]:
    """The documents to build; a leading fragment with no heading is dropped when a real
    document follows (it is a cover note or stray text before the first title)."""
    starts = list(state.documents)
    if len(starts) > 1 and starts[0].kind == "fragment":
        first = starts[0]
        blocks = state.blocks[first.block : starts[1].block]
        if not first.stack.roots:
            if blocks:
                warnings.append(Warning(message=_BEFORE, line=blocks[0].logical.line))
            starts = starts[1:]
    return starts


def _last_printed(state: ParseState, limit: int) -> int:
    """The physical number of the last non-blank line before line index `limit` (page numbers
    and running heads included: they are printed on the document's pages)."""
    for index in range(limit - 1, -1, -1):
        if not state.lines[index].blank:
            return state.lines[index].number
    return state.lines[0].number


def parse_source(source: SourceText) -> ParseResult:
    lines = prepare_lines(source.lines, paragraphs=source.format == "docx")
    state = ParseState(lines=lines, ruler=default_ruler())
    state.ruler.run(state)
    warnings: list[Warning] = []
    starts = _starts(state, warnings)
    inputs = []
    for position, start in enumerate(starts):
        stop = starts[position + 1].block if position + 1 < len(starts) else len(state.blocks)
        blocks = state.blocks[start.block : stop]
        if blocks:
            limit = state.blocks[stop].start if stop < len(state.blocks) else len(lines)
            inputs.append(DocumentInput(start, blocks, _last_printed(state, limit)))
    fragment = len(inputs) == 1 and inputs[0].start.kind == "fragment"
    del state, lines  # the blocks hold all the documents need: the lines' memory goes back first
    documents: list[Document] = []
    inputs.reverse()
    while inputs:  # each document's blocks are let go as soon as it is built, so big bundles parse in little memory
        documents.append(build_document(len(documents) + 1, inputs.pop(), source.lines))
    if fragment:
        document = documents[0]
        if not (document.sections or document.targets or document.flags or document.evaluation_axes):
            raise NoDocumentError(_NOTHING)
        warnings.append(Warning(message=_FRAGMENT, line=document.span.start_line))
    if not documents:
        raise NoDocumentError(_NOTHING)
    return ParseResult(
        source=SourceInfo(
            path=source.path,
            sha256=source.sha256,
            line_count=len(source.lines),
            encoding=source.encoding,
            format=source.format,
        ),
        documents=documents,
        warnings=warnings,
    )


def parse_text(text: str, path: str = "<string>") -> ParseResult:
    return parse_source(text_source_from_string(text, path))
