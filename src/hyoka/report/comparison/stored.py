"""The 新旧対照表 of two stored documents: what the web page and `hyoka diff 3 7` build.

A stored document is read back through the `Store` in the `hyoka.parse/1` shape with its
physical lines (the decision date and the findings' pages need them), so a comparison of
stored versions is the same comparison as of the files they were ingested from.
"""

from __future__ import annotations

from hyoka.model.comparison import Comparison
from hyoka.review.diff import DiffSettings, Version, compare
from hyoka.store.store import Store

STORED_PREFIX = "stored:"


def stored_version(store: Store, document_id: int) -> Version | None:
    """The stored document `document_id` as one side of a comparison, or None if not stored."""
    document = store.contract(document_id)
    if document is None:
        return None
    return Version(document, f"{STORED_PREFIX}{document_id}", store.source_lines(document_id))


def version_of(store: Store, document_id: int, version: int) -> int | None:
    """The id of version `version` (1 = first) of the document `document_id` belongs to."""
    return next((record.id for record in store.versions(document_id) if record.version == version), None)


def compare_stored(store: Store, old_id: int, new_id: int, settings: DiffSettings | None = None) -> Comparison | None:
    """The comparison of two stored documents, or None when either is not stored."""
    old, new = stored_version(store, old_id), stored_version(store, new_id)
    if old is None or new is None:
        return None
    return compare(old, new, settings)
