"""Storage: SQLAlchemy tables, Alembic migrations, ingestion and search; the only writer."""

from hyoka.store import documents, evaluations, extracts, search_table
from hyoka.store.base import Base

__all__ = ["Base", "documents", "evaluations", "extracts", "search_table"]
