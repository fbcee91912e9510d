"""`catalog.versions`: the chain of a document's versions walked in SQL, both ways from any of
them, on both databases, with each version's record as the document lists give it."""

from __future__ import annotations

from sqlalchemy import Engine

from hyoka.store import documents as d
from hyoka.store.database import Database
from hyoka.store.store import Store


def _chain(sessions: Database, length: int, *, file: str) -> list[int]:
    """`length` versions of one document (each replacing the one before), ids oldest first."""
    ids: list[int] = []
    with sessions.begin() as session:
        source = d.SourceFile(
            sha256=file * 64, path=f"/srv/{file}.txt", format="text", encoding="utf-8", line_count=1, size_bytes=1,
            document_count=length,
        )  # fmt: skip
        session.add(source)
        session.flush()
        for version in range(1, length + 1):
            row = d.ObjectiveDocument(
                source_file_id=source.id, position=version, content_sha256=f"{file}{version}".ljust(64, "0"),
                version=version, previous_version_id=ids[-1] if ids else None, kind="中期目標",
                draft=version < length, title=f"{file} 第{version}版", ministries=[], start_line=1, end_line=1,
            )  # fmt: skip
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


def test_every_version_of_a_chain_from_any_of_them(sessions: Database, engine: Engine) -> None:
    chain = _chain(sessions, 4, file="a")
    alone = _chain(sessions, 1, file="b")
    store = Store(Database(engine))
    for member in chain:
        versions = store.versions(member)
        assert [v.id for v in versions] == chain
        assert [v.version for v in versions] == [1, 2, 3, 4]
        assert [v.superseded for v in versions] == [True, True, True, False]
        assert [v.previous_version_id for v in versions] == [None, *chain[:-1]]
        assert versions == [store.document(i) for i in chain]  # the same records as one document's
    assert [v.id for v in store.versions(alone[0])] == alone
    assert store.versions(999_999) == []
    assert {v.source_file for v in store.versions(chain[0])} == {"a.txt"}  # the name, never the server's path
