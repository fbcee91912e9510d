"""Commands of the yearly cycle: results, the rating policy, proposals, evaluations, reports.

The store, the evaluation and the reports (SQLAlchemy, openpyxl, Jinja2) are imported by the
commands that use them (see `hyoka.cli.app`).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from hyoka.cli.app import (
    app,
    checked_output,
    console,
    database,
    errors,
    fail,
    opened_store,
    settings,
    writing,
)

if TYPE_CHECKING:
    from hyoka.evaluate.policy import RatingPolicy
    from hyoka.store.database import Session

results_app = typer.Typer(help="Results (業務実績) against targets.\n\nExample: hyoka results template 1 --out r.xlsx")
policy_app = typer.Typer(help="The rating policy (評価基準).\n\nExample: hyoka policy show")
evaluate_app = typer.Typer(
    help="Proposals, evaluations (評定) and reports.\n\nExample: hyoka evaluate propose 1 --year 2026"
)
app.add_typer(results_app, name="results")
app.add_typer(policy_app, name="policy")
app.add_typer(evaluate_app, name="evaluate")

Stage = Annotated[str, typer.Option(help="annual, expected, interim or period_end.")]


class ReportFormatOption(StrEnum):
    xlsx = "xlsx"
    md = "md"
    html = "html"


REPORT_SUFFIXES = {"xlsx": (".xlsx",), "md": (".md", ".markdown"), "html": (".html", ".htm")}


Evaluator = Annotated[str, typer.Option(help="self (自己評価) or ministry (主務大臣評価).")]


def policy_for(agency: str | None, legal_type: str | None) -> RatingPolicy:
    from hyoka.evaluate.policy import PolicyError, default_policy
    from hyoka.evaluate.registry import load_registry

    config = settings()
    if config.policy_file is None:
        return default_policy()
    try:
        return load_registry(config.policy_file).policy_for(agency, legal_type)
    except (PolicyError, OSError) as exc:
        message = str(exc)
        fail(message if message.startswith(str(config.policy_file)) else f"{config.policy_file}: {message}")


def _document_policy(session: Session, document_id: int) -> RatingPolicy:
    """The policy the document's agency is evaluated by, read in `session` (a write's too)."""
    from hyoka.store import catalog

    document = catalog.document(session, document_id)
    if document is None:
        fail(f"no stored document with id {document_id} (hyoka list shows the ids)")
    agency = catalog.agency(session, document.agency_id) if document.agency_id is not None else None
    return policy_for(agency.full_name if agency else None, agency.legal_type if agency else None)


@results_app.command("template")
def results_template(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    out: Annotated[Path, typer.Option("--out", help="xlsx or csv file to write.")],
) -> None:
    """Write a results template: one row per target and fiscal year, to fill in and import.

    Example: hyoka results template 1 --out results-2026.xlsx
    """
    from hyoka.report.results_template import TEMPLATE_SUFFIXES, template_rows, write_template

    destination = checked_output(out, suffixes=TEMPLATE_SUFFIXES, what="results template")
    with opened_store() as store:
        try:
            rows = template_rows(store, doc_id)
        except KeyError:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
    with writing(destination):
        write_template(rows, destination, "xlsx" if destination.suffix.lower() == ".xlsx" else "csv")
    console.print(f"{out}: {len(rows)} 行（目標 × 年度）")


@results_app.command("import")
def results_import(
    file: Annotated[Path, typer.Argument(help="A filled-in template (xlsx or csv).")],
    by: Annotated[str, typer.Option("--by", help="Who enters the figures (kept with each).")],
) -> None:
    """Import results; every row is checked and any error refuses the whole file.

    Example: hyoka results import results-2026.xlsx --by 企画課
    """
    from hyoka.evaluate.results_file import read_results_file
    from hyoka.sources import SourceError
    from hyoka.store.actors import ActorRequired
    from hyoka.store.results import ResultImportError, import_results

    try:
        rows = read_results_file(file)
    except SourceError as exc:
        fail(str(exc))
    with database() as db:
        try:
            with db.begin() as session:
                written = import_results(session, rows, entered_by=by, source=str(file))
        except ResultImportError as exc:
            for error in exc.errors:
                errors.print(f"[red]{escape(str(file))}:{error.row}[/red] {escape(error.message)}")
            fail(str(exc))
        except ActorRequired as exc:
            fail(str(exc))
    corrections = sum(1 for r in written if r.supersedes_id)
    console.print(f"{file}: {len(written)} 件を登録（うち訂正 {corrections} 件）")


@policy_app.command("show")
def policy_show(
    agency: Annotated[str | None, typer.Option(help="Show the policy this agency is evaluated by.")] = None,
) -> None:
    """Print a rating policy as TOML: thresholds, grade points, weights, the difficulty rule.

    Example: hyoka policy show --agency 国立研究開発法人理化学研究所
    """
    from hyoka.evaluate.policy import policy_to_toml

    sys.stdout.write(policy_to_toml(policy_for(agency, None)))


@evaluate_app.command("propose")
def evaluate_propose(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    year: Annotated[int, typer.Option(help="Fiscal year (2026 = 令和8年度).")],
    stage: Stage = "annual",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Propose item ratings by the policy, with the trace of how each was reached, step by step.

    Example: hyoka evaluate propose 1 --year 2026 --stage annual
    """
    from rich.table import Table

    from hyoka.evaluate.service import propose_units

    with opened_store() as store, store.session() as session:
        policy = _document_policy(session, doc_id)
        try:
            proposals = propose_units(session, doc_id, year, policy, stage=stage)
        except ValueError as exc:
            fail(f"--stage {stage} --year {year}: {exc}")
    if as_json:
        data = [
            {
                "unit": p.unit.key,
                "title": p.unit.title,
                "stage": stage,
                "grade": p.proposal.grade,
                "advisory": p.proposal.advisory,
                "basis_ratio": p.proposal.basis_ratio,
                "uplift_allowed": p.proposal.uplift_allowed,
                "uplifted_grade": p.proposal.uplifted_grade,
                "target_grades": [list(pair) for pair in p.proposal.target_grades],
                "steps": [{"name": s.name, "title": s.title, "lines": list(s.lines)} for s in p.proposal.steps],
                "trace": list(p.proposal.trace),
            }
            for p in proposals
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from hyoka.report.labels import STAGE_NAMES, year_label

    table = Table(title=f"評定案（{year_label(year)}、{STAGE_NAMES.get(stage, stage)}）")
    for name in ("評価単位", "評定案", "根拠"):
        table.add_column(name, overflow="fold")
    for p in proposals:
        grade = (p.proposal.grade or "—") + ("（参考）" if p.proposal.advisory else "")
        table.add_row(p.unit.key, grade, "\n".join(p.proposal.trace))
    console.print(table)


@evaluate_app.command("record")
def evaluate_record(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    unit: Annotated[
        str, typer.Option(help="Evaluation unit as proposals show it, or its title without the label, or 総合.")
    ],
    year: Annotated[int, typer.Option(help="Fiscal year.")],
    evaluator: Evaluator,
    rating: Annotated[str, typer.Option(help="S, A, B, C or D.")],
    reason: Annotated[str, typer.Option(help="評定の根拠.")],
    author: Annotated[str, typer.Option(help="Who records it.")],
    stage: Stage = "annual",
    improvement: Annotated[str | None, typer.Option(help="改善方策 (required for C and D).")] = None,
    departure_reason: Annotated[str | None, typer.Option(help="Why the rating differs from the proposal.")] = None,
    qualitative_s: Annotated[bool, typer.Option(help="A qualitative judgement that allows S.")] = False,
    uplift_reason: Annotated[
        str | None, typer.Option(help="Why a 困難度「高」 item is raised one grade (the uplift, not a departure).")
    ] = None,
) -> None:
    """Record a self or ministry evaluation of a unit, or the overall rating (--unit 総合).

    Example: hyoka evaluate record 1 --unit 研究開発の推進 --year 2026 --evaluator self --rating B
    --reason "目標を達成" --author 企画課
    """
    from hyoka.evaluate.service import RatingChoice, record_rating
    from hyoka.store.actors import ActorRequired

    choice = RatingChoice(rating, reason, author, improvement, departure_reason, qualitative_s, uplift_reason)
    with database() as db, db.begin() as session:
        policy = _document_policy(session, doc_id)
        try:
            row = record_rating(
                session, doc_id, unit, year=year, stage=stage, evaluator=evaluator, choice=choice, policy=policy
            )
        except (ValueError, ActorRequired) as exc:
            fail(str(exc))
        console.print(f"評定を記録しました（id {row.id}）: {row.unit_key} {year}年度 {stage} {evaluator} {rating}")


@evaluate_app.command("publish")
def evaluate_publish(
    evaluation_id: Annotated[int, typer.Argument(metavar="EVALUATION_ID")],
    by: Annotated[str, typer.Option("--by", help="Who publishes it.")],
) -> None:
    """Publish an evaluation: from then on it is final and can only be superseded.

    The ministry's overall rating is published only when every unit has a ministry rating, and
    publishing it locks the item ratings it was computed from.

    Example: hyoka evaluate publish 12 --by 経済産業大臣
    """
    from hyoka.evaluate.service import publish_rating
    from hyoka.store.actors import ActorRequired
    from hyoka.store.recorded import evaluation

    with database() as db, db.begin() as session:
        row = evaluation(session, evaluation_id)
        if row is None:
            fail(f"no evaluation with id {evaluation_id}")
        policy = _document_policy(session, row.document_id)
        try:
            publish_rating(session, evaluation_id, by, policy=policy)
        except (ValueError, ActorRequired) as exc:
            fail(str(exc))
    console.print(f"評定 {evaluation_id} を公表しました")


@evaluate_app.command("supersede")
def evaluate_supersede(
    evaluation_id: Annotated[int, typer.Argument(metavar="EVALUATION_ID")],
    *,
    rating: Annotated[str, typer.Option()],
    reason: Annotated[str, typer.Option(help="評定の根拠 of the new evaluation.")],
    why: Annotated[str, typer.Option("--why", help="Why the published evaluation is superseded.")],
    author: Annotated[str, typer.Option()],
    improvement: Annotated[str | None, typer.Option()] = None,
    departure_reason: Annotated[str | None, typer.Option(help="Why the rating differs from the proposal.")] = None,
    qualitative_s: Annotated[bool, typer.Option(help="A qualitative judgement that allows S.")] = False,
    uplift_reason: Annotated[str | None, typer.Option(help="Why a 困難度「高」 item is raised one grade.")] = None,
) -> None:
    """Replace the published evaluation in force by a new one; the old one is kept, in the history.

    The new one obeys every rule a record obeys (a rating that differs from the proposal needs
    --departure-reason; --why is the reason for the supersede).

    Example: hyoka evaluate supersede 12 --rating C --reason "…" --improvement "…" --departure-reason "…"
    --why "誤りの訂正" --author 評価担当
    """
    from hyoka.evaluate.service import RatingChoice, supersede_rating
    from hyoka.store.actors import ActorRequired
    from hyoka.store.recorded import evaluation

    choice = RatingChoice(rating, reason, author, improvement, departure_reason, qualitative_s, uplift_reason)
    with database() as db, db.begin() as session:
        old = evaluation(session, evaluation_id)
        if old is None:
            fail(f"no evaluation with id {evaluation_id}")
        policy = _document_policy(session, old.document_id)
        try:
            row = supersede_rating(session, evaluation_id, choice=choice, why=why, policy=policy)
        except (ValueError, ActorRequired) as exc:
            fail(str(exc))
    console.print(f"評定 {evaluation_id} を id {row.id} で置き換えました")


finding_app = typer.Typer(
    help="Management-failure findings (マネジメントの不備): an item rated low for a failure of the agency's "
    "management as a whole (R&D agencies: caps the overall rating).\n\n"
    "Example: hyoka evaluate finding record 1 --unit 研究開発の推進 --year 2026 --evaluator ministry "
    "--reason … --by 評価担当"
)
evaluate_app.add_typer(finding_app, name="finding")


@finding_app.command("record")
def finding_record(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    unit: Annotated[str, typer.Option(help="Evaluation unit (its key or its title).")],
    year: Annotated[int, typer.Option(help="Fiscal year.")],
    evaluator: Evaluator,
    reason: Annotated[str, typer.Option(help="What failed in the agency's management.")],
    by: Annotated[str, typer.Option("--by", help="Who records the finding.")],
    stage: Stage = "annual",
) -> None:
    """Record that a unit failed for the agency's management (who, why).

    Example: hyoka evaluate finding record 1 --unit 研究開発の推進 --year 2026 --evaluator ministry
    --reason "内部統制の不備" --by 評価担当
    """
    from hyoka.evaluate.service import propose_units, resolve_unit
    from hyoka.store.actors import ActorRequired
    from hyoka.store.findings import record_finding

    with database() as db, db.begin() as session:
        policy = _document_policy(session, doc_id)
        try:
            found = resolve_unit(propose_units(session, doc_id, year, policy, stage=stage), unit)
            if found is None:
                fail("a management-failure finding is on an evaluation unit, not on 総合")
            row = record_finding(
                session,
                doc_id,
                found.unit.key,
                fiscal_year=year,
                stage=stage,
                evaluator=evaluator,
                reason=reason,
                by=by,
            )
        except (ValueError, ActorRequired) as exc:
            fail(str(exc))
    console.print(
        f"マネジメントの不備の認定を記録しました（id {row.id}）: {row.unit_key} {year}年度 {stage} {evaluator}"
    )


@finding_app.command("withdraw")
def finding_withdraw(
    finding_id: Annotated[int, typer.Argument(metavar="FINDING_ID")],
    *,
    reason: Annotated[str, typer.Option(help="Why the finding is withdrawn.")],
    by: Annotated[str, typer.Option("--by", help="Who withdraws it.")],
) -> None:
    """Withdraw a finding (it is kept, marked withdrawn by whom, when and why).

    Example: hyoka evaluate finding withdraw 3 --reason "事実誤認" --by 評価担当
    """
    from hyoka.store.actors import ActorRequired
    from hyoka.store.findings import withdraw_finding

    with database() as db, db.begin() as session:
        try:
            withdraw_finding(session, finding_id, by=by, reason=reason)
        except (ValueError, ActorRequired) as exc:
            fail(str(exc))
    console.print(f"認定 {finding_id} を取り下げました")


@finding_app.command("list")
def finding_list(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    year: Annotated[int, typer.Option(help="Fiscal year.")],
    stage: Stage = "annual",
) -> None:
    """List the findings of a document for a year and stage, withdrawn ones included.

    Example: hyoka evaluate finding list 1 --year 2026
    """
    from hyoka.store.findings import findings

    with opened_store() as store, store.session() as session:
        if store.document(doc_id) is None:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
        rows = findings(session, doc_id, year, stage)
    if not rows:
        console.print(f"文書 {doc_id} の {year} 年度（{stage}）に認定はありません")
    for f in rows:
        state = "有効" if f.in_force else f"取下げ（{f.withdrawn_by}: {f.withdraw_reason}）"
        console.print(f"{f.id}\t{f.unit_key}\t{f.evaluator}\t{f.recorded_by}\t{f.reason}\t{state}")


@evaluate_app.command("report")
def evaluate_report(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    year: Annotated[int, typer.Option(help="Fiscal year evaluated.")],
    fmt: Annotated[ReportFormatOption, typer.Option("--format", help="xlsx, md or html.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    stage: Stage = "annual",
) -> None:
    """Write the evaluation report: one sheet or section per unit (項目別評定調書) and the overall rating.

    Example: hyoka evaluate report 1 --year 2026 --format xlsx --out hyoka-2026.xlsx
    """
    from hyoka.report.evaluation import build_report, write_report

    out = checked_output(out, suffixes=REPORT_SUFFIXES[fmt.value], what=f"{fmt.value} report")
    with opened_store() as store, store.session() as session:
        policy = _document_policy(session, doc_id)
        try:
            report = build_report(session, doc_id, year, stage=stage, policy=policy)
        except (KeyError, ValueError) as exc:
            fail(f"cannot build the report: {exc}")
    with writing(out):
        write_report(report, fmt.value, out)
    console.print(f"{out}: {len(report.units)} 評価単位と総合評定")
