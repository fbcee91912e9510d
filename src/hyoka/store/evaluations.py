"""Tables for the yearly cycle: results against targets, evaluations of units and of the whole
agency, and an audit trail. Nothing here is ever updated in place: a correction is a new row
that supersedes the old one, so the history of every figure and judgement is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from hyoka.store.base import Base


class Result(Base):
    """業務実績: one figure for one target (or plain indicator) and fiscal year, in one version."""

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    source_note: Mapped[str | None] = mapped_column(Text, doc="where the figure comes from (業務実績報告書 p.12, …)")
    entered_by: Mapped[str] = mapped_column(String(120))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("results.id"))
    import_file: Mapped[str | None] = mapped_column(Text)
    import_row: Mapped[int | None] = mapped_column(Integer)


class Evaluation(Base):
    """評定: a rating of one evaluation unit (item rating) or of the whole agency (overall).

    A ministry evaluation is final once published: it is never edited, only superseded by a new
    row that names it and says why.
    """

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_units.id", ondelete="CASCADE"), index=True)
    unit_key: Mapped[str] = mapped_column(String(200), doc="unit title, or 総合 for the overall rating")
    level: Mapped[str] = mapped_column(String(8), doc="item or overall")
    stage: Mapped[str] = mapped_column(String(16), doc="annual, expected, interim, period_end")
    fiscal_year: Mapped[int] = mapped_column(Integer)
    evaluator: Mapped[str] = mapped_column(String(16), doc="self (自己評価) or ministry (主務大臣評価)")
    rating: Mapped[str] = mapped_column(String(1))
    proposed_rating: Mapped[str | None] = mapped_column(String(1))
    computed_rating: Mapped[str | None] = mapped_column(String(1), doc="overall: the grade the policy computed")
    reason: Mapped[str] = mapped_column(Text)
    improvement: Mapped[str | None] = mapped_column(Text)
    departure_reason: Mapped[str | None] = mapped_column(Text)
    qualitative_s: Mapped[bool] = mapped_column(Boolean, default=False)
    uplift_reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"))
    supersede_reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Who did what, when: every write of results and evaluations leaves one."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
