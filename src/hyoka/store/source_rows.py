"""A stored document's source lines, as the file was read, with the page each line is on."""

from __future__ import annotations

from bisect import bisect_right

from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.model.records import SourceLineRecord
from hyoka.store import documents as d


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
    lines = text.split("\n")
    starts = [first for first, _ in page_starts]
    pages = [page for _, page in page_starts]

    def page(number: int) -> int | None:
        at = bisect_right(starts, number) - 1
        return pages[at] if at >= 0 else None

    return [
        SourceLineRecord(number=number, text=lines[number - 1], page=page(number))
        for number in range(max(1, start), min(end, len(lines)) + 1)
    ]
