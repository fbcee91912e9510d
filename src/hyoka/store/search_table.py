"""The search table: one row per searchable piece (item text, target, mark, axes entry, annex).

`content` keeps the original text for snippets; `content_norm` the matching form the query is
compared with. SQLite indexes `content_norm` with an FTS5 trigram table (padded so one- and
two-character terms are found through its vocabulary), filled by the writer one document at a
time and kept in step on delete and update by triggers (migrations 0004 and 0010); PostgreSQL with
a GIN index over trigrams and single characters and pairs (migrations 0002 and 0004).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hyoka.store.base import Base


class SearchEntry(Base):
    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), doc="item, target, flag, axis, indicator, annex")
    ref_id: Mapped[int | None] = mapped_column(Integer, doc="id of the row in the table named by kind")
    section_kind: Mapped[str | None] = mapped_column(String(16))
    marked: Mapped[bool] = mapped_column(default=False, doc="the item carries an importance or difficulty mark")
    line: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    content_norm: Mapped[str] = mapped_column(Text)
