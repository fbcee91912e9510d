"""results against the evaluation and monitoring indicators of the axes table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

An R&D agency's results are entered against the evaluation indicators (評価指標) and monitoring
indicators (モニタリング指標) of its evaluation-axes table as well as against its targets and plain
indicators: a result row names one of the three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_KEPT = (
    "id, target_id, indicator_id, fiscal_year, value, unit, source_note, entered_by, entered_at, "
    "version, supersedes_id, import_file, import_row"
)


def _results_table(*, axes: bool) -> None:
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        *([sa.Column("axes_entry_id", sa.Integer(), nullable=True)] if axes else []),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        sa.Column(
            "entered_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("import_file", sa.Text(), nullable=True),
        sa.Column("import_row", sa.Integer(), nullable=True),
    ]
    keys: list[sa.ForeignKeyConstraint] = [
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicators.id"], name=op.f("fk_results_indicator_id_indicators"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["supersedes_id"], ["results.id"], name=op.f("fk_results_supersedes_id_results")),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_results_target_id_targets"), ondelete="CASCADE"
        ),
    ]
    if axes:
        keys.append(_axes_key())
    op.create_table("results", *columns, *keys, sa.PrimaryKeyConstraint("id", name=op.f("pk_results")))


def _axes_key() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["axes_entry_id"], ["axes_entries.id"], name=op.f("fk_results_axes_entry_id_axes_entries"), ondelete="CASCADE"
    )


def _rebuild_on_sqlite(*, axes: bool) -> None:
    """SQLite adds or drops a column with a named foreign key only by building the table anew.
    The old table is renamed first (the references to it, its own included, follow it), so that
    with foreign keys enforced it can be dropped once its rows are copied: nothing points at it."""
    op.execute("ALTER TABLE results RENAME TO results_before_0008")
    _results_table(axes=axes)
    op.execute(f"INSERT INTO results ({_KEPT}) SELECT {_KEPT} FROM results_before_0008")
    op.execute("DROP TABLE results_before_0008")
    for column in ("target_id", "indicator_id", *(("axes_entry_id",) if axes else ())):
        op.create_index(op.f(f"ix_results_{column}"), "results", [column], unique=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(axes=True)
        return
    op.add_column("results", sa.Column("axes_entry_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_results_axes_entry_id_axes_entries"),
        "results",
        "axes_entries",
        ["axes_entry_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_index(op.f("ix_results_axes_entry_id"), "results", ["axes_entry_id"], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(axes=False)
        return
    op.drop_index(op.f("ix_results_axes_entry_id"), table_name="results")
    op.drop_constraint(op.f("fk_results_axes_entry_id_axes_entries"), "results", type_="foreignkey")
    op.drop_column("results", "axes_entry_id")
