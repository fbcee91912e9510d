"""Tables for the yearly cycle: results against targets, evaluations of units and of the whole
agency, and an audit trail. Nothing here is ever updated in place: a correction is a new row
that supersedes the old one, so the history of every figure and judgement is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from hyoka.store.base import Base


class Result(Base):
    """業務実績: one figure for one target (or plain indicator, or evaluation / monitoring indicator
    of the axes table) and fiscal year, in one version."""

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    axes_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("axes_entries.id", ondelete="CASCADE"), index=True, doc="an evaluation or monitoring indicator"
    )
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

    The evaluations of a unit, year, stage and evaluator form one chain through `supersedes_id`, its
    last one in force; two partial unique indexes (migration 0009) keep it one chain: one first
    evaluation per key, and each evaluation replaced at most once.
    """

    __tablename__ = "evaluations"
    __table_args__ = (
        Index(
            "uq_evaluations_first_in_force",
            "document_id",
            "unit_key",
            "stage",
            "fiscal_year",
            "evaluator",
            unique=True,
            sqlite_where=text("supersedes_id IS NULL"),
            postgresql_where=text("supersedes_id IS NULL"),
        ),
        Index(
            "uq_evaluations_supersedes_id",
            "supersedes_id",
            unique=True,
            sqlite_where=text("supersedes_id IS NOT NULL"),
            postgresql_where=text("supersedes_id IS NOT NULL"),
        ),
    )

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
    basis_ids: Mapped[list[int] | None] = mapped_column(
        JSON, doc="overall: the ids of the item evaluations it was computed from (publishing locks them)"
    )


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


class PlanValue(Base):
    """計画値: the value the agency's own plan (中期計画・中長期計画, 年度計画) sets for a target
    and fiscal year, in one version; achievement is measured against it where one exists."""

    __tablename__ = "plan_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    plan_kind: Mapped[str] = mapped_column(
        String(16), doc="mid_term_plan (中期計画/中長期計画) or annual_plan (年度計画)"
    )
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    source_note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(120))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("plan_values.id"))
    import_file: Mapped[str | None] = mapped_column(Text)
    import_row: Mapped[int | None] = mapped_column(Integer)


class MainResult(Base):
    """主な業務実績: the written account of what a unit achieved in a year, for one stage,
    separate from the reason for its rating; versioned like every figure."""

    __tablename__ = "main_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    unit_key: Mapped[str] = mapped_column(String(200))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(120))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("main_results.id"))


class ManagementFinding(Base):
    """A finding that an item rated C or below failed for the agency's management (R&D cap on
    the overall rating); withdrawn, never deleted."""

    __tablename__ = "management_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    unit_key: Mapped[str] = mapped_column(String(200))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))
    evaluator: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[str | None] = mapped_column(String(120))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)


class SheetEntry(Base):
    """A written field of an official evaluation sheet (項目別評定調書, 総合評定: unit_key 総合),
    one field per row, versioned; the fields are catalogued in hyoka.store.sheets."""

    __tablename__ = "sheet_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("objective_documents.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))
    evaluator: Mapped[str] = mapped_column(String(16))
    unit_key: Mapped[str] = mapped_column(String(200), doc="unit title, or 総合 for the overall sheet")
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(120))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("sheet_entries.id"))
