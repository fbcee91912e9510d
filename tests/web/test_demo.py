"""The demo database of `hyoka serve --demo`: what it holds, that it is reused, and its documents.

The database is built once for the module (about a second); the tests read it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.parse import parse_text
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store import extracts as x
from hyoka.store.database import open_database
from hyoka.store.evaluations import Evaluation, Result
from hyoka.store.ratings import OVERALL
from hyoka.web import demo
from hyoka.web.demo import DemoDatabase, build_demo, demo_fingerprint, demo_inputs

DEMO_USER = "山田 花子（デモ利用者）"
DEMO_DOCUMENTS = sorted(p.name for p in demo_inputs().glob("*.txt"))
#: The warnings a demo document must never carry: it would show as a broken page.
FORBIDDEN_WARNINGS = ("objective period not found", "agency name not found", "objective kind", "no numbered headings")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DemoDatabase:
    return build_demo(tmp_path_factory.mktemp("demo-data"))


@pytest.fixture
def session(built: DemoDatabase) -> Iterator[Session]:
    with open_database(Settings(database_url=built.url)) as database, database.read() as session:
        yield session


def _documents(session: Session) -> dict[str, d.ObjectiveDocument]:
    """The newest version of each agency's document, by agency name."""
    newest: dict[str, d.ObjectiveDocument] = {}
    for document in session.scalars(select(d.ObjectiveDocument).order_by(d.ObjectiveDocument.version)):
        assert document.agency is not None
        newest[document.agency.name] = document
    return newest


def _evaluations(session: Session, document: d.ObjectiveDocument, year: int) -> list[Evaluation]:
    query = select(Evaluation).where(Evaluation.document_id == document.id, Evaluation.fiscal_year == year)
    return list(session.scalars(query))


def test_the_build_reports_what_it_holds(built: DemoDatabase) -> None:
    assert not built.reused
    assert built.path.is_file()
    assert built.path.name == f"demo-{built.fingerprint}.sqlite"
    assert built.url == f"sqlite:///{built.path}"
    assert (built.agencies, built.documents) == (3, 4)
    assert built.targets >= 30
    assert built.results >= 50
    assert built.evaluations > built.published > 0
    assert [p.name for p in built.path.parent.iterdir()] == [built.path.name]  # no partial file left


def test_three_agencies_of_the_three_categories(session: Session) -> None:
    kinds = {(doc.agency.legal_type if doc.agency else None, doc.kind) for doc in _documents(session).values()}
    assert kinds == {("独立行政法人", "中期目標"), ("国立研究開発法人", "中長期目標"), ("独立行政法人", "年度目標")}
    assert all("架空" in name for name in _documents(session))


def test_the_mid_term_objectives_are_stored_as_draft_then_final(session: Session) -> None:
    final = next(doc for doc in _documents(session).values() if doc.kind == "中期目標")
    draft = final.previous_version
    assert draft is not None
    assert (draft.version, draft.draft, final.version, final.draft) == (1, True, 2, False)
    assert (draft.period_start, draft.period_end) == (final.period_start, final.period_end)
    assert final.period_start is not None
    assert final.period_start.year == 2025
    assert final.period_years == 5

    def values(doc: d.ObjectiveDocument) -> set[float]:
        return set(session.scalars(select(x.Target.value).where(x.Target.document_id == doc.id)))

    def flags(doc: d.ObjectiveDocument) -> int:
        return len(session.scalars(select(x.Flag).where(x.Flag.document_id == doc.id)).all())

    assert values(final) - values(draft) == {125000, 16000}  # targets raised in the final text
    assert flags(final) == flags(draft) + 1  # a difficulty mark added


def test_results_in_two_fiscal_years_entered_by_the_demo_user(session: Session) -> None:
    years = {}
    for document in _documents(session).values():
        query = select(Result.fiscal_year).join(x.Target).where(x.Target.document_id == document.id)
        years[document.kind] = set(session.scalars(query))
    assert {2025, 2026} <= years["中期目標"]
    assert {2025, 2026} <= years["中長期目標"]
    assert 2025 in years["年度目標"]
    assert set(session.scalars(select(Result.entered_by))) == {DEMO_USER}


