"""the text of every ingested file is kept, line for line

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

The web pages show a stored document beside its source, with every line numbered (#L123) and
every PDF page marked. Files stored before this revision have no text row; their pages say so.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_texts",
        sa.Column(
            "source_file_id", sa.Integer(), sa.ForeignKey("source_files.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("page_starts", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_texts")
