"""Renderings of stored versions kept for every reader (`KeptRendering`, migration 0011).

A stored version is never rewritten, so a page body rendered from it stays right for as long as
the code that rendered it is the same: the rows are keyed by the version's id and a `renderer`
string the caller derives from its code. Keeping one is a write that changes no data: it holds
the writer lock for one short insert and leaves the generation as it was, and a rendering that
another process kept first is simply left standing (the two are the same).
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hyoka.store.documents import KeptRendering, ObjectiveDocument

__all__ = ["drop_other_renderings", "keep_rendering", "kept_rendering", "versions_without_rendering"]


def kept_rendering(session: Session, document_id: int, renderer: str) -> str | None:
    query = select(KeptRendering.content).where(
        KeptRendering.document_id == document_id, KeptRendering.renderer == renderer
    )
    return session.scalar(query)


def keep_rendering(session: Session, document_id: int, renderer: str, content: str) -> None:
    """Keep `content` unless a rendering by the same renderer is kept already, or the version
    is gone (deleted meanwhile: nothing to keep)."""
    if session.get(ObjectiveDocument, document_id) is None:
        return
    values = {"document_id": document_id, "renderer": renderer, "content": content}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(KeptRendering).values(**values).on_conflict_do_nothing())


def versions_without_rendering(session: Session, renderer: str) -> list[int]:
    """The ids of the stored versions with no rendering by `renderer`, newest first."""
    kept = select(KeptRendering.document_id).where(KeptRendering.renderer == renderer)
    query = select(ObjectiveDocument.id).where(ObjectiveDocument.id.not_in(kept))
    return list(session.scalars(query.order_by(ObjectiveDocument.id.desc())))


def drop_other_renderings(session: Session, renderer: str) -> int:
    """Delete the renderings kept by any other renderer (older code: they are never shown again);
    returns how many rows went."""
    result = session.execute(delete(KeptRendering).where(KeptRendering.renderer != renderer))
    return int(getattr(result, "rowcount", 0) or 0)
