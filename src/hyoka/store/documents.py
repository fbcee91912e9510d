"""Tables for what a parse finds first: files, agencies, documents and their versions, the item
tree, annexes and warnings. Every row that points into a file keeps its line span and page."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hyoka.store.base import Base


class SourceFile(Base):
    """An ingested file, known by the hash of its bytes: the same bytes are never stored twice."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(32))
    line_count: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    document_count: Mapped[int | None] = mapped_column(Integer, doc="documents the parse found in the file")
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class KeptRendering(Base):
    """A rendering of a stored version kept for every reader (migration 0011): a version is
    never rewritten, so its page body is rendered once; `renderer` names the code that did it."""

    __tablename__ = "kept_renderings"

    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), primary_key=True)
    renderer: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[str] = mapped_column(Text)


class SourceTextRow(Base):
    """The text of an ingested file, line for line as it was read, so a page can show any stored
    document beside its source with every line numbered and every PDF page marked.

    `page_starts` lists [line, page] where a page begins (PDF input, text with form feeds);
    empty when the file has no pages.
    """

    __tablename__ = "source_texts"

    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    page_starts: Mapped[list[list[int]]] = mapped_column(JSON, default=list)


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_type: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(
        String(1), doc="M 中期目標管理法人, R 国立研究開発法人, E 行政執行法人 (from the legal type or the documents)"
    )


class ObjectiveDocument(Base):
    """One objective document; a revision (draft then final, an amendment) is a new version row
    linked to the one it replaces, so no version is ever overwritten."""

    __tablename__ = "objective_documents"
    __table_args__ = (UniqueConstraint("source_file_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, doc="order of the document in its file (bundles)")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("objective_documents.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(16))
    draft: Mapped[bool] = mapped_column(Boolean)
    title: Mapped[str | None] = mapped_column(Text)
    ministries: Mapped[list[str]] = mapped_column(JSON, default=list)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_years: Mapped[int | None] = mapped_column(Integer)
    period_text: Mapped[str | None] = mapped_column(Text)
    period_line: Mapped[int | None] = mapped_column(Integer)
    start_line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    body_start_line: Mapped[int | None] = mapped_column(Integer)
    body_end_line: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    source_file: Mapped[SourceFile] = relationship()
    agency: Mapped[Agency | None] = relationship()
    previous_version: Mapped[ObjectiveDocument | None] = relationship(remote_side=[id])


class Item(Base):
    """A node of the objective tree (目標項目): a heading with its own text."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, doc="pre-order position in the document")
    label: Mapped[str] = mapped_column(String(120))
    scheme: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    section_kind: Mapped[str | None] = mapped_column(String(16), doc="mission, quality, efficiency, finance, other")
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    parent: Mapped[Item | None] = relationship(remote_side=[id])


class Annex(Base):
    __tablename__ = "annexes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ParseWarning(Base):
    __tablename__ = "parse_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
