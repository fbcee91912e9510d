"""the evaluation cycle: agency categories, plan values, main results, management findings,
the written fields of the evaluation sheets, and what an overall rating was computed from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Agencies stored before this revision get their category (M, R, E) from their legal type, else
from the kinds of objectives they are given (中期目標 → M, 中長期目標 → R, 年度目標 → E), else
from the article of 独立行政法人通則法 their documents cite (第29条 → M, 第35条の4 → R,
第35条の9・10 → E).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND = {"中期目標": "M", "中長期目標": "R", "年度目標": "E"}
_TYPE = {"国立研究開発法人": "R", "行政執行法人": "E", "中期目標管理法人": "M"}
_ARTICLE = (("第35条の4", "R"), ("第35条の9", "E"), ("第35条の10", "E"), ("第29条", "M"))
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI = {"二十九": "29", "三十五": "35", "四": "4", "九": "9", "十": "10"}


def _article_category(basis: str) -> str | None:
    text = basis.translate(_DIGITS).replace(" ", "").replace("　", "")
    for kanji, digits in _KANJI.items():
        text = text.replace(f"第{kanji}条", f"第{digits}条").replace(f"条の{kanji}", f"条の{digits}")
    for article, category in _ARTICLE:
        if re.search(r"(?<![0-9])" + re.escape(article) + r"(?![0-9の])", text):
            return category
    return None


def _backfill_categories() -> None:
    connection = op.get_bind()
    agencies = connection.execute(sa.text("SELECT id, legal_type FROM agencies")).all()
    documents = connection.execute(
        sa.text("SELECT agency_id, kind, legal_basis FROM objective_documents WHERE agency_id IS NOT NULL ORDER BY id")
    ).all()
    for agency_id, legal_type in agencies:
        category = _TYPE.get(legal_type or "")
        own = [row for row in documents if row.agency_id == agency_id]
        if category is None:
            category = next((_KIND[row.kind] for row in own if row.kind in _KIND), None)
        if category is None:
            category = next((c for row in own if row.legal_basis and (c := _article_category(row.legal_basis))), None)
        if category is not None:
            connection.execute(
                sa.text("UPDATE agencies SET category = :category WHERE id = :id"),
                {"category": category, "id": agency_id},
            )


def _document_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["document_id"],
        ["objective_documents.id"],
        name=op.f(f"fk_{table}_document_id_objective_documents"),
        ondelete="CASCADE",
    )


def _stamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False)


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (see 0005): a batch operation would copy the table.
    op.add_column("agencies", sa.Column("category", sa.String(length=1), nullable=True))
    op.add_column("evaluations", sa.Column("basis_ids", sa.JSON(), nullable=True))
    _backfill_categories()

    op.create_table(
        "plan_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("plan_kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        _stamp("entered_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("import_file", sa.Text(), nullable=True),
        sa.Column("import_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_plan_values_target_id_targets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["plan_values.id"], name=op.f("fk_plan_values_supersedes_id_plan_values")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_values")),
    )
    op.create_index(op.f("ix_plan_values_target_id"), "plan_values", ["target_id"], unique=False)

    op.create_table(
        "main_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("unit_key", sa.String(length=200), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        _stamp("entered_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        _document_fk("main_results"),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["main_results.id"], name=op.f("fk_main_results_supersedes_id_main_results")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_main_results")),
    )
    op.create_index(op.f("ix_main_results_document_id"), "main_results", ["document_id"], unique=False)

    op.create_table(
        "management_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("unit_key", sa.String(length=200), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("evaluator", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        _stamp("recorded_at"),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=120), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=True),
        _document_fk("management_findings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_management_findings")),
    )
    op.create_index(op.f("ix_management_findings_document_id"), "management_findings", ["document_id"], unique=False)

    op.create_table(
        "sheet_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("evaluator", sa.String(length=16), nullable=False),
        sa.Column("unit_key", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        _stamp("entered_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        _document_fk("sheet_entries"),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["sheet_entries.id"], name=op.f("fk_sheet_entries_supersedes_id_sheet_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_entries")),
    )
    op.create_index(op.f("ix_sheet_entries_document_id"), "sheet_entries", ["document_id"], unique=False)


def downgrade() -> None:
    for table in ("sheet_entries", "management_findings", "main_results", "plan_values"):
        op.drop_table(table)
    op.drop_column("evaluations", "basis_ids")
    op.drop_column("agencies", "category")