def test_every_unit_has_a_self_and_a_ministry_evaluation_for_fy2025(session: Session) -> None:
    for document in _documents(session).values():
        rows = _evaluations(session, document, 2025)
        by_evaluator = {e: {r.unit_key for r in rows if r.evaluator == e} for e in ("self", "ministry")}
        assert by_evaluator["self"] == by_evaluator["ministry"]
        assert OVERALL in by_evaluator["self"]
        assert len(by_evaluator["self"]) >= 4
        assert all(r.reason.strip() for r in rows)


def test_the_ministries_fy2025_ratings_are_published_and_nothing_else(session: Session) -> None:
    for document in _documents(session).values():
        rows = _evaluations(session, document, 2025)
        assert all(r.published for r in rows if r.evaluator == "ministry")
        assert not any(r.published for r in rows if r.evaluator == "self")


def test_fy2026_has_unpublished_self_evaluations_only(session: Session) -> None:
    documents = _documents(session)
    rows = [row for doc in documents.values() for row in _evaluations(session, doc, 2026)]
    assert {r.evaluator for r in rows} == {"self"}
    assert not any(r.published for r in rows)
    assert {r.document_id for r in rows} == {doc.id for doc in documents.values() if doc.kind != "年度目標"}


def test_c_and_d_ratings_carry_an_improvement(session: Session) -> None:
    rows = session.scalars(select(Evaluation).where(Evaluation.rating.in_(("C", "D")))).all()
    assert rows
    assert all((r.improvement or "").strip() for r in rows)


def test_a_second_call_reuses_the_file_untouched(built: DemoDatabase) -> None:
    before = built.path.stat().st_mtime_ns
    again = build_demo(built.path.parent)
    assert again.reused
    assert again.path == built.path
    assert again.path.stat().st_mtime_ns == before
    assert again.evaluations == built.evaluations


def test_changed_inputs_build_a_new_file_and_remove_the_old(built: DemoDatabase, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(demo_inputs(), inputs)
    script = inputs / demo.SCRIPT_NAME
    script.write_text(script.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    old = data / built.path.name
    shutil.copy(built.path, old)
    crashed = data / f".demo-{'0' * 16}-dead.partial"
    crashed.write_bytes(b"half a database")
    os.utime(crashed, (time.time() - 2 * demo.STALE_PARTIAL_S,) * 2)
    (data / "hyoka.sqlite").write_bytes(b"the user's own database")
    rebuilt = build_demo(data, inputs=inputs)
    assert rebuilt.fingerprint != built.fingerprint
    assert not rebuilt.reused
    assert rebuilt.path.name != old.name
    # the old fingerprint's file and the crashed build's are gone; the user's database is kept
    assert sorted(p.name for p in data.iterdir()) == sorted([rebuilt.path.name, "hyoka.sqlite"])
    assert rebuilt.evaluations == built.evaluations


def test_the_fingerprint_follows_the_script_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = demo_fingerprint()
    assert demo_fingerprint() == before
    monkeypatch.setattr(demo, "DEMO_SCRIPT_VERSION", demo.DEMO_SCRIPT_VERSION + 1)
    assert demo_fingerprint() != before


def test_a_build_finishing_second_leaves_the_first_file_alone(tmp_path: Path) -> None:
    target, partial = tmp_path / "demo-x.sqlite", tmp_path / ".demo-x-1.partial"
    target.write_bytes(b"first")
    partial.write_bytes(b"second")
    demo._move_into_place(partial, target)
    assert target.read_bytes() == b"first"


@pytest.mark.parametrize("name", DEMO_DOCUMENTS)
def test_each_demo_document_parses_fully(name: str) -> None:
    result = parse_text((demo_inputs() / name).read_text(encoding="utf-8"))
    assert len(result.documents) == 1
    document = result.documents[0]
    messages = [w.message for w in (*result.warnings, *document.warnings)]
    assert not [m for m in messages if m.startswith(FORBIDDEN_WARNINGS)], messages
    assert document.agency.full_name
    assert "架空" in document.agency.full_name
    assert document.kind is not None
    assert document.period is not None
    assert len(document.sections) == 6  # 第１〜第６
    assert document.targets
    assert document.flags
    assert document.evaluation_units
    assert document.annexes


def test_the_rd_agency_has_its_evaluation_axes_table() -> None:
    result = parse_text((demo_inputs() / "chuchoki-kaiyo.txt").read_text(encoding="utf-8"))
    rows = result.documents[0].evaluation_axes
    assert len(rows) == 5
    assert all(r.axes and r.evaluation_indicators and r.monitoring_indicators for r in rows)
    assert all(r.section_line is not None for r in rows)
