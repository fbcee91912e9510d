"""source files remember how many documents they hold

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

An ingest recognises a file stored before by its hash and no longer parses it again; to say how
many documents it left unchanged it needs the number the file was found to hold when it was
first ingested. Files stored before this revision get the number of documents stored from them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: SQLite (3.35+) adds and drops a column in place, where a
# batch operation would copy the table, and dropping the old one with foreign keys on would
# cascade to every stored document.


def upgrade() -> None:
    op.add_column("source_files", sa.Column("document_count", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE source_files SET document_count = "
        "(SELECT count(*) FROM objective_documents o WHERE o.source_file_id = source_files.id)"
    )


def downgrade() -> None:
    op.drop_column("source_files", "document_count")
