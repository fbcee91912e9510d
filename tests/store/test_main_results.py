"""主な業務実績 (issue 11): per unit, fiscal year and stage, apart from the rating's reason; a new
entry for the same unit, year and stage is a new version; refusals name the option."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, MainResult
from hyoka.store.ingest import ingest_file
from hyoka.store.main_results import MainResultRefused, record_main_result, stage_code
from hyoka.store.ratings import EvaluationInput, publish, record_evaluation
from hyoka.store.store import Store

UNITS = {"技術相談・技術支援の充実", "研究開発の推進"}


@pytest.fixture
def document(sessions: Database, settings: Settings) -> int:
    outcome = ingest_file(sessions, sample_path(), settings)
    assert outcome.status == "stored"
    return outcome.stored[0].id


def _record(sessions: Database, document: int, **given: object) -> int:
    entry: dict[str, object] = {
        "document_id": document,
        "unit_key": "研究開発の推進",
        "fiscal_year": 2026,
        "stage": "annual",
        "text": "論文 260 件を発表した。",
        "entered_by": "企画課",
        "known_units": UNITS,
    } | given
    with sessions.begin() as session:
        return record_main_result(session, **entry)[0].id  # type: ignore[arg-type]


def test_versions_per_unit_year_and_stage(sessions: Database, document: int) -> None:
    first = _record(sessions, document)
    second = _record(sessions, document, text="  論文 265 件を発表した。\n")
    _record(sessions, document, stage="見込評価", text="見込み: 期間中に 1,300 件。")
    _record(sessions, document, fiscal_year=2027, text="論文 270 件。")
    _record(sessions, document, unit_key="総合", text="法人全体として順調。")
    store = Store(sessions)
    annual = store.main_results(document, 2026, "annual")
    assert {key: (r.text, r.version) for key, r in annual.items()} == {
        ("研究開発の推進", 2026, "annual"): ("論文 265 件を発表した。", 2),
        ("総合", 2026, "annual"): ("法人全体として順調。", 1),
    }
    assert set(store.main_results(document)) == {
        ("研究開発の推進", 2026, "annual"),
        ("研究開発の推進", 2026, "expected"),
        ("研究開発の推進", 2027, "annual"),
        ("総合", 2026, "annual"),
    }
    assert set(store.main_results(document, stage="年度評価")) == set(store.main_results(document, stage="annual"))
    history = store.main_result_history(document, "研究開発の推進", 2026, "annual")
    assert [(h.id, h.version, h.supersedes_id) for h in history] == [(first, 1, None), (second, 2, first)]
    with sessions() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.table_name == "main_results")).all()
    assert sorted(actions) == ["main_result.add"] * 4 + ["main_result.correct"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"document_id": 999}, "no stored document 999"),
        ({"stage": "yearly"}, "--stage 'yearly' is not a stage"),
        ({"fiscal_year": 2025}, "--year 2025 is outside the objective period (2026–2030)"),
        ({"unit_key": "存在しない"}, "--unit '存在しない' is not an evaluation unit of document"),
        ({"unit_key": " "}, "--unit must name an evaluation unit"),
        ({"text": " \n "}, "the main results are empty"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_written(
    sessions: Database, document: int, given: dict[str, object], message: str
) -> None:
    with pytest.raises(MainResultRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        _record(sessions, document, **given)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MainResult)) == 0


def test_stage_names() -> None:
    assert [stage_code(s) for s in ("年度評価", "見込評価", "中間評価", "期間実績評価", "period_end")] == [
        "annual",
        "expected",
        "interim",
        "period_end",
        "period_end",
    ]


def test_the_main_results_of_a_published_rating_are_locked(sessions: Database, document: int) -> None:
    """Like the sheet texts: the account stands under both evaluations of its unit, year and stage,
    so once either rating is published it can no longer change (the same text is still accepted,
    nothing being written); another year stays open."""
    first = _record(sessions, document)
    with sessions.begin() as session:
        rating = record_evaluation(
            session,
            EvaluationInput(
                document, "研究開発の推進", None, "annual", 2026, "self", "B", "目標を達成した。", "企画課"
            ),
        )
        publish(session, rating.id, "理事長")
    with pytest.raises(MainResultRefused) as refused:
        _record(sessions, document, text="論文 300 件を発表した。")
    message = str(refused.value)
    for part in ("研究開発の推進", "令和8年度", "年度評価", "FY2026", "annual", "published", "公表"):
        assert part in message, (part, message)
    assert _record(sessions, document) == first  # unchanged: nothing to refuse
    _record(sessions, document, fiscal_year=2027, text="論文 270 件。")
    with sessions() as session:
        texts = session.scalars(select(MainResult.text).where(MainResult.fiscal_year == 2026)).all()
    assert texts == ["論文 260 件を発表した。"]
