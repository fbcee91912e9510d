"""Storage: SQLAlchemy tables, Alembic migrations, ingestion and search; the only writer, and the
only package that queries (`hyoka.store.store.Store` for reading; see `tests/test_layers.py`)."""

from hyoka.store import documents, evaluations, extracts, search_table
from hyoka.store.base import Base

__all__ = ["Base", "documents", "evaluations", "extracts", "search_table"]
