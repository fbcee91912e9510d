"""exactly one evaluation in force per unit, year, stage and evaluator, as a database constraint

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

An evaluation is in force until a newer one names it in `supersedes_id` (a re-record of an
unpublished one, or a supersede of a published one): the evaluations of one unit, year, stage and
evaluator form one chain, and the one nothing replaces is in force. Two partial unique indexes make
the chain the only shape the database accepts, whoever writes to it:

- `uq_evaluations_first_in_force`: one first evaluation (no `supersedes_id`) per document, unit,
  stage, fiscal year and evaluator — a second would start a second chain, a second one in force;
- `uq_evaluations_supersedes_id`: an evaluation is replaced at most once — two replacing the same
  one would both be in force.

A database holding either (written before 2026-12-02, when a supersede did not yet check that the
evaluation it replaced was in force) is not changed: the upgrade stops and lists the evaluations
to look at.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("document_id", "unit_key", "stage", "fiscal_year", "evaluator")
FIRST = "uq_evaluations_first_in_force"
ONCE = "uq_evaluations_supersedes_id"


def _check_existing() -> None:
    connection = op.get_bind()
    columns = ", ".join(KEY)
    starts = connection.execute(
        sa.text(
            f"SELECT {columns}, COUNT(*) FROM evaluations WHERE supersedes_id IS NULL "
            f"GROUP BY {columns} HAVING COUNT(*) > 1"
        )
    ).all()
    forks = connection.execute(
        sa.text(
            "SELECT supersedes_id, COUNT(*) FROM evaluations WHERE supersedes_id IS NOT NULL "
            "GROUP BY supersedes_id HAVING COUNT(*) > 1"
        )
    ).all()
    problems = [
        f"document {row[0]}, {row[1]}, FY{row[3]} {row[2]}, {row[4]}: {row[5]} evaluations replace none"
        for row in starts
    ] + [f"evaluation {row[0]} is replaced by {row[1]} evaluations" for row in forks]
    if problems:
        raise RuntimeError(
            "migration 0009 makes one evaluation in force per unit, year, stage and evaluator a constraint, "
            "and these evaluations break it (an older version could write them): " + "; ".join(problems)
        )


def upgrade() -> None:
    _check_existing()
    op.create_index(
        FIRST,
        "evaluations",
        list(KEY),
        unique=True,
        sqlite_where=sa.text("supersedes_id IS NULL"),
        postgresql_where=sa.text("supersedes_id IS NULL"),
    )
    op.create_index(
        ONCE,
        "evaluations",
        ["supersedes_id"],
        unique=True,
        sqlite_where=sa.text("supersedes_id IS NOT NULL"),
        postgresql_where=sa.text("supersedes_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(ONCE, table_name="evaluations")
    op.drop_index(FIRST, table_name="evaluations")
