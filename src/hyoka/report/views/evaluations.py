"""評価: published item and overall ratings per agency and fiscal year, laid out as the published
evaluation sheets are (the overall rating first, then every unit's rating with its reason)."""

from __future__ import annotations

from pydantic import BaseModel

from hyoka.model.records import EvaluationRecord
from hyoka.report.labels import EVALUATOR_NAMES, STAGE_NAMES, year_label
from hyoka.store.published import EvaluationFilter
from hyoka.store.store import Store


class EvaluationSheet(BaseModel):
    """One agency's published ratings for one year, stage and evaluator."""

    agency_id: int | None
    agency: str | None
    document_id: int
    fiscal_year: int
    fiscal_year_label: str
    stage: str
    stage_label: str
    evaluator: str
    evaluator_label: str
    overall: EvaluationRecord | None
    items: list[EvaluationRecord]


class EvaluationsPage(BaseModel):
    agency_id: int | None
    fiscal_year: int | None
    years: list[int]
    sheets: list[EvaluationSheet]


def evaluations_view(store: Store, *, agency_id: int | None = None, fiscal_year: int | None = None) -> EvaluationsPage:
    every = store.published_evaluations(EvaluationFilter(agency_id=agency_id))
    years = sorted({r.fiscal_year for r in every}, reverse=True)
    chosen = [r for r in every if fiscal_year is None or r.fiscal_year == fiscal_year]
    sheets: dict[tuple[int, int, str, str], list[EvaluationRecord]] = {}
    for record in chosen:
        sheets.setdefault((record.document_id, record.fiscal_year, record.stage, record.evaluator), []).append(record)
    ordered = sorted(sheets.items(), key=lambda item: (-item[0][1], item[1][0].agency or "", item[0][3] != "ministry"))
    return EvaluationsPage(
        agency_id=agency_id,
        fiscal_year=fiscal_year,
        years=years,
        sheets=[_sheet(key, records) for key, records in ordered],
    )


def _sheet(key: tuple[int, int, str, str], records: list[EvaluationRecord]) -> EvaluationSheet:
    document_id, year, stage, evaluator = key
    overall = next((r for r in records if r.level == "overall"), None)
    return EvaluationSheet(
        agency_id=records[0].agency_id,
        agency=records[0].agency,
        document_id=document_id,
        fiscal_year=year,
        fiscal_year_label=year_label(year),
        stage=stage,
        stage_label=STAGE_NAMES.get(stage, stage),
        evaluator=evaluator,
        evaluator_label=EVALUATOR_NAMES.get(evaluator, evaluator),
        overall=overall,
        items=[r for r in records if r.level == "item"],
    )
