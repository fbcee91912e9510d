"""A stored document's source lines, as the file was read, with the page each line is on."""

from __future__ import annotations

from bisect import bisect_right

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.records import SourceLineRecord
from hyoka.store import documents as d

# The lines validated as one list (in pydantic-core, at once), not a model call each: a document
# has thousands of lines, and the calls one by one cost more than the query.
_LINES = TypeAdapter(list[SourceLineRecord])


def source_lines(session: Session, document_id: int) -> list[SourceLineRecord] | None:
    """The lines of the document's span in its file; None when the file's text was not kept
    (files ingested before the text was stored) or there is no such document."""
    row = session.execute(
        select(
            d.ObjectiveDocument.start_line,
            d.ObjectiveDocument.end_line,
            d.SourceTextRow.text,
            d.SourceTextRow.page_starts,
        )
        .join(d.SourceTextRow, d.SourceTextRow.source_file_id == d.ObjectiveDocument.source_file_id)
        .where(d.ObjectiveDocument.id == document_id)
    ).first()
    if row is None:
        return None
    start, end, text, page_starts = row
    lines = text.split("\n", max(end, 0))  # the lines up to the span's end; the rest left unsplit
    first, last = max(1, start), min(end, len(lines))
    if first > last:
        return []
    starts = [first_line for first_line, _ in page_starts]
    pages = [page for _, page in page_starts]
    rows = []
    at = bisect_right(starts, first) - 1  # the page of the first line, then moved on as the lines go
    for number in range(first, last + 1):
        while at + 1 < len(starts) and starts[at + 1] <= number:
            at += 1
        rows.append({"number": number, "text": lines[number - 1], "page": pages[at] if at >= 0 else None})
    return _LINES.validate_python(rows)
