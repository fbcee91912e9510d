"""Tables for what the evaluation works with: targets and their baselines, marks, evaluation-axes
rows and entries, evaluation units, plain indicators. Each links to its document and, where the
text says, to the item it belongs to; later tables (results, evaluations) reference these ids."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hyoka.store.base import Base
from hyoka.store.documents import Item


def _document_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)


def _item_fk() -> Mapped[int | None]:
    return mapped_column(ForeignKey("items.id", ondelete="SET NULL"), index=True)


class Target(Base):
    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    item_id: Mapped[int | None] = _item_fk()
    position: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    comparator: Mapped[str] = mapped_column(String(2))
    scope: Mapped[str] = mapped_column(String(16))
    fiscal_years: Mapped[list[int]] = mapped_column(JSON, default=list)
    alt_values: Mapped[list[float]] = mapped_column(JSON, default=list)
    rationale: Mapped[str | None] = mapped_column(Text)
    external_factors: Mapped[str | None] = mapped_column(Text)
    covers: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    section_line: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer, doc="the line holding the number")
    first_line: Mapped[int] = mapped_column(Integer, doc="first line of the sentence or list item")
    end_line: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)

    item: Mapped[Item | None] = relationship()
    baselines: Mapped[list[Baseline]] = relationship(order_by="Baseline.position", cascade="all, delete-orphan")


class Baseline(Base):
    __tablename__ = "baselines"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(Text)
    fiscal_years: Mapped[list[int]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)


class Flag(Base):
    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    item_id: Mapped[int | None] = _item_fk()
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    applies_to: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)

    item: Mapped[Item | None] = relationship()


class AxesRow(Base):
    __tablename__ = "axes_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    item_id: Mapped[int | None] = _item_fk()
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    section_line: Mapped[int | None] = mapped_column(Integer)
    sub_items: Mapped[list[str]] = mapped_column(JSON, default=list)

    item: Mapped[Item | None] = relationship()
    entries: Mapped[list[AxesEntry]] = relationship(order_by="AxesEntry.position", cascade="all, delete-orphan")


class AxesEntry(Base):
    """A cell of an axes row: a question (axis), an evaluation or a monitoring indicator.

    A monitoring indicator listed under one evaluation indicator (関連するモニタリング指標)
    points to it with `parent_id`.
    """

    __tablename__ = "axes_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("axes_rows.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("axes_entries.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), doc="axis, evaluation or monitoring")
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)

    parent: Mapped[AxesEntry | None] = relationship(remote_side=[id])


unit_items = Table(
    "evaluation_unit_items",
    Base.metadata,
    Column("unit_id", ForeignKey("evaluation_units.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
)


class EvaluationUnit(Base):
    __tablename__ = "evaluation_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    section_lines: Mapped[list[int]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)

    items: Mapped[list[Item]] = relationship(secondary=unit_items)


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _document_fk()
    item_id: Mapped[int | None] = _item_fk()
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    section_line: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)

    item: Mapped[Item | None] = relationship()
