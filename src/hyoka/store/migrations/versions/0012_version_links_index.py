"""An index on the link from a version to the one it replaces

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

A document's versions are found by walking `previous_version_id` both ways, and "is this version
replaced?" asks for a row that points at it: without an index each step of the walk down, and
each such question, read every stored document.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("objective_documents") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objective_documents_previous_version_id"), ["previous_version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("objective_documents") as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_documents_previous_version_id"))
