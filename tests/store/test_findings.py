"""Management-failure findings: recorded (who, why), withdrawn (kept), each write audited (issue 11)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry
from hyoka.store.findings import FindingRefused, findings, findings_in_force, record_finding, withdraw_finding
from hyoka.store.ingest import ingest_file

UNIT = "研究開発の推進"


def test_record_withdraw_and_read(sessions: Database, settings: Settings) -> None:
    doc = ingest_file(sessions, sample_path(), settings).stored[0].id
    where = {"fiscal_year": 2026, "stage": "annual", "evaluator": "ministry"}
    with pytest.raises(FindingRefused, match="needs its reason"), sessions.begin() as session:
        record_finding(session, doc, UNIT, reason=" ", by="評価担当", **where)  # type: ignore[arg-type]
    with sessions.begin() as session:
        first = record_finding(session, doc, UNIT, reason="内部統制の不備", by="評価担当", **where)  # type: ignore[arg-type]
    assert (first.recorded_by, first.reason, first.in_force) == ("評価担当", "内部統制の不備", True)
    with pytest.raises(FindingRefused, match="already in force"), sessions.begin() as session:
        record_finding(session, doc, UNIT, reason="重ねて", by="評価担当", **where)  # type: ignore[arg-type]
    with sessions.begin() as session:
        withdrawn = withdraw_finding(session, first.id, by="課長", reason="事実誤認")
    assert (withdrawn.in_force, withdrawn.withdrawn_by, withdrawn.withdraw_reason) == (False, "課長", "事実誤認")
    with pytest.raises(FindingRefused, match="already withdrawn"), sessions.begin() as session:
        withdraw_finding(session, first.id, by="課長", reason="再度")
    with sessions() as session:
        assert [f.id for f in findings(session, doc, 2026, "annual")] == [first.id]
        assert findings_in_force(session, doc, 2026, "annual", "ministry") == set()
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "management_findings").order_by(AuditEntry.id)
        ).all()
    assert actions == ["finding.record", "finding.withdraw"]
