"""The written fields of the official evaluation sheets: the catalogue, checks, versions, audit."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.actors import ActorRequired
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, Evaluation, SheetEntry
from hyoka.store.ingest import ingest_file
from hyoka.store.ratings import OVERALL, EvaluationInput, publish, record_evaluation
from hyoka.store.sheets import (
    INPUT_FIELDS,
    SHEET_FIELDS,
    SheetEntryInput,
    SheetEntryRefused,
    entry_history,
    record_sheet_entries,
    record_sheet_entry,
    sheet_entries,
    yearly_inputs,
)

UNIT = "技術相談・技術支援の充実"


@pytest.fixture
def document_id(sessions: Database, settings: Settings) -> int:
    outcome = ingest_file(sessions, sample_path(), settings)
    assert outcome.status == "stored", outcome.error
    return outcome.stored[0].id


def entry(document_id: int, field: str, text: str, *, unit: str = "総合", year: int = 2026) -> SheetEntryInput:
    return SheetEntryInput(document_id, year, "annual", "ministry", unit, field, text, "経済産業省 評価室")


def test_catalogue_has_every_field_of_the_official_sheets() -> None:
    assert list(SHEET_FIELDS) == [
        "evaluators",
        "hearings",
        "overall_account",
        "matters_weighed",
        "main_issues",
        "improvements",
        "rd_council_opinion",
        "auditor_opinion",
        "related_policy",
        "legal_basis",
        "review_number",
        "budget",
        "settlement",
        "expenses",
        "staff",
        "future_issues",
        "other_matters",
    ]
    assert SHEET_FIELDS["overall_account"].label == "法人全体に対する評価"
    assert SHEET_FIELDS["budget"].label == "予算額（千円）"
    assert SHEET_FIELDS["future_issues"].label == "今後の課題"
    assert INPUT_FIELDS == ("budget", "settlement", "expenses", "staff")
    assert all(f.label and not f.label.isascii() for f in SHEET_FIELDS.values())


def test_record_versions_and_audit(sessions: Database, document_id: int) -> None:
    with sessions.begin() as session:
        first, written = record_sheet_entry(session, entry(document_id, "overall_account", "  全体として順調。  "))
        assert written
        assert (first.version, first.text, first.label) == (1, "全体として順調。", "法人全体に対する評価")
    with sessions.begin() as session:
        same, written = record_sheet_entry(session, entry(document_id, "overall_account", "全体として順調。"))
        assert not written  # the same text again writes nothing
        assert same.id == first.id
        second, written = record_sheet_entry(session, entry(document_id, "overall_account", "全体として概ね順調。"))
        assert written
        assert (second.version, second.supersedes_id) == (2, first.id)
    with sessions() as session:
        current = sheet_entries(session, document_id, 2026, "annual", "ministry")
        assert current[("総合", "overall_account")].text == "全体として概ね順調。"
        assert sheet_entries(session, document_id, 2026, "annual", "self") == {}
        assert [e.version for e in entry_history(session, document_id, "総合", "overall_account")] == [1, 2]
        assert session.scalar(select(SheetEntry).where(SheetEntry.id == first.id)) is not None  # kept
        audits = list(session.scalars(select(AuditEntry).where(AuditEntry.table_name == "sheet_entries")))
        assert [(a.action, a.actor, a.detail["field"], a.detail["version"]) for a in audits] == [
            ("sheet.record", "経済産業省 評価室", "overall_account", 1),
            ("sheet.record", "経済産業省 評価室", "overall_account", 2),
        ]
        assert audits[1].detail["replaces"] == first.id


def test_refusals_name_the_field(sessions: Database, document_id: int) -> None:
    with sessions.begin() as session:
        with pytest.raises(SheetEntryRefused, match="--field must be one of"):
            record_sheet_entry(session, entry(document_id, "mood", "x"))
        with pytest.raises(SheetEntryRefused, match=r"overall_account .*belongs to the overall sheet"):
            record_sheet_entry(session, entry(document_id, "overall_account", "x", unit=UNIT))
        with pytest.raises(SheetEntryRefused, match=r"legal_basis .*not 総合"):
            record_sheet_entry(session, entry(document_id, "legal_basis", "x"))
        with pytest.raises(SheetEntryRefused, match="the text is empty"):
            record_sheet_entry(session, entry(document_id, "future_issues", "  ", unit=UNIT))
        with pytest.raises(SheetEntryRefused, match="must be a number"):
            record_sheet_entry(session, entry(document_id, "budget", "たくさん", unit=UNIT))
        with pytest.raises(SheetEntryRefused, match="outside the document's period"):
            record_sheet_entry(session, entry(document_id, "future_issues", "x", unit=UNIT, year=1999))
        with pytest.raises(SheetEntryRefused, match="no stored document"):
            record_sheet_entry(session, entry(999_999, "future_issues", "x", unit=UNIT))
        with pytest.raises(SheetEntryRefused, match="--stage"):
            record_sheet_entry(
                session, SheetEntryInput(document_id, 2026, "monthly", "ministry", UNIT, "future_issues", "x", "a")
            )
        with pytest.raises(ActorRequired, match="--by"):
            record_sheet_entry(
                session, SheetEntryInput(document_id, 2026, "annual", "ministry", UNIT, "future_issues", "x", " ")
            )


def test_many_at_once_all_or_nothing(sessions: Database, document_id: int) -> None:
    refused = pytest.raises(SheetEntryRefused, match=r"entry 2 \(技術相談・技術支援の充実 / budget\)")
    with refused, sessions.begin() as session:
        record_sheet_entries(
            session,
            [
                entry(document_id, "legal_basis", "機構法第12条", unit=UNIT),
                entry(document_id, "budget", "x", unit=UNIT),
            ],
        )
    with sessions() as session:
        assert sheet_entries(session, document_id, 2026, "annual", "ministry") == {}


def test_inputs_by_year(sessions: Database, document_id: int) -> None:
    with sessions.begin() as session:
        record_sheet_entries(
            session,
            [
                entry(document_id, "budget", "1,200,000", unit=UNIT, year=2026),
                entry(document_id, "budget", "1,250,000", unit=UNIT, year=2027),
                entry(document_id, "staff", "85", unit=UNIT, year=2026),
            ],
        )
    with sessions() as session:
        inputs = yearly_inputs(session, document_id)
        assert {y: e.number for y, e in inputs[(UNIT, "budget")].items()} == {2026: 1_200_000, 2027: 1_250_000}
        assert inputs[(UNIT, "staff")][2026].number == 85


def _rate(session: Session, document_id: int, unit: str, **facts: object) -> Evaluation:
    base = EvaluationInput(document_id, unit, None, "annual", 2026, "self", "B", "目標を達成した。", "評価担当")
    record_evaluation(session, base)
    ministry = dataclasses.replace(base, evaluator="ministry", author="経済産業省", **facts)  # type: ignore[arg-type]
    return record_evaluation(session, ministry)


def test_the_texts_of_a_published_rating_are_locked(sessions: Database, document_id: int) -> None:
    """Issue 11: the sheet texts could be edited after the rating they belong to was published. Once the
    ministry's overall rating is published, its 総合 texts and the texts of the items it was computed from
    are refused, naming the unit, year and stage; another year, stage or evaluator is not locked."""
    with sessions.begin() as session:
        record_sheet_entry(session, entry(document_id, "overall_account", "順調。"))
        record_sheet_entry(session, entry(document_id, "future_issues", "課題。", unit=UNIT))
        item = _rate(session, document_id, UNIT)
        overall = _rate(session, document_id, OVERALL, computed_rating="B", basis_ids=(item.id,))
        publish(session, overall.id, "経済産業大臣")
    for unit, field in ((OVERALL, "overall_account"), (UNIT, "future_issues"), (UNIT, "budget")):
        text = "1,000" if field == "budget" else "書き換え。"
        with pytest.raises(SheetEntryRefused) as refused, sessions.begin() as session:
            record_sheet_entry(session, entry(document_id, field, text, unit=unit))
        message = str(refused.value)
        for part in (unit, field, "令和8年度", "年度評価", "FY2026", "annual", "published", "公表"):
            assert part in message, (part, message)
    with sessions() as session:
        assert (
            sheet_entries(session, document_id, 2026, "annual", "ministry")[(OVERALL, "overall_account")].version == 1
        )
    with sessions.begin() as session:  # the agency's own texts belong to its own (unpublished) rating
        own = dataclasses.replace(entry(document_id, "overall_account", "自己評価の記載。"), evaluator="self")
        assert record_sheet_entry(session, own)[1]
        assert record_sheet_entry(session, entry(document_id, "overall_account", "翌年度。", year=2027))[1]
