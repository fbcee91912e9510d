"""Renderings kept per stored version: the 文書 page's body, built once for every worker

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

A stored version is never rewritten (a new text is a new version, a new row), so what a page
shows of it — the heading tree with its targets, marks and axes rows, the source text line by
line — can be rendered once and read back as one row. `renderer` names the code that rendered
it (the hyoka version and the templates), so a rendering by other code is never handed out;
rows go with their document.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_renderings",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("renderer", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["objective_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "renderer"),
    )


def downgrade() -> None:
    op.drop_table("kept_renderings")
